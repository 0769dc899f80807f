"""Run by bench/startup.py in a fresh process: the bare-window floor, or the app's real start, reporting
wall-clock moments on stdout (``dialog T``, ``ready T``, ``rss MiB``) for the parent to compare with the moment
it started this process. Not a module anyone imports."""

from __future__ import annotations

import sys
import time


def bare() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    window = QLabel("ready")
    window.resize(1366, 768)
    window.show()

    def ready() -> None:
        print(f"ready {time.time()}", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)  # after the first paint's events
    return app.exec()


def app(data_dir: str, database: str, user: str, password: str) -> int:
    from assessor_app.main import main
    from assessor_app.ui import app as ui_app

    made = ui_app.application

    def application():  # type: ignore[no-untyped-def]
        qt_app = made()
        _watch(qt_app, user, password)
        return qt_app

    ui_app.application = application
    return main(["--data-dir", data_dir, "--db", database, "--lang", "en"])


def _watch(qt_app, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    from assessor_app.ui import tasks
    from assessor_app.ui.main_window import MainWindow
    from assessor_app.ui.sign_in import SignInDialog

    state = {"dialog": False}

    def poll() -> None:
        for widget in qt_app.topLevelWidgets():
            if isinstance(widget, SignInDialog) and widget.isVisible() and not state["dialog"]:
                state["dialog"] = True
                print(f"dialog {time.time()}", flush=True)
                widget.username_edit.setText(user)
                widget.password_edit.setText(password)
                print(f"submitted {time.time()}", flush=True)
                widget.submit()
            if isinstance(widget, MainWindow) and widget.pages and widget.isVisible():
                page = widget.current_page()
                if page is not None and page.isVisible() and tasks.unfinished() == 0:
                    timer.stop()
                    QTimer.singleShot(0, lambda window=widget: finish(window))
                    return

    def finish(window: MainWindow) -> None:
        print(f"ready {time.time()}", flush=True)
        from bench.rss import peak_rss_mib  # imported once the start is measured: it is not part of it

        print(f"rss {peak_rss_mib()}", flush=True)
        window.close()

    timer = QTimer(qt_app)
    timer.setInterval(2)
    timer.timeout.connect(poll)
    timer.start()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        raise SystemExit(bare())
    raise SystemExit(app(*sys.argv[2:6]))

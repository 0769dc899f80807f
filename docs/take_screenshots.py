"""Screenshots of the main window for docs/screenshots/, over a temporary demo database.

Run under a virtual X server (``make screenshots``)::

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/take_screenshots.py

Without a display it falls back to Qt's offscreen platform, which draws the same widgets.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402

from assessor_app.core.db.database import open_database  # noqa: E402
from assessor_app.core.paths import DataDir  # noqa: E402
from assessor_app.core.services.demo.promotion_day import generate_demo  # noqa: E402
from assessor_app.ui.app import application, create_main_window  # noqa: E402
from assessor_app.ui.context import UiContext  # noqa: E402
from assessor_app.ui.main_window import MainWindow  # noqa: E402

OUTPUT = ROOT / "docs" / "screenshots"
WINDOW_SIZE = (1280, 800)
LANGUAGES = {"zh_HK": "zh", "en": "en"}
# The catalogue shot selects this qualification so the details panel shows its notes.
CATALOGUE_EXAMPLE = "Infection control"


def settle(milliseconds: int = 300) -> None:
    """Let the window paint (and the window manager map it) before grabbing."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def save(window: MainWindow, name: str) -> Path:
    target = OUTPUT / name
    if not window.grab().save(str(target)):
        raise SystemExit(f"could not write {target}")
    print(target.relative_to(ROOT))
    return target


def shoot(window: MainWindow, suffix: str) -> None:
    window.show_page("catalogue")
    catalogue = window.pages["catalogue"]
    for position, row in enumerate(catalogue.model.rows):  # type: ignore[attr-defined]
        if row.title_en == CATALOGUE_EXAMPLE:
            catalogue.table.selectRow(position)  # type: ignore[attr-defined]
            break
    settle()
    save(window, f"shell-catalogue-{suffix}.png")
    window.show_page("cases")
    settle()
    save(window, f"shell-cases-{suffix}.png")


def main() -> int:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    app = application()
    with tempfile.TemporaryDirectory(prefix="assessor-screenshots-") as folder:
        data_dir = DataDir(Path(folder))
        data_dir.ensure()
        database = open_database(data_dir.demo_database, backups_dir=data_dir.backups)
        try:
            generate_demo(database, applications=60, seed=2023)
            for language, suffix in LANGUAGES.items():
                context = UiContext(database=database, data_dir=data_dir, language=language, demo=True)
                window = create_main_window(context)
                window.resize(*WINDOW_SIZE)
                window.move(40, 40)
                window.show()
                settle(600)
                shoot(window, suffix)
                window.close()
                window.deleteLater()
                settle(50)
        finally:
            database.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

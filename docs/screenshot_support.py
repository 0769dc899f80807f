"""What every docs/take_*_screenshots.py script shares: the 1366x768 window, settling, grabbing, saving.

Import it first (``import screenshot_support as shots``): it puts the checkout on ``sys.path`` and, without
a display, falls back to Qt's offscreen platform. ``make screenshots`` runs each script under
``xvfb-run -s "-screen 0 1366x768x24"``, the small laptop screen every page must fit (issue 15).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QSettings, QSize, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from assessor_app.core.paths import DataDir  # noqa: E402
from assessor_app.core.services.review.workflow import list_users  # noqa: E402
from assessor_app.ui import tasks  # noqa: E402
from assessor_app.ui.app import create_main_window  # noqa: E402
from assessor_app.ui.context import UiContext  # noqa: E402
from assessor_app.ui.main_window import MainWindow  # noqa: E402

OUTPUT = ROOT / "docs" / "screenshots"
LANGUAGES = {"zh_HK": "zh", "en": "en"}  # the language, and the suffix of its pictures
SCREEN = QSize(1366, 768)
# A maximised window on that screen keeps less: a taskbar (40 px) and the title bar (30 px) take their
# share, as in tests/gui/test_intake_fits.py; Xvfb has neither, so the window is sized as if they were there.
FRAME_HEIGHT = 70


def settle(milliseconds: int = 300) -> None:
    """Let the window paint (and background tasks report) before grabbing."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def window_size() -> QSize:
    """A maximised window's client area on the screen (1366x698 under ``make screenshots``)."""
    screen = QGuiApplication.primaryScreen()
    available = screen.availableGeometry().size() if screen is not None else SCREEN
    width, height = min(available.width(), SCREEN.width()), min(available.height(), SCREEN.height())
    return QSize(width, height - FRAME_HEIGHT)


def isolate_settings(folder: Path | str) -> None:
    """Keep the window's remembered state (last page, splitters) in ``folder``, not the user's own."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))


def main_window(context: UiContext, *, user: str | None = None) -> MainWindow:
    """The main window over ``context``, at the laptop's size, shown, with ``user`` working."""
    window = create_main_window(context)
    window.resize(window_size())
    window.move(0, 0)
    window.show()
    if user is not None:
        work_as(window, user)
    settle(500)
    return window


def work_as(window: MainWindow, username: str) -> None:
    """Make ``username`` the one working, as "Switch user" would."""
    assert window.context is not None
    window.set_user(next(row for row in list_users(window.context.database) if row.username == username))


def close(window: QWidget) -> None:
    window.close()
    tasks.wait_for_all()
    window.deleteLater()
    settle(50)


def save(picture: QPixmap, name: str) -> Path:
    target = OUTPUT / name
    OUTPUT.mkdir(parents=True, exist_ok=True)
    if not picture.save(str(target)):
        raise SystemExit(f"could not write {target}")
    print(target.relative_to(ROOT))
    return target


def shoot(widget: QWidget, name: str, *, wait: int = 300) -> Path:
    """Grab ``widget`` (a window, a page) after ``wait`` ms into docs/screenshots/``name``."""
    settle(wait)
    return save(widget.grab(), name)


def shoot_over(window: QWidget, dialog: QWidget, name: str, *, wait: int = 400) -> Path:
    """The window, dimmed, with ``dialog`` over it where a window manager would put it.

    A dialog is a window of its own, so a grab of the main window leaves it out.
    """
    settle(wait)
    picture = window.grab()
    over = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 70))
    corner = QPoint(
        max(0, (picture.width() - over.width()) // 2), max(0, (picture.height() - over.height()) // 3)
    )
    painter.fillRect(corner.x() - 1, corner.y() - 1, over.width() + 2, over.height() + 2, QColor("#606060"))
    painter.drawPixmap(corner, over)
    painter.end()
    return save(picture, name)


@contextmanager
def data_folder(folder: Path | str) -> Iterator[DataDir]:
    """A data folder under ``folder`` with the window's settings kept there too."""
    isolate_settings(folder)
    data_dir = DataDir(Path(folder) / "data")
    data_dir.ensure()
    yield data_dir

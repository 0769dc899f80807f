"""Thin wrappers around the file picker, the image viewer and the system's viewer, which tests replace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget


def choose_files(parent: QWidget | None) -> list[Path]:
    """Files to attach (several may be chosen); empty if the user cancelled."""
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    names, _filter = QFileDialog.getOpenFileNames(
        parent,
        QCoreApplication.translate("FileAccess", "Attach scans, photos or PDFs"),
        pictures,
        QCoreApplication.translate(
            "FileAccess", "Scans, photos and PDFs (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)"
        ),
    )
    return [Path(name) for name in names]


def open_with_system_viewer(path: Path) -> bool:
    """Open a file (a PDF: Qt cannot draw one here) in the program the system uses for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_image(parent: QWidget | None, path: Path | bytes, title: str) -> None:
    """Show an image in the app's own viewer, without blocking the case view."""
    from assessor_app.ui.case.dialogs import ImageViewerDialog

    viewer = ImageViewerDialog(path, title, parent)
    viewer.show()

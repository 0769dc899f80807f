"""Thin wrappers around the file dialogs of the Batches page, which tests replace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget


def _workbook_filter() -> str:
    return QCoreApplication.translate("BatchFiles", "Excel workbooks (*.xlsx)")


def ask_export_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to write the batch workbook (always ending in .xlsx), or None if cancelled."""
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("BatchFiles", "Save the batch workbook"),
        str(suggested),
        _workbook_filter(),
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")


def _ask_open(parent: QWidget | None, title: str) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(parent, title, "", _workbook_filter())
    return Path(name) if name else None


def ask_results_file(parent: QWidget | None) -> Path | None:
    """The workbook the Secretariat returned with results, or None if cancelled."""
    return _ask_open(
        parent, QCoreApplication.translate("BatchFiles", "Open the returned workbook with results")
    )


def ask_merge_file(parent: QWidget | None) -> Path | None:
    """Another laptop's exported batch workbook, or None if cancelled."""
    return _ask_open(parent, QCoreApplication.translate("BatchFiles", "Open another laptop's batch workbook"))

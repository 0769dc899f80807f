"""Thin wrappers around the Catalogue page's file dialogs, which tests replace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget


def _catalogue_filter() -> str:
    return ";;".join(
        (
            QCoreApplication.translate("CatalogueFiles", "Catalogue files (*.csv *.xlsx)"),
            QCoreApplication.translate("CatalogueFiles", "Excel workbooks (*.xlsx)"),
            QCoreApplication.translate("CatalogueFiles", "CSV files, UTF-8 (*.csv)"),
        )
    )


def ask_import_file(parent: QWidget | None) -> Path | None:
    """The agency's catalogue file (.csv or .xlsx), or None if cancelled."""
    name, _filter = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("CatalogueFiles", "Import the agency's qualification list"),
        "",
        _catalogue_filter(),
    )
    return Path(name) if name else None


def ask_template_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to save the template; a name without .csv or .xlsx becomes an .xlsx workbook."""
    xlsx = QCoreApplication.translate("CatalogueFiles", "Excel workbooks (*.xlsx)")
    csv = QCoreApplication.translate("CatalogueFiles", "CSV files, UTF-8 (*.csv)")
    name, chosen = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("CatalogueFiles", "Save the catalogue template"),
        str(suggested),
        f"{xlsx};;{csv}",
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() in {".csv", ".xlsx"}:
        return path
    return path.with_suffix(".csv" if chosen == csv else ".xlsx")

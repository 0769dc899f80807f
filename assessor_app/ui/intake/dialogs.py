"""Small dialogs of the intake page: this laptop's station code and a new promotion day.

Both save on the task queue; problems are shown inside the dialog, next to what was typed, and the dialog
stays open.
:func:`run_dialog` is the one place a dialog is run modally, so tests can replace it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.db.database import Database
from assessor_app.core.domain.form_fields import parse_date
from assessor_app.core.services.intake.lodging import EventRow, create_event, list_agencies, set_local_station
from assessor_app.ui.dialog_parts import (
    ask,
    create_then_accept,
    lay_out_form,
    problem_label,
    run_modal,
    save_in_background,
)

# Bound here because tests replace this module's run_dialog.
run_dialog = run_modal


class StationDialog(QDialog):
    """Name this laptop once (e.g. LT01); the code is part of every reference number it issues."""

    def __init__(self, database: Database, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("station_dialog")
        self.database = database
        self.language = language
        self.code: str | None = None
        self.setWindowTitle(self.tr("Station code"))
        explanation = QLabel(
            self.tr(
                "Give this laptop a short code (2 to 8 capital letters or digits, e.g. LT01). It is part "
                "of every reference number issued here and cannot be changed later."
            )
        )
        explanation.setWordWrap(True)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("station_code_edit")
        self.code_edit.setMaxLength(8)
        self.problem = problem_label("station_problem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.code_edit)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        database, typed = self.database, self.code_edit.text()
        save_in_background(
            self,
            lambda: set_local_station(database, typed),
            saved=self._saved,
            problem=self.problem,
            language=self.language,
            busy=self.buttons.button(QDialogButtonBox.StandardButton.Ok),
        )

    def _saved(self, code: str) -> None:
        self.code = code
        self.accept()


class NewEventDialog(QDialog):
    """Create a promotion day: name, host organisation, venue, date and the agency running it."""

    def __init__(
        self,
        database: Database,
        language: str,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("new_event_dialog")
        self.database = database
        self.language = language
        self.created: EventRow | None = None
        self.setWindowTitle(self.tr("New promotion day"))
        self.resize(480, 0)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("event_name_edit")
        self.host_edit = QLineEdit()
        self.host_edit.setObjectName("event_host_edit")
        self.venue_edit = QLineEdit()
        self.venue_edit.setObjectName("event_venue_edit")
        self.date_edit = QLineEdit(today().isoformat())
        self.date_edit.setObjectName("event_date_edit")
        self.date_edit.setPlaceholderText(self.tr("YYYY-MM-DD or DD/MM/YYYY"))
        self.agency_combo = QComboBox()
        self.agency_combo.setObjectName("event_agency_combo")
        for code, name_en, name_zh in list_agencies(database):
            name = name_zh if language.startswith("zh") and name_zh else name_en
            self.agency_combo.addItem(f"{name} ({code})", code)
        self.problem = problem_label("event_problem")
        form = QFormLayout()
        form.addRow(self.tr("Name *"), self.name_edit)
        form.addRow(self.tr("Host organisation"), self.host_edit)
        form.addRow(self.tr("Venue"), self.venue_edit)
        form.addRow(self.tr("Date *"), self.date_edit)
        form.addRow(self.tr("Assessment agency *"), self.agency_combo)
        self.buttons = lay_out_form(self, form)

    def save(self) -> None:
        event_date = parse_date(self.date_edit.text())
        if event_date is None:
            self.problem.setText(
                self.tr("Not a date: type YYYY-MM-DD or DD/MM/YYYY.")
                if self.date_edit.text().strip()
                else self.tr("Type the date of the promotion day.")
            )
            self.problem.show()
            self.date_edit.setFocus()
            return
        database = self.database
        name, host, venue = self.name_edit.text(), self.host_edit.text(), self.venue_edit.text()
        agency_code = str(self.agency_combo.currentData() or "")
        create_then_accept(
            self,
            lambda: create_event(
                database,
                name=name,
                event_date=event_date,
                agency_code=agency_code,
                host_organisation=host,
                venue=venue,
            ),
        )


def ask_station_code(database: Database, language: str, parent: QWidget | None = None) -> str | None:
    """Ask once for this laptop's station code; the code set, or None if the dialog was cancelled."""
    dialog = StationDialog(database, language, parent)
    return ask(dialog, run_dialog, lambda: dialog.code)


def ask_new_event(
    database: Database, language: str, today: Callable[[], date], parent: QWidget | None = None
) -> EventRow | None:
    dialog = NewEventDialog(database, language, today, parent)
    return ask(dialog, run_dialog, lambda: dialog.created)

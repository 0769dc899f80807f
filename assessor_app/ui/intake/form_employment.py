"""How the intake form follows its employment table: the cells touched, rows added and removed, a row's
details, the previous applicant's employer."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, SignalInstance

from assessor_app.core.db.database import Database
from assessor_app.core.services.catalogue.service import list_qualifications
from assessor_app.core.services.intake.lodging import EventRow
from assessor_app.core.services.intake.previous_employer import previous_employer
from assessor_app.ui.intake.employment_model import EmploymentTableModel
from assessor_app.ui.intake.employment_row_dialog import EmploymentRowDialog
from assessor_app.ui.intake.employment_section import (
    EmploymentSection,
    EmploymentTableView,
    touched_after_removal,
)


class EmploymentWiring:
    """The employment part of :class:`~assessor_app.ui.intake.form.ApplicationFormWidget` (a mixin: the
    widget owns the section, the touched keys and the ``edited`` signal)."""

    database: Database
    edited: SignalInstance
    _loading: bool
    _touched: set[str]
    employment_box: EmploymentSection
    employment_model: EmploymentTableModel
    employment_table: EmploymentTableView

    def _render_problems(self) -> None:
        raise NotImplementedError  # ProblemDisplay's

    def _connect_employment(self) -> None:
        box = self.employment_box
        self.employment_model.rows_edited.connect(self._employment_edited)
        self.employment_model.rowsRemoved.connect(self._employment_rows_removed)
        self.employment_table.selectionModel().currentChanged.connect(self._employment_cell_left)
        box.add_row_button.clicked.connect(self.add_employment_row)
        box.details_button.clicked.connect(self.open_row_details)
        box.copy_employer_button.clicked.connect(self.copy_previous_employer)
        box.remove_row_button.clicked.connect(self.remove_employment_row)

    def _employment_edited(self) -> None:
        if self._loading:
            return
        current = self.employment_table.currentIndex()
        if current.isValid():
            column = self.employment_model.columns[current.column()].key
            self._touched.add(f"employment.{current.row()}.{column}")
        self._touched.add("employment")
        self.edited.emit("employment")

    def _employment_cell_left(self, _current: QModelIndex, previous: QModelIndex) -> None:
        if previous.isValid() and previous.row() < self.employment_model.rowCount():
            column = self.employment_model.columns[previous.column()].key
            self._touched.add(f"employment.{previous.row()}.{column}")
            self._render_problems()

    def _employment_rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        """Keep the touched cells on their rows when rows above them go."""
        self._touched = touched_after_removal(self._touched, first, last)

    def add_employment_row(self) -> None:
        self.employment_box.add_row()

    def remove_employment_row(self) -> None:
        self.employment_box.remove_current_row()

    def open_row_details(self) -> EmploymentRowDialog | None:
        dialog = self.employment_box.open_details()
        if dialog is not None:
            row = dialog.row
            # The details were looked at: their problems show from now on.
            dialog.accepted.connect(
                lambda: self._touched.update(
                    f"employment.{row}.{column.key}" for column in self.employment_model.columns
                )
            )
        return dialog

    def copy_previous_employer(self) -> bool:
        """The first row's employer and industry from the application lodged last at this event."""
        event = self.employment_event()
        found = previous_employer(self.database, event.id) if event is not None else None
        if found is None:
            return False
        self.employment_box.copy_employer(found.employer, found.industry)
        return True

    def employment_event(self) -> EventRow | None:
        raise NotImplementedError  # the form's

    def follow_event_industry(self, event: EventRow | None) -> None:
        """A new row's industry when nothing else decides it: the one industry of the event's agency."""
        industries = {
            row.industry_en
            for row in list_qualifications(self.database)
            if event is not None and row.agency_code == event.agency_code
        }
        self.employment_model.event_industry = industries.pop() if len(industries) == 1 else ""

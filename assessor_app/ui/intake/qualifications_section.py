"""The qualifications part of the intake form: the picker, the chosen list, the fee and the eligibility hint."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.db.database import Database
from assessor_app.core.domain.application_form import ApplicationForm
from assessor_app.core.domain.form_fields import LIMITS, parse_date
from assessor_app.core.errors import AppError
from assessor_app.core.services.catalogue.service import QualificationRow, list_qualifications
from assessor_app.core.services.eligibility import QualificationEligibility, check_form, form_inputs
from assessor_app.core.services.intake.lodging import EventRow, fee_for
from assessor_app.ui import i18n
from assessor_app.ui.elided import elide_lines
from assessor_app.ui.intake.eligibility_hints import EligibilityHints, HintLine
from assessor_app.ui.intake.form_style import problem_label
from assessor_app.ui.intake.qualification_picker import QualificationPicker, describe_qualification


@dataclass
class ChosenQualification:
    id: int
    row: QualificationRow | None  # None: no longer in the active catalogue (an old draft)


class QualificationsSection(QGroupBox):
    """What the applicant applies for, in the order chosen; the form words the captions and buttons.

    The few texts worded here are translated under the form's context ("ApplicationFormWidget"), where
    the .ts file keeps every string of the intake form.
    """

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qualifications_box")
        self.database = database
        self.current_event: EventRow | None = None
        self.chosen: list[ChosenQualification] = []
        # The last eligibility check: what it was computed from, and its results (None: no dated rows).
        self._eligibility_key: Hashable | None = None
        self._eligibility: list[QualificationEligibility] | None = None
        self._eligibility_error: AppError | None = None

        # One tick per chosen qualification: a carer's declaration instead of employer proof.
        self.carer_ids: list[int] = []
        self.carer_caption = QLabel()
        self.carer_caption.setObjectName("carer_caption")
        self.carer_caption.setWordWrap(True)
        self.carer_list = QListWidget()
        self.carer_list.setObjectName("field_carer_declaration")
        elide_lines(self.carer_list)
        self.carer_list.itemChanged.connect(self._carer_item_changed)
        self.picker = QualificationPicker(database)
        self.chosen_list = QListWidget()
        self.chosen_list.setObjectName("chosen_qualifications")
        elide_lines(self.chosen_list)
        self.chosen_list.setMaximumHeight(80)
        self.chosen_list.setMinimumHeight(50)  # two or three lines: most applications choose one or two
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("remove_qualification")
        self.fee_label = QLabel()
        self.fee_label.setObjectName("fee_label")
        fee_font = QFont(self.fee_label.font())
        fee_font.setBold(True)
        fee_font.setPointSizeF(fee_font.pointSizeF() * 1.15)
        self.fee_label.setFont(fee_font)
        # The fee paid at the counter and the agency's receipt number, printed on the slip.
        self.fee_paid = QCheckBox()
        self.fee_paid.setObjectName("field_fee_paid")
        self.receipt_caption = QLabel()
        self.receipt_no = QLineEdit()
        self.receipt_no.setObjectName("field_fee_receipt_no")
        self.receipt_no.setMaxLength(LIMITS["fee_receipt_no"])
        self.receipt_no.setMaximumWidth(130)
        self.receipt_no.setMinimumWidth(90)
        self.receipt_caption.setBuddy(self.receipt_no)
        self.fee_problem_label = problem_label("fee_paid")
        self.receipt_problem_label = problem_label("fee_receipt_no")
        self.eligibility_hints = EligibilityHints()
        self.eligibility_hints.hide()
        self.problem_label = problem_label("qualifications")
        self.carer_problem_label = problem_label("carer_declaration")
        self.chosen_caption = QLabel()
        chosen_column = QVBoxLayout()
        chosen_column.addWidget(self.chosen_caption)
        chosen_column.addWidget(self.chosen_list)
        # The fee's row spans the section: squeezed under the chosen list in a half-width column, the
        # receipt number had no room (the list and the picker stay no taller, so the form fits a laptop).
        fee_row = QHBoxLayout()
        fee_row.addWidget(self.remove_button)
        fee_row.addStretch(1)
        fee_row.addWidget(self.fee_label)
        fee_row.addSpacing(8)
        fee_row.addWidget(self.fee_paid)
        fee_row.addWidget(self.receipt_caption)
        fee_row.addWidget(self.receipt_no)
        chosen_column.addStretch(1)
        self.picker_caption = QLabel()
        picker_column = QVBoxLayout()
        picker_column.addWidget(self.picker_caption)
        picker_column.addWidget(self.picker)
        columns = QHBoxLayout()
        columns.addLayout(picker_column, 1)
        columns.addLayout(chosen_column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(fee_row)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.fee_problem_label)
        layout.addWidget(self.receipt_problem_label)
        layout.addWidget(self.eligibility_hints)
        layout.addWidget(self.carer_caption)
        layout.addWidget(self.carer_list)
        layout.addWidget(self.carer_problem_label)

    # --- the chosen list ----------------------------------------------------------------------

    def _carer_item_changed(self, item: QListWidgetItem) -> None:
        qualification_id = int(item.data(Qt.ItemDataRole.UserRole))
        ticked = item.checkState() == Qt.CheckState.Checked
        if ticked and qualification_id not in self.carer_ids:
            self.carer_ids.append(qualification_id)
        elif not ticked and qualification_id in self.carer_ids:
            self.carer_ids.remove(qualification_id)
        else:
            return
        self.carer_changed()

    def carer_changed(self) -> None:
        """Replaced by the form: a tick was changed by the user."""

    def carer_qualification_ids(self) -> list[int]:
        chosen = [chosen.id for chosen in self.chosen]
        return [qid for qid in chosen if qid in self.carer_ids]

    def refresh_carer_list(self, chinese: bool) -> None:
        """One line per chosen qualification; only those open to carers can be ticked (an old draft's
        tick for another stays, so that it can be taken off)."""
        self.carer_list.blockSignals(True)
        try:
            current = self.carer_list.currentRow()
            self.carer_list.clear()
            for chosen in self.chosen:
                row = chosen.row
                text = describe_qualification(row, chinese) if row is not None else f"#{chosen.id}"
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, chosen.id)
                ticked = chosen.id in self.carer_ids
                if _tickable(chosen, self.carer_ids):
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                    explained = QCoreApplication.translate(
                        "ApplicationFormWidget",
                        "Space ticks: the applicant gives a carer's declaration instead of employer proof "
                        "for this qualification.",
                    )
                else:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                    item.setForeground(Qt.GlobalColor.gray)
                    explained = QCoreApplication.translate(
                        "ApplicationFormWidget",
                        "Not open to carers: only the eight elderly-care qualifications open to carers "
                        "accept a carer's declaration.",
                    )
                item.setToolTip(f"{text}\n{explained}")  # the line may end with "…"
                self.carer_list.addItem(item)
            self.carer_list.setCurrentRow(min(max(current, 0), self.carer_list.count() - 1))
            # As tall as its lines (up to three): one qualification's tick takes one line of the form.
            lines = min(max(self.carer_list.count(), 1), 3)
            frame = 2 * self.carer_list.frameWidth()
            line = max(self.carer_list.sizeHintForRow(0), self.carer_list.fontMetrics().height() + 4)
            self.carer_list.setFixedHeight(frame + lines * line + 2)
            # Only where a chosen qualification takes a carer's declaration: else it is no line of the
            # form and no stop for Tab.
            wanted = any(_tickable(chosen, self.carer_ids) for chosen in self.chosen)
            self.carer_caption.setVisible(wanted)
            self.carer_list.setVisible(wanted)
        finally:
            self.carer_list.blockSignals(False)

    def add(self, row: QualificationRow) -> bool:
        """Append ``row`` unless it is already chosen; whether the list changed."""
        if any(chosen.id == row.id for chosen in self.chosen):
            return False
        self.chosen.append(ChosenQualification(row.id, row))
        return True

    def remove(self, position: int) -> bool:
        """Drop the qualification at ``position`` of the list; whether there was one."""
        if 0 <= position < len(self.chosen):
            removed = self.chosen.pop(position)
            if removed.id in self.carer_ids:
                self.carer_ids.remove(removed.id)
            return True
        return False

    def set_ids(self, ids: Sequence[int]) -> None:
        """Choose ``ids`` again (a restored draft); one no longer in the catalogue is kept by its id."""
        catalogue = {row.id: row for row in list_qualifications(self.database)}
        self.chosen = [ChosenQualification(qid, catalogue.get(qid)) for qid in ids]

    def rows(self) -> list[QualificationRow]:
        return [chosen.row for chosen in self.chosen if chosen.row is not None]

    def refresh_texts(self, language: str) -> None:
        chinese = language == i18n.CHINESE
        self.chosen_list.clear()
        for chosen in self.chosen:
            if chosen.row is None:
                text = QCoreApplication.translate(
                    "ApplicationFormWidget", "Qualification #{id} (no longer in the catalogue)"
                ).format(id=chosen.id)
            else:
                text = describe_qualification(chosen.row, chinese)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, chosen.id)
            item.setToolTip(text)  # the line may end with "…"
            self.chosen_list.addItem(item)
        self.refresh_carer_list(chinese)
        self.render_eligibility(language)

    # --- the fee --------------------------------------------------------------------------------

    def set_event(self, event: EventRow | None) -> None:
        self.current_event = event
        self.picker.set_agency(event.agency_code if event else None)
        self.update_fee()

    def update_fee(self) -> None:
        count = len(self.chosen)
        if self.current_event is None:
            self.fee_label.setText(
                QCoreApplication.translate("ApplicationFormWidget", "Fee: choose the event first")
            )
            return
        fee = fee_for(self.database, self.current_event.id, count)
        if fee is None:
            self.fee_label.setText(
                QCoreApplication.translate("ApplicationFormWidget", "Fee: not in the agency's fee table")
            )
        else:
            self.fee_label.setText(
                QCoreApplication.translate("ApplicationFormWidget", "Fee: HK${fee:,}").format(fee=fee)
            )

    # --- eligibility ----------------------------------------------------------------------------

    def refresh_eligibility(self, form: ApplicationForm, today: date, language: str) -> None:
        """Check the chosen qualifications against the form's dated employment rows, if anything changed.

        The core's one eligibility function over the same inputs lodging stores; a few small reads,
        skipped when the inputs are what they were at the last check. The key maps every industry typed
        to itself, not through the catalogue: a finer key than the check's own, so that equal keys still
        mean equal verdicts, and building it reads nothing.
        """
        ids = [chosen.id for chosen in self.chosen if chosen.row is not None]
        form = replace(form, event_id=None, qualification_ids=ids)
        dated = bool(ids) and any(parse_date(entry.start) for entry in form.employment)
        typed_industries = {entry.industry.strip().casefold() for entry in form.employment}
        inputs = form_inputs(form, {name: name for name in typed_industries}, today=today)
        key = (dated, inputs)
        if key == self._eligibility_key:
            return
        self._eligibility_key = key
        self._eligibility_error = None
        self._eligibility = None
        if dated:
            try:
                self._eligibility = check_form(self.database, form, today=today)
            except AppError as error:
                self._eligibility_error = error
        self.render_eligibility(language)

    def render_eligibility(self, language: str) -> None:
        hints = self.eligibility_hints
        if not self.chosen:
            hints.show_lines([])
            return
        results = {checked.qualification_id: checked for checked in self._eligibility or []}
        lines: list[HintLine] = []
        if self._eligibility_error is not None:
            lines.append(HintLine(None, self._eligibility_error.message(language), ""))
        elif self._eligibility is None:
            lines.append(hints.need_dates_line())
        for chosen in self.chosen:
            if chosen.row is None:
                lines.append(hints.not_in_catalogue_line(chosen.id))
            elif chosen.id in results:
                lines.append(hints.result_line(results[chosen.id], language))
        hints.show_lines(lines)


def _tickable(chosen: ChosenQualification, carer_ids: Sequence[int]) -> bool:
    """Open to carers, or ticked already (an old draft's tick stays, so that it can be taken off)."""
    return (chosen.row is not None and chosen.row.open_to_carers) or chosen.id in carer_ids

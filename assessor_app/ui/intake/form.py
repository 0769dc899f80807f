"""The application form, keyboard-first: every field as typed, problems shown under the field.

The widget only holds and shows what was typed; the page runs the core's ``validate_form`` after each
edit and hands the problems back through :meth:`ApplicationFormWidget.show_problems`. A field's
problems appear once the field has been left (or, for the HKID, once a whole number has been typed)
and for every field after a lodging attempt. What was typed is never changed, except that a valid HKID
is written out as ``A123456(3)`` when the field is left. The sections (particulars, employment,
qualifications) build their widgets; this widget wires them, words them and shows the problems.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.db.database import Database
from assessor_app.core.domain import hkid
from assessor_app.core.domain.application_form import ApplicationForm, FormAttachment
from assessor_app.core.domain.enums import Language
from assessor_app.core.domain.form_fields import FieldProblem
from assessor_app.core.services.catalogue.service import QualificationRow, list_industries
from assessor_app.core.services.intake.lodging import EventRow
from assessor_app.ui.intake import choices
from assessor_app.ui.intake.attachments_box import IntakeAttachmentsBox
from assessor_app.ui.intake.employment_section import EmploymentSection
from assessor_app.ui.intake.form_employment import EmploymentWiring
from assessor_app.ui.intake.form_problems import ProblemDisplay
from assessor_app.ui.intake.form_style import FORM_STYLE, problem_label
from assessor_app.ui.intake.form_style import repolish as repolish
from assessor_app.ui.intake.particulars_section import LINE_FIELDS, ParticularsSection
from assessor_app.ui.intake.pics_box import PicsBox
from assessor_app.ui.intake.qualifications_section import QualificationsSection

HKID_COMPLETE_LENGTH = 8  # letters + digits + check character: check it while typing from here on


class ApplicationFormWidget(ProblemDisplay, EmploymentWiring, QWidget):
    """Particulars, HKID check, employment, qualifications, fee, PICS: what the applicant tells us."""

    edited = Signal(str)  # the key of the field the user changed

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("application_form")
        self.setStyleSheet(FORM_STYLE)
        self.database = database
        self.language = "en"
        self.show_all = False
        self._loading = False
        self._touched: set[str] = set()
        self._problems: list[FieldProblem] = []

        # When the form reached the agency, or its postmark: every rule counts from it.
        self.received_on = QLineEdit()
        self.received_on.setObjectName("field_received_on")
        self.received_on.setMaximumWidth(160)
        self.received_on_caption = QLabel()
        self.received_on_caption.setObjectName("caption_received_on")
        self.received_on_caption.setBuddy(self.received_on)
        received_problem = problem_label("received_on")
        received_row = QHBoxLayout()
        received_row.setContentsMargins(0, 0, 0, 0)
        received_row.addWidget(self.received_on_caption)
        received_row.addWidget(self.received_on)
        received_row.addWidget(received_problem)
        received_row.addStretch(1)

        self.particulars_box = ParticularsSection()
        self.line_edits = self.particulars_box.line_edits
        self.all_line_edits: dict[str, QLineEdit] = {**self.line_edits, "received_on": self.received_on}
        self.address = self.particulars_box.address
        self.combos = self.particulars_box.combos
        self.captions = self.particulars_box.captions
        self.hkid_ok = self.particulars_box.hkid_ok
        self.duplicates = self.particulars_box.duplicates
        self.known_applicant = self.particulars_box.known

        self.employment_box = EmploymentSection()
        self.employment_model = self.employment_box.model
        self.employment_table = self.employment_box.table
        self.add_row_button = self.employment_box.add_row_button
        self.remove_row_button = self.employment_box.remove_row_button
        self.employment_hint = self.employment_box.hint

        self.qualifications_box = QualificationsSection(database)
        self.picker = self.qualifications_box.picker
        self.chosen_list = self.qualifications_box.chosen_list
        self.remove_qualification_button = self.qualifications_box.remove_button
        self.fee_label = self.qualifications_box.fee_label
        self.eligibility_hints = self.qualifications_box.eligibility_hints
        self.chosen_caption = self.qualifications_box.chosen_caption
        self.carer_list = self.qualifications_box.carer_list
        self.qualifications_box.carer_changed = self._carer_changed  # type: ignore[method-assign]
        self.picker_caption = self.qualifications_box.picker_caption
        self.receipt_no = self.qualifications_box.receipt_no
        self.all_line_edits["fee_receipt_no"] = self.receipt_no

        # Scans, photos and PDFs attached before lodging (stored by the page, listed here and in the draft).
        self.attachments_box = IntakeAttachmentsBox()

        # Personal Information Collection Statement: one line here, the whole text a button away.
        self.pics_box = PicsBox()
        pics_check = self.pics_box.check
        pics_problem = self.pics_box.problem_label

        self.checks: dict[str, QCheckBox] = {
            **self.particulars_box.checks,
            "fee_paid": self.qualifications_box.fee_paid,
            "pics_acknowledged": pics_check,
        }
        self.inputs: dict[str, QWidget] = {
            "received_on": self.received_on,
            **self.particulars_box.inputs,
            "carer_declaration": self.carer_list,
            "pics_acknowledged": pics_check,
            "employment": self.employment_table,
            "qualifications": self.picker.search,
            "fee_paid": self.qualifications_box.fee_paid,
            "fee_receipt_no": self.receipt_no,
        }
        self.problem_labels: dict[str, QLabel] = {
            "received_on": received_problem,
            **self.particulars_box.problem_labels,
            "employment": self.employment_box.problem_label,
            "qualifications": self.qualifications_box.problem_label,
            "carer_declaration": self.qualifications_box.carer_problem_label,
            "fee_paid": self.qualifications_box.fee_problem_label,
            "fee_receipt_no": self.qualifications_box.receipt_problem_label,
            "pics_acknowledged": pics_problem,
        }

        self.required_legend = QLabel()
        self.required_legend.setObjectName("required_legend")
        # Two columns, so a standard application fits a laptop screen without scrolling: who the
        # applicant is on the left, what they apply with on the right. The Tab order is set by the page
        # from tab_chain(), not by where a section sits.
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        received_row.addWidget(self.required_legend)  # on the date's row: a line of its own is a line short
        left.addLayout(received_row)
        left.addWidget(self.particulars_box)
        left.addWidget(self.attachments_box)
        left.addWidget(self.pics_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.employment_box)
        right.addWidget(self.qualifications_box)
        right.addStretch(1)
        # Side by side where there is room, else one above the other (ui/intake/form_columns.py).
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.columns.setContentsMargins(0, 0, 0, 0)
        # The left column no wider than it must be: the employment table's columns need the rest.
        self.columns.addLayout(left, 1)
        self.columns.addLayout(right, 2)

        self._connect()
        self._fill_choices()
        self.retranslate()
        self.picker.reload()
        self._update_fee()

    # --- building ---------------------------------------------------------------------------------

    def _connect(self) -> None:
        for key, edit in self.all_line_edits.items():
            edit.textEdited.connect(lambda _text, key=key: self._user_edited(key))
            edit.installEventFilter(self)
        self.address.textChanged.connect(lambda: self._user_edited("address"))
        self.address.installEventFilter(self)
        for key, combo in self.combos.items():
            combo.currentIndexChanged.connect(lambda _index, key=key: self._combo_changed(key))
            combo.installEventFilter(self)
        for key, check in self.checks.items():
            check.toggled.connect(lambda _checked, key=key: self._check_toggled(key))
            check.installEventFilter(self)
        self._connect_employment()
        self.picker.chosen.connect(self.add_qualification)
        # Enter on an empty search: on to the statement's tick, the last thing every application needs
        # (the fee and the carer's declarations are a Tab away).
        self.picker.done.connect(lambda: self.checks["pics_acknowledged"].setFocus())
        self.remove_qualification_button.clicked.connect(self.remove_selected_qualification)
        self.chosen_list.installEventFilter(self)

    def tab_chain(self) -> list[QWidget]:
        """The fields in the order Tab and Enter visit them."""
        return [
            self.received_on,
            self.line_edits["name_zh"],
            self.line_edits["surname_en"],
            self.line_edits["given_names_en"],
            self.line_edits["alias"],
            self.line_edits["hkid"],
            self.combos["residence_status"],
            self.checks["hkid_original_seen"],
            self.checks["hkid_copy_kept"],
            self.duplicates.open_button,  # where the banner is: just under the HKID (skipped while hidden)
            self.line_edits["date_of_birth"],
            self.line_edits["phone"],
            self.line_edits["email"],
            self.address,
            self.combos["preferred_language"],
            self.known_applicant.keep_button,
            self.known_applicant.use_button,
            self.employment_table,
            self.add_row_button,
            self.employment_box.details_button,
            self.employment_box.copy_employer_button,
            self.remove_row_button,
            self.picker.search,
            self.chosen_list,
            self.remove_qualification_button,
            self.checks["fee_paid"],
            self.receipt_no,
            self.carer_list,
            self.attachments_box.attach_button,
            self.attachments_box.file_list,
            self.attachments_box.remove_button,
            self.checks["pics_acknowledged"],
            self.pics_box.read_button,
        ]

    @property
    def first_field(self) -> QWidget:
        return self.line_edits["name_zh"]

    def _fill_choices(self) -> None:
        self._loading = True
        try:
            for key, options in (
                ("residence_status", choices.residence_choices()),
                ("preferred_language", choices.language_choices()),
            ):
                combo = self.combos[key]
                current = combo.currentData()
                combo.clear()
                for value, label in options:
                    combo.addItem(label, value)
                position = combo.findData(current if current is not None else options[0][0])
                combo.setCurrentIndex(max(position, 0))
            chinese = self.language.startswith("zh")
            self.employment_model.set_industries(
                [
                    (row.name_en, row.name_zh if chinese and row.name_zh else row.name_en)
                    for row in list_industries(self.database)
                ]
            )
        finally:
            self._loading = False

    def retranslate(self) -> None:
        captions = {
            "name_zh": self.tr("Chinese name"),
            "surname_en": self.tr("English surname *"),
            "given_names_en": self.tr("English given names *"),
            "alias": self.tr("Alias"),
            "hkid": self.tr("HKID No. *"),
            "residence_status": self.tr("Symbol under the date of birth *"),
            "date_of_birth": self.tr("Date of birth *"),
            "phone": self.tr("Phone *"),
            "email": self.tr("Email"),
            "address": self.tr("Correspondence address *"),
            "preferred_language": self.tr("Preferred language"),
        }
        for key, text in captions.items():
            self.captions[key].setText(text)
        self.line_edits["name_zh"].setPlaceholderText(self.tr("as on the HKID card"))
        self.line_edits["surname_en"].setPlaceholderText(self.tr("e.g. CHAN"))
        self.line_edits["given_names_en"].setPlaceholderText(self.tr("e.g. Tai Man"))
        self.line_edits["hkid"].setPlaceholderText(self.tr("e.g. A123456(3)"))
        self.line_edits["date_of_birth"].setPlaceholderText(self.tr("YYYY-MM-DD or DD/MM/YYYY"))
        self.line_edits["phone"].setPlaceholderText(self.tr("8 digits, e.g. 9123 4567"))
        self.checks["hkid_original_seen"].setText(
            self.tr("Original HKID card seen and the number checked against it *")
        )
        self.checks["hkid_copy_kept"].setText(self.tr("Copy of the HKID card kept (marked “COPY 副本”)"))
        self.received_on_caption.setText(self.tr("Received on / postmark date *"))
        self.received_on.setPlaceholderText(self.tr("YYYY-MM-DD or DD/MM/YYYY"))
        self.received_on.setToolTip(
            self.tr("The day the form reached the agency, or its postmark: the rules count from it.")
        )
        self.qualifications_box.carer_caption.setText(
            self.tr("Carer's declaration instead of employer proof (Space ticks):")
        )
        self.qualifications_box.carer_caption.setToolTip(
            self.tr(
                "Tick each qualification the declaration is given for: only the eight elderly-care "
                "qualifications open to carers accept it (shown when one is chosen)."
            )
        )
        self.checks["fee_paid"].setText(self.tr("Fee paid"))
        self.qualifications_box.receipt_caption.setText(self.tr("Receipt No."))
        self.particulars_box.setTitle(self.tr("Particulars (as on the HKID card)"))
        self.employment_box.setTitle(self.tr("Employment history"))
        self.qualifications_box.setTitle(self.tr("Qualifications applied for"))
        self.pics_box.retranslate()
        self.attachments_box.retranslate()
        self.add_row_button.setText(self.tr("Add row (Ctrl+Shift+A)"))
        self.employment_box.details_button.setText(self.tr("Details… (Ctrl+E)"))
        self.employment_box.details_button.setToolTip(
            self.tr("The row's relevance, kind, type, hours, place, duties and proof.")
        )
        self.employment_box.copy_employer_button.setText(
            self.tr("Previous applicant's employer (Ctrl+Shift+E)")
        )
        self.employment_box.copy_employer_button.setToolTip(
            self.tr(
                "Fill the first row's employer and industry from the application lodged last at this event."
            )
        )
        self.remove_row_button.setText(self.tr("Remove row"))
        self.employment_hint.setText(
            self.tr(
                "Type in a cell to edit it (industry: part of its name); Tab moves on; Space ticks Present."
            )
        )
        self.picker_caption.setText(self.tr("Find a qualification (Up/Down moves, Enter adds)"))
        self.chosen_caption.setText(self.tr("Chosen (Delete removes)"))
        self.remove_qualification_button.setText(self.tr("Remove"))
        self.required_legend.setText(self.tr("* obligatory"))
        self.employment_model.retranslate()
        self.picker.set_language(self.language)
        self.duplicates.retranslate()
        self.known_applicant.retranslate(self.language)
        self._fill_choices()
        self._refresh_chosen_texts()
        self._update_fee()
        self._update_hkid_ok()
        self._render_problems()

    def set_language(self, language: str) -> None:
        self.language = language
        self.retranslate()

    # --- events and the fee -------------------------------------------------------------------

    def set_event(self, event: EventRow | None) -> None:
        self.qualifications_box.set_event(event)
        self.follow_event_industry(event)

    def employment_event(self) -> EventRow | None:
        return self.qualifications_box.current_event

    def _update_fee(self) -> None:
        self.qualifications_box.update_fee()

    # --- reading and filling ------------------------------------------------------------------

    def collect(self, event_id: int | None) -> ApplicationForm:
        """A fresh snapshot of everything typed (safe to hand to another thread)."""
        chosen = [chosen.id for chosen in self.qualifications_box.chosen]
        return ApplicationForm(
            event_id=event_id,
            received_on=self.received_on.text(),
            name_zh=self.line_edits["name_zh"].text(),
            surname_en=self.line_edits["surname_en"].text(),
            given_names_en=self.line_edits["given_names_en"].text(),
            alias=self.line_edits["alias"].text(),
            hkid=self.line_edits["hkid"].text(),
            residence_status=str(self.combos["residence_status"].currentData() or ""),
            date_of_birth=self.line_edits["date_of_birth"].text(),
            phone=self.line_edits["phone"].text(),
            email=self.line_edits["email"].text(),
            address=self.address.toPlainText(),
            preferred_language=str(self.combos["preferred_language"].currentData() or Language.ZH_HK.value),
            hkid_original_seen=self.checks["hkid_original_seen"].isChecked(),
            hkid_copy_kept=self.checks["hkid_copy_kept"].isChecked(),
            employment=self.employment_model.entries(),
            qualification_ids=chosen,
            carer_qualification_ids=self.qualifications_box.carer_qualification_ids(),
            pics_acknowledged=self.checks["pics_acknowledged"].isChecked(),
            fee_paid=self.checks["fee_paid"].isChecked(),
            fee_receipt_no=self.receipt_no.text(),
            attachments=list(self.attachments_box.files),
        )

    def load(self, form: ApplicationForm) -> None:
        """Fill every field exactly as it was typed (a restored draft)."""
        self._loading = True
        try:
            for key, edit in self.all_line_edits.items():
                edit.setText(getattr(form, key))
                edit.setCursorPosition(len(edit.text()))
            self.address.setPlainText(form.address)
            for key, combo in self.combos.items():
                value = getattr(form, key)
                position = combo.findData(value)
                if position < 0 and value:
                    combo.addItem(value, value)  # an unknown stored value stays visible, not lost
                    position = combo.count() - 1
                combo.setCurrentIndex(max(position, 0))
            for key, check in self.checks.items():
                check.setChecked(bool(getattr(form, key)))
            self.qualifications_box.set_ids(form.qualification_ids)
            self.qualifications_box.carer_ids = list(form.carer_qualification_ids)
            self._sync_relevance_choices(adjust=False)  # a draft's rows keep their relevance as saved
            self.employment_model.set_entries(form.employment)
            self.attachments_box.set_files(form.attachments)
            self._refresh_chosen_texts()
        finally:
            self._loading = False
        self._touched = set(self._filled_keys(form))
        for row in range(len(form.employment)):
            self._touched.update(f"employment.{row}.{column.key}" for column in self.employment_model.columns)
        self._update_fee()
        self._update_hkid_ok()

    def _filled_keys(self, form: ApplicationForm) -> Iterable[str]:
        for key in ("received_on", *LINE_FIELDS, "address", "fee_receipt_no"):
            if getattr(form, key).strip():
                yield key
        if form.residence_status:
            yield "residence_status"
        if form.employment:
            yield "employment"
        if form.qualification_ids:
            yield "qualifications"

    def clear(self, today: date | None = None) -> None:
        """An empty form for the next applicant, received ``today`` (shown, so the clerk sees it)."""
        self.load(ApplicationForm(received_on=today.isoformat() if today else ""))
        self._touched = set()
        self.show_all = False
        self._problems = []
        self.duplicates.set_cases([])
        self.known_applicant.set_known(None)
        self.picker.search.clear()
        self.employment_box.reset_view()
        self._render_problems()

    # --- attachments ---------------------------------------------------------------------------

    def set_attachments(self, files: list[FormAttachment]) -> None:
        """The form's files now (one attached or taken off): an edit, so the draft keeps them."""
        self.attachments_box.set_files(files)
        self.edited.emit("attachments")

    # --- user edits ---------------------------------------------------------------------------

    def _user_edited(self, key: str) -> None:
        if self._loading:
            return
        if key == "hkid":
            if len(hkid.compact(self.line_edits["hkid"].text())) >= HKID_COMPLETE_LENGTH:
                self._touched.add("hkid")
            self._update_hkid_ok()
        self.edited.emit(key)

    def _combo_changed(self, key: str) -> None:
        if self._loading:
            return
        self._touched.add(key)
        self.edited.emit(key)

    def _check_toggled(self, key: str) -> None:
        if self._loading:
            return
        self._touched.add(key)
        self.edited.emit(key)

    def add_qualification(self, row: QualificationRow) -> None:
        if self.qualifications_box.add(row):
            self._qualifications_changed()

    def remove_selected_qualification(self) -> None:
        position = self.chosen_list.currentRow()
        if self.qualifications_box.remove(position):
            self._qualifications_changed()
            self.chosen_list.setCurrentRow(min(position, len(self.qualifications_box.chosen) - 1))

    def _carer_changed(self) -> None:
        if self._loading:
            return
        self._touched.add("carer_declaration")
        self.edited.emit("carer_declaration")

    def _qualifications_changed(self) -> None:
        self._refresh_chosen_texts()
        self._update_fee()
        if self._loading:
            return
        self._touched.add("qualifications")
        self.edited.emit("qualifications")

    def chosen_qualifications(self) -> list[QualificationRow]:
        return self.qualifications_box.rows()

    def _refresh_chosen_texts(self) -> None:
        self.qualifications_box.refresh_texts(self.language)
        self._sync_relevance_choices(adjust=True)

    def _sync_relevance_choices(self, *, adjust: bool) -> None:
        chinese = self.language.startswith("zh")
        self.employment_model.set_qualifications(
            [
                (
                    chosen.id,
                    chosen.row.industry_en if chosen.row else "",
                    _short_title(chosen.row, chinese) if chosen.row else f"#{chosen.id}",
                )
                for chosen in self.qualifications_box.chosen
            ],
            adjust=adjust,
        )

    # --- eligibility ----------------------------------------------------------------------------

    def refresh_eligibility(self, today: date) -> None:
        """Check the chosen qualifications against the dated employment rows, if anything changed."""
        self.qualifications_box.refresh_eligibility(self.collect(None), today, self.language)

    def _update_hkid_ok(self) -> None:
        self.particulars_box.update_hkid_ok()

    def normalised_hkid(self) -> str | None:
        return self.particulars_box.normalised_hkid()

    # --- keyboard -----------------------------------------------------------------------------

    def focus_next_after(self, widget: QWidget) -> None:
        widget.setFocus()
        self.focusNextChild()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if watched is self.chosen_list and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.remove_selected_qualification()
                return True
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
            if enter and plain and isinstance(watched, QLineEdit | QComboBox | QCheckBox):
                self.focusNextChild()
                return True
        elif kind == QEvent.Type.FocusOut:
            key = self._key_of(watched)
            if key is not None and key in ("received_on", *LINE_FIELDS, "address", "fee_receipt_no"):
                self._left_field(key)
        return super().eventFilter(watched, event)

    def _key_of(self, widget: QObject) -> str | None:
        return next((key for key, candidate in self.inputs.items() if candidate is widget), None)

    def _left_field(self, key: str) -> None:
        self._touched.add(key)
        if key == "hkid":
            edit = self.line_edits["hkid"]
            number = self.normalised_hkid()
            if number is not None and edit.text() != number:
                edit.setText(number)
                self._user_edited("hkid")
                return
        self._render_problems()


def _short_title(row: QualificationRow, chinese: bool) -> str:
    """A qualification in a few words, for the relevance column."""
    title = (row.title_zh or row.title_en) if chinese else (row.title_en or row.title_zh)
    return title if len(title) <= 24 else title[:23] + "…"

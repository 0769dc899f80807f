"""The application form, keyboard-first: every field as typed, problems shown under the field.

The widget only holds and shows what was typed; the page runs the core's ``validate_form`` after each
edit and hands the problems back through :meth:`ApplicationFormWidget.show_problems`. A field's
problems appear once the field has been left (or, for the HKID, once a whole number has been typed)
and for every field after a lodging attempt. What was typed is never changed, except that a valid HKID
is written out as ``A123456(3)`` when the field is left.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.db.database import Database
from assessor_app.core.domain import hkid
from assessor_app.core.domain.application_form import ApplicationForm, FieldProblem, Severity
from assessor_app.core.domain.enums import Language
from assessor_app.core.domain.experience import Period
from assessor_app.core.errors import AppError
from assessor_app.core.services.catalogue.service import (
    QualificationRow,
    list_industries,
    list_qualifications,
)
from assessor_app.core.services.evidence.eligibility import (
    QualificationEligibility,
    check_form,
    periods_from_entries,
)
from assessor_app.core.services.intake.lodging import EventRow, fee_for
from assessor_app.ui.intake import choices
from assessor_app.ui.intake.delegates import ChoiceDelegate, LiveTextDelegate
from assessor_app.ui.intake.duplicates import DuplicatesPanel
from assessor_app.ui.intake.eligibility_hints import EligibilityHints, HintLine
from assessor_app.ui.intake.employment_model import EmploymentTableModel
from assessor_app.ui.intake.pics import bilingual_pics
from assessor_app.ui.intake.qualification_picker import QualificationPicker, describe_qualification

LINE_FIELDS = ("name_zh", "surname_en", "given_names_en", "alias", "hkid", "date_of_birth", "phone", "email")
CHECK_FIELDS = ("hkid_original_seen", "hkid_copy_kept", "carer_declaration", "pics_acknowledged")
COMBO_FIELDS = ("residence_status", "preferred_language")
# The order problems are looked at when lodging fails: the first one gets the focus.
FIELD_ORDER = (
    "name_zh",
    "surname_en",
    "given_names_en",
    "alias",
    "hkid",
    "residence_status",
    "hkid_original_seen",
    "date_of_birth",
    "phone",
    "email",
    "address",
    "preferred_language",
    "employment",
    "qualifications",
    "carer_declaration",
    "pics_acknowledged",
)
HKID_COMPLETE_LENGTH = 8  # letters + digits + check character: check it while typing from here on

ERROR_COLOUR = "#b3261e"
WARNING_COLOUR = "#8a5a00"
FORM_STYLE = f"""
QLineEdit[problem="error"], QPlainTextEdit[problem="error"], QComboBox[problem="error"],
QTableView[problem="error"], QListWidget[problem="error"] {{
    border: 2px solid {ERROR_COLOUR}; background: #fff6f5;
}}
QLineEdit[problem="warning"], QPlainTextEdit[problem="warning"], QComboBox[problem="warning"],
QTableView[problem="warning"] {{
    border: 2px solid #d89200;
}}
QCheckBox[problem="error"] {{ color: {ERROR_COLOUR}; }}
QLabel[severity="error"] {{ color: {ERROR_COLOUR}; }}
QLabel[severity="warning"] {{ color: {WARNING_COLOUR}; }}
QLabel#hkid_ok {{ color: #1b6e20; }}
"""


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def _problem_label(key: str) -> QLabel:
    label = QLabel()
    label.setObjectName(f"problem_{key}")
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setPointSizeF(max(font.pointSizeF() * 0.9, 7.0))
    label.setFont(font)
    label.hide()
    return label


@dataclass
class ChosenQualification:
    id: int
    row: QualificationRow | None  # None: no longer in the active catalogue (an old draft)


class EmploymentTableView(QTableView):
    """Tab moves from cell to cell and, past the last cell, on to the next field; Shift+Tab likewise back."""

    def _at_edge(self, forward: bool) -> bool:
        model = self.model()
        rows, columns = model.rowCount(), model.columnCount()
        if rows == 0:
            return True
        current = self.currentIndex()
        if not current.isValid():
            return False
        if forward:
            return current.row() == rows - 1 and current.column() == columns - 1
        return current.row() == 0 and current.column() == 0

    def leave(self, forward: bool) -> None:
        widget: QWidget | None = self
        for _ in range(500):
            if widget is None:
                return
            widget = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
            if widget is None or widget is self:
                return
            if (
                widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.isVisible()
                and widget.isEnabled()
                and not self.isAncestorOf(widget)
            ):
                widget.setFocus(
                    Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
                )
                return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if (
            key == Qt.Key.Key_Tab
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self._at_edge(True)
        ):
            self.leave(True)
            return
        if key == Qt.Key.Key_Backtab and self._at_edge(False):
            self.leave(False)
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.EditNextItem and self._at_edge(True):
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.leave(True)
            return
        if hint == QAbstractItemDelegate.EndEditHint.EditPreviousItem and self._at_edge(False):
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.leave(False)
            return
        super().closeEditor(editor, hint)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if not self.currentIndex().isValid() and self.model().rowCount():
            self.setCurrentIndex(self.model().index(0, 0))
        super().focusInEvent(event)


class ApplicationFormWidget(QWidget):
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
        self._event: EventRow | None = None
        self._chosen: list[ChosenQualification] = []
        # The last eligibility check: what it was computed from, and its results (None: no dated rows).
        self._eligibility_key: tuple[tuple[Period, ...], tuple[int, ...], bool, date] | None = None
        self._eligibility: list[QualificationEligibility] | None = None
        self._eligibility_error: AppError | None = None

        self.inputs: dict[str, QWidget] = {}
        self.captions: dict[str, QLabel] = {}
        self.problem_labels: dict[str, QLabel] = {}
        self.line_edits: dict[str, QLineEdit] = {}
        for key in LINE_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"field_{key}")
            self.line_edits[key] = edit
            self.inputs[key] = edit
        self.address = QPlainTextEdit()
        self.address.setObjectName("field_address")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(58)
        self.inputs["address"] = self.address
        self.combos: dict[str, QComboBox] = {}
        for key in COMBO_FIELDS:
            combo = QComboBox()
            combo.setObjectName(f"field_{key}")
            self.combos[key] = combo
            self.inputs[key] = combo
        self.checks: dict[str, QCheckBox] = {}
        for key in CHECK_FIELDS:
            check = QCheckBox()
            check.setObjectName(f"field_{key}")
            self.checks[key] = check
            self.inputs[key] = check
        self.hkid_ok = QLabel()
        self.hkid_ok.setObjectName("hkid_ok")
        self.hkid_ok.hide()
        self.duplicates = DuplicatesPanel()

        self.particulars_box = QGroupBox()
        self.particulars_box.setObjectName("particulars_box")
        grid = QGridLayout(self.particulars_box)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        placement = [
            ("name_zh", 0, 0, 1),
            ("surname_en", 0, 1, 1),
            ("given_names_en", 0, 2, 1),
            ("alias", 1, 0, 1),
            ("hkid", 1, 1, 1),
            ("residence_status", 1, 2, 1),
            ("date_of_birth", 3, 0, 1),
            ("phone", 3, 1, 1),
            ("email", 3, 2, 1),
            ("address", 4, 0, 2),
            ("preferred_language", 4, 2, 1),
        ]
        for key, row, column, span in placement:
            grid.addWidget(self._field_block(key), row, column, 1, span)
        checks_row = QWidget()
        checks_layout = QVBoxLayout(checks_row)
        checks_layout.setContentsMargins(0, 4, 0, 4)
        checks_layout.setSpacing(2)
        checks_layout.addWidget(self.checks["hkid_original_seen"])
        self.problem_labels["hkid_original_seen"] = _problem_label("hkid_original_seen")
        checks_layout.addWidget(self.problem_labels["hkid_original_seen"])
        checks_layout.addWidget(self.checks["hkid_copy_kept"])
        checks_layout.addWidget(self.duplicates)
        grid.addWidget(checks_row, 2, 0, 1, 3)
        for column in range(3):
            grid.setColumnStretch(column, 1)

        # Employment history
        self.employment_box = QGroupBox()
        self.employment_box.setObjectName("employment_box")
        self.employment_model = EmploymentTableModel(self)
        self.employment_table = EmploymentTableView()
        self.employment_table.setObjectName("employment_table")
        self.employment_table.setModel(self.employment_model)
        self.employment_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.employment_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.employment_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.employment_table.setMinimumHeight(120)
        self.employment_table.setMaximumHeight(160)
        text_delegate = LiveTextDelegate(self.employment_table)
        self.employment_table.setItemDelegate(text_delegate)
        for position, column_spec in enumerate(self.employment_model.columns):
            if column_spec.choices is not None:
                self.employment_table.setItemDelegateForColumn(
                    position, ChoiceDelegate(column_spec.choices, self.employment_table)
                )
        header = self.employment_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        widths = {"employer": 180, "post": 130, "industry": 100, "start": 88, "end": 88, "duties": 150}
        for key, width in widths.items():
            self.employment_table.setColumnWidth(self.employment_model.column_index(key), width)
        for key in ("present", "in_hong_kong"):
            self.employment_table.setColumnWidth(self.employment_model.column_index(key), 56)
        self.employment_table.setColumnWidth(self.employment_model.column_index("hours_per_week"), 80)
        self.add_row_button = QPushButton()
        self.add_row_button.setObjectName("add_employment_row")
        self.remove_row_button = QPushButton()
        self.remove_row_button.setObjectName("remove_employment_row")
        self.employment_hint = QLabel()
        self.employment_hint.setObjectName("employment_hint")
        self.employment_hint.setWordWrap(True)
        self.problem_labels["employment"] = _problem_label("employment")
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_row_button)
        row_buttons.addWidget(self.remove_row_button)
        row_buttons.addWidget(self.employment_hint, 1)
        employment_layout = QVBoxLayout(self.employment_box)
        employment_layout.addWidget(self.employment_table)
        employment_layout.addLayout(row_buttons)
        employment_layout.addWidget(self.problem_labels["employment"])
        self.inputs["employment"] = self.employment_table

        # Qualifications
        self.qualifications_box = QGroupBox()
        self.qualifications_box.setObjectName("qualifications_box")
        self.picker = QualificationPicker(database)
        self.chosen_list = QListWidget()
        self.chosen_list.setObjectName("chosen_qualifications")
        self.chosen_list.setMaximumHeight(90)
        self.remove_qualification_button = QPushButton()
        self.remove_qualification_button.setObjectName("remove_qualification")
        self.fee_label = QLabel()
        self.fee_label.setObjectName("fee_label")
        fee_font = QFont(self.fee_label.font())
        fee_font.setBold(True)
        fee_font.setPointSizeF(fee_font.pointSizeF() * 1.15)
        self.fee_label.setFont(fee_font)
        self.eligibility_hints = EligibilityHints()
        self.eligibility_hints.hide()
        self.problem_labels["qualifications"] = _problem_label("qualifications")
        self.problem_labels["carer_declaration"] = _problem_label("carer_declaration")
        self.chosen_caption = QLabel()
        chosen_column = QVBoxLayout()
        chosen_column.addWidget(self.chosen_caption)
        chosen_column.addWidget(self.chosen_list)
        chosen_buttons = QHBoxLayout()
        chosen_buttons.addWidget(self.remove_qualification_button)
        chosen_buttons.addStretch(1)
        chosen_buttons.addWidget(self.fee_label)
        chosen_column.addLayout(chosen_buttons)
        chosen_column.addWidget(self.problem_labels["qualifications"])
        self.picker_caption = QLabel()
        picker_column = QVBoxLayout()
        picker_column.addWidget(self.picker_caption)
        picker_column.addWidget(self.picker)
        columns = QHBoxLayout()
        columns.addLayout(picker_column, 1)
        columns.addLayout(chosen_column, 1)
        qualifications_layout = QVBoxLayout(self.qualifications_box)
        qualifications_layout.addLayout(columns)
        qualifications_layout.addWidget(self.eligibility_hints)
        qualifications_layout.addWidget(self.checks["carer_declaration"])
        qualifications_layout.addWidget(self.problem_labels["carer_declaration"])
        self.inputs["qualifications"] = self.picker.search

        # Personal Information Collection Statement
        self.pics_box = QGroupBox()
        self.pics_box.setObjectName("pics_box")
        self.pics_text = QPlainTextEdit(bilingual_pics())
        self.pics_text.setObjectName("pics_text")
        self.pics_text.setReadOnly(True)
        self.pics_text.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.pics_text.setFixedHeight(150)
        self.problem_labels["pics_acknowledged"] = _problem_label("pics_acknowledged")
        pics_layout = QVBoxLayout(self.pics_box)
        pics_layout.addWidget(self.pics_text)
        pics_layout.addWidget(self.checks["pics_acknowledged"])
        pics_layout.addWidget(self.problem_labels["pics_acknowledged"])

        self.required_legend = QLabel()
        self.required_legend.setObjectName("required_legend")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.particulars_box)
        layout.addWidget(self.employment_box)
        layout.addWidget(self.qualifications_box)
        layout.addWidget(self.pics_box)
        layout.addWidget(self.required_legend)

        self._connect()
        self._fill_choices()
        self.retranslate()
        self.picker.reload()
        self._update_fee()

    # --- building ---------------------------------------------------------------------------------

    def _field_block(self, key: str) -> QWidget:
        block = QWidget()
        block.setObjectName(f"block_{key}")
        column = QVBoxLayout(block)
        column.setContentsMargins(0, 2, 0, 2)
        column.setSpacing(1)
        caption = QLabel()
        caption.setObjectName(f"caption_{key}")
        caption.setBuddy(self.inputs[key])
        self.captions[key] = caption
        column.addWidget(caption)
        column.addWidget(self.inputs[key])
        if key == "hkid":
            column.addWidget(self.hkid_ok)
        label = _problem_label(key)
        self.problem_labels[key] = label
        column.addWidget(label)
        column.addStretch(1)
        return block

    def _connect(self) -> None:
        for key, edit in self.line_edits.items():
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
        self.employment_model.rows_edited.connect(self._employment_edited)
        self.employment_model.rowsRemoved.connect(self._employment_rows_removed)
        self.employment_table.selectionModel().currentChanged.connect(self._employment_cell_left)
        self.add_row_button.clicked.connect(self.add_employment_row)
        self.remove_row_button.clicked.connect(self.remove_employment_row)
        self.picker.chosen.connect(self.add_qualification)
        self.picker.done.connect(lambda: self.focus_next_after(self.picker.search))
        self.remove_qualification_button.clicked.connect(self.remove_selected_qualification)
        self.chosen_list.installEventFilter(self)

    def tab_chain(self) -> list[QWidget]:
        """The fields in the order Tab and Enter visit them."""
        return [
            self.line_edits["name_zh"],
            self.line_edits["surname_en"],
            self.line_edits["given_names_en"],
            self.line_edits["alias"],
            self.line_edits["hkid"],
            self.combos["residence_status"],
            self.checks["hkid_original_seen"],
            self.checks["hkid_copy_kept"],
            self.line_edits["date_of_birth"],
            self.line_edits["phone"],
            self.line_edits["email"],
            self.address,
            self.combos["preferred_language"],
            self.employment_table,
            self.add_row_button,
            self.remove_row_button,
            self.picker.search,
            self.chosen_list,
            self.remove_qualification_button,
            self.checks["carer_declaration"],
            self.checks["pics_acknowledged"],
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
        self.checks["carer_declaration"].setText(
            self.tr("Carer's declaration instead of employer proof (eight elderly-care qualifications only)")
        )
        self.checks["pics_acknowledged"].setText(
            self.tr("The applicant has read the statement above and acknowledges it *")
        )
        self.particulars_box.setTitle(self.tr("Particulars (as on the HKID card)"))
        self.employment_box.setTitle(self.tr("Employment history"))
        self.qualifications_box.setTitle(self.tr("Qualifications applied for"))
        self.pics_box.setTitle(self.tr("Personal Information Collection Statement"))
        self.add_row_button.setText(self.tr("Add row (Ctrl+Shift+A)"))
        self.remove_row_button.setText(self.tr("Remove row"))
        self.employment_hint.setText(
            self.tr("Type in a cell to edit it; Tab moves on; Space ticks Present and In HK.")
        )
        self.picker_caption.setText(self.tr("Find a qualification"))
        self.chosen_caption.setText(self.tr("Chosen (Delete removes)"))
        self.remove_qualification_button.setText(self.tr("Remove"))
        self.required_legend.setText(self.tr("* obligatory"))
        self.employment_model.retranslate()
        self.picker.retranslate()
        self.duplicates.retranslate()
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
        self._event = event
        self.picker.set_agency(event.agency_code if event else None)
        self._update_fee()

    def _update_fee(self) -> None:
        count = len(self._chosen)
        if self._event is None:
            self.fee_label.setText(self.tr("Fee: choose the event first"))
            return
        fee = fee_for(self.database, self._event.id, count)
        if fee is None:
            self.fee_label.setText(self.tr("Fee: not in the agency's fee table"))
        else:
            self.fee_label.setText(self.tr("Fee: HK${fee:,}").format(fee=fee))

    # --- reading and filling ------------------------------------------------------------------

    def collect(self, event_id: int | None) -> ApplicationForm:
        """A fresh snapshot of everything typed (safe to hand to another thread)."""
        return ApplicationForm(
            event_id=event_id,
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
            qualification_ids=[chosen.id for chosen in self._chosen],
            carer_declaration=self.checks["carer_declaration"].isChecked(),
            pics_acknowledged=self.checks["pics_acknowledged"].isChecked(),
        )

    def load(self, form: ApplicationForm) -> None:
        """Fill every field exactly as it was typed (a restored draft)."""
        self._loading = True
        try:
            for key, edit in self.line_edits.items():
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
            self.employment_model.set_entries(form.employment)
            catalogue = {row.id: row for row in list_qualifications(self.database)}
            self._chosen = [ChosenQualification(qid, catalogue.get(qid)) for qid in form.qualification_ids]
            self._refresh_chosen_texts()
        finally:
            self._loading = False
        self._touched = set(self._filled_keys(form))
        for row in range(len(form.employment)):
            self._touched.update(f"employment.{row}.{column.key}" for column in self.employment_model.columns)
        self._update_fee()
        self._update_hkid_ok()

    def _filled_keys(self, form: ApplicationForm) -> Iterable[str]:
        for key in (*LINE_FIELDS, "address"):
            if getattr(form, key).strip():
                yield key
        if form.residence_status:
            yield "residence_status"
        if form.employment:
            yield "employment"
        if form.qualification_ids:
            yield "qualifications"

    def clear(self) -> None:
        """An empty form for the next applicant."""
        self.load(ApplicationForm())
        self._touched = set()
        self.show_all = False
        self._problems = []
        self.duplicates.set_cases([])
        self.picker.search.clear()
        self._render_problems()

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
        removed = last - first + 1
        kept: set[str] = set()
        for key in self._touched:
            parts = key.split(".")
            if len(parts) == 3 and parts[0] == "employment":
                row = int(parts[1])
                if first <= row <= last:
                    continue
                if row > last:
                    key = f"employment.{row - removed}.{parts[2]}"
            kept.add(key)
        self._touched = kept

    def add_employment_row(self) -> None:
        row = self.employment_model.add_row()
        index = self.employment_model.index(row, 0)
        self.employment_table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.employment_table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.employment_table.scrollTo(index)

    def remove_employment_row(self) -> None:
        current = self.employment_table.currentIndex()
        if current.isValid():
            self.employment_model.remove_row(current.row())

    def add_qualification(self, row: QualificationRow) -> None:
        if any(chosen.id == row.id for chosen in self._chosen):
            return
        self._chosen.append(ChosenQualification(row.id, row))
        self._qualifications_changed()

    def remove_selected_qualification(self) -> None:
        position = self.chosen_list.currentRow()
        if 0 <= position < len(self._chosen):
            del self._chosen[position]
            self._qualifications_changed()
            self.chosen_list.setCurrentRow(min(position, len(self._chosen) - 1))

    def _qualifications_changed(self) -> None:
        self._refresh_chosen_texts()
        self._update_fee()
        if self._loading:
            return
        self._touched.add("qualifications")
        self.edited.emit("qualifications")

    def chosen_qualifications(self) -> list[QualificationRow]:
        return [chosen.row for chosen in self._chosen if chosen.row is not None]

    def _refresh_chosen_texts(self) -> None:
        self.chosen_list.clear()
        for chosen in self._chosen:
            if chosen.row is None:
                text = self.tr("Qualification #{id} (no longer in the catalogue)").format(id=chosen.id)
            else:
                text = describe_qualification(chosen.row)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, chosen.id)
            self.chosen_list.addItem(item)
        self._render_eligibility()

    # --- eligibility ----------------------------------------------------------------------------

    def refresh_eligibility(self, application_date: date) -> None:
        """Check the chosen qualifications against the dated employment rows, if anything changed.

        A few small reads, cheap enough to run after every edit; skipped when the periods, the
        qualifications, the carer's declaration and the date are what they were at the last check.
        """
        periods = tuple(periods_from_entries(self.employment_model.entries()))
        ids = tuple(chosen.id for chosen in self._chosen if chosen.row is not None)
        carer = self.checks["carer_declaration"].isChecked()
        key = (periods, ids, carer, application_date)
        if key == self._eligibility_key:
            return
        self._eligibility_key = key
        self._eligibility_error = None
        self._eligibility = None
        if periods and ids:
            try:
                self._eligibility = check_form(self.database, ids, periods, application_date, carer)
            except AppError as error:
                self._eligibility_error = error
        self._render_eligibility()

    def _render_eligibility(self) -> None:
        hints = self.eligibility_hints
        if not self._chosen:
            hints.show_lines([])
            return
        results = {checked.qualification_id: checked for checked in self._eligibility or []}
        lines: list[HintLine] = []
        if self._eligibility_error is not None:
            lines.append(HintLine(None, self._eligibility_error.message(self.language), ""))
        elif self._eligibility is None:
            lines.append(hints.need_dates_line())
        for chosen in self._chosen:
            if chosen.row is None:
                lines.append(hints.not_in_catalogue_line(chosen.id))
            elif chosen.id in results:
                lines.append(hints.result_line(results[chosen.id], self.language))
        hints.show_lines(lines)

    def _update_hkid_ok(self) -> None:
        number, _problem = hkid.parse(self.line_edits["hkid"].text())
        if number is None:
            self.hkid_ok.hide()
            return
        self.hkid_ok.setText(self.tr("✓ Valid number: {number}").format(number=number))
        self.hkid_ok.show()

    def normalised_hkid(self) -> str | None:
        return hkid.parse(self.line_edits["hkid"].text())[0]

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
            if key is not None and key in (*LINE_FIELDS, "address"):
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

    # --- problems -----------------------------------------------------------------------------

    def show_problems(self, problems: Sequence[FieldProblem], language: str) -> None:
        self._problems = list(problems)
        self.language = language
        self._render_problems()

    def touch_all(self) -> None:
        self.show_all = True
        self._render_problems()

    def visible_problems(self) -> list[FieldProblem]:
        if self.show_all:
            return list(self._problems)
        return [p for p in self._problems if p.field in self._touched]

    def _render_problems(self) -> None:
        visible = self.visible_problems()
        by_field: dict[str, list[FieldProblem]] = {}
        for problem in visible:
            by_field.setdefault(problem.field, []).append(problem)
        for key, label in self.problem_labels.items():
            found = by_field.get(key, [])
            severity = _severity(found)
            if found:
                label.setText("\n".join(p.message(self.language) for p in found))
                label.setProperty("severity", severity)
                repolish(label)
                label.show()
            else:
                label.clear()
                label.hide()
            widget = self.inputs.get(key)
            if widget is not None and key != "employment":
                self._mark(widget, severity)
        cell_problems = [p for p in visible if p.field.startswith("employment.")]
        self.employment_model.set_problems(cell_problems, self.language)
        self._render_employment_list(by_field.get("employment", []), cell_problems)

    def describe_problem(self, problem: FieldProblem) -> str:
        """The message in the form's language; an employment cell's is prefixed with its row and column."""
        parts = problem.field.split(".")
        if len(parts) != 3 or parts[0] != "employment" or not parts[1].isdigit():
            return problem.message(self.language)
        keys = [column.key for column in self.employment_model.columns]
        header = parts[2]
        if header in keys:
            text = self.employment_model.headerData(keys.index(header), Qt.Orientation.Horizontal)
            header = str(text).rstrip(" *")
        return self.tr("Row {row}, {column}: {message}").format(
            row=int(parts[1]) + 1, column=header, message=problem.message(self.language)
        )

    def _render_employment_list(self, general: list[FieldProblem], cells: list[FieldProblem]) -> None:
        label = self.problem_labels["employment"]
        lines = [self.describe_problem(p) for p in [*general, *cells]]
        severity = _severity([*general, *cells])
        self._mark(self.employment_table, severity)
        if lines:
            label.setText("\n".join(lines))
            label.setProperty("severity", severity)
            repolish(label)
            label.show()
        else:
            label.clear()
            label.hide()

    def _mark(self, widget: QWidget, severity: str) -> None:
        if widget.property("problem") != severity:
            widget.setProperty("problem", severity)
            repolish(widget)

    def focus_problem(self, problem: FieldProblem) -> None:
        """Put the cursor where ``problem`` is (the first problem after a failed lodging)."""
        parts = problem.field.split(".")
        if parts[0] == "employment" and len(parts) == 3:
            column = self.employment_model.column_index(parts[2])
            index = self.employment_model.index(int(parts[1]), column)
            self.employment_table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.employment_table.setCurrentIndex(index)
            self.employment_table.scrollTo(index)
            return
        widget = self.inputs.get(problem.field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)


def _severity(problems: Sequence[FieldProblem]) -> str:
    if not problems:
        return ""
    return "error" if any(p.severity is Severity.ERROR for p in problems) else "warning"


def problem_sort_key(problem: FieldProblem) -> tuple[int, int, int]:
    """Screen order: particulars, then employment row by row, then qualifications and the PICS."""
    parts = problem.field.split(".")
    position = FIELD_ORDER.index(parts[0]) if parts[0] in FIELD_ORDER else len(FIELD_ORDER)
    row = int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else -1
    column = EMPLOYMENT_KEYS.index(parts[2]) if len(parts) == 3 and parts[2] in EMPLOYMENT_KEYS else -1
    return position, row, column


EMPLOYMENT_KEYS = (
    "employer",
    "post",
    "industry",
    "start",
    "end",
    "present",
    "employment_type",
    "hours_per_week",
    "in_hong_kong",
    "duties",
    "proof_status",
)

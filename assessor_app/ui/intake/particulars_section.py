"""The particulars part of the intake form: the fields as on the HKID card, the HKID checks, the duplicates."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain import hkid
from assessor_app.ui.intake.duplicates import DuplicatesPanel
from assessor_app.ui.intake.form_style import problem_label
from assessor_app.ui.intake.known_applicant import KnownApplicantPanel

LINE_FIELDS = ("name_zh", "surname_en", "given_names_en", "alias", "hkid", "date_of_birth", "phone", "email")
COMBO_FIELDS = ("residence_status", "preferred_language")
CHECK_FIELDS = ("hkid_original_seen", "hkid_copy_kept")
# Where each field sits in the grid: (key, row, column, columns spanned); row 2 holds the HKID checks.
PLACEMENT = (
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
)


class ParticularsSection(QGroupBox):
    """Each field with its caption above and its problem label below; the form words the captions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("particulars_box")
        self.inputs: dict[str, QWidget] = {}
        self.captions: dict[str, QLabel] = {}
        self.problem_labels: dict[str, QLabel] = {}
        self.line_edits: dict[str, QLineEdit] = {}
        for key in LINE_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"field_{key}")
            self.line_edits[key] = edit
            self.inputs[key] = edit
        # A typed date whole in view, however narrow the form's column (a laptop screen, two columns).
        date_edit = self.line_edits["date_of_birth"]
        date_edit.setMinimumWidth(date_edit.fontMetrics().horizontalAdvance("00/00/00000") + 12)
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
        self.known = KnownApplicantPanel()

        grid = QGridLayout(self)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        for key, row, column, span in PLACEMENT:
            grid.addWidget(self._field_block(key), row, column, 1, span)
        checks_row = QWidget()
        checks_layout = QVBoxLayout(checks_row)
        checks_layout.setContentsMargins(0, 2, 0, 2)
        checks_layout.setSpacing(2)
        checks_layout.addWidget(self.checks["hkid_original_seen"])
        self.problem_labels["hkid_original_seen"] = problem_label("hkid_original_seen")
        checks_layout.addWidget(self.problem_labels["hkid_original_seen"])
        checks_layout.addWidget(self.checks["hkid_copy_kept"])
        checks_layout.addWidget(self.duplicates)
        grid.addWidget(checks_row, 2, 0, 1, 3)
        grid.addWidget(self.known, 5, 0, 1, 3)
        for column in range(3):
            grid.setColumnStretch(column, 1)

    def _field_block(self, key: str) -> QWidget:
        block = QWidget()
        block.setObjectName(f"block_{key}")
        column = QVBoxLayout(block)
        column.setContentsMargins(0, 1, 0, 1)
        column.setSpacing(1)
        caption = QLabel()
        caption.setObjectName(f"caption_{key}")
        caption.setBuddy(self.inputs[key])
        self.captions[key] = caption
        column.addWidget(caption)
        column.addWidget(self.inputs[key])
        if key == "hkid":
            column.addWidget(self.hkid_ok)
        label = problem_label(key)
        self.problem_labels[key] = label
        column.addWidget(label)
        column.addStretch(1)
        return block

    def normalised_hkid(self) -> str | None:
        return hkid.parse(self.line_edits["hkid"].text())[0]

    def update_hkid_ok(self) -> None:
        """Confirm a valid HKID under the field, written out as it will be stored."""
        number = self.normalised_hkid()
        if number is None:
            self.hkid_ok.hide()
            return
        # Under the form's context, where the .ts file keeps every string of the intake form.
        text = QCoreApplication.translate("ApplicationFormWidget", "✓ Valid number: {number}")
        self.hkid_ok.setText(text.format(number=number))
        self.hkid_ok.show()

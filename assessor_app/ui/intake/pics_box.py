"""The form's Personal Information Collection Statement: its tick on one line, the full text a button away."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.ui.dialog_parts import run_modal
from assessor_app.ui.intake.form_style import problem_label
from assessor_app.ui.intake.pics import PICS_TITLE_EN, PICS_TITLE_ZH, bilingual_pics

# Bound here because tests replace this module's run_dialog.
run_dialog = run_modal


class PicsDialog(QDialog):
    """The whole statement, Chinese then English, to read to or with the applicant."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pics_dialog")
        self.setWindowTitle(f"{PICS_TITLE_ZH} {PICS_TITLE_EN}")
        self.text = QPlainTextEdit(bilingual_pics())
        self.text.setObjectName("pics_text")
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(720, 560)


class PicsBox(QGroupBox):
    """The statement's tick and its button on one line (what it covers in their tooltips; the slip carries it
    whole): the tick is what lodging needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pics_box")
        self.check = QCheckBox()
        self.check.setObjectName("field_pics_acknowledged")
        self.read_button = QPushButton()
        self.read_button.setObjectName("read_pics")
        self.read_button.clicked.connect(self.show_statement)
        self.problem_label = problem_label("pics_acknowledged")
        row = QHBoxLayout()
        row.addWidget(self.check, 1)
        row.addWidget(self.read_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(9, 3, 9, 3)  # the form fits a laptop screen
        layout.addLayout(row)
        layout.addWidget(self.problem_label)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Personal Information Collection Statement"))
        covers = self.tr(
            "What the data is for, who receives it, and the right to see and correct it (Cap. 486)."
        )
        self.setToolTip(covers)
        self.check.setToolTip(covers)
        self.read_button.setToolTip(covers)
        self.read_button.setText(self.tr("Read the statement…"))
        self.check.setText(self.tr("The applicant has read and acknowledges it *"))

    def show_statement(self) -> None:
        dialog = PicsDialog(self)
        try:
            run_dialog(dialog)
        finally:
            dialog.deleteLater()

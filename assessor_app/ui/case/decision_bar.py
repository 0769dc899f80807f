"""The decisions of the review: the case's state with the moves open to the user, and the recommendation
(pass or fail, with reasons) and sign-off of the qualification shown.

These widgets show and collect; the review panel asks the core to make each change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.domain.workflow import NEEDS_REASON
from assessor_app.core.hong_kong_time import hong_kong_text
from assessor_app.core.services.review.assessment import REASONS_MAX, AssessmentRow
from assessor_app.ui.case.judgement_editor import clean_text, counter_label, show_count, text_editor
from assessor_app.ui.labels import recommendation_label, status_label

CHIP_STYLE = (
    "QLabel#review_state { background: #e3f2fd; color: #0d47a1; border-radius: 4px; padding: 2px 8px; }"
)
WITHDRAW_STYLE = "QPushButton { color: #b3261e; }"


class StateBar(QWidget):
    """ "Case state: Under review  Move to: → …" with one button per move the user may make."""

    move_requested = Signal(object)  # the CaseStatus to move to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.move_buttons: dict[str, QPushButton] = {}
        self.state_caption = QLabel()
        self.state_chip = QLabel()
        self.state_chip.setObjectName("review_state")
        self.state_chip.setStyleSheet(CHIP_STYLE)
        self.moves_caption = QLabel()
        self.moves_row = QHBoxLayout()
        self.moves_row.setSpacing(4)
        self.no_moves = QLabel()
        self.no_moves.setObjectName("review_no_moves")
        self.no_moves.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state_caption)
        layout.addWidget(self.state_chip)
        layout.addSpacing(12)
        layout.addWidget(self.moves_caption)
        layout.addLayout(self.moves_row)
        layout.addWidget(self.no_moves)

    def show_state(self, status: str, moves: list[CaseStatus]) -> None:
        """The state's name and a button per move ("…" where the move asks why)."""
        self.state_chip.setText(status_label(status))
        for button in self.move_buttons.values():
            self.moves_row.removeWidget(button)
            button.deleteLater()
        self.move_buttons = {}
        current = CaseStatus(status)
        for target in moves:
            text = f"→ {status_label(target)}"
            if (current, target) in NEEDS_REASON:
                text += "…"
            button = QPushButton(text)
            button.setObjectName(f"move_{target.value}")
            if target == CaseStatus.WITHDRAWN:
                button.setStyleSheet(WITHDRAW_STYLE)
            button.clicked.connect(lambda _checked=False, state=target: self.move_requested.emit(state))
            self.moves_row.addWidget(button)
            self.move_buttons[target.value] = button
        self.no_moves.setVisible(not moves)

    def set_enabled_moves(self, enabled: bool) -> None:
        for button in self.move_buttons.values():
            button.setEnabled(enabled)

    def retranslate(self) -> None:
        self.state_caption.setText(self.tr("Case state:"))
        self.moves_caption.setText(self.tr("Move to:"))
        self.no_moves.setText(self.tr("(no move open to you)"))


class DecisionBox(QGroupBox):
    """Recommend pass or fail with reasons, who recommended it, and the sign-off."""

    edited = Signal()
    recommend_requested = Signal()
    sign_off_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_decision_group")
        self.pass_radio = QRadioButton()
        self.pass_radio.setObjectName("review_pass")
        self.fail_radio = QRadioButton()
        self.fail_radio.setObjectName("review_fail")
        self.recommendation_group = QButtonGroup(self)
        self.recommendation_group.addButton(self.pass_radio)
        self.recommendation_group.addButton(self.fail_radio)
        self.recommendation_group.buttonToggled.connect(lambda _button, _checked: self.edited.emit())
        self.reasons_label = QLabel()
        self.reasons_edit = text_editor("review_reasons", 3, grows=False)
        self.reasons_label.setBuddy(self.reasons_edit)
        self.reasons_edit.textChanged.connect(self._edited)
        self.reasons_counter = counter_label("counter_reasons")
        self.recommend_button = QPushButton()
        self.recommend_button.setObjectName("review_recommend")
        self.recommend_button.clicked.connect(self.recommend_requested)
        self.recommended_label = QLabel()
        self.recommended_label.setObjectName("review_recommended_by")
        self.recommended_label.setWordWrap(True)
        self.signed_label = QLabel()
        self.signed_label.setObjectName("review_signed_off_by")
        self.signed_label.setWordWrap(True)
        self.sign_off_button = QPushButton()
        self.sign_off_button.setObjectName("review_sign_off")
        self.sign_off_button.clicked.connect(self.sign_off_requested)
        radios = QHBoxLayout()
        radios.addWidget(self.pass_radio)
        radios.addWidget(self.fail_radio)
        radios.addStretch(1)
        reasons_head = QHBoxLayout()
        reasons_head.addWidget(self.reasons_label)
        reasons_head.addStretch(1)
        reasons_head.addWidget(self.reasons_counter)
        recommend_row = QHBoxLayout()
        recommend_row.addStretch(1)
        recommend_row.addWidget(self.recommend_button)
        sign_row = QHBoxLayout()
        sign_row.addWidget(self.signed_label, 1)
        sign_row.addWidget(self.sign_off_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(radios)
        layout.addLayout(reasons_head)
        layout.addWidget(self.reasons_edit)
        layout.addLayout(recommend_row)
        layout.addWidget(self.recommended_label)
        layout.addLayout(sign_row)

    def show_row(self, row: AssessmentRow | None) -> None:
        """The saved recommendation and reasons of ``row``, replacing what was typed."""
        self.reasons_edit.blockSignals(True)
        self.reasons_edit.setPlainText(row.reasons if row is not None else "")
        self.reasons_edit.blockSignals(False)
        recommendation = row.recommendation if row is not None else None
        self.recommendation_group.blockSignals(True)
        self.recommendation_group.setExclusive(False)
        self.pass_radio.setChecked(recommendation == "pass")
        self.fail_radio.setChecked(recommendation == "fail")
        self.recommendation_group.setExclusive(True)
        self.recommendation_group.blockSignals(False)

    def show_decision(self, row: AssessmentRow | None) -> None:
        """Who recommended what and when, and who signed it off."""
        if row is None:
            self.recommended_label.setText("")
            self.signed_label.setText("")
            return
        if row.decided_by:
            self.recommended_label.setText(
                self.tr("Recommendation: {result} — by {name} ({username}), {when}").format(
                    result=recommendation_label(row.recommendation),
                    name=row.decided_by_name or row.decided_by,
                    username=row.decided_by,
                    when=hong_kong_text(row.decided_at),
                )
            )
        else:
            self.recommended_label.setText(self.tr("No recommendation yet."))
        if row.signed_off_by:
            self.signed_label.setText(
                self.tr("Signed off by {name} ({username}), {when}").format(
                    name=row.signed_off_by_name or row.signed_off_by,
                    username=row.signed_off_by,
                    when=hong_kong_text(row.signed_off_at),
                )
            )
        else:
            self.signed_label.setText(self.tr("Not signed off."))

    def chosen(self) -> str | None:
        """ "pass", "fail" or None."""
        if self.pass_radio.isChecked():
            return "pass"
        if self.fail_radio.isChecked():
            return "fail"
        return None

    def reasons(self) -> str:
        return clean_text(self.reasons_edit.toPlainText())

    def changed_from(self, row: AssessmentRow) -> bool:
        return (self.chosen(), self.reasons()) != (row.recommendation, row.reasons)

    def set_editable(self, editable: bool) -> None:
        self.reasons_edit.setReadOnly(not editable)
        self.pass_radio.setEnabled(editable)
        self.fail_radio.setEnabled(editable)

    def update_counter(self) -> None:
        show_count(self.reasons_counter, len(self.reasons()), REASONS_MAX)

    def _edited(self) -> None:
        self.update_counter()
        self.edited.emit()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Recommendation and sign-off"))
        self.pass_radio.setText(self.tr("Recommend pass"))
        self.fail_radio.setText(self.tr("Recommend fail"))
        self.reasons_label.setText(self.tr("Reasons"))
        self.recommend_button.setText(self.tr("Recommend"))
        self.sign_off_button.setText(self.tr("Sign off"))

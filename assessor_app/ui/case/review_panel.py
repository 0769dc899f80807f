"""The review of one case: its state and the moves open to the current user, the assessment record of each
qualification (five judgements, notes, recommendation, sign-off), requests for documents with their
letters, and the assessment report.

Buttons are enabled from the user's role, the case state, the record's stage and the case's lock, but the
core decides: every refusal (maker-checker, role, lock, state) is shown in the user's language through
``ui/messages.py`` and nothing changes. A locked case shows a banner (:class:`LockBanner`) with
"Open correction…" for supervisors and administrators.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelection, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.enums import CaseStatus, Role
from assessor_app.core.domain.workflow import NEEDS_REASON
from assessor_app.core.errors import AppError
from assessor_app.core.services.cases.summary import CaseSummary
from assessor_app.core.services.documents.layout import hong_kong_today
from assessor_app.core.services.documents.report import render_assessment_report
from assessor_app.core.services.review import assessment, corrections, document_requests
from assessor_app.core.services.review.assessment import (
    JUDGEMENT_MAX,
    JUDGEMENTS,
    NOTES_MAX,
    REASONS_MAX,
    AssessmentRow,
    assessment_rows,
)
from assessor_app.core.services.review.corrections import LockState, lock_state
from assessor_app.core.services.review.document_requests import (
    RequestRow,
    render_request_letter,
    requests_for_case,
)
from assessor_app.core.services.review.workflow import UserRow, allowed_moves, move_case
from assessor_app.ui import messages, tasks
from assessor_app.ui.case import dialogs, review_dialogs
from assessor_app.ui.case.review_models import RequestsTableModel, hong_kong_time
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake import slip_output
from assessor_app.ui.labels import recommendation_label, role_label, stage_label, status_label
from assessor_app.ui.pages.base import hint_label, list_table
from assessor_app.ui.users import current_user

log = logging.getLogger(__name__)

LOCKED_STYLE = "QFrame#lock_banner { background: #fdecea; border: 1px solid #b3261e; border-radius: 4px; }"
CORRECTION_STYLE = (
    "QFrame#lock_banner { background: #fff4e5; border: 1px solid #b26a00; border-radius: 4px; }"
)
CHIP_STYLE = (
    "QLabel#review_state { background: #e3f2fd; color: #0d47a1; border-radius: 4px; padding: 2px 8px; }"
)
COUNTER_STYLE = "QLabel[over='true'] { color: #b3261e; font-weight: bold; }"
WITHDRAW_STYLE = "QPushButton { color: #b3261e; }"
STAGE_COLOURS = {
    "not_started": "#5f6368",
    "in_progress": "#8a5a00",
    "recommended": "#0d47a1",
    "signed_off": "#1b6e20",
}


def _clean(text: str) -> str:
    """Typed text as the core stores it (outer blanks trimmed, ``\\n`` line ends), to tell what changed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _editor(name: str, lines: int, *, grows: bool = True) -> QPlainTextEdit:
    """A multi-line text box at least ``lines`` high; Tab moves on rather than typing a tab."""
    editor = QPlainTextEdit()
    editor.setObjectName(name)
    editor.setTabChangesFocus(True)
    editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * lines + 14)
    if not grows:
        editor.setMaximumHeight(editor.minimumHeight())
    editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return editor


def _counter(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(COUNTER_STYLE)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance("0000 / 0000"))
    return label


class LockBanner(QFrame):
    """ "Exported in batch N — locked", with "Open correction…" for those allowed to open one."""

    correction_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_banner")
        self.state: LockState | None = None
        self.can_correct = False
        self.text = QLabel()
        self.text.setObjectName("lock_banner_text")
        self.text.setWordWrap(True)
        self.correction_button = QPushButton()
        self.correction_button.setObjectName("lock_open_correction")
        self.correction_button.clicked.connect(self.correction_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.correction_button)
        self.hide()

    def show_state(self, state: LockState | None, *, can_correct: bool) -> None:
        self.state = state
        self.can_correct = can_correct
        self.retranslate()

    def retranslate(self) -> None:
        state = self.state
        if state is None or state.batch_id is None:
            self.hide()
            return
        batch = str(state.batch_id)
        if state.batch_file_name:
            batch = f"{batch} ({state.batch_file_name})"
        if state.correction_open:
            self.setStyleSheet(CORRECTION_STYLE)
            self.text.setText(
                self.tr(
                    "Exported in batch {batch} — correction open: changes are recorded and the case goes out "
                    "again in the next batch."
                ).format(batch=batch)
            )
            self.correction_button.hide()
        else:
            self.setStyleSheet(LOCKED_STYLE)
            self.text.setText(
                self.tr(
                    "Exported in batch {batch} — locked. It can only change through a recorded correction."
                ).format(batch=batch)
            )
            self.correction_button.setText(self.tr("Open correction…"))
            self.correction_button.setEnabled(self.can_correct)
            self.correction_button.setToolTip(
                ""
                if self.can_correct
                else self.tr("Only a supervisor or an administrator opens a correction.")
            )
            self.correction_button.show()
        self.show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ReviewPanel(QWidget):
    """The review tab of the case view. ``changed`` asks the case view to read the case again."""

    changed = Signal()
    pdf_saved = Signal(Path)

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_panel")
        self.context = context
        self.summary: CaseSummary | None = None
        self.user: UserRow | None = None
        self.rows: list[AssessmentRow] = []
        self.requests: list[RequestRow] = []
        self.moves: list[CaseStatus] = []
        self.lock: LockState | None = None
        self.shown_applied_id: int | None = None
        self.move_buttons: dict[str, QPushButton] = {}
        self.banner = LockBanner()
        self.banner.correction_requested.connect(self.open_correction)

        # --- the case: state, moves, report ---
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
        self.report_save_button = QPushButton()
        self.report_save_button.setObjectName("review_save_report")
        self.report_save_button.clicked.connect(lambda: self.save_report())
        self.report_print_button = QPushButton()
        self.report_print_button.setObjectName("review_print_report")
        self.report_print_button.clicked.connect(self.print_report)
        top = QHBoxLayout()
        top.addWidget(self.state_caption)
        top.addWidget(self.state_chip)
        top.addSpacing(12)
        top.addWidget(self.moves_caption)
        top.addLayout(self.moves_row)
        top.addWidget(self.no_moves)
        top.addStretch(1)
        top.addWidget(self.report_save_button)
        top.addWidget(self.report_print_button)
        self.hint = hint_label("review_hint")

        # --- the assessment record of one qualification ---
        self.qualification_caption = QLabel()
        self.qualification_combo = QComboBox()
        self.qualification_combo.setObjectName("review_qualification")
        self.qualification_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.qualification_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.qualification_combo.currentIndexChanged.connect(self._qualification_chosen)
        self.stage_label = QLabel()
        self.stage_label.setObjectName("review_stage")
        chooser = QHBoxLayout()
        chooser.addWidget(self.qualification_caption)
        chooser.addWidget(self.qualification_combo, 1)
        chooser.addWidget(self.stage_label)

        self.judgement_labels: dict[str, QLabel] = {}
        self.judgement_edits: dict[str, QPlainTextEdit] = {}
        self.counters: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        for position, name in enumerate((*JUDGEMENTS, "notes")):
            label = QLabel()
            label.setObjectName(f"judgement_label_{name}")
            notes = name == "notes"
            editor = _editor("review_notes" if notes else f"judgement_{name}", 3 if notes else 2)
            label.setBuddy(editor)
            counter = _counter(f"counter_{name}")
            editor.textChanged.connect(self._edited)
            self.judgement_labels[name] = label
            self.judgement_edits[name] = editor
            self.counters[name] = counter
            grid.addWidget(label, position, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(editor, position, 1)
            grid.addWidget(counter, position, 2)
            grid.setRowStretch(position, 2 if notes else 1)
        grid.setColumnStretch(1, 1)
        self.notes_edit = self.judgement_edits["notes"]
        self.save_button = QPushButton()
        self.save_button.setObjectName("review_save")
        self.save_button.clicked.connect(lambda: self.save_judgements())
        self.unsaved_label = QLabel()
        self.unsaved_label.setObjectName("review_unsaved")
        self.unsaved_label.setStyleSheet("color: #8a5a00;")
        save_row = QHBoxLayout()
        save_row.addWidget(self.unsaved_label)
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        self.assessment_group = QGroupBox()
        self.assessment_group.setObjectName("review_assessment_group")
        assessment_layout = QVBoxLayout(self.assessment_group)
        assessment_layout.addLayout(chooser)
        assessment_layout.addLayout(grid, 1)
        assessment_layout.addLayout(save_row)

        # --- recommendation and sign-off ---
        self.pass_radio = QRadioButton()
        self.pass_radio.setObjectName("review_pass")
        self.fail_radio = QRadioButton()
        self.fail_radio.setObjectName("review_fail")
        self.recommendation_group = QButtonGroup(self)
        self.recommendation_group.addButton(self.pass_radio)
        self.recommendation_group.addButton(self.fail_radio)
        self.recommendation_group.buttonToggled.connect(lambda _button, _checked: self._update_actions())
        self.reasons_label = QLabel()
        self.reasons_edit = _editor("review_reasons", 3, grows=False)
        self.reasons_label.setBuddy(self.reasons_edit)
        self.reasons_edit.textChanged.connect(self._edited)
        self.reasons_counter = _counter("counter_reasons")
        self.recommend_button = QPushButton()
        self.recommend_button.setObjectName("review_recommend")
        self.recommend_button.clicked.connect(self.recommend_current)
        self.recommended_label = QLabel()
        self.recommended_label.setObjectName("review_recommended_by")
        self.recommended_label.setWordWrap(True)
        self.signed_label = QLabel()
        self.signed_label.setObjectName("review_signed_off_by")
        self.signed_label.setWordWrap(True)
        self.sign_off_button = QPushButton()
        self.sign_off_button.setObjectName("review_sign_off")
        self.sign_off_button.clicked.connect(self.sign_off_current)
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
        self.decision_group = QGroupBox()
        self.decision_group.setObjectName("review_decision_group")
        decision_layout = QVBoxLayout(self.decision_group)
        decision_layout.addLayout(radios)
        decision_layout.addLayout(reasons_head)
        decision_layout.addWidget(self.reasons_edit)
        decision_layout.addLayout(recommend_row)
        decision_layout.addWidget(self.recommended_label)
        decision_layout.addLayout(sign_row)

        # --- requests for documents ---
        self.requests_model = RequestsTableModel(self)
        self.requests_table = list_table("review_requests")
        self.requests_table.setModel(self.requests_model)
        header = self.requests_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            self.requests_model.column_index("documents"), QHeaderView.ResizeMode.Stretch
        )
        self.requests_table.selectionModel().selectionChanged.connect(self._request_selection_changed)
        self.outstanding_label = QLabel()
        self.outstanding_label.setObjectName("review_outstanding")
        self.outstanding_label.setWordWrap(True)
        self.request_button = QPushButton()
        self.request_button.setObjectName("review_request_documents")
        self.request_button.clicked.connect(self.request_documents)
        self.letter_save_button = QPushButton()
        self.letter_save_button.setObjectName("review_save_letter")
        self.letter_save_button.clicked.connect(lambda: self.save_letter())
        self.letter_print_button = QPushButton()
        self.letter_print_button.setObjectName("review_print_letter")
        self.letter_print_button.clicked.connect(self.print_letter)
        self.received_button = QPushButton()
        self.received_button.setObjectName("review_mark_received")
        self.received_button.clicked.connect(self.mark_received)
        request_buttons = QHBoxLayout()
        request_buttons.addWidget(self.request_button)
        request_buttons.addStretch(1)
        request_buttons.addWidget(self.received_button)
        request_buttons.addWidget(self.letter_save_button)
        request_buttons.addWidget(self.letter_print_button)
        self.requests_group = QGroupBox()
        self.requests_group.setObjectName("review_requests_group")
        requests_layout = QVBoxLayout(self.requests_group)
        requests_layout.addWidget(self.outstanding_label)
        requests_layout.addWidget(self.requests_table, 1)
        requests_layout.addLayout(request_buttons)

        self.output_label = QLabel()
        self.output_label.setObjectName("review_output")
        self.output_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.decision_group)
        right_layout.addWidget(self.requests_group, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("review_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.assessment_group)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 420])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.output_label)
        self.retranslate()

    # --- loading ----------------------------------------------------------------------------------

    @property
    def application_id(self) -> int | None:
        return self.summary.application_id if self.summary is not None else None

    def load(self, summary: CaseSummary) -> None:
        """Show the review of the case ``summary`` describes, as the current user may work on it."""
        switching = self.summary is not None and self.summary.application_id != summary.application_id
        if switching:
            self.shown_applied_id = None
            self.requests_table.clearSelection()
        keep = None if switching else (self.shown_applied_id if self.dirty() else None)
        database = self.context.database
        self.summary = summary
        try:
            self.user = current_user(self.context)
            self.rows = assessment_rows(database, summary.application_id)
            self.requests = requests_for_case(database, summary.application_id)
            self.lock = lock_state(database, summary.application_id)
            self.moves = (
                allowed_moves(database, summary.application_id, self.user.username)
                if self.user is not None
                else []
            )
        except AppError as error:
            messages.known_problem(self, error, self.context.language)
            return
        self._show(keep_edits_of=keep)

    def _show(self, *, keep_edits_of: int | None = None) -> None:
        summary = self.summary
        if summary is None:
            return
        self.state_chip.setText(status_label(summary.status))
        self._show_moves()
        chosen = self.shown_applied_id
        self.qualification_combo.blockSignals(True)
        self.qualification_combo.clear()
        for record in self.rows:
            self.qualification_combo.addItem(
                self.tr("{title} (QF Level {level})").format(title=self.title(record), level=record.qf_level),
                record.applied_qualification_id,
            )
        position = self.qualification_combo.findData(chosen)
        self.qualification_combo.setCurrentIndex(position if position >= 0 else 0)
        self.qualification_combo.blockSignals(False)
        row = self.current_row()
        self._show_row(row, keep_edits=row is not None and row.applied_qualification_id == keep_edits_of)
        self._show_requests()
        self.banner.show_state(self.lock, can_correct=self._role() in corrections.CORRECTORS)
        self._update_actions()

    def title(self, row: AssessmentRow) -> str:
        if self.context.language.startswith("zh"):
            return row.title_zh or row.title_en
        return row.title_en or row.title_zh

    def _show_moves(self) -> None:
        for button in self.move_buttons.values():
            self.moves_row.removeWidget(button)
            button.deleteLater()
        self.move_buttons = {}
        summary = self.summary
        current = CaseStatus(summary.status) if summary is not None else None
        for target in self.moves:
            text = f"→ {status_label(target)}"
            if current is not None and (current, target) in NEEDS_REASON:
                text += "…"
            button = QPushButton(text)
            button.setObjectName(f"move_{target.value}")
            if target == CaseStatus.WITHDRAWN:
                button.setStyleSheet(WITHDRAW_STYLE)
            button.clicked.connect(lambda _checked=False, state=target: self.move_to(state))
            self.moves_row.addWidget(button)
            self.move_buttons[target.value] = button
        self.no_moves.setVisible(not self.moves)

    def _show_row(self, row: AssessmentRow | None, *, keep_edits: bool = False) -> None:
        self.shown_applied_id = row.applied_qualification_id if row is not None else None
        if not keep_edits:
            texts = row.judgements if row is not None else dict.fromkeys(JUDGEMENTS, "")
            for name, editor in self.judgement_edits.items():
                editor.blockSignals(True)
                editor.setPlainText(row.notes if row is not None and name == "notes" else texts.get(name, ""))
                editor.blockSignals(False)
            self.reasons_edit.blockSignals(True)
            self.reasons_edit.setPlainText(row.reasons if row is not None else "")
            self.reasons_edit.blockSignals(False)
            self._set_recommendation(row.recommendation if row is not None else None)
        self._show_decision(row)
        self._update_counters()

    def _set_recommendation(self, recommendation: str | None) -> None:
        self.recommendation_group.blockSignals(True)
        self.recommendation_group.setExclusive(False)
        self.pass_radio.setChecked(recommendation == "pass")
        self.fail_radio.setChecked(recommendation == "fail")
        self.recommendation_group.setExclusive(True)
        self.recommendation_group.blockSignals(False)

    def _show_decision(self, row: AssessmentRow | None) -> None:
        if row is None:
            self.stage_label.setText("")
            self.recommended_label.setText("")
            self.signed_label.setText("")
            return
        colour = STAGE_COLOURS.get(row.stage, "#5f6368")
        self.stage_label.setText(stage_label(row.stage))
        self.stage_label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        if row.decided_by:
            self.recommended_label.setText(
                self.tr("Recommendation: {result} — by {name} ({username}), {when}").format(
                    result=recommendation_label(row.recommendation),
                    name=row.decided_by_name or row.decided_by,
                    username=row.decided_by,
                    when=hong_kong_time(row.decided_at),
                )
            )
        else:
            self.recommended_label.setText(self.tr("No recommendation yet."))
        if row.signed_off_by:
            self.signed_label.setText(
                self.tr("Signed off by {name} ({username}), {when}").format(
                    name=row.signed_off_by_name or row.signed_off_by,
                    username=row.signed_off_by,
                    when=hong_kong_time(row.signed_off_at),
                )
            )
        else:
            self.signed_label.setText(self.tr("Not signed off."))

    def _show_requests(self) -> None:
        chosen = self.selected_request()
        self.requests_model.language = self.context.language
        self.requests_model.set_rows(self.requests)
        if chosen is not None:
            self.select_request(chosen.id)
        open_requests = [row for row in self.requests if not row.fulfilled]
        late = [row for row in open_requests if row.overdue]
        if not self.requests:
            text = self.tr("No documents have been requested.")
        elif late:
            text = self.tr("{open} outstanding, {late} overdue.").format(
                open=len(open_requests), late=len(late)
            )
        elif open_requests:
            text = self.tr("{open} outstanding, none overdue.").format(open=len(open_requests))
        else:
            text = self.tr("Every request has been answered.")
        self.outstanding_label.setText(text)
        self.outstanding_label.setStyleSheet("color: #b3261e; font-weight: bold;" if late else "")

    # --- what the user may do -----------------------------------------------------------------------

    def _role(self) -> Role | None:
        return self.user.role if self.user is not None else None

    def _editable(self) -> bool:
        return self.lock is None or self.lock.editable

    def _correction_open(self) -> bool:
        return self.lock is not None and self.lock.correction_open

    def can_assess(self) -> bool:
        """Judgements and recommendations: assessors and supervisors, while the case is being reviewed."""
        summary = self.summary
        return (
            summary is not None
            and self._role() in assessment.RECOMMENDERS
            and (summary.status in assessment.REVIEW_STATES or self._correction_open())
            and self._editable()
        )

    def can_sign_off(self, row: AssessmentRow | None) -> bool:
        summary = self.summary
        return (
            summary is not None
            and row is not None
            and row.stage == "recommended"
            and self._role() in assessment.SIGNERS
            and (summary.status in assessment.SIGN_OFF_STATES or self._correction_open())
            and self._editable()
        )

    def can_request(self) -> bool:
        summary = self.summary
        return (
            summary is not None
            and self._role() in document_requests.REQUESTERS
            and summary.status not in document_requests.CLOSED_STATES
            and self._editable()
        )

    def _hint(self) -> str:
        summary = self.summary
        if summary is None:
            return ""
        if self.user is None:
            return self.tr("Choose who is working (Ctrl+U) to record a review.")
        if not self._editable():
            return self.tr("This case is locked: nothing in its review can change without a correction.")
        role = self._role()
        if role not in assessment.RECOMMENDERS:
            return self.tr("As {role} you can read the review; assessors and supervisors record it.").format(
                role=role_label(role or "")
            )
        if summary.status in assessment.SIGN_OFF_STATES and not self._correction_open():
            if role in assessment.SIGNERS:
                return self.tr("Recommended: a supervisor who did not write the assessment signs it off.")
            return self.tr("Recommended: waiting for a supervisor to sign it off.")
        if not self.can_assess():
            return self.tr(
                "Judgements and recommendations are recorded while the case is under review (from "
                "acknowledged to verification or assessment scheduled)."
            )
        return ""

    def dirty(self) -> bool:
        """Judgements, notes or reasons typed and not saved."""
        row = self.current_row()
        if row is None or self.shown_applied_id != row.applied_qualification_id:
            return False
        return self._judgements_changed(row) or self._recommendation_changed(row)

    def _typed_judgements(self) -> dict[str, str]:
        return {name: _clean(editor.toPlainText()) for name, editor in self.judgement_edits.items()}

    def _judgements_changed(self, row: AssessmentRow) -> bool:
        saved = {**row.judgements, "notes": row.notes}
        return self._typed_judgements() != saved

    def _chosen_recommendation(self) -> str | None:
        if self.pass_radio.isChecked():
            return "pass"
        if self.fail_radio.isChecked():
            return "fail"
        return None

    def _recommendation_changed(self, row: AssessmentRow) -> bool:
        return (self._chosen_recommendation(), _clean(self.reasons_edit.toPlainText())) != (
            row.recommendation,
            row.reasons,
        )

    def _update_actions(self) -> None:
        row = self.current_row()
        can_assess = self.can_assess() and row is not None
        for editor in (*self.judgement_edits.values(), self.reasons_edit):
            editor.setReadOnly(not can_assess)
        self.pass_radio.setEnabled(can_assess)
        self.fail_radio.setEnabled(can_assess)
        changed = row is not None and self._judgements_changed(row)
        self.save_button.setEnabled(can_assess and changed)
        self.unsaved_label.setText(self.tr("Unsaved changes") if row is not None and self.dirty() else "")
        complete = all(_clean(self.judgement_edits[name].toPlainText()) for name in JUDGEMENTS)
        self.recommend_button.setEnabled(
            can_assess
            and complete
            and self._chosen_recommendation() is not None
            and bool(_clean(self.reasons_edit.toPlainText()))
            and row is not None
            and (changed or self._recommendation_changed(row) or row.decided_by != self.context.user)
        )
        if can_assess and not complete:
            self.recommend_button.setToolTip(self.tr("Write all five judgements first."))
        else:
            self.recommend_button.setToolTip("")
        can_sign = self.can_sign_off(row)
        self.sign_off_button.setEnabled(can_sign)
        self.sign_off_button.setToolTip(
            ""
            if can_sign
            else self.tr("A supervisor signs off a recommendation, never one they wrote any of themselves.")
        )
        can_request = self.can_request()
        self.request_button.setEnabled(can_request)
        request = self.selected_request()
        self.letter_save_button.setEnabled(request is not None)
        self.letter_print_button.setEnabled(request is not None)
        self.received_button.setEnabled(
            request is not None
            and not request.fulfilled
            and self._role() in document_requests.RECEIVERS
            and self._editable()
        )
        self.report_save_button.setEnabled(self.summary is not None)
        self.report_print_button.setEnabled(self.summary is not None)
        hint = self._hint()
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    def _update_counters(self) -> None:
        limits = dict.fromkeys(JUDGEMENTS, JUDGEMENT_MAX) | {"notes": NOTES_MAX}
        for name, editor in self.judgement_edits.items():
            self._count(self.counters[name], len(_clean(editor.toPlainText())), limits[name])
        self._count(self.reasons_counter, len(_clean(self.reasons_edit.toPlainText())), REASONS_MAX)

    @staticmethod
    def _count(label: QLabel, length: int, limit: int) -> None:
        label.setText(f"{length} / {limit}")
        over = "true" if length > limit else "false"
        if label.property("over") != over:
            label.setProperty("over", over)
            label.style().unpolish(label)
            label.style().polish(label)

    def _edited(self) -> None:
        self._update_counters()
        self._update_actions()

    # --- choosing ---------------------------------------------------------------------------------

    def current_row(self) -> AssessmentRow | None:
        applied_id = self.qualification_combo.currentData()
        return next((row for row in self.rows if row.applied_qualification_id == applied_id), None)

    def select_qualification(self, applied_qualification_id: int) -> None:
        position = self.qualification_combo.findData(applied_qualification_id)
        if position >= 0:
            self.qualification_combo.setCurrentIndex(position)

    def _select_silently(self, applied_qualification_id: int) -> None:
        self.qualification_combo.blockSignals(True)
        self.qualification_combo.setCurrentIndex(self.qualification_combo.findData(applied_qualification_id))
        self.qualification_combo.blockSignals(False)

    def _qualification_chosen(self, _position: int) -> None:
        """Another qualification: offer to save the judgements typed for the one shown (else they go)."""
        target = self.qualification_combo.currentData()
        previous = next(
            (row for row in self.rows if row.applied_qualification_id == self.shown_applied_id), None
        )
        if (
            previous is not None
            and previous.applied_qualification_id != target
            and self._judgements_changed(previous)
            and messages.question(
                self,
                self.tr("Save the changes to the judgements of “{title}” first?").format(
                    title=self.title(previous)
                ),
            )
        ):
            self._select_silently(previous.applied_qualification_id)
            if self._save_judgements_of(previous):
                self.select_qualification(target)
            return
        self._show_row(self.current_row())
        self._update_actions()

    def selected_request(self) -> RequestRow | None:
        rows = self.requests_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= self.requests_model.rowCount():
            return None
        return self.requests_model.row_at(rows[0].row())

    def select_request(self, request_id: int) -> None:
        for position, row in enumerate(self.requests_model.rows):
            if row.id == request_id:
                self.requests_table.selectRow(position)
                return

    def _request_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_actions()

    # --- changing the case ------------------------------------------------------------------------

    def _refused(self, error: AppError) -> None:
        messages.known_problem(self, error, self.context.language)

    def _after_change(self) -> None:
        self.changed.emit()

    def move_to(self, target: CaseStatus) -> None:
        """Move the case to ``target`` (asking why where the move needs a reason)."""
        summary = self.summary
        if summary is None:
            return
        current = CaseStatus(summary.status)
        reason = ""
        if (current, target) in NEEDS_REASON:
            typed = dialogs.ask_reason(
                self,
                self.tr("Move the case to “{state}”").format(state=status_label(target)),
                self.tr("Why is the case moved to “{state}”? The reason is kept in the case history.").format(
                    state=status_label(target)
                ),
            )
            if typed is None:
                return
            reason = typed
        try:
            move_case(
                self.context.database,
                summary.application_id,
                target.value,
                actor=self.context.user,
                reason=reason,
            )
        except AppError as error:
            self._refused(error)
            return
        self._after_change()

    def _reason_for_signed_off(self, row: AssessmentRow) -> str | None:
        """A signed-off record changes only with a reason ("" when it is not signed off; None: cancelled)."""
        if row.stage != "signed_off":
            return ""
        return dialogs.ask_reason(
            self,
            self.tr("Change a signed-off assessment"),
            self.tr("“{title}” was signed off. Why does it change? It will need signing off again.").format(
                title=self.title(row)
            ),
        )

    def save_judgements(self) -> bool:
        row = self.current_row()
        return row is not None and self._save_judgements_of(row)

    def _save_judgements_of(self, row: AssessmentRow) -> bool:
        reason = self._reason_for_signed_off(row)
        if reason is None:
            return False
        texts = self._typed_judgements()
        try:
            assessment.save_judgement(
                self.context.database,
                row.applied_qualification_id,
                actor=self.context.user,
                appropriateness=texts["appropriateness"],
                validity=texts["validity"],
                currency=texts["currency"],
                sufficiency=texts["sufficiency"],
                authenticity=texts["authenticity"],
                notes=texts["notes"],
                reason=reason,
            )
        except AppError as error:
            self._refused(error)
            return False
        self._after_change()  # read again; what is typed in the recommendation stays
        return True

    def recommend_current(self) -> None:
        row = self.current_row()
        recommendation = self._chosen_recommendation()
        if row is None or recommendation is None:
            return
        if self._judgements_changed(row):
            if not self._save_judgements_of(row):
                return
            row = self.current_row()
            if row is None:
                return
        reason = self._reason_for_signed_off(row)
        if reason is None:
            return
        try:
            assessment.recommend(
                self.context.database,
                row.applied_qualification_id,
                actor=self.context.user,
                recommendation=recommendation,
                reasons=_clean(self.reasons_edit.toPlainText()),
                reason=reason,
            )
        except AppError as error:
            self._refused(error)
            return
        self._after_change()

    def sign_off_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        try:
            assessment.sign_off(self.context.database, row.applied_qualification_id, actor=self.context.user)
        except AppError as error:
            self._refused(error)
            return
        self._after_change()

    def open_correction(self) -> None:
        summary = self.summary
        if summary is None:
            return
        reason = dialogs.ask_reason(
            self,
            self.tr("Open a correction"),
            self.tr(
                "The case left this laptop in an export batch. Why must it change? The reason is kept in the "
                "case history and the case goes out again in the next batch."
            ),
        )
        if reason is None:
            return
        try:
            corrections.open_correction(
                self.context.database, summary.application_id, actor=self.context.user, reason=reason
            )
        except AppError as error:
            self._refused(error)
            return
        self._after_change()

    # --- requests for documents -------------------------------------------------------------------

    def request_documents(self) -> None:
        summary = self.summary
        if summary is None:
            return
        created = review_dialogs.ask_document_request(
            self, self.context, summary.application_id, summary.checklist, hong_kong_today()
        )
        if created is None:
            return
        self._after_change()
        self.select_request(created.id)

    def mark_received(self) -> None:
        request = self.selected_request()
        if request is None or request.fulfilled:
            return
        if not messages.question(
            self,
            self.tr("Record that the documents asked for in R{number} have arrived?").format(
                number=request.id
            ),
        ):
            return
        try:
            document_requests.mark_fulfilled(self.context.database, request.id, actor=self.context.user)
        except AppError as error:
            self._refused(error)
            return
        self._after_change()

    def _folder(self, name: str) -> Path:
        return Path(self.context.data_dir.root) / name

    def _reference(self) -> str:
        summary = self.summary
        if summary is None:
            return ""
        return summary.reference_no or f"case-{summary.application_id}"

    def _letter_renderer(self, request: RequestRow) -> Callable[[Path], Path]:
        database = self.context.database
        return lambda out: render_request_letter(database, request.id, out)

    def save_letter(self, path: Path | None = None) -> None:
        request = self.selected_request()
        if request is None:
            return
        suggested = self._folder("letters") / f"{self._reference()}-R{request.id}.pdf"
        self._save(self._letter_renderer(request), suggested, self.tr("Save the letter as PDF"), path)

    def print_letter(self) -> None:
        request = self.selected_request()
        if request is None:
            return
        suggested = self._folder("letters") / f"{self._reference()}-R{request.id}.pdf"
        self._print(
            self._letter_renderer(request),
            suggested,
            self.tr("Save the letter as PDF"),
            self.tr("Print the letter"),
        )

    # --- the report -------------------------------------------------------------------------------

    def _report_renderer(self) -> Callable[[Path], Path] | None:
        summary = self.summary
        if summary is None:
            return None
        database, evidence_dir, application_id = (
            self.context.database,
            self.context.data_dir.evidence,
            summary.application_id,
        )
        return lambda out: render_assessment_report(database, evidence_dir, application_id, out)

    def save_report(self, path: Path | None = None) -> None:
        render = self._report_renderer()
        if render is None:
            return
        suggested = self._folder("reports") / f"{self._reference()}-assessment-report.pdf"
        self._save(render, suggested, self.tr("Save the assessment report as PDF"), path)

    def print_report(self) -> None:
        render = self._report_renderer()
        if render is None:
            return
        suggested = self._folder("reports") / f"{self._reference()}-assessment-report.pdf"
        self._print(
            render,
            suggested,
            self.tr("Save the assessment report as PDF"),
            self.tr("Print the assessment report"),
        )

    # --- PDF output (the slip's helpers: file dialog, printer) ----------------------------------------

    def _save(self, render: Callable[[Path], Path], suggested: Path, title: str, path: Path | None) -> None:
        if path is None:
            path = slip_output.ask_save_path(self, suggested, title)
            if path is None:
                return
        self._render(render, path, then_print=None)

    def _print(
        self, render: Callable[[Path], Path], suggested: Path, save_title: str, print_title: str
    ) -> None:
        if not slip_output.can_print():
            self.output_label.setText(self.tr("No printer here: save it as a PDF instead."))
            self._save(render, suggested, save_title, None)
            return
        printer = slip_output.choose_printer(self, print_title)
        if printer is None:
            return
        if slip_output.is_print_to_file(printer):
            self._render(render, Path(printer.outputFileName()), then_print=None)
            return
        self._render(render, suggested, then_print=(printer.printerName(), printer.copyCount()))

    def _render(
        self, render: Callable[[Path], Path], path: Path, *, then_print: tuple[str, int] | None
    ) -> None:
        def work(_control: tasks.TaskControl) -> Path:
            path.parent.mkdir(parents=True, exist_ok=True)
            written = render(path)
            if then_print is not None:
                slip_output.send_to_printer(written, *then_print)
            return written

        self.output_label.setText(self.tr("Preparing the PDF…"))
        tasks.run_in_background(work, on_success=self._pdf_done, on_error=self._pdf_failed)

    def _pdf_done(self, path: Path) -> None:
        self.output_label.setText(self.tr("Saved: {path}").format(path=path))
        self.pdf_saved.emit(path)

    def _pdf_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AppError):
            self.output_label.setText(exc.message(self.context.language))
            self._refused(exc)
        else:
            self.output_label.setText("")
            tasks.show_error(exc)

    # --- language ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.state_caption.setText(self.tr("Case state:"))
        self.moves_caption.setText(self.tr("Move to:"))
        self.no_moves.setText(self.tr("(no move open to you)"))
        self.report_save_button.setText(self.tr("Save report as PDF…"))
        self.report_print_button.setText(self.tr("Print report…"))
        self.assessment_group.setTitle(self.tr("Assessment of the evidence"))
        self.qualification_caption.setText(self.tr("Qualification:"))
        names = {
            "appropriateness": self.tr("Appropriateness"),
            "validity": self.tr("Validity"),
            "currency": self.tr("Currency"),
            "sufficiency": self.tr("Sufficiency"),
            "authenticity": self.tr("Authenticity"),
            "notes": self.tr("Notes"),
        }
        hints = {
            "appropriateness": self.tr("Does the evidence match the competencies of the qualification?"),
            "validity": self.tr("Is each document what it claims to be, from the right source?"),
            "currency": self.tr("Is the experience recent enough?"),
            "sufficiency": self.tr("Is there enough evidence, over enough time?"),
            "authenticity": self.tr("Is the evidence the applicant's own?"),
            "notes": self.tr("Anything else the supervisor should know"),
        }
        for name, label in self.judgement_labels.items():
            label.setText(names[name])
            self.judgement_edits[name].setPlaceholderText(hints[name])
        self.save_button.setText(self.tr("Save judgements"))
        self.decision_group.setTitle(self.tr("Recommendation and sign-off"))
        self.pass_radio.setText(self.tr("Recommend pass"))
        self.fail_radio.setText(self.tr("Recommend fail"))
        self.reasons_label.setText(self.tr("Reasons"))
        self.recommend_button.setText(self.tr("Recommend"))
        self.sign_off_button.setText(self.tr("Sign off"))
        self.requests_group.setTitle(self.tr("Requests for documents"))
        self.request_button.setText(self.tr("Request documents…"))
        self.received_button.setText(self.tr("Documents arrived"))
        self.letter_save_button.setText(self.tr("Save letter as PDF…"))
        self.letter_print_button.setText(self.tr("Print letter…"))
        self.requests_model.retranslate()
        self.banner.retranslate()
        if self.summary is not None:
            self._show(keep_edits_of=self.shown_applied_id if self.dirty() else None)
        else:
            self._update_actions()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

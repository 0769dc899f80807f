"""The review of one case: its state and the moves open to the current user, the assessment record of each
qualification (five judgements, notes, recommendation, sign-off), requests for documents with their
letters, and the assessment report.

The panel puts its parts together: the state bar and the decision box (``decision_bar.py``), the judgement
editor (``judgement_editor.py``), the requests (``requests_box.py``) and the lock banner
(``lock_banner.py``). Buttons are enabled from the core's ``allowed_actions`` (a disabled one says why),
but the core decides again on every write: a refusal (maker-checker, role, lock, state) is shown in the
user's language through ``ui/messages.py`` and nothing changes. Every write runs on the task queue
(``ui/tasks.py``), never on the GUI thread; the case is read again once it is done.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from assessor_app.core.db import scratch
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.domain.permissions import SIGN_OFF_STATES, Action
from assessor_app.core.domain.workflow import NEEDS_REASON
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.services.cases.summary import CaseSummary
from assessor_app.core.services.documents.letters import render_request_letter
from assessor_app.core.services.documents.report import render_assessment_report
from assessor_app.core.services.review import assessment, corrections, document_requests
from assessor_app.core.services.review.assessment import AssessmentRow, assessment_rows
from assessor_app.core.services.review.corrections import LockState, lock_state
from assessor_app.core.services.review.document_requests import RequestRow, requests_for_case
from assessor_app.core.services.review.permissions import CaseActions, Permission, allowed_actions
from assessor_app.core.services.review.workflow import UserRow, allowed_moves, move_case
from assessor_app.ui import messages, tasks
from assessor_app.ui.case import dialogs, review_dialogs
from assessor_app.ui.case.decision_bar import DecisionBox, StateBar
from assessor_app.ui.case.judgement_editor import JudgementEditor
from assessor_app.ui.case.lock_banner import LockBanner
from assessor_app.ui.case.requests_box import RequestsBox
from assessor_app.ui.context import UiContext
from assessor_app.ui.labels import recommendation_label, status_label
from assessor_app.ui.pages.base import hint_label, scroll_area
from assessor_app.ui.pdf_output import PdfOutput, Render, suggested_path
from assessor_app.ui.users import current_user

NOT_ALLOWED = Permission(False)


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
        self.case_actions: CaseActions | None = None
        self.shown_applied_id: int | None = None
        self.writes = 0  # writes queued or running
        self.banner = LockBanner()
        self.banner.correction_requested.connect(self.open_correction)

        # --- the parts, and the names callers know their widgets by ---
        self.state_bar = StateBar()
        self.state_bar.move_requested.connect(self.move_to)
        self.state_chip = self.state_bar.state_chip
        self.editor = JudgementEditor()
        self.editor.qualification_chosen.connect(self._qualification_chosen)
        self.editor.edited.connect(self._update_actions)
        self.editor.save_requested.connect(self.save_judgements)
        self.qualification_combo = self.editor.qualification_combo
        self.stage_label = self.editor.stage_label
        self.judgement_edits = self.editor.judgement_edits
        self.notes_edit = self.editor.notes_edit
        self.counters = self.editor.counters
        self.save_button = self.editor.save_button
        self.unsaved_label = self.editor.unsaved_label
        self.decision = DecisionBox()
        self.decision.edited.connect(self._update_actions)
        self.decision.recommend_requested.connect(self.recommend_current)
        self.decision.sign_off_requested.connect(self.sign_off_current)
        self.pass_radio = self.decision.pass_radio
        self.fail_radio = self.decision.fail_radio
        self.reasons_edit = self.decision.reasons_edit
        self.recommend_button = self.decision.recommend_button
        self.recommended_label = self.decision.recommended_label
        self.signed_label = self.decision.signed_label
        self.sign_off_button = self.decision.sign_off_button
        self.requests_box = RequestsBox()
        self.requests_box.selection_changed.connect(self._update_actions)
        self.requests_box.request_button.clicked.connect(self.request_documents)
        self.requests_box.received_button.clicked.connect(self.mark_received)
        self.requests_box.letter_save_button.clicked.connect(lambda: self.save_letter())
        self.requests_box.letter_print_button.clicked.connect(self.print_letter)
        self.requests_model = self.requests_box.requests_model
        self.requests_table = self.requests_box.requests_table
        self.outstanding_label = self.requests_box.outstanding_label
        self.request_button = self.requests_box.request_button
        self.received_button = self.requests_box.received_button
        self.letter_save_button = self.requests_box.letter_save_button
        self.letter_print_button = self.requests_box.letter_print_button

        # --- the report, and what became of the last PDF ---
        self.report_save_button = QPushButton()
        self.report_save_button.setObjectName("review_save_report")
        self.report_save_button.clicked.connect(lambda: self.save_report())
        self.report_print_button = QPushButton()
        self.report_print_button.setObjectName("review_print_report")
        self.report_print_button.clicked.connect(self.print_report)
        self.output_label = QLabel()
        self.output_label.setObjectName("review_output")
        self.output_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.output = PdfOutput(
            self,
            started=lambda: self.output_label.setText(self.tr("Preparing the PDF…")),
            done=self._pdf_done,
            failed=self._pdf_failed,
            no_printer=lambda: self.output_label.setText(
                self.tr("No printer here: save it as a PDF instead.")
            ),
            printed=lambda _result: self.output_label.setText(self.tr("Sent to the printer.")),
            print_folder=lambda: scratch.viewer_folder(self.context.database.path),
        )
        self.hint = hint_label("review_hint")

        top = QHBoxLayout()
        top.addWidget(self.state_bar)
        top.addStretch(1)
        top.addWidget(self.report_save_button)
        top.addWidget(self.report_print_button)
        top.addWidget(self.output.open_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.decision)
        right_layout.addWidget(self.requests_box, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("review_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 420])
        self.scroll_area, layout = scroll_area("review_scroll")
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.splitter, 1)
        QVBoxLayout(self).addWidget(self.scroll_area)
        layout.addWidget(self.output_label)
        self.retranslate()

    @property
    def move_buttons(self) -> dict[str, QPushButton]:
        return self.state_bar.move_buttons

    @property
    def busy(self) -> bool:
        """A change made here is still queued or being written."""
        return self.writes > 0

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
            self.case_actions = allowed_actions(database, summary.application_id, self.context.user)
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
        self.state_bar.show_state(summary.status, self.moves)
        self.editor.fill(self.rows, self.shown_applied_id, self.title)
        row = self.current_row()
        self._show_row(row, keep_edits=row is not None and row.applied_qualification_id == keep_edits_of)
        self.requests_box.show_requests(self.requests, self.context.language)
        self.banner.show_state(
            self.lock, correction=self.permission(Action.OPEN_CORRECTION), language=self.context.language
        )
        self._update_actions()

    def title(self, row: AssessmentRow) -> str:
        if self.context.language.startswith("zh"):
            return row.title_zh or row.title_en
        return row.title_en or row.title_zh

    def _show_row(self, row: AssessmentRow | None, *, keep_edits: bool = False) -> None:
        self.shown_applied_id = row.applied_qualification_id if row is not None else None
        if not keep_edits:
            self.editor.show_row(row)
            self.decision.show_row(row)
        self.editor.show_stage(row)
        self.decision.show_decision(row)
        self.editor.update_counters()
        self.decision.update_counter()

    # --- what the user may do -----------------------------------------------------------------------

    def permission(self, action: Action) -> Permission:
        """Whether the current user may do ``action`` to the case now (the core's answer, read on load)."""
        return self.case_actions[action] if self.case_actions is not None else NOT_ALLOWED

    def _why_not(self, permission: Permission) -> str:
        return permission.reason(self.context.language)

    def _hint(self) -> str:
        summary = self.summary
        if summary is None:
            return ""
        if self.user is None:
            return self.tr("Choose who is working (Ctrl+U) to record a review.")
        assessing = self.permission(Action.ASSESS)
        if assessing.code == "state" and summary.status in SIGN_OFF_STATES:
            if self.permission(Action.SIGN_OFF).allowed:
                return self.tr("Recommended: a supervisor who did not write the assessment signs it off.")
            return self.tr("Recommended: waiting for a supervisor to sign it off.")
        return self._why_not(assessing)

    def dirty(self) -> bool:
        """Judgements, notes or reasons typed and not saved."""
        row = self.current_row()
        if row is None or self.shown_applied_id != row.applied_qualification_id:
            return False
        return self.editor.changed_from(row) or self.decision.changed_from(row)

    def _update_actions(self) -> None:
        row = self.current_row()
        idle = not self.busy
        assessing = self.permission(Action.ASSESS)
        can_assess = assessing.allowed and row is not None
        self.editor.set_editable(can_assess)
        self.decision.set_editable(can_assess)
        changed = row is not None and self.editor.changed_from(row)
        self.save_button.setEnabled(idle and can_assess and changed)
        self.save_button.setToolTip(self._why_not(assessing))
        self.unsaved_label.setText(self.tr("Unsaved changes") if row is not None and self.dirty() else "")
        complete = self.editor.complete()
        self.recommend_button.setEnabled(
            idle
            and can_assess
            and complete
            and self.decision.chosen() is not None
            and bool(self.decision.reasons())
            and row is not None
            and (changed or self.decision.changed_from(row) or row.decided_by != self.context.user)
        )
        if can_assess and not complete:
            self.recommend_button.setToolTip(self.tr("Write all five judgements first."))
        else:
            self.recommend_button.setToolTip(self._why_not(assessing))
        signing = self.permission(Action.SIGN_OFF)
        can_sign = signing.allowed and row is not None and row.stage == "recommended"
        self.sign_off_button.setEnabled(idle and can_sign)
        if can_sign or not signing.allowed:
            self.sign_off_button.setToolTip(self._why_not(signing))
        else:
            self.sign_off_button.setToolTip(self.tr("There is no recommendation waiting for a sign-off."))
        requesting = self.permission(Action.REQUEST_DOCUMENTS)
        self.request_button.setEnabled(idle and requesting.allowed)
        self.request_button.setToolTip(self._why_not(requesting))
        request = self.selected_request()
        self.letter_save_button.setEnabled(request is not None)
        self.letter_print_button.setEnabled(request is not None)
        receiving = self.permission(Action.RECEIVE_DOCUMENTS)
        self.received_button.setEnabled(
            idle and request is not None and not request.fulfilled and receiving.allowed
        )
        self.received_button.setToolTip(self._why_not(receiving))
        self.state_bar.set_enabled_moves(idle)
        self.banner.correction_button.setEnabled(idle and self.permission(Action.OPEN_CORRECTION).allowed)
        self.report_save_button.setEnabled(self.summary is not None)
        self.report_print_button.setEnabled(self.summary is not None)
        hint = self._hint()
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    # --- choosing ---------------------------------------------------------------------------------

    def current_row(self) -> AssessmentRow | None:
        applied_id = self.editor.chosen_id()
        return next((row for row in self.rows if row.applied_qualification_id == applied_id), None)

    def select_qualification(self, applied_qualification_id: int) -> None:
        self.editor.select(applied_qualification_id)

    def _qualification_chosen(self) -> None:
        """Another qualification: offer to save the judgements typed for the one shown (else they go)."""
        target = self.editor.chosen_id()
        previous = next(
            (row for row in self.rows if row.applied_qualification_id == self.shown_applied_id), None
        )
        if (
            previous is not None
            and target is not None
            and previous.applied_qualification_id != target
            and self.editor.changed_from(previous)
            and messages.question(
                self,
                self.tr("Save the changes to the judgements of “{title}” first?").format(
                    title=self.title(previous)
                ),
            )
        ):
            self.editor.select(previous.applied_qualification_id, silently=True)
            self._save_judgements_of(previous, then=lambda: self.select_qualification(target))
            return
        self._show_row(self.current_row())
        self._update_actions()

    def selected_request(self) -> RequestRow | None:
        return self.requests_box.selected()

    def select_request(self, request_id: int) -> None:
        self.requests_box.select(request_id)

    # --- changing the case: every write on the task queue -------------------------------------------

    def _refused(self, error: AppError) -> None:
        messages.known_problem(self, error, self.context.language)

    def _after_change(self) -> None:
        self.changed.emit()

    def _write(self, write: Callable[[], object], *, then: Callable[[], None] | None = None) -> None:
        """Run ``write`` on the worker thread; then read the case again (and run ``then``), or say why not."""

        def done(_result: object) -> None:
            self.writes -= 1
            self._after_change()
            if then is not None:
                then()
            self._update_actions()

        def failed(exc: BaseException) -> None:
            self.writes -= 1
            self._update_actions()
            if isinstance(exc, AppError):
                self._refused(exc)
            else:
                tasks.show_error(exc)

        self.writes += 1
        self._update_actions()
        tasks.run_in_background(lambda _control: write(), on_success=done, on_error=failed)

    def move_to(self, target: CaseStatus) -> None:
        """Move the case to ``target`` (asking why where the move needs a reason)."""
        summary = self.summary
        if summary is None:
            return
        reason = ""
        if (CaseStatus(summary.status), target) in NEEDS_REASON:
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
        database, actor, application_id = self.context.database, self.context.user, summary.application_id
        self._write(lambda: move_case(database, application_id, target.value, actor=actor, reason=reason))

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

    def save_judgements(self) -> None:
        row = self.current_row()
        if row is not None:
            self._save_judgements_of(row)

    def _save_judgements_of(self, row: AssessmentRow, *, then: Callable[[], None] | None = None) -> None:
        reason = self._reason_for_signed_off(row)
        if reason is None:
            return
        texts = self.editor.typed()
        database, actor, applied_id = self.context.database, self.context.user, row.applied_qualification_id
        # Read again afterwards; what is typed in the recommendation stays.
        self._write(
            lambda: assessment.save_judgement(database, applied_id, actor=actor, reason=reason, **texts),
            then=then,
        )

    def recommend_current(self) -> None:
        """Recommend the result chosen, saving the judgements typed first (both in one queued write)."""
        row = self.current_row()
        recommendation = self.decision.chosen()
        if row is None or recommendation is None:
            return
        save_first = self.editor.changed_from(row)
        reason = self._reason_for_signed_off(row)
        if reason is None:
            return
        texts, reasons = self.editor.typed(), self.decision.reasons()
        database, actor, applied_id = self.context.database, self.context.user, row.applied_qualification_id

        def write() -> AssessmentRow:
            if save_first:
                # Saving a signed-off record clears its sign-off: the recommendation then needs no reason.
                assessment.save_judgement(database, applied_id, actor=actor, reason=reason, **texts)
            return assessment.recommend(
                database,
                applied_id,
                actor=actor,
                recommendation=recommendation,
                reasons=reasons,
                reason="" if save_first else reason,
            )

        self._write(write)

    def sign_off_current(self) -> None:
        """Sign the recommendation off once the supervisor has seen what they sign: the case, the
        qualification, the recommendation with its reasons and who made it (a sign-off is not undone)."""
        row = self.current_row()
        if row is None:
            return
        summary = self.summary
        case = (
            ""
            if summary is None
            else f"{summary.reference_no or ''} {summary.name_zh} {summary.name_en}".strip()
        )
        if not messages.question(
            self,
            self.tr(
                "Sign off this recommendation?\n\nCase: {case}\nQualification: {title} (QF Level {level})\n"
                "Recommendation: {result}, by {name}\nReasons: {reasons}\n\n"
                "Once signed off, the case can be exported; changing it afterwards needs a correction."
            ).format(
                case=case,
                title=self.title(row),
                level=row.qf_level,
                result=recommendation_label(row.recommendation),
                name=row.decided_by_name or row.decided_by or "?",
                reasons=row.reasons,
            ),
        ):
            return
        database, actor, applied_id = self.context.database, self.context.user, row.applied_qualification_id
        self._write(lambda: assessment.sign_off(database, applied_id, actor=actor))

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
        database, actor, application_id = self.context.database, self.context.user, summary.application_id
        self._write(lambda: corrections.open_correction(database, application_id, actor=actor, reason=reason))

    # --- requests for documents -------------------------------------------------------------------

    def request_documents(self) -> None:
        """The dialog records the request (on the task queue) and closes once it is written."""
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
        database, actor, request_id = self.context.database, self.context.user, request.id
        self._write(lambda: document_requests.mark_fulfilled(database, request_id, actor=actor))

    # --- the letter and the report (``ui/pdf_output.py``) ------------------------------------------

    def _reference(self) -> str:
        summary = self.summary
        if summary is None:
            return ""
        return summary.reference_no or f"case-{summary.application_id}"

    def _letter(self) -> tuple[Render, Path] | None:
        request = self.selected_request()
        if request is None:
            return None
        database, request_id = self.context.database, request.id
        suggested = suggested_path(f"{self._reference()}-R{request_id}.pdf")
        return (lambda out: render_request_letter(database, request_id, out)), suggested

    def save_letter(self, path: Path | None = None) -> None:
        letter = self._letter()
        if letter is not None:
            self.output.save(*letter, self.tr("Save the letter as PDF"), path)

    def print_letter(self) -> None:
        letter = self._letter()
        if letter is not None:
            self.output.print(
                *letter, save_title=self.tr("Save the letter as PDF"), print_title=self.tr("Print the letter")
            )

    def _report(self) -> tuple[Render, Path] | None:
        summary = self.summary
        if summary is None:
            return None
        database, evidence_dir, application_id = (
            self.context.database,
            self.context.data_dir.evidence,
            summary.application_id,
        )
        suggested = suggested_path(f"{self._reference()}-assessment-report.pdf")
        return (lambda out: render_assessment_report(database, evidence_dir, application_id, out)), suggested

    def save_report(self, path: Path | None = None) -> None:
        report = self._report()
        if report is not None:
            self.output.save(*report, self.tr("Save the assessment report as PDF"), path)

    def print_report(self) -> None:
        report = self._report()
        if report is not None:
            self.output.print(
                *report,
                save_title=self.tr("Save the assessment report as PDF"),
                print_title=self.tr("Print the assessment report"),
            )

    def _pdf_done(self, path: Any) -> None:
        self.output_label.setText(self.tr("Saved: {path}").format(path=path))
        self.pdf_saved.emit(Path(path))

    def _pdf_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AppError):
            self.output_label.setText(exc.message(self.context.language))
            self._refused(exc)
        else:
            self.output_label.setText("")
            tasks.show_error(exc)

    # --- language ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.state_bar.retranslate()
        self.editor.retranslate()
        self.decision.retranslate()
        self.requests_box.retranslate()
        self.report_save_button.setText(self.tr("Save report as PDF…"))
        self.report_print_button.setText(self.tr("Print report…"))
        self.banner.retranslate()
        if self.summary is not None:
            self._show(keep_edits_of=self.shown_applied_id if self.dirty() else None)
        else:
            self._update_actions()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

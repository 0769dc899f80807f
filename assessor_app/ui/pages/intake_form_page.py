"""Intake on a promotion day: the event and station, the application form, lodging and the slip.

Keyboard-first: Ctrl+N next applicant, Ctrl+S lodge, Ctrl+Shift+A add an employment row, Ctrl+E the
row's details, Ctrl+Shift+E the previous applicant's employer, Ctrl+F the qualification picker, Ctrl+Shift+D
attach a scan or PDF (``ui/intake/attach_flow.py``), Ctrl+P print the slip (Ctrl+Shift+S save it); Enter
moves to the next field and presses the focused button. Everything typed is saved as a draft within a
second, off the GUI thread (``ui/intake/autosave.py``), and lodging (with the files attached) is one
background transaction. The problems under the fields and the eligibility hint follow the typing once it
pauses (``ui/intake/live_check.py``); the bottom bar, side tabs and slip are ``ui/intake/`` modules.
"""

from __future__ import annotations

import itertools
import logging
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.application_form import ApplicationForm
from assessor_app.core.domain.form_fields import FieldProblem, Severity
from assessor_app.core.domain.lodging_rules import EVENT_REQUIRED
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import hong_kong_now
from assessor_app.core.services.documents.slip import SlipReport
from assessor_app.core.services.evidence import intake_files
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.intake.lodging import DraftRow, EventRow, LodgeResult
from assessor_app.core.services.intake.particulars import known_applicant
from assessor_app.ui import messages, tasks
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake import recovery
from assessor_app.ui.intake.attach_flow import IntakeAttacher
from assessor_app.ui.intake.attachments_box import ATTACH_SHORTCUT
from assessor_app.ui.intake.autosave import DraftAutosaver
from assessor_app.ui.intake.bottom_bar import IntakeBottomBar
from assessor_app.ui.intake.event_panel import EventPanel
from assessor_app.ui.intake.form import ApplicationFormWidget, repolish
from assessor_app.ui.intake.form_columns import FormColumns
from assessor_app.ui.intake.form_problems import problem_sort_key
from assessor_app.ui.intake.known_applicant import typed_changes
from assessor_app.ui.intake.live_check import LiveCheck
from assessor_app.ui.intake.lodged_panel import LodgedPanel
from assessor_app.ui.intake.side_panel import SIDE_PANEL_SHORTCUT, IntakeSideTabs, SidePanelToggle
from assessor_app.ui.intake.slip_flow import IntakeSlip
from assessor_app.ui.pages.base import Page, heading_label

log = logging.getLogger(__name__)

PAGE_STYLE = """
QLabel[severity="error"] { color: #b3261e; }
QComboBox[problem="error"], QLineEdit[problem="error"] { border: 2px solid #b3261e; }
"""

OPERATOR_REQUIRED = FieldProblem(
    "operator",
    "operator_required",
    "Choose who is working (Switch user, Ctrl+U): they are recorded as the staff member who checked "
    "the HKID card.",
    "請先選擇工作人員（切換用戶，Ctrl+U）：系統會記錄為核對身份證的職員。",
)


class IntakeFormPage(Page):
    """The promotion-day page; ``settings`` are the main window's preferences (the side panel's choice is
    kept there); ``today`` is a callable so tests can fix the application date."""

    open_case_requested = Signal(int)  # application id of an existing case for the same HKID
    application_lodged = Signal(str)  # reference number
    draft_saved = Signal(str, object)  # draft uid, the ApplicationForm now on disk

    def __init__(
        self,
        context: UiContext,
        parent: QWidget | None = None,
        *,
        settings: QSettings,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(context, parent)
        self.setObjectName("page_intake")
        self.setStyleSheet(PAGE_STYLE)
        self.today = today
        self.draft_uid: str | None = None
        self.last_result: LodgeResult | None = None
        self._lodging = False
        self._show_page_problems = False
        self._checked_hkid: str | None = None
        self._counted_drafts: set[str] = set()

        self.heading = heading_label("intake_form_heading")
        self.event_panel = EventPanel(context, self.today)
        self.lodged_panel = LodgedPanel()
        self.side_tabs = IntakeSideTabs(context)
        self.queue = self.side_tabs.queue
        self.dashboard = self.side_tabs.dashboard
        # The widgets tests and the tab order know by name.
        self.event_combo = self.event_panel.event_combo
        self.new_event_button = self.event_panel.new_event_button
        self.event_details = self.event_panel.event_details
        self.station_edit = self.event_panel.station_edit
        self.set_station_button = self.event_panel.set_station_button
        self.operator_edit = self.event_panel.operator_edit
        self.reference_label = self.lodged_panel.reference_label
        self.lodged_warnings = self.lodged_panel.warnings_label
        self.print_button = self.lodged_panel.print_button
        self.save_slip_button = self.lodged_panel.save_slip_button
        self.next_button = self.lodged_panel.next_button
        self.counts_label = self.queue.counts_label
        self.queue_model = self.queue.queue_model
        self.resume_button = self.queue.resume_button

        # --- the form --------------------------------------------------------------------------------
        self.form = ApplicationFormWidget(context.database)
        self.form.language = context.language
        self.form_scroll = QScrollArea()
        self.form_scroll.setObjectName("form_scroll")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.form_scroll.setWidget(self.form)
        self.form_columns = FormColumns(self.form_scroll, self.form, self.form.columns)
        # Hidden on a laptop screen so the form fits; a button or SIDE_PANEL_SHORTCUT away.
        self.side_panel = SidePanelToggle(self, self.side_tabs, settings)
        self.bottom_bar = IntakeBottomBar(self.side_panel.button)
        self.lodge_button = self.bottom_bar.lodge_button
        self.status_line = self.bottom_bar.status_line
        self.slip = IntakeSlip(self, context, lambda: self.last_result, self.bottom_bar, self._failed)
        self.lodged_panel.add_open_button(self.slip.output.open_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.lodged_panel)
        left_layout.addWidget(self.form_scroll, 1)
        left_layout.addWidget(self.bottom_bar)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("intake_splitter")
        splitter.addWidget(left)
        splitter.addWidget(self.side_tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        # Three parts to two: on a 1366x768 laptop the form keeps the width it needs (670 px in
        # English) and the queue shows a name beside the reference, HKID, count and time, none cut.
        splitter.setSizes([600, 400])
        self.splitter = splitter

        layout = QVBoxLayout(self)
        # Narrow margins: a standard application fits a 1366x768 screen whole, in both languages.
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        top.addWidget(self.heading, 0, Qt.AlignmentFlag.AlignTop)  # beside the event, not above it
        top.addWidget(self.event_panel, 1)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.attacher = IntakeAttacher(context, self.form, lambda: self.draft_uid, self)
        self.attacher.status.connect(lambda text, error: self.bottom_bar.set_status(text, error=error))
        self.autosaver = DraftAutosaver(context.database, self._snapshot, self)
        self.autosaver.saved.connect(self._draft_saved)
        self.autosaver.failed.connect(self._draft_failed)
        # Typing is checked once it pauses, not per keystroke: each check reads the catalogue.
        self.live_check = LiveCheck(context.database, self)
        self.live_check.due.connect(self._revalidate)

        self.shortcuts: dict[str, QShortcut] = {}
        for name, sequence, slot in (
            ("new", "Ctrl+N", self.new_application),
            ("lodge", "Ctrl+S", self.lodge),
            ("add_row", "Ctrl+Shift+A", self._add_row_shortcut),
            ("row_details", "Ctrl+E", self.open_row_details),
            ("copy_employer", "Ctrl+Shift+E", self.copy_previous_employer),
            ("picker", "Ctrl+F", self.focus_picker),
            ("print", "Ctrl+P", self.print_slip),
            ("save_slip", "Ctrl+Shift+S", lambda: self.save_slip_as_pdf()),
            ("attach", ATTACH_SHORTCUT, lambda: self.attacher.attach()),
            ("side_panel", SIDE_PANEL_SHORTCUT, self.side_panel.toggle),
        ):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts[name] = shortcut

        self.event_panel.event_chosen.connect(self._event_chosen)
        self.event_panel.setting_failed.connect(self._failed)
        self.form.edited.connect(self._form_edited)
        self.form.duplicates.open_case_requested.connect(self.open_case_requested)
        self.lodge_button.clicked.connect(self.lodge)
        self.print_button.clicked.connect(self.print_slip)
        self.save_slip_button.clicked.connect(lambda: self.save_slip_as_pdf())
        self.next_button.clicked.connect(self.new_application)
        self.resume_button.clicked.connect(self.resume_draft)

        chain: list[QWidget] = [
            self.event_combo,
            self.new_event_button,
            self.set_station_button,
            *self.form.tab_chain(),
            self.lodge_button,
            self.print_button,
            self.save_slip_button,
            self.next_button,
            self.resume_button,
            self.side_panel.button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        # Enter presses the focused button (Qt presses a button with Space only, outside dialogs).
        for button in self.findChildren(QPushButton):
            button.installEventFilter(self)

        self.form.clear(self.today())
        self.retranslate()
        self.refresh()

    # --- the Page contract -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Intake: promotion day"))
        self.bottom_bar.retranslate()
        self.side_tabs.retranslate()
        self.side_panel.retranslate()
        self.event_panel.retranslate()
        self.lodged_panel.retranslate()
        self.form.set_language(self.context.language)
        self.form.set_event(self.current_event())
        self._show_lodged()
        self._revalidate()

    def refresh(self) -> None:
        self.live_check.forget()
        self.event_panel.refresh()
        event = self.current_event()
        self.form.set_event(event)
        self.form.picker.reload()
        self.side_tabs.follow(event)
        self.refresh_queue()

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_now()
        super().hideEvent(event)

    def save_now(self) -> None:
        """Write any unsaved typing now (page hidden, window closing)."""
        if self.last_result is None:
            self.autosaver.flush()

    # --- event, station, operator (``ui/intake/event_panel.py``) ----------------------------------

    def current_event(self) -> EventRow | None:
        return self.event_panel.current_event()

    def select_event(self, event_id: int) -> None:
        self.event_panel.select_event(event_id)

    def _event_chosen(self) -> None:
        event = self.current_event()
        self.form.set_event(event)
        self.side_tabs.follow(event)
        self.refresh_queue()
        if self.draft_uid is not None and self.last_result is None:
            self.autosaver.changed()
        self._revalidate()

    def set_station(self) -> bool:
        return self.event_panel.set_station()

    def operator(self) -> str:
        return self.event_panel.operator()

    def apply_current_user(self) -> None:
        """The user changed (start-up or Switch user): they are now the staff taking applications."""
        if self.event_panel.apply_current_user():
            self._revalidate()

    def refresh_queue(self) -> None:
        """The event's queue and its figures read again (another event, a lodge, a draft resumed)."""
        self.side_tabs.refresh(self.current_event())

    # --- typing, validation, duplicates ----------------------------------------------------------

    def _form_edited(self, key: str) -> None:
        if self.last_result is not None:
            return
        if self.draft_uid is None:
            self.draft_uid = str(uuid.uuid4())
        self.autosaver.changed()
        if key == "hkid":
            self._check_duplicates()
        self.live_check.edited()

    def _snapshot(self) -> tuple[str, ApplicationForm] | None:
        if self.draft_uid is None or self.last_result is not None:
            return None
        event = self.current_event()
        return self.draft_uid, self.form.collect(event.id if event else None)

    def _draft_saved(self, uid: str, form: object) -> None:
        moment = hong_kong_now().strftime("%H:%M:%S")
        self.bottom_bar.set_status(self.tr("Draft saved at {time}.").format(time=moment))
        if uid not in self._counted_drafts:  # a new draft: the count of open drafts changed
            self._counted_drafts.add(uid)
            self.queue.count_drafts()
        self.draft_saved.emit(uid, form)

    def _draft_failed(self, error: AppError) -> None:
        self.bottom_bar.set_status(
            self.tr("Draft NOT saved: {reason} It will be tried again.").format(
                reason=error.message(self.context.language)
            ),
            error=True,
        )

    def _check_duplicates(self) -> None:
        number = self.form.normalised_hkid()
        if number == self._checked_hkid:
            return
        self._checked_hkid = number
        cases = lodging.find_duplicates(self.context.database, number) if number else []
        self.form.duplicates.set_cases(cases)
        self.form.known_applicant.set_known(
            known_applicant(self.context.database, number) if number else None
        )

    def problems(self) -> list[FieldProblem]:
        """Everything wrong with the form now: the core's checks and the page's own (event, staff)."""
        event = self.current_event()
        form = self.form.collect(event.id if event else None)
        problems = self.live_check.problems(form, self.today())
        if not self.context.user:
            problems.append(OPERATOR_REQUIRED)
        return problems

    def _revalidate(self) -> list[FieldProblem]:
        self.live_check.stop()
        problems = self.problems()
        self.form.show_problems(problems, self.context.language)
        self.form.refresh_eligibility(self.today())
        known = self.form.known_applicant
        if known.known is not None:
            event = self.current_event()
            typed = self.form.collect(event.id if event else None)
            known.show_changes(typed_changes(known.known, typed, self.today()))
        shown = self._show_page_problems or self.form.show_all
        for label, widget, problem in (
            (self.event_panel.event_problem, self.event_combo, EVENT_REQUIRED),
            (self.event_panel.operator_problem, self.operator_edit, OPERATOR_REQUIRED),
        ):
            active = shown and problem in problems
            label.setText(problem.message(self.context.language) if active else "")
            label.setProperty("severity", "error" if active else "")
            label.setVisible(active)
            repolish(label)
            widget.setProperty("problem", "error" if active else "")
            repolish(widget)
        return problems

    # --- keyboard ---------------------------------------------------------------------------------

    def _add_row_shortcut(self) -> None:
        if self.form.isEnabled():
            self.form.add_employment_row()
            self.form_scroll.ensureWidgetVisible(self.form.employment_table)

    def open_row_details(self) -> None:
        if self.form.isEnabled():
            self.form.open_row_details()

    def copy_previous_employer(self) -> None:
        if self.form.isEnabled() and not self.form.copy_previous_employer():
            self.bottom_bar.set_status(
                self.tr("No application lodged at this event yet: no employer to copy.")
            )

    def focus_picker(self) -> None:
        if self.form.isEnabled():
            self.form.picker.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.form.picker.search.selectAll()
            self._show_focus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QPushButton)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            if watched.isEnabled():
                watched.click()
            return True
        return super().eventFilter(watched, event)

    def _show_focus(self) -> None:
        """Scroll the form to the focused field (Tab and Enter do this themselves, through the scroll area)."""
        widget = QApplication.focusWidget()
        if widget is not None and self.form.isAncestorOf(widget):
            self.form_scroll.ensureWidgetVisible(widget, 20, 20)

    def _commit_open_editor(self) -> None:
        """A cell being edited is committed before the form is read (it normally commits per keystroke)."""
        editor = QApplication.focusWidget()
        table = self.form.employment_table
        if editor is not None and editor is not table and table.isAncestorOf(editor):
            table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- lodging ---------------------------------------------------------------------------------

    def lodge(self) -> None:
        """Validate; on errors put the cursor on the first one; else lodge in one transaction."""
        if self._lodging or self.last_result is not None:
            return
        if self.attacher.pending:
            self.bottom_bar.set_status(
                self.tr("Not lodged: a file is still being attached. Lodge again in a moment."), error=True
            )
            return
        self._commit_open_editor()
        self._show_page_problems = True
        self.form.touch_all()
        problems = self._revalidate()
        errors = sorted((p for p in problems if p.severity is Severity.ERROR), key=_page_problem_key)
        if errors:
            first = errors[0]
            if first.field == "event":
                self.event_combo.setFocus(Qt.FocusReason.OtherFocusReason)
            elif first.field != "operator":  # no field for it: the user is chosen with Switch user
                self.form.focus_problem(first)
                self._show_focus()
            self.bottom_bar.set_status(
                self.tr("Not lodged: %n problem(s) to fix, shown in red.", "", len(errors)), error=True
            )
            return
        if self.event_panel.station is None and not self.set_station():
            self.bottom_bar.set_status(
                self.tr("Not lodged: set this laptop's station code first."), error=True
            )
            return
        event = self.current_event()
        assert event is not None
        form = self.form.collect(event.id)
        uid = self.draft_uid
        operator = self.context.user  # a username: the service checks they may lodge
        today = self.today()
        database, evidence_dir = self.context.database, self.context.data_dir.evidence
        update = self.form.known_applicant.update_particulars()  # the clerk's choice for a known HKID
        self.autosaver.cancel()
        self._lodging = True
        self.lodge_button.setEnabled(False)
        self.form.setEnabled(False)
        self.bottom_bar.set_status(self.tr("Lodging…"))

        def work(_control: tasks.TaskControl) -> LodgeResult:
            return intake_files.lodge_with_files(
                database,
                evidence_dir,
                form,
                draft_uid=uid,
                operator=operator,
                today=today,
                update_particulars=update,
            )

        tasks.run_in_background(work, on_success=self._lodged, on_error=self._lodge_failed)

    def _lodged(self, result: LodgeResult) -> None:
        self._lodging = False
        self.last_result = result
        self.draft_uid = None
        self.lodge_button.setEnabled(False)
        self._show_lodged()
        self.refresh_queue()
        self.bottom_bar.set_status(self.tr("Lodged as {reference}.").format(reference=result.reference_no))
        self.print_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.application_lodged.emit(result.reference_no)

    def _lodge_failed(self, exc: BaseException) -> None:
        self._lodging = False
        self.lodge_button.setEnabled(True)
        self.form.setEnabled(True)
        if self.draft_uid is not None:
            self.autosaver.changed()  # what was typed goes back into the draft
        if isinstance(exc, AppError):
            self.bottom_bar.set_status(
                self.tr("Not lodged: {reason}").format(reason=exc.message(self.context.language)), error=True
            )
            messages.known_problem(self, exc, self.context.language)
        else:
            self.bottom_bar.set_status(self.tr("Not lodged: an unexpected error."), error=True)
            tasks.show_error(exc)

    def _show_lodged(self) -> None:
        result = self.last_result
        warnings = [self.form.describe_problem(p) for p in result.warnings] if result is not None else []
        self.lodged_panel.show_result(result, warnings)

    # --- next applicant and drafts ----------------------------------------------------------------

    def new_application(self) -> None:
        """Clear the form for the next person; an unfinished form stays an open draft."""
        if self._lodging:
            return
        kept = self.last_result is None and self.draft_uid is not None
        if kept:
            self.autosaver.flush()
        self.autosaver.cancel()
        self._reset_form()
        self.refresh_queue()
        self.bottom_bar.set_status(
            self.tr("The unfinished application was kept as a draft: Resume draft brings it back.")
            if kept
            else self.tr("Ready for the next applicant.")
        )
        self.form.first_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._show_focus()

    def _reset_form(self) -> None:
        self.attacher.form_replaced()
        self.last_result = None
        self.slip.last = None
        self.draft_uid = None
        self._checked_hkid = None
        self._show_page_problems = False
        self.lodged_panel.hide()
        self.form.setEnabled(True)
        self.lodge_button.setEnabled(True)
        self.form.clear(self.today())
        self._revalidate()
        self.form_scroll.verticalScrollBar().setValue(0)

    def restore_draft(self, draft: DraftRow) -> None:
        """Put a saved draft back into the fields, exactly as typed; it keeps its draft uid."""
        if self._lodging or draft.uid == self.draft_uid:
            return
        if self.last_result is None and self.draft_uid is not None:
            self.autosaver.flush()
        self.autosaver.cancel()
        self._reset_form()
        if draft.event_id is not None:
            self.select_event(draft.event_id)
        self.form.load(draft.form)
        self.draft_uid = draft.uid
        self._check_duplicates()
        self._revalidate()
        self.bottom_bar.set_status(
            self.tr("Draft restored: {name}.").format(name=draft.form.display_name() or self.tr("(no name)"))
        )
        self.form.first_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def resume_draft(self) -> None:
        exclude = {self.draft_uid} if self.draft_uid else set()
        if self.draft_uid is not None:
            self.autosaver.flush()
        draft = recovery.offer_open_drafts(self, self.context, exclude=exclude)
        self.refresh_queue()
        if draft is not None:
            self.restore_draft(draft)

    # --- the slip (``ui/intake/slip_flow.py``) -----------------------------------------------------

    @property
    def last_slip(self) -> SlipReport | None:
        return self.slip.last

    def save_slip_as_pdf(self, path: Path | None = None) -> None:
        """Render the slip of the application just lodged to a PDF chosen by the user."""
        self.slip.save(path)

    def print_slip(self) -> None:
        self.slip.print()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, AppError):
            self.bottom_bar.set_status(exc.message(self.context.language), error=True)
            messages.known_problem(self, exc, self.context.language)
        else:
            tasks.show_error(exc)


def _page_problem_key(problem: FieldProblem) -> tuple[int, int, int]:
    if problem.field == "event":
        return (-2, 0, 0)
    if problem.field == "operator":
        return (-1, 0, 0)
    return problem_sort_key(problem)

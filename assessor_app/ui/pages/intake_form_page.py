"""Intake on a promotion day: the event and station, the application form, lodging and the slip.

Keyboard-first: Ctrl+N next applicant, Ctrl+S lodge, Ctrl+Shift+A add an employment row, Ctrl+Q the
qualification picker; Enter moves to the next field. Everything typed is saved as a draft within a
second, off the GUI thread (``ui/intake/autosave.py``), and lodging is one background transaction.
"""

from __future__ import annotations

import itertools
import logging
import uuid
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.application_form import ApplicationForm, FieldProblem, Severity, validate_form
from assessor_app.core.errors import AppError
from assessor_app.core.services.documents.slip import (
    HONG_KONG,
    SlipReport,
    build_slip_data,
    render_slip,
    to_hong_kong_time,
)
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.intake.lodging import DraftRow, EventRow, LodgeResult
from assessor_app.ui import messages, tasks
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake import dialogs, recovery, slip_output
from assessor_app.ui.intake.autosave import DraftAutosaver
from assessor_app.ui.intake.form import ApplicationFormWidget, problem_sort_key, repolish
from assessor_app.ui.intake.queue_model import QueueTableModel
from assessor_app.ui.pages.base import Page, heading_label
from assessor_app.ui.users import current_user

log = logging.getLogger(__name__)

EVENT_SETTING = "intake_event_id"
REFERENCE_POINT_SIZE = 28
LODGED_STYLE = """
QFrame#lodged_panel { background: #e8f5e9; border: 1px solid #2e7d32; border-radius: 6px; }
QFrame#lodged_panel QLabel { background: transparent; border: none; }
QLabel#reference_label { color: #1b5e20; }
QLabel#lodged_warnings { color: #8a5a00; }
"""
PAGE_STYLE = """
QLabel[severity="error"] { color: #b3261e; }
QComboBox[problem="error"], QLineEdit[problem="error"] { border: 2px solid #b3261e; }
"""

CARER_NOT_ALLOWED = FieldProblem(
    "carer_declaration",
    "carer_not_allowed",
    "A carer's declaration is accepted only for the eight elderly-care qualifications open to carers.",
    "照顧者聲明只適用於開放予照顧者申請的八項安老服務資歷。",
)
EVENT_REQUIRED = FieldProblem("event", "event_required", "Choose the event.", "請選擇活動。")
OPERATOR_REQUIRED = FieldProblem(
    "operator",
    "operator_required",
    "Type your name: it is recorded as the staff member who checked the HKID card.",
    "請輸入你的姓名：系統會記錄為核對身份證的職員。",
)


class IntakeFormPage(Page):
    """The promotion-day page; ``today`` is a callable so tests can fix the application date."""

    open_case_requested = Signal(int)  # application id of an existing case for the same HKID
    application_lodged = Signal(str)  # reference number
    draft_saved = Signal(str, object)  # draft uid, the ApplicationForm now on disk

    def __init__(
        self, context: UiContext, parent: QWidget | None = None, *, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(context, parent)
        self.setObjectName("page_intake")
        self.setStyleSheet(PAGE_STYLE)
        self.today = today
        self.draft_uid: str | None = None
        self.last_result: LodgeResult | None = None
        self.last_slip: SlipReport | None = None
        self._events: list[EventRow] = []
        self._station: str | None = None
        self._lodging = False
        self._show_page_problems = False
        self._checked_hkid: str | None = None
        self._open_drafts = 0
        self._counted_drafts: set[str] = set()

        self.heading = heading_label("intake_form_heading")

        # --- the event, this laptop and the staff member -----------------------------------------
        self.event_box = QGroupBox()
        self.event_box.setObjectName("event_box")
        self.event_label = QLabel()
        self.event_combo = QComboBox()
        self.event_combo.setObjectName("event_combo")
        self.event_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.event_combo.setMinimumContentsLength(40)
        self.event_label.setBuddy(self.event_combo)
        self.new_event_button = QPushButton()
        self.new_event_button.setObjectName("new_event_button")
        self.event_details = QLabel()
        self.event_details.setObjectName("event_details")
        self.event_problem = QLabel()
        self.event_problem.setObjectName("problem_event")
        self.event_problem.hide()
        self.station_label = QLabel()
        self.station_edit = QLineEdit()
        self.station_edit.setObjectName("station_edit")
        self.station_edit.setReadOnly(True)
        self.station_edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.station_edit.setMaximumWidth(90)
        self.set_station_button = QPushButton()
        self.set_station_button.setObjectName("set_station_button")
        self.operator_label = QLabel()
        self.operator_edit = QLineEdit()
        self.operator_edit.setObjectName("operator_edit")
        self.operator_edit.setMaxLength(60)
        self.operator_label.setBuddy(self.operator_edit)
        self.operator_problem = QLabel()
        self.operator_problem.setObjectName("problem_operator")
        self.operator_problem.setWordWrap(True)
        self.operator_problem.hide()
        event_grid = QGridLayout(self.event_box)
        event_grid.addWidget(self.event_label, 0, 0)
        event_grid.addWidget(self.event_combo, 0, 1, 1, 3)
        event_grid.addWidget(self.new_event_button, 0, 4)
        event_grid.addWidget(self.event_details, 1, 1, 1, 4)
        event_grid.addWidget(self.event_problem, 2, 1, 1, 4)
        event_grid.addWidget(self.station_label, 3, 0)
        station_row = QHBoxLayout()
        station_row.addWidget(self.station_edit)
        station_row.addWidget(self.set_station_button)
        station_row.addSpacing(24)
        station_row.addWidget(self.operator_label)
        station_row.addWidget(self.operator_edit, 1)
        event_grid.addLayout(station_row, 3, 1, 1, 4)
        event_grid.addWidget(self.operator_problem, 4, 1, 1, 4)
        event_grid.setColumnStretch(1, 1)

        # --- after lodging: the reference number, large ---------------------------------------------
        self.lodged_panel = QFrame()
        self.lodged_panel.setObjectName("lodged_panel")
        self.lodged_panel.setStyleSheet(LODGED_STYLE)
        self.lodged_caption = QLabel()
        self.lodged_caption.setObjectName("lodged_caption")
        self.reference_label = QLabel()
        self.reference_label.setObjectName("reference_label")
        reference_font = QFont(self.reference_label.font())
        reference_font.setPointSize(REFERENCE_POINT_SIZE)
        reference_font.setBold(True)
        self.reference_label.setFont(reference_font)
        self.reference_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.lodged_details = QLabel()
        self.lodged_details.setObjectName("lodged_details")
        self.lodged_details.setWordWrap(True)
        self.lodged_warnings = QLabel()
        self.lodged_warnings.setObjectName("lodged_warnings")
        self.lodged_warnings.setWordWrap(True)
        self.print_button = QPushButton()
        self.print_button.setObjectName("print_slip_button")
        self.save_slip_button = QPushButton()
        self.save_slip_button.setObjectName("save_slip_button")
        self.next_button = QPushButton()
        self.next_button.setObjectName("next_applicant_button")
        lodged_buttons = QHBoxLayout()
        lodged_buttons.addWidget(self.print_button)
        lodged_buttons.addWidget(self.save_slip_button)
        lodged_buttons.addStretch(1)
        lodged_buttons.addWidget(self.next_button)
        lodged_layout = QVBoxLayout(self.lodged_panel)
        lodged_layout.addWidget(self.lodged_caption)
        lodged_layout.addWidget(self.reference_label)
        lodged_layout.addWidget(self.lodged_details)
        lodged_layout.addWidget(self.lodged_warnings)
        lodged_layout.addLayout(lodged_buttons)
        self.lodged_panel.hide()

        # --- the form --------------------------------------------------------------------------------
        self.form = ApplicationFormWidget(context.database)
        self.form.language = context.language
        self.form_scroll = QScrollArea()
        self.form_scroll.setObjectName("form_scroll")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.form_scroll.setWidget(self.form)
        self.lodge_button = QPushButton()
        self.lodge_button.setObjectName("lodge_button")
        lodge_font = QFont(self.lodge_button.font())
        lodge_font.setBold(True)
        self.lodge_button.setFont(lodge_font)
        self.lodge_button.setMinimumHeight(34)
        self.status_line = QLabel()
        self.status_line.setObjectName("status_line")
        self.status_line.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_line, 1)
        bottom.addWidget(self.lodge_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.lodged_panel)
        left_layout.addWidget(self.form_scroll, 1)
        left_layout.addLayout(bottom)

        # --- the queue of this event -----------------------------------------------------------------
        self.queue_box = QGroupBox()
        self.queue_box.setObjectName("queue_box")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts_label")
        self.counts_label.setWordWrap(True)
        self.queue_model = QueueTableModel(self)
        self.queue_table = QTableView()
        self.queue_table.setObjectName("queue_table")
        self.queue_table.setModel(self.queue_model)
        self.queue_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue_table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.queue_table.verticalHeader().hide()
        queue_header = self.queue_table.horizontalHeader()
        queue_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        queue_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.queue_table.setWordWrap(False)
        self.resume_button = QPushButton()
        self.resume_button.setObjectName("resume_draft_button")
        queue_layout = QVBoxLayout(self.queue_box)
        queue_layout.addWidget(self.counts_label)
        queue_layout.addWidget(self.queue_table, 1)
        queue_layout.addWidget(self.resume_button)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("intake_splitter")
        splitter.addWidget(left)
        splitter.addWidget(self.queue_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([1000, 420])
        self.queue_box.setMinimumWidth(340)
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.event_box)
        layout.addWidget(splitter, 1)

        self.autosaver = DraftAutosaver(context.database, self._snapshot, self)
        self.autosaver.saved.connect(self._draft_saved)
        self.autosaver.failed.connect(self._draft_failed)

        self.shortcuts: dict[str, QShortcut] = {}
        for name, sequence, slot in (
            ("new", "Ctrl+N", self.new_application),
            ("lodge", "Ctrl+S", self.lodge),
            ("add_row", "Ctrl+Shift+A", self._add_row_shortcut),
            ("picker", "Ctrl+Q", self.focus_picker),
        ):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts[name] = shortcut

        self.event_combo.currentIndexChanged.connect(self._event_chosen)
        self.new_event_button.clicked.connect(self.new_event)
        self.set_station_button.clicked.connect(self.set_station)
        self.operator_edit.editingFinished.connect(self._operator_finished)
        self.operator_edit.textEdited.connect(lambda _text: self._revalidate())
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
            self.operator_edit,
            *self.form.tab_chain(),
            self.lodge_button,
            self.print_button,
            self.save_slip_button,
            self.next_button,
            self.resume_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.retranslate()
        self.refresh()

    # --- the Page contract -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Intake: promotion day"))
        self.event_box.setTitle(self.tr("Promotion day and this laptop"))
        self.event_label.setText(self.tr("Event"))
        self.new_event_button.setText(self.tr("New event…"))
        self.station_label.setText(self.tr("Station"))
        self.station_edit.setPlaceholderText(self.tr("not set"))
        self.set_station_button.setText(self.tr("Set station code…"))
        self.operator_label.setText(self.tr("Staff name"))
        self.operator_edit.setPlaceholderText(self.tr("who is taking applications"))
        self.lodged_caption.setText(self.tr("Application lodged. Reference number:"))
        self.print_button.setText(self.tr("Print slip"))
        self.save_slip_button.setText(self.tr("Save slip as PDF…"))
        self.next_button.setText(self.tr("Next applicant (Ctrl+N)"))
        self.lodge_button.setText(self.tr("Lodge (Ctrl+S)"))
        self.queue_box.setTitle(self.tr("Applications at this event"))
        self.resume_button.setText(self.tr("Resume draft…"))
        self.queue_model.retranslate()
        self.form.set_language(self.context.language)
        self._fill_events()
        self._show_event_details()
        self._show_station()
        self._show_counts()
        self._show_lodged()
        self._revalidate()

    def refresh(self) -> None:
        self._events = lodging.list_events(self.context.database)
        self._station = lodging.local_station(self.context.database)
        if not self.operator_edit.text():  # what is typed here is newer than the stored setting
            self.operator_edit.setText(self._default_operator())
        self._fill_events()
        self._show_station()
        self.form.picker.reload()
        self.refresh_queue()

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_now()
        super().hideEvent(event)

    def save_now(self) -> None:
        """Write any unsaved typing now (page hidden, window closing)."""
        if self.last_result is None:
            self.autosaver.flush()

    # --- event, station, operator ---------------------------------------------------------------

    def current_event(self) -> EventRow | None:
        event_id = self.event_combo.currentData()
        return next((event for event in self._events if event.id == event_id), None)

    def _event_text(self, event: EventRow) -> str:
        return f"{event.event_date:%Y-%m-%d}  {event.name}  ({event.code})"

    def _fill_events(self) -> None:
        """Keep the event chosen; else the one used last if it is today's; else today's first event.

        An event of another day is never chosen on its own: lodging under last week's event by
        mistake is worse than having to pick one.
        """
        previous = self.event_combo.currentData()
        todays = [event.id for event in self._events if event.event_date == self.today()]
        remembered = lodging.get_setting(self.context.database, EVENT_SETTING)
        wanted: int | None = None
        if previous in {event.id for event in self._events}:
            wanted = previous
        elif remembered.isdigit() and int(remembered) in todays:
            wanted = int(remembered)
        elif todays:
            wanted = todays[0]
        self.event_combo.blockSignals(True)
        try:
            self.event_combo.clear()
            for event in self._events:
                self.event_combo.addItem(self._event_text(event), event.id)
            self.event_combo.setPlaceholderText(self.tr("Choose the event, or create one"))
            self.event_combo.setCurrentIndex(self.event_combo.findData(wanted) if wanted is not None else -1)
        finally:
            self.event_combo.blockSignals(False)
        if wanted != previous:
            self._event_chosen(self.event_combo.currentIndex())
        else:
            self.form.set_event(self.current_event())
            self._show_event_details()

    def _show_event_details(self) -> None:
        event = self.current_event()
        if event is None:
            self.event_details.setText(self.tr("No event chosen: applications need one."))
            return
        agency = event.agency_name_zh if self.context.language.startswith("zh") else event.agency_name_en
        place = " · ".join(part for part in (event.host_organisation, event.venue) if part)
        self.event_details.setText(" · ".join(part for part in (place, agency or event.agency_code) if part))

    def _event_chosen(self, _index: int) -> None:
        event = self.current_event()
        if event is not None:
            self._save_setting(EVENT_SETTING, str(event.id))
        self.form.set_event(event)
        self._show_event_details()
        self.refresh_queue()
        if self.draft_uid is not None and self.last_result is None:
            self.autosaver.changed()
        self._revalidate()

    def select_event(self, event_id: int) -> None:
        position = self.event_combo.findData(event_id)
        if position >= 0:
            self.event_combo.setCurrentIndex(position)

    def new_event(self) -> None:
        created = dialogs.ask_new_event(self.context.database, self.context.language, self.today, self)
        if created is None:
            return
        self._events = lodging.list_events(self.context.database)
        self._fill_events()
        self.select_event(created.id)

    def _show_station(self) -> None:
        self.station_edit.setText(self._station or "")
        self.set_station_button.setVisible(self._station is None)

    def set_station(self) -> bool:
        code = dialogs.ask_station_code(self.context.database, self.context.language, self)
        self._station = lodging.local_station(self.context.database)
        self._show_station()
        return code is not None

    def operator(self) -> str:
        return self.operator_edit.text().strip()

    def _user_name(self) -> str:
        user = current_user(self.context)
        return user.display_name if user is not None else ""

    def _default_operator(self) -> str:
        """Who is working, when someone is chosen; else the staff name kept in the settings."""
        return self._user_name() or lodging.get_setting(self.context.database, lodging.OPERATOR_SETTING)

    def apply_current_user(self) -> None:
        """The user changed (start-up or Switch user): they are now the staff taking applications."""
        name = self._user_name()
        if name:
            self.operator_edit.setText(name)
            self._revalidate()

    def _operator_finished(self) -> None:
        if self.operator() and self.operator() == self._user_name():
            return  # the chosen user's name is not a setting: keep the one typed for nobody in particular
        self._save_setting(lodging.OPERATOR_SETTING, self.operator())

    def _save_setting(self, key: str, value: str) -> None:
        database = self.context.database
        tasks.run_in_background(
            lambda _control: lodging.set_setting(database, key, value), on_error=self._failed
        )

    # --- queue and counts ------------------------------------------------------------------------

    def refresh_queue(self) -> None:
        event = self.current_event()
        rows = lodging.event_queue(self.context.database, event.id) if event is not None else []
        self.queue_model.set_rows(rows)
        self._count_drafts()

    def _count_drafts(self) -> None:
        self._open_drafts = len(lodging.open_drafts(self.context.database))
        self._show_counts()

    def _show_counts(self) -> None:
        today_here = datetime.now(HONG_KONG).date()
        lodged_today = sum(
            1
            for row in self.queue_model.rows
            if row.lodged_at is not None and to_hong_kong_time(row.lodged_at).date() == today_here
        )
        self.counts_label.setText(
            self.tr("Lodged today: {lodged} · Drafts open: {drafts}").format(
                lodged=lodged_today, drafts=self._open_drafts
            )
        )
        self.resume_button.setEnabled(self._open_drafts > 0)

    # --- typing, validation, duplicates ----------------------------------------------------------

    def _form_edited(self, key: str) -> None:
        if self.last_result is not None:
            return
        if self.draft_uid is None:
            self.draft_uid = str(uuid.uuid4())
        self.autosaver.changed()
        if key == "hkid":
            self._check_duplicates()
        self._revalidate()

    def _snapshot(self) -> tuple[str, ApplicationForm] | None:
        if self.draft_uid is None or self.last_result is not None:
            return None
        event = self.current_event()
        return self.draft_uid, self.form.collect(event.id if event else None)

    def _draft_saved(self, uid: str, form: object) -> None:
        moment = datetime.now(HONG_KONG).strftime("%H:%M:%S")
        self.status_line.setText(self.tr("Draft saved at {time}.").format(time=moment))
        self.status_line.setProperty("severity", "")
        repolish(self.status_line)
        if uid not in self._counted_drafts:  # a new draft: the count of open drafts changed
            self._counted_drafts.add(uid)
            self._count_drafts()
        self.draft_saved.emit(uid, form)

    def _draft_failed(self, error: AppError) -> None:
        self.status_line.setText(
            self.tr("Draft NOT saved: {reason} It will be tried again.").format(
                reason=error.message(self.context.language)
            )
        )
        self.status_line.setProperty("severity", "error")
        repolish(self.status_line)

    def _check_duplicates(self) -> None:
        number = self.form.normalised_hkid()
        if number == self._checked_hkid:
            return
        self._checked_hkid = number
        cases = lodging.find_duplicates(self.context.database, number) if number else []
        self.form.duplicates.set_cases(cases)

    def problems(self) -> list[FieldProblem]:
        """Everything wrong with the form now: the core's checks and the page's own (event, staff)."""
        event = self.current_event()
        form = self.form.collect(event.id if event else None)
        _clean, problems = validate_form(form, today=self.today())
        if form.carer_declaration and any(not q.open_to_carers for q in self.form.chosen_qualifications()):
            problems.append(CARER_NOT_ALLOWED)
        if event is None:
            problems.append(EVENT_REQUIRED)
        if not self.operator():
            problems.append(OPERATOR_REQUIRED)
        return problems

    def _revalidate(self) -> list[FieldProblem]:
        problems = self.problems()
        self.form.show_problems(problems, self.context.language)
        self.form.refresh_eligibility(self.today())
        shown = self._show_page_problems or self.form.show_all
        for label, widget, problem in (
            (self.event_problem, self.event_combo, EVENT_REQUIRED),
            (self.operator_problem, self.operator_edit, OPERATOR_REQUIRED),
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

    def focus_picker(self) -> None:
        if self.form.isEnabled():
            self.form.picker.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.form.picker.search.selectAll()
            self._show_focus()

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
        self._commit_open_editor()
        self._show_page_problems = True
        self.form.touch_all()
        problems = self._revalidate()
        errors = sorted((p for p in problems if p.severity is Severity.ERROR), key=_page_problem_key)
        if errors:
            first = errors[0]
            if first.field == "event":
                self.event_combo.setFocus(Qt.FocusReason.OtherFocusReason)
            elif first.field == "operator":
                self.operator_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.form.focus_problem(first)
                self._show_focus()
            self._set_status(
                self.tr("Not lodged: %n problem(s) to fix, shown in red.", "", len(errors)), error=True
            )
            return
        if self._station is None and not self.set_station():
            self._set_status(self.tr("Not lodged: set this laptop's station code first."), error=True)
            return
        event = self.current_event()
        assert event is not None
        form = self.form.collect(event.id)
        uid = self.draft_uid
        operator = self.operator()
        today = self.today()
        database = self.context.database
        self.autosaver.cancel()
        self._lodging = True
        self.lodge_button.setEnabled(False)
        self.form.setEnabled(False)
        self._set_status(self.tr("Lodging…"))

        def work(_control: tasks.TaskControl) -> LodgeResult:
            return lodging.lodge_application(database, form, draft_uid=uid, operator=operator, today=today)

        tasks.run_in_background(work, on_success=self._lodged, on_error=self._lodge_failed)

    def _lodged(self, result: LodgeResult) -> None:
        self._lodging = False
        self.last_result = result
        self.draft_uid = None
        self.lodge_button.setEnabled(False)
        self._show_lodged()
        self.refresh_queue()
        self._set_status(self.tr("Lodged as {reference}.").format(reference=result.reference_no))
        self.print_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.application_lodged.emit(result.reference_no)

    def _lodge_failed(self, exc: BaseException) -> None:
        self._lodging = False
        self.lodge_button.setEnabled(True)
        self.form.setEnabled(True)
        if self.draft_uid is not None:
            self.autosaver.changed()  # what was typed goes back into the draft
        if isinstance(exc, AppError):
            self._set_status(
                self.tr("Not lodged: {reason}").format(reason=exc.message(self.context.language)), error=True
            )
            messages.known_problem(self, exc, self.context.language)
        else:
            self._set_status(self.tr("Not lodged: an unexpected error."), error=True)
            tasks.show_error(exc)

    def _show_lodged(self) -> None:
        result = self.last_result
        self.lodged_panel.setVisible(result is not None)
        if result is None:
            return
        self.reference_label.setText(result.reference_no)
        fee = self.tr("Fee: HK${fee:,}").format(fee=result.fee_hkd) if result.fee_hkd is not None else ""
        self.lodged_details.setText(
            " · ".join(part for part in (fee, self.tr("Hand the applicant the slip.")) if part)
        )
        warnings = [self.form.describe_problem(p) for p in result.warnings]
        self.lodged_warnings.setText("\n".join(warnings))
        self.lodged_warnings.setVisible(bool(warnings))

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status_line.setText(text)
        self.status_line.setProperty("severity", "error" if error else "")
        repolish(self.status_line)

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
        self._set_status(
            self.tr("The unfinished application was kept as a draft: Resume draft brings it back.")
            if kept
            else self.tr("Ready for the next applicant.")
        )
        self.form.first_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._show_focus()

    def _reset_form(self) -> None:
        self.last_result = None
        self.last_slip = None
        self.draft_uid = None
        self._checked_hkid = None
        self._show_page_problems = False
        self.lodged_panel.hide()
        self.form.setEnabled(True)
        self.lodge_button.setEnabled(True)
        self.form.clear()
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
        self._set_status(
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

    # --- the slip ---------------------------------------------------------------------------------

    def _slip_folder(self) -> Path:
        return Path(self.context.data_dir.root) / "slips"

    def save_slip_as_pdf(self, path: Path | None = None) -> None:
        """Render the slip of the application just lodged to a PDF chosen by the user."""
        result = self.last_result
        if result is None:
            return
        if path is None:
            path = slip_output.ask_save_path(self, self._slip_folder() / f"{result.reference_no}.pdf")
            if path is None:
                return
        self._render_slip(result.reference_no, path, then_print=None)

    def print_slip(self) -> None:
        result = self.last_result
        if result is None:
            return
        if not slip_output.can_print():
            self._set_status(self.tr("No printer here: save the slip as a PDF instead."))
            self.save_slip_as_pdf()
            return
        printer = slip_output.choose_printer(self)
        if printer is None:
            return
        if slip_output.is_print_to_file(printer):
            self._render_slip(result.reference_no, Path(printer.outputFileName()), then_print=None)
            return
        path = self._slip_folder() / f"{result.reference_no}.pdf"
        self._render_slip(result.reference_no, path, then_print=(printer.printerName(), printer.copyCount()))

    def _render_slip(self, reference_no: str, path: Path, *, then_print: tuple[str, int] | None) -> None:
        database = self.context.database

        def work(_control: tasks.TaskControl) -> SlipReport:
            path.parent.mkdir(parents=True, exist_ok=True)
            report = render_slip(build_slip_data(database, reference_no), path)
            if then_print is not None:
                slip_output.send_to_printer(path, *then_print)
            return report

        self._set_status(self.tr("Preparing the slip…"))
        tasks.run_in_background(work, on_success=self._slip_done, on_error=self._failed)

    def _slip_done(self, report: SlipReport) -> None:
        self.last_slip = report
        self._set_status(self.tr("Slip saved: {path}").format(path=report.path))
        if report.missing_characters:
            messages.warning(
                self,
                self.tr(
                    "The slip's font lacks some characters; they are printed as code points: {chars}. "
                    "Write them on the slip by hand."
                ).format(chars=" ".join(report.missing_characters)),
            )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, AppError):
            self._set_status(exc.message(self.context.language), error=True)
            messages.known_problem(self, exc, self.context.language)
        else:
            tasks.show_error(exc)


def _page_problem_key(problem: FieldProblem) -> tuple[int, int, int]:
    if problem.field == "event":
        return (-2, 0, 0)
    if problem.field == "operator":
        return (-1, 0, 0)
    return problem_sort_key(problem)

"""Cases: every application on this laptop, searched and filtered in SQL and read a page at a time.

The search box finds cases as ``core/services/cases/search.py`` says; the filters narrow by event, station,
application dates, state, industry, level, route and assessor; "Needs my action" (My work) keeps the cases
waiting for the signed-in user, by kind, their count also on the page's navigation entry. Keyboard: Ctrl+F
goes to the search box, Down from it into the results, Enter opens the selected case (or the only one
found), Esc clears the search and the filters. Enter or a double-click on a row opens the case view in place
of the list; "Back to the list" (or Esc) returns to the list with the same case selected. Below the list,
the fee reimbursements coming due. The first page of rows is read at once on the GUI thread (a read that
stops at a page); the count of every match and My work's counts, which read every case, come from the
background.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.services.cases.case_filters import CaseFilter, filter_choices
from assessor_app.core.services.cases.case_pages import count_matching
from assessor_app.core.services.cases.my_work import WorkCounts, WorkKind, my_work_counts, work_for
from assessor_app.ui import tasks
from assessor_app.ui.case.case_view import CaseView
from assessor_app.ui.context import UiContext
from assessor_app.ui.models.cases_table_model import CasesTableModel
from assessor_app.ui.pages.base import Page, heading_label, list_table
from assessor_app.ui.pages.case_columns import CaseColumns
from assessor_app.ui.pages.case_filter_bar import CaseFilterBar
from assessor_app.ui.pages.reimbursement_panel import ReimbursementPanel


class CasesPage(Page):
    my_work_changed = Signal(int)  # how many cases wait for the signed-in user
    intake_requested = Signal()  # "Back to the form" from a case the intake form's warning opened

    def __init__(self, context: UiContext, parent: QWidget | None = None, *, settings: QSettings) -> None:
        super().__init__(context, parent)
        self.setObjectName("page_cases")
        self.work_counts: WorkCounts | None = None
        # One task counts the matches, again whenever the filter changed while it counted.
        self._count_wanted = CaseFilter()
        self._count_task = tasks.Task(self._count, self)
        self._last_count: tuple[CaseFilter, int] | None = None
        self._count_task.succeeded.connect(self._counted)
        self._count_task.finished.connect(self._count_finished)
        self._count_task.failed.connect(tasks.show_error)

        self.heading = heading_label("cases_heading")
        self.search = QLineEdit()
        self.search.setObjectName("cases_search")
        self.search.setClearButtonEnabled(True)
        self.filters = CaseFilterBar()
        self.status_filter = self.filters.status_filter
        self.my_work = QCheckBox()
        self.my_work.setObjectName("cases_my_work")
        self.work_kind = QComboBox()
        self.work_kind.setObjectName("cases_work_kind")
        self.work_kind.addItem("", None)
        for kind in WorkKind:
            self.work_kind.addItem("", kind)
        self.count_label = QLabel()
        self.count_label.setObjectName("cases_count")

        self.model = CasesTableModel(context.database, self)
        self.table = list_table("cases_table")
        self.table.setModel(self.model)
        self.columns = CaseColumns(self.table, self.model, settings)  # the main window's

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.my_work)
        top.addWidget(self.work_kind, 1)
        self.list_view = QWidget()
        self.list_view.setObjectName("cases_list")
        list_layout = QVBoxLayout(self.list_view)
        list_layout.addWidget(self.heading)
        list_layout.addLayout(top)
        list_layout.addWidget(self.filters)
        count_row = QHBoxLayout()
        count_row.addWidget(self.count_label, 1)
        count_row.addWidget(self.columns.button)
        list_layout.addLayout(count_row)
        list_layout.addWidget(self.table, 1)
        self.reimbursement = ReimbursementPanel(context)
        list_layout.addWidget(self.reimbursement)
        self.case_view: CaseView | None = None
        self.stack = QStackedWidget()
        self.stack.setObjectName("cases_stack")
        self.stack.addWidget(self.list_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.search.textChanged.connect(self._refresh_list)
        self.search.returnPressed.connect(self._open_from_search)
        self.search.installEventFilter(self)
        self.filters.filter_changed.connect(self._refresh_list)
        self.my_work.toggled.connect(self._refresh_list)
        self.work_kind.currentIndexChanged.connect(self._work_kind_chosen)
        # Enter, and a double-click (or a single click where the platform activates on one).
        self.table.activated.connect(self._row_activated)
        # Ctrl+F from anywhere in the window while the list is shown (the navigation list too).
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self.list_view)
        find.setContext(Qt.ShortcutContext.WindowShortcut)
        find.activated.connect(self.focus_search)
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.list_view)
        clear.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        clear.activated.connect(self.clear_search)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Cases"))
        self.search.setPlaceholderText(
            self.tr("Search reference number, name, HKID or employer (Ctrl+F; Down: results; Esc: clear)")
        )
        self.my_work.setText(self.tr("Needs my action"))
        self.my_work.setToolTip(
            self.tr(
                "My work: the cases waiting for the signed-in user (to assess, to sign off, documents "
                "overdue, results to record)"
            )
        )
        self.filters.retranslate()
        self.columns.retranslate()
        self._label_work_kinds()
        self.model.retranslate()
        self.columns.fit()
        self._update_count()

    def _kind_names(self) -> dict[WorkKind, str]:
        return {
            WorkKind.TO_ASSESS: self.tr("To assess"),
            WorkKind.TO_SIGN_OFF: self.tr("To sign off"),
            WorkKind.DOCUMENTS_OVERDUE: self.tr("Documents overdue"),
            WorkKind.RESULTS_TO_RECORD: self.tr("Results to record"),
        }

    def _label_work_kinds(self) -> None:
        counts = self.work_counts
        self.work_kind.setItemText(
            0, self.tr("All my work ({count})").format(count=counts.total if counts else 0)
        )
        names = self._kind_names()
        for position in range(1, self.work_kind.count()):
            kind = self.work_kind.itemData(position)
            count = counts.by_kind[kind] if counts else 0
            self.work_kind.setItemText(position, f"{names[kind]} ({count})")

    def navigation_title(self) -> str:
        """The page's entry in the navigation list, with how many cases wait for the signed-in user."""
        total = self.work_counts.total if self.work_counts else 0
        return self.tr("Cases ({count})").format(count=total) if total else self.tr("Cases")

    def refresh(self) -> None:
        self.filters.set_choices(filter_choices(self.context.database))
        self.refresh_my_work()
        self._refresh_list()
        self.reimbursement.refresh()

    def refresh_my_work(self) -> None:
        """Count again what waits for the signed-in user (also when the user changes), in the background:
        the counts scan every case."""
        database = self.context.database
        work = work_for(database, self.context.user)
        self.my_work.setEnabled(work is not None)
        self.work_kind.setEnabled(work is not None)
        if work is None:
            self._work_counted(None)
            return
        tasks.run_in_background(
            lambda _control: my_work_counts(database, work), on_success=self._work_counted, parent=self
        )

    def _work_counted(self, counts: WorkCounts | None) -> None:
        self.work_counts = counts
        self._label_work_kinds()
        self.my_work_changed.emit(counts.total if counts else 0)

    def chosen_filter(self) -> CaseFilter:
        chosen = self.filters.chosen(self.search.text())
        if not self.my_work.isChecked():
            return chosen
        work = work_for(self.context.database, self.context.user)
        if work is None:
            return chosen
        return replace(chosen, work=work, work_kind=self.work_kind.currentData())

    def _work_kind_chosen(self) -> None:
        if self.work_kind.currentData() is not None and not self.my_work.isChecked():
            self.my_work.setChecked(True)  # refreshes the list
        else:
            self._refresh_list()

    def _refresh_list(self) -> None:
        chosen = self.chosen_filter()
        self.model.set_filter(chosen)
        self._update_count()
        # The first page is shown at once; the count of every match follows from the background.
        self._count_wanted = chosen
        if not self._count_task.running:
            self._count_task.start()
        if self.showing_case() and self.case_view is not None and not self.case_view.reload():
            self.show_list()

    def _count(self, _control: tasks.TaskControl) -> tuple[CaseFilter, int]:
        """On the worker: count what is wanted now (typing faster than counting skips the filters between)."""
        chosen = self._count_wanted
        return chosen, count_matching(self.context.database, chosen)

    def _counted(self, result: tuple[CaseFilter, int]) -> None:
        self._last_count = result

    def _count_finished(self) -> None:
        counted, self._last_count = self._last_count, None
        if counted is None:  # failed (the error was shown)
            return
        chosen, total = counted
        if chosen != self._count_wanted:  # the filter changed while counting: count the new one
            self._count_task.start()
            return
        self.model.set_total(chosen, total)
        self._update_count()

    def _update_count(self) -> None:
        count = self.model.total
        if count is None:
            self.count_label.setText(self.tr("Counting…"))
        elif count == 1:
            self.count_label.setText(self.tr("1 case"))
        else:
            self.count_label.setText(self.tr("{count} cases").format(count=count))

    # --- the keyboard -----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear_search(self) -> None:
        """Esc: the search text, the filters and My work cleared, in one reading of the list."""
        for widget in (self.search, self.my_work, self.work_kind):
            widget.blockSignals(True)
        self.search.clear()
        self.my_work.setChecked(False)
        self.work_kind.setCurrentIndex(0)
        for widget in (self.search, self.my_work, self.work_kind):
            widget.blockSignals(False)
        self.filters.clear()  # reads the list again
        self.search.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def _open_from_search(self) -> None:
        """Enter in the search box: the selected case, or the only one found."""
        selected = self.table.selectionModel().selectedRows()
        if selected:
            self._row_activated(selected[0])
        elif self.model.rowCount() == 1 and not self.model.canFetchMore():
            self.open_application(self.model.record_id(self.model.row_at(0)))

    def show_application(self, application_id: int) -> None:
        """Clear the filters and select one case (e.g. the duplicate the intake page pointed at)."""
        for widget in (self.search, self.my_work, self.work_kind):
            widget.blockSignals(True)
        self.search.clear()
        self.my_work.setChecked(False)
        self.work_kind.setCurrentIndex(0)
        self.filters.clear(quietly=True)
        for widget in (self.search, self.my_work, self.work_kind):
            widget.blockSignals(False)
        self.stack.setCurrentWidget(self.list_view)
        self.refresh()
        if self._select(application_id):
            self.table.setFocus()

    # --- the case view ----------------------------------------------------------------------------

    def showing_case(self) -> bool:
        return self.case_view is not None and self.stack.currentWidget() is self.case_view

    def _row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_application(self.model.record_id(self.model.row_at(index.row())))

    def open_application(self, application_id: int, *, from_intake: bool = False) -> None:
        """Show one case in full in place of the list; ``from_intake``: opened from the intake form's
        existing-case warning, so "Back" (and Esc) returns to the form being taken, not to the list."""
        if self.case_view is None:
            self.case_view = CaseView(self.context)
            self.case_view.back_requested.connect(self._back)
            self.stack.addWidget(self.case_view)
        if not self.case_view.load(application_id):
            return
        self.case_view.header.set_back_to_intake(from_intake)
        self.stack.setCurrentWidget(self.case_view)
        self.case_view.evidence_tab.checklist_table.setFocus()

    def _back(self) -> None:
        to_intake = self.case_view is not None and self.case_view.header.back_to_intake
        self.show_list()  # the Cases page shows its list when next chosen
        if to_intake:
            self.intake_requested.emit()

    def show_list(self) -> None:
        """Back to the list, with the case that was open selected."""
        opened = self.case_view.application_id if self.case_view is not None else None
        self.stack.setCurrentWidget(self.list_view)
        self.refresh()
        if opened is not None:
            self._select(opened)
        self.table.setFocus()

    def _select(self, application_id: int) -> bool:
        position = self.model.load_until(application_id)
        if position is None:
            return False
        self.table.selectRow(position)
        self.table.scrollTo(self.model.index(position, 0))
        return True

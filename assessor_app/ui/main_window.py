"""The main window: a navigation list on the left, one page at a time on the right, a status bar below.

The status bar names who is working; "Switch user" (Ctrl+U, or the Settings page) changes it. Once someone
has signed in (:meth:`MainWindow.enable_lock`), "Lock" (Ctrl+L, the status bar's button) and a few idle
minutes hide every page behind the lock screen until their password is given again (``ui/lock.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app import __version__
from assessor_app.core.services.demo import DEFAULT_APPLICATIONS, DEFAULT_SEED
from assessor_app.ui import i18n, messages, preferences
from assessor_app.ui.lock import (
    LOCK_KEYS,
    ActivityWatcher,
    PasswordCheck,
    UnlockDialog,
    WindowHider,
    idle_minutes,
)
from assessor_app.ui.tasks import Task, run_in_background, show_error

if TYPE_CHECKING:
    from assessor_app.core.services.demo.scale import ScaleSummary
    from assessor_app.core.services.review.workflow import UserRow
    from assessor_app.ui.context import UiContext
    from assessor_app.ui.pages.base import Page

log = logging.getLogger(__name__)

PAGE_KEYS = ("intake", "cases", "batches", "catalogue", "settings")
DEFAULT_PAGE = "intake"
DEMO_MARK = "DEMO 示範"


class LazyPages(dict[str, "Page"]):
    """The pages by key, each built the first time it is asked for (``pages["settings"]``)."""

    def __init__(self, build: Callable[[str], Page]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> Page:
        page = self._build(key)
        self[key] = page
        return page


class MainWindow(QMainWindow):
    """Shown before the database is open; :meth:`attach` then builds the pages over it."""

    language_changed = Signal(str)
    user_changed = Signal(str)
    locked_changed = Signal(bool)

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.settings = settings
        self.context: UiContext | None = None
        self.pages: dict[str, Page] = {}
        self._demo = False
        self._station: str | None = None
        self._user: UserRow | None = None
        self.demo_task: Task | None = None
        self.password_check: PasswordCheck | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self._hider = WindowHider()
        self._focus_before_lock: QWidget | None = None
        self.idle_watcher = ActivityWatcher(
            idle_minutes(settings.value(preferences.IDLE_LOCK_MINUTES)) * 60_000, self
        )
        self.idle_watcher.idle.connect(self.lock)
        self.idle_watcher.lock_requested.connect(self.lock)

        self.nav_list = QListWidget()
        self.nav_list.setObjectName("nav_list")
        # Room for "Cases (1234)" at the larger font, no more: on a 1366x768 laptop every pixel left goes to
        # the pages (the intake page's queue shows whole names beside the form).
        self.nav_list.setFixedWidth(150)
        self.nav_list.setStyleSheet("QListWidget#nav_list::item { padding: 7px 10px; }")
        nav_font = self.nav_list.font()
        nav_font.setPointSizeF(nav_font.pointSizeF() * 1.15)
        self.nav_list.setFont(nav_font)
        self.stack = QStackedWidget()
        self.stack.setObjectName("page_stack")
        self.opening_label = QLabel()
        self.opening_label.setObjectName("opening_label")
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening_label)
        self.content = QWidget()
        self.content.setObjectName("window_content")
        layout = QHBoxLayout(self.content)
        layout.addWidget(self.nav_list)
        layout.addWidget(self.stack, 1)
        # While locked the content (every page) is taken out of the stack's view, not merely covered.
        self.lock_page = QWidget()
        self.lock_page.setObjectName("lock_page")
        self.lock_label = QLabel()
        self.lock_label.setObjectName("lock_label")
        # At the top: the password window sits in the middle, over where a centred label would be.
        self.lock_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        lock_font = QFont(self.lock_label.font())
        lock_font.setPointSizeF(lock_font.pointSizeF() * 1.6)
        self.lock_label.setFont(lock_font)
        lock_layout = QVBoxLayout(self.lock_page)
        lock_layout.setContentsMargins(24, 48, 24, 24)
        lock_layout.addWidget(self.lock_label)
        self.shell = QStackedWidget()
        self.shell.setObjectName("window_shell")
        self.shell.addWidget(self.content)
        self.shell.addWidget(self.lock_page)
        self.setCentralWidget(self.shell)

        # Staff must see at a glance that they are not typing real applicants into the demo.
        self.demo_label = QLabel(DEMO_MARK)
        self.demo_label.setObjectName("status_demo")
        self.demo_label.setStyleSheet(
            "QLabel#status_demo { background: #ffd54f; color: #3e2723; font-weight: bold; padding: 1px 8px; }"
        )
        self.demo_label.hide()
        self.database_label = QLabel()
        self.database_label.setObjectName("status_database")
        self.station_label = QLabel()
        self.station_label.setObjectName("status_station")
        self.user_label = QLabel()
        self.user_label.setObjectName("status_user")
        self.busy_label = QLabel()
        self.busy_label.setObjectName("status_busy")
        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("status_busy_bar")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.busy_label.hide()
        self.busy_bar.hide()
        status = self.statusBar()
        status.addWidget(self.demo_label)
        status.addWidget(self.database_label, 1)
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.busy_bar)
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(self.station_label)

        self.page_actions: list[QAction] = []
        for number in range(1, len(PAGE_KEYS) + 1):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, row=number - 1: self.nav_list.setCurrentRow(row))
            self.addAction(action)
            self.page_actions.append(action)
        self.language_action = QAction(self)
        self.language_action.setObjectName("action_toggle_language")
        self.language_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.language_action.triggered.connect(self.toggle_language)
        self.addAction(self.language_action)
        self.about_action = QAction(self)
        self.about_action.setObjectName("action_about")
        self.about_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.about_action.triggered.connect(self.show_about)
        self.addAction(self.about_action)
        self.switch_user_action = QAction(self)
        self.switch_user_action.setObjectName("action_switch_user")
        self.switch_user_action.setShortcut(QKeySequence("Ctrl+U"))
        self.switch_user_action.triggered.connect(self.choose_user)
        self.addAction(self.switch_user_action)
        self.lock_action = QAction(self)
        self.lock_action.setObjectName("action_lock")
        # The idle watcher also catches these keys in a dialog that blocks this window's shortcuts.
        self.lock_action.setShortcut(QKeySequence(LOCK_KEYS))
        self.lock_action.setEnabled(False)
        self.lock_action.triggered.connect(self.lock)
        self.addAction(self.lock_action)
        self.lock_button = QToolButton()
        self.lock_button.setObjectName("status_lock")
        self.lock_button.setDefaultAction(self.lock_action)
        self.lock_button.setAutoRaise(True)
        self.lock_button.hide()
        status.addPermanentWidget(self.lock_button)

        self.nav_list.currentRowChanged.connect(self._page_chosen)
        # Fixed limits (tables scroll below them) rather than limits that follow every text's length.
        self.setMinimumSize(760, 520)
        geometry = settings.value(preferences.GEOMETRY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1200, 760)
        self.retranslate()

    # --- building ---------------------------------------------------------------------------------

    def attach(self, context: UiContext) -> None:
        """Build the pages over an open database and go to the page used last.

        The intake and cases pages are built now (drafts, who is working, the count on the Cases entry);
        the others when first shown (:class:`LazyPages`), so the window is ready sooner after signing in."""
        from assessor_app.core.services.intake.lodging import local_station
        from assessor_app.ui.pages.cases_page import CasesPage
        from assessor_app.ui.pages.intake_form_page import IntakeFormPage
        from assessor_app.ui.users import current_user

        self.context = context
        self._demo = context.demo or _is_demo_database(context)
        self._station = local_station(context.database)
        self._user = current_user(context)
        intake_page = IntakeFormPage(context, settings=self.settings)
        intake_page.open_case_requested.connect(self.open_case)
        intake_page.application_lodged.connect(lambda _reference: self._update_title_and_status())
        intake_page.form.picker.import_requested.connect(self.open_catalogue_import)
        self.intake_page = intake_page
        self.cases_page = CasesPage(context, settings=self.settings)
        self.cases_page.my_work_changed.connect(self._name_cases_entry)
        self.cases_page.intake_requested.connect(lambda: self.show_page("intake"))
        self.user_changed.connect(lambda _user: self.cases_page.refresh_my_work())
        self.pages = LazyPages(self._build_page)
        self.pages.update(intake=intake_page, cases=self.cases_page)
        self.stack.removeWidget(self.opening_label)
        self.opening_label.deleteLater()
        self.stack.addWidget(intake_page)
        self.stack.addWidget(self.cases_page)
        self.nav_list.blockSignals(True)
        for key in PAGE_KEYS:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav_list.addItem(item)
        self.nav_list.blockSignals(False)
        self.retranslate()
        self.cases_page.refresh_my_work()  # the count on the Cases entry
        last = self.settings.value(preferences.LAST_PAGE, DEFAULT_PAGE)
        self.show_page(last if last in PAGE_KEYS else DEFAULT_PAGE)

    def _build_page(self, key: str) -> Page:
        """The page ``key`` built over the open database, in the stack (called once, when first asked for)."""
        assert self.context is not None
        page: Page
        if key == "batches":
            from assessor_app.ui.pages.batches_page import BatchesPage

            page = BatchesPage(self.context)
        elif key == "catalogue":
            from assessor_app.ui.pages.catalogue_page import CataloguePage

            page = CataloguePage(self.context)
        elif key == "settings":
            from assessor_app.ui.pages.settings_page import SettingsPage

            settings_page = SettingsPage(self.context)
            settings_page.language_requested.connect(self.set_language)
            settings_page.switch_user_requested.connect(self.choose_user)
            settings_page.show_idle_minutes(max(1, self.idle_watcher.interval_ms // 60_000))
            settings_page.idle_minutes_changed.connect(self.set_idle_minutes)
            page = settings_page
        else:
            raise KeyError(key)
        self.stack.addWidget(page)
        return page

    # --- who is working ----------------------------------------------------------------------------

    def choose_user(self) -> None:
        """Ask who is working (at start-up and with Switch user); "Not now" keeps the current user.

        Once someone has signed in, switching user means signing in: the lock screen asks for the other
        user's name and password."""
        if self.context is None:
            return
        if self.password_check is not None and self._user is not None:
            self.lock()
            if self.unlock_dialog is not None:
                self.unlock_dialog.ask_for_someone_else()
            return
        from assessor_app.ui.users import ask_user

        remembered = self.settings.value(preferences.LAST_USER, "")
        chosen = ask_user(self, self.context, remembered if isinstance(remembered, str) else "")
        if chosen is not None:
            self.set_user(chosen)

    def set_user(self, user: UserRow | None) -> None:
        """Make ``user`` the one every change is recorded under, remember them, and refresh the pages."""
        if self.context is None:
            return
        self.context.user = user.username if user is not None else ""
        self._user = user
        if user is not None:
            self.settings.setValue(preferences.LAST_USER, user.username)
        self.intake_page.apply_current_user()
        self._update_title_and_status()
        page = self.current_page()
        if page is not None:
            page.refresh()
        self.user_changed.emit(self.context.user)

    def current_user(self) -> UserRow | None:
        return self._user

    # --- the lock screen ----------------------------------------------------------------------------

    def set_idle_minutes(self, minutes: int) -> None:
        """The idle lock's time, from the Settings page: in force at once, and remembered."""
        minutes = idle_minutes(minutes)
        self.settings.setValue(preferences.IDLE_LOCK_MINUTES, minutes)
        self.idle_watcher.set_interval_ms(minutes * 60_000)

    def enable_lock(self, check: PasswordCheck, *, idle_ms: int | None = None) -> None:
        """Someone has signed in: Lock (Ctrl+L) and the idle timer now work, and ``check(username,
        password)`` (run on the task queue; it returns the user's ``UserRow`` or raises an AppError) is
        what unlocks. ``idle_ms`` replaces the idle-lock setting (tests use a short one)."""
        self.password_check = check
        if idle_ms is not None:
            self.idle_watcher.set_interval_ms(idle_ms)
        self.lock_action.setEnabled(True)
        self.lock_button.show()
        self.idle_watcher.start()

    @property
    def locked(self) -> bool:
        return self.unlock_dialog is not None

    def lock(self) -> None:
        """Hide every page and every other window until the password is given again."""
        if self.locked or self.password_check is None or self._user is None or self.context is None:
            return
        log.info("locked (%s)", self._user.username)
        self.idle_watcher.stop()
        focus = QApplication.focusWidget()
        self._focus_before_lock = focus if focus is not None and focus.window() is self else None
        self.intake_page.save_now()  # hiding the page saves too; this says so where it matters
        self._hider.hide_all(keep=(self,))
        self.shell.setCurrentWidget(self.lock_page)
        self._update_title_and_status()
        dialog = UnlockDialog(
            self._user.username, self._user.display_name, self.password_check, i18n.current_language, self
        )
        dialog.unlocked.connect(self._unlocked)
        self.unlock_dialog = dialog
        dialog.show()
        dialog.activateWindow()
        dialog.password_edit.setFocus()
        self.locked_changed.emit(True)

    def _unlocked(self, user: object) -> None:
        from assessor_app.core.services.review.workflow import UserRow

        dialog = self.unlock_dialog
        if dialog is None:
            return
        switched = (
            isinstance(user, UserRow) and self._user is not None and user.username != self._user.username
        )
        self.unlock_dialog = None
        dialog.hide()
        dialog.deleteLater()
        if switched:
            # Signing out: the previous user's open dialogs go (the intake form's draft was saved at
            # the lock and stays on the form), and everything from now on is recorded under the new name.
            self._hider.close_all()
        self.shell.setCurrentWidget(self.content)
        self._hider.show_all()
        if isinstance(user, UserRow) and switched:
            self.set_user(user)
        else:
            self._update_title_and_status()
        if self._focus_before_lock is not None and not switched:
            self._focus_before_lock.setFocus()
        self._focus_before_lock = None
        self.idle_watcher.start()
        log.info("unlocked (%s)", self._user.username if self._user else "")
        self.locked_changed.emit(False)

    # --- pages ------------------------------------------------------------------------------------

    def offer_unfinished_drafts(self) -> None:
        """After a crash or power cut, offer the drafts that were never lodged, exactly as typed."""
        from assessor_app.ui.intake.recovery import offer_open_drafts

        if self.context is None:
            return
        draft = offer_open_drafts(self, self.context)
        if draft is not None:
            self.show_page("intake")
            self.intake_page.restore_draft(draft)

    def open_case(self, application_id: int) -> None:
        """Show an existing case (from the intake page's duplicate warning) in the Cases page's case view;
        its "Back" returns to the form being taken."""
        self.show_page("cases")
        self.cases_page.show_application(application_id)
        self.cases_page.open_application(application_id, from_intake=True)

    def open_catalogue_import(self) -> None:
        """The intake form found no qualifications of the event's agency: go and import its list."""
        from assessor_app.ui.pages.catalogue_page import CataloguePage

        self.show_page("catalogue")
        page = self.pages["catalogue"]
        if isinstance(page, CataloguePage):
            page.start_import()

    def current_page_key(self) -> str | None:
        row = self.nav_list.currentRow()
        return PAGE_KEYS[row] if 0 <= row < len(PAGE_KEYS) and self.pages else None

    def current_page(self) -> Page | None:
        key = self.current_page_key()
        return self.pages[key] if key else None

    def show_page(self, key: str) -> None:
        row = PAGE_KEYS.index(key)
        if self.nav_list.currentRow() == row:
            self._page_chosen(row)
        else:
            self.nav_list.setCurrentRow(row)

    def _page_chosen(self, row: int) -> None:
        if not self.pages or not 0 <= row < len(PAGE_KEYS):
            return
        key = PAGE_KEYS[row]
        page = self.pages[key]
        self.stack.setCurrentWidget(page)
        self.settings.setValue(preferences.LAST_PAGE, key)
        page.refresh()

    def refresh_all(self) -> None:
        """Reload the page on show and the status bar (after the data changed underneath)."""
        if self.context is None:
            return
        from assessor_app.core.services.intake.lodging import local_station

        self._demo = self.context.demo or _is_demo_database(self.context)
        self._station = local_station(self.context.database)
        self._update_title_and_status()
        page = self.current_page()
        if page is not None:
            page.refresh()

    # --- language ---------------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        """Switch the interface language now; every page re-sets its texts."""
        if language == i18n.current_language() and (
            self.context is None or self.context.language == language
        ):
            return
        if self.context is not None:
            self.context.language = language
        i18n.apply_language(language)
        self.settings.setValue(preferences.LANGUAGE, language)
        self.retranslate()
        self.language_changed.emit(language)

    def toggle_language(self) -> None:
        self.set_language(i18n.other_language())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        names = {
            "intake": self.tr("Intake"),
            "cases": self.cases_page.navigation_title() if self.pages else self.tr("Cases"),
            "batches": self.tr("Batches"),
            "catalogue": self.tr("Catalogue"),
            "settings": self.tr("Settings"),
        }
        for row in range(self.nav_list.count()):
            item = self.nav_list.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            item.setText(names[key])
            item.setToolTip(self.tr("Ctrl+{number}").format(number=row + 1))
        if self.context is None and self.stack.count() and self.stack.widget(0) is self.opening_label:
            self.opening_label.setText(self.tr("Opening the case database…"))
        self.language_action.setText(self.tr("Switch language"))
        self.about_action.setText(self.tr("About"))
        self.switch_user_action.setText(self.tr("Switch user"))
        self.lock_action.setText(self.tr("Lock"))
        self.lock_action.setToolTip(self.tr("Lock the workstation: personal data is hidden (Ctrl+L)"))
        self.lock_label.setText(self.tr("Locked: personal data is hidden"))
        self.busy_label.setText(self.tr("Filling the demo database…"))
        self._update_title_and_status()

    def _name_cases_entry(self) -> None:
        """The Cases entry with how many cases wait for the signed-in user (My work)."""
        item = self.nav_list.item(PAGE_KEYS.index("cases"))
        if item is not None:
            item.setText(self.cases_page.navigation_title())

    def _update_title_and_status(self) -> None:
        parts = [self.tr("RPL Assessor Workstation")]
        if self.locked:
            parts.append(self.tr("Locked"))
        elif self._demo:
            parts.append(DEMO_MARK)
        if self.context is not None:
            parts.append(self.context.database.path.name)
            self.database_label.setText(self.tr("Database: {path}").format(path=self.context.database.path))
        self.setWindowTitle(" — ".join(parts))
        self.demo_label.setVisible(self._demo)
        if self.context is None:
            self.user_label.hide()
        else:
            from assessor_app.ui.users import describe

            self.user_label.setText(
                self.tr("User: {user}").format(user=describe(self._user))
                if self._user is not None
                else self.tr("No user chosen (Ctrl+U)")
            )
            self.user_label.show()
        if self._station:
            self.station_label.setText(self.tr("Station: {code}").format(code=self._station))
            self.station_label.show()
        else:
            self.station_label.hide()

    # --- demo data --------------------------------------------------------------------------------

    def fill_demo_database(self, applications: int = DEFAULT_APPLICATIONS) -> Task:
        """Generate the demo (past promotion days and the open one) in the background, with a busy
        indicator meanwhile."""
        if self.context is None:
            raise RuntimeError("attach a database first")
        database = self.context.database
        evidence_dir = self.context.data_dir.evidence

        def work(_control: object) -> ScaleSummary:
            from assessor_app.core.services.demo.scale import build_demo

            return build_demo(
                database, applications=applications, seed=DEFAULT_SEED, evidence_dir=evidence_dir
            )

        self.set_busy(True)
        task = run_in_background(work, on_error=None, parent=self)
        task.succeeded.connect(self._demo_filled)
        task.failed.connect(self._demo_failed)
        self.demo_task = task
        return task

    def _demo_filled(self, summary: ScaleSummary) -> None:
        log.info("demo database filled: %s", summary.describe())
        self.set_busy(False)
        self.refresh_all()
        if self.context is not None and not self.context.user:
            self.choose_user()  # the demo's users exist only now

    def _demo_failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        show_error(exc)

    def set_busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)

    # --- about and closing ------------------------------------------------------------------------

    def show_about(self) -> None:
        messages.info(
            self,
            self.tr(
                "RPL Assessor Workstation\nVersion {version}\n\n"
                "Offline intake, evidence, review and batch exchange for Hong Kong RPL assessment agencies."
            ).format(version=__version__),
            title=self.tr("About"),
        )

    def save_state(self) -> None:
        self.settings.setValue(preferences.GEOMETRY, self.saveGeometry())
        key = self.current_page_key()
        if key is not None:
            self.settings.setValue(preferences.LAST_PAGE, key)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locked:
            # Quitting from the lock screen would throw away open dialogs' input: unlock first.
            event.ignore()
            return
        self.idle_watcher.stop()
        self.save_state()
        super().closeEvent(event)


def _is_demo_database(context: UiContext) -> bool:
    from assessor_app.core.services.demo.promotion_day import is_demo_database

    return is_demo_database(context.database)

"""The idle lock: after some minutes without input, or on "Lock" (Ctrl+L), every window's personal data is
hidden until the signed-in user's password is given again; nothing typed is lost.

:class:`ActivityWatcher` is an application-wide event filter that restarts a single-shot timer on every
key, mouse, wheel, touch or input-method event. :class:`WindowHider` takes the other top-level windows
out of sight and puts them back: a plain window is hidden, while a dialog keeps its window (hiding a
QDialog ends it: ``exec()`` returns, ``finished`` fires and its owner deletes it with its input) and has
its contents hidden and its title blanked instead. :class:`UnlockDialog` asks for the password; the
check (argon2, about 0.3 s, and a write of the failure count to the keyring file) runs on the task queue,
never on the GUI thread, so the same throttling and lock-out as at sign-in apply.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from assessor_app.core.errors import AppError
from assessor_app.ui import tasks
from assessor_app.ui.dialog_parts import password_edit, problem_label, show_problem

LOCK_KEYS = "Ctrl+L"
DEFAULT_IDLE_MINUTES = 5
MAX_IDLE_MINUTES = 120

# (username, password) -> anything; raises an AppError (SignInError) when the password is refused.
PasswordCheck = Callable[[str, str], object]

ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.InputMethod,
        QEvent.Type.TabletPress,
    }
)


def idle_minutes(value: object) -> int:
    """The idle-lock setting as whole minutes between 1 and :data:`MAX_IDLE_MINUTES`, else the default."""
    try:
        minutes = int(str(value))
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES
    return minutes if 1 <= minutes <= MAX_IDLE_MINUTES else DEFAULT_IDLE_MINUTES


class ActivityWatcher(QObject):
    """Emits ``idle`` once after ``interval_ms`` without user input anywhere in the application, and
    ``lock_requested`` on the lock keys pressed in any window (a window-modal case dialog blocks the main
    window's own shortcuts, so they are caught here, before the dialog's fields see them)."""

    idle = Signal()
    lock_requested = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.idle)
        self._installed = False
        self.lock_keys = QKeySequence(LOCK_KEYS)

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_interval_ms(self, interval_ms: int) -> None:
        self._timer.setInterval(interval_ms)
        if self._timer.isActive():
            self._timer.start()

    def start(self) -> None:
        """Watch (again) from now: after an unlock the idle time counts from zero."""
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in ACTIVITY_EVENTS:
            self._timer.start()
            if (
                kind == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and QKeySequence(event.keyCombination()) == self.lock_keys
            ):
                self.lock_requested.emit()
                return True
        return False


class WindowHider:
    """Takes every other top-level window out of sight and brings each back as it was."""

    def __init__(self) -> None:
        self._hidden: list[QWidget] = []
        self._emptied: list[tuple[QWidget, str, list[QWidget]]] = []

    def hide_all(self, keep: tuple[QWidget, ...]) -> None:
        QToolTip.hideText()
        popup = QApplication.activePopupWidget()
        while popup is not None:  # an open drop-down or completer list shows data too
            popup.close()
            popup = QApplication.activePopupWidget()
        for window in QApplication.topLevelWidgets():
            if window in keep or not window.isVisible() or not isValid(window):
                continue
            if isinstance(window, QDialog):
                # Hiding a dialog ends it: exec() returns and ``finished`` fires (its owner then deletes it
                # and its input with it). Its window stays, emptied and untitled, under the lock screen.
                children = [
                    child
                    for child in window.findChildren(
                        QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
                    )
                    if not child.isHidden() and not child.isWindow()
                ]
                for child in children:
                    child.hide()
                self._emptied.append((window, window.windowTitle(), children))
                window.setWindowTitle(" ")
            else:
                window.hide()
                self._hidden.append(window)

    def _forget_deleted(self) -> None:
        """A window can be deleted while locked (its owner went away): nothing to bring back then."""
        self._hidden = [window for window in self._hidden if isValid(window)]
        self._emptied = [
            (window, title, [child for child in children if isValid(child)])
            for window, title, children in self._emptied
            if isValid(window)
        ]

    def close_all(self) -> None:
        """Signing out: the windows taken out of sight are closed instead (a dialog's exec() answers no)."""
        self._forget_deleted()
        for window, title, _children in self._emptied:
            window.setWindowTitle(title)
            if isinstance(window, QDialog):
                window.reject()
            else:
                window.close()
        for window in self._hidden:
            window.close()
        self._emptied.clear()
        self._hidden.clear()

    def show_all(self) -> None:
        self._forget_deleted()
        for window, title, children in reversed(self._emptied):
            window.setWindowTitle(title)
            for child in children:
                child.show()
        for window in reversed(self._hidden):
            window.show()
        self._emptied.clear()
        self._hidden.clear()


class UnlockDialog(QDialog):
    """The password window of the lock screen: only the same user's password, or "Switch user", leaves it."""

    unlocked = Signal(object)  # what the check returned (the user's UserRow)

    def __init__(
        self,
        username: str,
        display_name: str,
        check: PasswordCheck,
        language: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlock_dialog")
        # Application-modal: it must take the keyboard even over a case dialog left open when it locked.
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.username = username
        self.display_name = display_name
        self._check = check
        self._language = language
        self.task: tasks.Task | None = None
        self.heading = QLabel()
        self.heading.setObjectName("unlock_heading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.explanation = QLabel()
        self.explanation.setObjectName("unlock_explanation")
        self.explanation.setWordWrap(True)
        self.username_label = QLabel()
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("unlock_username")
        self.username_edit.setMaxLength(60)
        self.username_label.setBuddy(self.username_edit)
        self.username_label.hide()
        self.username_edit.hide()
        self.password_label = QLabel()
        self.password_edit = password_edit("unlock_password")
        self.password_label.setBuddy(self.password_edit)
        self.problem = problem_label("unlock_problem")
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.switch_button = QPushButton()
        self.switch_button.setObjectName("unlock_switch_user")
        self.switch_button.setAutoDefault(False)
        self.switch_button.clicked.connect(self.ask_for_someone_else)
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addSpacing(8)
        layout.addWidget(self.username_label)
        layout.addWidget(self.username_edit)
        layout.addWidget(self.password_label)
        layout.addWidget(self.password_edit)
        layout.addWidget(self.problem)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        self.retranslate()
        self.setMinimumWidth(440)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Locked"))
        self.heading.setText(self.tr("The workstation is locked"))
        self.explanation.setText(
            self.tr(
                "Personal data is hidden. {name} ({username}): type your password to carry on where you left "
                "off; nothing you typed is lost."
            ).format(name=self.display_name, username=self.username)
        )
        self.username_label.setText(self.tr("&User name"))
        self.password_label.setText(self.tr("&Password"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.switch_button.setText(self.tr("Sign in as someone else…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def someone_else(self) -> bool:
        return not self.username_edit.isHidden()

    def ask_for_someone_else(self) -> None:
        """Switch user: another user signs in here (the one who locked it is signed out)."""
        self.username_label.show()
        self.username_edit.show()
        self.switch_button.hide()
        self.problem.hide()
        self.explanation.setText(
            self.tr(
                "Sign in as another user: {name} is signed out. Their typing on the intake form was saved as "
                "a draft; their open dialogs are closed."
            ).format(name=self.display_name)
        )
        self.adjustSize()  # the longer explanation and the new field need the height
        self.username_edit.setFocus()

    def try_unlock(self) -> None:
        """Check the password on the task queue; a refusal is shown in the dialog, which stays."""
        if self.task is not None:
            return
        username = self.username_edit.text().strip().lower() if self.someone_else else self.username
        password = self.password_edit.text()
        if not username:
            self.username_edit.setFocus()
            return
        if not password:
            self.password_edit.setFocus()
            return
        check = self._check
        self.unlock_button.setEnabled(False)
        self.password_edit.setEnabled(False)
        self.username_edit.setEnabled(False)
        self.problem.hide()
        self.setCursor(Qt.CursorShape.BusyCursor)
        self.task = tasks.run_in_background(
            lambda _control: check(username, password),
            on_success=self._passed,
            on_error=self._refused,
            parent=self,
        )

    def _done(self) -> None:
        self.task = None
        self.unsetCursor()
        self.unlock_button.setEnabled(True)
        self.password_edit.setEnabled(True)
        self.username_edit.setEnabled(True)
        self.password_edit.clear()
        self.password_edit.setFocus()

    def _passed(self, result: object) -> None:
        self._done()
        self.problem.hide()
        self.unlocked.emit(result)

    def _refused(self, exc: BaseException) -> None:
        self._done()
        if isinstance(exc, AppError):
            show_problem(self.problem, exc, self._language())
        else:
            tasks.show_error(exc)

    # Escape, the window's close button and Alt+F4 must not leave the lock screen.
    def reject(self) -> None:
        pass

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()

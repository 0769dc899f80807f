"""Who is working: the current user, chosen at start-up and with "Switch user" (Ctrl+U).

On a database opened with sign-in (:mod:`.sign_in`) the signed-in user is the current one, and "Switch
user" asks for the other user's password on the lock screen; the choosing dialogs here serve a window
opened without sign-in (the GUI tests), where every change is recorded under the name chosen. :func:`run_dialog` is the one place these
dialogs run modally, so tests replace it (the GUI tests answer "nobody" unless a test picks someone).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.db.database import Database
from assessor_app.core.domain.enums import Role
from assessor_app.core.security import keyring
from assessor_app.core.services.review import accounts
from assessor_app.core.services.review.workflow import UserRow, create_user, list_users
from assessor_app.ui.context import UiContext
from assessor_app.ui.dialog_parts import (
    ask,
    create_then_accept,
    lay_out_form,
    password_edit,
    problem_label,
    run_modal,
)
from assessor_app.ui.labels import role_label

USERNAME_ROLE = Qt.ItemDataRole.UserRole


# Bound here because tests replace this module's run_dialog.
run_dialog = run_modal


def current_user(context: UiContext) -> UserRow | None:
    """The active user named in the context, or None (nobody chosen, or the user was deactivated)."""
    if not context.user:
        return None
    return next((user for user in list_users(context.database) if user.username == context.user), None)


def describe(user: UserRow) -> str:
    """``區安娜 Anna AU (Assessor)``: how lists and the status bar name a user."""
    return f"{user.display_name} ({role_label(user.role)})"


class NewUserDialog(QDialog):
    """Add a user of this laptop: a username, the name shown on letters and reports, a role and, on a
    database signed in to, the password they sign in with (typed twice)."""

    def __init__(
        self, database: Database, language: str, parent: QWidget | None = None, *, actor: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("new_user_dialog")
        self.database = database
        # Who adds the user: the administrator working, or nobody yet on a laptop without users, where
        # the first user (an administrator) adds themselves.
        self.actor = actor
        self.language = language
        self.created: UserRow | None = None
        self.setWindowTitle(self.tr("New user"))
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("new_user_username")
        self.username_edit.setMaxLength(60)
        self.username_edit.setPlaceholderText(self.tr("e.g. amywong (lower-case letters and digits)"))
        self.display_name_edit = QLineEdit()
        self.display_name_edit.setObjectName("new_user_display_name")
        self.display_name_edit.setMaxLength(120)
        self.display_name_edit.setPlaceholderText(self.tr("as printed on letters and reports"))
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("new_user_role")
        for role in Role:
            self.role_combo.addItem(role_label(role), role.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(Role.ASSESSOR.value))
        # A user of an encrypted database signs in with a password: it is set now (accounts.add_user wraps
        # the data key for it). A clear database (tests, an old laptop) has no keyring to put it in.
        self.with_password = database.data_key is not None and keyring.exists(
            keyring.keyring_path(database.path)
        )
        self.password_edit = password_edit("new_user_password")
        self.password_edit.setPlaceholderText(self.tr("at least 8 characters"))
        self.again_edit = password_edit("new_user_password_again")
        self.problem = problem_label("new_user_problem")
        form = QFormLayout()
        form.addRow(self.tr("Username"), self.username_edit)
        form.addRow(self.tr("Display name"), self.display_name_edit)
        form.addRow(self.tr("Role"), self.role_combo)
        if self.with_password:
            form.addRow(self.tr("Password"), self.password_edit)
            form.addRow(self.tr("Password again"), self.again_edit)
        self.buttons = lay_out_form(self, form)
        self.resize(460, 0)

    def save(self) -> None:
        """Create the user on the task queue; a refusal is shown in the dialog, which stays open."""
        database = self.database
        username, display_name = self.username_edit.text(), self.display_name_edit.text()
        role = str(self.role_combo.currentData())
        actor = self.actor or username
        if not self.with_password:
            create_then_accept(self, lambda: create_user(database, username, display_name, role, actor=actor))
            return
        password = self.password_edit.text()
        if password != self.again_edit.text():
            self.problem.setText(self.tr("The two passwords differ."))  # no AppError: nothing was tried
            self.problem.show()
            self.again_edit.setFocus()
            return
        create_then_accept(
            self, lambda: accounts.add_user(database, username, display_name, role, password, actor=actor)
        )


def ask_new_user(
    database: Database, language: str, parent: QWidget | None = None, *, actor: str = ""
) -> UserRow | None:
    dialog = NewUserDialog(database, language, parent, actor=actor)
    return ask(dialog, run_dialog, lambda: dialog.created)


class WhoIsWorkingDialog(QDialog):
    """The active users of this laptop with their roles; the one who worked here last is preselected."""

    def __init__(self, context: UiContext, remembered: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("who_is_working_dialog")
        self.context = context
        self.chosen: UserRow | None = None
        self.users: list[UserRow] = []
        self.setWindowTitle(self.tr("Who is working?"))
        self.explanation = QLabel(
            self.tr(
                "Choose your name. Everything you record (judgements, recommendations, sign-offs, letters) "
                "is kept under it in the case history."
            )
        )
        self.explanation.setWordWrap(True)
        self.user_list = QListWidget()
        self.user_list.setObjectName("who_user_list")
        self.user_list.itemDoubleClicked.connect(lambda _item: self.choose())
        self.user_list.currentRowChanged.connect(lambda _row: self._update_ok())
        self.empty_label = QLabel(self.tr("No users yet: add the first one with “New user…”."))
        self.empty_label.setObjectName("who_empty")
        self.empty_label.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New user…"))
        self.new_button.setObjectName("who_new_user")
        # Not a default button: after a user is added, Enter chooses them instead of asking for another.
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.add_user)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Not now"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.user_list, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(row)
        self.reload(select=remembered or context.user)
        self.resize(460, 360)

    def reload(self, *, select: str = "") -> None:
        self.users = list_users(self.context.database)
        self.user_list.clear()
        for user in self.users:
            item = QListWidgetItem(f"{describe(user)} — {user.username}")
            item.setData(USERNAME_ROLE, user.username)
            self.user_list.addItem(item)
        position = next((i for i, user in enumerate(self.users) if user.username == select), 0)
        if self.users:
            self.user_list.setCurrentRow(position)
        self.empty_label.setVisible(not self.users)
        self.user_list.setVisible(bool(self.users))
        self._update_ok()

    def selected(self) -> UserRow | None:
        row = self.user_list.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def select(self, username: str) -> bool:
        for position, user in enumerate(self.users):
            if user.username == username:
                self.user_list.setCurrentRow(position)
                return True
        return False

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.selected() is not None)

    def add_user(self) -> None:
        created = ask_new_user(self.context.database, self.context.language, self, actor=self.context.user)
        if created is not None:
            self.reload(select=created.username)
            self.user_list.setFocus()

    def choose(self) -> None:
        user = self.selected()
        if user is None:
            return
        self.chosen = user
        self.accept()


def ask_user(parent: QWidget | None, context: UiContext, remembered: str = "") -> UserRow | None:
    """Who is working now, or None if the question was put off ("Not now")."""
    dialog = WhoIsWorkingDialog(context, remembered, parent)
    return ask(dialog, run_dialog, lambda: dialog.chosen)

"""Signing in to the GUI: the sign-in dialog, the first-run wizard on a new laptop (``ui/first_run.py``), and the password check
the lock screen uses.

Key derivation (argon2id, about 0.3 s) and opening the encrypted database run on the task queue, never on
the GUI thread; the dialog shows a busy cursor and keeps its fields disabled meanwhile. Refusals (wrong
password, throttled with the seconds to wait, locked account) are shown inside the dialog, which stays
open. :data:`run_dialog` is the one place these dialogs run modally, so tests replace it.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.errors import AppError
from assessor_app.core.security import keyring
from assessor_app.ui import i18n, tasks
from assessor_app.ui.dialog_parts import ask, password_edit, problem_label, run_modal, show_problem
from assessor_app.ui.lock import PasswordCheck
from assessor_app.ui.pages.base import heading_label

if TYPE_CHECKING:
    from assessor_app.core.db.database import Database
    from assessor_app.core.security.sign_in import SignedIn

# Imported in the background while the sign-in dialog shows (it brings in SQLAlchemy and the database).
CORE_SIGN_IN = "assessor_app.core.security.sign_in"
PRELOAD_AFTER_MS = 150
# Bound here because tests replace this module's run_dialog.
run_dialog = run_modal

DEMO_DISPLAY_NAME = "示範管理員 Demo administrator"


class _AttemptDialog(QDialog):
    """What both dialogs share: a language button, the red problem line, and one attempt at a time on the
    task queue with a busy cursor; ``signed_in`` holds the result of the attempt that succeeded."""

    def __init__(self, object_name: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.signed_in: Any = None
        self.task: tasks.Task | None = None
        self.heading = heading_label(f"{object_name}_heading")
        self.explanation = QLabel()
        self.explanation.setObjectName(f"{object_name}_explanation")
        self.explanation.setWordWrap(True)
        self.problem = problem_label(f"{object_name}_problem")
        self.language_button = QPushButton()
        self.language_button.setObjectName(f"{object_name}_language")
        self.language_button.setAutoDefault(False)
        self.language_button.clicked.connect(self._toggle_language)
        # Own buttons, not standard ones: a button box re-words its standard buttons after each language
        # change, over the texts set here.
        self.buttons = QDialogButtonBox()
        self.ok_button = QPushButton()
        self.ok_button.setObjectName(f"{object_name}_ok")
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName(f"{object_name}_quit")
        self.cancel_button.setAutoDefault(False)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.language_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def add_row(self, form: QFormLayout, field: QWidget) -> QLabel:
        label = QLabel()
        label.setBuddy(field)
        form.addRow(label, field)
        return label

    def lay_out(self, form: QFormLayout) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.retranslate()

    def _toggle_language(self) -> None:
        i18n.apply_language(i18n.other_language())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        other = i18n.other_language()
        self.language_button.setText(i18n.LANGUAGE_NAMES[other])
        self.cancel_button.setText(self.tr("Quit"))

    def fields(self) -> list[QWidget]:
        raise NotImplementedError

    def reject(self) -> None:
        if self.task is None:  # never while an attempt may still open the database
            super().reject()

    def submit(self) -> None:
        raise NotImplementedError

    def refuse(self, error: AppError, focus: QWidget) -> None:
        show_problem(self.problem, error, i18n.current_language())
        focus.setFocus()

    def attempt(self, work: Callable[[], object], focus: QWidget) -> None:
        """Run ``work`` on the task queue; success accepts the dialog, a refusal is shown and it stays."""
        if self.task is not None:
            return
        for widget in (*self.fields(), self.ok_button, self.language_button):
            widget.setEnabled(False)
        self.problem.hide()
        self.setCursor(Qt.CursorShape.BusyCursor)

        def finished() -> None:
            self.task = None
            self.unsetCursor()
            for widget in (*self.fields(), self.ok_button, self.language_button):
                widget.setEnabled(True)

        def succeeded(result: object) -> None:
            finished()
            self.signed_in = result
            self.accept()

        def failed(exc: BaseException) -> None:
            finished()
            if isinstance(exc, AppError):
                self.refuse(exc, focus)
            else:
                tasks.show_error(exc)

        self.task = tasks.run_in_background(
            lambda _control: work(), on_success=succeeded, on_error=failed, parent=self
        )


class SignInDialog(_AttemptDialog):
    """User name and password; Enter signs in. ``sign_in(username, password)`` runs on the task queue."""

    def __init__(
        self,
        database_path: Path,
        sign_in: Callable[[str, str], object],
        *,
        remembered: str = "",
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("sign_in_dialog", parent)
        self.database_path = Path(database_path)
        self._sign_in = sign_in
        self.demo = demo
        self.username_edit = QLineEdit(remembered)
        self.username_edit.setObjectName("sign_in_username")
        self.username_edit.setMaxLength(60)
        self.password_edit = password_edit("sign_in_password")
        self.demo_hint = QLabel()
        self.demo_hint.setObjectName("sign_in_demo_hint")
        self.demo_hint.setVisible(demo)
        self.form = QFormLayout()
        self.username_label = self.add_row(self.form, self.username_edit)
        self.password_label = self.add_row(self.form, self.password_edit)
        self.form.addRow(self.demo_hint)
        self.lay_out(self.form)
        (self.password_edit if remembered else self.username_edit).setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Sign in"))
        self.heading.setText(self.tr("Sign in to the RPL Assessor Workstation"))
        self.explanation.setText(self.tr("Case database: {name}").format(name=self.database_path.name))
        self.username_label.setText(self.tr("&User name"))
        self.password_label.setText(self.tr("&Password"))
        self.demo_hint.setText(self.tr("Demo database: user demo, password demo"))
        self.ok_button.setText(self.tr("Sign in"))

    def fields(self) -> list[QWidget]:
        return [self.username_edit, self.password_edit]

    def submit(self) -> None:
        username, password = self.username_edit.text().strip().lower(), self.password_edit.text()
        if not username:
            self.username_edit.setFocus()
            return
        if not password:
            self.password_edit.setFocus()
            return
        sign_in = self._sign_in
        self.attempt(lambda: sign_in(username, password), self.password_edit)

    def refuse(self, error: AppError, focus: QWidget) -> None:
        self.password_edit.clear()
        super().refuse(error, focus)


def session_check(database: Database) -> PasswordCheck:
    """The lock screen's check: ``username``'s password against the keyring beside ``database`` (counted
    and throttled as at sign-in), then that user must be active here; returns their ``UserRow``."""
    from assessor_app.core.security.keyring import SignInError
    from assessor_app.core.services.review.workflow import list_users

    ring = keyring.keyring_path(database.path)

    def check(username: str, password: str) -> object:
        name = username.strip().lower()
        keyring.unlock(ring, name, password)
        user = next((row for row in list_users(database) if row.username == name), None)
        if user is None:
            raise SignInError(
                f"The account {name} is disabled on this laptop.",
                f"帳戶 {name} 在此電腦已停用。",
                code="user_disabled",
            )
        return user

    return check


def not_set_up_for_signing_in(database_path: Path) -> AppError:
    """An old clear database without a keyring: the GUI does not open it (nobody could sign in to it)."""
    from assessor_app.core.security.sign_in import needs_encryption

    error = needs_encryption(database_path)
    return AppError(
        f"{error.en}\n\nSee docs/security.md. A new laptop is set up with `assessor-app init --admin NAME` in "
        "a new data folder.",
        f"{error.zh}\n\n詳見 docs/security.md。新電腦可在新的資料夾以 `assessor-app init --admin 用戶名稱` 設定。",
        code=error.code,
    )


def sign_in_at_start(
    parent: QWidget | None,
    database_path: Path,
    *,
    backups_dir: Path,
    evidence_dir: Path,
    demo: bool,
    remembered: str,
) -> SignedIn | None:
    """Who is working, proven: the sign-in dialog, or on a new laptop the first-run wizard (a new demo
    database is set up with the public demo / demo, without asking). None when the user chose Quit.

    Raises :class:`AppError` when the database cannot be signed in to: an old clear database without a
    keyring (``needs_encryption``, with how to go on), a file that is no case database at all, or a
    damaged one whose newest good backup was not restored (:func:`.recovery.offer_restore`)."""
    database_path = Path(database_path)
    ring = keyring.keyring_path(database_path)
    if not keyring.exists(ring):
        return _first_run(parent, database_path, backups_dir=backups_dir, demo=demo)

    def signing_in(username: str, password: str) -> object:
        from assessor_app.core.security import sign_in as core

        try:
            return core.sign_in(
                database_path, username, password, backups_dir=backups_dir, evidence_dir=evidence_dir
            )
        except core.DamagedAtSignIn as damaged:
            return damaged  # the password was right: the dialog closes and a restore is offered

    dialog = SignInDialog(
        database_path,
        signing_in,
        remembered=remembered or (keyring.DEMO_ADMINISTRATOR if keyring.is_demo(ring) else ""),
        demo=keyring.is_demo(ring),
        parent=parent,
    )
    # The database layer loads in the background while the user types, once the dialog has painted: the
    # import would otherwise compete with the dialog's first paint for the interpreter.
    QTimer.singleShot(PRELOAD_AFTER_MS, dialog, preload_core_sign_in)
    result = ask(dialog, run_dialog, lambda: dialog.signed_in)
    from assessor_app.core.security import sign_in as core

    if isinstance(result, core.DamagedAtSignIn):
        from assessor_app.ui.recovery import offer_restore

        return offer_restore(parent, database_path, backups_dir, result)
    return result if isinstance(result, core.SignedIn) else None


def preload_core_sign_in() -> None:
    """Import the sign-in's database layer on a thread of its own (the task queue may be busy)."""
    threading.Thread(target=importlib.import_module, args=(CORE_SIGN_IN,), daemon=True).start()


def _first_run(
    parent: QWidget | None, database_path: Path, *, backups_dir: Path, demo: bool
) -> SignedIn | None:
    """No keyring beside the database: a new laptop's first-run wizard (a new demo database set up
    with the public demo / demo, without asking), or a refusal for a file nobody could sign in to."""
    from assessor_app.core.db import cipher
    from assessor_app.core.db.database import open_database
    from assessor_app.core.security import sign_in as core

    if database_path.exists() and database_path.stat().st_size:
        if cipher.is_clear(database_path):
            raise not_set_up_for_signing_in(database_path)
        # Not SQLite's header: damaged, or encrypted with its keyring gone. Opening says which plainly.
        open_database(database_path, create=False).close()
        raise not_set_up_for_signing_in(database_path)
    if demo:
        # A demo's passwords are public and its argon2 cost is the fast one: no dialog to answer.
        return core.set_up(
            database_path,
            keyring.DEMO_ADMINISTRATOR,
            DEMO_DISPLAY_NAME,
            keyring.DEMO_PASSWORD,
            backups_dir=backups_dir,
            demo=True,
        )
    from assessor_app.core.security.first_run import set_up_laptop
    from assessor_app.ui.first_run import FirstRunWizard

    wizard = FirstRunWizard(
        database_path, lambda plan: set_up_laptop(database_path, plan, backups_dir=backups_dir), parent
    )
    result = ask(wizard, run_dialog, lambda: wizard.signed_in)
    return result if isinstance(result, core.SignedIn) else None

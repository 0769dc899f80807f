"""The case header's "Show the full HKID" button: for the roles that check the number, audited, masked again
after a minute (or when the case, the language or the user changes)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from assessor_app.core.errors import AppError
from assessor_app.core.services.cases.hkid_view import reveal_hkid
from assessor_app.core.services.review.permissions import Permission
from assessor_app.ui import messages, tasks
from assessor_app.ui.context import UiContext

SHOWN_FOR_MS = 60_000  # long enough to compare with the card, short enough not to stay on a shared screen


class HkidRevealButton(QPushButton):
    """Asks the core for the full number (which records the viewing, so it runs on the task queue) and
    emits ``revealed`` with it; ``hide_again`` is emitted when the minute is up."""

    revealed = Signal(str)
    hide_again = Signal()

    def __init__(
        self, context: UiContext, application_id: Callable[[], int | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("case_reveal_hkid")
        self.context = context
        self.application_id = application_id
        self.permission = Permission(False)
        self.shown = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SHOWN_FOR_MS)
        self.timer.timeout.connect(self.mask_again)
        self.clicked.connect(self.reveal)
        self.retranslate()

    def show_permission(self, permission: Permission) -> None:
        """Enable the button as ``permission`` (VIEW_FULL_HKID, read with the case) says; masks the number."""
        self.permission = permission
        self.mask_again()

    def reveal(self) -> None:
        application_id = self.application_id()
        if application_id is None or not self.permission.allowed or self.shown:
            return
        database, actor = self.context.database, self.context.user or ""
        self.setEnabled(False)

        def failed(error: BaseException) -> None:
            self._update()
            if isinstance(error, AppError):
                messages.known_problem(self, error, self.context.language)
            else:
                tasks.show_error(error)

        tasks.run_in_background(
            lambda _control: reveal_hkid(
                database, application_id, actor=actor, purpose="shown in the case view"
            ),
            on_success=self._show,
            on_error=failed,
            parent=self,
        )

    def _show(self, number: str) -> None:
        self.shown = True
        self.timer.start()
        self._update()
        self.revealed.emit(number)

    def mask_again(self) -> None:
        self.timer.stop()
        was_shown, self.shown = self.shown, False
        self._update()
        if was_shown:
            self.hide_again.emit()

    def _update(self) -> None:
        self.setEnabled(self.permission.allowed and not self.shown)
        if not self.permission.allowed:
            self.setToolTip(self.permission.reason(self.context.language))
        elif self.shown:
            self.setToolTip(self.tr("The full number is shown for a minute, then masked again."))
        else:
            self.setToolTip(
                self.tr(
                    "Show the full number for a minute, e.g. to check it against the card; the viewing "
                    "is recorded in the case's history."
                )
            )

    def retranslate(self) -> None:
        self.setText(self.tr("Show in full"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

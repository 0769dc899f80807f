"""Never lose a keystroke: every change is saved as a draft within a second, off the GUI thread.

Each change restarts a short quiet-time timer; a second timer caps the wait while someone keeps typing.
The snapshot is taken on the GUI thread and written by the one background worker of :mod:`tasks`, so
saves reach the database in the order they were taken. A failed save is reported and the form stays
"dirty": the next change, :meth:`flush` or a retry a few seconds later writes everything again, so
nothing is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from assessor_app.core.db.database import Database
from assessor_app.core.domain.application_form import ApplicationForm
from assessor_app.core.errors import AppError
from assessor_app.core.services.intake.lodging import save_draft
from assessor_app.ui import tasks

log = logging.getLogger(__name__)

QUIET_MS = 700
MAX_WAIT_MS = 1000
RETRY_MS = 5000

Snapshot = Callable[[], tuple[str, ApplicationForm] | None]


class DraftAutosaver(QObject):
    """Debounced draft saving; ``snapshot()`` returns ``(draft uid, a copy of the form)`` or None."""

    saved = Signal(str, object)  # uid, the ApplicationForm now on disk
    failed = Signal(object)  # AppError

    def __init__(self, database: Database, snapshot: Snapshot, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self._snapshot = snapshot
        self._dirty = False
        self._in_flight = 0
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(QUIET_MS)
        self._quiet.timeout.connect(self.flush)
        self._cap = QTimer(self)
        self._cap.setSingleShot(True)
        self._cap.setInterval(MAX_WAIT_MS)
        self._cap.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.flush)

    @property
    def dirty(self) -> bool:
        """Changes not yet handed to the worker."""
        return self._dirty

    @property
    def busy(self) -> bool:
        """Saves handed to the worker and not yet reported back."""
        return self._in_flight > 0

    def changed(self) -> None:
        self._dirty = True
        self._quiet.start()
        if not self._cap.isActive():
            self._cap.start()

    def cancel(self) -> None:
        """Forget unsaved changes (the form was lodged or cleared on purpose)."""
        self._quiet.stop()
        self._cap.stop()
        self._retry.stop()
        self._dirty = False

    def flush(self) -> None:
        """Hand the current form to the worker now, if anything changed."""
        self._quiet.stop()
        self._cap.stop()
        self._retry.stop()
        if not self._dirty:
            return
        snapshot = self._snapshot()
        self._dirty = False
        if snapshot is None:
            return
        uid, form = snapshot
        database = self.database

        def work(_control: tasks.TaskControl) -> tuple[str, ApplicationForm]:
            save_draft(database, uid, form)
            return uid, form

        self._in_flight += 1
        tasks.run_in_background(work, on_success=self._on_saved, on_error=self._on_failed)

    def _on_saved(self, result: tuple[str, ApplicationForm]) -> None:
        self._in_flight -= 1
        uid, form = result
        self.saved.emit(uid, form)

    def _on_failed(self, exc: BaseException) -> None:
        self._in_flight -= 1
        self._dirty = True  # the next change, flush or retry writes the whole form again
        self._retry.start()
        if isinstance(exc, AppError):
            log.warning("draft not saved: %s", exc.en)
            self.failed.emit(exc)
        else:
            tasks.show_error(exc)

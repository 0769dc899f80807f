"""The intake page's live lodging check: run once typing pauses, read again only when the form changed."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import fields, is_dataclass
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from assessor_app.core.db.database import Database
from assessor_app.core.domain.application_form import ApplicationForm
from assessor_app.core.domain.form_fields import FieldProblem
from assessor_app.core.services.intake import form_check

# Long enough that a burst of keystrokes makes one check, short enough that the hint seems immediate.
CHECK_DELAY_MS = 200


def frozen(value: object) -> Hashable:
    """``value`` as a hashable key: dataclasses and lists become tuples, all the way down."""
    if is_dataclass(value) and not isinstance(value, type):
        return tuple(frozen(getattr(value, item.name)) for item in fields(value))
    if isinstance(value, list | tuple):
        return tuple(frozen(item) for item in value)
    assert isinstance(value, Hashable)
    return value


class LiveCheck(QObject):
    """Emits ``due`` once edits pause for :data:`CHECK_DELAY_MS` (each edit restarts the wait), and keeps
    the last :func:`form_check.check_lodging` answer for as long as the form and the day are what they were."""

    due = Signal()

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CHECK_DELAY_MS)
        self.timer.timeout.connect(self.due)
        self._key: Hashable | None = None
        self._problems: list[FieldProblem] = []

    @property
    def pending(self) -> bool:
        """An edit has not been checked yet."""
        return self.timer.isActive()

    def edited(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        """The caller checks now (lodging, a restored draft): the pending check would repeat it."""
        self.timer.stop()

    def forget(self) -> None:
        """The catalogue may have changed: the next check reads again."""
        self._key = None

    def problems(self, form: ApplicationForm, today: date) -> list[FieldProblem]:
        """:func:`form_check.check_lodging` of ``form``; a read only when the form or the day changed."""
        key = (frozen(form), today)
        if key != self._key:
            self._problems = form_check.check_lodging(self.database, form, today=today)
            self._key = key
        return list(self._problems)

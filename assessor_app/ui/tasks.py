"""Background work: run a Qt-free callable on a thread pool and hear back on the GUI thread.

The callable receives a :class:`TaskControl` to report progress and to poll for cancellation; its
result or exception comes back through the :class:`Task` signals, always on the GUI thread. Tasks run
one at a time, which also serialises the database writes they make.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from assessor_app.core.errors import AppError
from assessor_app.ui import errors, i18n, messages

_pool: QThreadPool | None = None
_running: set[Task] = set()


class TaskCancelled(Exception):
    """Raised by :meth:`TaskControl.check` once the user has asked to cancel."""


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits its signals, Qt queues them over to the GUI thread."""

    progressed = Signal(int, int, str)
    returned = Signal(object)
    raised = Signal(object)
    stopped = Signal()


class TaskControl:
    """What the background callable sees: progress reporting and a cancel flag, nothing of Qt."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise :class:`TaskCancelled` if cancellation was asked for (call between units of work)."""
        if self._cancel.is_set():
            raise TaskCancelled

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        """Progress so far; ``total`` 0 means unknown (a busy indicator)."""
        self._relay.progressed.emit(done, total, text)

    def request_cancel(self) -> None:
        self._cancel.set()


class Task(QObject):
    """A running background call. Exactly one of succeeded, failed or cancelled is emitted, then finished."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, fn: Callable[[TaskControl], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._relay = _Relay()
        self._control = TaskControl(self._relay)
        self._running = False
        self._relay.progressed.connect(self.progressed)
        self._relay.returned.connect(self._on_returned)
        self._relay.raised.connect(self._on_raised)
        self._relay.stopped.connect(self._on_stopped)
        # A task whose parent is deleted first (a closed view) never reports back: stop counting it.
        self.destroyed.connect(lambda: _running.discard(self))

    @property
    def running(self) -> bool:
        return self._running

    def cancel(self) -> None:
        """Ask the callable to stop; it decides when (at its next :meth:`TaskControl.check`)."""
        self._control.request_cancel()

    def start(self) -> None:
        self._running = True
        _running.add(self)
        thread_pool().start(self._run)

    def _run(self) -> None:  # on the worker thread
        try:
            result = self._fn(self._control)
        except TaskCancelled:
            self._relay.stopped.emit()
        except BaseException as exc:
            self._relay.raised.emit(exc)
        else:
            self._relay.returned.emit(result)

    def _finish(self) -> None:
        self._running = False
        _running.discard(self)
        self.finished.emit()

    @Slot(object)
    def _on_returned(self, result: object) -> None:
        self.succeeded.emit(result)
        self._finish()

    @Slot(object)
    def _on_raised(self, exc: BaseException) -> None:
        self.failed.emit(exc)
        self._finish()

    @Slot()
    def _on_stopped(self) -> None:
        self.cancelled.emit()
        self._finish()


def thread_pool() -> QThreadPool:
    """One worker thread: background jobs queue behind each other instead of racing for the database."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


def show_error(exc: BaseException) -> None:
    """The default error handler: a known problem in plain words, anything else as a bug report."""
    if isinstance(exc, AppError):
        messages.known_problem(None, exc, i18n.current_language())
    else:
        errors.report_exception(type(exc), exc, exc.__traceback__)


def run_in_background(
    fn: Callable[[TaskControl], Any],
    *,
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = show_error,
    on_progress: Callable[[int, int, str], None] | None = None,
    parent: QObject | None = None,
) -> Task:
    """Start ``fn(control)`` on the worker thread; the callbacks run on the GUI thread."""
    task = Task(fn, parent)
    if on_success is not None:
        task.succeeded.connect(on_success)
    if on_error is not None:
        task.failed.connect(on_error)
    if on_progress is not None:
        task.progressed.connect(on_progress)
    task.start()
    return task


def unfinished() -> int:
    """How many started tasks have not yet reported back on the GUI thread (tests wait for none)."""
    return len(_running)


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Block until queued and running tasks are done (used at exit and by tests)."""
    return thread_pool().waitForDone(timeout_ms)

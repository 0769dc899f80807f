"""A Settings box's one background task at a time: the box refreshes after it, and its buttons wait for it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QWidget

from assessor_app.ui import tasks


class TaskBox(Protocol):
    task: tasks.Task | None

    def refresh(self) -> None: ...

    def _enable(self) -> None: ...


def run_for(
    box: TaskBox, parent: QWidget, work: Callable[[], object], done: Callable[[object], None]
) -> tasks.Task:
    """Run ``work`` (a core call that writes) on the task queue for ``box``; ``done`` gets its result after the
    box is refreshed, a failure is shown. The box's buttons are disabled until the task has ended."""

    def succeeded(value: object) -> None:
        box.refresh()
        done(value)

    def failed(exc: BaseException) -> None:
        box.refresh()
        tasks.show_error(exc)

    box.task = tasks.run_in_background(
        lambda _control: work(), on_success=succeeded, on_error=failed, parent=parent
    )
    # The task still counts as running while its result is handled: enable again once it has ended.
    box.task.finished.connect(box._enable)
    box._enable()
    return box.task

"""The background task helper: results, errors, progress and cancellation come back on the GUI thread."""

from __future__ import annotations

import threading
import time

import shiboken6
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from assessor_app.core.errors import AppError
from assessor_app.ui import messages, tasks
from assessor_app.ui.tasks import TaskControl, run_in_background
from tests.gui.qt_helpers import finish_tasks


def test_result_and_progress_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    gui_thread = QThread.currentThread()
    worker_threads: list[threading.Thread] = []
    progress: list[tuple[int, int, str]] = []
    results: list[object] = []
    threads_seen: list[bool] = []

    def work(control: TaskControl) -> int:
        worker_threads.append(threading.current_thread())
        for step in range(3):
            control.report(step + 1, 3, f"step {step + 1}")
        return 42

    def on_success(value: object) -> None:
        threads_seen.append(QThread.currentThread() == gui_thread)
        results.append(value)

    def on_progress(done: int, total: int, text: str) -> None:
        threads_seen.append(QThread.currentThread() == gui_thread)
        progress.append((done, total, text))

    task = run_in_background(work, on_success=on_success, on_progress=on_progress)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert results == [42]
    assert progress == [(1, 3, "step 1"), (2, 3, "step 2"), (3, 3, "step 3")]
    assert all(threads_seen)
    assert worker_threads
    assert worker_threads[0] is not threading.main_thread()
    assert not task.running


def test_errors_come_back(qtbot: QtBot) -> None:
    failures: list[BaseException] = []

    def work(_control: TaskControl) -> None:
        raise ValueError("bad input")

    task = run_in_background(work, on_error=failures.append)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert len(failures) == 1
    assert isinstance(failures[0], ValueError)


def test_known_problems_are_shown_plainly_by_default(
    qtbot: QtBot, recorded_messages: list[messages.Message]
) -> None:
    def work(_control: TaskControl) -> None:
        raise AppError("The disk is full.", "磁碟已滿。")

    task = run_in_background(work)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert [(m.kind, m.text) for m in recorded_messages] == [("warning", "The disk is full.")]


def test_bugs_get_the_exception_dialog_by_default(
    qtbot: QtBot, recorded_messages: list[messages.Message]
) -> None:
    def work(_control: TaskControl) -> None:
        raise KeyError("missing")

    task = run_in_background(work)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    (message,) = recorded_messages
    assert message.kind == "bug"
    assert "KeyError" in message.details


def test_cancel_stops_the_work(qtbot: QtBot) -> None:
    started = threading.Event()
    steps: list[int] = []

    def work(control: TaskControl) -> str:
        started.set()
        for step in range(1000):
            control.check()
            steps.append(step)
            time.sleep(0.005)
        return "finished anyway"

    succeeded: list[object] = []
    task = run_in_background(work, on_success=succeeded.append)
    assert started.wait(10)
    with qtbot.waitSignals([task.cancelled, task.finished], timeout=10_000):
        task.cancel()
    assert succeeded == []
    assert len(steps) < 1000
    QApplication.processEvents()


def test_a_task_whose_parent_is_deleted_is_no_longer_counted(qtbot: QtBot) -> None:
    parent = QWidget()
    results: list[object] = []

    def slow(_control: TaskControl) -> int:
        time.sleep(0.1)
        return 1

    run_in_background(slow, on_success=results.append, parent=parent)
    assert tasks.unfinished() == 1
    shiboken6.delete(parent)  # a view closed while its write was still running
    finish_tasks(qtbot)
    assert results == []

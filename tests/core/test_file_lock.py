"""The inter-process file lock: re-entrant in one thread, waits for another process, times out."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from assessor_app.core.file_lock import LockTimeout, exclusive

HOLD = """
import sys, time
from pathlib import Path
from assessor_app.core.file_lock import exclusive
with exclusive(Path(sys.argv[1]), wait=5):
    Path(sys.argv[2]).touch()
    time.sleep(float(sys.argv[3]))
"""


def _holder(lock: Path, ready: Path, seconds: float) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(lock), str(ready), str(seconds)])
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert process.poll() is None, "the holder ended early"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    return process


def test_the_same_thread_takes_it_again_without_waiting(tmp_path: Path) -> None:
    lock = tmp_path / "x.lock"
    with exclusive(lock, wait=0), exclusive(lock, wait=0), exclusive(lock, wait=0):
        pass
    with exclusive(lock, wait=0):  # released: free again
        pass


def test_another_process_is_waited_for_then_given_up_on(tmp_path: Path) -> None:
    lock = tmp_path / "x.lock"
    holder = _holder(lock, tmp_path / "ready", 2.0)
    try:
        with pytest.raises(LockTimeout), exclusive(lock, wait=0.2):
            pass
        started = time.monotonic()
        with exclusive(lock, wait=30):
            waited = time.monotonic() - started
        assert waited > 0.5  # taken only once the holder let go (it holds 2 s)
    finally:
        holder.wait(timeout=30)


def test_a_holder_that_dies_leaves_it_free(tmp_path: Path) -> None:
    lock = tmp_path / "x.lock"
    holder = _holder(lock, tmp_path / "ready", 60.0)
    holder.kill()
    holder.wait(timeout=30)
    with exclusive(lock, wait=5):
        pass

"""The single-instance guard: a second process is told another copy runs; the lock goes with the process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assessor_app.core.db.instance_guard import AnotherCopyRunningError, InstanceLock, is_held_elsewhere

HOLDER = """
import sys, time
from pathlib import Path
from assessor_app.core.db.instance_guard import InstanceLock
lock = InstanceLock(Path(sys.argv[1])).acquire()
if sys.argv[2:] == ["closing"]:
    lock.note_closing()
print("held", flush=True)
sys.stdin.readline()
"""

TAKER = """
import sys
from pathlib import Path
from assessor_app.core.db.instance_guard import InstanceLock, AnotherCopyRunningError
try:
    InstanceLock(Path(sys.argv[1]), wait=float(sys.argv[2])).acquire()
except AnotherCopyRunningError as error:
    print(error.en)
    sys.exit(3)
print("got it")
"""


def taker(folder: Path, wait: float = 0.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", TAKER, str(folder), str(wait)], capture_output=True, text=True, timeout=60
    )


def test_a_second_process_is_refused_while_the_first_holds_the_folder(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdin is not None
        assert holder.stdout.readline().strip() == "held"
        assert is_held_elsewhere(tmp_path)
        refused = taker(tmp_path, wait=0.3)
        assert refused.returncode == 3
        assert "Another copy" in refused.stdout
        assert f"process {holder.pid}" in refused.stdout
        with pytest.raises(AnotherCopyRunningError) as raised:
            InstanceLock(tmp_path).acquire()
        assert "另一個評審工作站程式" in raised.value.zh
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    assert not is_held_elsewhere(tmp_path)
    assert taker(tmp_path).stdout.strip() == "got it"


def test_a_copy_finishing_its_close_says_so(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path), "closing"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdin is not None
        assert holder.stdout.readline().strip() == "held"
        refused = taker(tmp_path)
        assert refused.returncode == 3
        assert "just closed" in refused.stdout
        assert "automatic backup" in refused.stdout
        assert f"process {holder.pid}" in refused.stdout
        with pytest.raises(AnotherCopyRunningError) as raised:
            InstanceLock(tmp_path).acquire()
        assert "自動備份" in raised.value.zh
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    assert taker(tmp_path).stdout.strip() == "got it"


def test_the_lock_goes_when_its_process_is_killed(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        holder.kill()
        holder.wait(timeout=30)
    with InstanceLock(tmp_path) as lock:
        assert lock.held


def test_a_waiting_process_gets_the_lock_once_it_is_released(tmp_path: Path) -> None:
    lock = InstanceLock(tmp_path).acquire()
    with subprocess.Popen(
        [sys.executable, "-c", TAKER, str(tmp_path), "20"], stdout=subprocess.PIPE, text=True
    ) as waiting:
        import time

        time.sleep(1.0)
        assert waiting.poll() is None  # still waiting for the lock
        lock.release()
        out, _ = waiting.communicate(timeout=30)
    assert out.strip() == "got it"


def test_a_lock_file_that_cannot_be_written_is_refused_plainly_and_leaves_the_folder_free(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk when the process id is written: a clear refusal, not a traceback, and no lock kept."""
    import errno
    import os

    from assessor_app.core.errors import DatabaseUnwritableError

    def full(_fd: int, _data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)  # the module's os.write, the only write in acquire()
    with pytest.raises(DatabaseUnwritableError, match="Cannot write the lock file"):
        InstanceLock(tmp_path).acquire()
    monkeypatch.undo()
    assert not is_held_elsewhere(tmp_path)
    assert taker(tmp_path).stdout.strip() == "got it"

"""One copy of the app per data folder: an OS lock on a file in the folder, held while the database is open."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType

from assessor_app.core.db.file_checks import refuse_unwritable_folder
from assessor_app.core.errors import DatabaseLockedError, DatabaseUnwritableError
from assessor_app.core.file_lock import try_lock, unlock

LOCK_FILE = "assessor-app.lock"
POLL_SECONDS = 0.1
CLOSING = "closing"  # written after the pid while a closed window's copy finishes its backup


class AnotherCopyRunningError(DatabaseLockedError):
    """The GUI or another command holds this data folder."""

    code = "another_copy_running"


class InstanceLock:
    """The data folder's lock: ``with InstanceLock(folder, wait=3):`` or :meth:`acquire` / :meth:`release`.

    The lock file itself stays (removing it would let a third process lock a new file while a second still
    holds the old one); it records the holder's process id, for the message the next copy shows.
    """

    def __init__(self, folder: Path, *, wait: float = 0.0) -> None:
        self.folder = Path(folder)
        self.path = self.folder / LOCK_FILE
        self.wait = wait
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> InstanceLock:
        """Take the lock, waiting up to ``wait`` seconds; :class:`AnotherCopyRunningError` if still held."""
        if self._fd is not None:
            return self
        refuse_unwritable_folder(self.folder)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        except OSError as exc:
            raise DatabaseUnwritableError(
                f"Cannot make the lock file {self.path}: {exc.strerror}. Nothing was changed.",
                f"無法建立鎖定檔案 {self.path}：{exc.strerror}。未有任何改動。",
            ) from exc
        deadline = time.monotonic() + self.wait
        while not try_lock(fd):
            if time.monotonic() >= deadline:
                holder = _holder(fd)
                os.close(fd)
                raise _running_error(self.folder, holder)
            time.sleep(POLL_SECONDS)
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError as exc:  # a full disk: refused as plainly as a lock file that cannot be made
            unlock(fd)
            os.close(fd)
            raise DatabaseUnwritableError(
                f"Cannot write the lock file {self.path}: {exc.strerror}. Nothing was changed.",
                f"無法寫入鎖定檔案 {self.path}：{exc.strerror}。未有任何改動。",
            ) from exc
        self._fd = fd
        return self

    def note_closing(self) -> None:
        """Say in the lock file that this copy has closed its window and is finishing (the automatic backup
        at close reads the whole database: half a minute at 100,000 cases), for the next copy's message."""
        if self._fd is None:
            return
        try:
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.write(self._fd, f"{os.getpid()} {CLOSING}\n".encode())
        except OSError:  # the message falls back to the plain one
            pass

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(
        self, _type: type[BaseException] | None, _value: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.release()


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:  # Windows refuses to read the locked byte
        return ""


def _running_error(folder: Path, holder: str) -> AnotherCopyRunningError:
    pid, _, state = holder.partition(" ")
    process_en = f" (process {pid})" if pid.isdigit() else ""
    process_zh = f"（程序 {pid}）" if pid.isdigit() else ""
    if state == CLOSING:
        return AnotherCopyRunningError(
            f"The copy of the RPL Assessor Workstation that was just closed{process_en} is still writing its "
            f"automatic backup of the data folder {folder}. It finishes by itself: try again in a minute; "
            "nothing was changed.",
            f"剛關閉的評審工作站程式{process_zh}仍在為資料夾 {folder} 寫入自動備份，完成後會自行結束：請稍候一分鐘再試；"
            "未有任何改動。",
        )
    return AnotherCopyRunningError(
        f"Another copy of the RPL Assessor Workstation is using the data folder {folder}{process_en}. "
        "Close it (the window or the command) and try again; nothing was changed.",
        f"另一個評審工作站程式{process_zh}正在使用資料夾 {folder}。請先關閉該視窗或指令後再試；未有任何改動。",
    )


def is_held_elsewhere(folder: Path) -> bool:
    """Whether another process holds ``folder``'s lock now (asked without waiting and without creating
    the lock file, so it works on a read-only folder)."""
    path = Path(folder) / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY if os.name != "nt" else os.O_RDWR)
    except OSError:
        return False
    try:
        if not try_lock(fd):
            return True
        unlock(fd)
        return False
    finally:
        os.close(fd)

"""Advisory locks between processes on a lock file (fcntl on POSIX, msvcrt on Windows), written once here."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_SECONDS = 0.02


def try_lock(fd: int) -> bool:
    """Take the lock on ``fd`` without waiting; False when another process holds it. The OS drops it when
    the process ends, however it ends, so a crash never leaves a file locked."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


class LockTimeout(TimeoutError):
    """Another process kept the lock longer than the caller would wait."""


# Held here per lock file and thread: the same thread taking a lock it holds goes on at once (a flock on
# a second descriptor would wait for itself), another thread of this process waits like another process.
_held: dict[str, tuple[int, int, int]] = {}  # path -> (thread id, descriptor, depth)
_guard = threading.Lock()


@contextmanager
def exclusive(path: Path, *, wait: float) -> Iterator[None]:
    """Hold the lock on the file ``path`` (made owner-only if missing, never removed), waiting up to ``wait``
    seconds for another holder; :class:`LockTimeout` after that. Re-entrant within one thread."""
    key = os.path.abspath(path)
    me = threading.get_ident()
    with _guard:
        holder = _held.get(key)
        if holder is not None and holder[0] == me:
            _held[key] = (me, holder[1], holder[2] + 1)
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _guard:
                thread, fd, depth = _held[key]
                _held[key] = (thread, fd, depth - 1)
        return
    fd = os.open(key, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    deadline = time.monotonic() + wait
    try:
        while not try_lock(fd):
            if time.monotonic() >= deadline:
                raise LockTimeout(key)
            time.sleep(POLL_SECONDS)
    except BaseException:
        os.close(fd)
        raise
    with _guard:
        _held[key] = (me, fd, 1)
    try:
        yield
    finally:
        with _guard:
            del _held[key]
        try:
            unlock(fd)
        finally:
            os.close(fd)

"""A warm ``python -m assessor_app``: imports once, then forks one child per command, to be killed at will.

Started as ``python -m tests.core.sync.fork_server`` (:class:`ForkServer` starts it); each line on its
stdin is a JSON object ``{"argv": [...], "env": {...}, "stdin": "...", "log": "FILE", "kill_after":
SECONDS, "limit": BYTES, "crash": {...}, "module": "NAME"}`` (the last four optional). The server forks; the child takes
the environment (``TMPDIR`` included: the temporary folder is looked up afresh), the file-size limit
(``RLIMIT_FSIZE``, with ``SIGXFSZ`` ignored so an over-long write fails as on a full disk), its stdin
and log file, and runs the package's ``__main__`` exactly as ``python -m assessor_app ARGV`` would
(with ``module``, that module as ``python -m NAME ARGV`` would: a test's own loop over the services).
With ``crash`` ``{"call": "fsync" | "replace" | "unlink", "nth": N, "match": "TEXT"}`` the child kills
itself with SIGKILL right after its N-th such call (counting only calls whose path ends with
``match``; ``unlink``: right before it), so each step of placing a file can be interrupted exactly.
Modules named on the server's command line are imported before the first fork, so such a loop starts warm
too. The server answers ``{"status": N, "seconds": S}`` (the exit code, or minus the signal that ended it,
and how long the child ran) once the child is gone, having killed it at ``kill_after`` if it still ran.

Python's start-up and imports take about a second on a shared laptop, most of a trial; forking skips
them so a hundred kills fit in the test's time, while the code from the entry point on is the real one.
"""

from __future__ import annotations

import importlib
import json
import os
import runpy
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _child(command: dict[str, object]) -> None:
    os.environ.update({str(k): str(v) for k, v in dict(command["env"]).items()})  # type: ignore[call-overload]
    tempfile.tempdir = None  # gettempdir() reads TMPDIR again
    limit = command.get("limit")
    if limit is not None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(str(limit)), int(str(limit))))
    crash = command.get("crash")
    if crash:
        _arm(dict(crash))  # type: ignore[call-overload]
    read, write = os.pipe()
    os.write(write, str(command.get("stdin", "")).encode())
    os.close(write)
    os.dup2(read, 0)
    log = os.open(str(command["log"]), os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    sys.stdin = os.fdopen(0, "r", closefd=False)
    module = str(command.get("module", "assessor_app"))
    sys.argv = [module, *[str(arg) for arg in list(command["argv"])]]  # type: ignore[call-overload]
    code = 0
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _arm(crash: dict[str, object]) -> None:
    """Wrap one ``os`` call so the child dies by SIGKILL at its N-th matching use."""
    name, nth, match = str(crash["call"]), int(str(crash.get("nth", 1))), str(crash.get("match", ""))
    real = getattr(os, name)
    seen = 0

    def wrapped(*args: object, **kwargs: object) -> object:
        nonlocal seen
        target = args[-1] if name == "replace" else args[0]
        counted = not match or str(target).endswith(match)
        if counted:
            seen += 1
        if counted and seen == nth and name == "unlink":
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(*args, **kwargs)
        if counted and seen == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(os, name, wrapped)


def main() -> None:
    # What the export and merge load, so children start warm (the modules `python -m` would import).
    import msoffcrypto  # noqa: F401
    import openpyxl  # noqa: F401
    import python_calamine  # noqa: F401

    import assessor_app.cli
    import assessor_app.core.services.sync.export
    import assessor_app.core.services.sync.merge  # noqa: F401

    for name in sys.argv[1:]:
        importlib.import_module(name)
    for line in sys.stdin:
        command = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                _child(command)
            finally:
                os._exit(1)  # the child never returns into the server's loop
        started = time.perf_counter()
        status = _wait(pid, command.get("kill_after"))
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(json.dumps({"status": code, "seconds": time.perf_counter() - started}), flush=True)


def _wait(pid: int, kill_after: object) -> int:
    """The child's wait status; with ``kill_after`` (seconds) it is killed then if still running. Only
    the server reaps its children, so the pid it kills is never another process's."""
    if kill_after is None:
        return os.waitpid(pid, 0)[1]
    deadline = time.perf_counter() + float(str(kill_after))
    while time.perf_counter() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return status
        time.sleep(0.001)
    os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


class ForkServer:
    """The test's side: starts the server, sends it commands, kills their children."""

    def __init__(self, *warm: str) -> None:
        """``warm``: more modules the server imports before forking (a test's loop and what it uses)."""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.core.sync.fork_server", *warm],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[3],  # the checkout, so `tests` is importable
        )

    def run(self, command: dict[str, object], kill_after: float | None = None) -> tuple[int, float]:
        """Run one command, killed ``kill_after`` seconds after it started if still running: its exit
        status (minus the signal that ended it) and how long it ran."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps({**command, "kill_after": kill_after}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the fork server stopped"
        answer = json.loads(line)
        return int(answer["status"]), float(answer["seconds"])

    def close(self) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


if __name__ == "__main__":
    main()

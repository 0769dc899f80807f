"""Start-up against the bare-window floor, each in a fresh process (median of several, byte code cached).

    python -m bench --only startup [--applications 100000]

The floor is a bare PySide6 window of the same size shown and idle, in a process of its own. The app is
the real ``assessor-app`` start on a demo database of ``applications`` cases: process start → the
sign-in dialog ready for input (the first window a user can type into), then the password given → the
main window's page shown with nothing left on the task queue. Sign-in itself derives the key from the
password with argon2id, deliberately slow (docs/security.md); the figures say how much of that step it
is. Target (issue 16): the first window ready within twice the floor; the running app under 300 MiB.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import record

RUNS = 7
CHILD = Path(__file__).with_name("startup_child.py")


def _run(args: list[str]) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    # "Byte code cached", as on every start after the first and in the bundle: a shell that sets
    # PYTHONDONTWRITEBYTECODE would otherwise compile every module of the app at every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.time()
    done = subprocess.run(
        [sys.executable, str(CHILD), *args], capture_output=True, text=True, env=env, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(f"start-up run failed: {done.stderr[-2000:]}")
    moments = {}
    for line in done.stdout.splitlines():
        name, value = line.split()
        moments[name] = float(value) if name == "rss" else float(value) - started
    return moments


def _demo_database(folder: Path, applications: int) -> tuple[Path, float]:
    from assessor_app.core.security.keyring import DEMO_ADMINISTRATOR, DEMO_PASSWORD
    from assessor_app.core.security.sign_in import give_demo_passwords, set_up
    from assessor_app.core.services.demo.scale import build_demo

    path = folder / "demo.sqlite3"
    started = time.perf_counter()
    signed = set_up(
        path, DEMO_ADMINISTRATOR, "Demo", DEMO_PASSWORD, backups_dir=folder / "backups", demo=True
    )
    try:
        build_demo(signed.database, applications=applications, evidence_dir=folder / "evidence")
        give_demo_passwords(signed)
    finally:
        signed.database.close()
    return path, time.perf_counter() - started


def run(applications: int) -> None:
    from assessor_app.core.security.keyring import DEMO_ADMINISTRATOR, DEMO_PASSWORD

    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        path, seconds = _demo_database(folder, applications)
        print(f"start-up: a demo database of {applications:,} applications made in {seconds:.1f} s")
        _run(["bare"])  # byte code cached, files in the page cache: as every start after the first
        _run(["app", str(folder), str(path), DEMO_ADMINISTRATOR, DEMO_PASSWORD])
        floors = [_run(["bare"])["ready"] for _ in range(RUNS)]
        starts = [
            _run(["app", str(folder), str(path), DEMO_ADMINISTRATOR, DEMO_PASSWORD]) for _ in range(RUNS)
        ]
    floor = statistics.median(floors)
    dialog = statistics.median(run["dialog"] for run in starts)
    signed_in = statistics.median(run["ready"] - run["submitted"] for run in starts)
    total = statistics.median(run["ready"] for run in starts)
    rss = max(run["rss"] for run in starts)
    group = f"start-up (median of {RUNS} fresh processes, {applications:,} applications)"
    record(group, "baseline: a bare PySide6 window shown and idle", floor, note="the floor")
    ratio = dialog / floor
    record(
        group,
        "process start → sign-in dialog ready for input",
        dialog,
        note=f"{ratio:.1f}× the floor; target ≤ 2×: " + ("met" if ratio <= 2 else "MISSED"),
    )
    record(group, "password given → main window ready (argon2id included)", signed_in)
    record(group, "process start → main window ready (with the sign-in)", total)
    record(
        group,
        "peak resident memory of the app",
        None,
        memory_mib=rss,
        note="target < 300 MiB: " + ("met" if rss < 300 else "MISSED"),
    )

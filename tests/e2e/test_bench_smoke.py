"""Every benchmark group still runs, at a toy size: a change that breaks one (the workbook 4.0 layout moved the
results columns the sync bench filled) fails here, not on the day someone runs `make bench`. Nothing is timed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.__main__ import GROUPS

ROOT = Path(__file__).resolve().parents[2]
TOY_SIZE = 60


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_the_benchmark_group_runs_at_a_toy_size(group: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--only", group, "--applications", str(TOY_SIZE)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"== {group} " in done.stdout  # the group's heading, then its figures
    assert " s " in done.stdout or " ms " in done.stdout

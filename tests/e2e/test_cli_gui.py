"""Launching the GUI where there is no screen gives a plain message instead of Qt aborting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(sys.platform != "linux", reason="the display check is for Linux")
def test_no_display_is_a_clear_message(tmp_path: Path) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    finished = subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(tmp_path)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 1
    assert "No display is available" in finished.stderr
    assert "沒有可用的顯示器" in finished.stderr
    assert not (tmp_path / "cases.sqlite3").exists()


def test_version() -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "assessor_app", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert finished.stdout.startswith("assessor-app 0.")

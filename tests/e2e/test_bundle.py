"""The one-folder build: ``installer.spec`` builds with PyInstaller, and the built program passes its own
self-test offscreen in a clean environment (slow: a few minutes; ``make test`` runs it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.cli_helpers import PROJECT_ROOT, cli_environment

# Generous: a guard against a build that drags in what the spec trims (today about 280 MB on Linux).
MAX_BUNDLE_MB = 350


def folder_megabytes(folder: Path) -> float:
    return (
        sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
        / 2**20
    )


@pytest.mark.slow
def test_the_built_bundle_passes_its_self_test(tmp_path: Path) -> None:
    build = subprocess.run(
        [
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
            "--workpath", str(tmp_path / "work"), "--distpath", str(tmp_path / "dist"),
            str(PROJECT_ROOT / "installer.spec"),
        ],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-4000:]
    bundle = tmp_path / "dist" / "assessor-app"
    programs = ["assessor-app", "assessor-app-gui"]
    suffix = ".exe" if os.name == "nt" else ""
    assert all((bundle / f"{name}{suffix}").is_file() for name in programs)
    env = cli_environment(user=None, password=None)
    env.pop("PYTHONPATH", None)  # the bundle carries its own Python and packages
    env["ASSESSOR_APP_DATA_DIR"] = str(tmp_path / "untouched")
    done = subprocess.run(
        [str(bundle / f"assessor-app{suffix}"), "--self-test"],
        cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("self-test passed: "), done.stdout
    assert not (tmp_path / "untouched").exists()
    size = folder_megabytes(bundle)
    assert size < MAX_BUNDLE_MB, f"the bundle is {size:.0f} MB"
    assert not list(bundle.rglob("qtbase_ar.qm"))  # Qt's other languages trimmed

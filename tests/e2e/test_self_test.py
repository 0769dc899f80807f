"""``assessor-app --self-test``: passes on a working installation, touches no data folder, and names the
check a broken part fails (each failure made here on the real code, one part at a time)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assessor_app import self_test
from assessor_app.core.security import evidence_files
from tests.e2e.cli_helpers import PROJECT_ROOT, cli_environment


def test_the_self_test_passes_in_one_line_and_leaves_the_data_folder_alone(tmp_path: Path) -> None:
    data_dir = tmp_path / "laptop data"
    env = cli_environment(user=None, password=None)
    env["ASSESSOR_APP_DATA_DIR"] = str(data_dir)
    done = subprocess.run(
        [sys.executable, "-m", "assessor_app", "--self-test"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("self-test passed: assessor-app ")
    for check in ("database", "sign-in", "encryption", "workbook", "slip", "xml", "qt"):
        assert check in lines[0]
    assert not data_dir.exists()  # the checks ran in a throwaway folder


def run_frozen_like(tmp_path: Path, *, without: str) -> subprocess.CompletedProcess[str]:
    """The self-test of a bundle that lost ``resources/<without>``: the app's files laid out as a frozen
    build unpacks them (``sys._MEIPASS``), that folder left out."""
    bundle = tmp_path / "bundle"
    shutil.copytree(PROJECT_ROOT / "db", bundle / "db")
    shutil.copytree(PROJECT_ROOT / "resources", bundle / "resources", ignore=shutil.ignore_patterns(without))
    code = (
        f"import sys; sys._MEIPASS = {str(bundle)!r}\n"
        "from assessor_app.main import main\n"
        "raise SystemExit(main(['--self-test']))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=cli_environment(user=None, password=None),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


@pytest.mark.parametrize(
    ("without", "check", "reason"),
    [
        ("fonts", "slip", "font"),  # reportlab's font: the slip cannot be drawn
        ("translations", "qt", "translations"),
    ],
)
def test_a_bundle_that_lost_a_resource_fails_the_self_test_naming_the_check(
    tmp_path: Path, without: str, check: str, reason: str
) -> None:
    done = run_frozen_like(tmp_path, without=without)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.startswith(f"self-test FAILED at {check}: "), done.stdout + done.stderr
    assert reason in done.stdout


def test_a_bundle_without_reportlabs_accelerators_fails_the_self_test(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "_rl_accel", None)  # as if the build had left them out
    passed, report = self_test.run_self_test()
    assert not passed
    assert report.startswith("self-test FAILED at slip: reportlab's accelerators"), report


def test_evidence_left_clear_fails_the_self_test(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence_files, "is_sealed", lambda _head: False)  # as if sealing were lost
    passed, report = self_test.run_self_test()
    assert not passed
    assert report == "self-test FAILED at encryption: evidence is not sealed"

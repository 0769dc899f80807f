"""The station commands as two demo laptops use them: key, enrol (fingerprint compared), list, merge, remove."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.e2e.test_cli_sync import run


def test_two_demo_laptops_enrol_each_other_and_merge_only_while_enrolled(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert run(first, "demo", "--applications", "6").returncode == 0
    made = run(second, "demo", "--applications", "0", "--station", "LT03")
    assert made.returncode == 0, made.stderr
    exported = run(
        first,
        "--demo",
        "export",
        "--out",
        str(tmp_path / "full.xlsx"),
        "--status",
        "lodged",
        "--full-hkid",
        user="syleung",
    )
    assert exported.returncode == 0, exported.stderr
    password = exported.stdout.strip().splitlines()[-1]

    def merge() -> subprocess.CompletedProcess[str]:
        return run(
            second,
            "--demo",
            "merge",
            str(tmp_path / "full.xlsx"),
            "--password-stdin",
            user="ckcheng",
            stdin=password,
        )

    unknown = merge()
    assert unknown.returncode == 1
    assert "not enrolled on this laptop" in unknown.stderr
    assert "未在此電腦登記" in unknown.stderr

    key_file = tmp_path / "lt01-key.json"
    shown = run(first, "--demo", "station", "key", "--out", str(key_file))
    assert shown.returncode == 0, shown.stderr
    fingerprint = json.loads(key_file.read_text())["fingerprint"]
    assert f"Fingerprint: {fingerprint}" in shown.stdout
    assert "PRIVATE" not in key_file.read_text() + shown.stdout

    enrol = ["--demo", "station", "enrol", str(key_file)]
    unconfirmed = run(second, *enrol, user="syleung")  # no terminal to compare at, no --fingerprint
    assert unconfirmed.returncode == 1
    assert "--fingerprint" in unconfirmed.stderr
    assert fingerprint in unconfirmed.stdout  # shown all the same, to compare aloud
    wrong = run(second, *enrol, "--fingerprint", "AAAA-BBBB-CCCC-DDDD", user="syleung")
    assert wrong.returncode == 1
    assert "changed since its fingerprint was shown" in wrong.stderr
    assessor = run(second, *enrol, "--fingerprint", fingerprint, user="ckcheng")
    assert assessor.returncode == 1
    assert "主管" in assessor.stderr
    enrolled = run(second, *enrol, "--fingerprint", fingerprint.lower(), user="syleung")
    assert enrolled.returncode == 0, enrolled.stderr
    assert f"LT01     {fingerprint}  登記 enrolled by syleung" in enrolled.stdout

    listed = run(second, "--demo", "station", "list")
    assert listed.returncode == 0, listed.stderr
    assert "此工作站 This station: LT03" in listed.stdout
    assert "Enrolled stations: 1" in listed.stdout
    assert fingerprint in listed.stdout

    merged = merge()
    assert merged.returncode == 0, merged.stderr
    assert f"signed by station LT01 (key {fingerprint}) at " in merged.stdout
    assert "cases added" in merged.stdout

    removed = run(second, "--demo", "station", "remove", "LT01", "--reason", "laptop lost", user="syleung")
    assert removed.returncode == 0, removed.stderr
    assert "removed by syleung" in removed.stdout
    again = merge()
    assert again.returncode == 1
    assert "enrolment was removed by syleung (laptop lost)" in again.stderr
    listed = run(second, "--demo", "station", "list", "--all")
    assert "Enrolled stations: 0" in listed.stdout
    assert "laptop lost" in listed.stdout

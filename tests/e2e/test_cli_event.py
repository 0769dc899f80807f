"""``assessor-app event list`` and ``event summary --event CODE --out FILE.pdf`` end to end, on an encrypted
database set up by ``assessor-app init``: the PDF read back, a wrong password and an unknown event refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from tests.core.dashboard_helpers import OTHER_EVENT_CODE, spread_event
from tests.core.user_helpers import FIRST_ADMIN
from tests.e2e.cli_helpers import PROJECT_ROOT, cli_environment, open_signed_in


def _prepared(tmp_path: Path) -> tuple[Path, str]:
    database_file = tmp_path / "cases.sqlite3"
    database = open_signed_in(database_file)
    try:
        code = spread_event(database, applications=40)
    finally:
        database.close()
    return database_file, code


def _run(tmp_path: Path, *arguments: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    environment = cli_environment() if password is None else cli_environment(password=password)
    return subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(tmp_path), *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )


def test_event_summary_writes_the_pdf_and_event_list_names_the_events(tmp_path: Path) -> None:
    _, code = _prepared(tmp_path)
    out = tmp_path / "out" / "summary.pdf"
    out.parent.mkdir()
    result = _run(
        tmp_path, "--user", FIRST_ADMIN, "event", "summary", "--event", code.lower(), "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    flat = "".join(text.split())
    for expected in (code, "活動總結", "End-of-daysummary", "在此活動遞交的申請", "Applicationsperhour"):
        assert expected in flat, expected

    listed = _run(tmp_path, "event", "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [OTHER_EVENT_CODE, code]  # newest first
    assert all("lodged at this event" in line for line in lines)


def test_a_wrong_password_and_an_unknown_event_are_refused(tmp_path: Path) -> None:
    _prepared(tmp_path)
    out = tmp_path / "summary.pdf"
    refused = _run(
        tmp_path, "event", "summary", "--event", "NOPE", "--out", str(out), password="wrong password"
    )
    assert refused.returncode == 3
    unknown = _run(tmp_path, "event", "summary", "--event", "NOPE", "--out", str(out))
    assert unknown.returncode == 1
    assert "No event NOPE." in unknown.stderr
    assert "沒有活動 NOPE。" in unknown.stderr
    assert not out.exists()

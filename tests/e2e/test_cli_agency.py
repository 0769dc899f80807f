"""`assessor-app agency show|set` on a real database: shown, changed by an administrator and audited, refused otherwise."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.security.sign_in import sign_in
from tests.core.test_assessment import lodge_case
from tests.core.user_helpers import FIRST_ADMIN, TEST_PASSWORD
from tests.e2e.cli_helpers import cli_environment, open_signed_in


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_environment(user=None),
        timeout=120,
        check=False,
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    database = open_signed_in(tmp_path / "cases.sqlite3")
    lodge_case(database)
    database.close()
    return tmp_path


def shown(data_dir: Path) -> dict[str, str]:
    finished = run(data_dir, "--user", "clerk", "agency", "show", "--agency", "hkuspace", "--json")
    assert finished.returncode == 0, finished.stderr
    [agency] = json.loads(finished.stdout)
    return dict(agency)


def test_an_administrator_sets_the_contacts_and_each_change_is_audited(data_dir: Path) -> None:
    finished = run(
        data_dir,
        "agency",
        "set",
        "--phone",
        "＋852 3762 0000",  # full width, as a Chinese input method types it
        "--hours",
        "星期一至五 9:00-18:00 Mon-Fri",
        "--address",
        "香港金鐘道89號\\n力寶中心",
        "--user",
        FIRST_ADMIN,
    )
    assert finished.returncode == 0, finished.stderr  # no --agency: the one this laptop's events are for
    assert "HKUSPACE" in finished.stdout
    agency = shown(data_dir)
    assert agency["phone"] == "+852 3762 0000"
    assert agency["hours"] == "星期一至五 9:00-18:00 Mon-Fri"
    assert agency["address"] == "香港金鐘道89號\n力寶中心"
    assert agency["email"] == "rpl@example.org"  # not named: kept
    database = sign_in(data_dir / "cases.sqlite3", FIRST_ADMIN, TEST_PASSWORD).database
    try:
        with database.session() as session:
            changed = session.scalars(
                select(AuditEventRecord.field).where(AuditEventRecord.action == "agency_contacts_changed")
            ).all()
    finally:
        database.close()
    assert sorted(changed) == ["address", "hours", "phone"]


def test_a_supervisor_is_refused_in_both_languages(data_dir: Path) -> None:
    finished = run(data_dir, "agency", "set", "--phone", "2345 6789", "--user", "supervisor")
    assert finished.returncode == 1
    assert "cannot change the agency's contacts" in finished.stderr
    assert "更改評估機構的聯絡資料" in finished.stderr
    assert shown(data_dir)["phone"] == "+852 2975 8800"


def test_invalid_values_are_refused_each_named_and_nothing_is_saved(data_dir: Path) -> None:
    finished = run(
        data_dir,
        "agency",
        "set",
        "--phone",
        "call 2345",
        "--email",
        "rpl.example.org",
        "--hours",
        "x" * 201,
        "--user",
        FIRST_ADMIN,
    )
    assert finished.returncode == 1
    assert "Phone: digits, +, spaces" in finished.stderr
    assert "電話" in finished.stderr
    assert "E-mail: not an e-mail address" in finished.stderr
    assert "Opening hours: at most 200 characters" in finished.stderr
    agency = shown(data_dir)
    assert (agency["phone"], agency["email"], agency["hours"]) == ("+852 2975 8800", "rpl@example.org", "")


def test_an_unknown_agency_lists_the_codes(data_dir: Path) -> None:
    finished = run(data_dir, "--user", "clerk", "agency", "show", "--agency", "NOPE")
    assert finished.returncode == 1
    assert "HKUSPACE" in finished.stderr
    assert "VTC" in finished.stderr

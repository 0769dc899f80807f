"""``assessor-app case show REF [--json]``: a lodged case with its checklist and eligibility, headless."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from assessor_app.core.paths import DataDir
from assessor_app.core.security.evidence_files import read_evidence
from assessor_app.core.services.cases.summary import case_summary
from assessor_app.core.services.evidence import attachments, case_checklist
from tests.core.test_evidence import (
    lodge,
    png_bytes,
    qualification_id,
    setup_intake,
    short_then_ongoing,
    write,
)
from tests.e2e.cli_helpers import cli_environment, open_signed_in

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def lodge_case(data_dir: Path) -> str:
    """A lodged logistics case with a scan attached to its first letter; returns its reference number."""
    folders = DataDir(data_dir)
    folders.ensure()
    database = open_signed_in(folders.database)
    try:
        event_id = setup_intake(database)
        logistics = qualification_id(database, industry="Logistics", level=2)
        application_id = lodge(database, event_id, [logistics], employment=short_then_ongoing())
        letter = case_checklist.checklist(database, folders.evidence, application_id)[0]
        attachments.attach_file(
            database,
            folders.evidence,
            application_id,
            write(data_dir / "letter-scan.png", png_bytes()),
            operator="amy",
            item_id=letter.id,
        )
        reference = case_summary(database, folders.evidence, application_id).reference_no
    finally:
        database.close()
    assert reference is not None
    return reference


def run_cli(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = cli_environment()
    return subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(data_dir), *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )


def test_case_show_prints_the_case_in_both_languages(tmp_path: Path) -> None:
    reference = lodge_case(tmp_path)
    result = run_cli(tmp_path, "case", "show", reference.lower())
    assert result.returncode == 0, result.stderr
    text = result.stdout
    for expected in (
        f"個案 Case {reference}",
        "陳大文 / CHAN Tai Man",
        "A123***(*)",
        "Harbour Air Freight Co (Air freight supervisor)  [未證明 not proven]",
        "尚欠 Missing",
        "附件 File: letter-scan.png (image/png)",
        "按申報的工作經驗 On the claimed periods: 符合",
        "按已證明的工作經驗 On the proven periods: 經驗不足",
        "The experience rule is met.",
        "符合工作經驗規定。",
    ):
        assert expected in text
    assert "A123456" not in text


def test_case_show_json(tmp_path: Path) -> None:
    reference = lodge_case(tmp_path)
    result = run_cli(tmp_path, "case", "show", reference, "--json")
    assert result.returncode == 0, result.stderr
    assert "陳大文" in result.stdout  # ensure_ascii=False: Chinese as written
    data = json.loads(result.stdout)
    assert data["reference_no"] == reference
    assert data["application_date"] == "2023-11-08"
    assert data["applicant"]["hkid_masked"] == "A123***(*)"
    assert "A123456" not in result.stdout
    assert [p["proven"] for p in data["periods"]] == [True, False]
    assert [item["status"] for item in data["checklist"]] == ["original_seen", "missing", "copy_received"]
    (scan,) = data["checklist"][0]["attachments"]
    stored = Path(scan["stored_path"])
    assert scan["sealed"] is True
    assert png_bytes() not in stored.read_bytes()  # sealed under the data key on disk
    signed_in = open_signed_in(DataDir(tmp_path).database)
    try:
        clear = read_evidence(stored, hashlib.sha256(png_bytes()).hexdigest(), signed_in.data_key)
    finally:
        signed_in.close()
    assert clear == png_bytes()
    (entry,) = data["eligibility"]
    assert (entry["claimed"]["status"], entry["proven"]["status"]) == ("meets", "short")


def test_unknown_reference_exits_1_with_a_bilingual_message(tmp_path: Path) -> None:
    lodge_case(tmp_path)
    result = run_cli(tmp_path, "case", "show", "LT09-20991231-0001")
    assert result.returncode == 1
    assert "No case has the reference number 'LT09-20991231-0001'" in result.stderr
    assert "找不到參考編號為「LT09-20991231-0001」的個案" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_database_is_not_created(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "case", "show", "LT01-20231108-0001")
    assert result.returncode == 1
    assert "沒有個案資料庫" in result.stderr
    assert not (tmp_path / "cases.sqlite3").exists()

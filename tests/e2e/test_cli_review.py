"""The review commands as a user runs them: report, request letter, reimbursement list."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import update

from assessor_app.core.db.models.cases import AppliedQualificationRecord
from assessor_app.core.services.review.document_requests import create_request
from tests.core.test_assessment import lodge_case
from tests.e2e.cli_helpers import cli_environment, open_signed_in


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        env=cli_environment(),
        text=True,
        timeout=120,
        check=False,
    )


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_report_letter_and_reimbursement(tmp_path: Path) -> None:
    database = open_signed_in(tmp_path / "cases.sqlite3")
    case = lodge_case(database)
    request = create_request(
        database,
        case.application_id,
        actor="assessor",
        items=[str(case.checklist_ids[1]), "最近三個月糧單 Payslips for the last three months"],
        due_date=date.today() + timedelta(days=14),
    )
    with database.session() as session:
        session.execute(
            update(AppliedQualificationRecord)
            .where(AppliedQualificationRecord.id == case.applied_ids[0])
            .values(result="passed", soa_number="SOA-0001", soa_date=date.today() - timedelta(days=700))
        )
    database.close()

    report = run(tmp_path, "report", case.reference_no, "--out", str(tmp_path / "report.pdf"))
    assert report.returncode == 0, report.stderr
    text = pdf_text(tmp_path / "report.pdf")
    assert case.reference_no in text
    assert "A123***(*)" in text
    assert "A123456" not in text

    letter = run(tmp_path, "letter", str(request.id), "--out", str(tmp_path / "letter.pdf"))
    assert letter.returncode == 0, letter.stderr
    assert "Payslips for the last three months" in pdf_text(tmp_path / "letter.pdf")

    due = run(tmp_path, "reimbursement", "due", "--within", "60")
    assert due.returncode == 0, due.stderr
    assert "Due within 60 days: 1" in due.stdout
    assert case.reference_no in due.stdout
    assert "SOA-0001" in due.stdout


def test_unknown_case_and_request(tmp_path: Path) -> None:
    open_signed_in(tmp_path / "cases.sqlite3").close()
    report = run(tmp_path, "report", "LT99-20990101-0001", "--out", str(tmp_path / "r.pdf"))
    assert report.returncode == 1
    assert not (tmp_path / "r.pdf").exists()
    letter = run(tmp_path, "letter", "999", "--out", str(tmp_path / "l.pdf"))
    assert letter.returncode == 1
    assert not (tmp_path / "l.pdf").exists()

"""``assessor-app slip REF --out FILE.pdf``: reprint a lodged case's acknowledgement slip, headless."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EventRecord,
)
from assessor_app.core.db.models.catalogue import AgencyRecord, QualificationRecord
from assessor_app.core.services.intake.particulars import apply_particulars, particulars_of
from tests.e2e.cli_helpers import cli_environment, open_signed_in

REFERENCE = "LT02-20231108-0042"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def lodge_case(database_file: Path, *, name_zh: str = "陳大文") -> None:
    database = open_signed_in(database_file)
    try:
        with database.session() as session:
            agency = session.scalars(select(AgencyRecord).where(AgencyRecord.code == "HKUSPACE")).one()
            qualification = session.scalars(
                select(QualificationRecord).where(QualificationRecord.industry.has(name_en="Logistics"))
            ).first()
            assert qualification is not None
            application = ApplicationRecord(
                reference_no=REFERENCE,
                applicant=ApplicantRecord(
                    hkid="A123456(3)",
                    residence_status="A",
                    name_zh=name_zh,
                    surname_en="CHAN",
                    given_names_en="Tai Man",
                ),
                event=EventRecord(
                    code="CARGO-20231108",
                    name="國泰貨運站推廣日",
                    venue="香港國際機場",
                    event_date=date(2023, 11, 8),
                    agency=agency,
                ),
                station_code="LT02",
                status="lodged",
                application_date=date(2023, 11, 8),
                fee_hkd=290,
                lodged_at=datetime(2023, 11, 8, 3, 0, tzinfo=UTC),
            )
            apply_particulars(application, particulars_of(application.applicant))
            application.qualifications = [AppliedQualificationRecord(qualification=qualification)]
            session.add(application)
    finally:
        database.close()


def run_cli(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = cli_environment()
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


def test_slip_writes_the_pdf_of_a_lodged_case(tmp_path: Path) -> None:
    lodge_case(tmp_path / "cases.sqlite3")
    pdf = tmp_path / "out" / "slip.pdf"
    pdf.parent.mkdir()
    result = run_cli(tmp_path, "slip", REFERENCE, "--out", str(pdf))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(pdf)
    assert "Warning" not in result.stdout
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert REFERENCE in text
    assert "陳大文" in text
    assert "A123***(*)" in text
    assert "A123456" not in text


def test_slip_warns_about_characters_the_fonts_lack(tmp_path: Path) -> None:
    lodge_case(tmp_path / "cases.sqlite3", name_zh="梁\U000282e2強")
    pdf = tmp_path / "slip.pdf"
    result = run_cli(tmp_path, "slip", REFERENCE.lower(), "--out", str(pdf))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == str(pdf)
    assert len(lines) == 2
    assert "Warning" in lines[1]
    assert "警告" in lines[1]
    assert "U+282E2" in lines[1]
    assert "梁[U+282E2]強" in PdfReader(pdf).pages[0].extract_text()


def test_unknown_reference_exits_1_with_a_bilingual_message(tmp_path: Path) -> None:
    lodge_case(tmp_path / "cases.sqlite3")
    pdf = tmp_path / "slip.pdf"
    result = run_cli(tmp_path, "slip", "LT09-20991231-0001", "--out", str(pdf))
    assert result.returncode == 1
    assert "No lodged application has the reference number" in result.stderr
    assert "找不到參考編號" in result.stderr
    assert "Traceback" not in result.stderr
    assert not pdf.exists()


def test_an_unwritable_output_exits_1_with_a_bilingual_message(tmp_path: Path) -> None:
    lodge_case(tmp_path / "cases.sqlite3")
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    result = run_cli(tmp_path, "slip", REFERENCE, "--out", str(blocker / "slip.pdf"))
    assert result.returncode == 1
    assert "Cannot save the acknowledgement slip" in result.stderr
    assert "無法把申請確認回條儲存" in result.stderr
    assert "Traceback" not in result.stderr

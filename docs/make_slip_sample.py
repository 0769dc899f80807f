"""Render a sample acknowledgement slip for the docs: ``docs/screenshots/slip-page.png``.

Run from the checkout: ``.venv/bin/python docs/make_slip_sample.py``. Needs poppler's ``pdftoppm``.
Everything here is illustrative: a throw-away database, a made-up applicant, and logistics clusters
labelled "illustrative" (the agency's real cluster list is not public). The agency contact details are
placeholders, not the agency's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select

from assessor_app.core.db.database import open_database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    EventRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import AgencyRecord, IndustryRecord, QualificationRecord
from assessor_app.core.services.documents.slip import render_slip
from assessor_app.core.services.documents.slip_data import SlipData, build_slip_data
from assessor_app.core.services.intake.particulars import apply_particulars, particulars_of

DOCS = Path(__file__).resolve().parent
OUTPUT = DOCS / "screenshots" / "slip-page.png"
REFERENCE = "LT01-20231108-0007"


def make_case(database_path: Path) -> SlipData:
    """A lodged case in a fresh database at ``database_path``, read back as slip data."""
    database = open_database(database_path)
    try:
        with database.session() as session:
            agency = session.scalars(select(AgencyRecord).where(AgencyRecord.code == "HKUSPACE")).one()
            agency.phone = "+852 2000 0000"
            agency.email = "rpl-enquiry@example.org"
            agency.address = "香港金鐘道 00 號 示例大廈 1 樓（示例地址 placeholder address）"
            agency.hours = "星期一至五 上午9時至下午6時 Mon–Fri 09:00–18:00"
            logistics = session.scalars(
                select(IndustryRecord).where(IndustryRecord.name_en == "Logistics")
            ).one()
            cargo = QualificationRecord(
                industry=logistics,
                title_zh="航空貨運站貨物處理（示例）",
                title_en="Air Cargo Terminal Cargo Handling (illustrative)",
                qf_level=2,
                qr_number="23/000101/L2",
            )
            warehouse = QualificationRecord(
                industry=logistics,
                title_zh="倉務運作管理（示例）",
                title_en="Warehouse Operations Supervision (illustrative)",
                qf_level=3,
            )
            event = EventRecord(
                code="HKUSPACE-20231108-CARGO",
                name="國泰貨運站過往資歷認可推廣日",
                host_organisation="國泰貨運站",
                venue="香港國際機場 國泰貨運站 Cathay Cargo Terminal, HKIA",
                event_date=date(2023, 11, 8),
                agency=agency,
            )
            applicant = ApplicantRecord(
                hkid="A123456(3)",
                residence_status="A",
                name_zh="陳大文",
                surname_en="CHAN",
                given_names_en="Tai Man",
            )
            application = ApplicationRecord(
                reference_no=REFERENCE,
                applicant=applicant,
                event=event,
                station_code="LT01",
                status="lodged",
                application_date=date(2023, 11, 8),
                fee_hkd=490,
                fee_paid=True,
                fee_receipt_no="R-2023/000457",
                lodged_at=datetime(2023, 11, 8, 2, 32, tzinfo=UTC),
            )
            apply_particulars(application, particulars_of(applicant))
            application.qualifications = [
                AppliedQualificationRecord(qualification=cargo),
                AppliedQualificationRecord(qualification=warehouse),
            ]
            current = EmploymentPeriodRecord(
                position=0,
                employer="國泰航空服務有限公司",
                post="高級貨運助理",
                start_date=date(2016, 4, 1),
            )
            earlier = EmploymentPeriodRecord(
                position=1,
                employer="Hong Kong Air Cargo Terminals Ltd",
                post="Cargo Assistant",
                start_date=date(2011, 9, 1),
                end_date=date(2016, 3, 31),
            )
            application.employment = [current, earlier]
            session.add(application)
            session.flush()
            application.evidence = [
                EvidenceItemRecord(
                    evidence_type="employer_letter", period_id=current.id, status="original_seen"
                ),
                EvidenceItemRecord(
                    evidence_type="mpf_statement", period_id=current.id, status="copy_received"
                ),
                EvidenceItemRecord(evidence_type="hkid_copy", status="verified"),
                EvidenceItemRecord(evidence_type="employer_letter", period_id=earlier.id, status="missing"),
            ]
        return build_slip_data(database, REFERENCE)
    finally:
        database.close()


def render_and_snapshot(data: SlipData) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        sys.exit("pdftoppm (poppler-utils) is needed to turn the PDF into a PNG")
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "slip.pdf"
        report = render_slip(data, pdf, printed_at=datetime(2023, 11, 8, 2, 41, tzinfo=UTC))
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        prefix = OUTPUT.with_suffix("")
        subprocess.run(
            [pdftoppm, "-png", "-r", "80", "-singlefile", "-f", "1", str(pdf), str(prefix)], check=True
        )
    print(f"{OUTPUT} ({report.page_count} page(s), missing characters: {list(report.missing_characters)})")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        render_and_snapshot(make_case(Path(folder) / "cases.sqlite3"))


if __name__ == "__main__":
    main()

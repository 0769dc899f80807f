"""The slip of a busy case on one A4 page: four jobs, three qualifications, the agency's contacts, the
documents deadline as a date over Hong Kong's holidays, the fee paid and its receipt, read back from the PDF."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from assessor_app.core.db.database import Database
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
from assessor_app.core.services.documents.slip_data import SlipData, build_slip_data, documents_due
from assessor_app.core.services.intake.particulars import apply_particulars, particulars_of
from tests.core.test_slip import pdftotext, pypdf_text, squash

REFERENCE = "LT01-20251218-0007"
# Thursday 18 December 2025, 15:05 in Hong Kong; 14 working days on, over Christmas and New Year's Day
# (19, 22, 23, 24, 29, 30, 31 December, 2, 5, 6, 7, 8, 9, 12 January): Monday 12 January 2026.
LODGED_AT = datetime(2025, 12, 18, 7, 5, tzinfo=UTC)
DUE = date(2026, 1, 12)
ADDRESS = "香港金鐘道89號力寶中心第一座3樓 3/F, Tower 1, Lippo Centre, 89 Queensway, Admiralty"
JOBS = (
    (
        "亞洲空運中心有限公司 Asia Airfreight Terminal Co. Ltd.",
        "高級貨運主任 Senior Cargo Officer",
        2019,
        None,
    ),
    ("國泰貨運站 Cathay Cargo Terminal", "貨運主任 Cargo Officer", 2015, 2019),
    ("嘉里物流 Kerry Logistics (Hong Kong) Limited", "倉務員 Warehouse Assistant", 2011, 2015),
    ("順豐速運（香港）有限公司 SF Express (Hong Kong)", "速遞員 Courier", 2008, 2011),
)
QUALIFICATIONS = (
    ("空運貨物處理", "Air Cargo Handling", 2, "23/000777/L2"),
    ("倉務運作督導", "Warehouse Operations Supervision", 3, "23/000778/L3"),
    ("物流文件處理及貨運代理實務", "Logistics Documentation and Freight Forwarding Practice", 3, None),
)


def lodge_busy_case(
    database: Database, *, hours: str = "星期一至五 上午9時至下午6時 Mon–Fri 09:00–18:00"
) -> None:
    with database.session() as session:
        agency = session.scalars(select(AgencyRecord).where(AgencyRecord.code == "HKUSPACE")).one()
        agency.phone = "+852 2975 8800"
        agency.email = "rpl@example.org"
        agency.address = ADDRESS
        agency.hours = hours
        logistics = session.scalars(select(IndustryRecord).where(IndustryRecord.name_en == "Logistics")).one()
        qualifications = [
            QualificationRecord(
                industry=logistics, title_zh=zh, title_en=en, qf_level=level, qr_number=number
            )
            for zh, en, level, number in QUALIFICATIONS
        ]
        application = ApplicationRecord(
            reference_no=REFERENCE,
            applicant=ApplicantRecord(
                hkid="A123456(3)",
                residence_status="A",
                name_zh="歐陽志明",
                surname_en="Au Yeung",
                given_names_en="Chi Ming Kelvin",
            ),
            event=EventRecord(
                code="CARGO-20251218",
                name="國泰貨運站推廣日",
                host_organisation="Cathay Cargo Terminal",
                venue="香港國際機場 國泰貨運站",
                event_date=date(2025, 12, 18),
                agency=agency,
            ),
            station_code="LT01",
            status="lodged",
            application_date=date(2025, 12, 18),
            fee_hkd=1_470,
            fee_paid=True,
            fee_receipt_no="HKU-R-2025/004571",
            lodged_at=LODGED_AT,
        )
        apply_particulars(application, particulars_of(application.applicant))
        application.qualifications = [AppliedQualificationRecord(qualification=q) for q in qualifications]
        periods = [
            EmploymentPeriodRecord(
                position=position,
                employer=employer,
                post=post,
                start_date=date(start, 3, 1),
                end_date=date(end, 2, 28) if end else None,
            )
            for position, (employer, post, start, end) in enumerate(JOBS)
        ]
        application.employment = periods
        session.add(application)
        session.flush()
        # Each job: the employer's letter (seen for the two recent ones) and an MPF statement still to come.
        application.evidence = [
            EvidenceItemRecord(
                evidence_type=kind,
                period_id=period.id,
                status="original_seen" if kind == "employer_letter" and position < 2 else "missing",
            )
            for position, period in enumerate(periods)
            for kind in ("employer_letter", "mpf_statement")
        ]


@pytest.fixture
def busy(database: Database) -> SlipData:
    lodge_busy_case(database)
    return build_slip_data(database, REFERENCE)


def texts(pdf: Path) -> dict[str, str]:
    found = {"pypdf": pypdf_text(pdf)}
    poppler = pdftotext(pdf)
    if poppler is not None:
        found["pdftotext"] = poppler
    return found


def test_the_deadline_is_fourteen_working_days_over_the_holidays() -> None:
    assert documents_due(date(2025, 12, 18)) == DUE
    # Thu 2025-12-11: 12, 15-19, 22-24, (25, 26), 29, 30, 31 = 12, then (1 January) 2, 5 = 14.
    assert documents_due(date(2025, 12, 11)) == date(2026, 1, 5)


def test_four_jobs_and_three_qualifications_fit_one_page_with_everything_the_applicant_needs(
    busy: SlipData, tmp_path: Path
) -> None:
    assert busy.documents_due == DUE
    assert len(busy.documents_missing) == 6
    pdf = tmp_path / "slip.pdf"
    report = render_slip(busy, pdf, printed_at=LODGED_AT)
    assert report.page_count == 1
    assert len(PdfReader(pdf).pages) == 1
    expected = [
        ADDRESS,
        "+852 2975 8800",
        "rpl@example.org",
        "星期一至五 上午9時至下午6時 Mon–Fri 09:00–18:00",
        "2026年1月12日（星期一）",
        "Monday 12 January 2026",
        "HK$1,470",
        "HKU-R-2025/004571",
        "已繳付 Paid",
        *[employer for employer, _post, _start, _end in JOBS],
        *[title for _zh, title, _level, _number in QUALIFICATIONS],
        *[title for title, _en, _level, _number in QUALIFICATIONS],
    ]
    for tool, text in texts(pdf).items():
        flat = squash(text)
        absent = [string for string in expected if squash(string) not in flat]
        assert absent == [], f"{tool} did not find {absent}"
        assert "14 working days" in text.replace("\n", " ") or "14workingdays" in flat


def test_the_busiest_slip_with_files_attached_stays_one_page(busy: SlipData, tmp_path: Path) -> None:
    """The count of files attached (at intake or since) sits beside the documents' heading, with the
    deadline, and the page does not grow."""
    pdf = tmp_path / "slip.pdf"
    assert render_slip(replace(busy, files_attached=12), pdf, printed_at=LODGED_AT).page_count == 1
    flat = squash(pypdf_text(pdf))
    assert squash("已附加檔案 Files attached: 12") in flat
    assert squash("交回限期 Bring them by") in flat


def test_without_hours_or_payment_the_slip_says_what_it_knows(database: Database, tmp_path: Path) -> None:
    lodge_busy_case(database, hours="")
    with database.session() as session:
        case = session.scalars(select(ApplicationRecord)).one()
        case.fee_paid, case.fee_receipt_no = False, ""
    data = build_slip_data(database, REFERENCE)
    assert (data.agency_hours, data.fee_paid, data.fee_receipt_no) == ("", False, "")
    pdf = tmp_path / "slip.pdf"
    render_slip(data, pdf, printed_at=LODGED_AT)
    flat = squash(pypdf_text(pdf))
    assert squash("未繳付 Not yet paid") in flat
    assert "辦公時間" not in flat
    assert squash(ADDRESS) in flat

"""The assessment report: a case taken from lodged to signed off by two people, printed and read back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from assessor_app.core.db.database import Database
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import hong_kong_today, to_hong_kong_time
from assessor_app.core.services.documents.report import build_report_data, render_assessment_report
from assessor_app.core.services.documents.report_labels import REPORT_LABELS
from assessor_app.core.services.eligibility import check_application
from assessor_app.core.services.evidence import case_checklist
from assessor_app.core.services.review.assessment import (
    JUDGEMENT_LABELS,
    assessment_rows,
    recommend,
    sign_off,
)
from assessor_app.core.services.review.document_requests import create_request
from assessor_app.core.services.review.workflow import move_case
from tests.core.test_assessment import JUDGED, Case, judge, lodge_case
from tests.core.test_document_requests import poppler_text, pypdf_text
from tests.core.test_slip import page_fonts, squash

REASONS = "All five rules met: ten years in air cargo 全部符合"
DUE = hong_kong_today() + timedelta(days=14)


def take_to_review(database: Database, evidence_dir: Path) -> Case:
    """Lodged → acknowledged → documents requested → under review → verification scheduled, with one
    document recorded as seen by the assessor and one request for documents."""
    case = lodge_case(database)
    move_case(database, case.application_id, "acknowledged", actor="clerk")
    create_request(
        database,
        case.application_id,
        actor="assessor",
        items=[str(case.checklist_ids[1]), "糧單 Payslips 2024"],
        due_date=DUE,
    )
    move_case(database, case.application_id, "documents_requested", actor="assessor")
    move_case(database, case.application_id, "under_review", actor="assessor")
    case_checklist.set_status(database, case.checklist_ids[1], "copy_received", operator="assessor")
    move_case(database, case.application_id, "verification_scheduled", actor="assessor")
    return case


def recommend_all(database: Database, case: Case) -> None:
    for applied in case.applied_ids:
        judge(database, applied)
        recommend(database, applied, actor="assessor", recommendation="pass", reasons=REASONS)
    move_case(database, case.application_id, "recommended_pass", actor="assessor")


@pytest.fixture
def evidence_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    return folder


def read_back(pdf: Path) -> dict[str, str]:
    return {"pypdf": squash(pypdf_text(pdf)), "pdftotext": squash(poppler_text(pdf))}


def missing_from(texts: dict[str, str], expected: list[str]) -> dict[str, list[str]]:
    return {
        tool: absent
        for tool, flat in texts.items()
        if (absent := [string for string in expected if squash(string) not in flat])
    }


def test_the_signed_off_report_carries_the_whole_assessment(
    database: Database, evidence_dir: Path, tmp_path: Path
) -> None:
    case = take_to_review(database, evidence_dir)
    recommend_all(database, case)
    for applied in case.applied_ids:
        sign_off(database, applied, actor="supervisor")
    move_case(database, case.application_id, "signed_off", actor="supervisor")

    pdf = tmp_path / "report.pdf"
    assert render_assessment_report(database, evidence_dir, case.application_id, pdf) == pdf

    rows = assessment_rows(database, case.application_id)
    eligibility = check_application(database, case.application_id)
    expected = [
        *(
            part
            for key in ("title", "case", "qualifications", "worksheet", "evidence", "signatures")
            for part in REPORT_LABELS[key]
        ),
        *REPORT_LABELS["recommended_by"],
        *REPORT_LABELS["signed_off_by"],
        case.reference_no,
        "香港大學專業進修學院",
        "已簽批",
        "Signed off",
        "2025-06-02",
        "陳大文",
        "CHAN",
        "Tai Man",
        "A123***(*)",
        "空運貨物處理",
        "Air Cargo Handling",
        "23/000777/L2",
        "Supporting and Ancillary Services – Surveying",
        "Asia Cargo Terminal Ltd",
        "Harbour Air Freight Co",
        # the worksheet: rule, window and every explanation line, in both languages
        *(
            line
            for entry in eligibility
            for explanation in entry.explanation
            for line in (explanation.zh, explanation.en)
        ),
        "物流業 – 公證檢驗，第 1 至 3 級，至 2026-02-15（開始日期未有公布）",
        "Logistics – Surveying, levels 1–3, until 2026-02-15 (start date not published)",
        "沒有（須接受評估）",
        "文件審核（只憑文件）",
        "符合工作經驗規定",
        # evidence checked, with who recorded it
        "僱主或獲授權人士證明信（工作證明）",
        "已收副本",
        "Copy received",
        "已核對正本",
        "蔡嘉儀 Chloe CHOI",
        "區安娜 Anna AU",
        # the request for documents
        "糧單 Payslips 2024",
        DUE.isoformat(),
        # the five judgements, notes, recommendation and reasons
        *(part for pair in JUDGEMENT_LABELS.values() for part in pair),
        *JUDGED.values(),
        "Phone interview 電話面談",
        "建議通過",
        REASONS,
        # signatures: names and dates
        "施三 Sam SZE",
        "(supervisor)",
        *(
            f"{to_hong_kong_time(moment):%Y-%m-%d %H:%M}"
            for row in rows
            for moment in (row.decided_at, row.signed_off_at)
            if moment
        ),
    ]
    texts = read_back(pdf)
    assert missing_from(texts, expected) == {}
    for flat in texts.values():
        assert "123456" not in flat
        assert squash(REPORT_LABELS["draft_note"][1]) not in flat  # every qualification is signed off
    assert b"123456" not in pdf.read_bytes()
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 2
    assert "123456" not in repr(reader.metadata)
    assert all(str(font["/Subtype"]) == "/TrueType" for font in page_fonts(pdf))


def test_a_report_before_sign_off_says_it_is_a_draft(
    database: Database, evidence_dir: Path, tmp_path: Path
) -> None:
    case = take_to_review(database, evidence_dir)
    judge(database, case.applied_ids[0], authenticity="")
    pdf = tmp_path / "draft.pdf"
    render_assessment_report(database, evidence_dir, case.application_id, pdf)
    texts = read_back(pdf)
    assert (
        missing_from(
            texts,
            [*REPORT_LABELS["draft_note"], *REPORT_LABELS["not_recommended"], *REPORT_LABELS["pending"]],
        )
        == {}
    )


def test_report_data_holds_the_hkid_only_masked(database: Database, evidence_dir: Path) -> None:
    case = take_to_review(database, evidence_dir)
    data = build_report_data(database, evidence_dir, case.application_id)
    assert data.summary.hkid_masked == "A123***(*)"
    assert "A123456" not in repr(data)  # (the phone number, +852 9123 4567, holds the digits 123456)
    assert not data.final
    assert data.reference == case.reference_no


def test_unknown_case_or_unwritable_file(database: Database, evidence_dir: Path, tmp_path: Path) -> None:
    case = take_to_review(database, evidence_dir)
    with pytest.raises(AppError) as refused:
        render_assessment_report(database, evidence_dir, 99_999, tmp_path / "none.pdf")
    assert refused.value.code == "application_not_found"
    folder = tmp_path / "reports"
    target = folder / "report.pdf"
    target.mkdir(parents=True)
    with pytest.raises(AppError) as refused:
        render_assessment_report(database, evidence_dir, case.application_id, target)
    assert refused.value.code == "report_unwritable"
    assert "assessment report" in refused.value.en
    assert "評審報告" in refused.value.zh
    assert [path.name for path in folder.iterdir()] == ["report.pdf"]


def test_a_line_ending_in_hanging_punctuation_is_not_squeezed() -> None:
    """reportlab lets 。 hang past the margin and then draws the line with negative word spacing (the
    characters overlap); the shared paragraph keeps the natural spacing."""
    from reportlab.platypus import Paragraph

    from assessor_app.core.services.documents.layout import BilingualLayout, paragraph

    layout = BilingualLayout(REPORT_LABELS, printed_at=to_hong_kong_time(datetime.now(UTC)), footer_left="")
    style = layout.style("line", 8.5, leading=11)
    markup = layout.text.markup(
        "計算（相關經驗）：Harbour Air Freight Co (Air freight supervisor)，2020-01-02 至 2025-06-02"
        "（現職：計至申請日期），共 1979 日。"
    )

    def free_space(flowable: Any, width: int) -> list[float]:
        flowable.wrap(width, 1000)
        return [line[0] if isinstance(line, tuple) else line.extraSpace for line in flowable.blPara.lines]

    squeezed = [width for width in range(480, 530) if min(free_space(Paragraph(markup, style), width)) < 0]
    assert squeezed, "reportlab no longer squeezes: the workaround in pdf_common.paragraph can go"
    assert all(min(free_space(paragraph(markup, style), width)) >= 0 for width in range(480, 530))

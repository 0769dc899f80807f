"""Requests for documents: recorded, listed as outstanding or overdue, closed, and printed as a letter."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessor_app.core.db.database import Database
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.hong_kong_time import to_hong_kong_time
from assessor_app.core.services import audit
from assessor_app.core.services.documents.letters import (
    LETTER_LABELS,
    build_letter_data,
    render_request_letter,
)
from assessor_app.core.services.review.document_requests import (
    create_request,
    mark_fulfilled,
    outstanding,
    overdue,
    request_row,
    requests_for_case,
)
from tests.core.test_assessment import (
    FULL_HKID,
    Case,
    assert_refused,
    audit_count,
    export_in_batch,
    force_status,
    lodge_case,
)
from tests.core.test_slip import page_fonts, squash

TODAY = date(2025, 6, 5)
DUE = date(2025, 6, 20)
FREE_TEXT = "強積金權益報表 MPF statements 2020–2024"


@pytest.fixture
def case(database: Database) -> Case:
    lodged = lodge_case(database)
    force_status(database, lodged.application_id, CaseStatus.ACKNOWLEDGED)
    return lodged


def missing_letter_id(case: Case) -> int:
    """The checklist item of the second job's employer letter (lodged as missing)."""
    return case.checklist_ids[1]


def request(database: Database, case: Case, *, due: date = DUE, actor: str = "assessor") -> int:
    row = create_request(
        database,
        case.application_id,
        actor=actor,
        items=[str(missing_letter_id(case)), FREE_TEXT],
        due_date=due,
        today=TODAY,
    )
    return row.id


def poppler_text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool is not None, "poppler-utils (pdftotext) must be installed"
    return subprocess.run(
        [tool, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def pypdf_text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


# --- Recording -------------------------------------------------------------------------------------------


def test_a_request_names_checklist_items_and_free_text(database: Database, case: Case) -> None:
    before = audit_count(database)
    row = create_request(
        database,
        case.application_id,
        actor="assessor",
        items=[str(missing_letter_id(case)), f"  {FREE_TEXT} "],
        due_date=DUE,
        today=TODAY,
    )
    assert (row.application_id, row.reference_no, row.due_date, row.requested_by) == (
        case.application_id,
        case.reference_no,
        DUE,
        "assessor",
    )
    assert row.requested_by_name == "區安娜 Anna AU"
    assert row.hkid_masked == "A123***(*)"
    checklist, text = row.items
    assert (checklist.item_id, checklist.evidence_type, checklist.name_zh, checklist.name_en) == (
        missing_letter_id(case),
        "employer_letter",
        "僱主或獲授權人士證明信（工作證明）",
        "Employer or authorised-person letter",
    )
    assert checklist.period == "Harbour Air Freight Co (Air freight supervisor) 2020-01-02 – 至今 present"
    assert (text.item_id, text.name_zh, text.name_en, text.period) == (None, FREE_TEXT, FREE_TEXT, "")
    assert (row.fulfilled, row.overdue, row.days_left) == (False, False, 15)
    assert audit_count(database) == before + 1
    [entry] = audit.history(database, case.uid)[-1:]
    assert (entry.entity, entry.action, entry.field, entry.old_value) == (
        "document_request",
        "create",
        f"request#{row.id}.items",
        None,
    )
    assert entry.new_value is not None
    assert entry.new_value.startswith("due 2025-06-20: Employer or authorised-person letter")
    assert FREE_TEXT in entry.new_value


def test_the_due_date_may_be_today_but_not_in_the_past(database: Database, case: Case) -> None:
    refused = assert_refused(
        database,
        lambda: request(database, case, due=TODAY - timedelta(days=1)),
        "validation",
        error=ValidationError,
    )
    assert refused.details == ["due date: 2025-06-04 is in the past / 限期：2025-06-04 已過"]
    assert_refused(
        database,
        lambda: request(database, case, due=TODAY + timedelta(days=400)),
        "validation",
        error=ValidationError,
    )
    assert request_row(database, request(database, case, due=TODAY), today=TODAY).days_left == 0


@pytest.mark.parametrize(
    ("items", "fragment"),
    [
        ([], "at least one"),
        (["payslips", "payslips"], "listed twice"),
        (["pay\nslips"], "U+000A"),
        (["x" * 301], "at most 300"),
        (["  "], "required"),
        ([f"doc {n}" for n in range(31)], "at most 30"),
    ],
    ids=["none", "duplicate", "line break", "too long", "blank", "too many"],
)
def test_bad_items_are_refused(database: Database, case: Case, items: list[str], fragment: str) -> None:
    refused = assert_refused(
        database,
        lambda: create_request(
            database, case.application_id, actor="assessor", items=items, due_date=DUE, today=TODAY
        ),
        "validation",
        error=ValidationError,
    )
    assert any(fragment in line for line in refused.details), refused.details


def test_checklist_items_of_another_case_are_refused(database: Database, case: Case) -> None:
    other = lodge_case(database, hkid="CA182361(1)")
    refused = assert_refused(
        database,
        lambda: create_request(
            database,
            case.application_id,
            actor="assessor",
            items=[str(other.checklist_ids[0]), "99999"],
            due_date=DUE,
            today=TODAY,
        ),
        "checklist_item_not_found",
        error=ValidationError,
    )
    assert refused.details == [
        f"checklist item {other.checklist_ids[0]} / 文件清單項目 {other.checklist_ids[0]}",
        "checklist item 99999 / 文件清單項目 99999",
    ]


@pytest.mark.parametrize("actor", ["clerk", "admin"])
def test_only_assessors_and_supervisors_request_documents(database: Database, case: Case, actor: str) -> None:
    assert_refused(database, lambda: request(database, case, actor=actor), "role_not_allowed")


@pytest.mark.parametrize("status", [CaseStatus.DRAFT, CaseStatus.WITHDRAWN])
def test_no_requests_on_drafts_or_withdrawn_cases(database: Database, case: Case, status: CaseStatus) -> None:
    force_status(database, case.application_id, status)
    assert_refused(database, lambda: request(database, case), "wrong_state")


def test_a_locked_case_takes_no_new_request(database: Database, case: Case) -> None:
    request_id = request(database, case)
    export_in_batch(database, case.application_id)
    assert_refused(database, lambda: request(database, case), "case_locked")
    assert_refused(database, lambda: mark_fulfilled(database, request_id, actor="clerk"), "case_locked")


# --- Outstanding and overdue --------------------------------------------------------------------------------


def test_outstanding_and_overdue(database: Database, case: Case) -> None:
    early = request(database, case, due=date(2025, 6, 10))
    late = request(database, case, due=date(2025, 6, 30))
    other = lodge_case(database, hkid="CA182361(1)")
    force_status(database, other.application_id, CaseStatus.UNDER_REVIEW)
    elsewhere = request(database, other, due=date(2025, 6, 12))

    on_the_10th = outstanding(database, today=date(2025, 6, 10))
    assert [(row.id, row.overdue) for row in on_the_10th] == [
        (early, False),
        (elsewhere, False),
        (late, False),
    ]
    on_the_11th = outstanding(database, today=date(2025, 6, 11))
    assert [(row.id, row.overdue, row.days_overdue) for row in on_the_11th] == [
        (early, True, 1),
        (elsewhere, False, 0),
        (late, False, 0),
    ]
    assert [row.id for row in overdue(database, today=date(2025, 6, 13))] == [early, elsewhere]
    assert [row.id for row in outstanding(database, today=TODAY, application_id=case.application_id)] == [
        early,
        late,
    ]

    before = audit_count(database)
    closed = mark_fulfilled(database, early, actor="clerk", note="Brought in at the counter")
    assert closed.fulfilled
    assert not closed.overdue
    assert audit_count(database) == before + 1
    [entry] = audit.history(database, case.uid)[-1:]
    assert (entry.actor, entry.action, entry.field, entry.old_value, entry.reason) == (
        "clerk",
        "fulfilled",
        f"request#{early}.fulfilled_at",
        None,
        "Brought in at the counter",
    )
    assert [row.id for row in outstanding(database, today=date(2025, 6, 11))] == [elsewhere, late]
    assert [row.fulfilled for row in requests_for_case(database, case.application_id, today=TODAY)] == [
        True,
        False,
    ]
    assert_refused(database, lambda: mark_fulfilled(database, early, actor="assessor"), "already_fulfilled")
    assert_refused(database, lambda: mark_fulfilled(database, 99_999, actor="assessor"), "request_not_found")
    assert_refused(database, lambda: mark_fulfilled(database, late, actor="admin"), "role_not_allowed")

    force_status(database, other.application_id, CaseStatus.WITHDRAWN)
    assert [row.id for row in outstanding(database, today=date(2025, 6, 11))] == [late]


# --- The letter ----------------------------------------------------------------------------------------------


def test_the_letter_says_what_is_missing_by_when_in_both_languages(
    database: Database, case: Case, tmp_path: Path
) -> None:
    request_id = request(database, case)
    data = build_letter_data(database, request_id)
    assert data.hkid_masked == "A123***(*)"
    assert "123456" not in repr(data)
    pdf = tmp_path / "letter.pdf"
    assert render_request_letter(database, request_id, pdf) == pdf

    letter_date = to_hong_kong_time(request_row(database, request_id).requested_at).date().isoformat()
    expected = [
        *(
            part
            for key in ("title", "reference", "applicant", "hkid", "documents", "due", "how")
            for part in LETTER_LABELS[key]
        ),
        "香港大學專業進修學院",
        "HKU SPACE",
        "香港金鐘道89號力寶中心",
        "+852 2975 8800",
        "rpl@example.org",
        letter_date,
        f"{case.reference_no}/R{request_id}",
        "陳大文",
        "CHAN, Tai Man",
        "Dear Tai Man CHAN,",
        "A123***(*)",
        "僱主或獲授權人士證明信（工作證明）",
        "Employer or authorised-person letter",
        "Harbour Air Freight Co (Air freight supervisor)",
        FREE_TEXT,
        "2025-06-20",
        "請只寄副本（切勿寄出正本）",
        "send copies only (never the originals)",
        "電郵：可把清晰的掃描本電郵至 rpl@example.org",
        "If we do not receive them by 2025-06-20",
        "空運貨物處理",
        "區安娜 Anna AU",
    ]
    for tool, text in (("pypdf", pypdf_text(pdf)), ("pdftotext", poppler_text(pdf))):
        flat = squash(text)
        absent = [string for string in expected if squash(string) not in flat]
        assert absent == [], f"{tool} did not find {absent}"
        assert "123456" not in flat
    raw = pdf.read_bytes()
    assert b"123456" not in raw
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    assert all(str(font["/Subtype"]) == "/TrueType" for font in page_fonts(pdf))
    assert FULL_HKID[:7] not in repr(reader.metadata)


def test_a_letter_that_cannot_be_written_leaves_nothing(
    database: Database, case: Case, tmp_path: Path
) -> None:
    request_id = request(database, case)
    folder = tmp_path / "letters"
    target = folder / "letter.pdf"
    target.mkdir(parents=True)  # os.replace cannot put a file over a folder
    with pytest.raises(AppError) as refused:
        render_request_letter(database, request_id, target)
    assert refused.value.code == "letter_unwritable"
    assert "request-for-documents letter" in refused.value.en
    assert "補交文件通知" in refused.value.zh
    assert [path.name for path in folder.iterdir()] == ["letter.pdf"]
    assert list(target.iterdir()) == []


def test_a_letter_is_reprinted_over_the_old_file(database: Database, case: Case, tmp_path: Path) -> None:
    request_id = request(database, case)
    folder = tmp_path / "letters"
    folder.mkdir()
    pdf = folder / "letter.pdf"
    pdf.write_bytes(b"an older letter")
    render_request_letter(database, request_id, pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert [path.name for path in folder.iterdir()] == ["letter.pdf"]
    with pytest.raises(AppError) as refused:
        render_request_letter(database, 99_999, tmp_path / "none.pdf")
    assert refused.value.code == "request_not_found"

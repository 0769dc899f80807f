"""A data access request: everything about one applicant in an encrypted workbook, nobody else's data."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.db.models.base import Base
from assessor_app.core.db.models.cases import ApplicantRecord
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.errors import AppError
from assessor_app.core.services import audit
from assessor_app.core.services.evidence.attachments import attach_file
from assessor_app.core.services.privacy.access_request import access_request
from assessor_app.core.services.sync.encryption import decrypt_bytes
from tests.core.test_assessment import force_status, judge, lodge_case
from tests.core.test_evidence import pdf_bytes, png_bytes, tiff_bytes, write

OTHER_HKID = "B987654(0)"


def _opened(result_path: Path, password: str) -> openpyxl.Workbook:
    plain = decrypt_bytes(result_path.read_bytes(), password, result_path.name)
    return openpyxl.load_workbook(io.BytesIO(plain), read_only=True)


def _values(workbook: openpyxl.Workbook) -> dict[str, list[tuple[object, ...]]]:
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def _rename_other(database: Database) -> None:
    """Another name for the other person, audited as the app's own changes are."""
    with database.session() as session:
        other = session.scalars(select(ApplicantRecord).where(ApplicantRecord.hkid == OTHER_HKID)).one()
        other.name_zh = "何其他"
        for application in other.applications:
            application.name_zh = "何其他"
        audit.record(session, actor="admin", entity="applicant", entity_uid=other.uid, action="renamed")


def test_everything_about_the_applicant_and_nothing_about_anyone_else(
    database: Database, tmp_path: Path
) -> None:
    case = lodge_case(database)
    force_status(database, case.application_id, CaseStatus.VERIFICATION_SCHEDULED)
    judge(database, case.applied_ids[0])
    lodge_case(database, hkid=OTHER_HKID)  # another person, who must not appear
    _rename_other(database)

    out = tmp_path / "access.xlsx"
    result = access_request(
        database, "a123456 (3)", out, actor="supervisor", evidence_dir=tmp_path / "evidence"
    )

    assert out.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # an encrypted (OLE) package
    assert (out.stat().st_mode & 0o777) == 0o600
    sheets = _values(_opened(out, result.password))
    assert {
        "applicants",
        "applications",
        "applied_qualifications",
        "employment_periods",
        "evidence_items",
        "assessment_decisions",
        "audit_events",
    } <= set(sheets)
    text = repr(sheets)
    assert "A123456(3)" in text
    assert case.reference_no in text
    assert "Phone interview 電話面談" in text  # the assessor's notes are data about them too
    assert OTHER_HKID not in text
    assert "何其他" not in text
    # Each sheet is one table with its column names, one row per record.
    assert sheets["applications"][0][:3] == ("id", "uid", "reference_no")
    assert len(sheets["applications"]) == 2
    assert result.tables["applications"] == 1

    with database.session() as session:
        entry = session.scalars(
            select(AuditEventRecord).where(AuditEventRecord.action == "access_request")
        ).one()
        assert entry.actor == "supervisor"
        assert entry.new_value == "access.xlsx"
    assert audit.verify_chain(database).intact


def test_every_table_that_refers_to_a_case_is_covered(database: Database, tmp_path: Path) -> None:
    """The tables are found from the schema: each one holding a reference down from applicants is taken."""
    from assessor_app.core.services.privacy.access_request import ROOT, _children

    tables = Base.metadata.tables
    reached = {ROOT}
    frontier = [tables[ROOT]]
    while frontier:
        table = frontier.pop()
        for child, _column, _referred in _children(table):
            if child.name not in reached:
                reached.add(child.name)
                frontier.append(child)
    assert {
        "applications",
        "employment_periods",
        "period_relevance",
        "evidence_files",
        "document_requests",
        "batch_items",
        "assessment_decisions",
    } <= reached
    assert not reached & {"qualifications", "events", "users", "agencies", "export_batches"}


@pytest.mark.parametrize(
    ("hkid", "actor", "code"),
    [
        ("A123456(3)", "clerk", "role_not_allowed"),
        ("A123456(3)", "assessor", "role_not_allowed"),
        ("A123456(4)", "supervisor", "invalid_hkid"),
        ("C123456(9)", "supervisor", "applicant_not_found"),
    ],
)
def test_refusals_write_nothing(database: Database, tmp_path: Path, hkid: str, actor: str, code: str) -> None:
    lodge_case(database)
    with database.session() as session:
        before = session.scalar(select(func.count()).select_from(AuditEventRecord))
    out = tmp_path / "access.xlsx"
    with pytest.raises(AppError) as refused:
        access_request(database, hkid, out, actor=actor, evidence_dir=tmp_path / "evidence")
    assert refused.value.code == code
    assert refused.value.zh
    assert not out.exists()
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEventRecord)) == before


def test_an_unwritable_destination_records_nothing(database: Database, tmp_path: Path) -> None:
    lodge_case(database)
    out = tmp_path / "no such folder" / "access.xlsx"
    with pytest.raises(AppError) as refused:
        access_request(database, "A123456(3)", out, actor="supervisor", evidence_dir=tmp_path / "evidence")
    assert refused.value.code == "access_request_write_failed"
    with database.session() as session:
        assert (
            session.scalar(select(AuditEventRecord).where(AuditEventRecord.action == "access_request"))
            is None
        )


def test_the_applicant_s_documents_come_in_an_encrypted_pdf_beside_it(
    database: Database, tmp_path: Path
) -> None:
    case = lodge_case(database)
    evidence = tmp_path / "evidence"
    marker = "LETTER-OF-EMPLOYMENT-9431"
    for name, content in [
        ("身份證.png", png_bytes(40, 30)),
        ("letter.pdf", pdf_bytes(marker)),
        ("scan.tif", tiff_bytes()),
    ]:
        attach_file(
            database, evidence, case.application_id, write(tmp_path / name, content), operator="clerk"
        )
    other = lodge_case(database, hkid=OTHER_HKID)
    other_scan = write(tmp_path / "other.pdf", pdf_bytes("SOMEONE ELSE"))
    attach_file(database, evidence, other.application_id, other_scan, operator="clerk")

    out = tmp_path / "access.xlsx"
    result = access_request(database, "A123456(3)", out, actor="supervisor", evidence_dir=evidence)

    pdf = tmp_path / "access-documents.pdf"
    assert result.documents_path == pdf
    assert result.documents == ("身份證.png", "letter.pdf", "scan.tif")
    assert result.not_included == ()
    assert str(pdf) in result.describe()
    assert (pdf.stat().st_mode & 0o777) == 0o600
    reader = PdfReader(pdf)
    assert reader.is_encrypted
    assert not reader.decrypt("not the password")
    reader = PdfReader(pdf, password=result.password)
    assert len(reader.pages) == 3  # one page per image, the letter's one page
    text = "".join(page.extract_text() for page in reader.pages)
    assert marker in text
    assert "SOMEONE ELSE" not in text
    assert [getattr(item, "title", None) for item in reader.outline] == [
        "身份證.png",
        "letter.pdf",
        "scan.tif",
    ]
    assert marker.encode() not in pdf.read_bytes()  # nothing in clear on disk
    with database.session() as session:
        entry = session.scalars(
            select(AuditEventRecord).where(AuditEventRecord.action == "access_request")
        ).one()
    assert entry.reason.endswith("documents 3")


def test_a_damaged_stored_file_is_named_and_the_rest_given(database: Database, tmp_path: Path) -> None:
    case = lodge_case(database)
    evidence = tmp_path / "evidence"
    for name, content in [("good.pdf", pdf_bytes("GOOD")), ("bad.png", png_bytes(5, 5))]:
        attach_file(
            database, evidence, case.application_id, write(tmp_path / name, content), operator="clerk"
        )
    [stored] = list(evidence.glob("??/*.png"))
    stored.write_bytes(stored.read_bytes()[:-3])  # damaged on disk: no longer its hash

    result = access_request(
        database, "A123456(3)", tmp_path / "a.xlsx", actor="supervisor", evidence_dir=evidence
    )

    assert result.documents == ("good.pdf",)
    assert result.not_included == ("bad.png",)
    assert "bad.png" in result.describe()
    assert len(PdfReader(tmp_path / "a-documents.pdf", password=result.password).pages) == 1


def test_no_documents_no_pdf(database: Database, tmp_path: Path) -> None:
    lodge_case(database)
    result = access_request(
        database, "A123456(3)", tmp_path / "a.xlsx", actor="supervisor", evidence_dir=tmp_path
    )
    assert result.documents_path is None
    assert not (tmp_path / "a-documents.pdf").exists()

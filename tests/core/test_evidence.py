"""The evidence checklist on real lodged cases: generation, statuses, the reason rule, locking, audit."""

from __future__ import annotations

import struct
import zlib
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import select, update

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import ExportBatchRecord
from assessor_app.core.db.models.cases import ApplicationRecord, EmploymentPeriodRecord, EvidenceItemRecord
from assessor_app.core.db.models.catalogue import (
    IndustryRecord,
    QualificationEvidenceRecord,
    QualificationRecord,
)
from assessor_app.core.domain.application_form import EmploymentEntry
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services import audit
from assessor_app.core.services.evidence import case_checklist
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.review import corrections
from tests.core.intake_helpers import valid_form
from tests.core.user_helpers import add_staff, add_user

EVENT_DAY = date(2023, 11, 8)

# A 2 x 2 red baseline JPEG (JFIF), 287 bytes.
JPEG_BYTES = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123"
    "251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffdb0043011112"
    "121815182f1a1a2f6342384263636363636363636363636363636363636363636363636363636363636363636363636363"
    "63636363636363636363636363ffc00011080002000203012200021101031101ffc40015000101000000000000000000000"
    "00000000005ffc40014100100000000000000000000000000000000ffc4001501010100000000000000000000000000000"
    "406ffc40014110100000000000000000000000000000000ffda000c03010002110311003f008e002a87ffd9"
)


def png_bytes(width: int = 3, height: int = 2, shade: int = 0) -> bytes:
    """A valid RGB PNG built by hand (``shade`` varies the pixels, so the hash)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes((shade, 128, 255 - shade)) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def tiff_bytes() -> bytes:
    """A valid 1 x 1 uncompressed greyscale little-endian TIFF."""
    entries = [
        (256, 3, 1, 1),  # width
        (257, 3, 1, 1),  # height
        (258, 3, 1, 8),  # bits per sample
        (259, 3, 1, 1),  # no compression
        (262, 3, 1, 1),  # black is zero
        (273, 4, 1, 8),  # strip offset: the pixel right after the header
        (277, 3, 1, 1),  # samples per pixel
        (278, 3, 1, 1),  # rows per strip
        (279, 4, 1, 1),  # strip byte count
    ]
    ifd_offset = 10
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        packed = struct.pack("<HI", value, 0)[:4] if kind == 3 else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, kind, count) + packed
    ifd += struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", ifd_offset) + b"\x80\x00" + ifd


def pdf_bytes(text: str = "Employment letter") -> bytes:
    """A real one-page PDF drawn with reportlab."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


CLERKS = ("clerk", "amy", "ben")


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def setup_intake(database: Database) -> int:
    """This laptop's station, its clerks (who lodge, attach and check here) and a promotion day; returns
    the event id."""
    add_staff(database, *CLERKS)
    lodging.set_local_station(database, "lt01")
    event = lodging.create_event(
        database,
        name="國泰貨運站推廣日 Cargo terminal promotion day",
        host_organisation="Cathay Cargo Terminal",
        event_date=EVENT_DAY,
        agency_code="HKUSPACE",
    )
    return event.id


def qualification_id(database: Database, *, industry: str, level: int, carer: bool = False) -> int:
    with database.session() as session:
        found = session.scalars(
            select(QualificationRecord.id)
            .join(IndustryRecord, IndustryRecord.id == QualificationRecord.industry_id)
            .where(
                IndustryRecord.name_en == industry,
                QualificationRecord.qf_level == level,
                QualificationRecord.open_to_carers.is_(carer),
            )
            .order_by(QualificationRecord.id)
        ).first()
    assert found is not None
    return found


def lodge(
    database: Database,
    event_id: int,
    qualification_ids: list[int],
    *,
    hkid: str = "A123456(3)",
    carer: bool = False,
    employment: list[EmploymentEntry] | None = None,
    relevant: bool = True,
) -> int:
    """Lodge a valid form; rows given without ``relevant_to`` are relevant to every qualification
    unless ``relevant`` is False (then "in the industry only")."""
    form = replace(
        valid_form(event_id=event_id, qualification_ids=qualification_ids),
        hkid=hkid,
        carer_qualification_ids=list(qualification_ids) if carer else [],
    )
    if employment is not None:
        form.employment = employment
    if relevant:
        form.employment = [
            replace(row, relevant_to=row.relevant_to or list(qualification_ids)) for row in form.employment
        ]
    if carer:  # a carer's periods are caring, proved by the declaration
        form.employment = [replace(row, kind="caring") for row in form.employment]
    result = lodging.lodge_application(database, form, draft_uid=None, operator="clerk", today=EVENT_DAY)
    return result.application_id


def short_then_ongoing() -> list[EmploymentEntry]:
    """One year seen at the counter, then an ongoing job whose letter is still missing (Logistics)."""
    return [
        EmploymentEntry(
            employer="Asia Cargo Terminal Ltd",
            post="Cargo handler",
            industry="Logistics",
            start="2019-01-01",
            end="2019-12-31",
            proof_status="original_seen",
        ),
        EmploymentEntry(
            employer="Harbour Air Freight Co",
            post="Air freight supervisor",
            industry="Logistics",
            start="2020-01-02",
            present=True,
            proof_status="missing",
        ),
    ]


@pytest.fixture
def case(database: Database) -> tuple[Database, int]:
    """A lodged logistics case with two periods (the first proven at the counter) and an HKID copy."""
    event_id = setup_intake(database)
    logistics = qualification_id(database, industry="Logistics", level=2)
    return database, lodge(database, event_id, [logistics], employment=short_then_ongoing())


def item_uid(database: Database, item_id: int) -> str:
    with database.session() as session:
        item = session.get(EvidenceItemRecord, item_id)
        assert item is not None
        return item.uid


def lock(database: Database, application_id: int) -> None:
    with database.session() as session:
        batch = ExportBatchRecord(kind="export", file_name="batch.xlsx", file_sha256="0" * 64, created_by="x")
        session.add(batch)
        session.flush()
        session.execute(
            update(ApplicationRecord)
            .where(ApplicationRecord.id == application_id)
            .values(locked_by_batch_id=batch.id)
        )


# --- Generation ---------------------------------------------------------------------------------


def test_lodged_checklist_has_a_letter_per_period_and_the_hkid_copy(
    case: tuple[Database, int], tmp_path: Path
) -> None:
    database, application_id = case
    items = case_checklist.checklist(database, tmp_path / "evidence", application_id)
    assert [(i.evidence_type, i.status) for i in items] == [
        ("employer_letter", "original_seen"),
        ("employer_letter", "missing"),
        ("hkid_copy", "copy_received"),
    ]
    first, second, copy = items
    assert first.period_label == "Asia Cargo Terminal Ltd (Cargo handler)"
    assert (first.period_start, first.period_end) == (date(2019, 1, 1), date(2019, 12, 31))
    assert second.period_end is None
    assert (first.type_zh, first.role) == ("僱主或獲授權人士證明信（工作證明）", "primary")
    assert first.recorded_by == "clerk"
    assert first.recorded_at is not None
    assert first.recorded_at.tzinfo is not None
    assert second.recorded_by is None
    assert copy.period_id is None
    assert copy.period_label == ""
    # Already complete: nothing to add.
    assert case_checklist.sync_checklist(database, application_id, operator="amy") == []


def test_carer_case_gets_declarations_not_employer_letters(database: Database, tmp_path: Path) -> None:
    event_id = setup_intake(database)
    carer_qualification = qualification_id(database, industry="Elderly care", level=1, carer=True)
    application_id = lodge(database, event_id, [carer_qualification], carer=True)
    items = case_checklist.checklist(database, tmp_path, application_id)
    assert [i.evidence_type for i in items] == ["carer_declaration", "carer_declaration", "hkid_copy"]
    assert items[0].role == "carer"
    # A period added after lodging gets its declaration from sync.
    with database.session() as session:
        session.add(
            EmploymentPeriodRecord(
                application_id=application_id,
                position=2,
                employer="Family",
                post="Carer of my mother",
                start_date=date(2022, 1, 1),
                kind="caring",
            )
        )
    added = case_checklist.sync_checklist(database, application_id, operator="amy")
    assert len(added) == 1
    items = case_checklist.checklist(database, tmp_path, application_id)
    new = next(i for i in items if i.id == added[0])
    assert (new.evidence_type, new.status, new.period_label) == (
        "carer_declaration",
        "missing",
        "Family (Carer of my mother)",
    )
    with pytest.raises(ValidationError) as raised:
        case_checklist.add_item(
            database, application_id, "carer_declaration", period_id=new.period_id, operator="amy"
        )
    assert raised.value.code == "evidence_item_exists"


def test_sync_adds_missing_period_letters_and_qualification_evidence_and_never_deletes(
    case: tuple[Database, int], tmp_path: Path
) -> None:
    database, application_id = case
    with database.session() as session:
        application = session.get(ApplicationRecord, application_id)
        assert application is not None
        qualification = application.qualifications[0].qualification_id
        session.add(
            QualificationEvidenceRecord(qualification_id=qualification, evidence_type="statutory_declaration")
        )
        session.add(
            EmploymentPeriodRecord(
                application_id=application_id,
                position=5,
                employer="Kerry Logistics",
                start_date=date(2018, 1, 1),
            )
        )
    before = {i.id for i in case_checklist.checklist(database, tmp_path, application_id)}
    added = case_checklist.sync_checklist(database, application_id, operator="amy")
    after = case_checklist.checklist(database, tmp_path, application_id)
    assert before <= {i.id for i in after}
    assert sorted((i.evidence_type, i.period_label) for i in after if i.id in added) == [
        ("employer_letter", "Kerry Logistics"),
        ("statutory_declaration", ""),
    ]
    assert case_checklist.sync_checklist(database, application_id, operator="amy") == []
    # Each addition is in the audit trail of its item.
    for item_id in added:
        entries = audit.history(database, item_uid(database, item_id))
        assert [(e.action, e.actor) for e in entries] == [("checklist_sync", "amy")]
    assert audit.verify_chain(database).intact


def test_add_item_supplementary_proof_and_its_checks(case: tuple[Database, int], tmp_path: Path) -> None:
    database, application_id = case
    items = case_checklist.checklist(database, tmp_path, application_id)
    period_id = items[1].period_id
    payslip = case_checklist.add_item(
        database, application_id, "payslip", period_id=period_id, operator="amy"
    )
    added = next(i for i in case_checklist.checklist(database, tmp_path, application_id) if i.id == payslip)
    assert (added.evidence_type, added.role, added.period_id, added.status) == (
        "payslip",
        "supplementary",
        period_id,
        "missing",
    )
    problems = {
        "nonsense": ("nonsense", period_id),
        "carer_declaration": ("carer_declaration", period_id),
        "hkid_copy with a period": ("hkid_copy", period_id),
        "period of another case": ("payslip", 99999),
        "duplicate": ("payslip", period_id),
    }
    codes = {}
    for label, (evidence_type, period) in problems.items():
        with pytest.raises(ValidationError) as raised:
            case_checklist.add_item(database, application_id, evidence_type, period_id=period, operator="amy")
        codes[label] = raised.value.code
        assert raised.value.zh
        assert raised.value.en
    assert codes == {
        "nonsense": "evidence_type_unknown",
        "carer_declaration": "carer_declaration_not_allowed",
        "hkid_copy with a period": "type_does_not_prove_period",
        "period of another case": "period_not_in_case",
        "duplicate": "evidence_item_exists",
    }
    with pytest.raises(AppError) as missing_case:
        case_checklist.add_item(database, 424242, "payslip", period_id=None, operator="amy")
    assert missing_case.value.code == "application_not_found"


def test_evidence_types_are_listed_primary_first(database: Database) -> None:
    types = case_checklist.evidence_types(database)
    assert types[0] == (
        "employer_letter",
        "Employer or authorised-person letter",
        "僱主或獲授權人士證明信（工作證明）",
        "primary",
    )
    assert [code for code, *_ in types if _[2] == "supplementary"] == [
        "business_registration",
        "mpf_statement",
        "payslip",
        "tax_demand_note",
        "union_attestation",
    ]
    assert types[-1][0] == "hkid_copy"
    assert len(types) == 9


# --- Statuses -----------------------------------------------------------------------------------


def test_set_status_records_who_when_and_audits_old_to_new(
    case: tuple[Database, int], tmp_path: Path
) -> None:
    database, application_id = case
    letter = case_checklist.checklist(database, tmp_path, application_id)[1]
    case_checklist.set_status(database, letter.id, "copy_received", operator="amy")
    updated = next(
        i for i in case_checklist.checklist(database, tmp_path, application_id) if i.id == letter.id
    )
    assert (updated.status, updated.recorded_by) == ("copy_received", "amy")
    assert updated.recorded_at is not None
    case_checklist.set_status(
        database, letter.id, "verified", operator="ben", reason="Phoned the employer's HR"
    )
    entries = audit.history(database, item_uid(database, letter.id))
    assert [(e.actor, e.field, e.old_value, e.new_value, e.reason) for e in entries] == [
        ("amy", "status", "missing", "copy_received", ""),
        ("ben", "status", "copy_received", "verified", "Phoned the employer's HR"),
    ]
    # Setting the same status again changes nothing and writes nothing.
    case_checklist.set_status(
        database, letter.id, "verified", operator="ben", reason="Phoned the employer's HR"
    )
    assert len(audit.history(database, item_uid(database, letter.id))) == 2
    assert audit.verify_chain(database).intact


def test_rejected_needs_a_reason(case: tuple[Database, int], tmp_path: Path) -> None:
    database, application_id = case
    letter = case_checklist.checklist(database, tmp_path, application_id)[0]
    for blank in ("", "   "):
        with pytest.raises(ValidationError) as raised:
            case_checklist.set_status(database, letter.id, "rejected", operator="amy", reason=blank)
        assert raised.value.code == "reason_required"
        assert "原因" in raised.value.zh
        assert "why" in raised.value.en
    assert case_checklist.checklist(database, tmp_path, application_id)[0].status == "original_seen"
    case_checklist.set_status(database, letter.id, "rejected", operator="amy", reason="  Letter unsigned  ")
    rejected = case_checklist.checklist(database, tmp_path, application_id)[0]
    assert (rejected.status, rejected.reason) == ("rejected", "Letter unsigned")
    # A new reason on the same status is recorded too.
    case_checklist.set_status(database, letter.id, "rejected", operator="amy", reason="Letter undated")
    last = audit.history(database, item_uid(database, letter.id))[-1]
    assert (last.field, last.old_value, last.new_value) == ("reason", "Letter unsigned", "Letter undated")


def test_unknown_status_or_item_is_refused(case: tuple[Database, int], tmp_path: Path) -> None:
    database, application_id = case
    letter = case_checklist.checklist(database, tmp_path, application_id)[0]
    with pytest.raises(ValidationError) as raised:
        case_checklist.set_status(database, letter.id, "seen", operator="amy")
    assert raised.value.code == "evidence_status_unknown"
    assert "original_seen" in raised.value.en
    with pytest.raises(AppError) as missing:
        case_checklist.set_status(database, 987654, "verified", operator="amy")
    assert missing.value.code == "evidence_item_not_found"


def test_locked_case_refuses_changes(case: tuple[Database, int], tmp_path: Path) -> None:
    database, application_id = case
    letter = case_checklist.checklist(database, tmp_path, application_id)[1]
    lock(database, application_id)
    with pytest.raises(AppError) as raised:
        case_checklist.set_status(database, letter.id, "verified", operator="amy")
    assert raised.value.code == "case_locked"
    assert "鎖定" in raised.value.zh
    assert "locked" in raised.value.en
    with pytest.raises(AppError) as add:
        case_checklist.add_item(
            database, application_id, "payslip", period_id=letter.period_id, operator="amy"
        )
    assert add.value.code == "case_locked"
    assert case_checklist.checklist(database, tmp_path, application_id)[1].status == "missing"
    # Nothing to add: sync on a locked case is a harmless no-op; something to add is refused.
    assert case_checklist.sync_checklist(database, application_id, operator="amy") == []
    with database.session() as session:
        session.add(
            EmploymentPeriodRecord(
                application_id=application_id, employer="Late", start_date=date(2018, 1, 1)
            )
        )
    with pytest.raises(AppError) as sync:
        case_checklist.sync_checklist(database, application_id, operator="amy")
    assert sync.value.code == "case_locked"


def test_period_is_proven_by_any_proving_item(case: tuple[Database, int], tmp_path: Path) -> None:
    database, application_id = case
    items = case_checklist.checklist(database, tmp_path, application_id)
    first_period, second_period = items[0].period_id, items[1].period_id
    with database.engine.connect() as connection:
        assert case_checklist.proven_period_ids(connection, application_id) == {first_period}
    # A supplementary document seen proves the period even while the letter is missing.
    mpf = case_checklist.add_item(
        database, application_id, "mpf_statement", period_id=second_period, operator="amy"
    )
    case_checklist.set_status(database, mpf, "copy_received", operator="amy")
    with database.engine.connect() as connection:
        assert case_checklist.proven_period_ids(connection, application_id) == {first_period, second_period}
    # Rejected proves nothing.
    case_checklist.set_status(database, mpf, "rejected", operator="amy", reason="Wrong person's statement")
    case_checklist.set_status(database, items[0].id, "rejected", operator="amy", reason="Unsigned")
    with database.engine.connect() as connection:
        assert case_checklist.proven_period_ids(connection, application_id) == set()


def test_an_open_correction_allows_evidence_changes(case: tuple[Database, int], tmp_path: Path) -> None:
    database, application_id = case
    letter = case_checklist.checklist(database, tmp_path, application_id)[1]
    lock(database, application_id)
    add_user(database, "sup", "Supervisor", "supervisor")
    corrections.open_correction(database, application_id, actor="sup", reason="letter arrived after export")
    case_checklist.set_status(database, letter.id, "verified", operator="sup")
    assert case_checklist.checklist(database, tmp_path, application_id)[1].status == "verified"


def test_checklist_changes_are_in_the_case_history(case: tuple[Database, int], tmp_path: Path) -> None:
    database, application_id = case
    letter = case_checklist.checklist(database, tmp_path, application_id)[1]
    case_checklist.set_status(database, letter.id, "rejected", operator="amy", reason="unsigned")
    history = audit.case_history(database, application_id)
    assert [(entry.entity, entry.old_value, entry.new_value, entry.reason) for entry in history][-1] == (
        "evidence_item",
        "missing",
        "rejected",
        "unsigned",
    )
    assert history[0].action == "lodged"

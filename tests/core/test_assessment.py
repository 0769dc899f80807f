"""The assessment record: judgements, recommendation and maker-checker sign-off, on a real case database.

Also holds the helpers the review tests share (a lodged case with two qualifications, users of every role,
table dumps to prove a refusal changed nothing).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from assessor_app.core.db import cipher
from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import ExportBatchRecord
from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.db.models.catalogue import AgencyRecord, IndustryRecord, QualificationRecord
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services import audit
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.review import corrections
from assessor_app.core.services.review.assessment import (
    JUDGEMENT_MAX,
    JUDGEMENTS,
    assessment_row,
    assessment_rows,
    recommend,
    save_judgement,
    sign_off,
)
from assessor_app.core.services.review.workflow import list_users, move_case
from tests.core.intake_helpers import valid_form
from tests.core.user_helpers import add_user

APPLICATION_DAY = date(2025, 6, 2)
FULL_HKID = "A123456(3)"
USERS: dict[str, tuple[str, str]] = {
    "clerk": ("蔡嘉儀 Chloe CHOI", "intake_clerk"),
    "assessor": ("區安娜 Anna AU", "assessor"),
    "assessor2": ("李志明 Ming LEE", "assessor"),
    "supervisor": ("施三 Sam SZE", "supervisor"),
    "supervisor2": ("馬美玲 May MA", "supervisor"),
    "admin": ("Ada ADMIN", "administrator"),
}
JUDGED = {
    "appropriateness": "Duties match the air cargo units at level 2 工作職責與能力單元相符",
    "validity": "Employer letters on letterhead, signed and dated",
    "currency": "Still employed in the industry",
    "sufficiency": "Ten years across two employers, not a one-off",
    "authenticity": "Originals seen at the counter 已核對正本",
}


@dataclass(frozen=True)
class Case:
    application_id: int
    uid: str
    reference_no: str
    applied_ids: tuple[int, ...]  # Air Cargo Handling (assessed), Surveying (document review window)
    checklist_ids: tuple[int, ...]


def lodge_case(database: Database, *, hkid: str = "a123456(3)") -> Case:
    """Users of every role, and a case lodged at a HKU SPACE promotion day on 2025-06-02 for two logistics
    qualifications: one with a QR number and no exam-free window, one inside the Surveying window."""
    for username, (name, role) in USERS.items():
        if username not in existing_users(database):
            add_user(database, username, name, role)
    lodging.set_local_station(database, "LT01")
    with database.session() as session:
        agency = session.scalars(select(AgencyRecord).where(AgencyRecord.code == "HKUSPACE")).one()
        agency.phone = "+852 2975 8800"
        agency.email = "rpl@example.org"
        agency.address = "香港金鐘道89號力寶中心"
        logistics = session.scalars(select(IndustryRecord).where(IndustryRecord.name_en == "Logistics")).one()
        air = session.scalars(
            select(QualificationRecord).where(QualificationRecord.title_en == "Air Cargo Handling")
        ).one_or_none()
        if air is None:
            air = QualificationRecord(
                industry=logistics,
                title_zh="空運貨物處理",
                title_en="Air Cargo Handling",
                qf_level=2,
                qr_number="23/000777/L2",
            )
            session.add(air)
            session.flush()
        surveying = session.scalars(
            select(QualificationRecord).where(QualificationRecord.stream == "Surveying")
        ).one()
        qualification_ids = [air.id, surveying.id]
    event = lodging.create_event(
        database, name="國泰貨運站推廣日", event_date=APPLICATION_DAY, agency_code="HKUSPACE"
    )
    form = valid_form(event_id=event.id, qualification_ids=qualification_ids)
    form.hkid = hkid
    lodged = lodging.lodge_application(
        database, form, draft_uid=None, operator="clerk", today=APPLICATION_DAY
    )
    with closing(cipher.connect(database.path, database.data_key)) as connection, connection:
        uid, reference = connection.execute(
            "SELECT uid, reference_no FROM applications WHERE id = ?", (lodged.application_id,)
        ).fetchone()
        applied = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM applied_qualifications WHERE application_id = ? ORDER BY id",
                (lodged.application_id,),
            )
        ]
        items = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM evidence_items WHERE application_id = ? ORDER BY id", (lodged.application_id,)
            )
        ]
    return Case(lodged.application_id, str(uid), str(reference), tuple(applied), tuple(items))


def existing_users(database: Database) -> set[str]:
    return {user.username for user in list_users(database, active_only=False)}


def force_status(database: Database, application_id: int, status: CaseStatus) -> None:
    with closing(cipher.connect(database.path, database.data_key)) as connection, connection:
        connection.execute("UPDATE applications SET status = ? WHERE id = ?", (status.value, application_id))


def dump(database: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table: a refusal must leave this exactly as it was."""
    with closing(cipher.connect(database.path, database.data_key)) as connection, connection:
        tables = [
            (row[0], "WITHOUT ROWID" in (row[1] or "").upper())
            for row in connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        # A table without rowids (FTS5's shadow tables) is read in its primary key's order.
        return {
            table: connection.execute(
                f'SELECT * FROM "{table}"' + ("" if without_rowid else " ORDER BY rowid")
            ).fetchall()
            for table, without_rowid in tables
        }


def audit_count(database: Database) -> int:
    report = audit.verify_chain(database)
    assert report.intact, report
    return report.entries


def export_in_batch(database: Database, application_id: int, *, file_name: str = "batch-001.xlsx") -> int:
    """What the export does: a batch row, and the case locked to it (through corrections.lock_into_batch)."""
    with database.session() as session:
        batch = ExportBatchRecord(
            kind="export", file_name=file_name, file_sha256="0" * 64, created_by="admin"
        )
        session.add(batch)
        session.flush()
        application = session.get(ApplicationRecord, application_id)
        assert application is not None
        corrections.lock_into_batch(session, application, batch.id, actor="admin")
        return batch.id


def assert_refused(
    database: Database, call: Callable[[], object], code: str, *, error: type[AppError] = AppError
) -> AppError:
    """``call`` raises ``code`` in both languages, and no table (audit trail included) changes."""
    before = dump(database)
    with pytest.raises(error) as refused:
        call()
    assert refused.value.code == code, (refused.value.code, refused.value.en)
    assert refused.value.en
    assert refused.value.zh
    assert dump(database) == before
    return refused.value


def judge(database: Database, applied_id: int, *, actor: str = "assessor", **overrides: str) -> None:
    """All five judgements (and notes) as in :data:`JUDGED`, with ``overrides``."""
    texts = {**JUDGED, "notes": "Phone interview 電話面談", **overrides}
    reason = texts.pop("reason", "")
    save_judgement(database, applied_id, actor=actor, reason=reason, **texts)


@pytest.fixture
def case(database: Database) -> Case:
    lodged = lodge_case(database)
    force_status(database, lodged.application_id, CaseStatus.VERIFICATION_SCHEDULED)
    return lodged


# --- Reading -----------------------------------------------------------------------------------------


def test_rows_list_every_qualification_before_anything_is_written(database: Database, case: Case) -> None:
    rows = assessment_rows(database, case.application_id)
    assert [(row.title_zh, row.title_en, row.qf_level, row.qr_number) for row in rows] == [
        ("空運貨物處理", "Air Cargo Handling", 2, "23/000777/L2"),
        ("", "Supporting and Ancillary Services – Surveying", 2, None),
    ]
    for row in rows:
        assert row.stage == "not_started"
        assert not row.complete
        assert row.judgements == dict.fromkeys(JUDGEMENTS, "")
        assert (row.recommendation, row.decided_by, row.signed_off_by) == (None, None, None)


def test_unknown_case_qualification_or_user(database: Database, case: Case) -> None:
    with pytest.raises(AppError) as refused:
        assessment_rows(database, 99_999)
    assert refused.value.code == "application_not_found"
    assert_refused(database, lambda: judge(database, 99_999), "applied_qualification_not_found")
    assert_refused(database, lambda: judge(database, case.applied_ids[0], actor="nobody"), "unknown_user")


# --- Judgements ----------------------------------------------------------------------------------------


def test_saving_judgements_writes_one_audit_entry_per_field(database: Database, case: Case) -> None:
    applied = case.applied_ids[0]
    before = audit_count(database)
    judge(database, applied)
    row = assessment_row(database, applied)
    assert row.judgements == JUDGED
    assert row.notes == "Phone interview 電話面談"
    assert row.complete
    assert row.stage == "in_progress"
    assert audit_count(database) == before + 6
    entries = [entry for entry in audit.history(database, case.uid) if entry.entity == "assessment"]
    assert [(entry.field, entry.old_value, entry.new_value, entry.actor) for entry in entries] == [
        *((f"applied#{applied}.{name}", "", JUDGED[name], "assessor") for name in JUDGEMENTS),
        (f"applied#{applied}.notes", "", "Phone interview 電話面談", "assessor"),
    ]

    # The same text again changes nothing; one changed field is one entry with old -> new.
    judge(database, applied)
    assert audit_count(database) == before + 6
    judge(database, applied, currency="Employed until last month")
    [last] = audit.history(database, case.uid)[-1:]
    assert (last.field, last.old_value, last.new_value) == (
        f"applied#{applied}.currency",
        JUDGED["currency"],
        "Employed until last month",
    )
    assert audit_count(database) == before + 7


def test_partial_judgements_are_a_draft_but_not_enough_to_recommend(database: Database, case: Case) -> None:
    applied = case.applied_ids[0]
    judge(database, applied, sufficiency="", authenticity="   ")
    assert assessment_row(database, applied).stage == "in_progress"
    refused = assert_refused(
        database,
        lambda: recommend(database, applied, actor="assessor", recommendation="pass", reasons="All met"),
        "judgements_incomplete",
        error=ValidationError,
    )
    assert refused.details == ["Sufficiency / 充足性", "Authenticity / 真確性"]


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"validity": "signed\x07letter"}, "U+0007"),
        ({"validity": "looks fine\u202e"}, "U+202E"),
        ({"appropriateness": "x" * (JUDGEMENT_MAX + 1)}, f"at most {JUDGEMENT_MAX}"),
        ({"notes": "y" * 4001}, "at most 4000"),
    ],
    ids=["bell", "bidi override", "judgement too long", "notes too long"],
)
def test_bad_text_is_refused_and_nothing_changes(
    database: Database, case: Case, overrides: dict[str, str], fragment: str
) -> None:
    refused = assert_refused(
        database,
        lambda: judge(database, case.applied_ids[0], **overrides),
        "validation",
        error=ValidationError,
    )
    assert any(fragment in line for line in refused.details), refused.details


def test_line_breaks_are_kept_and_outer_blanks_trimmed(database: Database, case: Case) -> None:
    judge(database, case.applied_ids[0], sufficiency="  Two employers\r\n\tten years  ")
    assert assessment_row(database, case.applied_ids[0]).sufficiency == "Two employers\n\tten years"


@pytest.mark.parametrize("actor", ["clerk", "admin"])
def test_only_assessors_and_supervisors_write_the_record(database: Database, case: Case, actor: str) -> None:
    applied = case.applied_ids[0]
    refused = assert_refused(database, lambda: judge(database, applied, actor=actor), "role_not_allowed")
    assert "assessor, supervisor" in refused.en
    assert "評審員、主管" in refused.zh
    judge(database, applied)
    assert_refused(
        database,
        lambda: recommend(database, applied, actor=actor, recommendation="pass", reasons="met"),
        "role_not_allowed",
    )


@pytest.mark.parametrize(
    "status", [CaseStatus.LODGED, CaseStatus.RECOMMENDED_PASS, CaseStatus.SIGNED_OFF, CaseStatus.WITHDRAWN]
)
def test_judgements_only_while_the_case_is_reviewed(
    database: Database, case: Case, status: CaseStatus
) -> None:
    force_status(database, case.application_id, status)
    refused = assert_refused(database, lambda: judge(database, case.applied_ids[0]), "wrong_state")
    assert status.value in refused.en


# --- Recommendation and sign-off ------------------------------------------------------------------


def recommend_and_move(database: Database, case: Case, *, actor: str = "assessor") -> None:
    for applied in case.applied_ids:
        judge(database, applied, actor=actor)
        recommend(
            database, applied, actor=actor, recommendation="pass", reasons="All five rules met 全部符合"
        )
    move_case(database, case.application_id, "recommended_pass", actor=actor)


def test_lodged_to_signed_off_with_two_people(database: Database, case: Case) -> None:
    recommend_and_move(database, case)
    for applied in case.applied_ids:
        row = assessment_row(database, applied)
        assert (row.recommendation, row.reasons, row.stage) == (
            "pass",
            "All five rules met 全部符合",
            "recommended",
        )
        assert (row.decided_by, row.decided_by_name) == ("assessor", "區安娜 Anna AU")
        assert row.decided_at is not None
        assert_refused(
            database,
            functools.partial(sign_off, database, applied, actor="assessor"),
            "role_not_allowed",
        )
        before = audit_count(database)
        signed = sign_off(database, applied, actor="supervisor")
        assert (signed.signed_off_by, signed.signed_off_by_name, signed.stage) == (
            "supervisor",
            "施三 Sam SZE",
            "signed_off",
        )
        assert signed.signed_off_at is not None
        assert audit_count(database) == before + 2
        assert_refused(
            database,
            functools.partial(sign_off, database, applied, actor="supervisor2"),
            "already_signed_off",
        )
    move_case(database, case.application_id, "signed_off", actor="supervisor")
    recommendation_entries = [
        (entry.action, entry.field.split(".")[1], entry.new_value)
        for entry in audit.history(database, case.uid)
        if entry.entity == "assessment" and entry.field.startswith(f"applied#{case.applied_ids[0]}.")
    ]
    assert ("recommend", "recommendation", "pass") in recommendation_entries
    assert ("sign_off", "signed_off_by", "supervisor") in recommendation_entries


def test_recommendation_needs_pass_or_fail_and_reasons(database: Database, case: Case) -> None:
    applied = case.applied_ids[0]
    judge(database, applied)
    refused = assert_refused(
        database,
        lambda: recommend(database, applied, actor="assessor", recommendation="maybe", reasons=" "),
        "validation",
        error=ValidationError,
    )
    assert len(refused.details) == 2
    recommend(database, applied, actor="assessor", recommendation="fail", reasons="Experience not relevant")
    before = audit_count(database)
    recommend(database, applied, actor="assessor", recommendation="fail", reasons="Experience not relevant")
    assert audit_count(database) == before  # nothing new to say


def test_a_supervisor_cannot_sign_off_their_own_recommendation(database: Database, case: Case) -> None:
    recommend_and_move(database, case, actor="supervisor")
    applied = case.applied_ids[0]
    refused = assert_refused(
        database, lambda: sign_off(database, applied, actor="supervisor"), "maker_checker"
    )
    assert "another supervisor" in refused.en
    assert "另一位主管" in refused.zh
    assert sign_off(database, applied, actor="supervisor2").signed_off_by == "supervisor2"


def test_a_supervisor_who_changed_a_judgement_cannot_sign_it_off(database: Database, case: Case) -> None:
    applied = case.applied_ids[0]
    judge(database, applied)
    recommend(database, applied, actor="assessor", recommendation="pass", reasons="met")
    judge(database, applied, actor="supervisor", validity="Letters checked with the employer by phone")
    judge(database, case.applied_ids[1])
    recommend(database, case.applied_ids[1], actor="assessor", recommendation="pass", reasons="met")
    move_case(database, case.application_id, "recommended_pass", actor="assessor")
    assert_refused(database, lambda: sign_off(database, applied, actor="supervisor"), "maker_checker")
    assert sign_off(database, applied, actor="supervisor2").signed_off_by == "supervisor2"


def test_sign_off_needs_a_recommendation_and_a_recommended_case(database: Database, case: Case) -> None:
    applied = case.applied_ids[0]
    judge(database, applied)
    assert_refused(database, lambda: sign_off(database, applied, actor="supervisor"), "wrong_state")
    force_status(database, case.application_id, CaseStatus.RECOMMENDED_PASS)
    assert_refused(database, lambda: sign_off(database, applied, actor="supervisor"), "not_recommended")


def test_changing_a_signed_off_record_needs_a_reason_and_a_new_sign_off(
    database: Database, case: Case
) -> None:
    recommend_and_move(database, case)
    applied = case.applied_ids[0]
    sign_off(database, applied, actor="supervisor")
    move_case(
        database, case.application_id, "under_review", actor="supervisor", reason="Check currency again"
    )
    assert_refused(
        database,
        lambda: judge(database, applied, currency="Left the industry in 2024"),
        "reason_required",
        error=ValidationError,
    )
    before = audit_count(database)
    save_judgement(
        database,
        applied,
        actor="assessor",
        **{**JUDGED, "currency": "Left the industry in 2024"},
        notes="Phone interview 電話面談",
        reason="Employer called back",
    )
    row = assessment_row(database, applied)
    assert (row.stage, row.signed_off_by, row.signed_off_at) == ("recommended", None, None)
    assert audit_count(database) == before + 3  # sign-off cleared (by, at) + the judgement
    cleared = [entry for entry in audit.history(database, case.uid) if entry.action == "sign_off_cleared"]
    assert (cleared[0].old_value, cleared[0].new_value, cleared[0].reason) == (
        "supervisor",
        None,
        "Employer called back",
    )


def test_a_recommended_judgement_cannot_be_blanked(database: Database, case: Case) -> None:
    applied = case.applied_ids[0]
    judge(database, applied)
    recommend(database, applied, actor="assessor", recommendation="pass", reasons="met")
    assert_refused(
        database,
        lambda: judge(database, applied, authenticity=""),
        "judgement_required",
        error=ValidationError,
    )


# --- Locks ---------------------------------------------------------------------------------------------


def test_an_exported_case_is_locked_until_a_correction_is_opened(database: Database, case: Case) -> None:
    recommend_and_move(database, case)
    applied = case.applied_ids[0]
    sign_off(database, applied, actor="supervisor")
    force_status(database, case.application_id, CaseStatus.EXPORTED)
    export_in_batch(database, case.application_id)
    refused = assert_refused(
        database,
        lambda: judge(database, applied, currency="x", reason="typo"),
        "case_locked",
    )
    assert "batch-001.xlsx" in refused.en
    assert_refused(
        database,
        lambda: recommend(
            database, applied, actor="assessor", recommendation="fail", reasons="x", reason="y"
        ),
        "case_locked",
    )
    assert_refused(
        database, lambda: sign_off(database, case.applied_ids[1], actor="supervisor"), "case_locked"
    )

    corrections.open_correction(database, case.application_id, actor="supervisor", reason="Currency misread")
    save_judgement(
        database,
        applied,
        actor="assessor",
        **{**JUDGED, "currency": "Employed to 2025-05"},
        notes="",
        reason="Currency misread",
    )
    assert assessment_row(database, applied).currency == "Employed to 2025-05"
    assert (
        sign_off(database, applied, actor="supervisor").signed_off_by == "supervisor"
    )  # any state while open

    export_in_batch(database, case.application_id, file_name="batch-002.xlsx")
    assert_refused(database, lambda: judge(database, applied, currency="again", reason="r"), "case_locked")


def test_saving_nothing_stores_nothing(database: Database, case: Case) -> None:
    before = dump(database)
    save_judgement(
        database,
        case.applied_ids[0],
        actor="assessor",
        appropriateness=" ",
        validity="",
        currency="",
        sufficiency="",
        authenticity="",
        notes="",
    )
    assert dump(database) == before

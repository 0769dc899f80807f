"""Retention and purge on a real database: what is due goes with every row and file, audited; the rest
stays; a dry run and a refusal change nothing."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import utc_now
from assessor_app.core.services import audit
from assessor_app.core.services.evidence.attachments import attach_file, list_attachments, store_unrecorded
from assessor_app.core.services.evidence.store_layout import stored_path
from assessor_app.core.services.privacy.purge import purge
from assessor_app.core.services.privacy.retention import (
    RetentionSettings,
    due_for_purge,
    retention_settings,
    save_settings,
)
from tests.core.test_assessment import Case, dump, force_status, lodge_case
from tests.core.test_evidence import png_bytes, write

OTHER_HKID = "B987654(0)"


def _age(database: Database, application_id: int, days: float) -> None:
    """As if the case's last change were ``days`` ago."""
    moment = (utc_now() - timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(database.path) as connection:
        connection.execute("UPDATE applications SET updated_at = ? WHERE id = ?", (moment, application_id))


def _rows_of(database: Database, case: Case) -> dict[str, int]:
    with sqlite3.connect(database.path) as connection:
        return {
            table: connection.execute(
                f"SELECT count(*) FROM {table} WHERE application_id = ?", (case.application_id,)
            ).fetchone()[0]
            for table in (
                "applied_qualifications",
                "employment_periods",
                "evidence_items",
                "evidence_files",
                "document_requests",
            )
        }


@pytest.fixture
def evidence_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    return folder


def test_settings_have_defaults_and_bounds_and_only_an_administrator_changes_them(database: Database) -> None:
    lodge_case(database)  # the users
    assert retention_settings(database) == RetentionSettings(case_years=7, id_copy_days=0, draft_days=90)
    save_settings(database, RetentionSettings(case_years=10, id_copy_days=30, draft_days=60), actor="admin")
    assert retention_settings(database).case_years == 10
    with database.session() as session:
        changes = session.scalars(
            select(AuditEventRecord).where(AuditEventRecord.action == "retention_changed")
        ).all()
        assert {(entry.field, entry.old_value, entry.new_value) for entry in changes} == {
            ("case_years", "7", "10"),
            ("id_copy_days", "0", "30"),
            ("draft_days", "90", "60"),
        }
    with pytest.raises(AppError) as refused:
        save_settings(database, RetentionSettings(case_years=0), actor="admin")
    assert refused.value.code == "retention_out_of_range"
    with pytest.raises(AppError) as refused:
        save_settings(database, RetentionSettings(case_years=3), actor="supervisor")
    assert refused.value.code == "role_not_allowed"
    assert retention_settings(database).case_years == 10


def test_a_closed_case_past_retention_goes_with_its_rows_files_and_person(
    database: Database, evidence_dir: Path, tmp_path: Path
) -> None:
    old = lodge_case(database)
    kept = lodge_case(database, hkid=OTHER_HKID)
    scan = attach_file(
        database,
        evidence_dir,
        old.application_id,
        write(tmp_path / "letter.png", png_bytes()),
        operator="clerk",
    )
    force_status(database, old.application_id, CaseStatus.RESULT_PASSED)
    _age(database, old.application_id, 365.25 * 7 + 1)
    force_status(database, kept.application_id, CaseStatus.RESULT_PASSED)
    _age(database, kept.application_id, 365.25 * 7 - 1)  # a day short of its seven years
    assert any(evidence_dir.rglob("*.png"))

    due = due_for_purge(database)
    assert due.cases == (old.application_id,)
    before = dump(database)
    dry = purge(database, evidence_dir, actor="admin", dry_run=True)
    assert dry.references == [old.reference_no]
    assert "would remove" in dry.describe()
    assert dump(database) == before

    report = purge(database, evidence_dir, actor="admin")
    assert report.references == [old.reference_no]
    assert report.applicants_deleted == 1
    assert report.files_deleted == 1
    assert not any(evidence_dir.rglob("*.png"))
    assert set(_rows_of(database, old).values()) == {0}
    with sqlite3.connect(database.path) as connection:
        assert connection.execute("SELECT count(*) FROM applications").fetchone()[0] == 1
        assert (
            connection.execute("SELECT count(*) FROM applicants WHERE hkid = 'A123456(3)'").fetchone()[0] == 0
        )
    assert scan.id
    with database.session() as session:
        purged = session.scalars(
            select(AuditEventRecord).where(AuditEventRecord.action == "case_purged")
        ).one()
        assert purged.old_value == old.reference_no
        assert "A123456" not in (purged.reason or "")
    assert audit.verify_chain(database).intact
    assert due_for_purge(database).empty


def test_open_cases_are_kept_however_old(database: Database, evidence_dir: Path) -> None:
    case = lodge_case(database)
    force_status(database, case.application_id, CaseStatus.UNDER_REVIEW)
    _age(database, case.application_id, 365.25 * 20)
    assert due_for_purge(database).cases == ()


def test_a_verified_hkid_copy_is_erased_an_unverified_one_kept(
    database: Database, evidence_dir: Path, tmp_path: Path
) -> None:
    verified = lodge_case(database)  # intake records the card as seen
    unverified = lodge_case(database, hkid=OTHER_HKID)
    with sqlite3.connect(database.path) as connection:
        connection.execute("UPDATE applicants SET hkid_verified_at = NULL WHERE hkid = ?", (OTHER_HKID,))
    for case, shade in ((verified, 1), (unverified, 2)):
        attach_file(
            database,
            evidence_dir,
            case.application_id,
            write(tmp_path / f"id{shade}.png", png_bytes(shade=shade)),
            operator="clerk",
            is_hkid_copy=True,
        )
    report = purge(database, evidence_dir, actor="admin")
    assert len(report.due.id_copies) == 1
    [erased] = list_attachments(database, evidence_dir, verified.application_id)
    [still] = list_attachments(database, evidence_dir, unverified.application_id)
    assert erased.erased_at is not None
    assert still.erased_at is None
    assert len(list(evidence_dir.rglob("*.png"))) == 1


@pytest.mark.parametrize("actor", ["clerk", "assessor", "supervisor"])
def test_only_an_administrator_purges(database: Database, evidence_dir: Path, actor: str) -> None:
    case = lodge_case(database)
    force_status(database, case.application_id, CaseStatus.WITHDRAWN)
    _age(database, case.application_id, 365.25 * 8)
    before = dump(database)
    with pytest.raises(AppError) as refused:
        purge(database, evidence_dir, actor=actor)
    assert refused.value.code == "role_not_allowed"
    assert dump(database) == before


def test_a_draft_nobody_typed_in_for_the_retention_period_goes(
    database: Database, evidence_dir: Path
) -> None:
    from assessor_app.core.services.intake import lodging
    from tests.core.intake_helpers import valid_form

    lodge_case(database)  # the users
    # Files attached at intake: one only the old draft lists, one the new draft lists too.
    only_old = store_unrecorded(database, evidence_dir, write(evidence_dir.parent / "a.png", png_bytes()))
    shared = store_unrecorded(
        database, evidence_dir, write(evidence_dir.parent / "b.png", png_bytes(shade=9))
    )
    lodging.save_draft(database, "old-draft", replace(valid_form(), attachments=[only_old, shared]))
    lodging.save_draft(database, "new-draft", replace(valid_form(), attachments=[shared]))
    moment = (utc_now() - timedelta(days=91)).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(database.path) as connection:
        connection.execute("UPDATE drafts SET updated_at = ? WHERE uid = 'old-draft'", (moment,))
    report = purge(database, evidence_dir, actor="admin")
    assert [draft.uid for draft in lodging.open_drafts(database)] == ["new-draft"]
    assert report.files_deleted == 1
    assert not stored_path(evidence_dir, only_old.sha256, only_old.media_type, database.data_key).exists()
    assert stored_path(evidence_dir, shared.sha256, shared.media_type, database.data_key).exists()
    with database.session() as session:
        entry = session.scalars(
            select(AuditEventRecord).where(AuditEventRecord.action == "draft_purged")
        ).one()
        assert entry.entity_uid == "old-draft"

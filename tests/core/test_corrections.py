"""Batch locks and recorded corrections, and the text and role guards the review services share."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.audit_sync import ExportBatchRecord
from assessor_app.core.domain.enums import CaseStatus, Role
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services import audit, shared
from assessor_app.core.services.review import corrections
from assessor_app.core.services.review.corrections import (
    CaseLock,
    cases_for_next_batch,
    is_editable,
    is_locked,
    lock_state,
    open_correction,
)
from assessor_app.core.services.shared import check_text
from tests.core.test_assessment import (
    Case,
    assert_refused,
    audit_count,
    export_in_batch,
    force_status,
    lodge_case,
)


@pytest.fixture
def exported(database: Database) -> tuple[Case, int]:
    case = lodge_case(database)
    force_status(database, case.application_id, CaseStatus.EXPORTED)
    return case, export_in_batch(database, case.application_id)


def test_a_case_is_locked_once_exported(database: Database) -> None:
    case = lodge_case(database)
    assert not is_locked(database, case.application_id)
    assert is_editable(database, case.application_id)
    before = audit_count(database)
    batch_id = export_in_batch(database, case.application_id)
    assert is_locked(database, case.application_id)
    assert not is_editable(database, case.application_id)
    [entry] = audit.history(database, case.uid)[-1:]
    assert (entry.action, entry.field, entry.old_value, entry.new_value) == (
        "batch_lock",
        "locked_by_batch_id",
        None,
        str(batch_id),
    )
    assert audit_count(database) == before + 1
    assert cases_for_next_batch(database) == []


def test_opening_a_correction_is_recorded_and_marks_the_case_for_the_next_batch(
    database: Database, exported: tuple[Case, int]
) -> None:
    case, batch_id = exported
    before = audit_count(database)
    row = open_correction(
        database, case.application_id, actor="supervisor", reason="SoA name misspelt 英文姓名串錯"
    )
    assert (row.application_id, row.reference_no, row.locked_by_batch_id, row.batch_file_name) == (
        case.application_id,
        case.reference_no,
        batch_id,
        "batch-001.xlsx",
    )
    assert (row.opened_by, row.reason, row.status) == (
        "supervisor",
        "SoA name misspelt 英文姓名串錯",
        "exported",
    )
    assert row.opened_at is not None
    assert audit_count(database) == before + 1
    [entry] = audit.history(database, case.uid)[-1:]
    assert (entry.actor, entry.action, entry.field, entry.old_value, entry.new_value, entry.reason) == (
        "supervisor",
        "correction_opened",
        "needs_reexport",
        "false",
        "true",
        "SoA name misspelt 英文姓名串錯",
    )
    assert is_locked(database, case.application_id)  # still in its batch ...
    assert is_editable(database, case.application_id)  # ... but open for the correction
    assert cases_for_next_batch(database) == [row]

    refused = assert_refused(
        database,
        lambda: open_correction(database, case.application_id, actor="supervisor2", reason="again"),
        "correction_open",
    )
    assert "already open" in refused.en


def test_the_next_export_closes_the_correction(database: Database, exported: tuple[Case, int]) -> None:
    case, _ = exported
    open_correction(database, case.application_id, actor="admin", reason="Wrong qualification ticked")
    before = audit_count(database)
    new_batch = export_in_batch(database, case.application_id, file_name="batch-002.xlsx")
    assert audit_count(database) == before + 2  # locked to the new batch, correction closed
    actions = [
        (entry.action, entry.old_value, entry.new_value) for entry in audit.history(database, case.uid)[-2:]
    ]
    assert actions == [
        ("batch_lock", str(new_batch - 1), str(new_batch)),
        ("correction_closed", "true", "false"),
    ]
    assert not is_editable(database, case.application_id)
    assert cases_for_next_batch(database) == []


def test_lock_state_and_case_history_for_the_case_view(database: Database) -> None:
    case = lodge_case(database)
    state = lock_state(database, case.application_id)
    assert (state.batch_id, state.batch_file_name, state.locked, state.editable) == (None, "", False, True)
    batch_id = export_in_batch(database, case.application_id)
    state = lock_state(database, case.application_id)
    assert (state.batch_id, state.batch_file_name, state.correction_open) == (
        batch_id,
        "batch-001.xlsx",
        False,
    )
    assert (state.locked, state.editable) == (True, False)
    open_correction(database, case.application_id, actor="supervisor", reason="Name misspelt")
    state = lock_state(database, case.application_id)
    assert (state.locked, state.correction_open, state.editable) == (True, True, True)

    assert audit.case_history(database, case.application_id) == audit.history(database, case.uid)
    assert [entry.action for entry in audit.case_history(database, case.application_id)][-2:] == [
        "batch_lock",
        "correction_opened",
    ]
    for call in (lambda: lock_state(database, 9999), lambda: audit.case_history(database, 9999)):
        with pytest.raises(AppError) as missing:
            call()
        assert missing.value.code == "application_not_found"


@pytest.mark.parametrize("actor", ["clerk", "assessor"])
def test_only_supervisors_and_administrators_open_corrections(
    database: Database, exported: tuple[Case, int], actor: str
) -> None:
    case, _ = exported
    refused = assert_refused(
        database,
        lambda: open_correction(database, case.application_id, actor=actor, reason="fix"),
        "role_not_allowed",
    )
    assert "supervisor, administrator" in refused.en


def test_a_correction_needs_a_reason_a_user_and_an_exported_case(
    database: Database, exported: tuple[Case, int]
) -> None:
    case, _ = exported
    assert_refused(
        database,
        lambda: open_correction(database, case.application_id, actor="supervisor", reason="  "),
        "validation",
        error=ValidationError,
    )
    assert_refused(
        database,
        lambda: open_correction(database, case.application_id, actor="ghost", reason="fix"),
        "unknown_user",
    )
    assert_refused(
        database,
        lambda: open_correction(database, 99_999, actor="supervisor", reason="fix"),
        "application_not_found",
    )
    other = lodge_case(database, hkid="CA182361(1)")
    refused = assert_refused(
        database,
        lambda: open_correction(database, other.application_id, actor="supervisor", reason="fix"),
        "not_locked",
    )
    assert "without a correction" in refused.en


def test_assert_editable_names_the_batch(database: Database, exported: tuple[Case, int]) -> None:
    case, batch_id = exported
    with database.session() as session:
        application = shared.load_application(session, case.application_id)
        with pytest.raises(AppError) as refused:
            shared.assert_editable(session, application)
    assert refused.value.code == "case_locked"
    assert f"batch {batch_id} (batch-001.xlsx)" in refused.value.en
    assert "更正" in refused.value.zh


# --- The shared guards ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "multiline", "cleaned", "problem"),
    [
        ("  plain 文字  ", True, "plain 文字", None),
        ("a\r\nb\rc", True, "a\nb\nc", None),
        ("a\nb", False, "a\nb", "U+000A"),
        ("tab\there", True, "tab\there", None),
        ("nul\x00", True, "nul\x00", "U+0000"),
        ("esc\x1b[31m", True, "esc\x1b[31m", "U+001B"),
        ("c1\x85x", True, "c1\x85x", "U+0085"),
        ("rtl\u202eevil", True, "rtl\u202eevil", "U+202E"),
        ("line\u2028sep", True, "line\u2028sep", "U+2028"),
        ("x" * 11, True, "x" * 11, "at most 10"),
        ("", True, "", "required"),
    ],
)
def test_check_text(text: str, multiline: bool, cleaned: str, problem: str | None) -> None:
    problems: list[str] = []
    assert (
        check_text(
            text,
            name_en="field",
            name_zh="欄位",
            max_length=10,
            problems=problems,
            required=True,
            multiline=multiline,
        )
        == cleaned
    )
    if problem is None:
        assert problems == []
    else:
        [line] = problems
        assert problem in line
        assert line.startswith("field:")
        assert "欄位：" in line


def test_acting_user_names_the_allowed_roles(database: Database) -> None:
    lodge_case(database)
    with database.session() as session:
        assert (
            shared.acting_user(
                session, "assessor", frozenset({Role.ASSESSOR}), doing_en="x", doing_zh="x"
            ).username
            == "assessor"
        )
        with pytest.raises(AppError) as refused:
            shared.acting_user(
                session,
                "clerk",
                frozenset({Role.SUPERVISOR, Role.ASSESSOR}),
                doing_en="sign off an assessment",
                doing_zh="簽批評審",
            )
    assert refused.value.en == (
        "A user with the role 'intake clerk' cannot sign off an assessment (allowed: assessor, supervisor)."
    )
    assert refused.value.zh == "角色為「登記職員」的用戶不能簽批評審（可由：評審員、主管）。"


# --- Locking many cases at once (the export) -----------------------------------------------------------


def _lock_scene(database: Database) -> tuple[list[CaseLock], int]:
    """Two cases before a new export: one never exported, one exported with a correction open."""
    fresh = lodge_case(database)
    corrected = lodge_case(database, hkid="CA182361(1)")
    force_status(database, corrected.application_id, CaseStatus.EXPORTED)
    export_in_batch(database, corrected.application_id)
    open_correction(database, corrected.application_id, actor="supervisor", reason="Name misspelt")
    with database.session() as session:
        batch = ExportBatchRecord(
            kind="export", file_name="batch-002.xlsx", file_sha256="1" * 64, created_by="admin"
        )
        session.add(batch)
        session.flush()
        cases = []
        for case_id in (fresh.application_id, corrected.application_id):
            application = shared.load_application(session, case_id)
            cases.append(
                CaseLock(
                    application.id,
                    application.uid,
                    application.locked_by_batch_id,
                    application.needs_reexport,
                )
            )
        return cases, batch.id


def _after(database: Database, cases: list[CaseLock]) -> list[tuple[object, ...]]:
    """Each case's lock columns and the audit entries written about it since the scene was set."""
    found: list[tuple[object, ...]] = []
    with database.session() as session:
        for case in cases:
            application = shared.load_application(session, case.application_id)
            entries = [
                (e.action, e.field, e.old_value, e.new_value, e.reason, e.actor)
                for e in audit.history(database, case.uid)
                if e.action in {"batch_lock", "correction_closed"}
            ]
            found.append((application.locked_by_batch_id, application.needs_reexport, entries[-2:]))
    return found


def test_locking_many_cases_writes_what_locking_each_writes(database: Database, tmp_path: Path) -> None:
    cases, batch_id = _lock_scene(database)
    with database.session() as session:
        for case in cases:
            corrections.lock_into_batch(
                session, shared.load_application(session, case.application_id), batch_id, actor="admin"
            )
    one_by_one = _after(database, cases)

    other = open_database(tmp_path / "other.sqlite3")
    try:
        other_cases, other_batch = _lock_scene(other)
        assert other_batch == batch_id
        with other.session() as session:
            written = corrections.lock_many_into_batch(session, other_cases, other_batch, actor="admin")
        assert written == 3  # fresh: locked; corrected: locked to the new batch, correction closed
        assert _after(other, other_cases) == one_by_one
        assert [
            (entry.action, entry.old, entry.new)
            for case in other_cases
            for entry in corrections.lock_entries(case, other_batch, actor="admin")
        ] == [
            ("batch_lock", None, str(batch_id)),
            ("batch_lock", str(batch_id - 1), str(batch_id)),
            ("correction_closed", "true", "false"),
        ]
        assert audit.verify_chain(other).intact
        assert cases_for_next_batch(other) == []
        assert not is_editable(other, other_cases[1].application_id)
    finally:
        other.close()

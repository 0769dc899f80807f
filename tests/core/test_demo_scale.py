"""The demo at scale: years of past promotion days whose cases are in every state with the data each
state implies, written in bulk into an encrypted demo database whose audit trail verifies."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.audit_sync import AuditEventRecord, BatchItemRecord, ExportBatchRecord
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
    DocumentRequestRecord,
    EventRecord,
    EvidenceFileRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import IndustryRecord, QualificationRecord
from assessor_app.core.db.models.laptop import UserRecord
from assessor_app.core.domain.enums import CaseStatus, EvidenceStatus, Role
from assessor_app.core.domain.workflow import TRANSITIONS
from assessor_app.core.security.evidence_files import read_evidence
from assessor_app.core.security.keyring import DEMO_ADMINISTRATOR, DEMO_PASSWORD
from assessor_app.core.security.sign_in import set_up
from assessor_app.core.services import audit, eligibility
from assessor_app.core.services.cases.search import search_condition
from assessor_app.core.services.demo import history
from assessor_app.core.services.demo.scale import ScaleSummary, build_demo
from assessor_app.core.services.eligibility import check_application
from assessor_app.core.services.evidence.store_layout import stored_path
from assessor_app.core.services.sync.selection import count_selected

SIZE = 2000
STRETCH = 300  # cases drawn while the stretch before is written (history.CASES_PER_STRETCH)
SIGNED = {
    CaseStatus.SIGNED_OFF,
    CaseStatus.EXPORTED,
    CaseStatus.RESULT_PASSED,
    CaseStatus.RESULT_FAILED,
    CaseStatus.APPEAL_LODGED,
    CaseStatus.APPEAL_UPHELD,
    CaseStatus.APPEAL_DISMISSED,
}
RESULTED = SIGNED - {CaseStatus.SIGNED_OFF, CaseStatus.EXPORTED}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, ScaleSummary, Path]]:
    """One 2,000-application demo in an encrypted demo database, with its evidence folder, drawn and written
    in stretches of a few hundred cases (as a 100,000-case one is in stretches of 5,000): the batches, locks
    and trail of cases of one stretch written with or after those of another."""
    folder = tmp_path_factory.mktemp("scale")
    signed = set_up(
        folder / "demo.sqlite3", DEMO_ADMINISTRATOR, "Demo administrator", DEMO_PASSWORD, demo=True
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(history, "CASES_PER_STRETCH", STRETCH)
        summary = build_demo(signed.database, applications=SIZE, seed=11, evidence_dir=folder / "evidence")
    yield signed.database, summary, folder / "evidence"
    signed.database.close()


def test_every_state_over_years_events_stations_and_industries(
    built: tuple[Database, ScaleSummary, Path],
) -> None:
    db, summary, _ = built
    with db.session() as session:
        states = Counter(session.scalars(select(ApplicationRecord.status)))
        events = session.execute(select(EventRecord.code, EventRecord.event_date)).all()
        stations = set(session.scalars(select(ApplicationRecord.station_code)))
        industries = set(
            session.scalars(
                select(IndustryRecord.name_en)
                .join(QualificationRecord, QualificationRecord.industry_id == IndustryRecord.id)
                .join(
                    AppliedQualificationRecord,
                    AppliedQualificationRecord.qualification_id == QualificationRecord.id,
                )
            )
        )
    assert sum(states.values()) == summary.applications == SIZE
    assert set(states) == {state.value for state in CaseStatus}
    assert len(events) >= 4
    assert len({day.year for _, day in events}) >= 3
    assert len(stations) >= 3
    assert len(industries) >= 3
    assert summary.past_cases + summary.day.applications == SIZE


def test_every_move_in_the_trail_is_allowed_and_ends_where_the_case_is(
    built: tuple[Database, ScaleSummary, Path],
) -> None:
    db, _, _ = built
    with db.session() as session:
        roles: dict[str, str] = dict(
            session.execute(select(UserRecord.username, UserRecord.role)).tuples().all()
        )
        status: dict[str, str] = dict(
            session.execute(select(ApplicationRecord.uid, ApplicationRecord.status)).tuples().all()
        )
        moves: dict[str, list[tuple[str | None, str | None, str]]] = defaultdict(list)
        for uid, old, new, actor in session.execute(
            select(
                AuditEventRecord.entity_uid,
                AuditEventRecord.old_value,
                AuditEventRecord.new_value,
                AuditEventRecord.actor,
            )
            .where(AuditEventRecord.entity == "application", AuditEventRecord.field == "status")
            .order_by(AuditEventRecord.id)
        ):
            moves[uid].append((old, new, actor))
    assert len(moves) > SIZE / 2  # the past cases (the open day's forms are written as generate_demo writes)
    for uid, chain in moves.items():
        assert chain[0][:2] == ("draft", "lodged")
        for (_, before, _), (old, _, _) in itertools.pairwise(chain):
            assert old == before
        for old, new, actor in chain[1:]:
            allowed = TRANSITIONS[(CaseStatus(str(old)), CaseStatus(str(new)))]
            assert Role(roles[actor]) in allowed, (old, new, actor)
        assert chain[-1][1] == status[uid]


def test_signed_off_cases_were_assessed_by_someone_else(built: tuple[Database, ScaleSummary, Path]) -> None:
    db, _, _ = built
    with db.session() as session:
        roles: dict[str, str] = dict(
            session.execute(select(UserRecord.username, UserRecord.role)).tuples().all()
        )
        rows = session.execute(
            select(ApplicationRecord.status, AssessmentDecisionRecord)
            .join(
                AppliedQualificationRecord, AppliedQualificationRecord.application_id == ApplicationRecord.id
            )
            .outerjoin(
                AssessmentDecisionRecord,
                AssessmentDecisionRecord.applied_qualification_id == AppliedQualificationRecord.id,
            )
        ).all()
    signed = [(status, decision) for status, decision in rows if CaseStatus(status) in SIGNED]
    assert signed
    for status, decision in signed:
        assert decision is not None, status
        assert decision.recommendation in {"pass", "fail"}
        assert decision.decided_by
        assert decision.signed_off_by
        assert decision.decided_by != decision.signed_off_by
        assert roles[decision.signed_off_by] == Role.SUPERVISOR
        assert roles[decision.decided_by] in {Role.ASSESSOR, Role.SUPERVISOR}
        assert decision.decided_at is not None
        assert decision.signed_off_at is not None
        assert decision.decided_at <= decision.signed_off_at
    recommended = [d for s, d in rows if s in {CaseStatus.RECOMMENDED_PASS, CaseStatus.RECOMMENDED_FAIL}]
    assert recommended
    assert all(d is not None and d.recommendation and d.signed_off_by is None for d in recommended)


def test_results_belong_to_exported_batches(built: tuple[Database, ScaleSummary, Path]) -> None:
    db, _, _ = built
    with db.session() as session:
        batches = {b.id: b for b in session.scalars(select(ExportBatchRecord))}
        items: dict[int, set[str]] = defaultdict(set)
        for batch_id, application_id in session.execute(
            select(BatchItemRecord.batch_id, BatchItemRecord.application_id)
        ):
            items[application_id].add(batches[batch_id].kind)
        cases = session.execute(
            select(ApplicationRecord.id, ApplicationRecord.status, ApplicationRecord.locked_by_batch_id)
        ).all()
        results = session.execute(
            select(
                AppliedQualificationRecord.application_id,
                AppliedQualificationRecord.result,
                AppliedQualificationRecord.soa_number,
                AppliedQualificationRecord.soa_date,
            )
        ).all()
    state = {case_id: CaseStatus(status) for case_id, status, _ in cases}
    for case_id, status, lock in cases:
        if CaseStatus(status) in SIGNED - {CaseStatus.SIGNED_OFF}:
            assert lock is not None
            assert batches[lock].kind == "export"
            assert "export" in items[case_id]
        if CaseStatus(status) in RESULTED:
            assert items[case_id] == {"export", "results"}
        if CaseStatus(status) in {CaseStatus.SIGNED_OFF} | {s for s in CaseStatus if s not in SIGNED}:
            assert lock is None
    for case_id, result, soa_number, soa_date in results:
        if result is not None:
            assert state[case_id] in RESULTED
        assert (result == "passed") == (soa_number is not None) == (soa_date is not None)
        if state[case_id] is CaseStatus.RESULT_PASSED:
            assert result == "passed"


def test_document_requests_and_checklists_fit_the_state(built: tuple[Database, ScaleSummary, Path]) -> None:
    db, _, _ = built
    with db.session() as session:
        waiting = session.execute(
            select(ApplicationRecord.id, DocumentRequestRecord.fulfilled_at)
            .outerjoin(DocumentRequestRecord, DocumentRequestRecord.application_id == ApplicationRecord.id)
            .where(ApplicationRecord.status == CaseStatus.DOCUMENTS_REQUESTED.value)
        ).all()
        verified = session.scalars(
            select(func.count())
            .select_from(EvidenceItemRecord)
            .join(ApplicationRecord, ApplicationRecord.id == EvidenceItemRecord.application_id)
            .where(
                ApplicationRecord.status == CaseStatus.LODGED.value,
                EvidenceItemRecord.status == EvidenceStatus.VERIFIED.value,
            )
        ).one()
        statuses = set(session.scalars(select(EvidenceItemRecord.status)))
    # Waiting for the applicant, or (some) with the papers in and the assessor yet to take it up again.
    assert all(case_id is not None for case_id, _ in waiting)
    assert any(fulfilled is None for _, fulfilled in waiting)
    assert verified == 0  # only an assessor verifies, at review
    assert {s.value for s in EvidenceStatus} <= statuses


def test_stored_verdicts_are_the_case_views(built: tuple[Database, ScaleSummary, Path]) -> None:
    db, _, _ = built
    with db.session() as session:
        sample = session.scalars(
            select(ApplicationRecord.id)
            .where(ApplicationRecord.status != "draft")
            .order_by(ApplicationRecord.id)
        ).all()[::97]
        stored = {
            (a, q): (e, r)
            for a, q, e, r in session.execute(
                select(
                    AppliedQualificationRecord.application_id,
                    AppliedQualificationRecord.qualification_id,
                    AppliedQualificationRecord.eligibility,
                    AppliedQualificationRecord.route,
                ).where(AppliedQualificationRecord.application_id.in_(sample))
            )
        }
    for application_id in sample:
        for entry in check_application(db, application_id):
            assert stored[(application_id, entry.qualification_id)] == (
                entry.result.status.value,
                entry.result.route.value,
            )


def test_evidence_files_are_sealed_and_decrypt(built: tuple[Database, ScaleSummary, Path]) -> None:
    db, summary, evidence = built
    with db.session() as session:
        files = session.scalars(select(EvidenceFileRecord)).all()
    assert len(files) == summary.files > 0
    for record in files:
        path = stored_path(evidence, record.sha256, record.media_type, db.data_key)
        assert record.sha256 not in path.name  # named by a keyed hash under the encrypted database
        assert not path.read_bytes().startswith((b"%PDF", b"\x89PNG"))
        content = read_evidence(path, record.sha256, db.data_key)
        assert len(content) == record.size_bytes
        assert content.startswith(b"%PDF" if record.media_type == "application/pdf" else b"\x89PNG")


def test_the_audit_trail_verifies(built: tuple[Database, ScaleSummary, Path]) -> None:
    db, _, _ = built
    report = audit.verify_chain(db)
    assert report.intact, report.findings
    assert report.keyed


def test_the_default_export_and_search_find_demo_cases(built: tuple[Database, ScaleSummary, Path]) -> None:
    db, _, _ = built
    assert count_selected(db) > 0
    with db.session() as session:
        name_zh, surname = session.execute(
            select(ApplicantRecord.name_zh, ApplicantRecord.surname_en)
            .order_by(ApplicantRecord.id.desc())
            .limit(1)
        ).one()
        for text in (name_zh, name_zh[:1], surname.lower()):
            condition = search_condition(text)
            assert condition is not None
            assert session.scalar(select(func.count()).select_from(ApplicationRecord).where(condition))


def test_the_default_demo_is_small_and_shows_every_page_something(tmp_path: Path) -> None:
    db = open_database(tmp_path / "demo.sqlite3")
    try:
        summary = build_demo(db)
        with db.session() as session:
            states = Counter(session.scalars(select(ApplicationRecord.status)))
            results = session.scalar(
                select(func.count()).select_from(ExportBatchRecord).where(ExportBatchRecord.kind == "results")
            )
        assert summary.applications == sum(states.values()) == 60
        assert count_selected(db) > 0
        assert states[CaseStatus.UNDER_REVIEW.value] > 0
        assert states[CaseStatus.EXPORTED.value] > 0
        assert results
        assert audit.verify_chain(db).intact
    finally:
        db.close()


def test_the_same_seed_gives_the_same_demo(tmp_path: Path) -> None:
    seen = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        db = open_database(tmp_path / f"{name}.sqlite3")
        try:
            build_demo(db, applications=90, seed=seed)
            with db.session() as session:
                seen.append(
                    session.execute(
                        select(ApplicationRecord.reference_no, ApplicationRecord.status, ApplicantRecord.hkid)
                        .join(ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id)
                        .order_by(ApplicationRecord.id)
                    ).all()
                )
        finally:
            db.close()
    assert seen[0] == seen[1]
    assert seen[0] != seen[2]


def test_running_again_adds_only_open_day_forms(tmp_path: Path) -> None:
    db = open_database(tmp_path / "demo.sqlite3")
    try:
        first = build_demo(db, applications=60, seed=1)
        second = build_demo(db, applications=60, seed=2)
        with db.session() as session:
            events = session.scalar(select(func.count()).select_from(EventRecord))
            cases = session.scalar(select(func.count()).select_from(ApplicationRecord))
        assert first.past_events == (events or 0) - 1
        assert (second.past_cases, second.past_events) == (0, 0)
        assert cases == first.applications + second.day.applications
        assert audit.verify_chain(db).intact
    finally:
        db.close()


def test_the_demo_draws_version_4_uuids_as_the_uuid_module_makes_them() -> None:
    """``Rows.uid`` formats the bits itself (faster): the same text uuid.UUID(int=..., version=4) gives."""
    import random
    import uuid

    from assessor_app.core.services.demo.bulk import Rows

    rows, bits = Rows(random.Random(7), {}, {}), random.Random(7)
    for _ in range(2000):
        made = rows.uid()
        assert made == str(uuid.UUID(int=bits.getrandbits(128), version=4))
        assert uuid.UUID(made).version == 4


def test_the_cycle_collector_is_paused_while_the_history_is_written_and_on_again_after(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Millions of rows held at once: the collector would walk them again and again (a fifth of the time)."""
    import gc

    from assessor_app.core.services.demo import scale

    seen: list[bool] = []
    real = scale._write_history

    def spying(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scale, "_write_history", spying)
    signed = set_up(tmp_path / "demo.sqlite3", DEMO_ADMINISTRATOR, "Demo", DEMO_PASSWORD, demo=True)
    try:
        assert gc.isenabled()
        build_demo(signed.database, applications=30)
        assert seen == [False]
        assert gc.isenabled()

        def failing(*_args: object, **_kwargs: object) -> object:
            raise RuntimeError("disk full")

        monkeypatch.setattr(scale, "_write_history", failing)
        with pytest.raises(RuntimeError):
            build_demo(signed.database, applications=30)
        assert gc.isenabled()  # on again after a failure too
        gc.disable()
        with scale.cyclic_gc_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
        signed.database.close()


def test_the_trail_is_in_time_order(built: tuple[Database, ScaleSummary, Path]) -> None:
    """Each stretch's entries are chained once no later case can have an earlier one: from the history's
    first (the laptop's set-up, before it, happened today), the ids follow time."""
    database, _, _ = built
    with database.session() as session:
        backwards = session.scalar(
            text(
                "SELECT count(*) FROM audit_events a JOIN audit_events b ON b.id = a.id + 1 "
                "WHERE b.occurred_at < a.occurred_at "
                "AND a.id >= (SELECT min(id) FROM audit_events WHERE action = 'lodged')"
            )
        )
        stretches = session.scalar(text("SELECT count(DISTINCT event_id) FROM applications"))
    assert backwards == 0
    assert (stretches or 0) > 2  # more than one stretch of STRETCH cases was written


def _verdicts_and_lives(database: Database) -> list[tuple[object, ...]]:
    with database.session() as session:
        return [
            tuple(row)
            for row in session.execute(
                text(
                    "SELECT a.reference_no, a.status, a.locked_by_batch_id, q.qualification_id, q.eligibility, "
                    "q.route, q.result FROM applications a JOIN applied_qualifications q "
                    "ON q.application_id = a.id ORDER BY a.id, q.id"
                )
            )
        ]


def test_verdicts_decided_in_the_worker_process_are_those_decided_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the first stretch a worker process decides the verdicts; where none can start, this process
    does: the same demo either way (and the worker did decide, but for the first stretch)."""
    monkeypatch.setattr(history, "CASES_PER_STRETCH", 60)
    decided_here: list[int] = []
    decide_on = eligibility.decide_on

    def counted(*args: Any) -> Any:
        decided_here.append(1)
        return decide_on(*args)

    monkeypatch.setattr(history, "decide_on", counted)  # this process's; the worker imports its own
    built = []
    for worker in (True, False):
        if not worker:
            monkeypatch.setattr(history, "ProcessPoolExecutor", _no_process)
        decided_here.clear()
        db = open_database(tmp_path / f"worker-{worker}.sqlite3")
        try:
            summary = build_demo(db, applications=600, seed=3)
            built.append(_verdicts_and_lives(db))
        finally:
            db.close()
        past = summary.past_cases
        if worker:
            assert 0 < len(decided_here) < past / 2  # the first stretch only
        else:
            assert len(decided_here) == past
    assert built[0] == built[1]
    assert len(built[0]) > 500


def _no_process(*_args: Any, **_kwargs: Any) -> Any:
    raise OSError("no process can be started here")

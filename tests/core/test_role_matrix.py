"""The role matrix: every service action that changes data or reveals personal data, run as every role.

:data:`MATRIX` is this test's own statement of who may do what (docs/security.md, "Who may do what"),
written out rather than read from ``core/domain/permissions.py``, so a change to the rules there fails
here until the table (and the documentation) agree. Each action runs, as each role, on its own copy of
one real encrypted database with a keyring (a demo promotion day, an exported batch, a returned results
workbook, another station's signed batch, an open merge conflict): an allowed one succeeds; a refused one
raises ``role_not_allowed`` in both languages and leaves every table, the audit chain's length, the
keyring file and the evidence folder exactly as they were (a refusal is not itself audited). A disabled
user, and a name that is no user, are refused every action the same way.

:func:`test_every_service_action_is_in_the_matrix` keeps the table complete: a new public service
function that takes an acting user (``actor``, ``operator``, ``username``), or a function of
``core/security`` given the database's path and a user (restoring a backup), fails it until it is added.
"""

from __future__ import annotations

import ast
import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from assessor_app.core.db import backups, cipher
from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    EventRecord,
)
from assessor_app.core.db.models.laptop import UserRecord
from assessor_app.core.domain.application_form import ApplicationForm
from assessor_app.core.domain.enums import CaseStatus, Role
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.security import keyring
from assessor_app.core.security.keyring import FAST_PARAMS
from assessor_app.core.security.recovery import restore_backup
from assessor_app.core.services import audit
from assessor_app.core.services.cases.hkid_view import reveal_hkid
from assessor_app.core.services.catalogue import agency_contacts
from assessor_app.core.services.catalogue.update import import_catalogue_file
from assessor_app.core.services.demo.event import EVENT_CODE
from assessor_app.core.services.evidence import attachments, case_checklist, intake_files, period_corrections
from assessor_app.core.services.intake import lodge_file, lodging, particulars, station_keys
from assessor_app.core.services.privacy import access_request, purge, retention
from assessor_app.core.services.review import (
    accounts,
    assessment,
    corrections,
    document_requests,
    reimbursement,
    workflow,
)
from assessor_app.core.services.sync import conflicts, export, import_results, merge
from assessor_app.core.services.sync.encryption import decrypt_workbook
from tests.core.intake_helpers import valid_form
from tests.core.sync.helpers import demo_database, enrol, fill_results, signed_workbook
from tests.core.test_evidence import JPEG_BYTES, write

C, A, S, AD = Role.INTAKE_CLERK, Role.ASSESSOR, Role.SUPERVISOR, Role.ADMINISTRATOR
EVERYONE = frozenset(Role)
STAFF = frozenset({C, A, S})
REVIEWERS = frozenset({A, S})
CHECKERS = frozenset({A, S, AD})  # those who weigh the evidence and check the number
SENIORS = frozenset({S, AD})
ADMINS = frozenset({AD})

# The demo's staff, one per role (core/services/demo/event.py); wsho, a second clerk, is the one
# disabled, enabled and given another role.
ACTING = {C: "mlwong", A: "ckcheng", S: "syleung", AD: "khlam"}
PASSWORD = "a password long enough"
CORE = Path(__file__).resolve().parents[2] / "assessor_app" / "core"
SERVICES = CORE / "services"

# action (module.function[ variant]) -> the roles allowed it. The rule for everything else a role does.
MATRIX: dict[str, frozenset[Role]] = {
    "catalogue.update.import_catalogue_file": EVERYONE,  # the intake form offers it to the clerk
    "catalogue.agency_contacts.save_contacts": ADMINS,
    "review.assessment.save_judgement": REVIEWERS,
    "review.assessment.recommend": REVIEWERS,
    "review.assessment.sign_off": frozenset({S}),  # never the recommender (maker-checker)
    "review.corrections.open_correction": SENIORS,
    "review.document_requests.create_request": REVIEWERS,
    "review.document_requests.mark_fulfilled": STAFF,  # documents come in at the counter
    "review.reimbursement.record_claim": EVERYONE,
    "review.workflow.move_case lodged→acknowledged": STAFF,
    "review.workflow.move_case under_review→verification_scheduled": REVIEWERS,
    "review.workflow.create_user": ADMINS,
    "review.accounts.add_user": ADMINS,
    "review.accounts.disable_user": ADMINS,
    "review.accounts.enable_user": ADMINS,
    "review.accounts.reset_password": ADMINS,
    "review.accounts.change_role": ADMINS,
    "cases.hkid_view.reveal_hkid": CHECKERS,
    "evidence.period_corrections.correct_period": CHECKERS,
    "evidence.period_corrections.add_period": CHECKERS,
    "evidence.period_corrections.remove_period": CHECKERS,
    "intake.particulars.update_particulars": EVERYONE,
    "intake.lodge_file.lodge_objects": STAFF,
    "intake.lodge_file.lodge_file": STAFF,
    "intake.station_keys.enrol_station": SENIORS,
    "intake.station_keys.remove_station": SENIORS,
    "privacy.access_request.access_request": SENIORS,
    "privacy.purge.purge": ADMINS,
    "privacy.purge.purge dry_run": ADMINS,
    "privacy.retention.save_settings": ADMINS,
    "sync.conflicts.resolve_conflict": SENIORS,
    "sync.export.export_batch": CHECKERS,
    "sync.export.export_batch full_hkid": SENIORS,
    "sync.export.export_batch unencrypted": SENIORS,
    "sync.import_results.preview_results": EVERYONE,  # anyone may look; applying is for seniors
    "sync.import_results.apply_results": SENIORS,
    "sync.merge.merge_batch": CHECKERS,
    "intake.lodging.lodge_application": STAFF,  # as lodge_file: the move draft → lodged
    "evidence.intake_files.lodge_with_files": STAFF,  # the same lodging, with the files attached at intake
    "evidence.attachments.attach_file": EVERYONE,  # the clerk at the counter, and those who weigh it
    "evidence.attachments.erase_hkid_copy": EVERYONE,  # a duty once verified; the purge's too
    "evidence.case_checklist.sync_checklist": EVERYONE,
    "evidence.case_checklist.add_item": EVERYONE,
    "evidence.case_checklist.set_status": EVERYONE,
    # Not a service (it replaces the database file; not given the database): core/security/recovery.py.
    "security.recovery.restore_backup": ADMINS,
}

# Public service functions that take a user but are no action of their own: they only read what the
# user may do, or are steps inside an action above (given a session or data already checked).
NOT_ACTIONS = {
    "review.permissions.allowed_actions": "reads which case actions the user may take",
    "review.permissions.user_may": "reads whether the user's role allows a batch action",
    "cases.my_work.work_for": "reads what waits for the user (My work)",
    "review.workflow.allowed_moves": "reads which state moves the user may make",
    "sync.export.stamp_manifest": "signs a workbook export_batch built, inside it",
    "security.sign_in.sign_in": "the user's own password is the check; every role signs in",
}

USER_PARAMETERS = {"actor", "operator", "username"}


# --- the world each action runs in -------------------------------------------------------------------------


@dataclass
class World:
    """One copy of the template folder, open: the database (signed in under its data key) and the files
    the actions take."""

    folder: Path
    database: Database

    @property
    def evidence(self) -> Path:
        return self.folder / "evidence"

    def file(self, name: str) -> Path:
        return self.folder / name


def _case_ids(database: Database, status: str, *, locked: bool = False) -> list[int]:
    with database.session() as session:
        query = select(ApplicationRecord.id).where(ApplicationRecord.status == status)
        column = ApplicationRecord.locked_by_batch_id
        query = query.where(column.is_not(None) if locked else column.is_(None))
        return list(session.scalars(query.order_by(ApplicationRecord.id)))


def _set_status(database: Database, application_id: int, status: CaseStatus) -> None:
    with closing(cipher.connect(database.path, database.data_key)) as connection, connection:
        connection.execute("UPDATE applications SET status = ? WHERE id = ?", (status.value, application_id))


def _build_template(folder: Path) -> None:
    """The laptop ("here"): khlam's keyring, a demo day (clerk, assessor, supervisor, administrator), 4
    cases exported and locked, 3 more signed off, a returned results workbook for the export, a full-HKID
    batch of its own merged back over a change (one open conflict), and another station (LT02) enrolled
    with a signed batch of its own to merge; a third station's key file to enrol."""
    path = folder / "cases.sqlite3"
    key = keyring.create_keyring(keyring.keyring_path(path), ACTING[AD], PASSWORD, params=FAST_PARAMS)
    here = open_database(path, key=key)
    try:
        demo_database(here, applications=14, signed_off=4)
        for username in ("wsho", *ACTING.values()):
            if username != ACTING[AD]:
                keyring.add_user(keyring.keyring_path(path), key, username, PASSWORD, params=FAST_PARAMS)
        masked = export.export_batch(here, folder / "batch.xlsx", actor=ACTING[S])
        assert masked.password is not None
        decrypt_workbook(masked.path, folder / "clear.xlsx", masked.password)
        fill_results(folder / "clear.xlsx", folder / "returned.xlsx")
        full = export.export_batch(
            here, folder / "full.xlsx", actor=ACTING[S], status="exported", full_hkid=True
        )
        with here.session() as session:
            period = session.scalars(
                select(EmploymentPeriodRecord)
                .join(ApplicationRecord)
                .where(ApplicationRecord.locked_by_batch_id.is_not(None))
                .order_by(EmploymentPeriodRecord.id)
            ).first()
            assert period is not None
            period.employer = "Changed Here Ltd"
        report = merge.merge_batch(here, full.path, actor=ACTING[S], password=full.password)
        assert len(report.conflicts) == 1
        for application_id in _case_ids(here, "lodged")[:3]:
            _set_status(here, application_id, CaseStatus.SIGNED_OFF)
        other = open_database(folder / "other.sqlite3")
        try:
            demo_database(other, applications=3, signed_off=2, seed=11, station="LT02")
            enrol(other, here)
            built = export.build_workbook(other, status="signed_off", full_hkid=True)
            signed_workbook(other, built, folder / "theirs.xlsx")
        finally:
            other.close()
        third = open_database(folder / "third.sqlite3")
        try:
            demo_database(third, applications=0, signed_off=0, station="LT05")
            station_keys.save_public_key(third, folder / "lt05-key.json")
        finally:
            third.close()
        lodging_items = json.loads(
            (SERVICES.parents[2] / "docs" / "examples" / "lodge-example.json").read_text(encoding="utf-8")
        )
        for item in lodging_items:
            item.update(event=EVENT_CODE, received_on="08/11/2023")
        (folder / "lodge.json").write_text(json.dumps(lodging_items, ensure_ascii=False), encoding="utf-8")
        # The seed catalogue and one qualification more: an update that adds it.
        seed = (SERVICES.parents[2] / "db" / "seed" / "catalogue.csv").read_text(encoding="utf-8")
        extra = "Logistics,HKU SPACE,冷鏈物流,Cold chain logistics,3,,,no,\n"
        (folder / "catalogue.csv").write_text(seed.rstrip("\n") + "\n" + extra, encoding="utf-8")
    finally:
        here.close()
    for leftover in ("other.sqlite3", "third.sqlite3"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{folder / leftover}{suffix}").unlink(missing_ok=True)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("role-matrix-template")
    _build_template(folder)
    return folder


@pytest.fixture
def world(template: Path, tmp_path: Path) -> Iterator[World]:
    folder = tmp_path / "laptop"
    shutil.copytree(template, folder)
    path = folder / "cases.sqlite3"
    key = keyring.unlock(keyring.keyring_path(path), ACTING[AD], PASSWORD)
    database = open_database(path, key=key, create=False)
    try:
        yield World(folder, database)
    finally:
        database.close()


# --- each action: prepared as its rules need (as someone allowed), then run as the role under test ---------

Run = Callable[[str], object]
JUDGED = {
    "appropriateness": "Duties match the units",
    "validity": "Employer letters seen",
    "currency": "Still in the industry",
    "sufficiency": "Ten years",
    "authenticity": "Originals seen",
}


def _under_review(world: World) -> int:
    application_id = _case_ids(world.database, "lodged")[0]
    _set_status(world.database, application_id, CaseStatus.UNDER_REVIEW)
    return application_id


def _applied(world: World, application_id: int) -> int:
    with world.database.session() as session:
        found = session.scalar(
            select(AppliedQualificationRecord.id)
            .where(AppliedQualificationRecord.application_id == application_id)
            .order_by(AppliedQualificationRecord.id)
        )
        assert found is not None
        return found


def _period(world: World, application_id: int) -> int:
    with world.database.session() as session:
        found = session.scalar(
            select(EmploymentPeriodRecord.id)
            .where(EmploymentPeriodRecord.application_id == application_id)
            .order_by(EmploymentPeriodRecord.position)
        )
        assert found is not None
        return found


def _judged(world: World) -> int:
    """A qualification whose five judgements the assessor wrote, its case verification scheduled."""
    application_id = _under_review(world)
    _set_status(world.database, application_id, CaseStatus.VERIFICATION_SCHEDULED)
    applied = _applied(world, application_id)
    assessment.save_judgement(world.database, applied, actor=ACTING[A], **JUDGED)
    return applied


def _recommended(world: World) -> int:
    applied = _judged(world)
    assessment.recommend(
        world.database, applied, actor=ACTING[A], recommendation="pass", reasons="All five rules met"
    )
    with world.database.session() as session:
        record = session.get(AppliedQualificationRecord, applied)
        assert record is not None
        application_id = record.application_id
    _set_status(world.database, application_id, CaseStatus.RECOMMENDED_PASS)
    return applied


def _passed(world: World) -> int:
    """A qualification passed with its SoA: the Secretariat's results imported by the supervisor."""
    import_results.apply_results(world.database, world.file("returned.xlsx"), actor=ACTING[S])
    with world.database.session() as session:
        found = session.scalar(
            select(AppliedQualificationRecord.id)
            .where(AppliedQualificationRecord.result == "passed")
            .order_by(AppliedQualificationRecord.id)
        )
        assert found is not None
        return found


def _requested(world: World) -> int:
    row = document_requests.create_request(
        world.database,
        _under_review(world),
        actor=ACTING[A],
        items=["Employer letter"],
        due_date=hong_kong_today(),
    )
    return row.id


def _disabled_clerk(world: World) -> None:
    accounts.disable_user(world.database, "wsho", actor=ACTING[AD])


def _full_hkid(world: World) -> str:
    with world.database.session() as session:
        hkid = session.scalar(select(ApplicantRecord.hkid).order_by(ApplicantRecord.id))
        assert hkid is not None
        return hkid


def _applicant_form(world: World) -> tuple[int, ApplicationForm]:
    with world.database.session() as session:
        applicant = session.scalars(select(ApplicantRecord).order_by(ApplicantRecord.id)).first()
        assert applicant is not None
        form = valid_form()
        form.hkid = applicant.hkid
        return applicant.id, form


def prepare(action: str, world: World) -> Run:
    """Set ``world`` up for ``action`` and return it, ready to run as a user."""
    db, evidence = world.database, world.evidence
    if action == "catalogue.update.import_catalogue_file":
        source = world.file("catalogue.csv")
        return lambda user: import_catalogue_file(db, source, actor=user)
    if action == "catalogue.agency_contacts.save_contacts":
        return lambda user: agency_contacts.save_contacts(db, None, {"phone": "2345 6789"}, actor=user)
    if action == "review.assessment.save_judgement":
        application_id = _under_review(world)
        _set_status(db, application_id, CaseStatus.VERIFICATION_SCHEDULED)
        applied = _applied(world, application_id)
        return lambda user: assessment.save_judgement(
            db, applied, actor=user, notes="Phone interview", **JUDGED
        )
    if action == "review.assessment.recommend":
        applied = _judged(world)
        return lambda user: assessment.recommend(
            db, applied, actor=user, recommendation="fail", reasons="Not enough years"
        )
    if action == "review.assessment.sign_off":
        applied = _recommended(world)
        return lambda user: assessment.sign_off(db, applied, actor=user)
    if action == "review.corrections.open_correction":
        locked = _case_ids(db, "exported", locked=True)[0]
        return lambda user: corrections.open_correction(db, locked, actor=user, reason="Wrong employer")
    if action == "review.document_requests.create_request":
        application_id = _under_review(world)
        return lambda user: document_requests.create_request(
            db, application_id, actor=user, items=["Employer letter"], due_date=hong_kong_today()
        )
    if action == "review.document_requests.mark_fulfilled":
        request_id = _requested(world)
        return lambda user: document_requests.mark_fulfilled(
            db, request_id, actor=user, note="At the counter"
        )
    if action == "review.reimbursement.record_claim":
        applied = _passed(world)
        return lambda user: reimbursement.record_claim(db, applied, receipt_no="R-001", actor=user)
    if action == "review.workflow.move_case lodged→acknowledged":
        lodged = _case_ids(db, "lodged")[0]
        return lambda user: workflow.move_case(db, lodged, "acknowledged", actor=user)
    if action == "review.workflow.move_case under_review→verification_scheduled":
        reviewed = _under_review(world)
        return lambda user: workflow.move_case(db, reviewed, "verification_scheduled", actor=user)
    if action == "review.workflow.create_user":
        return lambda user: workflow.create_user(db, "newhire", "New Hire", "assessor", actor=user)
    if action == "review.accounts.add_user":
        return lambda user: accounts.add_user(db, "newhire", "New Hire", "assessor", PASSWORD, actor=user)
    if action == "review.accounts.disable_user":
        return lambda user: accounts.disable_user(db, "wsho", actor=user)
    if action == "review.accounts.enable_user":
        _disabled_clerk(world)
        return lambda user: accounts.enable_user(db, "wsho", "a new password", actor=user)
    if action == "review.accounts.reset_password":
        return lambda user: accounts.reset_password(db, "wsho", "a new password", actor=user)
    if action == "review.accounts.change_role":
        return lambda user: accounts.change_role(db, "wsho", "assessor", actor=user)
    if action == "cases.hkid_view.reveal_hkid":
        lodged = _case_ids(db, "lodged")[0]
        return lambda user: reveal_hkid(db, lodged, actor=user, purpose="checked against the card")
    if action == "evidence.period_corrections.correct_period":
        application_id = _under_review(world)
        period = _period(world, application_id)
        changes = period_corrections.PeriodChanges(start="2015-01-01")
        return lambda user: period_corrections.correct_period(
            db, application_id, period, changes, actor=user, reason="As the letter says"
        )
    if action == "evidence.period_corrections.add_period":
        application_id = _under_review(world)
        new = period_corrections.NewPeriod(
            employer="Left Off Ltd", start="2010-01-01", end="2011-12-31", industry="Logistics"
        )
        return lambda user: period_corrections.add_period(
            db, application_id, new, actor=user, reason="Left off the form"
        )
    if action == "evidence.period_corrections.remove_period":
        application_id = _under_review(world)
        period = _period(world, application_id)
        return lambda user: period_corrections.remove_period(
            db, application_id, period, actor=user, reason="Typed twice"
        )
    if action == "intake.particulars.update_particulars":
        applicant_id, form = _applicant_form(world)
        return lambda user: particulars.update_particulars(
            db, applicant_id, form, actor=user, reason="Moved house"
        )
    if action in {"intake.lodge_file.lodge_objects", "intake.lodge_file.lodge_file"}:
        source = world.file("lodge.json")
        if action.endswith("lodge_file"):
            return lambda user: lodge_file.lodge_file(db, source, username=user)
        items = json.loads(source.read_text(encoding="utf-8"))
        return lambda user: lodge_file.lodge_objects(db, items, as_list=True, username=user)
    if action == "intake.station_keys.enrol_station":
        key_file = world.file("lt05-key.json")
        return lambda user: station_keys.enrol_station(db, key_file, actor=user)
    if action == "intake.station_keys.remove_station":
        return lambda user: station_keys.remove_station(db, "LT02", actor=user, reason="Laptop lost")
    if action == "privacy.access_request.access_request":
        hkid, out = _full_hkid(world), world.file("access.xlsx")
        return lambda user: access_request.access_request(db, hkid, out, actor=user, evidence_dir=evidence)
    if action.startswith("privacy.purge.purge"):
        dry = action.endswith("dry_run")
        return lambda user: purge.purge(db, evidence, actor=user, dry_run=dry)
    if action == "privacy.retention.save_settings":
        settings = retention.RetentionSettings(case_years=8, id_copy_days=30, draft_days=60)
        return lambda user: retention.save_settings(db, settings, actor=user)
    if action == "sync.conflicts.resolve_conflict":
        [open_conflict] = conflicts.list_conflicts(db)
        return lambda user: conflicts.resolve_conflict(
            db, open_conflict.id, actor=user, keep="mine", reason="Checked with the applicant"
        )
    if action.startswith("sync.export.export_batch"):
        out = world.file("export.xlsx")
        full, clear = action.endswith("full_hkid"), action.endswith("unencrypted")
        return lambda user: export.export_batch(db, out, actor=user, full_hkid=full, unencrypted=clear)
    if action == "sync.import_results.preview_results":
        returned = world.file("returned.xlsx")
        return lambda user: import_results.preview_results(db, returned, actor=user)
    if action == "sync.import_results.apply_results":
        returned = world.file("returned.xlsx")
        return lambda user: import_results.apply_results(db, returned, actor=user)
    if action == "sync.merge.merge_batch":
        theirs = world.file("theirs.xlsx")
        return lambda user: merge.merge_batch(db, theirs, actor=user)
    return prepare_case_work(action, world)


# --- what a refusal must leave as it was ------------------------------------------------------------------


def state(world: World) -> dict[str, str]:
    """A digest of every table's rows, the audit chain's length, the keyring file and the evidence and
    data folders' files (an export or a key file written by a refused call would show here)."""
    database = world.database
    with closing(cipher.connect(database.path, database.data_key, read_only=True)) as connection:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        rows = {
            table: hashlib.sha256(
                repr(sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)).encode()
            ).hexdigest()
            for table in tables
        }
    report = audit.verify_chain(database)
    assert report.intact, report
    files = sorted(
        str(path.relative_to(world.folder))
        for path in world.folder.rglob("*")
        if path.is_file() and not path.name.startswith("cases.sqlite3")
    )
    ring = keyring.keyring_path(database.path)
    return {
        **{f"table {table}": digest for table, digest in rows.items()},
        "audit entries": str(report.entries),
        "keyring": hashlib.sha256(ring.read_bytes()).hexdigest(),
        "files": repr(files),
    }


def assert_refused(world: World, run: Run, user: str, code: str) -> AppError:
    before = state(world)
    with pytest.raises(AppError) as refused:
        run(user)
    assert refused.value.code == code, (refused.value.code, refused.value.en)
    assert refused.value.en
    assert refused.value.zh
    assert state(world) == before
    return refused.value


CASES = [(action, role) for action in MATRIX for role in Role]
# The export names the part refused: the role may export, but not full numbers or without a password.
REFUSAL_CODES = {
    "sync.export.export_batch full_hkid": "full_hkid_role",
    "sync.export.export_batch unencrypted": "unencrypted_role",
}
# Allowed and audited when they change something; these change nothing here (a preview, a dry run, and a
# purge on a demo day with nothing yet past its retention).
# Allowed, and changing data, without an audit entry yet: the catalogue's rows are reference data.
NOT_AUDITED = {"catalogue.update.import_catalogue_file"}
NOTHING_TO_RECORD = {
    "privacy.purge.purge",
    "privacy.purge.purge dry_run",
    "sync.import_results.preview_results",
}


@pytest.mark.parametrize(("action", "role"), CASES, ids=[f"{a} as {r.value}" for a, r in CASES])
def test_each_role_is_allowed_or_refused_by_the_matrix(world: World, action: str, role: Role) -> None:
    run = prepare(action, world)
    user = ACTING[role]
    if role in MATRIX[action]:
        before = audit.verify_chain(world.database).entries
        changed_from = state(world)
        run(user)
        after = audit.verify_chain(world.database)
        assert after.intact, after
        if action in NOT_AUDITED:
            assert state(world) != changed_from
        elif action in NOTHING_TO_RECORD:
            assert after.entries == before
        else:
            assert after.entries > before, f"{action} by {user} left no audit entry"
    else:
        code = "role_not_allowed" if role not in MATRIX["sync.export.export_batch"] else None
        refusal = assert_refused(world, run, user, code or REFUSAL_CODES.get(action, "role_not_allowed"))
        if refusal.code == "role_not_allowed":  # it names the role refused, then those allowed
            named = {f"role '{role.value}'", f"role '{role.value.replace('_', ' ')}'"}
            assert any(name in refusal.en for name in named), refusal.en


@pytest.mark.parametrize("action", list(MATRIX))
def test_a_disabled_user_and_no_user_are_refused(world: World, action: str) -> None:
    """wsho, a clerk disabled by the administrator, and a name nobody has: refused before the role."""
    run = prepare(action, world)
    if action != "review.accounts.enable_user":
        _disabled_clerk(world)
    for user in ("wsho", "ghost"):
        refusal = assert_refused(world, run, user, "unknown_user")
        assert f"no active user '{user}'" in refusal.en


def _without_a_line(world: World, application_id: int) -> None:
    """One proof line of the case gone (as on a case lodged before the rule needed it): the checklist's
    sync has a line to add."""
    database = world.database
    with closing(cipher.connect(database.path, database.data_key)) as connection, connection:
        connection.execute(
            "DELETE FROM evidence_items WHERE id = (SELECT id FROM evidence_items WHERE application_id = ? "
            "AND period_id IS NOT NULL AND id NOT IN (SELECT evidence_item_id FROM evidence_files "
            "WHERE evidence_item_id IS NOT NULL) ORDER BY id LIMIT 1)",
            (application_id,),
        )


def _qualification(world: World, application_id: int) -> int:
    with world.database.session() as session:
        record = session.get(AppliedQualificationRecord, _applied(world, application_id))
        assert record is not None
        return record.qualification_id


def prepare_case_work(action: str, world: World) -> Run:
    """:func:`prepare` for lodging from the intake form, a case's evidence and restoring a backup."""
    db, evidence = world.database, world.evidence
    application_id = _case_ids(db, "lodged")[0]
    items = case_checklist.checklist(db, evidence, application_id)
    if action in ("intake.lodging.lodge_application", "evidence.intake_files.lodge_with_files"):
        with db.session() as session:
            event_id = session.scalar(select(EventRecord.id).where(EventRecord.code == EVENT_CODE))
        form = valid_form(event_id=event_id, qualification_ids=[_qualification(world, application_id)])
        form.received_on = "08/11/2023"
        if action == "intake.lodging.lodge_application":
            return lambda user: lodging.lodge_application(db, form, draft_uid=None, operator=user)
        form.attachments = [
            attachments.store_unrecorded(db, evidence, write(world.file("letter.jpg"), JPEG_BYTES))
        ]
        return lambda user: intake_files.lodge_with_files(db, evidence, form, draft_uid=None, operator=user)
    if action == "evidence.attachments.attach_file":
        scan = write(world.file("scan.jpg"), JPEG_BYTES)
        return lambda user: attachments.attach_file(db, evidence, application_id, scan, operator=user)
    if action == "evidence.attachments.erase_hkid_copy":
        item = next(row.id for row in items if row.evidence_type == "hkid_copy")
        scan = write(world.file("hkid.jpg"), JPEG_BYTES)
        copy = attachments.attach_file(db, evidence, application_id, scan, operator=ACTING[C], item_id=item)
        return lambda user: attachments.erase_hkid_copy(
            db, evidence, copy.id, operator=user, reason="Verified"
        )
    if action == "evidence.case_checklist.sync_checklist":
        _without_a_line(world, application_id)
        return lambda user: case_checklist.sync_checklist(db, application_id, operator=user)
    if action == "evidence.case_checklist.add_item":
        code = case_checklist.evidence_types(db)[0][0]
        return lambda user: case_checklist.add_item(db, application_id, code, period_id=None, operator=user)
    if action == "evidence.case_checklist.set_status":
        first = items[0]
        status = "rejected" if first.status != "rejected" else "copy_received"
        return lambda user: case_checklist.set_status(db, first.id, status, operator=user, reason="Blurred")
    if action == "security.recovery.restore_backup":
        backups_dir = world.file("backups")
        backup = backups.take_backup(db.path, backups_dir, key=db.data_key).backup

        def restore(user: str) -> None:
            restore_backup(db.path, backup, backups_dir, key=db.data_key, username=user)
            db.engine.dispose()  # the pool's connections are to the file the restore replaced

        return restore
    raise AssertionError(f"no scenario for {action}")


def test_an_administrator_restores_and_a_clerk_cannot(world: World) -> None:
    """Restoring takes no database (a path, a key), so the matrix runs it through its own set-up: here
    the data itself goes back to the backup for the administrator, and not for the clerk."""
    db = world.database
    backups_dir = world.file("backups")
    backup = backups.take_backup(db.path, backups_dir, key=db.data_key).backup
    lodged = _case_ids(db, "lodged")[0]
    workflow.move_case(db, lodged, "acknowledged", actor=ACTING[C])
    assert_refused(
        world,
        lambda user: restore_backup(db.path, backup, backups_dir, key=db.data_key, username=user),
        ACTING[C],
        "role_not_allowed",
    )
    assert lodged not in _case_ids(db, "lodged")
    restore_backup(db.path, backup, backups_dir, key=db.data_key, username=ACTING[AD])
    db.engine.dispose()
    assert lodged in _case_ids(db, "lodged")
    assert audit.verify_chain(db).intact


# --- the table stays complete ------------------------------------------------------------------------------


def _service_functions_taking_a_user() -> set[str]:
    """``package.module.function`` for each public top-level function under core/services whose first
    parameter is the database, and under core/security the database's path, and which takes a user
    (:data:`USER_PARAMETERS`)."""
    found = set()
    for root, prefix, first in (
        (SERVICES, "", "database"),
        (CORE / "security", "security.", "database_path"),
    ):
        for path in sorted(root.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            module = prefix + ".".join(path.relative_to(root).with_suffix("").parts)
            for node in tree.body:
                if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                    continue
                names = [argument.arg for argument in node.args.args + node.args.kwonlyargs]
                if names and names[0] in {"database", first} and USER_PARAMETERS & set(names):
                    found.add(f"{module}.{node.name}")
    return found


def test_every_service_action_is_in_the_matrix() -> None:
    found = _service_functions_taking_a_user()
    listed = {action.split(" ")[0] for action in MATRIX} | set(NOT_ACTIONS)
    assert found - listed == set(), "add these service actions to MATRIX (and docs/security.md)"
    assert listed - found == set(), "these are no longer service functions taking a user"
    assert len(found) > 30  # the scan itself works


def test_the_matrix_names_only_users_who_exist(world: World) -> None:
    with world.database.session() as session:
        roles = dict(session.execute(select(UserRecord.username, UserRecord.role)).tuples().all())
    assert {roles[user] for user in ACTING.values()} == {role.value for role in Role}
    assert all(roles[user] == role.value for role, user in ACTING.items())

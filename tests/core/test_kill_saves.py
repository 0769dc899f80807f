"""A clerk's process killed at random during 1,000 saves: no confirmed save lost, no partial case.

One encrypted data folder, set up as ``init`` sets it up (keyring beside the database), with a station
and an event. Each run forks :mod:`tests.core.save_loop` from the warm server (:mod:`.sync.fork_server`):
it signs in and saves drafts and lodges applications in a loop, journalling each save before the call
and again once it returned, until SIGKILL arrives after a random delay (seeded; the seed is printed).
After every kill, before anything writes: the read-only integrity check ``assessor-app check`` runs
(quick_check, schema); then the real open path (sign in with the password, the data key unlocked from
the keyring) and ``audit verify``; then every save confirmed so far must be there whole (a draft with
the content confirmed or, if the next save of it was under way, that one; a case with its applicant,
employment rows, their relevance, its qualifications with the verdict, checklist, reference and its
audit entry, its draft marked lodged), and every case in the database must be one confirmed or the one
under way at the kill, just as whole. The runs continue in the same folder, so the database grows as a
promotion day's does, until at least 1,000 saves were confirmed.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from assessor_app.core.db.health import check_database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    DraftRecord,
    EmploymentPeriodRecord,
    EvidenceItemRecord,
    PeriodRelevanceRecord,
)
from assessor_app.core.domain import hkid
from assessor_app.core.domain.application_form import ApplicationForm
from assessor_app.core.domain.enums import Role
from assessor_app.core.security import keyring
from assessor_app.core.security.sign_in import set_up, sign_in
from assessor_app.core.services.audit import verify_chain
from assessor_app.core.services.intake import lodging
from tests.core import save_loop
from tests.core.sync.fork_server import ForkServer
from tests.core.test_evidence import setup_intake
from tests.core.user_helpers import FIRST_ADMIN, TEST_PASSWORD, add_user

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="fork and SIGKILL")]

SAVES = 1000
CLERK = "clerk"
MIN_RUNS = 40  # kills, however fast the saves go
MAX_RUNS = 400
# About this many runs reach SAVES: each kill comes after a random delay of up to twice the time the runs
# so far took for SAVES / TARGET_RUNS saves (sign-in included), so a loaded machine, where a save takes
# longer, spends its time on saves rather than on more kills and checks.
TARGET_RUNS = 50


@dataclass
class Confirmed:
    """What the journals say so far: saves confirmed, and the one under way when a run was killed."""

    drafts: dict[int, int] = field(default_factory=dict)  # applicant number: last version confirmed
    lodged: dict[int, tuple[str, int]] = field(default_factory=dict)  # number: (reference, case id)
    pending_draft: dict[int, int] = field(default_factory=dict)  # number: version under way at a kill
    pending_lodge: set[int] = field(default_factory=set)
    saves: int = 0
    last_number: int = -1

    def read(self, journal: Path) -> str:
        """Take in one run's journal; what the run was doing when it ended."""
        doing = "starting"
        if not journal.exists():
            return doing
        intent: dict[str, int] | None = None
        for line in journal.read_text().splitlines(keepends=True):
            if not line.endswith("\n"):
                break  # cut by the kill: never confirmed
            entry = json.loads(line)
            if "signed_in" in entry:
                doing = "signed in"
            elif "intent" in entry:
                intent = entry["intent"]
                doing = "lodging" if "lodge" in entry["intent"] else "saving a draft"
            else:
                done = entry["done"]
                self.saves += 1
                doing, intent = "between saves", None
                if "lodge" in done:
                    self.lodged[done["lodge"]] = (done["reference"], done["id"])
                    self.last_number = max(self.last_number, done["lodge"])
                else:
                    self.drafts[done["draft"]] = done["version"]
                    self.last_number = max(self.last_number, done["draft"])
        if intent is not None:
            if "lodge" in intent:
                self.pending_lodge.add(intent["lodge"])
            else:
                self.pending_draft[intent["draft"]] = intent["version"]
                self.last_number = max(self.last_number, intent["draft"])
        return doing


@pytest.fixture(scope="module")
def server() -> Iterator[ForkServer]:
    forks = ForkServer("assessor_app.core.services.intake.lodging", "tests.core.test_evidence")
    yield forks
    forks.close()


def _data_folder(root: Path) -> Path:
    """A new encrypted data folder as ``init`` makes it, a clerk (fast key derivation, so each run's
    sign-in is short) and a station and an event to lodge at."""
    data = root / "data"
    signed = set_up(data / "cases.sqlite3", FIRST_ADMIN, "First Administrator", TEST_PASSWORD)
    database = signed.database
    add_user(database, CLERK, "Clerk", Role.INTAKE_CLERK.value)
    assert database.data_key is not None
    keyring.set_password(
        keyring.keyring_path(database.path),
        database.data_key,
        CLERK,
        TEST_PASSWORD,
        params=keyring.FAST_PARAMS,
    )
    setup_intake(database)
    database.close()
    return data


def _check_case(application: ApplicationRecord, audit_uids: set[str], number: int) -> None:
    """The case of applicant ``number``, whole."""
    assert application.reference_no
    assert hkid.compact(application.applicant.hkid) == save_loop.hkid_of(number)
    assert application.name_zh == save_loop.form_for(number, save_loop.VERSIONS, 0, []).name_zh
    assert len(application.employment) == 2
    assert all(period.relevance for period in application.employment)
    assert len(application.qualifications) == 1
    assert all(applied.eligibility and applied.route for applied in application.qualifications)
    assert len(application.evidence) == 3  # a proof per period and the HKID copy
    assert application.uid in audit_uids, "a case without its audit entry"


def check_after_kill(data: Path, confirmed: Confirmed) -> None:
    """The data folder after a kill: checks intact, every confirmed save there whole, nothing partial."""
    database_path = data / "cases.sqlite3"
    key = keyring.unlock(keyring.keyring_path(database_path), CLERK, TEST_PASSWORD)
    health = check_database(database_path, data, data / "backups", key=key)  # before anything writes
    assert health.integrity_ok, health.findings
    assert health.schema_current, health.findings
    database = sign_in(database_path, CLERK, TEST_PASSWORD).database  # the real open path
    try:
        leftovers = [path.name for path in data.rglob("*") if path.name.endswith((".tmp", ".part"))]
        assert leftovers == [], "the next start left a crash's temporary files"
        chain = verify_chain(database)
        assert chain.intact, chain.findings
        event_id, qualification_ids = save_loop.chosen(database)
        with database.session() as session:
            audit_uids = set(
                session.scalars(
                    select(AuditEventRecord.entity_uid).where(
                        AuditEventRecord.entity == "application", AuditEventRecord.action == "lodged"
                    )
                )
            )
            by_hkid = {
                hkid.compact(application.applicant.hkid): application
                for application in session.scalars(
                    select(ApplicationRecord).options(
                        selectinload(ApplicationRecord.applicant),
                        selectinload(ApplicationRecord.employment).selectinload(
                            EmploymentPeriodRecord.relevance
                        ),
                        selectinload(ApplicationRecord.qualifications),
                        selectinload(ApplicationRecord.evidence),
                    )
                )
            }
            numbers = {save_loop.hkid_of(n): n for n in range(confirmed.last_number + 2)}
            for hkid_number, application in by_hkid.items():
                assert hkid_number in numbers, f"a case nobody lodged: {hkid_number}"
                number = numbers[hkid_number]
                assert number in confirmed.lodged or number in confirmed.pending_lodge, number
                _check_case(application, audit_uids, number)
            for number, (reference, case_id) in confirmed.lodged.items():
                found = by_hkid.get(save_loop.hkid_of(number))
                assert found is not None, f"a confirmed case is gone: {reference}"
                assert (found.reference_no, found.id) == (reference, case_id)
            # Every orphan a half-written case could leave: rows whose case or applicant is not there.
            for table, column in (
                (EmploymentPeriodRecord, EmploymentPeriodRecord.application_id),
                (AppliedQualificationRecord, AppliedQualificationRecord.application_id),
                (EvidenceItemRecord, EvidenceItemRecord.application_id),
            ):
                orphans = session.scalar(
                    select(func.count()).select_from(table).where(column.not_in(select(ApplicationRecord.id)))
                )
                assert orphans == 0, table.__tablename__
            periods = select(EmploymentPeriodRecord.id)
            assert not session.scalar(
                select(func.count()).where(PeriodRelevanceRecord.period_id.not_in(periods))
            )
            applicants = session.scalar(select(func.count()).select_from(ApplicantRecord))
            assert applicants == len(by_hkid), "an applicant without a case"
            drafts = {draft.uid: draft for draft in session.scalars(select(DraftRecord))}
        for number, version in confirmed.drafts.items():
            draft = drafts.get(save_loop.draft_uid(number))
            assert draft is not None, f"a confirmed draft is gone: applicant {number}"
            allowed = {version}
            if confirmed.pending_draft.get(number) == version + 1:
                allowed.add(version + 1)  # the next save was under way when the kill came
            stored = ApplicationForm.from_dict(json.loads(draft.payload_json))
            assert stored in [save_loop.form_for(number, v, event_id, qualification_ids) for v in allowed]
            if number in confirmed.lodged:
                assert draft.state == lodging.DRAFT_LODGED
            elif number not in confirmed.pending_lodge:
                assert draft.state == lodging.DRAFT_OPEN
            if draft.state == lodging.DRAFT_LODGED:  # lodged with its case, or not at all
                assert save_loop.hkid_of(number) in by_hkid
        by_uid = {save_loop.draft_uid(n): n for n in range(confirmed.last_number + 1)}
        for uid, draft in drafts.items():  # a draft never confirmed: one save of it, or none
            assert uid in by_uid, f"a draft nobody saved: {uid}"
            number = by_uid[uid]
            stored = ApplicationForm.from_dict(json.loads(draft.payload_json))
            versions = range(1, save_loop.VERSIONS + 1)
            assert stored in [save_loop.form_for(number, v, event_id, qualification_ids) for v in versions]
    finally:
        database.close()


def test_random_kills_during_a_thousand_saves_lose_no_confirmed_save_and_leave_no_partial_case(
    server: ForkServer, tmp_path: Path
) -> None:
    seed = int(os.environ.get("KILL_SAVES_SEED", "13"))
    print(f"kill-saves seed {seed} (KILL_SAVES_SEED)")
    rng = random.Random(seed)
    data = _data_folder(tmp_path)
    confirmed = Confirmed()
    killed_while: Counter[str] = Counter()
    started = time.perf_counter()
    run = 0
    checking = running = 0.0
    while confirmed.saves < SAVES or run < MIN_RUNS:
        run += 1
        journal = tmp_path / f"journal-{run:03d}.jsonl"
        command: dict[str, object] = {
            "module": "tests.core.save_loop",
            "argv": [str(data), str(journal), str(confirmed.last_number + 1)],
            "env": {"ASSESSOR_APP_USER": CLERK, "ASSESSOR_PASSWORD": TEST_PASSWORD},
            "log": str(tmp_path / "child.log"),
        }
        rate = confirmed.saves / running if confirmed.saves else 40.0  # saves a second, sign-in included
        longest = min(max(2 * SAVES / TARGET_RUNS / rate, 0.3), 3.0)
        status, seconds = server.run(command, kill_after=rng.uniform(0.02, longest))
        running += seconds
        assert status == -9, (tmp_path / "child.log").read_text()  # the loop only ends when killed
        killed_while[confirmed.read(journal)] += 1
        checked = time.perf_counter()
        check_after_kill(data, confirmed)
        checking += time.perf_counter() - checked
        assert run < MAX_RUNS, "the runs confirm almost nothing"
    print(
        f"{run} kills, {confirmed.saves} saves confirmed in {time.perf_counter() - started:.1f} s "
        f"({checking:.1f} s checking): {dict(killed_while)}"
    )
    assert len(confirmed.lodged) > 200
    # The kills fell during sign-in and during each kind of save. "Between saves" is a window of a few
    # instructions, so a run of ~40 kills may miss it (a fresh-clone run did): it is printed, not required.
    assert {"starting", "saving a draft", "lodging"} <= set(killed_while), killed_while

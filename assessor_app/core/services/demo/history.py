"""The demo's past cases drawn and written a few events at a time, oldest first, so that the copying
thread writes one stretch of the history while the next is drawn, and a worker process decides the
verdicts of the stretches ahead (:class:`_Deciding`): both cores busy at once.

A stretch is whole events, at least :data:`CASES_PER_STRETCH` cases: each case's verdicts, life and rows.
The rows wait until every batch their cases left in can be drawn (its Friday is before the next stretch's
first form: no case still to come leaves in it), since a case is written with its lock; the batches are
written first. The audit entries before that moment are complete too (no later case has one earlier), so
they are chained and written then, in time order, while the rest wait.
"""

from __future__ import annotations

import gc
import random
from collections import Counter, defaultdict, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from multiprocessing import get_context
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from assessor_app.core.db.bulk_insert import CopyingThread
from assessor_app.core.domain.enums import CaseStatus, Route
from assessor_app.core.domain.experience import Period as ClaimedSpan
from assessor_app.core.services import audit
from assessor_app.core.services.demo.bulk import Rows, add_applicant, add_case, write_tables
from assessor_app.core.services.demo.ledger import Ledger, add_batches
from assessor_app.core.services.demo.lifecycle import Item, Life, live, lodging_items
from assessor_app.core.services.demo.past_events import COVERED, CasePlan, EventPlan
from assessor_app.core.services.demo.scans import Scanned, add_scans
from assessor_app.core.services.eligibility import (
    Catalogue,
    ClaimedPeriod,
    EligibilityInputs,
    decide_on,
    period_label,
)

CASES_PER_STRETCH = 5_000  # cases drawn while the stretch before is written
# How long before its form a case's first audit entry can be (its sample file is attached 5 minutes before).
EARLIEST_ENTRY = timedelta(hours=1)


class Setting(NamedTuple):
    """What every past case is drawn against: the events (planned, and their ids), fees, industries, the
    catalogue its verdicts are decided on, and where the sample's files go (none: no files)."""

    events: list[EventPlan]
    event_ids: list[int]
    fees: dict[int, int]
    industry_ids: dict[str, int]
    catalogue: Catalogue
    evidence_dir: Path | None
    data_key: bytes | None
    wanted_scans: int


class Written(NamedTuple):
    """What :func:`write_past_cases` wrote: each state's cases, the batches, the stored files."""

    states: Counter[str]
    batches: int
    files: int


def write_past_cases(
    session: Session,
    thread: CopyingThread,
    rng: random.Random,
    rows: Rows,
    setting: Setting,
    plans: list[CasePlan],
) -> Written:
    """Every planned case, stretch by stretch, onto ``thread``, with the batch ledger and the trail."""
    history = _History(session, thread, rows, setting)
    stretches = list(_stretches(plans))
    scan_every = max(1, len(plans) // max(1, setting.wanted_scans))
    deciding = _Deciding(setting, stretches)
    try:
        _draw_stretches(history, deciding, rng, stretches, scan_every)
    finally:
        deciding.close()
    return Written(history.states, history.ledger.drawn, history.files)


def _draw_stretches(
    history: _History,
    deciding: _Deciding,
    rng: random.Random,
    stretches: list[list[CasePlan]],
    scan_every: int,
) -> None:
    """Each stretch's lives (the states no case reached given to the first's), rows and trail, in turn."""
    first = 0
    for number, stretch in enumerate(stretches):
        verdicts = deciding.verdicts(number)
        lives = [_live(rng, plan, plan.target, verdicts[index]) for index, plan in enumerate(stretch)]
        if number == 0:  # the oldest events: their cases had time to get anywhere
            _cover(rng, stretch, verdicts, lives)
        history.draw(stretch, verdicts, lives, first, scan_every)
        first += len(stretch)
        following = stretches[number + 1][0].at if number + 1 < len(stretches) else None
        history.write_before(None if following is None else following - EARLIEST_ENTRY)


def _stretches(plans: list[CasePlan]) -> Iterator[list[CasePlan]]:
    """The plans (in time order) in runs of whole events, each of at least :data:`CASES_PER_STRETCH`."""
    stretch: list[CasePlan] = []
    for plan in plans:
        if len(stretch) >= CASES_PER_STRETCH and plan.event != stretch[-1].event:
            yield stretch
            stretch = []
        stretch.append(plan)
    if stretch:
        yield stretch


class _History:
    """The stretches drawn and not yet written, the ledger, and the entries not yet chained."""

    def __init__(self, session: Session, thread: CopyingThread, rows: Rows, setting: Setting) -> None:
        self.session, self.thread, self.rows, self.setting = session, thread, rows, setting
        self.ledger = Ledger(rows)
        self.waiting: deque[tuple[datetime | None, dict[str, list[dict[str, Any]]]]] = deque()
        self.batch_items: list[dict[str, Any]] = []  # written last: they name cases of many stretches
        self.applicant_ids: dict[int, int] = {}
        self.states: Counter[str] = Counter()
        self.files = 0
        self.scanned = 0  # cases given stored files so far
        self.chained_before: datetime | None = None  # every entry before this moment is chained

    def draw(
        self,
        stretch: list[CasePlan],
        verdicts: list[list[tuple[str, str]]],
        lives: list[tuple[list[Item], Life]],
        first: int,
        scan_every: int,
    ) -> None:
        """A stretch's rows (its people's the first time), held until their batches are drawn."""
        rows, setting = self.rows, self.setting
        rows.tables = defaultdict(list)
        scanned: list[Scanned] = []
        last_export: datetime | None = None
        for offset, plan in enumerate(stretch):
            items, life = lives[offset]
            if plan.applicant not in self.applicant_ids:
                self.applicant_ids[plan.applicant] = add_applicant(rows, plan)
            first_item = rows.next_ids["evidence_items"]
            industry = setting.events[plan.event].industry.name_en
            application_id = add_case(
                rows, plan, life, items, setting.event_ids[plan.event], self.applicant_ids[plan.applicant],
                verdicts[offset], setting.fees, setting.industry_ids[industry],
            )  # fmt: skip
            self.ledger.note(application_id, life)
            self.states[life.status.value] += 1
            if life.exported_at is not None:
                last_export = max(last_export or life.exported_at, life.exported_at)
            if self.scanned + len(scanned) < setting.wanted_scans and (first + offset) % scan_every == 0:
                scanned.append(
                    Scanned(
                        application_id,
                        rows.case_uids[application_id],
                        first_item,
                        first_item + 1 if len(items) > 1 else None,
                        plan.person,
                        plan.periods[0].employer,
                        plan.at,
                        plan.clerk,
                    )
                )
        if setting.evidence_dir is not None:
            self.files += add_scans(rows, setting.evidence_dir, setting.data_key, scanned)
        self.scanned += len(scanned)
        self.waiting.append((last_export, rows.tables))

    def write_before(self, horizon: datetime | None) -> None:
        """Draw the batches of the Fridays before ``horizon`` (all, at ``None``), write them and then every
        waiting stretch whose batches are all drawn (in turn), then chain and write the entries before it."""
        rows = self.rows
        rows.tables = defaultdict(list)  # what the ledger draws now
        batches = self.ledger.draw_before(horizon)
        add_batches(rows, batches)
        self.batch_items += rows.tables.pop("batch_items", [])
        write_tables(self.thread, rows.tables)  # the batches, before the cases locked to them
        while self.waiting and _all_drawn(self.waiting[0][0], horizon):
            _, tables = self.waiting.popleft()
            for application in tables["applications"]:
                application["locked_by_batch_id"] = self.ledger.locks.get(application["id"])
            write_tables(self.thread, tables)
        if horizon is None:
            write_tables(self.thread, {"batch_items": self.batch_items})
        self._chain_before(horizon)

    def _chain_before(self, horizon: datetime | None) -> None:
        """The entries before ``horizon`` (all, at ``None``) in time order onto the chain."""
        rows = self.rows
        if horizon is None:
            ready, rows.entries = rows.entries, []
        else:
            cut = horizon.astimezone(UTC)
            ready = [entry for entry in rows.entries if entry[0] < cut]
            rows.entries = [entry for entry in rows.entries if entry[0] >= cut]
        ready.sort(key=itemgetter(0))
        if ready and self.chained_before is not None and ready[0][0] < self.chained_before:
            # A stretch drew an entry earlier than one already chained: the chain would not be in time order.
            raise RuntimeError(
                f"a demo audit entry at {ready[0][0]} came after the trail reached {self.chained_before}"
            )
        audit.record_dated(self.session, ready, write=self.thread.insert_stored)
        if horizon is not None:
            self.chained_before = horizon.astimezone(UTC)


def _all_drawn(last_export: datetime | None, horizon: datetime | None) -> bool:
    """Whether a stretch whose last case left at ``last_export`` has all its batches drawn at ``horizon``."""
    return horizon is None or last_export is None or last_export < horizon


class _Deciding:
    """The stretches' verdicts: the first decided here, the others in a worker process, two stretches ahead
    of the drawing (on the other core while this one draws: a fifth of the Python of a 100,000-case
    history), when there are more than one; here again if the worker cannot be started or fails (the
    same function on the same inputs: the same verdicts). The worker is spawned, so it imports the main
    module of the program as ``__mp_main__``: a program that builds the demo guards its own start
    (``if __name__ == "__main__"``), as ``assessor_app/__main__.py`` does; the bundle's entry calls
    ``multiprocessing.freeze_support``."""

    def __init__(self, setting: Setting, stretches: list[list[CasePlan]]) -> None:
        self._setting, self._stretches = setting, stretches
        self._pending: dict[int, Future[list[list[tuple[str, str]]]]] = {}
        self._pool: ProcessPoolExecutor | None = None
        if len(stretches) > 1:
            try:
                self._pool = ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=gc.disable)
            except Exception:  # no worker here (none can be started): every stretch is decided here
                self._pool = None
            for number in range(1, min(3, len(stretches))):
                self._submit(number)

    def verdicts(self, number: int) -> list[list[tuple[str, str]]]:
        """Stretch ``number``'s verdicts (each case's, each qualification's)."""
        self._submit(number + 2)
        pending = self._pending.pop(number, None)
        if pending is not None:
            try:
                return pending.result()
            except Exception:  # the worker failed (or could not start: a daemon process has none)
                self.close()
        return decide_stretch(self._setting.catalogue, self._inputs(number))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._pending.clear()

    def _submit(self, number: int) -> None:
        if self._pool is None or number >= len(self._stretches):
            return
        try:
            self._pending[number] = self._pool.submit(
                decide_stretch, self._setting.catalogue, self._inputs(number)
            )
        except Exception:
            self.close()

    def _inputs(self, number: int) -> list[EligibilityInputs]:
        events = self._setting.events
        return [_inputs(plan, events[plan.event].industry.name_en) for plan in self._stretches[number]]


def decide_stretch(catalogue: Catalogue, cases: list[EligibilityInputs]) -> list[list[tuple[str, str]]]:
    """Each case's eligibility and route by qualification, as lodging stores them (:func:`.eligibility.decide_on`)."""
    return [
        [(entry.result.status.value, entry.result.route.value) for entry in decide_on(catalogue, inputs)]
        for inputs in cases
    ]


def _inputs(plan: CasePlan, industry: str) -> EligibilityInputs:
    ids = tuple(offer.qualification.id for offer in plan.offers)
    return EligibilityInputs(
        application_date=plan.at.date(),
        qualification_ids=ids,
        carer_qualification_ids=frozenset(),
        periods=tuple(
            ClaimedPeriod(
                ClaimedSpan(
                    start=p.start,
                    end=p.end,
                    industry=industry,
                    relevant=p.relevant,  # as it counts toward each of the plan's qualifications
                    employment_type=p.employment_type.value,
                    hours_per_week=p.hours_per_week,
                    in_hong_kong=p.in_hong_kong,
                    label=period_label(p.employer, p.post),
                ),
                frozenset(ids) if p.relevant else frozenset(),
            )
            for p in plan.periods
        ),
    )


def _live(
    rng: random.Random, plan: CasePlan, target: CaseStatus, verdicts: list[tuple[str, str]]
) -> tuple[list[Item], Life]:
    """The checklist lodging left and the life of the case toward ``target``."""
    items = lodging_items(rng, [p.letter for p in plan.periods], plan.clerk, plan.at)
    return items, live(rng, target, lodged_at=plan.at, clerk=plan.clerk, items=items, verdicts=verdicts)


def _cover(
    rng: random.Random,
    plans: list[CasePlan],
    verdicts: list[list[tuple[str, str]]],
    lives: list[tuple[list[Item], Life]],
) -> None:
    """Give each state of :data:`.past_events.COVERED` no case of the first stretch reached to a case of
    its oldest events (whose cases had time to get anywhere) of a state others share, in that order while
    cases last; the verification state to a case on the document-review route, the assessment one to
    another."""
    counts = Counter(life.status for _, life in lives)
    for state in COVERED:
        if counts[state]:
            continue
        for index, plan in enumerate(plans):  # oldest events first
            reviewed = all(route == Route.DOCUMENT_REVIEW.value for _, route in verdicts[index])
            if state is CaseStatus.VERIFICATION_SCHEDULED and not reviewed:
                continue
            if state is CaseStatus.ASSESSMENT_SCHEDULED and reviewed:
                continue
            was = lives[index][1].status
            if counts[was] > 1:
                lives[index] = _live(rng, plan, state, verdicts[index])
                counts[was] -= 1
                counts[lives[index][1].status] += 1
                break

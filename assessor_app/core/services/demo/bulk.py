"""Writing the demo's past cases in bulk: every row of every case drawn in memory with its id, the rows
of each few thousand cases copied into their tables by a thread of their own (:func:`copying`) while the
next are drawn, and the audit entries through :func:`audit.record_dated`.

Nothing is updated after it is inserted, so the data-change triggers of migration 0012 have nothing to
log; the search triggers of 0015 index each application and period as it is inserted.
"""

from __future__ import annotations

import functools
import json
import random
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.orm import Session

from assessor_app.core.db.bulk_insert import CopyingThread
from assessor_app.core.db.models.audit_sync import BatchItemRecord, ExportBatchRecord
from assessor_app.core.db.models.base import Base
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
    DocumentRequestRecord,
    EmploymentPeriodRecord,
    EvidenceFileRecord,
    EvidenceItemRecord,
    PeriodRelevanceRecord,
)
from assessor_app.core.db.models.catalogue import EvidenceTypeRecord
from assessor_app.core.db.models.laptop import ReferenceSequenceRecord
from assessor_app.core.domain.enums import CaseStatus as S
from assessor_app.core.services import audit
from assessor_app.core.services.demo.lifecycle import (
    JUDGEMENTS,
    REASONS,
    Item,
    Life,
)
from assessor_app.core.services.demo.past_events import CasePlan, EventPlan
from assessor_app.core.services.demo.people import Person
from assessor_app.core.services.demo.writer import fee_for
from assessor_app.core.services.eligibility import period_label
from assessor_app.core.services.review.assessment import JUDGEMENTS as JUDGEMENT_NAMES
from assessor_app.core.services.review.document_requests import RequestItem

Entry = audit.Entry
BULK_CACHE_KIB = -524_288  # SQLite's page cache while the demo writes: 512 MiB (negative: in KiB)
# A random version-4 UUID's fixed bits (RFC 4122), as uuid.UUID(int=..., version=4) sets them.
_UUID4_KEEP = ~((0xC000 << 48) | (0xF000 << 64))
_UUID4_SET = (0x8000 << 48) | (4 << 76)
# The tables in foreign-key order (a row's parents before it), as the history is written.
TABLE_ORDER = (
    ApplicantRecord,
    ExportBatchRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    PeriodRelevanceRecord,
    EvidenceItemRecord,
    EvidenceFileRecord,
    AssessmentDecisionRecord,
    DocumentRequestRecord,
    BatchItemRecord,
    ReferenceSequenceRecord,
)
MPF_REQUEST = RequestItem(
    None, "mpf_statement", "強積金結單", "MPF statements", "最近十二個月 last 12 months"
)


@functools.cache  # looked up for every row of every case
def _table(record: type[Base]) -> Table:
    return cast(Table, record.__table__)


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


def _stamp(moment: datetime | None) -> str | None:
    """A moment as the assessment service writes it into the trail (UTC, to the second)."""
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass
class Rows:
    """Every row of the past cases by table, the audit entries with their moments, and the next ids."""

    rng: random.Random
    next_ids: dict[str, int]
    type_names: dict[str, tuple[str, str]]  # each evidence type's Chinese and English name
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    entries: list[tuple[datetime, Entry]] = field(default_factory=list)
    returned: dict[datetime, list[tuple[int, str, list[tuple[int, str, str]]]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    soa_count: int = 0
    case_uids: dict[int, str] = field(default_factory=dict)  # each application's, for the ledger's entries
    titles: dict[int, str] = field(default_factory=dict)  # each qualification applied for, in English

    def uid(self) -> str:
        """``str(uuid.UUID(int=rng.getrandbits(128), version=4))``, character for character, in half the
        time (a 100,000-case demo draws some 700,000 of them)."""
        bits = (self.rng.getrandbits(128) & _UUID4_KEEP) | _UUID4_SET
        text = f"{bits:032x}"
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

    def take(self, record: type[Base]) -> int:
        name = _table(record).name
        value = self.next_ids[name]
        self.next_ids[name] = value + 1
        return value

    def add(self, record: type[Base], **values: Any) -> int:
        values.setdefault("id", self.take(record))
        self.tables[_table(record).name].append(values)
        return int(values["id"])

    def log(self, at: datetime, entry: Entry) -> None:
        self.entries.append((at.astimezone(UTC), entry))


def evidence_type_names(connection: Connection) -> dict[str, tuple[str, str]]:
    """Each evidence type's names, as a request for documents lists them."""
    table = _table(EvidenceTypeRecord)
    rows = connection.execute(select(table.c.code, table.c.name_zh, table.c.name_en))
    return {code: (zh, en) for code, zh, en in rows}


def next_ids(connection: Connection) -> dict[str, int]:
    """Each table's next free id (the demo writes its own, so no row needs reading back)."""
    records = [record for record in TABLE_ORDER if record is not ReferenceSequenceRecord]  # keyed by day
    return {_table(r).name: (connection.scalar(select(func.max(_table(r).c.id))) or 0) + 1 for r in records}


def _particulars(person: Person) -> dict[str, object]:
    """A demo person's particulars as both the applicant and each form they lodged hold them."""
    return {
        "residence_status": person.residence.value,
        "name_zh": person.name_zh,
        "surname_en": person.surname_en,
        "given_names_en": person.given_names_en,
        "alias": person.alias,
        "chinese_commercial_code": "",
        "date_of_birth": person.date_of_birth,
        "phone": person.phone,
        "email": person.email,
        "address": person.address,
        "preferred_language": person.language.value,
    }


def add_applicant(rows: Rows, plan: CasePlan) -> int:
    """The person of ``plan``'s first form, as its clerk checked the HKID card; the row's id."""
    person = plan.person
    at = plan.at.astimezone(UTC)
    return rows.add(
        ApplicantRecord,
        uid=rows.uid(),
        hkid=person.hkid,
        hkid_verified_by=plan.clerk,
        hkid_verified_at=at,
        **_particulars(person),
        created_at=at,
        updated_at=at,
    )


def _asked(rows: Rows, plan: CasePlan, item: Item, item_id: int) -> RequestItem:
    """A checklist line as a request for documents asks for it."""
    period = plan.periods[item.period] if item.period is not None else None
    label = "" if period is None else period_label(period.employer, period.post)
    return RequestItem(item_id, item.evidence_type, *rows.type_names[item.evidence_type], label)


def add_case(
    rows: Rows,
    plan: CasePlan,
    life: Life,
    items: list[Item],
    event_id: int,
    applicant_id: int,
    verdicts: list[tuple[str, str]],
    fees: dict[int, int],
    industry_id: int,
) -> int:
    """The rows of one past case and the audit entries of everything that happened to it; the
    application's id."""
    person = plan.person
    uid = rows.uid()
    application_id = rows.add(
        ApplicationRecord,
        uid=uid,
        reference_no=plan.reference,
        applicant_id=applicant_id,
        event_id=event_id,
        station_code=plan.station,
        status=life.status.value,
        application_date=plan.at.date(),
        pics_acknowledged_at=_utc(plan.at - timedelta(minutes=12)),
        fee_hkd=fee_for(fees, len(plan.offers)),
        lodged_at=_utc(plan.at),
        created_by=plan.clerk,
        created_at=_utc(plan.at - timedelta(minutes=18)),
        updated_at=_utc(life.moves[-1][0] if life.moves else plan.at),
        locked_by_batch_id=None,  # its batch's, once drawn (history: the stretch waits for it)
        needs_reexport=False,
        content_sha256=None,
        **_particulars(person),
    )
    rows.case_uids[application_id] = uid
    rows.log(
        plan.at,
        Entry(
            plan.clerk,
            "application",
            uid,
            "lodged",
            "status",
            "draft",
            "lodged",
            f"reference {plan.reference}",
        ),
    )
    applied_ids = []
    results = dict(enumerate(life.results))
    result_changes: list[tuple[int, str, str]] = []
    for index, (offer, (status, route)) in enumerate(zip(plan.offers, verdicts, strict=True)):
        result = results.get(index)
        soa_number = soa_date = None
        if result == "pass" and life.result_at is not None:
            rows.soa_count += 1
            soa_number = f"SOA/{life.result_at:%Y}/{rows.soa_count:06d}"
            soa_date = life.result_at.date()
        applied_id = rows.add(
            AppliedQualificationRecord,
            application_id=application_id,
            qualification_id=offer.qualification.id,
            carer_declaration=False,
            route=route,
            eligibility=status,
            result=None if result is None else ("passed" if result == "pass" else "failed"),
            soa_number=soa_number,
            soa_date=soa_date,
            result_remarks=None,
            reimbursement_receipt_no=None,
        )
        applied_ids.append(applied_id)
        rows.titles[applied_id] = offer.qualification.title_en
        if result is not None:
            result_changes.append((applied_id, "result", "passed" if result == "pass" else "failed"))
            if soa_number is not None and soa_date is not None:
                result_changes += [
                    (applied_id, "soa_number", soa_number),
                    (applied_id, "soa_date", soa_date.isoformat()),
                ]
    period_ids = []
    for position, period in enumerate(plan.periods):
        period_id = rows.add(
            EmploymentPeriodRecord,
            uid=rows.uid(),
            application_id=application_id,
            position=position,
            employer=period.employer,
            post=period.post,
            industry_id=industry_id,
            start_date=period.start,
            end_date=period.end,
            employment_type=period.employment_type.value,
            hours_per_week=period.hours_per_week,
            in_hong_kong=period.in_hong_kong,
            duties=period.duties,
            kind="employment",
            weight_percent=None,
            overseas_accepted=None,
        )
        period_ids.append(period_id)
        if period.relevant:
            for applied_id in applied_ids:
                rows.add(PeriodRelevanceRecord, period_id=period_id, applied_qualification_id=applied_id)
    item_uids = []
    item_ids = []
    for item in items:
        item_uid = rows.uid()
        item_uids.append(item_uid)
        item_ids.append(
            rows.add(
                EvidenceItemRecord,
                uid=item_uid,
                application_id=application_id,
                evidence_type=item.evidence_type,
                period_id=None if item.period is None else period_ids[item.period],
                status=item.status.value,
                reason=item.reason,
                recorded_by=item.recorded_by,
                recorded_at=_utc(item.recorded_at),
            )
        )
    for at, actor, index, was, now, reason in life.item_changes:
        rows.log(
            at,
            Entry(
                actor, "evidence_item", item_uids[index], "set_status", "status", was.value, now.value, reason
            ),
        )
    if life.request is not None:
        request = life.request
        asked = [_asked(rows, plan, items[index], item_ids[index]) for index in request.items] or [
            MPF_REQUEST
        ]
        request_id = rows.add(
            DocumentRequestRecord,
            application_id=application_id,
            requested_at=_utc(request.requested_at),
            requested_by=request.requested_by,
            due_date=request.due,
            items_json=json.dumps([item.to_json() for item in asked], ensure_ascii=False),
            fulfilled_at=_utc(request.fulfilled_at),
        )
        rows.log(
            request.requested_at,
            Entry(
                request.requested_by,
                "document_request",
                uid,
                "create",
                f"request#{request_id}.items",
                None,
                f"due {request.due.isoformat()}: " + "; ".join(item.describe() for item in asked),
            ),
        )
        if request.fulfilled_at is not None:
            rows.log(
                request.fulfilled_at,
                Entry(
                    plan.clerk,
                    "document_request",
                    uid,
                    "fulfilled",
                    f"request#{request_id}.fulfilled_at",
                    None,
                    request.fulfilled_at.astimezone(UTC).isoformat(timespec="seconds"),
                ),
            )
    for applied_id, decision in zip(applied_ids, life.decisions, strict=False):
        texts = JUDGEMENTS[decision.recommendation or "pass"]
        rows.add(
            AssessmentDecisionRecord,
            applied_qualification_id=applied_id,
            **dict(zip(JUDGEMENT_NAMES, texts, strict=True)),
            notes="",
            recommendation=decision.recommendation,
            reasons=REASONS[decision.recommendation] if decision.recommendation else "",
            decided_by=decision.judged_by if decision.recommendation else None,
            decided_at=_utc(decision.decided_at),
            signed_off_by=decision.signed_off_by,
            signed_off_at=_utc(decision.signed_off_at),
        )
        # The judgements' own entries (five a qualification) are left out: a fifth of the trail's size.
        prefix = f"applied#{applied_id}."
        if decision.recommendation is not None and decision.decided_at is not None:
            for column, value in (
                ("recommendation", decision.recommendation),
                ("reasons", REASONS[decision.recommendation]),
                ("decided_by", decision.judged_by),
                ("decided_at", _stamp(decision.decided_at)),
            ):
                rows.log(
                    decision.decided_at,
                    Entry(
                        decision.judged_by,
                        "assessment",
                        uid,
                        "recommend",
                        prefix + column,
                        "" if column == "reasons" else None,
                        value,
                    ),
                )
        if decision.signed_off_by is not None and decision.signed_off_at is not None:
            for column, value in (
                ("signed_off_by", decision.signed_off_by),
                ("signed_off_at", _stamp(decision.signed_off_at)),
            ):
                rows.log(
                    decision.signed_off_at,
                    Entry(
                        decision.signed_off_by, "assessment", uid, "sign_off", prefix + column, None, value
                    ),
                )
    for at, actor, old, new, reason in life.moves:
        if new is S.EXPORTED or (old is S.EXPORTED and new is not S.WITHDRAWN):
            continue  # written with their batches, whose ids and files they name
        rows.log(at, Entry(actor, "application", uid, "status", "status", old.value, new.value, reason))
    if life.result_at is not None and life.exported_at is not None:
        rows.returned[life.exported_at].append((application_id, life.results[0], result_changes))
    return application_id


def sequences(events: list[EventPlan], plans: list[CasePlan]) -> list[dict[str, Any]]:
    """The reference counters the past forms used, so a later form on those days never reuses one."""
    last: dict[tuple[str, date], int] = {}
    for plan in plans:
        key = (plan.station, events[plan.event].day)
        last[key] = last.get(key, 0) + 1
    return [{"station_code": s, "day": d, "last_value": n} for (s, d), n in sorted(last.items())]


@contextmanager
def copying(session: Session) -> Iterator[CopyingThread]:
    """The copying thread the history's rows go through (:class:`.bulk_insert.CopyingThread`), with the
    connection's page cache widened meanwhile, and as it was after. The trail's unique index takes two
    million random hashes at 100,000 cases (some 150-200 MiB of index pages): a page pushed out of a
    smaller cache is read and decrypted again (the trail went in 4 s faster with 512 MiB than 256)."""
    connection = session.connection()
    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
    audit.record_dated(session, [])  # the chain's head read now, while this thread has the connection
    try:
        with CopyingThread(connection) as thread:
            yield thread
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache or 0)}")


def write_tables(thread: CopyingThread, tables: dict[str, list[dict[str, Any]]]) -> None:
    """The rows of ``tables`` (by table name) onto ``thread``, table by table in foreign-key order, each
    table's let go once staged (the next rows are drawn while these are copied)."""
    for record in TABLE_ORDER:
        table = _table(record)
        values = tables.get(table.name)
        if values:
            thread.insert(table, values)
            values.clear()
    thread.flush()

"""A deterministic demo: a logistics promotion day at a cargo terminal, written only into a demo database."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.base import Base
from assessor_app.core.db.models.cases import ApplicantRecord, ApplicationRecord, EventRecord
from assessor_app.core.db.models.catalogue import (
    AgencyRecord,
    ExperienceRuleRecord,
    IndustryRecord,
)
from assessor_app.core.db.models.laptop import SettingRecord
from assessor_app.core.errors import AppError
from assessor_app.core.services.demo.clusters import DemoCatalogueError as DemoCatalogueError
from assessor_app.core.services.demo.clusters import ensure_clusters, require
from assessor_app.core.services.demo.event import (
    AGENCY_CODE,
    EVENT_CODE,
    EVENT_DAY,
    EVENT_DAY_EN,
    EVENT_DAY_ZH,
    EVENT_NAME_EN,
    EVENT_NAME_ZH,
    INDUSTRY,
    OTHER_STATION,
)
from assessor_app.core.services.demo.event_day import plan_batch
from assessor_app.core.services.demo.writer import (
    ensure_event,
    ensure_stations,
    ensure_users,
    fee_table,
    write_batch,
)
from assessor_app.core.services.intake.references import next_reference

DATABASE_KIND_KEY = "database_kind"
DEMO_KIND = "demo"


class DemoRefusedError(AppError):
    """Demo data would be mixed into a database holding real cases."""

    code = "demo_refused"


@dataclass(frozen=True)
class DemoSummary:
    """What one run of :func:`generate_demo` added."""

    event_code: str
    applications: int
    applicants: int  # distinct people (HKIDs) in this batch
    repeat_applications: int  # forms by someone who already applied in this batch
    lodged: int
    drafts: int
    other_station: int  # forms taken on the second laptop
    other_station_code: str  # that laptop's code (LT02, or LT01 when this demo laptop is LT02)
    event_total: int  # applications at the event after this run

    def describe(self) -> str:
        """Chinese then English, as the CLI prints it."""
        zh = (
            f"示範資料：{EVENT_NAME_ZH}（{self.event_code}，{EVENT_DAY_ZH}）新增 {self.applications} 份申請"
            f"（已遞交 {self.lodged} 份，草稿 {self.drafts} 份），來自 {self.applicants} 名申請人，"
            f"其中 {self.repeat_applications} 人以另一份表格再次申請；{self.other_station} 份由另一部電腦 "
            f"{self.other_station_code} 輸入；活動現共有 {self.event_total} 份申請。物流資歷組合只供示範，並非評估機構的資歷名單。"
        )
        en = (
            f"Demo data: added {self.applications} applications ({self.lodged} lodged, {self.drafts} drafts) "
            f"to the {EVENT_NAME_EN} ({self.event_code}, {EVENT_DAY_EN}) from {self.applicants} applicants, "
            f"{self.repeat_applications} of whom applied again on a second form; {self.other_station} were taken "
            f"on the other laptop {self.other_station_code}; the event now holds {self.event_total} applications. "
            "The logistics clusters are illustrative, not the agency's catalogue."
        )
        return f"{zh}\n{en}"


# --- Database work -----------------------------------------------------------------------------


def is_demo_database(database: Database) -> bool:
    """Whether ``database`` is marked as a demo database (setting ``database_kind`` = ``demo``)."""
    with database.session() as session:
        return _kind(session) == DEMO_KIND


def _kind(session: Session) -> str | None:
    setting = session.get(SettingRecord, DATABASE_KIND_KEY)
    return None if setting is None else setting.value


def _count(session: Session, record: type[Base]) -> int:
    return session.scalar(select(func.count()).select_from(record)) or 0


def _guard(session: Session, database: Database, *, allow_real: bool) -> None:
    """Refuse to mix demo data into real cases; mark an empty database as a demo one."""
    kind = _kind(session)
    if kind == DEMO_KIND:
        return
    empty = all(_count(session, record) == 0 for record in (ApplicationRecord, EventRecord, ApplicantRecord))
    if empty and kind is None:
        session.add(SettingRecord(key=DATABASE_KIND_KEY, value=DEMO_KIND))
        return
    if not allow_real:
        raise DemoRefusedError(
            f"Demo data is only written to a demo database. {database.path} holds real applications or "
            "events (or is marked as a real database), so nothing was changed. Open the demo database instead.",
            f"示範資料只會寫入示範資料庫。{database.path} 已有真實申請或活動紀錄（或已標示為正式資料庫），"
            "因此未作任何改動。請改為開啟示範資料庫。",
        )


def generate_demo(
    database: Database,
    *,
    applications: int = 60,
    seed: int = 2023,
    allow_real: bool = False,
    station: str | None = None,
) -> DemoSummary:
    """Fill ``database`` with a logistics promotion day at the cargo terminal on 8 Nov 2023.

    Everything is written in one transaction, and the same ``seed`` gives the same applicants.
    Running it again on a demo database adds another ``applications`` forms to the *same* event:
    reference numbers continue from the station's counter, and the batch is drawn from the seed and
    the number of forms already at the event, so the new people differ from the earlier ones and
    their HKIDs avoid every HKID already stored. Clusters, users, stations and the event are reused.

    Refuses (:class:`DemoRefusedError`, code ``demo_refused``) a database that is not marked as a
    demo database and already holds applications, applicants or events, or is marked as another
    kind, unless ``allow_real``; then it writes without marking the database as a demo one.
    ``station`` makes a demo laptop with that station code (LT01 by default), so two demo laptops can
    merge each other's batches.
    """
    if applications < 0:
        raise ValueError("applications must not be negative")
    with database.session() as session:
        _guard(session, database, allow_real=allow_real)
        agency = require(
            session.scalar(select(AgencyRecord).where(AgencyRecord.code == AGENCY_CODE)),
            f"the agency {AGENCY_CODE}",
            f"評估機構 {AGENCY_CODE}",
        )
        industry = require(
            session.scalar(select(IndustryRecord).where(IndustryRecord.name_en == INDUSTRY)),
            "the Logistics industry",
            "物流業",
        )
        fees = fee_table(session, agency)
        rules = {
            rule.qf_level: (rule.min_total_years, rule.min_relevant_years)
            for rule in session.scalars(
                select(ExperienceRuleRecord).where(
                    ExperienceRuleRecord.industry_id == industry.id,
                    ExperienceRuleRecord.qualification_id.is_(None),
                )
            )
        }
        ensure_users(session)
        codes = ensure_stations(session, database.path, station)
        event = ensure_event(session, agency)
        offers = ensure_clusters(session, industry)
        session.flush()

        already = session.scalar(
            select(func.count()).select_from(ApplicationRecord).where(ApplicationRecord.event_id == event.id)
        )
        rng = random.Random(f"rpl-demo/{seed}/{already or 0}")
        taken = set(session.scalars(select(ApplicantRecord.hkid)))
        plans = plan_batch(rng, applications, offers, rules, taken)

        references = [
            None if p.draft else next_reference(session, codes[p.station], EVENT_DAY) for p in plans
        ]
        write_batch(session, plans, event, references, fees, industry.id, codes)
        event_total = (already or 0) + len(plans)

    people = Counter(p.person.hkid for p in plans)
    return DemoSummary(
        event_code=EVENT_CODE,
        applications=len(plans),
        applicants=len(people),
        repeat_applications=sum(p.repeat for p in plans),
        lodged=sum(not p.draft for p in plans),
        drafts=sum(p.draft for p in plans),
        other_station=sum(p.station == OTHER_STATION for p in plans),
        other_station_code=codes[OTHER_STATION],
        event_total=event_total,
    )

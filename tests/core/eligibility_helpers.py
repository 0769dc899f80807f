"""Shared set-up for the eligibility worked cases and property tests: a seeded database, the seed's rules."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.catalogue import ExperienceRuleRecord, IndustryRecord, QualificationRecord
from assessor_app.core.domain.enums import Route
from assessor_app.core.services.eligibility import QualificationEligibility
from assessor_app.core.services.intake import lodging
from tests.core.user_helpers import add_staff

SEED = Path(__file__).resolve().parents[2] / "db" / "seed"


@dataclass(frozen=True)
class SeedRule:
    industry: str
    level: int
    total_years: int
    relevant_years: int
    always_assessed: bool

    @property
    def id(self) -> str:
        return f"{self.industry}-L{self.level}"


@dataclass(frozen=True)
class SeedWindow:
    industry: str
    stream: str
    level_min: int
    level_max: int
    start: date | None
    end: date


def seed_rules() -> list[SeedRule]:
    with (SEED / "experience-rules.csv").open(encoding="utf-8") as handle:
        return [
            SeedRule(
                row["industry"],
                int(row["qf_level"]),
                int(row["min_total_years"]),
                int(row["min_relevant_years"]),
                row["always_assessed"] == "yes",
            )
            for row in csv.DictReader(handle)
        ]


def seed_windows() -> list[SeedWindow]:
    with (SEED / "exam-free-windows.csv").open(encoding="utf-8") as handle:
        windows = []
        for row in csv.DictReader(handle):
            low, high = (int(part) for part in row["levels"].split("-"))
            start = date.fromisoformat(row["window_start"]) if row["window_start"] else None
            windows.append(
                SeedWindow(
                    row["industry"], row["stream"], low, high, start, date.fromisoformat(row["window_end"])
                )
            )
        return windows


def expected_route(industry: str, level: int, stream: str, always_assessed: bool, on: date) -> Route:
    """The route the domain file states: documents alone inside an open window for levels 1-3."""
    if level >= 4 or always_assessed:
        return Route.ASSESSMENT
    for window in seed_windows():
        if window.industry != industry or not window.level_min <= level <= window.level_max:
            continue
        if window.stream and window.stream.casefold() != stream.casefold():
            continue
        if (window.start is None or window.start <= on) and on <= window.end:
            return Route.DOCUMENT_REVIEW
    return Route.ASSESSMENT


def setup_event(database: Database, event_day: date) -> int:
    """This laptop's station, its clerk (``clerk``, who lodges) and a promotion day; returns the event id."""
    add_staff(database, "clerk")
    lodging.set_local_station(database, "lt01")
    event = lodging.create_event(
        database,
        name="Eligibility worked cases",
        host_organisation="Test host",
        event_date=event_day,
        agency_code="HKUSPACE",
    )
    return event.id


def first_qualification(database: Database, industry: str, level: int) -> tuple[int, str] | None:
    """The seed's first qualification of that industry and level (id, stream) that the industry × level
    rule decides (a cluster with a rule of its own is left out), or None."""
    own_rule = select(ExperienceRuleRecord.qualification_id).where(
        ExperienceRuleRecord.qualification_id.is_not(None)
    )
    with database.engine.connect() as connection:
        row = connection.execute(
            select(QualificationRecord.id, QualificationRecord.stream)
            .join(IndustryRecord, IndustryRecord.id == QualificationRecord.industry_id)
            .where(
                IndustryRecord.name_en == industry,
                QualificationRecord.qf_level == level,
                QualificationRecord.id.not_in(own_rule),
            )
            .order_by(QualificationRecord.id)
        ).first()
    return None if row is None else (row[0], row[1])


def verdict(entry: QualificationEligibility) -> dict[str, object]:
    """What must agree between the hint and the lodged case, per qualification."""
    result = entry.result
    experience = result.experience
    return {
        "qualification_id": entry.qualification_id,
        "status": result.status.value,
        "route": result.route.value,
        "evidence_route": result.evidence_route.value,
        "application_date": result.application_date,
        "total_months": None if experience is None else experience.total_months,
        "relevant_months": None if experience is None else experience.relevant_months,
        "total_shortfall_months": None if experience is None else experience.total_shortfall_months,
        "relevant_shortfall_months": None if experience is None else experience.relevant_shortfall_months,
        "flags": None if experience is None else experience.flags,
    }

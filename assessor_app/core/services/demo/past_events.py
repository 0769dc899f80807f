"""The demo's past promotion days (2021 to the open one) and the forms lodged at them: every random
draw of the history happens here or in :mod:`.lifecycle`, before anything is written."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.hong_kong_time import HONG_KONG
from assessor_app.core.services.demo.careers import Period, career
from assessor_app.core.services.demo.clusters import Offer
from assessor_app.core.services.demo.event import DAY_OPENS, DAY_SECONDS, EVENT_DAY
from assessor_app.core.services.demo.event_day import choose_offers
from assessor_app.core.services.demo.lifecycle import NOW, target_state
from assessor_app.core.services.demo.people import Person, make_person, weighted
from assessor_app.core.services.demo.trades import INDUSTRIES, Industry, Venue
from assessor_app.core.services.intake.references import format_reference

FIRST_DAY = date(2021, 3, 6)
LAST_DAY = EVENT_DAY - timedelta(days=24)
CASES_PER_EVENT = 1500  # a large promotion day: a 100,000-case demo has some 66 of them
EXTRA_STATIONS = ("LT05", "LT06")
CLERKS = ("mlwong", "wsho", "pyfung")
REPEAT_SHARE = 0.04  # applicants who come back to a later event for another qualification
# The states every demo big enough holds at least once, the most telling first (a small demo may not
# reach the last ones): what the Batches page exports by default, what waits for review, the results.
COVERED = (
    CaseStatus.SIGNED_OFF,
    CaseStatus.UNDER_REVIEW,
    CaseStatus.EXPORTED,
    CaseStatus.RESULT_PASSED,
    CaseStatus.RECOMMENDED_PASS,
    CaseStatus.DOCUMENTS_REQUESTED,
    CaseStatus.ACKNOWLEDGED,
    CaseStatus.RESULT_FAILED,
    CaseStatus.RECOMMENDED_FAIL,
    CaseStatus.ASSESSMENT_SCHEDULED,
    CaseStatus.VERIFICATION_SCHEDULED,
    CaseStatus.APPEAL_LODGED,
    CaseStatus.APPEAL_DISMISSED,
    CaseStatus.APPEAL_UPHELD,
    CaseStatus.WITHDRAWN,
    CaseStatus.LODGED,
)


@dataclass(frozen=True)
class EventPlan:
    code: str
    name: str
    host: str
    venue: str
    day: date
    industry: Industry
    stations: tuple[str, ...]


@dataclass(frozen=True)
class CasePlan:
    """One past form: who, where and when, for what, the career claimed, and how far it is drawn to go."""

    event: int  # index into the events
    applicant: int  # index into the people: a returning applicant's forms share one
    person: Person
    offers: tuple[Offer, ...]
    periods: tuple[Period, ...]
    station: str
    clerk: str
    at: datetime  # Hong Kong time it was lodged
    reference: str
    target: CaseStatus


def _event_name(venue: Venue, industry: Industry) -> str:
    zh, _, en = venue.host.partition(" ")
    return f"{zh}過往資歷認可推廣日 {en} RPL promotion day ({industry.name_en})"


def plan_events(rng: random.Random, count: int, stations: tuple[str, ...]) -> list[EventPlan]:
    """``count`` promotion days on distinct days but Sundays from 2021 to three weeks before the open day,
    the last of them within three weeks of that."""
    span = (LAST_DAY - FIRST_DAY).days
    recent = LAST_DAY - timedelta(days=rng.randrange(21))  # its cases are still in review
    days: set[date] = {recent - timedelta(days=1) if recent.weekday() == 6 else recent}
    count = min(count, span // 7)  # at most one a week
    width = span // count
    while len(days) < count:  # the others spread over the years: one early in each of equal stretches
        day = FIRST_DAY + timedelta(days=(len(days) - 1) * width + rng.randrange(max(1, width * 2 // 3)))
        if day.weekday() < 6 and day < recent:
            days.add(day)
    events = []
    for day in sorted(days):
        industry = weighted(rng, INDUSTRIES, [i.weight for i in INDUSTRIES])
        venue = rng.choice(industry.venues)
        used = tuple(rng.sample(stations, rng.choice((2, 2, 3)) if len(stations) > 2 else len(stations)))
        events.append(
            EventPlan(
                f"{venue.code}-{day:%Y%m%d}",
                _event_name(venue, industry),
                venue.host,
                venue.venue,
                day,
                industry,
                used,
            )
        )
    return events


def _sizes(rng: random.Random, total: int, parts: int) -> list[int]:
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = total / sum(weights)
    sizes = [int(w * scale) for w in weights]
    for index in range(total - sum(sizes)):
        sizes[index % parts] += 1
    return sizes


def plan_cases(
    rng: random.Random,
    events: list[EventPlan],
    total: int,
    offers: dict[str, list[Offer]],
    rules: dict[str, dict[int, tuple[int, int]]],
    taken_hkids: set[str],
    clerks: dict[str, str],
) -> list[CasePlan]:
    """``total`` forms over ``events`` (by industry: its offers and experience rules), each with the
    state it is drawn to reach (see :data:`COVERED` for the states every demo is made to hold)."""
    people: list[Person] = []
    plans: list[CasePlan] = []
    for event_index, (event, size) in enumerate(zip(events, _sizes(rng, total, len(events)), strict=True)):
        industry = event.industry.name_en
        seconds = sorted(rng.randrange(DAY_SECONDS) for _ in range(size))
        counters = dict.fromkeys(event.stations, 0)
        age = (NOW.date() - event.day).days
        for second in seconds:
            if people and rng.random() < REPEAT_SHARE:
                applicant = rng.randrange(len(people))
            else:
                applicant = len(people)
                people.append(make_person(rng, taken_hkids))
            person = people[applicant]
            chosen = choose_offers(rng, offers[industry], person, rules[industry])
            periods = career(
                rng,
                person,
                chosen[0],
                rules[industry],
                overseas=rng.random() < 0.02,
                day=event.day,
                trade=event.industry.trade,
            )
            station = rng.choice(event.stations)
            counters[station] += 1
            plans.append(
                CasePlan(
                    event_index,
                    applicant,
                    person,
                    tuple(chosen),
                    periods,
                    station,
                    clerks[station],
                    datetime.combine(event.day, DAY_OPENS, HONG_KONG) + timedelta(seconds=second),
                    format_reference(station, event.day, counters[station]),
                    target_state(rng, age),
                )
            )
    return plans

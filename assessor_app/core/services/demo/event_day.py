"""The day's forms: who comes when, to which laptop, for what; every random draw happens here, first."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from assessor_app.core.hong_kong_time import HONG_KONG
from assessor_app.core.services.demo.careers import DEFAULT_RULES, Period, career, months_between
from assessor_app.core.services.demo.clusters import Offer
from assessor_app.core.services.demo.event import (
    DAY_OPENS,
    DAY_SECONDS,
    EVENT_DAY,
    LOCAL_STATION,
    OTHER_STATION,
)
from assessor_app.core.services.demo.people import Person, make_person, weighted


@dataclass(frozen=True)
class Plan:
    person: Person
    offers: tuple[Offer, ...]
    periods: tuple[Period, ...]
    station: str
    draft: bool
    repeat: bool
    at: datetime  # Hong Kong time the form was finished (or last touched, for a draft)


def choose_offers(
    rng: random.Random, offers: list[Offer], person: Person, rules: dict[int, tuple[int, int]]
) -> list[Offer]:
    adult_months = months_between(date(person.date_of_birth.year + 18, 1, 1), EVENT_DAY)
    feasible = [o for o in offers if rules.get(o.level, DEFAULT_RULES[o.level])[0] * 12 <= adult_months]
    pool = feasible if feasible and rng.random() < 0.9 else offers
    first = weighted(rng, pool, [o.weight for o in pool])
    chosen = [first]
    if rng.random() < 0.35:
        others = [o for o in offers if o is not first and o.level <= first.level]
        if others:
            chosen.append(weighted(rng, others, [o.weight for o in others]))
    return chosen


def plan_batch(
    rng: random.Random,
    applications: int,
    offers: list[Offer],
    rules: dict[int, tuple[int, int]],
    taken_hkids: set[str],
) -> list[Plan]:
    repeats = (3 if applications >= 60 else 2) if applications >= 10 else applications // 4
    drafts = max(1, round(applications * 0.05)) if applications >= 5 else 0
    overseas = max(1, applications // 50) if applications else 0
    people = [make_person(rng, taken_hkids) for _ in range(applications - repeats)]

    # Each repeat is the same person on a second form later in the day, for another qualification.
    order: list[tuple[int, bool]] = [(i, False) for i in range(len(people))]
    for source in rng.sample(range(len(people)), repeats):
        later = rng.randint(order.index((source, False)) + 1, len(order))
        order.insert(later, (source, True))

    seconds = sorted(rng.randrange(DAY_SECONDS) for _ in order)
    first_forms = [slot for slot, (_, repeat) in enumerate(order) if not repeat]
    repeated = {source for source, repeat in order if repeat}
    draft_slots = set(rng.sample([s for s in first_forms if order[s][0] not in repeated], drafts))
    lodged_firsts = [s for s in first_forms if s not in draft_slots]
    seasoned = [s for s in lodged_firsts if people[order[s][0]].date_of_birth.year <= 1990] or lodged_firsts
    overseas_slots = set(rng.sample(seasoned, min(overseas, len(seasoned))))

    plans: list[Plan] = []
    first_plan: dict[int, Plan] = {}
    for slot, (index, repeat) in enumerate(order):
        person = people[index]
        at = datetime.combine(EVENT_DAY, DAY_OPENS, HONG_KONG) + timedelta(seconds=seconds[slot])
        station = OTHER_STATION if rng.random() < 0.25 else LOCAL_STATION
        if repeat:
            earlier = first_plan[index]
            untried = [o for o in offers if o not in earlier.offers]
            offer = weighted(rng, untried, [o.weight for o in untried])
            plans.append(Plan(person, (offer,), earlier.periods, station, False, True, at))
            continue
        chosen = choose_offers(rng, offers, person, rules)
        periods = career(rng, person, chosen[0], rules, overseas=slot in overseas_slots)
        draft = slot in draft_slots
        if draft:
            station = LOCAL_STATION  # an unfinished form lives on the laptop it was typed on
        plan = Plan(person, tuple(chosen), periods, station, draft, False, at)
        first_plan[index] = plan
        plans.append(plan)
    return plans

"""Worked cases per industry and level: both halves of every seeded rule, hint, lodged case and case JSON."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.catalogue import IndustryRecord, QualificationRecord
from assessor_app.core.domain.application_form import EmploymentEntry
from assessor_app.core.domain.eligibility import EligibilityStatus
from assessor_app.core.domain.enums import Route
from assessor_app.core.services.cases.summary import case_summary
from assessor_app.core.services.eligibility import check_application, check_form
from assessor_app.core.services.intake import lodging
from tests.core.eligibility_helpers import (
    SeedRule,
    expected_route,
    first_qualification,
    seed_rules,
    setup_event,
    verdict,
)
from tests.core.intake_helpers import valid_form

# The application date of the worked cases: every period below is whole calendar months ending on it.
TODAY = date(2024, 6, 30)
RULES = seed_rules()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int, Path]]:
    folder = tmp_path_factory.mktemp("worked")
    database = open_database(folder / "cases.sqlite3")
    event_id = setup_event(database, TODAY)
    add_synthetic_qualifications(database)
    yield database, event_id, folder / "evidence"
    database.close()


SYNTHETIC = "TEST ONLY: synthetic qualification"


def add_synthetic_qualifications(database: Database) -> None:
    """A clearly labelled test-only qualification (no stream) for each rule whose industry and level
    the seed catalogue has none of, so that every rule's two halves are worked through."""
    with database.session() as session:
        industries = dict(session.execute(select(IndustryRecord.name_en, IndustryRecord.id)).tuples().all())
        for rule in RULES:
            if first_qualification(database, rule.industry, rule.level) is None:
                session.add(
                    QualificationRecord(
                        industry_id=industries[rule.industry],
                        title_en=f"{SYNTHETIC} {rule.industry} L{rule.level}",
                        title_zh="測試用虛構資歷",
                        qf_level=rule.level,
                        qr_number=None,
                        stream="",
                    )
                )


def job(name: str, start: date, end: date, relevant_to: list[int], **changes: Any) -> EmploymentEntry:
    return EmploymentEntry(
        employer=name,
        post="Worker",
        industry=changes.pop("industry", ""),
        start=start.isoformat(),
        end=end.isoformat(),
        proof_status="original_seen",
        relevant_to=relevant_to,
        **changes,
    )


def history(industry: str, qid: int, total_months: int, relevant_months: int) -> list[EmploymentEntry]:
    """Relevant months ending on TODAY, preceded by the rest of the total "in the industry only"."""
    relevant_start = _months_before(TODAY, relevant_months)
    rows = [job("Relevant Co", relevant_start, TODAY, [qid], industry=industry)]
    if total_months > relevant_months:
        other_start = _months_before(TODAY, total_months)
        other_end = date.fromordinal(relevant_start.toordinal() - 1)
        rows.insert(0, job("Industry Only Co", other_start, other_end, [], industry=industry))
    return rows


def _months_before(end: date, months: int) -> date:
    """The first day of the month ``months`` whole months before the month after ``end`` (a month end)."""
    index = end.year * 12 + end.month - months  # months since year 0 of the month after ``end``, minus
    return date(index // 12, index % 12 + 1, 1)


def case_json(database: Database, evidence_dir: Path, application_id: int) -> dict[str, Any]:
    """What ``case show --json`` prints for the case."""
    return dict(case_summary(database, evidence_dir, application_id).to_json())


def lodge_and_compare(
    seeded: tuple[Database, int, Path], form_rows: list[EmploymentEntry], qid: int, hkid: str
) -> tuple[dict[str, object], dict[str, Any]]:
    """Lodge the form; the hint must equal the lodged verdict; returns it and the case JSON's "claimed"."""
    database, event_id, evidence_dir = seeded
    form = replace(valid_form(event_id=event_id, qualification_ids=[qid]), hkid=hkid, employment=form_rows)
    hint = [verdict(entry) for entry in check_form(database, form, today=TODAY)]
    lodged = lodging.lodge_application(database, form, draft_uid=None, operator="clerk", today=TODAY)
    stored = [verdict(entry) for entry in check_application(database, lodged.application_id)]
    assert hint == stored
    (entry,) = case_json(database, evidence_dir, lodged.application_id)["eligibility"]
    return stored[0], entry["claimed"]


def rule_fixture(rule: SeedRule, database: Database) -> tuple[int, str]:
    """The seed's first qualification of the rule's industry and level, else the synthetic one."""
    found = first_qualification(database, rule.industry, rule.level)
    assert found is not None
    return found


def check_json(claimed: dict[str, Any], rule: SeedRule, result: dict[str, object], route: Route) -> None:
    assert claimed["status"] == result["status"]
    assert claimed["route"] == route.value
    assert claimed["application_date"] == TODAY.isoformat()
    assert claimed["required_total_months"] == 12 * rule.total_years
    assert claimed["required_relevant_months"] == 12 * rule.relevant_years
    for key in ("total_months", "relevant_months", "total_shortfall_months", "relevant_shortfall_months"):
        assert claimed[key] == result[key], key
    assert claimed["rule"]["min_total_years"] == rule.total_years
    assert claimed["rule"]["min_relevant_years"] == rule.relevant_years
    assert claimed["rule"]["always_assessed"] == rule.always_assessed
    assert "experience-rules.csv" in claimed["rule"]["source"]
    assert rule.industry in claimed["rule"]["source"]


HKIDS = iter(f"A{serial:06d}" for serial in range(200000, 300000))


def _hkid() -> str:
    from assessor_app.core.domain import hkid

    serial = next(HKIDS)
    return f"{serial}({hkid.check_digit(serial[0], serial[1:])})"


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_exactly_the_rule_meets(seeded: tuple[Database, int, Path], rule: SeedRule) -> None:
    qid, stream = rule_fixture(rule, seeded[0])
    total, relevant = 12 * rule.total_years, 12 * rule.relevant_years
    result, claimed = lodge_and_compare(seeded, history(rule.industry, qid, total, relevant), qid, _hkid())
    assert result["status"] == EligibilityStatus.MEETS.value
    assert (result["total_months"], result["relevant_months"]) == (total, relevant)
    assert (result["total_shortfall_months"], result["relevant_shortfall_months"]) == (0, 0)
    route = expected_route(rule.industry, rule.level, stream, rule.always_assessed, TODAY)
    assert result["route"] == route.value
    check_json(claimed, rule, result, route)


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_one_month_short_of_relevant(seeded: tuple[Database, int, Path], rule: SeedRule) -> None:
    """The total is met, the relevant half is a month short: the rest is "in the industry only"."""
    qid, stream = rule_fixture(rule, seeded[0])
    total, relevant = 12 * rule.total_years, 12 * rule.relevant_years - 1
    result, claimed = lodge_and_compare(seeded, history(rule.industry, qid, total, relevant), qid, _hkid())
    assert result["status"] == EligibilityStatus.SHORT.value
    assert (result["total_months"], result["relevant_months"]) == (total, relevant)
    assert (result["total_shortfall_months"], result["relevant_shortfall_months"]) == (0, 1)
    route = expected_route(rule.industry, rule.level, stream, rule.always_assessed, TODAY)
    check_json(claimed, rule, result, route)
    assert claimed["shortfall_months"] == 1


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_one_month_short_in_the_industry(seeded: tuple[Database, int, Path], rule: SeedRule) -> None:
    """The relevant half is met, the total a month short. Where the rule's two halves are equal (level 1),
    a total short by a month is also a relevant half short by a month."""
    qid, stream = rule_fixture(rule, seeded[0])
    total = 12 * rule.total_years - 1
    relevant = min(12 * rule.relevant_years, total)
    result, claimed = lodge_and_compare(seeded, history(rule.industry, qid, total, relevant), qid, _hkid())
    assert result["status"] == EligibilityStatus.SHORT.value
    assert (result["total_months"], result["relevant_months"]) == (total, relevant)
    relevant_short = 1 if rule.total_years == rule.relevant_years else 0
    assert (result["total_shortfall_months"], result["relevant_shortfall_months"]) == (1, relevant_short)
    route = expected_route(rule.industry, rule.level, stream, rule.always_assessed, TODAY)
    check_json(claimed, rule, result, route)


# --- The rules found with the catalogue (db/seed/SOURCES.md, "The experience rules, row by row") -----

FOUND = {
    "Printing and publishing-L1": "Desktop Publishing",
    "Printing and publishing-L2": "Printing Industry – Desktop Publishing",
    "Printing and publishing-L3": "Printing Industry – Desktop Publishing",
    # Managing Printing Operation, the first, has its own rule (tests/core/test_cluster_rules.py).
    "Printing and publishing-L4": "Printing Industry - Special Printing (Gravure)",
    "Hairdressing-L4": "Salon Management (Operation Management)",
    "Arboriculture and horticulture-L2": "Plant care and maintenance operations for horticultural work",
}


def test_the_found_rules_are_worked_through_on_real_qualifications(
    seeded: tuple[Database, int, Path],
) -> None:
    """The three worked cases above run for each found rule on a qualification of the seed catalogue."""
    by_id = {rule.id: rule for rule in RULES}
    for rule_id, title in FOUND.items():
        qid, _ = rule_fixture(by_id[rule_id], seeded[0])
        with seeded[0].engine.connect() as connection:
            found = connection.scalar(
                select(QualificationRecord.title_en).where(QualificationRecord.id == qid)
            )
        assert found == title, rule_id
    assert [(r.total_years, r.relevant_years, r.always_assessed) for r in (by_id[i] for i in FOUND)] == [
        (1, 1, False),
        (3, 2, False),
        (5, 3, False),
        (6, 4, True),
        (6, 5, True),
        (3, 1, False),
    ]


def test_arboriculture_level_3_has_no_rule_rather_than_a_guessed_one(
    seeded: tuple[Database, int, Path],
) -> None:
    """Only the total (5 years) of its rule is published: no rule, the assessor decides, whatever the years."""
    assert "Arboriculture and horticulture-L3" not in {rule.id for rule in RULES}
    found = first_qualification(seeded[0], "Arboriculture and horticulture", 3)
    assert found is not None
    qid = found[0]
    rows = history("Arboriculture and horticulture", qid, 120, 120)
    result, claimed = lodge_and_compare(seeded, rows, qid, _hkid())
    assert result["status"] == EligibilityStatus.NO_RULE.value
    assert result["route"] == Route.ASSESSMENT.value
    assert claimed["rule"] is None
    assert claimed["required_total_months"] is None


# --- The application date decides the route and where "to present" ends ---------------------------

COMMUNITY_L2 = 7  # General home care: elderly care, community care and support, level 2, open to carers
RESIDENTIAL_L2 = 13  # Communication with and care for service users: residential care, level 2


def _elderly_form(event_id: int, received_on: date, rows: list[EmploymentEntry], qids: list[int]) -> Any:
    return replace(
        valid_form(event_id=event_id, qualification_ids=qids),
        hkid=_hkid(),
        received_on=received_on.isoformat(),
        employment=rows,
    )


def test_the_seed_ids_used_below_are_what_they_say(seeded: tuple[Database, int, Path]) -> None:
    assert first_qualification(seeded[0], "Elderly care", 2) is not None
    hint = check_form(
        seeded[0], _elderly_form(seeded[1], TODAY, [], [COMMUNITY_L2, RESIDENTIAL_L2]), today=TODAY
    )
    assert [(e.industry_en, e.qf_level, e.stream, e.open_to_carers) for e in hint] == [
        ("Elderly care", 2, "Community care and support", True),
        ("Elderly care", 2, "Residential care", False),
    ]


@pytest.mark.parametrize(
    ("received_on", "route", "months", "status"),
    [
        # Postmarked the day before the window opened: assessed; the ongoing job ends that day (36 months).
        (date(2023, 8, 31), Route.ASSESSMENT, 36, EligibilityStatus.MEETS),
        (date(2023, 9, 1), Route.DOCUMENT_REVIEW, 36, EligibilityStatus.MEETS),
        # Received earlier than today shortens the ongoing job: a day short of 36 months is short by 1.
        (date(2023, 8, 30), Route.ASSESSMENT, 35, EligibilityStatus.SHORT),
    ],
)
def test_the_application_date_decides_the_route_and_ends_ongoing_jobs(
    seeded: tuple[Database, int, Path],
    received_on: date,
    route: Route,
    months: int,
    status: EligibilityStatus,
) -> None:
    database, event_id, evidence_dir = seeded
    today = date(2023, 10, 2)  # typed in a month later, inside the window
    ongoing = EmploymentEntry(
        employer="Home Care Services Ltd",
        post="Home care worker",
        industry="Elderly care",
        start="2020-09-01",
        present=True,
        proof_status="original_seen",
        relevant_to=[COMMUNITY_L2],
    )
    form = _elderly_form(event_id, received_on, [ongoing], [COMMUNITY_L2])
    (hint,) = check_form(database, form, today=today)
    lodged = lodging.lodge_application(database, form, draft_uid=None, operator="clerk", today=today)
    (stored,) = check_application(database, lodged.application_id)
    assert verdict(hint) == verdict(stored)
    assert stored.result.application_date == received_on
    assert stored.result.route is route
    assert stored.result.status is status
    experience = stored.result.experience
    assert experience is not None
    assert (experience.total_months, experience.relevant_months) == (months, months)
    assert experience.total_shortfall_months == 36 - months
    claimed = case_json(database, evidence_dir, lodged.application_id)["eligibility"][0]["claimed"]
    assert claimed["application_date"] == received_on.isoformat()
    assert claimed["route"] == route.value
    assert claimed["total_months"] == months


def test_a_caring_period_counts_only_with_the_carers_declaration(seeded: tuple[Database, int, Path]) -> None:
    """One form, two elderly-care qualifications; the declaration is given for the one open to carers."""
    database, event_id, evidence_dir = seeded
    caring = EmploymentEntry(
        employer="Family",
        post="Carer of my mother",
        industry="Elderly care",
        start="2021-07-01",
        end="2024-06-30",
        proof_status="original_seen",
        relevant_to=[COMMUNITY_L2, RESIDENTIAL_L2],
        kind="caring",
    )
    form = replace(
        _elderly_form(event_id, TODAY, [caring], [COMMUNITY_L2, RESIDENTIAL_L2]),
        carer_qualification_ids=[COMMUNITY_L2],
    )
    hint = check_form(database, form, today=TODAY)
    lodged = lodging.lodge_application(database, form, draft_uid=None, operator="clerk", today=TODAY)
    stored = check_application(database, lodged.application_id)
    assert [verdict(entry) for entry in hint] == [verdict(entry) for entry in stored]
    community, residential = stored
    assert community.result.status is EligibilityStatus.MEETS
    assert community.result.evidence_route.value == "declaration"
    assert community.result.experience is not None
    assert community.result.experience.total_months == 36
    assert residential.result.status is EligibilityStatus.SHORT
    assert residential.result.experience is not None
    assert residential.result.experience.total_months == 0
    assert residential.result.experience.total_shortfall_months == 36
    assert any("carer's declaration" in line.en for line in residential.explanation)
    summary = case_json(database, evidence_dir, lodged.application_id)
    assert [e["carer_declaration"] for e in summary["eligibility"]] == [True, False]
    assert [e["claimed"]["total_months"] for e in summary["eligibility"]] == [36, 0]
    assert summary["periods"][0]["kind"] == "caring"

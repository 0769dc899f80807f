"""Eligibility: the experience rule of every industry and level, exam-free windows, level 4, carers."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from assessor_app.core.domain.eligibility import (
    EligibilityResult,
    EligibilityStatus,
    EvidenceRoute,
    Rule,
    Window,
    applicable_window,
    decide,
)
from assessor_app.core.domain.enums import Route
from assessor_app.core.domain.experience import Explanation, Period

SEED_RULES = Path(__file__).resolve().parents[2] / "db" / "seed" / "experience-rules.csv"

# experience-rules.csv, row by row: industry, level, total years, relevant years, always assessed.
RULES = [
    ("Logistics", 1, 1, 1, False),
    ("Logistics", 2, 3, 1, False),
    ("Logistics", 3, 5, 2, False),
    ("Logistics", 4, 6, 3, True),
    ("ICT", 1, 1, 1, False),
    ("ICT", 2, 3, 1, False),
    ("ICT", 3, 5, 2, False),
    ("Elderly care", 1, 1, 1, False),
    ("Elderly care", 2, 3, 2, False),
    ("Elderly care", 3, 5, 3, False),
    ("Elderly care", 4, 6, 3, True),
    ("Jewellery", 1, 1, 1, False),
    ("Jewellery", 2, 3, 2, False),
    ("Jewellery", 3, 5, 3, False),
    ("Jewellery", 4, 6, 4, True),
    ("Automotive", 3, 5, 3, False),
    ("Automotive", 4, 6, 4, True),
    ("Property management", 3, 5, 3, False),
    ("Property management", 4, 6, 4, True),
    ("Testing inspection and certification", 2, 3, 1, False),
    ("Testing inspection and certification", 3, 5, 2, False),
    ("Testing inspection and certification", 4, 6, 3, True),
    ("Printing and publishing", 1, 1, 1, False),
    ("Printing and publishing", 2, 3, 2, False),
    ("Printing and publishing", 3, 5, 3, False),
    ("Printing and publishing", 4, 6, 4, True),
    ("Hairdressing", 4, 6, 5, True),
    ("Arboriculture and horticulture", 2, 3, 1, False),
]

COMMUNITY = Window(date(2023, 9, 1), date(2028, 8, 31), 1, 3, "Community care and support")
RESIDENTIAL = Window(date(2015, 9, 1), date(2020, 8, 31), 1, 3, "Residential care", "closed")
ELDERLY_WINDOWS = [COMMUNITY, RESIDENTIAL]
ICT_WINDOW = Window(None, date(2026, 6, 30), 1, 3, "Operation and Support", "start date not published")
FASHION_WINDOW = Window(date(2022, 1, 1), date(2026, 12, 31), 1, 3, "")


def job(
    start: date,
    end: date | None,
    industry: str,
    *,
    relevant: bool = True,
    label: str = "job",
    in_hong_kong: bool = True,
) -> Period:
    return Period(start, end, industry, relevant, "full_time", None, in_hong_kong, label)


def years_before(day: date, years: int) -> date:
    """The first day of a span of ``years`` whole years ending on ``day``."""
    return day.replace(year=day.year - years) + timedelta(days=1)


def months_before(day: date, months: int) -> date:
    """The first day of a span of ``months`` whole calendar months ending on ``day`` (a month's end)."""
    first = day.replace(day=1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def history(
    industry: str, total_years: int, relevant_years: int, on: date, *, short_months: int = 0
) -> list[Period]:
    """Relevant work for the last ``relevant_years`` and other work in the industry before it, so that
    the whole history is ``total_years`` long, less ``short_months`` at the start of the relevant part."""
    relevant_months = 12 * relevant_years - short_months
    relevant_start = months_before(on, relevant_months)
    periods = [job(relevant_start, None, industry, label="Current employer")]
    if total_years > relevant_years:
        other_start = months_before(on, 12 * total_years)
        other_end = months_before(on, 12 * relevant_years) - timedelta(days=1)
        periods.insert(0, job(other_start, other_end, industry, relevant=False, label="Earlier employer"))
    return periods


def text(lines: Sequence[Explanation]) -> str:
    return "\n".join(f"{line.en}\n{line.zh}" for line in lines)


def test_the_table_matches_the_seed_file() -> None:
    with SEED_RULES.open(encoding="utf-8", newline="") as handle:
        rows = [
            (
                row["industry"],
                int(row["qf_level"]),
                int(row["min_total_years"]),
                int(row["min_relevant_years"]),
                row["always_assessed"] == "yes",
            )
            for row in csv.DictReader(handle)
        ]
    assert rows == RULES


APPLICATION_DAY = date(2023, 11, 30)


@pytest.mark.parametrize(
    ("industry", "level", "total", "relevant", "always"),
    RULES,
    ids=[f"{industry}-L{level}" for industry, level, *_ in RULES],
)
def test_each_rule_just_met(industry: str, level: int, total: int, relevant: int, always: bool) -> None:
    rule = Rule(total, relevant, always, industry=industry)
    periods = history(industry, total, relevant, APPLICATION_DAY)
    result = decide(level, "", False, rule, [], periods, APPLICATION_DAY, False)
    assert result.status is EligibilityStatus.MEETS
    assert result.experience is not None
    assert result.experience.total_months == 12 * total
    assert result.experience.relevant_months == 12 * relevant
    assert result.experience.shortfall_months == 0
    assert result.route is Route.ASSESSMENT
    assert result.explanation[0].en.startswith(f"{industry} level {level}: ")
    assert f"No exam-free window applies on {APPLICATION_DAY}" in text(result.explanation)


@pytest.mark.parametrize(
    ("industry", "level", "total", "relevant", "always"),
    RULES,
    ids=[f"{industry}-L{level}" for industry, level, *_ in RULES],
)
def test_each_rule_a_month_short(industry: str, level: int, total: int, relevant: int, always: bool) -> None:
    rule = Rule(total, relevant, always, industry=industry)
    periods = history(industry, total, relevant, APPLICATION_DAY, short_months=1)
    result = decide(level, "", False, rule, [], periods, APPLICATION_DAY, False)
    assert result.status is EligibilityStatus.SHORT
    assert result.experience is not None
    assert result.experience.relevant_months == 12 * relevant - 1
    assert result.experience.total_months == 12 * total - 1
    assert result.experience.shortfall_months == 1
    assert result.shortfall_months == 1
    assert "short by 1 month;" in result.explanation[-1].en


@pytest.mark.parametrize(
    ("industry", "level", "total", "relevant"),
    [
        ("Logistics", 3, 5, 2),
        ("Elderly care", 2, 3, 2),
        ("Jewellery", 4, 6, 4),
        ("Testing inspection and certification", 2, 3, 1),
    ],
)
def test_worked_cases_with_real_dates(industry: str, level: int, total: int, relevant: int) -> None:
    day = date(2023, 11, 8)  # the Cathay cargo terminal promotion day
    rule = Rule(total, relevant, level == 4, industry=industry)
    earlier = job(
        years_before(day, total), years_before(day, relevant) - timedelta(days=1), industry, relevant=False
    )
    current = job(years_before(day, relevant), None, industry)
    met = decide(level, "", False, rule, [], [earlier, current], day, False)
    assert met.status is EligibilityStatus.MEETS
    # Starting the current job one month later leaves a one-month gap and a one-month shortfall.
    late = job(years_before(day, relevant).replace(month=12), None, industry)  # 9 Dec instead of 9 Nov
    short = decide(level, "", False, rule, [], [earlier, late], day, False)
    assert short.experience is not None
    assert short.experience.total_shortfall_months == 1
    assert short.experience.relevant_shortfall_months == 1
    assert short.status is EligibilityStatus.SHORT


def test_logistics_level_3_explained_in_full() -> None:
    day = date(2023, 11, 8)
    periods = [
        job(
            date(2018, 11, 9),
            date(2021, 11, 8),
            "Logistics",
            relevant=False,
            label="Asia Cargo Terminal (Clerk)",
        ),
        job(date(2021, 12, 9), None, "Logistics", label="Harbour Air Freight (Supervisor)"),
    ]
    result = decide(
        3, "", False, Rule(5, 2, False, industry="Logistics", industry_zh="物流業"), [], periods, day, False
    )
    assert result.status is EligibilityStatus.SHORT
    assert result.experience is not None
    assert (result.experience.total_months, result.experience.relevant_months) == (59, 23)
    assert result.experience.shortfall_months == 1
    lines = text(result.explanation)
    assert "Logistics level 3: 5 years in the industry including 2 relevant (60 and 24 months)." in lines
    assert "物流業第 3 級" in lines
    assert (
        "Harbour Air Freight (Supervisor), 2021-12-09 to 2023-11-08 (ongoing: counted to the application date)"
        in lines
    )
    assert "No exam-free window applies on 2023-11-08: the qualification is assessed." in lines
    assert result.explanation[-1].en == (
        "Outcome: does not meet the experience rule, short by 1 month; route if it did: assessment."
    )


# --- Exam-free windows -------------------------------------------------------------------------

ELDERLY_L2 = Rule(3, 2, False, industry="Elderly care", industry_zh="安老服務業")
ENOUGH_CARE = [job(date(2010, 1, 1), None, "Elderly care")]


def elderly(day: date, *, stream: str = "Community care and support", level: int = 2) -> EligibilityResult:
    rule = Rule(6, 3, True, industry="Elderly care") if level == 4 else ELDERLY_L2
    return decide(level, stream, False, rule, ELDERLY_WINDOWS, ENOUGH_CARE, day, False)


@pytest.mark.parametrize(
    ("day", "route"),
    [
        (date(2023, 8, 31), Route.ASSESSMENT),  # the day before it opens
        (date(2023, 9, 1), Route.DOCUMENT_REVIEW),  # opens on the application date
        (date(2024, 3, 1), Route.DOCUMENT_REVIEW),
        (date(2028, 8, 31), Route.DOCUMENT_REVIEW),  # closes on the application date
        (date(2028, 9, 1), Route.ASSESSMENT),  # the day after it closes
    ],
)
def test_window_edges_are_inclusive(day: date, route: Route) -> None:
    result = elderly(day)
    assert result.route is route
    assert result.status is EligibilityStatus.MEETS
    assert (result.window is COMMUNITY) == (route is Route.DOCUMENT_REVIEW)


def test_window_applied_is_named_with_its_dates() -> None:
    result = elderly(date(2024, 3, 1))
    assert (
        "Exam-free window applied: Elderly care – Community care and support, levels 1–3, 2023-09-01 to "
        "2028-08-31, covers the application date 2024-03-01: level 2 may pass on documents alone "
        "(document review)." in text(result.explanation)
    )
    assert (
        "適用免試期：安老服務業 – Community care and support，第 1 至 3 級，2023-09-01 至 2028-08-31"
        in text(result.explanation)
    )
    assert (
        result.explanation[-1].en
        == "Outcome: meets the experience rule; route: document review (documents alone)."
    )


def test_the_day_after_a_window_closes_says_so() -> None:
    result = elderly(date(2028, 9, 1))
    lines = text(result.explanation)
    assert "No exam-free window applies on 2028-09-01: the qualification is assessed." in lines
    assert "closed on 2028-08-31" in lines


def test_before_a_window_opens_says_when() -> None:
    lines = text(elderly(date(2023, 8, 31)).explanation)
    assert "opens on 2023-09-01, after the application date" in lines


def test_window_without_a_start_date() -> None:
    rule = Rule(3, 1, False, industry="ICT")
    periods = [job(date(1990, 1, 1), None, "ICT")]
    for day, route in [
        (date(2001, 1, 1), Route.DOCUMENT_REVIEW),
        (date(2026, 6, 30), Route.DOCUMENT_REVIEW),
        (date(2026, 7, 1), Route.ASSESSMENT),
    ]:
        result = decide(2, "Operation and Support", False, rule, [ICT_WINDOW], periods, day, False)
        assert result.route is route, day
    inside = decide(2, "operation and support", False, rule, [ICT_WINDOW], periods, date(2024, 1, 2), False)
    assert inside.route is Route.DOCUMENT_REVIEW  # streams match regardless of case
    assert "until 2026-06-30 (start date not published)" in text(inside.explanation)
    assert "至 2026-06-30（開始日期未有公布）" in text(inside.explanation)


def test_stream_specific_windows() -> None:
    assert elderly(date(2024, 3, 1), stream="Community care and support").route is Route.DOCUMENT_REVIEW
    residential = elderly(date(2024, 3, 1), stream="Residential care")
    assert residential.route is Route.ASSESSMENT
    assert residential.window is None
    lines = text(residential.explanation)
    assert (
        "The exam-free window Elderly care – Residential care, levels 1–3, 2015-09-01 to 2020-08-31 closed on 2020-08-31."
        in lines
    )
    assert "Community care" not in lines  # another stream's window is not mentioned
    # In 2019 it was the other way round.
    assert elderly(date(2019, 5, 1), stream="Residential care").route is Route.DOCUMENT_REVIEW
    assert elderly(date(2019, 5, 1), stream="Community care and support").route is Route.ASSESSMENT


def test_a_window_without_a_stream_covers_the_whole_industry() -> None:
    rule = Rule(1, 1, False, industry="Fashion")
    periods = [job(date(2015, 1, 1), None, "Fashion")]
    for stream in ("", "Knitwear", "Retail merchandising"):
        result = decide(1, stream, False, rule, [FASHION_WINDOW], periods, date(2024, 1, 1), False)
        assert result.route is Route.DOCUMENT_REVIEW
    assert applicable_window(2, "Anything", [FASHION_WINDOW], date(2027, 1, 1)) is None


def test_level_4_is_always_assessed_even_in_a_window() -> None:
    result = elderly(date(2024, 3, 1), level=4)
    assert result.route is Route.ASSESSMENT
    assert "No exam-free window applies on 2024-03-01: level 4 is always assessed" in text(result.explanation)
    wide = Window(date(2020, 1, 1), date(2030, 12, 31), 1, 4)
    rule = Rule(6, 3, False, industry="Logistics")
    anyway = decide(
        4, "", False, rule, [wide], [job(date(2000, 1, 1), None, "Logistics")], date(2024, 1, 1), False
    )
    assert anyway.route is Route.ASSESSMENT


def test_a_rule_that_is_always_assessed_overrides_the_window() -> None:
    rule = Rule(3, 2, True, industry="Elderly care")
    result = decide(
        2, "Community care and support", False, rule, ELDERLY_WINDOWS, ENOUGH_CARE, date(2024, 3, 1), False
    )
    assert result.route is Route.ASSESSMENT
    assert result.window is COMMUNITY
    assert "always requires an assessment" in text(result.explanation)


def test_levels_outside_the_window_range_are_assessed() -> None:
    narrow = Window(date(2020, 1, 1), date(2030, 12, 31), 1, 2)
    rule = Rule(5, 2, False, industry="Logistics")
    result = decide(
        3, "", False, rule, [narrow], [job(date(2000, 1, 1), None, "Logistics")], date(2024, 1, 1), False
    )
    assert result.route is Route.ASSESSMENT


def test_route_is_given_even_when_the_experience_is_short() -> None:
    periods = [job(date(2023, 1, 1), None, "Elderly care")]
    day = date(2024, 3, 1)
    result = decide(2, "Community care and support", False, ELDERLY_L2, ELDERLY_WINDOWS, periods, day, False)
    assert result.status is EligibilityStatus.SHORT
    assert result.route is Route.DOCUMENT_REVIEW
    assert result.shortfall_months == 22


# --- Carers ------------------------------------------------------------------------------------


def test_carer_declaration_for_a_qualification_open_to_carers() -> None:
    carer = Period(date(2019, 1, 1), None, "Elderly care", True, "carer", None, True, "Caring for my mother")
    result = decide(
        2, "Community care and support", True, ELDERLY_L2, ELDERLY_WINDOWS, [carer], date(2024, 3, 1), True
    )
    assert result.status is EligibilityStatus.MEETS
    assert result.evidence_route is EvidenceRoute.DECLARATION
    assert result.route is Route.DOCUMENT_REVIEW
    assert "the declaration replaces employer proof" in text(result.explanation)
    assert result.ineligible_reasons == []


def test_carer_declaration_for_a_qualification_not_open_to_carers_is_ineligible() -> None:
    result = decide(
        2, "Residential care", False, ELDERLY_L2, ELDERLY_WINDOWS, ENOUGH_CARE, date(2024, 3, 1), True
    )
    assert result.status is EligibilityStatus.NOT_ELIGIBLE
    assert result.evidence_route is EvidenceRoute.EMPLOYER_PROOF
    assert len(result.ineligible_reasons) == 1
    assert (
        "accepted only for the eight elderly-care qualifications open to carers"
        in result.ineligible_reasons[0].en
    )
    assert result.explanation[-1].en == "Outcome: not eligible (see the reason above)."
    assert not result.eligible


def test_open_to_carers_without_a_declaration_needs_employer_proof() -> None:
    result = decide(
        1,
        "Community care and support",
        True,
        Rule(1, 1, False, industry="Elderly care"),
        ELDERLY_WINDOWS,
        ENOUGH_CARE,
        date(2024, 3, 1),
        False,
    )
    assert result.evidence_route is EvidenceRoute.EMPLOYER_PROOF
    assert "a carer without formal employment may give a declaration instead" in text(result.explanation)


# --- Decisions left to the assessor, and missing rules -----------------------------------------


def test_overseas_work_makes_it_the_assessors_decision() -> None:
    day = date(2024, 3, 1)
    periods = [
        job(date(2017, 1, 1), date(2020, 12, 31), "Logistics", in_hong_kong=False, label="Shenzhen depot"),
        job(date(2021, 1, 1), None, "Logistics", label="Kwai Chung"),
    ]
    result = decide(3, "", False, Rule(5, 2, False, industry="Logistics"), [], periods, day, False)
    assert result.status is EligibilityStatus.NEEDS_DECISION
    assert result.experience is not None
    assert not result.experience.met
    assert "meets the rule if the overseas period is accepted" in text(result.explanation)
    assert result.explanation[-1].en.startswith("Outcome: needs the assessor's decision")


def test_part_time_that_meets_only_in_full_is_the_assessors_decision() -> None:
    part_time = Period(date(2020, 1, 1), None, "Logistics", True, "part_time", 20, True, "Evening loader")
    result = decide(
        2, "", False, Rule(3, 1, False, industry="Logistics"), [], [part_time], date(2024, 3, 1), False
    )
    assert result.status is EligibilityStatus.NEEDS_DECISION
    assert result.experience is not None
    assert result.experience.met
    assert not result.experience.met_if_prorated


def test_no_published_rule() -> None:
    periods = [job(date(2000, 1, 1), None, "Printing and publishing")]
    result = decide(
        4,
        "",
        False,
        None,
        [],
        periods,
        date(2024, 3, 1),
        False,
        industry="Printing and publishing",
        industry_zh="印刷及出版業",
    )
    assert result.status is EligibilityStatus.NO_RULE
    assert result.experience is None
    assert result.shortfall_months is None
    assert result.route is Route.ASSESSMENT
    lines = text(result.explanation)
    assert "No published experience rule for Printing and publishing level 4" in lines
    assert "印刷及出版業第 4 級沒有已公布的工作經驗規則" in lines
    assert "no published rule for this level" in result.explanation[-1].en


def test_qualification_specific_rule_is_named() -> None:
    rule = Rule(2, 1, False, industry="Printing and publishing", qualification_specific=True)
    result = decide(
        1,
        "",
        False,
        rule,
        [],
        [job(date(2020, 1, 1), None, "Printing and publishing")],
        date(2024, 3, 1),
        False,
    )
    assert result.explanation[0].en.startswith("Rule for this qualification (replaces the industry rule): ")
    assert result.status is EligibilityStatus.MEETS


def test_documented_logistics_example() -> None:
    """Worked example 2 of docs/eligibility.md, figure by figure."""
    periods = [
        job(
            date(2019, 1, 2),
            date(2021, 6, 30),
            "Logistics",
            relevant=False,
            label="Asia Cargo Terminal (Cargo handler)",
        ),
        Period(
            date(2021, 3, 1),
            date(2022, 2, 28),
            "Logistics",
            True,
            "part_time",
            20,
            True,
            "Harbour Air Freight (Night-shift loader)",
        ),
        job(date(2022, 3, 1), None, "Logistics", label="Harbour Air Freight (Supervisor)"),
        job(
            date(2017, 1, 1),
            date(2018, 12, 31),
            "Logistics",
            in_hong_kong=False,
            label="Shenzhen Bonded Warehouse (Clerk)",
        ),
    ]
    surveying = Window(None, date(2026, 2, 15), 1, 3, "Surveying")
    rule = Rule(5, 2, False, industry="Logistics", industry_zh="物流業")
    result = decide(3, "", False, rule, [surveying], periods, date(2023, 11, 8), False)
    assert result.status is EligibilityStatus.NEEDS_DECISION
    assert result.route is Route.ASSESSMENT
    experience = result.experience
    assert experience is not None
    assert experience.total.months_exact == Fraction(30, 31) + 57 + Fraction(1, 28) + Fraction(8, 30)
    assert experience.relevant.months_exact == 32 + Fraction(8, 30)
    assert (experience.total_months, experience.relevant_months) == (58, 32)
    assert (experience.total_prorated_months, experience.relevant_prorated_months) == (54, 26)
    assert (
        experience.total_if_overseas_accepted_months,
        experience.relevant_if_overseas_accepted_months,
    ) == (82, 56)
    assert experience.shortfall_months == 2
    documented = (Path(__file__).resolve().parents[2] / "docs" / "eligibility.md").read_text(encoding="utf-8")
    for line in result.explanation:
        assert f"- {line.en}\n" in documented

"""Work experience: union of periods, months counted, part-time and overseas periods, properties."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor_app.core.domain.experience import (
    Coverage,
    Explanation,
    Flag,
    Interval,
    Period,
    Requirement,
    assess_experience,
    coverage,
    merge,
)
from assessor_app.core.domain.months import TICKS, month_ticks, month_weight, months_between, shortfall

AS_OF = date(2024, 3, 1)
LOGISTICS_L3 = Requirement("Logistics", 3, 5, 2, industry_zh="物流業")


def period(
    start: str,
    end: str | None,
    *,
    label: str = "job",
    industry: str = "Logistics",
    relevant: bool = True,
    employment_type: str = "full_time",
    hours: int | None = None,
    in_hong_kong: bool = True,
) -> Period:
    return Period(
        start=date.fromisoformat(start),
        end=None if end is None else date.fromisoformat(end),
        industry=industry,
        relevant=relevant,
        employment_type=employment_type,
        hours_per_week=hours,
        in_hong_kong=in_hong_kong,
        label=label,
    )


def texts(lines: Sequence[Explanation]) -> str:
    return "\n".join(f"{line.en}\n{line.zh}" for line in lines)


# --- The month convention -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2021-01-01", "2021-12-31", Fraction(12)),  # a common year
        ("2020-01-01", "2020-12-31", 12 + Fraction(1, 28)),  # a leap year: 29 Feb is a bonus day
        ("2019-03-01", "2020-02-29", 12 + Fraction(1, 28)),  # ends on 29 Feb
        ("2020-02-29", "2021-02-28", 12 + Fraction(1, 28)),  # starts on 29 Feb
        ("2020-02-01", "2020-03-31", 2 + Fraction(1, 28)),  # spans 29 Feb
        ("2020-02-29", "2020-02-29", Fraction(1, 28)),
        ("2023-02-01", "2023-02-28", Fraction(1)),  # February of a common year is a whole month
        ("2023-04-01", "2023-04-30", Fraction(1)),
        ("2023-01-31", "2023-01-31", Fraction(1, 31)),
        ("2023-01-15", "2023-02-14", Fraction(17, 31) + Fraction(14, 28)),
        ("2019-02-15", "2024-02-14", 60 + Fraction(1, 28)),  # five years across a leap year
        ("2019-01-31", "2020-01-30", Fraction(12)),
        ("2021-07-16", "2023-07-15", Fraction(24)),  # no 29 Feb inside: exact
    ],
)
def test_months_between_worked_cases(start: str, end: str, months: Fraction) -> None:
    assert months_between(date.fromisoformat(start), date.fromisoformat(end)) == months


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
    st.integers(min_value=0, max_value=1500),
)
def test_the_closed_form_adds_up_the_days(start: date, days: int) -> None:
    # The definition itself: each day 1 / its month's weight (February always 28: 29 February a bonus).
    end = start + timedelta(days=days)
    each_day = [start + timedelta(days=n) for n in range(days + 1)]
    assert month_ticks(start, end) == sum(TICKS // month_weight(d.year, d.month) for d in each_day)
    assert months_between(start, end) == sum(Fraction(1, month_weight(d.year, d.month)) for d in each_day)


def test_shortfall_is_rounded_up_to_whole_months() -> None:
    assert shortfall(60, Fraction(60)) == 0
    assert shortfall(60, Fraction(61)) == 0
    assert shortfall(60, 59 + Fraction(30, 31)) == 1
    assert shortfall(60, Fraction(59)) == 1
    assert shortfall(60, 58 + Fraction(1, 31)) == 2


# --- Union, overlaps, touching periods ---------------------------------------------------------


def test_overlapping_periods_count_once() -> None:
    first = period("2018-01-01", "2019-06-30", label="Asia Cargo")
    second = period("2019-01-01", "2020-12-31", label="Harbour Freight")
    result = coverage([first, second], AS_OF)
    assert result.intervals == (Interval(date(2018, 1, 1), date(2020, 12, 31)),)
    assert result.days == 365 + 365 + 366
    assert result.months_exact == 36 + Fraction(1, 28)
    assert result.months == 36
    assert len(result.overlaps) == 1
    overlap = result.overlaps[0]
    assert (overlap.first, overlap.second) == ("Asia Cargo", "Harbour Freight")
    assert (overlap.start, overlap.end, overlap.days) == (date(2019, 1, 1), date(2019, 6, 30), 181)


def test_overlap_is_explained() -> None:
    periods = [
        period("2018-01-01", "2019-06-30", label="Asia Cargo"),
        period("2019-01-01", "2020-12-31", label="Harbour Freight"),
    ]
    result = assess_experience(periods, LOGISTICS_L3, AS_OF)
    assert Flag.OVERLAP in result.flags
    text = texts(result.explanation)
    assert (
        "Overlap counted once: Asia Cargo and Harbour Freight both cover 2019-01-01 to 2019-06-30 (181 days)."
        in text
    )
    assert "重疊部分只計算一次" in text


def test_touching_periods_merge_into_one_interval() -> None:
    periods = [period("2018-01-01", "2018-06-30"), period("2018-07-01", "2018-12-31")]
    result = coverage(periods, AS_OF)
    assert result.intervals == (Interval(date(2018, 1, 1), date(2018, 12, 31)),)
    assert result.overlaps == ()
    assert result.months_exact == 12
    assert result.days == 365


def test_a_one_day_gap_keeps_intervals_apart_and_costs_a_month() -> None:
    periods = [period("2018-01-01", "2018-06-29"), period("2018-07-01", "2018-12-31")]
    result = coverage(periods, AS_OF)
    assert len(result.intervals) == 2
    assert result.months_exact == 12 - Fraction(1, 30)
    assert result.months == 11
    one_year = assess_experience(periods, Requirement("Logistics", 1, 1, 1), AS_OF)
    assert not one_year.met
    assert one_year.shortfall_months == 1


def test_merge_sorts_and_joins() -> None:
    merged = merge(
        [
            Interval(date(2020, 5, 1), date(2020, 5, 31)),
            Interval(date(2020, 1, 1), date(2020, 1, 31)),
            Interval(date(2020, 2, 1), date(2020, 2, 10)),
            Interval(date(2020, 1, 10), date(2020, 1, 20)),
        ]
    )
    assert merged == [
        Interval(date(2020, 1, 1), date(2020, 2, 10)),
        Interval(date(2020, 5, 1), date(2020, 5, 31)),
    ]


# --- Ongoing, future and clipped periods -------------------------------------------------------


def test_ongoing_job_ends_on_the_application_date() -> None:
    ongoing = period("2021-03-01", None, label="Harbour Freight")
    result = assess_experience([ongoing], Requirement("Logistics", 2, 3, 1), date(2024, 2, 29))
    assert result.total.intervals == (Interval(date(2021, 3, 1), date(2024, 2, 29)),)
    assert result.total.months_exact == 36 + Fraction(1, 28)
    assert result.total_months == 36
    assert result.met
    assert "2021-03-01 to 2024-02-29 (ongoing: counted to the application date)" in texts(
        list(result.explanation)
    )
    # The day before, the same job is exactly three years (February 2024 up to the 28th is whole).
    assert coverage([ongoing], date(2024, 2, 28)).months_exact == 36


def test_period_after_the_application_date_is_not_counted() -> None:
    periods = [
        period("2024-04-01", None, label="Future job"),
        period("2023-01-01", "2025-12-31", label="Clipped"),
    ]
    result = assess_experience(periods, Requirement("Logistics", 1, 1, 1), AS_OF)
    assert result.total.intervals == (Interval(date(2023, 1, 1), AS_OF),)
    assert result.total_months == 14
    assert Flag.STARTS_AFTER_APPLICATION_DATE in result.flags
    assert Flag.RUNS_PAST_APPLICATION_DATE in result.flags
    text = texts(result.explanation)
    assert "Not counted: Future job starts on 2024-04-01, after the application date 2024-03-01." in text
    assert "(counted only to the application date 2024-03-01)" in text


def test_a_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="ends"):
        period("2020-01-02", "2020-01-01")


# --- Part-time and overseas --------------------------------------------------------------------


def test_part_time_counts_in_full_with_a_prorated_suggestion() -> None:
    part_time = period("2019-01-01", "2022-12-31", label="Night shift", employment_type="part_time", hours=20)
    result = assess_experience([part_time], Requirement("Logistics", 2, 3, 1), AS_OF)
    assert result.total_months == 48
    assert result.relevant_months == 48
    assert result.total_prorated_months == 24
    assert result.relevant_prorated_months == 24
    assert result.met
    assert not result.met_if_prorated
    assert result.needs_decision
    assert Flag.PART_TIME in result.flags
    assert result.part_time_periods == ("Night shift",)
    text = texts(result.explanation)
    assert "Part-time, 20 hours a week: counted in full; prorated suggestion 0.5 of full time" in text
    assert "prorated, the rule would not be met" in text


def test_prorating_is_capped_and_overlaps_take_the_larger_weight() -> None:
    long_hours = period("2019-01-01", "2019-12-31", employment_type="part_time", hours=60)
    assert coverage([long_hours], AS_OF).prorated_months_exact == 12
    full = period("2020-01-01", "2020-06-30", label="Full time")
    half = period("2020-01-01", "2020-12-31", label="Half", employment_type="part_time", hours=20)
    result = coverage([full, half], AS_OF)
    assert result.months_exact == 12 + Fraction(1, 28)
    # January to June (6 1/28 months with 29 Feb) at full weight, July to December (6) at half.
    assert result.prorated_months_exact == 6 + Fraction(1, 28) + 3


def test_part_time_without_hours_is_flagged_and_not_prorated() -> None:
    unknown = period("2019-01-01", "2019-12-31", employment_type="part_time")
    result = assess_experience([unknown], Requirement("Logistics", 1, 1, 1), AS_OF)
    assert Flag.PART_TIME_HOURS_MISSING in result.flags
    assert result.total_prorated_months == 12
    assert "hours a week not declared" in texts(result.explanation)


def test_overseas_period_is_excluded_and_needs_a_decision() -> None:
    periods = [
        period("2017-01-01", "2018-12-31", label="Shenzhen depot", in_hong_kong=False),
        period("2019-01-01", "2021-12-31", label="Kwai Chung terminal"),
    ]
    result = assess_experience(periods, LOGISTICS_L3, AS_OF)
    assert result.total_months == 36
    assert result.total_shortfall_months == 24
    assert not result.met
    assert result.total_if_overseas_accepted_months == 60
    assert result.relevant_if_overseas_accepted_months == 60
    assert result.met_if_overseas_accepted is True
    assert result.needs_decision
    assert result.overseas_periods == ("Shenzhen depot",)
    assert result.counted_periods == ("Kwai Chung terminal",)
    assert Flag.OVERSEAS in result.flags
    text = texts(result.explanation)
    assert "Needs the assessor's decision: Shenzhen depot, 2017-01-01 to 2018-12-31" in text
    assert "meets the rule if the overseas period is accepted" in text


def test_overseas_not_enough_even_if_accepted() -> None:
    periods = [
        period("2022-01-01", "2022-12-31", in_hong_kong=False),
        period("2023-01-01", "2023-12-31"),
    ]
    result = assess_experience(periods, LOGISTICS_L3, AS_OF)
    assert result.met_if_overseas_accepted is False
    assert not result.needs_decision
    assert "the rule would not be met even then" in texts(result.explanation)


# --- Industries and relevance ------------------------------------------------------------------


def test_periods_in_another_industry_count_for_neither_figure() -> None:
    periods = [
        period("2010-01-01", "2017-12-31", label="Shop", industry="Retail"),
        period("2018-01-01", "2021-12-31", label="Terminal", relevant=False),
        period("2022-01-01", "2023-12-31", label="Warehouse", relevant=True),
    ]
    result = assess_experience(periods, LOGISTICS_L3, date(2023, 12, 31))
    assert result.total_months == 72
    assert result.relevant_months == 24
    assert result.met
    assert result.other_industry_periods == ("Shop",)
    assert Flag.OTHER_INDUSTRY in result.flags
    text = texts(result.explanation)
    assert "Not counted: Shop, 2010-01-01 to 2017-12-31: another industry (Retail)." in text
    assert "Counted (in the industry, not relevant to this qualification): Terminal" in text
    assert "Counted (relevant): Warehouse, 2022-01-01 to 2023-12-31, 730 days." in text


def test_industry_names_match_regardless_of_case() -> None:
    result = assess_experience(
        [period("2023-01-01", "2023-12-31", industry=" logistics ")], Requirement("Logistics", 1, 1, 1), AS_OF
    )
    assert result.total_months == 12


def test_relevant_shortfall_is_kept_apart_from_the_total() -> None:
    periods = [
        period("2018-01-01", "2022-06-30", industry="Elderly care", relevant=False),
        period("2022-07-01", "2023-12-31", industry="Elderly care", relevant=True),
    ]
    result = assess_experience(periods, Requirement("Elderly care", 3, 5, 3), date(2023, 12, 31))
    assert result.total_months == 72
    assert result.relevant_months == 18
    assert result.total_shortfall_months == 0
    assert result.relevant_shortfall_months == 18
    assert result.shortfall_months == 18
    text = texts(result.explanation)
    assert "short by 18 months of relevant experience" in text


def test_the_rule_is_named_in_the_explanation() -> None:
    result = assess_experience([], LOGISTICS_L3, AS_OF)
    assert result.explanation[0].en == (
        "Logistics level 3: 5 years in the industry including 2 relevant (60 and 24 months)."
    )
    assert result.explanation[0].zh.startswith("物流業第 3 級：行業經驗 5 年，其中 2 年")
    assert result.shortfall_months == 60
    assert "No periods of work were given." in texts(result.explanation)


def test_summary_line_gives_months_years_and_days() -> None:
    result = assess_experience([period("2018-11-09", "2023-11-08")], LOGISTICS_L3, date(2023, 11, 8))
    assert result.total_months == 60
    assert (
        "Counted in Logistics: total 60 months (5 years; 1826 days) of 60 months required; relevant "
        "60 months (5 years; 1826 days) of 24 months required." in texts(result.explanation)
    )


# --- Properties --------------------------------------------------------------------------------

PROPERTY_AS_OF = date(2026, 1, 1)
starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2026, 6, 30))


@st.composite
def periods_strategy(draw: st.DrawFn) -> Period:
    start = draw(starts)
    length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=3000)))
    part_time = draw(st.booleans())
    return Period(
        start=start,
        end=None if length is None else start + timedelta(days=length),
        industry=draw(st.sampled_from(["Logistics", "Retail"])),
        relevant=draw(st.booleans()),
        employment_type="part_time" if part_time else "full_time",
        hours_per_week=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=60)))
        if part_time
        else None,
        in_hong_kong=draw(st.booleans()),
        label=f"p{draw(st.integers(min_value=0, max_value=10**6))}",
    )


period_lists = st.lists(periods_strategy(), max_size=8)


@settings(max_examples=150, deadline=None)
@given(period_lists, periods_strategy())
def test_adding_a_period_never_reduces_the_total(periods: list[Period], extra: Period) -> None:
    before = coverage(periods, PROPERTY_AS_OF)
    after = coverage([*periods, extra], PROPERTY_AS_OF)
    assert after.months_exact >= before.months_exact
    assert after.prorated_months_exact >= before.prorated_months_exact
    assert after.days >= before.days
    assert after.months >= before.months


@settings(max_examples=150, deadline=None)
@given(period_lists)
def test_the_total_never_exceeds_the_span(periods: list[Period]) -> None:
    result = coverage(periods, PROPERTY_AS_OF)
    clipped = [days for p in periods if (days := p.clipped(PROPERTY_AS_OF)) is not None]
    if not clipped:
        assert result.months_exact == 0
        assert result.days == 0
        return
    first = min(days.start for days in clipped)
    last = max(days.end for days in clipped)
    assert result.months_exact <= months_between(first, last)
    assert result.days <= (last - first).days + 1
    assert result.prorated_months_exact <= result.months_exact


@settings(max_examples=150, deadline=None)
@given(period_lists, st.randoms(use_true_random=False))
def test_the_union_is_order_independent(periods: list[Period], rng: random.Random) -> None:
    shuffled = list(periods)
    rng.shuffle(shuffled)
    one = coverage(periods, PROPERTY_AS_OF)
    other = coverage(shuffled, PROPERTY_AS_OF)
    assert one.intervals == other.intervals
    assert one.months_exact == other.months_exact
    assert one.prorated_months_exact == other.prorated_months_exact
    assert one.days == other.days

    def overlap_set(result: Coverage) -> set[tuple[frozenset[str], date, date]]:
        return {(frozenset((o.first, o.second)), o.start, o.end) for o in result.overlaps}

    if len({p.label for p in periods}) == len(periods):
        assert overlap_set(one) == overlap_set(other)


@settings(max_examples=150, deadline=None)
@given(period_lists)
def test_merged_intervals_are_disjoint_and_add_up(periods: list[Period]) -> None:
    result = coverage(periods, PROPERTY_AS_OF)
    for earlier, later in pairwise(result.intervals):
        assert later.start > earlier.end + timedelta(days=1)
    assert result.months_exact == sum((interval.months for interval in result.intervals), Fraction(0))
    assert result.days == sum(interval.days for interval in result.intervals)


def _day_by_day(periods: list[Period], as_of: date) -> tuple[Fraction, Fraction]:
    """The oracle: every covered day up to ``as_of``, one by one, at the largest factor covering it."""
    clipped = [(p, days) for p in periods if (days := p.clipped(as_of)) is not None]
    counted = prorated = Fraction(0)
    if not clipped:
        return counted, prorated
    day, last = min(d.start for _, d in clipped), max(d.end for _, d in clipped)
    while day <= last:
        covering = [p for p, d in clipped if d.start <= day <= d.end]
        if covering:
            worth = Fraction(TICKS // month_weight(day.year, day.month), TICKS)
            counted += worth * max(p.counted_factor for p in covering)
            prorated += worth * max(p.prorate_factor for p in covering)
        day += timedelta(days=1)
    return counted, prorated


full_time_lists = st.lists(
    periods_strategy().map(lambda p: replace(p, employment_type="full_time", hours_per_week=None)), max_size=6
)


@settings(max_examples=60, deadline=None)
@given(st.one_of(full_time_lists, st.lists(periods_strategy(), max_size=6)))
def test_both_figures_equal_a_day_by_day_count(periods: list[Period]) -> None:
    """Full-time lists take the union's months, the others the sweep: both agree with the oracle."""
    result = coverage(periods, PROPERTY_AS_OF)
    assert (result.months_exact, result.prorated_months_exact) == _day_by_day(periods, PROPERTY_AS_OF)


@settings(max_examples=150, deadline=None)
@given(period_lists, st.integers(min_value=1, max_value=6), st.integers(min_value=0, max_value=6))
def test_relevant_never_exceeds_total(periods: list[Period], total_years: int, relevant_years: int) -> None:
    requirement = Requirement("Logistics", 2, total_years, min(relevant_years, total_years))
    result = assess_experience(periods, requirement, PROPERTY_AS_OF)
    assert result.relevant.months_exact <= result.total.months_exact
    assert result.relevant_months <= result.total_months
    assert result.relevant_prorated_months <= result.total_prorated_months
    assert result.met == (result.shortfall_months == 0)
    if not result.met:
        assert result.shortfall_months == max(
            requirement.total_months - result.total_months,
            requirement.relevant_months - result.relevant_months,
        )
    if result.total_if_overseas_accepted_months is not None:
        assert result.total_if_overseas_accepted_months >= result.total_months


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)), st.integers(min_value=1, max_value=10)
)
def test_whole_years_from_any_date_count_whole_years(start: date, years: int) -> None:
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February in a common year: the anniversary is 1 March
        anniversary = date(start.year + years, 3, 1)
    measured = months_between(start, anniversary - timedelta(days=1))
    assert measured >= 12 * years
    assert int(measured) == 12 * years


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1990, max_value=2040), st.integers(min_value=1, max_value=12))
def test_every_calendar_month_counts_one(year: int, month: int) -> None:
    first = date(year, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    measured = months_between(first, last)
    if month == 2 and last.day == 29:
        assert measured == Fraction(29, 28)
    else:
        assert measured == 1

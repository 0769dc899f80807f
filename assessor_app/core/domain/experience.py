"""Work experience against an experience rule: the union of periods, months counted, shortfall, why.

Plain dataclasses and pure functions: no database, no Qt. The conventions (stated once here and in
``docs/eligibility.md``; the explanation lines repeat them in plain words):

**Periods.** A period covers whole days, both ends included. An ongoing period (``end`` is None) ends on
``as_of``, the application date; a period running past ``as_of`` is counted up to ``as_of`` and one
starting after it is not counted.

**Union.** Periods are merged into the union of their day ranges: overlapping periods, and touching ones
(one ends the day before the next starts), become one interval, so a day worked in two jobs counts once.
The overlaps found (which two periods, which days) are listed for the assessor.

**Months.** Experience is measured in calendar months. Each day counts as ``1 / (days in its month)`` of
a month, except that February is always taken as 28 days, so 29 February is a bonus day (a leap year of
work is worth 12 1/28 months). Consequences: every whole calendar month counts exactly 1; any span from
a date to the day before the same date *n* years later counts at least ``12 n`` months, leap years or
not (2019-02-15 to 2024-02-14 is exactly 60); and the measure is additive over days, so it never counts
a day twice, adding a period never lowers it and it never exceeds the span from the first start to the
last end. The exact figure is kept as a :class:`~fractions.Fraction`; the figure shown is its whole
months (rounded down). A rule of *y* years needs ``12 y`` months: it is met when the exact figure
reaches that, and the shortfall is the missing part rounded **up** to whole months
(``12 y - shown months``).

**Total and relevant.** The total counts every period in the rule's industry; the relevant figure counts
only those marked relevant to the qualification. A period in another industry counts for neither.

**Part-time.** A part-time period is counted in full in the figures shown, and a prorated suggestion
(hours a week / 40, at most 1) is computed beside it for the assessor to confirm. Where periods overlap,
a day's prorated weight is the largest of the periods covering it.

**Outside Hong Kong.** A period outside Hong Kong is left out of the counted figures and listed as
needing the assessor's decision; the figures "if accepted" are computed too, so the result can say
whether the rule would be met with it.

**The assessor's corrections.** Once the assessor has confirmed a part-time period's weight
(``weight``, e.g. 1/2), that period counts at that weight in the figures shown and needs no further
decision. Once the assessor has accepted work outside Hong Kong (``overseas_accepted`` True) it counts
like work in Hong Kong; once refused (False) it is not counted and needs no decision.

**Caring.** A period of caring for a family member or volunteering (``kind`` caring) counts only for a
qualification applied for with a carer's declaration (``accept_caring``); for any other it is listed as
not counted.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise

from assessor_app.core.domain.enums import EmploymentType
from assessor_app.core.domain.months import (
    TICKS,
    format_months_en,
    format_months_zh,
    month_ticks,
    months_between,
    plural,
    shortfall,
    years_en,
)

FULL_TIME_HOURS = 40
EMPLOYMENT = "employment"
CARING = "caring"
PERIOD_KINDS = (EMPLOYMENT, CARING)
# The evidence that proves a period of each kind (evidence type codes of the checklist).
PROOF_TYPE = {EMPLOYMENT: "employer_letter", CARING: "carer_declaration"}
_ONE_DAY = timedelta(days=1)
_WHOLE = Fraction(1)  # a day in full (one instance: a bulk decision asks for it for every day range)


@dataclass(frozen=True)
class Explanation:
    """One plain sentence, in English and Traditional Chinese, shown verbatim by the UI and reports."""

    en: str
    zh: str

    def text(self, lang: str = "en") -> str:
        return self.zh if lang.startswith("zh") else self.en


@dataclass(frozen=True)
class Period:
    """One period of work as claimed; ``end`` None means ongoing (it ends on the application date)."""

    start: date
    end: date | None
    industry: str
    relevant: bool
    employment_type: str
    hours_per_week: int | None
    in_hong_kong: bool
    label: str
    kind: str = EMPLOYMENT
    weight: Fraction | None = None  # the assessor's confirmed weight of a part-time period
    overseas_accepted: bool | None = None  # the assessor's decision on work outside Hong Kong

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"period {self.label!r} ends ({self.end}) before it starts ({self.start})")
        if self.weight is not None and not 0 < self.weight <= 1:
            raise ValueError(f"period {self.label!r} has a weight outside (0, 1]: {self.weight}")

    @property
    def is_part_time(self) -> bool:
        return self.employment_type == EmploymentType.PART_TIME.value

    @property
    def is_caring(self) -> bool:
        return self.kind == CARING

    @property
    def counts_in_hong_kong(self) -> bool:
        """Counted as Hong Kong experience: in Hong Kong, or outside it and accepted by the assessor."""
        return self.in_hong_kong or self.overseas_accepted is True

    @property
    def awaits_overseas_decision(self) -> bool:
        return not self.in_hong_kong and self.overseas_accepted is None

    @property
    def counted_factor(self) -> Fraction:
        """The weight of a day in the figures shown: the confirmed weight, else in full."""
        return _WHOLE if self.weight is None else self.weight

    @property
    def prorate_factor(self) -> Fraction:
        """The suggested weight of a day of this period: the confirmed weight if the assessor gave one,
        else hours a week / 40, at most 1 (1 if unknown)."""
        if self.weight is not None:
            return self.weight
        if not self.is_part_time or self.hours_per_week is None:
            return _WHOLE
        return min(Fraction(max(self.hours_per_week, 0), FULL_TIME_HOURS), _WHOLE)

    def clipped(self, as_of: date) -> Interval | None:
        """The days of this period up to ``as_of``, or None if it starts after ``as_of``."""
        if self.start > as_of:
            return None
        end = as_of if self.end is None else min(self.end, as_of)
        return Interval(self.start, end)


@dataclass(frozen=True, order=True)
class Interval:
    """Whole days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def months(self) -> Fraction:
        return months_between(self.start, self.end)


@dataclass(frozen=True)
class Overlap:
    """Two periods both covering ``start`` to ``end``: those days are counted once."""

    first: str
    second: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Coverage:
    """The union of some periods: merged intervals, the overlaps found, and what they are worth."""

    intervals: tuple[Interval, ...]
    overlaps: tuple[Overlap, ...]
    days: int
    months_exact: Fraction
    prorated_months_exact: Fraction

    @property
    def months(self) -> int:
        """Whole months counted (rounded down)."""
        return math.floor(self.months_exact)

    @property
    def prorated_months(self) -> int:
        return math.floor(self.prorated_months_exact)


class Flag(StrEnum):
    """Things in an experience result the assessor should look at."""

    OVERLAP = "overlap_counted_once"
    PART_TIME = "part_time_prorated_suggestion"
    PART_TIME_HOURS_MISSING = "part_time_hours_missing"
    OVERSEAS = "overseas_needs_decision"
    OTHER_INDUSTRY = "other_industry_not_counted"
    RUNS_PAST_APPLICATION_DATE = "runs_past_application_date"
    STARTS_AFTER_APPLICATION_DATE = "starts_after_application_date"


@dataclass(frozen=True)
class Requirement:
    """An experience rule as the explanation names it: "Logistics level 3: 5 years ... including 2 relevant"."""

    industry: str
    level: int
    min_total_years: int
    min_relevant_years: int
    industry_zh: str = ""
    qualification_specific: bool = False

    @property
    def total_months(self) -> int:
        return 12 * self.min_total_years

    @property
    def relevant_months(self) -> int:
        return 12 * self.min_relevant_years

    def describe(self) -> Explanation:
        zh_industry = self.industry_zh or self.industry
        en = (
            f"{self.industry} level {self.level}: {years_en(self.min_total_years)} in the industry "
            f"including {self.min_relevant_years} relevant ({self.total_months} and "
            f"{self.relevant_months} months)."
        )
        zh = (
            f"{zh_industry}第 {self.level} 級：行業經驗 {self.min_total_years} 年，其中 "
            f"{self.min_relevant_years} 年與所申請資歷相關（即 {self.total_months} 及 "
            f"{self.relevant_months} 個月）。"
        )
        if self.qualification_specific:
            en = "Rule for this qualification (replaces the industry rule): " + en
            zh = "此資歷的專屬規則（取代行業規則）：" + zh
        return Explanation(en, zh)


@dataclass(frozen=True)
class ExperienceResult:
    """Experience measured against a requirement, with every figure the explanation quotes."""

    requirement: Requirement
    as_of: date
    total: Coverage
    relevant: Coverage
    required_total_months: int
    required_relevant_months: int
    total_months: int
    relevant_months: int
    total_prorated_months: int
    relevant_prorated_months: int
    total_shortfall_months: int
    relevant_shortfall_months: int
    shortfall_months: int
    met: bool
    met_if_prorated: bool
    total_if_overseas_accepted_months: int | None
    relevant_if_overseas_accepted_months: int | None
    met_if_overseas_accepted: bool | None
    flags: tuple[Flag, ...]
    counted_periods: tuple[str, ...]
    part_time_periods: tuple[str, ...]
    overseas_periods: tuple[str, ...]
    other_industry_periods: tuple[str, ...]
    explanation: list[Explanation] = field(default_factory=list)

    @property
    def needs_decision(self) -> bool:
        """The outcome depends on the assessor: accepting overseas work, or confirming part-time in full."""
        overseas_decides = not self.met and bool(self.met_if_overseas_accepted)
        part_time_decides = self.met and not self.met_if_prorated
        return overseas_decides or part_time_decides


# --- Union and overlaps --------------------------------------------------------------------------


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """The union of day ranges: overlapping and touching intervals merge; result sorted, disjoint."""
    merged: list[Interval] = []
    for interval in sorted(intervals):
        if merged and interval.start <= merged[-1].end + _ONE_DAY:
            last = merged[-1]
            if interval.end > last.end:
                merged[-1] = Interval(last.start, interval.end)
        else:
            merged.append(interval)
    return merged


def find_overlaps(periods: Sequence[Period], as_of: date) -> list[Overlap]:
    """Every pair of periods sharing days (up to ``as_of``), with the shared days, in input order."""
    clipped = [(period, period.clipped(as_of)) for period in periods]
    overlaps: list[Overlap] = []
    for index, (first, first_days) in enumerate(clipped):
        if first_days is None:
            continue
        for second, second_days in clipped[index + 1 :]:
            if second_days is None:
                continue
            start = max(first_days.start, second_days.start)
            end = min(first_days.end, second_days.end)
            if start <= end:
                overlaps.append(Overlap(first.label, second.label, start, end))
    return overlaps


def coverage(periods: Iterable[Period], as_of: date) -> Coverage:
    """The union of ``periods`` up to ``as_of``: merged intervals, overlaps, days and months.

    The counted months give every covered day the largest :attr:`Period.counted_factor` of the periods
    covering it (its full weight unless the assessor confirmed a lower one); the prorated months give it
    the largest :attr:`Period.prorate_factor`. Where every period weighs its days in full (full-time
    work, the usual case) both are the union's months; otherwise one sweep over the elementary day
    ranges between period boundaries weighs each (:func:`_swept_months`).
    """
    items = [(period, days) for period in periods if (days := period.clipped(as_of)) is not None]
    intervals = merge(days for _, days in items)
    if all(period.counted_factor == _WHOLE and period.prorate_factor == _WHOLE for period, _ in items):
        # A day is a whole number of ticks, so the union's ticks are the sum of the ranges' ticks.
        counted = prorated = Fraction(
            sum(month_ticks(interval.start, interval.end) for interval in intervals), TICKS
        )
    else:
        counted, prorated = _swept_months(items)
    return Coverage(
        intervals=tuple(intervals),
        overlaps=tuple(find_overlaps([period for period, _ in items], as_of)),
        days=sum(interval.days for interval in intervals),
        months_exact=counted,
        prorated_months_exact=prorated,
    )


def _swept_months(items: Sequence[tuple[Period, Interval]]) -> tuple[Fraction, Fraction]:
    """The counted and prorated months of periods with their clipped days, from one sweep: each
    elementary day range between boundaries at the largest factor of the periods covering it."""
    boundaries = sorted({point for _, days in items for point in (days.start, days.end + _ONE_DAY)})
    # The ticks (months.TICKS to a month) each weight covers, summed as integers and weighed once.
    counted: dict[Fraction, int] = {}
    prorated: dict[Fraction, int] = {}
    for low, high in pairwise(boundaries):
        covering = [period for period, days in items if days.start <= low <= days.end]
        if not covering:
            continue
        worth = month_ticks(low, high - _ONE_DAY)
        factor = max(period.counted_factor for period in covering)
        counted[factor] = counted.get(factor, 0) + worth
        factor = max(period.prorate_factor for period in covering)
        prorated[factor] = prorated.get(factor, 0) + worth
    return _weighed(counted), _weighed(prorated)


def _relevant_coverage(periods: list[Period], whole: Coverage, as_of: date) -> Coverage:
    """The coverage of the relevant ones of ``periods``, whose coverage is ``whole``: the same when all
    of them are relevant (most forms), without measuring it again."""
    relevant = [p for p in periods if p.relevant]
    return whole if len(relevant) == len(periods) else coverage(relevant, as_of)


def _weighed(ticks: dict[Fraction, int]) -> Fraction:
    """Months from the ticks each weight covers."""
    return sum((factor * Fraction(count, TICKS) for factor, count in ticks.items()), Fraction(0))


# --- The assessment of experience ---------------------------------------------------------------


def same_industry(first: str, second: str) -> bool:
    return bool(first.strip()) and first.strip().casefold() == second.strip().casefold()


def counts_toward(period: Period, requirement: Requirement, accept_caring: bool) -> bool:
    """In the rule's industry, and not a caring period where no carer's declaration is given."""
    return same_industry(period.industry, requirement.industry) and (accept_caring or not period.is_caring)


def assess_experience(
    periods: Sequence[Period], requirement: Requirement, as_of: date, *, accept_caring: bool = False
) -> ExperienceResult:
    """Measure ``periods`` against ``requirement`` on ``as_of`` (the application date); caring periods
    count only with ``accept_caring`` (a carer's declaration for this qualification)."""
    in_industry = [p for p in periods if counts_toward(p, requirement, accept_caring)]
    counted = [p for p in in_industry if p.counts_in_hong_kong and p.clipped(as_of) is not None]
    overseas = [p for p in in_industry if p.awaits_overseas_decision and p.clipped(as_of) is not None]
    total = coverage(counted, as_of)
    relevant = _relevant_coverage(counted, total, as_of)

    need_total = requirement.total_months
    need_relevant = requirement.relevant_months
    total_short = shortfall(need_total, total.months_exact)
    relevant_short = shortfall(need_relevant, relevant.months_exact)
    met = total_short == 0 and relevant_short == 0
    met_if_prorated = (
        total.prorated_months_exact >= need_total and relevant.prorated_months_exact >= need_relevant
    )

    total_with_overseas: Coverage | None = None
    relevant_with_overseas: Coverage | None = None
    met_if_overseas: bool | None = None
    if overseas:
        total_with_overseas = coverage([*counted, *overseas], as_of)
        relevant_with_overseas = _relevant_coverage([*counted, *overseas], total_with_overseas, as_of)
        met_if_overseas = (
            total_with_overseas.months_exact >= need_total
            and relevant_with_overseas.months_exact >= need_relevant
        )

    flags: set[Flag] = set()
    if total.overlaps:
        flags.add(Flag.OVERLAP)
    part_time = [p for p in counted if p.is_part_time and p.weight is None]
    if part_time:
        flags.add(Flag.PART_TIME)
    if any(p.hours_per_week is None for p in part_time):
        flags.add(Flag.PART_TIME_HOURS_MISSING)
    if overseas:
        flags.add(Flag.OVERSEAS)
    other = [p for p in periods if not counts_toward(p, requirement, accept_caring)]
    if other:
        flags.add(Flag.OTHER_INDUSTRY)
    if any(p.start > as_of for p in in_industry):
        flags.add(Flag.STARTS_AFTER_APPLICATION_DATE)
    if any(p.end is not None and p.end > as_of >= p.start for p in in_industry):
        flags.add(Flag.RUNS_PAST_APPLICATION_DATE)

    result = ExperienceResult(
        requirement=requirement,
        as_of=as_of,
        total=total,
        relevant=relevant,
        required_total_months=need_total,
        required_relevant_months=need_relevant,
        total_months=total.months,
        relevant_months=relevant.months,
        total_prorated_months=total.prorated_months,
        relevant_prorated_months=relevant.prorated_months,
        total_shortfall_months=total_short,
        relevant_shortfall_months=relevant_short,
        shortfall_months=max(total_short, relevant_short),
        met=met,
        met_if_prorated=met_if_prorated,
        total_if_overseas_accepted_months=None if total_with_overseas is None else total_with_overseas.months,
        relevant_if_overseas_accepted_months=(
            None if relevant_with_overseas is None else relevant_with_overseas.months
        ),
        met_if_overseas_accepted=met_if_overseas,
        flags=tuple(flag for flag in Flag if flag in flags),
        counted_periods=tuple(p.label for p in counted),
        part_time_periods=tuple(p.label for p in part_time),
        overseas_periods=tuple(p.label for p in overseas),
        other_industry_periods=tuple(p.label for p in other),
    )
    return replace(result, explanation=_explain(result, periods, accept_caring))


# --- Explanation ---------------------------------------------------------------------------------


def _dates(period: Period, as_of: date) -> tuple[str, str]:
    if period.end is None:
        return (
            f"{period.start} to {as_of} (ongoing: counted to the application date)",
            f"{period.start} 至 {as_of}（現職：計至申請日期）",
        )
    if period.end > as_of:
        return (
            f"{period.start} to {period.end} (counted only to the application date {as_of})",
            f"{period.start} 至 {period.end}（只計至申請日期 {as_of}）",
        )
    return f"{period.start} to {period.end}", f"{period.start} 至 {period.end}"


def _period_line(period: Period, requirement: Requirement, as_of: date, accept_caring: bool) -> Explanation:
    span_en, span_zh = _dates(period, as_of)
    days = period.clipped(as_of)
    if period.is_caring and not accept_caring:
        return Explanation(
            f"Not counted: {period.label}, {span_en}: caring or volunteering counts only for a "
            "qualification applied for with a carer's declaration.",
            f"不計算：{period.label}，{span_zh}：照顧或義務工作只適用於附照顧者聲明申請的資歷。",
        )
    if not same_industry(period.industry, requirement.industry):
        other = period.industry.strip()
        reason_en = f"another industry ({other})" if other else "no industry recorded"
        reason_zh = f"屬其他行業（{other}）" if other else "未有記錄行業"
        return Explanation(
            f"Not counted: {period.label}, {span_en}: {reason_en}.",
            f"不計算：{period.label}，{span_zh}：{reason_zh}。",
        )
    if days is None:
        return Explanation(
            f"Not counted: {period.label} starts on {period.start}, after the application date {as_of}.",
            f"不計算：{period.label} 於 {period.start} 開始，遲於申請日期 {as_of}。",
        )
    if not period.in_hong_kong and period.overseas_accepted is False:
        return Explanation(
            f"Not counted: {period.label}, {span_en}, outside Hong Kong: the assessor did not accept it.",
            f"不計算：{period.label}，{span_zh}，在香港以外：評審員不接納。",
        )
    if not period.in_hong_kong and period.overseas_accepted is None:
        return Explanation(
            f"Needs the assessor's decision: {period.label}, {span_en} ({days.days} days), was outside "
            "Hong Kong and is not counted unless the assessor accepts it (interview or other proof).",
            f"須由評審員決定：{period.label}，{span_zh}（{days.days} 日）在香港以外，"
            "除非評審員接納（面談或其他證明），否則不計算。",
        )
    kind_en = "relevant" if period.relevant else "in the industry, not relevant to this qualification"
    kind_zh = "相關經驗" if period.relevant else "行業經驗，與此資歷不相關"
    line_en = f"Counted ({kind_en}): {period.label}, {span_en}, {days.days} days."
    line_zh = f"計算（{kind_zh}）：{period.label}，{span_zh}，共 {days.days} 日。"
    if not period.in_hong_kong:
        line_en += " Outside Hong Kong, accepted by the assessor."
        line_zh += "在香港以外，評審員已接納。"
    if period.weight is not None:
        line_en += f" Counted at {_ratio(period.weight)} of full time, as confirmed by the assessor."
        line_zh += f"按評審員確認，以全職的 {_ratio(period.weight)} 計算。"
    elif period.is_part_time:
        if period.hours_per_week is None:
            line_en += " Part-time, hours a week not declared: counted in full; the assessor confirms."
            line_zh += "兼職，未有申報每週工時：全數計算，由評審員確認。"
        else:
            factor = period.prorate_factor
            line_en += (
                f" Part-time, {period.hours_per_week} hours a week: counted in full; prorated suggestion "
                f"{_ratio(factor)} of full time for the assessor to confirm."
            )
            line_zh += (
                f"兼職，每週 {period.hours_per_week} 小時：全數計算；按工時折算建議為全職的 {_ratio(factor)}，"
                "由評審員確認。"
            )
    return Explanation(line_en, line_zh)


def _ratio(factor: Fraction) -> str:
    return f"{float(factor):.2f}".rstrip("0").rstrip(".")


def _explain(result: ExperienceResult, periods: Sequence[Period], accept_caring: bool) -> list[Explanation]:
    requirement = result.requirement
    as_of = result.as_of
    lines = [requirement.describe()]
    if not periods:
        lines.append(Explanation("No periods of work were given.", "未有填寫任何工作經驗。"))
    lines.extend(_period_line(period, requirement, as_of, accept_caring) for period in periods)
    for overlap in result.total.overlaps:
        lines.append(
            Explanation(
                f"Overlap counted once: {overlap.first} and {overlap.second} both cover {overlap.start} "
                f"to {overlap.end} ({overlap.days} days).",
                f"重疊部分只計算一次：{overlap.first} 與 {overlap.second} 同樣涵蓋 {overlap.start} 至 "
                f"{overlap.end}（{overlap.days} 日）。",
            )
        )
    if result.part_time_periods:
        verdict_en = "the rule would still be met" if result.met_if_prorated else "the rule would not be met"
        verdict_zh = "仍符合規定" if result.met_if_prorated else "則不符合規定"
        lines.append(
            Explanation(
                "Prorated suggestion (part-time at hours a week / 40), for the assessor to confirm: total "
                f"{format_months_en(result.total_prorated_months)}, relevant "
                f"{format_months_en(result.relevant_prorated_months)}; prorated, {verdict_en}.",
                "按工時折算的建議（兼職以每週工時 / 40 計），由評審員確認：行業經驗 "
                f"{format_months_zh(result.total_prorated_months)}，相關經驗 "
                f"{format_months_zh(result.relevant_prorated_months)}；如按此折算，{verdict_zh}。",
            )
        )
    if result.overseas_periods:
        total_if = result.total_if_overseas_accepted_months or 0
        relevant_if = result.relevant_if_overseas_accepted_months or 0
        if result.met:
            verdict_en, verdict_zh = "the rule is met without it", "即使不計算亦已符合規定"
        elif result.met_if_overseas_accepted:
            verdict_en, verdict_zh = (
                "meets the rule if the overseas period is accepted",
                "如接納香港以外的經驗則符合規定",
            )
        else:
            verdict_en, verdict_zh = "the rule would not be met even then", "即使接納亦不符合規定"
        lines.append(
            Explanation(
                "If the work outside Hong Kong is accepted: total "
                f"{format_months_en(total_if)}, relevant {format_months_en(relevant_if)}: {verdict_en}.",
                f"如接納香港以外的經驗：行業經驗 {format_months_zh(total_if)}，相關經驗 "
                f"{format_months_zh(relevant_if)}：{verdict_zh}。",
            )
        )
    industry_zh = requirement.industry_zh or requirement.industry
    lines.append(
        Explanation(
            f"Counted in {requirement.industry}: total "
            f"{format_months_en(result.total_months, result.total.days)} of "
            f"{result.required_total_months} months required; relevant "
            f"{format_months_en(result.relevant_months, result.relevant.days)} of "
            f"{result.required_relevant_months} months required.",
            f"計算所得（{industry_zh}）：行業經驗 {format_months_zh(result.total_months, result.total.days)}"
            f"，規定 {result.required_total_months} 個月；相關經驗 "
            f"{format_months_zh(result.relevant_months, result.relevant.days)}，規定 "
            f"{result.required_relevant_months} 個月。",
        )
    )
    if result.met:
        lines.append(Explanation("The experience rule is met.", "符合工作經驗規定。"))
    else:
        parts_en = []
        parts_zh = []
        if result.total_shortfall_months:
            parts_en.append(f"{plural(result.total_shortfall_months, 'month')} in the industry")
            parts_zh.append(f"行業經驗 {result.total_shortfall_months} 個月")
        if result.relevant_shortfall_months:
            parts_en.append(f"{plural(result.relevant_shortfall_months, 'month')} of relevant experience")
            parts_zh.append(f"相關經驗 {result.relevant_shortfall_months} 個月")
        lines.append(
            Explanation(
                f"The experience rule is not met: short by {' and '.join(parts_en)} "
                f"(shortfall {plural(result.shortfall_months, 'month')}, rounded up).",
                f"不符合工作經驗規定：尚欠{'及'.join(parts_zh)}（不足 {result.shortfall_months} 個月，不足一個月作一個月計）。",
            )
        )
    return lines

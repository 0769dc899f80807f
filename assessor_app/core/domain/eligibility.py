"""Whether a qualification applied for is open to the applicant, and by which route, on a given date.

Pure rules over plain values (the service loads them from the database):

- **Experience**: the rule's minimum total and relevant years, measured by
  :func:`assessor_app.core.domain.experience.assess_experience` (see its conventions).
- **Route**: inside a dated exam-free window (``start <= application_date <= end``, both ends included;
  a window without a start date has been open since before any application we hold) levels 1–3 may pass
  on documents alone (:attr:`Route.DOCUMENT_REVIEW`). Level 4 is always assessed, so is any level whose
  rule says so, and outside every window everything is assessed. A window with a stream applies only to
  qualifications of that stream; a window without one applies to the whole industry.
- **Carers**: the elderly-care qualifications open to carers accept a carer's declaration instead of
  employer proof (evidence route "declaration"), and with it periods of caring or volunteering count; a
  declaration for any other qualification makes the application for it ineligible, with that reason.
  The declaration is given per qualification, so one form may mix both kinds.

Every result carries explanation lines (English and Chinese) naming the rule and the window applied with
its dates, or saying that no exam-free window applies on the application date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import date
from enum import StrEnum

from assessor_app.core.domain.enums import Route
from assessor_app.core.domain.experience import (
    ExperienceResult,
    Explanation,
    Period,
    Requirement,
    assess_experience,
)

ALWAYS_ASSESSED_LEVEL = 4


class EligibilityStatus(StrEnum):
    """The outcome for one qualification (stored in ``applied_qualifications.eligibility``)."""

    MEETS = "meets"
    NEEDS_DECISION = "needs_decision"
    SHORT = "short"
    NOT_ELIGIBLE = "not_eligible"
    NO_RULE = "no_rule"


class EvidenceRoute(StrEnum):
    """How the claimed periods are proved."""

    EMPLOYER_PROOF = "employer_proof"
    DECLARATION = "declaration"


@dataclass(frozen=True)
class Rule:
    """The experience rule for a qualification's industry and level (or for that qualification)."""

    min_total_years: int
    min_relevant_years: int
    always_assessed: bool
    _: KW_ONLY
    industry: str
    industry_zh: str = ""
    qualification_specific: bool = False

    def requirement(self, level: int) -> Requirement:
        return Requirement(
            industry=self.industry,
            level=level,
            min_total_years=self.min_total_years,
            min_relevant_years=self.min_relevant_years,
            industry_zh=self.industry_zh,
            qualification_specific=self.qualification_specific,
        )


@dataclass(frozen=True)
class Window:
    """A dated exam-free window; ``start`` None means the start was not published (open long before)."""

    start: date | None
    end: date
    level_min: int
    level_max: int
    stream: str = ""
    note: str = ""
    stream_zh: str = ""  # the stream's Chinese, for the Chinese explanation (the English when empty)

    def applies_to(self, level: int, stream: str) -> bool:
        """This window is for the qualification's level and stream (an empty stream: whole industry)."""
        if not self.level_min <= level <= self.level_max:
            return False
        return not self.stream.strip() or self.stream.strip().casefold() == stream.strip().casefold()

    def is_open_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and day <= self.end

    def describe(self, industry: str, industry_zh: str = "") -> Explanation:
        """ "Elderly care – Community care and support, levels 1–3, 2023-09-01 to 2028-08-31"."""
        levels = (
            f"level {self.level_min}"
            if self.level_min == self.level_max
            else f"levels {self.level_min}–{self.level_max}"
        )
        levels_zh = (
            f"第 {self.level_min} 級"
            if self.level_min == self.level_max
            else f"第 {self.level_min} 至 {self.level_max} 級"
        )
        name_en = f"{industry} – {self.stream}" if self.stream else industry
        stream_zh = self.stream_zh or self.stream
        name_zh = f"{industry_zh or industry} – {stream_zh}" if stream_zh else industry_zh or industry
        if self.start is None:
            dates_en = f"until {self.end} (start date not published)"
            dates_zh = f"至 {self.end}（開始日期未有公布）"
        else:
            dates_en = f"{self.start} to {self.end}"
            dates_zh = f"{self.start} 至 {self.end}"
        return Explanation(f"{name_en}, {levels}, {dates_en}", f"{name_zh}，{levels_zh}，{dates_zh}")


@dataclass(frozen=True)
class EligibilityResult:
    """The decision for one qualification, with the lines that explain it."""

    status: EligibilityStatus
    route: Route
    evidence_route: EvidenceRoute
    level: int
    application_date: date
    rule: Rule | None
    window: Window | None
    experience: ExperienceResult | None
    ineligible_reasons: list[Explanation] = field(default_factory=list)
    explanation: list[Explanation] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        """The experience rule is met outright (no decision pending, no reason against)."""
        return self.status is EligibilityStatus.MEETS

    @property
    def shortfall_months(self) -> int | None:
        return None if self.experience is None else self.experience.shortfall_months


def applicable_window(level: int, stream: str, windows: Sequence[Window], day: date) -> Window | None:
    """The window for this level and stream open on ``day`` (the one closing last, if several)."""
    open_windows = [w for w in windows if w.applies_to(level, stream) and w.is_open_on(day)]
    return max(open_windows, key=lambda w: w.end) if open_windows else None


def _route_lines(
    level: int,
    stream: str,
    rule: Rule | None,
    windows: Sequence[Window],
    day: date,
    industry: str,
    industry_zh: str,
) -> tuple[Route, Window | None, list[Explanation]]:
    window = applicable_window(level, stream, windows, day)
    lines: list[Explanation] = []
    if level >= ALWAYS_ASSESSED_LEVEL:
        lines.append(
            Explanation(
                f"No exam-free window applies on {day}: level {level} is always assessed (written test, "
                "interview, practical or a mix).",
                f"{day} 並無適用的免試期：第 {level} 級資歷必須接受評估（筆試、面試、實務試或混合）。",
            )
        )
        return Route.ASSESSMENT, window, lines
    if window is not None:
        named = window.describe(industry, industry_zh)
        if rule is not None and rule.always_assessed:
            lines.append(
                Explanation(
                    f"Exam-free window {named.en} covers the application date {day}, but the rule for "
                    f"level {level} always requires an assessment.",
                    f"免試期 {named.zh} 涵蓋申請日期 {day}，但第 {level} 級的規則規定必須接受評估。",
                )
            )
            return Route.ASSESSMENT, window, lines
        lines.append(
            Explanation(
                f"Exam-free window applied: {named.en}, covers the application date {day}: level {level} "
                "may pass on documents alone (document review).",
                f"適用免試期：{named.zh}，涵蓋申請日期 {day}：第 {level} 級可只憑文件審核。",
            )
        )
        return Route.DOCUMENT_REVIEW, window, lines
    lines.append(
        Explanation(
            f"No exam-free window applies on {day}: the qualification is assessed.",
            f"{day} 並無適用的免試期：須接受評估。",
        )
    )
    for other in sorted((w for w in windows if w.applies_to(level, stream)), key=lambda w: w.end):
        named = other.describe(industry, industry_zh)
        if other.end < day:
            lines.append(
                Explanation(
                    f"The exam-free window {named.en} closed on {other.end}.",
                    f"免試期 {named.zh} 已於 {other.end} 結束。",
                )
            )
        else:
            lines.append(
                Explanation(
                    f"The exam-free window {named.en} opens on {other.start}, after the application date.",
                    f"免試期 {named.zh} 於 {other.start} 開始，遲於申請日期。",
                )
            )
    return Route.ASSESSMENT, None, lines


def _carer_lines(open_to_carers: bool, carer_declaration: bool) -> tuple[EvidenceRoute, list[Explanation]]:
    if carer_declaration and open_to_carers:
        return EvidenceRoute.DECLARATION, [
            Explanation(
                "Carer's declaration accepted: this is one of the eight elderly-care qualifications open to "
                "carers, so the declaration replaces employer proof.",
                "接納照顧者聲明書：此資歷屬開放予照顧者申請的八項安老服務資歷之一，聲明書可代替僱主證明。",
            )
        ]
    if carer_declaration:
        return EvidenceRoute.EMPLOYER_PROOF, []
    if open_to_carers:
        return EvidenceRoute.EMPLOYER_PROOF, [
            Explanation(
                "Employer proof is needed for every period; as this qualification is open to carers, a "
                "carer without formal employment may give a declaration instead.",
                "每段工作經驗均須僱主證明；此資歷開放予照顧者申請，沒有正式受僱的照顧者可改交聲明書。",
            )
        ]
    return EvidenceRoute.EMPLOYER_PROOF, []


_ROUTE_TEXT = {
    Route.DOCUMENT_REVIEW: ("document review (documents alone)", "文件審核（只憑文件）"),
    Route.ASSESSMENT: ("assessment", "評估"),
}


def _outcome_line(
    status: EligibilityStatus, route: Route, experience: ExperienceResult | None
) -> Explanation:
    route_en, route_zh = _ROUTE_TEXT[route]
    if status is EligibilityStatus.MEETS:
        return Explanation(
            f"Outcome: meets the experience rule; route: {route_en}.",
            f"結果：符合工作經驗規定；途徑：{route_zh}。",
        )
    if status is EligibilityStatus.NEEDS_DECISION:
        return Explanation(
            f"Outcome: needs the assessor's decision (see the part-time or overseas periods above); route: "
            f"{route_en}.",
            f"結果：須由評審員決定（見上文的兼職或香港以外的經驗）；途徑：{route_zh}。",
        )
    if status is EligibilityStatus.SHORT:
        months = 0 if experience is None else experience.shortfall_months
        unit = "month" if months == 1 else "months"
        return Explanation(
            f"Outcome: does not meet the experience rule, short by {months} {unit}; route if it did: {route_en}.",
            f"結果：不符合工作經驗規定，尚欠 {months} 個月；如符合，途徑為：{route_zh}。",
        )
    if status is EligibilityStatus.NO_RULE:
        return Explanation(
            f"Outcome: no published rule for this level; the assessor decides eligibility; route: {route_en}.",
            f"結果：此級別沒有已公布的規則，由評審員決定是否符合資格；途徑：{route_zh}。",
        )
    return Explanation(
        "Outcome: not eligible (see the reason above).", "結果：不符合申請資格（見上文原因）。"
    )


def decide(
    qualification_level: int,
    qualification_stream: str,
    open_to_carers: bool,
    rule: Rule | None,
    windows: Sequence[Window],
    periods: Sequence[Period],
    application_date: date,
    carer_declaration: bool,
    *,
    industry: str | None = None,
    industry_zh: str = "",
) -> EligibilityResult:
    """Experience, route and evidence route for one qualification on ``application_date``.

    ``rule`` None means no rule is published for the level: the result says so (status ``no_rule``)
    and still gives the route. ``industry`` names the industry when there is no rule to name it.
    """
    industry_en = rule.industry if rule is not None else (industry or "")
    industry_zh = (rule.industry_zh if rule is not None else "") or industry_zh
    lines: list[Explanation] = []
    reasons: list[Explanation] = []

    if carer_declaration and not open_to_carers:
        reasons.append(
            Explanation(
                "Not eligible: a carer's declaration is accepted only for the eight elderly-care "
                "qualifications open to carers; this qualification needs employer proof of the experience.",
                "不符合資格：照顧者聲明書只適用於開放予照顧者申請的八項安老服務資歷；此資歷須提交僱主證明。",
            )
        )
    lines.extend(reasons)

    experience: ExperienceResult | None = None
    if rule is None:
        name = f"{industry_en} level {qualification_level}" if industry_en else f"level {qualification_level}"
        name_zh = (
            f"{industry_zh or industry_en}第 {qualification_level} 級"
            if industry_en
            else f"第 {qualification_level} 級"
        )
        lines.append(
            Explanation(
                f"No published experience rule for {name}: the assessor decides whether the experience is enough.",
                f"{name_zh}沒有已公布的工作經驗規則：由評審員決定經驗是否足夠。",
            )
        )
    else:
        experience = assess_experience(
            periods,
            rule.requirement(qualification_level),
            application_date,
            accept_caring=carer_declaration and open_to_carers,
        )
        lines.extend(experience.explanation)

    route, window, route_lines = _route_lines(
        qualification_level, qualification_stream, rule, windows, application_date, industry_en, industry_zh
    )
    lines.extend(route_lines)
    evidence_route, carer_lines = _carer_lines(open_to_carers, carer_declaration)
    lines.extend(carer_lines)

    if reasons:
        status = EligibilityStatus.NOT_ELIGIBLE
    elif experience is None:
        status = EligibilityStatus.NO_RULE
    elif experience.needs_decision:
        status = EligibilityStatus.NEEDS_DECISION
    elif experience.met:
        status = EligibilityStatus.MEETS
    else:
        status = EligibilityStatus.SHORT
    lines.append(_outcome_line(status, route, experience))

    return EligibilityResult(
        status=status,
        route=route,
        evidence_route=evidence_route,
        level=qualification_level,
        application_date=application_date,
        rule=rule,
        window=window,
        experience=experience,
        ineligible_reasons=reasons,
        explanation=lines,
    )

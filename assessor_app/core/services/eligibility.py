"""Eligibility of the qualifications on an application (or on a form being typed), from the database.

One function, :func:`decide_application`, over :class:`EligibilityInputs` built either from a form being
typed (:func:`form_inputs`) or from a stored case (:func:`stored_inputs`): it loads the rule for each
qualification (a rule row for that qualification overrides the industry × level row) and the exam-free
windows of its industry, sets each period's relevance for that qualification, and applies
:func:`assessor_app.core.domain.eligibility.decide` (:func:`decide_on` decides against a
:class:`Catalogue` read once, for cases decided in bulk). Read-only (SQLAlchemy Core selects) but for
:func:`store_verdicts`, which writes that decision onto a case's ``applied_qualifications``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import BindParameter, Connection, Select, bindparam, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    PeriodRelevanceRecord,
)
from assessor_app.core.db.models.catalogue import (
    ExamFreeWindowRecord,
    ExperienceRuleRecord,
    IndustryRecord,
    QualificationRecord,
)
from assessor_app.core.domain.application_form import ApplicationForm
from assessor_app.core.domain.eligibility import EligibilityResult, Rule, Window, decide
from assessor_app.core.domain.experience import Explanation, Period
from assessor_app.core.domain.form_fields import parse_date
from assessor_app.core.errors import AppError
from assessor_app.core.services.shared import application_not_found

# What the experience calculator reads of a stored period, in the order check_application unpacks it;
# the case summary and the workbook's employment sheet read the same columns.
PERIOD_COLUMNS = (
    EmploymentPeriodRecord.employer,
    EmploymentPeriodRecord.post,
    IndustryRecord.name_en,
    EmploymentPeriodRecord.start_date,
    EmploymentPeriodRecord.end_date,
    EmploymentPeriodRecord.employment_type,
    EmploymentPeriodRecord.hours_per_week,
    EmploymentPeriodRecord.in_hong_kong,
    EmploymentPeriodRecord.kind,
    EmploymentPeriodRecord.weight_percent,
    EmploymentPeriodRecord.overseas_accepted,
)


def stored_periods(application_id: int | BindParameter[int], *columns: Any) -> Select[Any]:
    """The periods of one application in the applicant's order: ``columns``, then :data:`PERIOD_COLUMNS`."""
    return (
        select(*columns, *PERIOD_COLUMNS)
        .outerjoin(IndustryRecord, IndustryRecord.id == EmploymentPeriodRecord.industry_id)
        .where(EmploymentPeriodRecord.application_id == application_id)
        .order_by(EmploymentPeriodRecord.position, EmploymentPeriodRecord.id)
    )


@dataclass(frozen=True)
class QualificationEligibility:
    """One qualification applied for and the eligibility result for it."""

    qualification_id: int
    title_en: str
    title_zh: str
    qf_level: int
    qr_number: str | None
    stream: str
    industry_id: int
    industry_en: str
    industry_zh: str
    open_to_carers: bool
    result: EligibilityResult

    @property
    def explanation(self) -> list[Explanation]:
        return self.result.explanation


@dataclass(frozen=True)
class _Qualification:
    id: int
    title_en: str
    title_zh: str
    qf_level: int
    qr_number: str | None
    stream: str
    open_to_carers: bool
    industry_id: int
    industry_en: str
    industry_zh: str


# The selects a decision and a stored case's inputs are read with, built once: a statement built anew
# for each call costs several times its execution (SQLAlchemy recomputes its cache key); every lodging
# runs each of these.
_QUALIFICATIONS = (
    select(
        QualificationRecord.id,
        QualificationRecord.title_en,
        QualificationRecord.title_zh,
        QualificationRecord.qf_level,
        QualificationRecord.qr_number,
        QualificationRecord.stream,
        QualificationRecord.open_to_carers,
        IndustryRecord.id,
        IndustryRecord.name_en,
        IndustryRecord.name_zh,
    )
    .join(IndustryRecord, IndustryRecord.id == QualificationRecord.industry_id)
    .where(QualificationRecord.id.in_(bindparam("ids", expanding=True)))
)
_RULES = select(
    ExperienceRuleRecord.industry_id,
    ExperienceRuleRecord.qf_level,
    ExperienceRuleRecord.qualification_id,
    ExperienceRuleRecord.min_total_years,
    ExperienceRuleRecord.min_relevant_years,
    ExperienceRuleRecord.always_assessed,
).where(ExperienceRuleRecord.industry_id.in_(bindparam("ids", expanding=True)))
_WINDOWS = (
    select(
        ExamFreeWindowRecord.industry_id,
        ExamFreeWindowRecord.window_start,
        ExamFreeWindowRecord.window_end,
        ExamFreeWindowRecord.level_min,
        ExamFreeWindowRecord.level_max,
        ExamFreeWindowRecord.stream,
        ExamFreeWindowRecord.note,
        ExamFreeWindowRecord.stream_zh,
    )
    .where(ExamFreeWindowRecord.industry_id.in_(bindparam("ids", expanding=True)))
    .order_by(ExamFreeWindowRecord.id)
)
_APPLICATION_DATE = select(ApplicationRecord.application_date).where(
    ApplicationRecord.id == bindparam("application_id")
)
_APPLIED = (
    select(
        AppliedQualificationRecord.id,
        AppliedQualificationRecord.qualification_id,
        AppliedQualificationRecord.carer_declaration,
    )
    .where(AppliedQualificationRecord.application_id == bindparam("application_id"))
    .order_by(AppliedQualificationRecord.id)
)
_RELEVANCE = (
    select(PeriodRelevanceRecord.period_id, PeriodRelevanceRecord.applied_qualification_id)
    .join(EmploymentPeriodRecord, EmploymentPeriodRecord.id == PeriodRelevanceRecord.period_id)
    .where(EmploymentPeriodRecord.application_id == bindparam("application_id"))
)
_PERIODS = stored_periods(bindparam("application_id"), EmploymentPeriodRecord.id)


def _load_qualifications(connection: Connection, ids: Iterable[int]) -> list[_Qualification]:
    wanted = list(dict.fromkeys(ids))
    rows = connection.execute(_QUALIFICATIONS, {"ids": wanted}).all()
    by_id = {row[0]: _Qualification(*row) for row in rows}
    missing = [str(qid) for qid in wanted if qid not in by_id]
    if missing:
        raise AppError(
            f"Qualification(s) {', '.join(missing)} no longer exist in the catalogue.",
            f"資歷 {'、'.join(missing)} 已不在資歷目錄中。",
            code="qualification_not_found",
        )
    return [by_id[qid] for qid in wanted]


def _load_rules(connection: Connection, qualifications: Sequence[_Qualification]) -> dict[int, Rule | None]:
    """The rule for each qualification: its own row if there is one, else its industry × level row."""
    industry_ids = sorted({q.industry_id for q in qualifications})
    rows = connection.execute(_RULES, {"ids": industry_ids}).all()
    general = {(row[0], row[1]): row for row in rows if row[2] is None}
    specific = {row[2]: row for row in rows if row[2] is not None}
    rules: dict[int, Rule | None] = {}
    for q in qualifications:
        row = specific.get(q.id) or general.get((q.industry_id, q.qf_level))
        rules[q.id] = (
            None
            if row is None
            else Rule(
                row[3],
                row[4],
                bool(row[5]),
                industry=q.industry_en,
                industry_zh=q.industry_zh,
                qualification_specific=row[2] is not None,
            )
        )
    return rules


def _load_windows(connection: Connection, industry_ids: Iterable[int]) -> dict[int, list[Window]]:
    rows = connection.execute(_WINDOWS, {"ids": sorted(set(industry_ids))}).all()
    windows: dict[int, list[Window]] = {}
    for industry_id, start, end, low, high, stream, note, stream_zh in rows:
        windows.setdefault(industry_id, []).append(
            Window(start, end, low, high, stream or "", note or "", stream_zh or "")
        )
    return windows


@dataclass(frozen=True)
class ClaimedPeriod:
    """A period as the rules see it for every qualification on the form: ``period.industry`` is the
    industry's English name ("" when it is another industry), ``relevant_to`` the qualification ids it
    is relevant to (``period.relevant`` is set per qualification by :func:`decide_application`)."""

    period: Period
    relevant_to: frozenset[int]
    id: int | None = None  # the stored period's id, once lodged


@dataclass(frozen=True)
class EligibilityInputs:
    """Everything the verdict depends on, the same for the live hint and for a lodged case."""

    application_date: date
    qualification_ids: tuple[int, ...]
    carer_qualification_ids: frozenset[int]
    periods: tuple[ClaimedPeriod, ...]

    def only(self, period_ids: set[int]) -> EligibilityInputs:
        """The same inputs over the stored periods in ``period_ids`` only (e.g. the proven ones)."""
        return replace(self, periods=tuple(p for p in self.periods if p.id in period_ids))


@dataclass(frozen=True)
class Catalogue:
    """The qualifications, rules and exam-free windows decisions are made against, read once."""

    qualifications: dict[int, _Qualification]
    rules: dict[int, Rule | None]
    windows: dict[int, list[Window]]


def load_catalogue(connection: Connection, qualification_ids: Iterable[int]) -> Catalogue:
    """What deciding cases on ``qualification_ids`` reads: one call for any number of cases."""
    qualifications = _load_qualifications(connection, qualification_ids)
    return Catalogue(
        {q.id: q for q in qualifications},
        _load_rules(connection, qualifications),
        _load_windows(connection, (q.industry_id for q in qualifications)),
    )


def decide_application(connection: Connection, inputs: EligibilityInputs) -> list[QualificationEligibility]:
    """The one eligibility function: the decision for each qualification, in the order applied.

    The live hint at intake (:func:`check_form`), the lodged case (:func:`check_application`), the case
    view, the report and ``case show`` all come here with the same inputs, so they cannot disagree.
    """
    if not inputs.qualification_ids:
        return []
    return decide_on(load_catalogue(connection, inputs.qualification_ids), inputs)


def decide_on(catalogue: Catalogue, inputs: EligibilityInputs) -> list[QualificationEligibility]:
    """:func:`decide_application` against a catalogue read beforehand (many cases decided in bulk)."""
    results = []
    for qualification_id in dict.fromkeys(inputs.qualification_ids):
        q = catalogue.qualifications[qualification_id]
        periods = [_relevant_to(claimed, q.id) for claimed in inputs.periods]
        result = decide(
            q.qf_level,
            q.stream,
            q.open_to_carers,
            catalogue.rules[q.id],
            catalogue.windows.get(q.industry_id, []),
            periods,
            inputs.application_date,
            q.id in inputs.carer_qualification_ids,
            industry=q.industry_en,
            industry_zh=q.industry_zh,
        )
        results.append(
            QualificationEligibility(
                qualification_id=q.id,
                title_en=q.title_en,
                title_zh=q.title_zh,
                qf_level=q.qf_level,
                qr_number=q.qr_number,
                stream=q.stream,
                industry_id=q.industry_id,
                industry_en=q.industry_en,
                industry_zh=q.industry_zh,
                open_to_carers=q.open_to_carers,
                result=result,
            )
        )
    return results


def _relevant_to(claimed: ClaimedPeriod, qualification_id: int) -> Period:
    """The claimed period as it counts toward one qualification (relevant to it or not); the period itself
    when it already says so (a copy per period and qualification is most of deciding's overhead)."""
    relevant = qualification_id in claimed.relevant_to
    return (
        claimed.period if claimed.period.relevant == relevant else replace(claimed.period, relevant=relevant)
    )


def period_label(employer: str, post: str) -> str:
    """How a period is named in the explanation: ``Employer (post)``."""
    employer = employer.strip() or "?"
    return f"{employer} ({post.strip()})" if post.strip() else employer


def form_inputs(form: ApplicationForm, industries: Mapping[str, str], *, today: date) -> EligibilityInputs:
    """The inputs of a form being typed, as lodging would store them.

    ``industries`` maps each industry's English name, case-folded, to its English name. The application
    date is the form's "received on" date (today while it does not parse yet). Rows whose dates do not
    make a period yet are skipped: a start that does not parse, an end that does not parse on a row not
    marked present, or an end before the start. A row marked present is ongoing (``end`` None). A row
    whose industry is "other", blank or unknown counts toward no qualification (lodging refuses blank
    and unknown ones); hours count only when they are a whole number.
    """
    periods: list[ClaimedPeriod] = []
    for entry in form.employment:
        start = parse_date(entry.start)
        if start is None:
            continue
        end = None if entry.present else parse_date(entry.end)
        if not entry.present and (end is None or end < start):
            continue
        hours = entry.hours_per_week.strip()
        period = Period(
            start=start,
            end=end,
            industry=industries.get(entry.industry.strip().casefold(), ""),
            relevant=False,
            employment_type=entry.employment_type,
            hours_per_week=int(hours) if hours.isascii() and hours.isdigit() else None,
            in_hong_kong=entry.in_hong_kong,
            label=period_label(entry.employer, entry.post),
            kind=entry.kind,
        )
        periods.append(ClaimedPeriod(period, frozenset(entry.relevant_to)))
    chosen = tuple(dict.fromkeys(form.qualification_ids))
    return EligibilityInputs(
        application_date=parse_date(form.received_on) or today,
        qualification_ids=chosen,
        carer_qualification_ids=frozenset(form.carer_qualification_ids) & set(chosen),
        periods=tuple(periods),
    )


def stored_inputs(connection: Connection, application_id: int) -> EligibilityInputs:
    """The inputs of a lodged (or draft) application, as stored; ``application_not_found`` if none.

    Each period counts toward the industry it is recorded under (``industry_id``): a period in another
    industry, or with none recorded, counts for neither the total nor the relevant figure.
    """
    application_date = connection.scalar(_APPLICATION_DATE, {"application_id": application_id})
    if application_date is None:
        raise application_not_found(application_id)
    applied = connection.execute(_APPLIED, {"application_id": application_id}).all()
    qualification_of = {applied_id: qualification_id for applied_id, qualification_id, _ in applied}
    relevance: dict[int, set[int]] = {}
    for period_id, applied_id in connection.execute(_RELEVANCE, {"application_id": application_id}):
        relevance.setdefault(period_id, set()).add(qualification_of[applied_id])
    rows = connection.execute(_PERIODS, {"application_id": application_id}).all()
    periods = tuple(
        ClaimedPeriod(
            Period(
                start=row.start_date,
                end=row.end_date,
                industry=row.name_en or "",
                relevant=False,
                employment_type=row.employment_type,
                hours_per_week=row.hours_per_week,
                in_hong_kong=bool(row.in_hong_kong),
                label=period_label(row.employer, row.post),
                kind=row.kind,
                weight=None if row.weight_percent is None else Fraction(row.weight_percent, 100),
                overseas_accepted=row.overseas_accepted,
            ),
            frozenset(relevance.get(row.id, set())),
            id=row.id,
        )
        for row in rows
    )
    return EligibilityInputs(
        application_date=application_date,
        qualification_ids=tuple(qualification_id for _, qualification_id, _ in applied),
        carer_qualification_ids=frozenset(q for _, q, carer in applied if carer),
        periods=periods,
    )


def check_application(database: Database, application_id: int) -> list[QualificationEligibility]:
    """The eligibility of every qualification on a lodged (or draft) application, in the order applied."""
    with database.engine.connect() as connection:
        return decide_application(connection, stored_inputs(connection, application_id))


def industry_names(connection: Connection) -> dict[str, str]:
    """Each industry's English name, case-folded, mapped to the name as stored."""
    return {name.casefold(): name for name in connection.scalars(select(IndustryRecord.name_en)).all()}


def check_form(database: Database, form: ApplicationForm, *, today: date) -> list[QualificationEligibility]:
    """The live hint for a form not yet lodged: the same decision over the form as lodging stores it."""
    if not form.qualification_ids:
        return []
    with database.engine.connect() as connection:
        return decide_application(connection, form_inputs(form, industry_names(connection), today=today))


@dataclass(frozen=True)
class VerdictChange:
    """A qualification's stored status and route, before and after :func:`store_verdicts`."""

    applied_qualification_id: int
    qualification_id: int
    old_status: str | None
    new_status: str
    old_route: str | None
    new_route: str


def store_verdicts(session: Session, application: ApplicationRecord) -> list[VerdictChange]:
    """Decide the case on its stored inputs and store each qualification's status and route
    (``applied_qualifications.eligibility`` / ``route``), in the caller's transaction.

    Lodging, a period correction and the demo all store the verdict here, so the stored one is the one
    the case view shows (:func:`check_application`) and, at lodging, the live hint showed
    (:func:`check_form`: the same function, on the inputs as lodging stores them).
    """
    session.flush()
    connection = session.connection()
    results = {
        entry.qualification_id: entry.result
        for entry in decide_application(connection, stored_inputs(connection, application.id))
    }
    changes = []
    for applied in application.qualifications:
        result = results[applied.qualification_id]
        status, route = result.status.value, result.route.value
        changes.append(
            VerdictChange(
                applied.id, applied.qualification_id, applied.eligibility, status, applied.route, route
            )
        )
        applied.eligibility, applied.route = status, route
    return changes

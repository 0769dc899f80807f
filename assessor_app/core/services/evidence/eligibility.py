"""Eligibility of the qualifications on an application (or on a form being typed), from the database.

Loads the rule for each qualification (a rule row for that qualification overrides the industry × level
row), the exam-free windows of its industry and the employment periods, then applies
:func:`assessor_app.core.domain.eligibility.decide`. Read-only: SQLAlchemy Core selects, nothing written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models import (
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    ExamFreeWindowRecord,
    ExperienceRuleRecord,
    IndustryRecord,
    QualificationRecord,
)
from assessor_app.core.domain.application_form import EmploymentEntry, parse_date
from assessor_app.core.domain.eligibility import EligibilityResult, Rule, Window, decide
from assessor_app.core.domain.experience import Explanation, Period
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
    EmploymentPeriodRecord.relevant,
)


def stored_periods(application_id: int, *columns: Any) -> Select[Any]:
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


def _load_qualifications(connection: Connection, ids: Iterable[int]) -> list[_Qualification]:
    wanted = list(dict.fromkeys(ids))
    rows = connection.execute(
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
        .where(QualificationRecord.id.in_(wanted))
    ).all()
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
    industry_ids = {q.industry_id for q in qualifications}
    rows = connection.execute(
        select(
            ExperienceRuleRecord.industry_id,
            ExperienceRuleRecord.qf_level,
            ExperienceRuleRecord.qualification_id,
            ExperienceRuleRecord.min_total_years,
            ExperienceRuleRecord.min_relevant_years,
            ExperienceRuleRecord.always_assessed,
        ).where(ExperienceRuleRecord.industry_id.in_(industry_ids))
    ).all()
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
    rows = connection.execute(
        select(
            ExamFreeWindowRecord.industry_id,
            ExamFreeWindowRecord.window_start,
            ExamFreeWindowRecord.window_end,
            ExamFreeWindowRecord.level_min,
            ExamFreeWindowRecord.level_max,
            ExamFreeWindowRecord.stream,
            ExamFreeWindowRecord.note,
        )
        .where(ExamFreeWindowRecord.industry_id.in_(set(industry_ids)))
        .order_by(ExamFreeWindowRecord.id)
    ).all()
    windows: dict[int, list[Window]] = {}
    for industry_id, start, end, low, high, stream, note in rows:
        windows.setdefault(industry_id, []).append(Window(start, end, low, high, stream or "", note or ""))
    return windows


def _decide_all(
    connection: Connection,
    qualifications: Sequence[_Qualification],
    periods_for: dict[int, list[Period]],
    application_date: date,
    carer_declaration: bool,
) -> list[QualificationEligibility]:
    rules = _load_rules(connection, qualifications)
    windows = _load_windows(connection, (q.industry_id for q in qualifications))
    results = []
    for q in qualifications:
        result = decide(
            q.qf_level,
            q.stream,
            q.open_to_carers,
            rules[q.id],
            windows.get(q.industry_id, []),
            periods_for[q.id],
            application_date,
            carer_declaration,
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


def period_label(employer: str, post: str) -> str:
    """How a period is named in the explanation: ``Employer (post)``."""
    employer = employer.strip() or "?"
    return f"{employer} ({post.strip()})" if post.strip() else employer


def periods_from_entries(entries: Iterable[EmploymentEntry]) -> list[Period]:
    """The employment rows of a form being typed, as periods for :func:`check_form`.

    Rows whose dates do not make a period yet are skipped: a start that does not parse, an end that does
    not parse on a row not marked present, or an end before the start. A row marked present is ongoing
    (``end`` None). The industry is kept as typed (blank: the qualification's industry, see
    :func:`check_form`); hours count only when they are a whole number; every row is taken as relevant.
    """
    periods: list[Period] = []
    for entry in entries:
        start = parse_date(entry.start)
        if start is None:
            continue
        end = None if entry.present else parse_date(entry.end)
        if not entry.present and (end is None or end < start):
            continue
        hours = entry.hours_per_week.strip()
        periods.append(
            Period(
                start=start,
                end=end,
                industry=entry.industry.strip(),
                relevant=True,
                employment_type=entry.employment_type,
                hours_per_week=int(hours) if hours.isascii() and hours.isdigit() else None,
                in_hong_kong=entry.in_hong_kong,
                label=period_label(entry.employer, entry.post),
            )
        )
    return periods


def check_application(database: Database, application_id: int) -> list[QualificationEligibility]:
    """The eligibility of every qualification on a lodged (or draft) application, in the order applied.

    Each period counts toward the industry it is recorded under (``industry_id``): a period in another
    industry, or with none recorded, counts for neither the total nor the relevant figure.
    """
    with database.engine.connect() as connection:
        application = connection.execute(
            select(ApplicationRecord.application_date, ApplicationRecord.is_carer_declaration).where(
                ApplicationRecord.id == application_id
            )
        ).one_or_none()
        if application is None:
            raise application_not_found(application_id)
        application_date, carer_declaration = application
        qualification_ids = connection.scalars(
            select(AppliedQualificationRecord.qualification_id)
            .where(AppliedQualificationRecord.application_id == application_id)
            .order_by(AppliedQualificationRecord.id)
        ).all()
        rows = connection.execute(stored_periods(application_id)).all()
        periods = [
            Period(
                start=start,
                end=end,
                industry=industry or "",
                relevant=bool(relevant),
                employment_type=employment_type,
                hours_per_week=hours,
                in_hong_kong=bool(in_hong_kong),
                label=period_label(employer, post),
            )
            for employer, post, industry, start, end, employment_type, hours, in_hong_kong, relevant in rows
        ]
        return check_periods(
            connection, qualification_ids, periods, application_date, bool(carer_declaration)
        )


def check_periods(
    connection: Connection,
    qualification_ids: Sequence[int],
    periods: Sequence[Period],
    application_date: date,
    carer_declaration: bool,
) -> list[QualificationEligibility]:
    """The decision for each qualification over the same stored periods (their industries as recorded).

    Shared by :func:`check_application` (every claimed period) and the case summary (the proven ones).
    """
    qualifications = _load_qualifications(connection, qualification_ids)
    periods_for = {q.id: list(periods) for q in qualifications}
    return _decide_all(connection, qualifications, periods_for, application_date, carer_declaration)


def check_form(
    database: Database,
    qualification_ids: Sequence[int],
    periods: Sequence[Period],
    application_date: date,
    carer_declaration: bool,
) -> list[QualificationEligibility]:
    """The live hint for a form not yet lodged: the same decision over the periods as typed.

    A period's industry is matched by English name (any case) to the industries table; a period left
    without an industry is taken to be in the industry of the qualification being checked (lodging
    stores such rows under the applied-for industry). Unknown industry names count for neither figure.
    """
    if not qualification_ids:
        return []
    with database.engine.connect() as connection:
        names = {name.casefold(): name for name in connection.scalars(select(IndustryRecord.name_en)).all()}
        qualifications = _load_qualifications(connection, qualification_ids)
        periods_for: dict[int, list[Period]] = {}
        for q in qualifications:
            periods_for[q.id] = [
                _with_industry(period, names.get(period.industry.strip().casefold(), period.industry), q)
                for period in periods
            ]
        return _decide_all(connection, qualifications, periods_for, application_date, carer_declaration)


def _with_industry(period: Period, industry: str, qualification: _Qualification) -> Period:
    return replace(period, industry=industry.strip() or qualification.industry_en)

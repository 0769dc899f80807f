"""Eligibility of real applications on the seeded database: rules, windows and periods as stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    EventRecord,
    PeriodRelevanceRecord,
)
from assessor_app.core.db.models.catalogue import (
    AgencyRecord,
    ExperienceRuleRecord,
    IndustryRecord,
    QualificationRecord,
)
from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry
from assessor_app.core.domain.eligibility import EligibilityStatus, EvidenceRoute
from assessor_app.core.domain.enums import Route
from assessor_app.core.domain.experience import Explanation
from assessor_app.core.errors import AppError
from assessor_app.core.services.eligibility import check_application, check_form
from assessor_app.core.services.intake.particulars import apply_particulars, particulars_of


@dataclass(frozen=True)
class Job:
    employer: str
    industry: str | None
    start: date
    end: date | None
    relevant: bool = True
    employment_type: str = "full_time"
    hours: int | None = None
    in_hong_kong: bool = True
    post: str = ""


def qualification_id(database: Database, title_en: str) -> int:
    with database.engine.connect() as connection:
        return connection.execute(
            select(QualificationRecord.id).where(QualificationRecord.title_en == title_en)
        ).scalar_one()


def add_application(
    database: Database,
    *,
    day: date,
    agency: str,
    titles: Sequence[str],
    jobs: Sequence[Job],
    carer: bool = False,
    hkid: str = "A123456(3)",
) -> int:
    with database.session() as session:
        industries: dict[str, int] = {}
        for name, industry_id in session.execute(select(IndustryRecord.name_en, IndustryRecord.id)):
            industries[name] = industry_id
        event = EventRecord(
            code=f"EVT-{day:%Y%m%d}-{hkid[:2]}",
            name="Promotion day",
            event_date=day,
            agency=session.scalars(select(AgencyRecord).where(AgencyRecord.code == agency)).one(),
        )
        applicant = ApplicantRecord(hkid=hkid, residence_status="A", name_zh="陳大文", surname_en="CHAN")
        application = ApplicationRecord(
            applicant=applicant,
            event=event,
            status="lodged",
            application_date=day,
            reference_no=f"LT01-{day:%Y%m%d}-{hkid[1:5]}",
        )
        apply_particulars(application, particulars_of(applicant))
        session.add(application)
        for title in titles:
            qualification = session.scalars(
                select(QualificationRecord).where(QualificationRecord.title_en == title)
            ).one()
            application.qualifications.append(
                AppliedQualificationRecord(qualification_id=qualification.id, carer_declaration=carer)
            )
        for position, item in enumerate(jobs):
            application.employment.append(
                EmploymentPeriodRecord(
                    position=position,
                    employer=item.employer,
                    post=item.post,
                    industry_id=None if item.industry is None else industries[item.industry],
                    start_date=item.start,
                    end_date=item.end,
                    employment_type="full_time" if item.employment_type == "carer" else item.employment_type,
                    kind="caring" if item.employment_type == "carer" else "employment",
                    hours_per_week=item.hours,
                    in_hong_kong=item.in_hong_kong,
                    relevance=[
                        PeriodRelevanceRecord(applied_qualification=applied)
                        for applied in application.qualifications
                    ]
                    if item.relevant
                    else [],
                )
            )
        session.flush()
        return application.id


def text(lines: Sequence[Explanation]) -> str:
    return "\n".join(f"{line.en}\n{line.zh}" for line in lines)


CARE_JOBS = [
    Job(
        "Happy Elderly Home",
        "Elderly care",
        date(2018, 3, 1),
        date(2021, 2, 28),
        relevant=False,
        post="Care worker",
    ),
    Job("Tung Chung Community Centre", "Elderly care", date(2021, 3, 1), None, post="Home care worker"),
    Job("Fashion Walk", "Retail", date(2012, 1, 1), date(2017, 12, 31)),
]


def test_elderly_care_community_level_2_inside_the_window(database: Database) -> None:
    application_id = add_application(
        database,
        day=date(2024, 3, 1),
        agency="HKAG",
        titles=["General home care", "Communication with and care for service users"],
        jobs=CARE_JOBS,
    )
    community, residential = check_application(database, application_id)

    assert community.title_en == "General home care"
    assert (community.qf_level, community.stream) == (2, "Community care and support")
    assert community.industry_zh == "安老服務業"
    result = community.result
    assert result.status is EligibilityStatus.MEETS
    assert result.route is Route.DOCUMENT_REVIEW
    assert result.evidence_route is EvidenceRoute.EMPLOYER_PROOF
    assert result.window is not None
    assert (result.window.start, result.window.end) == (date(2023, 9, 1), date(2028, 8, 31))
    assert result.experience is not None
    # 2018-03-01 to 2024-03-01: 72 months and 1 day (two leap Februaries add 2/28); relevant from 2021-03-01.
    assert result.experience.total_months == 72
    assert result.experience.relevant_months == 36
    assert result.experience.other_industry_periods == ("Fashion Walk",)
    lines = text(community.explanation)
    assert "Elderly care level 2: 3 years in the industry including 2 relevant (36 and 24 months)." in lines
    assert "安老服務業第 2 級：行業經驗 3 年，其中 2 年與所申請資歷相關" in lines
    assert (
        "Counted (relevant): Tung Chung Community Centre (Home care worker), 2021-03-01 to 2024-03-01 "
        "(ongoing: counted to the application date), 1097 days." in lines
    )
    assert "Not counted: Fashion Walk, 2012-01-01 to 2017-12-31: another industry (Retail)." in lines
    assert (
        "Exam-free window applied: Elderly care – Community care and support, levels 1–3, 2023-09-01 to "
        "2028-08-31, covers the application date 2024-03-01" in lines
    )
    assert (
        "安老服務業 – 社區照顧及支援，第 1 至 3 級，2023-09-01 至 2028-08-31" in lines
    )  # the stream in Chinese
    assert "a carer without formal employment may give a declaration instead" in lines
    assert community.explanation[-1].en == (
        "Outcome: meets the experience rule; route: document review (documents alone)."
    )

    documented = (Path(__file__).resolve().parents[2] / "docs" / "eligibility.md").read_text(encoding="utf-8")
    for line in community.explanation:  # worked example 1 of docs/eligibility.md, verbatim
        assert f"- {line.en}\n" in documented

    # The residential-care qualification on the same form: its window closed in 2020.
    assert residential.qr_number == "15/003202/L2"
    assert residential.result.route is Route.ASSESSMENT
    assert residential.result.status is EligibilityStatus.MEETS
    assert "No exam-free window applies on 2024-03-01" in text(residential.explanation)
    assert "Residential care, levels 1–3, 2015-09-01 to 2020-08-31 closed on 2020-08-31" in text(
        residential.explanation
    )


def test_logistics_surveying_window_without_a_start(database: Database) -> None:
    jobs = [
        Job("Asia Cargo Terminal", "Logistics", date(2015, 4, 1), date(2019, 12, 31), relevant=False),
        Job("Harbour Surveyors", "Logistics", date(2020, 1, 2), None, post="Cargo surveyor"),
        Job("Shenzhen Port Services", "Logistics", date(2012, 1, 1), date(2014, 12, 31), in_hong_kong=False),
    ]
    title = "Supporting and Ancillary Services – Surveying"
    inside = add_application(database, day=date(2023, 11, 8), agency="HKUSPACE", titles=[title], jobs=jobs)
    (surveying,) = check_application(database, inside)
    result = surveying.result
    assert result.status is EligibilityStatus.MEETS
    assert result.route is Route.DOCUMENT_REVIEW
    assert result.experience is not None
    assert result.experience.overseas_periods == ("Shenzhen Port Services",)
    assert result.experience.total_if_overseas_accepted_months is not None
    lines = text(surveying.explanation)
    assert "Logistics level 2: 3 years in the industry including 1 relevant (36 and 12 months)." in lines
    assert "Logistics – Surveying, levels 1–3, until 2026-02-15 (start date not published)" in lines
    assert "物流業 – 公證檢驗，第 1 至 3 級，至 2026-02-15（開始日期未有公布）" in lines
    assert "Needs the assessor's decision: Shenzhen Port Services" in lines
    assert "the rule is met without it" in lines

    after = add_application(
        database, day=date(2026, 2, 16), agency="HKUSPACE", titles=[title], jobs=jobs, hkid="E364912(5)"
    )
    (later,) = check_application(database, after)
    assert later.result.route is Route.ASSESSMENT
    assert "No exam-free window applies on 2026-02-16" in text(later.explanation)
    assert "closed on 2026-02-15" in text(later.explanation)


def test_logistics_shortfall_and_periods_without_an_industry(database: Database) -> None:
    jobs = [
        Job("Harbour Surveyors", "Logistics", date(2022, 1, 1), None),
        Job("Unknown Co", None, date(2015, 1, 1), date(2021, 12, 31)),
    ]
    application_id = add_application(
        database,
        day=date(2023, 11, 30),
        agency="HKUSPACE",
        titles=["Supporting and Ancillary Services – Surveying"],
        jobs=jobs,
    )
    (surveying,) = check_application(database, application_id)
    assert surveying.result.status is EligibilityStatus.SHORT
    assert surveying.result.experience is not None
    assert surveying.result.experience.total_months == 23
    assert surveying.result.shortfall_months == 13
    assert "Not counted: Unknown Co, 2015-01-01 to 2021-12-31: no industry recorded." in text(
        surveying.explanation
    )


def test_carer_declaration(database: Database) -> None:
    carer = [Job("Caring for my mother", "Elderly care", date(2019, 1, 1), None, employment_type="carer")]
    ok = add_application(
        database, day=date(2024, 3, 1), agency="HKAG", titles=["General home care"], jobs=carer, carer=True
    )
    (home_care,) = check_application(database, ok)
    assert home_care.result.evidence_route is EvidenceRoute.DECLARATION
    assert home_care.result.status is EligibilityStatus.MEETS

    refused = add_application(
        database,
        day=date(2024, 3, 1),
        agency="HKAG",
        titles=["General health check"],
        jobs=carer,
        carer=True,
        hkid="E364912(5)",
    )
    (health_check,) = check_application(database, refused)
    assert health_check.result.status is EligibilityStatus.NOT_ELIGIBLE
    assert "a carer's declaration is accepted only for the eight" in text(
        health_check.result.ineligible_reasons
    )


def test_qualification_rule_overrides_the_industry_rule(database: Database) -> None:
    desktop = qualification_id(database, "Desktop Publishing")
    at_height = qualification_id(database, "Carry out horticultural work at height")
    with database.session() as session:
        printing = session.scalars(
            select(IndustryRecord).where(IndustryRecord.name_en == "Printing and publishing")
        ).one()
        # The seed's industry × level row (1 year) and a row for this one cluster: the cluster's own row wins.
        session.add(
            ExperienceRuleRecord(
                industry_id=printing.id,
                qf_level=1,
                qualification_id=desktop,
                min_total_years=2,
                min_relevant_years=2,
                always_assessed=True,
            )
        )
    jobs = [Job("Print House", "Printing and publishing", date(2022, 1, 1), None)]
    application_id = add_application(
        database,
        day=date(2024, 3, 1),
        agency="VTC",
        titles=["Desktop Publishing", "Carry out horticultural work at height"],
        jobs=jobs,
    )
    results = {item.qualification_id: item for item in check_application(database, application_id)}
    desktop_result = results[desktop].result
    assert desktop_result.rule is not None
    assert desktop_result.rule.qualification_specific
    assert (desktop_result.rule.min_total_years, desktop_result.rule.always_assessed) == (2, True)
    assert desktop_result.status is EligibilityStatus.MEETS
    assert desktop_result.explanation[0].en.startswith(
        "Rule for this qualification (replaces the industry rule)"
    )

    # Level 3 arboriculture has no rule row at all (half its rule is published): a clear result, not a crash.
    no_rule = results[at_height].result
    assert no_rule.status is EligibilityStatus.NO_RULE
    assert no_rule.route is Route.ASSESSMENT
    assert "No published experience rule for Arboriculture and horticulture level 3" in text(
        no_rule.explanation
    )


def test_check_form_for_a_form_not_yet_lodged(database: Database) -> None:
    home_care = qualification_id(database, "General home care")
    health_check = qualification_id(database, "General health check")
    rows = [
        EmploymentEntry(
            employer="Tung Chung Community Centre",
            industry="Elderly care",
            start="2021-03-01",
            present=True,
            relevant_to=[home_care, health_check],
        ),
        # In the industry, relevant to neither qualification; the name matches whatever its case.
        EmploymentEntry(employer="Care home", industry="elderly CARE", start="2018-03-01", end="2021-02-28"),
        EmploymentEntry(employer="Guard", industry="Security", start="2010-01-01", end="2017-12-31"),
        EmploymentEntry(employer="Shop", industry="other", start="2008-01-01", end="2009-12-31"),
        EmploymentEntry(employer="Unknown", industry="", start="2006-01-01", end="2007-12-31"),
    ]
    form = ApplicationForm(
        qualification_ids=[home_care, health_check], employment=rows, received_on="2024-03-01"
    )
    results = check_form(database, form, today=date(2024, 6, 1))
    assert [item.qualification_id for item in results] == [home_care, health_check]
    first = results[0].result
    assert first.application_date == date(2024, 3, 1)  # the received date, not today
    assert first.route is Route.DOCUMENT_REVIEW
    assert first.experience is not None
    assert first.experience.total_months == 72
    assert first.experience.relevant_months == 36
    # Another industry, "other" and a blank industry count for neither figure: never the qualification's.
    assert first.experience.other_industry_periods == ("Guard", "Shop", "Unknown")
    assert results[1].result.route is Route.ASSESSMENT
    assert check_form(database, replace(form, qualification_ids=[]), today=date(2024, 6, 1)) == []


def test_unknown_application_or_qualification(database: Database) -> None:
    with pytest.raises(AppError) as raised:
        check_application(database, 999_999)
    assert raised.value.code == "application_not_found"
    with pytest.raises(AppError) as missing:
        check_form(database, ApplicationForm(qualification_ids=[999_999]), today=date(2024, 3, 1))
    assert missing.value.code == "qualification_not_found"

"""Lodging stores each qualification's eligibility status and route: the verdict the live hint showed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.cases import AppliedQualificationRecord, EmploymentPeriodRecord
from assessor_app.core.db.models.catalogue import ExperienceRuleRecord, IndustryRecord, QualificationRecord
from assessor_app.core.domain import hkid
from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry
from assessor_app.core.services.demo.promotion_day import generate_demo
from assessor_app.core.services.eligibility import check_application, check_form
from assessor_app.core.services.evidence.period_corrections import PeriodChanges, correct_period
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.intake.lodge_file import lodge_file
from tests.core.intake_helpers import valid_form
from tests.core.user_helpers import add_user

TODAY = date(2024, 3, 1)
SERIALS = count(400000)
HOME_CARE = "General home care"  # elderly care, community care, level 2: window 2023-09-01 to 2028-08-31
HEALTH_CHECK = "General health check"  # elderly care, outside any window on TODAY
SURVEYING = "Supporting and Ancillary Services – Surveying"  # logistics level 2: window until 2026-02-15


@dataclass(frozen=True)
class Catalogue:
    event_code: str
    ids: dict[str, int]  # title → qualification id
    industry_of: dict[str, str]  # title → the industry's English name


def _no_rule_qualification(database: Database) -> tuple[str, str]:
    """(title, industry) of the catalogue's first qualification with no experience rule at all."""
    with database.engine.connect() as connection:
        ruled = set(
            connection.execute(
                select(ExperienceRuleRecord.industry_id, ExperienceRuleRecord.qf_level).where(
                    ExperienceRuleRecord.qualification_id.is_(None)
                )
            ).tuples()
        )
        specific = set(connection.scalars(select(ExperienceRuleRecord.qualification_id)))
        rows = connection.execute(
            select(
                QualificationRecord.id,
                QualificationRecord.title_en,
                QualificationRecord.industry_id,
                QualificationRecord.qf_level,
                IndustryRecord.name_en,
            )
            .join(IndustryRecord, IndustryRecord.id == QualificationRecord.industry_id)
            .where(QualificationRecord.active.is_(True))
            .order_by(QualificationRecord.id)
        ).all()
    for qid, title, industry_id, level, industry in rows:
        if (industry_id, level) not in ruled and qid not in specific:
            return title, industry
    raise AssertionError("the seed catalogue has no qualification without an experience rule")


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Catalogue]]:
    database = open_database(tmp_path_factory.mktemp("verdicts") / "cases.sqlite3")
    lodging.set_local_station(database, "lt01")
    event = lodging.create_event(
        database, name="Verdicts", host_organisation="Host", event_date=TODAY, agency_code="HKAG"
    )
    add_user(database, "clerk", "Clerk", "intake_clerk")
    add_user(database, "assessor", "Assessor", "assessor")
    no_rule, no_rule_industry = _no_rule_qualification(database)
    titles = (HOME_CARE, HEALTH_CHECK, SURVEYING, no_rule)
    with database.engine.connect() as connection:
        rows = connection.execute(
            select(QualificationRecord.title_en, QualificationRecord.id, IndustryRecord.name_en)
            .join(IndustryRecord, IndustryRecord.id == QualificationRecord.industry_id)
            .where(QualificationRecord.title_en.in_(titles), QualificationRecord.active.is_(True))
        ).all()
    ids = {title: qid for title, qid, _ in rows}
    assert set(ids) == set(titles)
    assert len(rows) == len(titles)  # each title names one offered qualification
    industry_of = {title: industry for title, _, industry in rows}
    assert industry_of[no_rule] == no_rule_industry
    yield database, Catalogue(event.code, ids, industry_of)
    database.close()


def _row(
    industry: str, start: str, end: str, relevant_to: list[int], *, in_hong_kong: bool = True
) -> EmploymentEntry:
    return EmploymentEntry(
        employer=f"{industry} employer",
        post="Worker",
        industry=industry,
        start=start,
        end=end,
        present=not end,
        in_hong_kong=in_hong_kong,
        proof_status="original_seen",
        relevant_to=relevant_to,
    )


def _form(
    event_id: int, ids: list[int], rows: list[EmploymentEntry], received_on: str = ""
) -> ApplicationForm:
    serial = f"{next(SERIALS):06d}"
    return replace(
        valid_form(event_id=event_id, qualification_ids=ids),
        hkid=f"C{serial}({hkid.check_digit('C', serial)})",
        employment=rows,
        received_on=received_on,
    )


def _cases(catalogue: Catalogue, event_id: int) -> dict[str, tuple[ApplicationForm, list[tuple[str, str]]]]:
    """Each case: the form and the (status, route) per qualification the hint must give for it."""
    ids = catalogue.ids
    care, health, survey = ids[HOME_CARE], ids[HEALTH_CHECK], ids[SURVEYING]
    no_rule = next(title for title in ids if title not in (HOME_CARE, HEALTH_CHECK, SURVEYING))

    def care_rows(relevant_to: list[int]) -> list[EmploymentEntry]:
        return [
            _row("Elderly care", "2018-03-01", "2021-02-28", []),
            _row("Elderly care", "2021-03-01", "", relevant_to),
        ]

    return {
        # Inside the community-care window on the day received: documents alone.
        "meets, exam-free": (_form(event_id, [care], care_rows([care])), [("meets", "document_review")]),
        # The same form received before the window opened: assessed (counted to 2023-08-31, still meets).
        "meets, assessed": (
            _form(event_id, [care], care_rows([care]), received_on="2023-08-31"),
            [("meets", "assessment")],
        ),
        # Two qualifications, each its own route: stored per qualification, in the order applied.
        "two qualifications": (
            _form(event_id, [care, health], care_rows([care, health])),
            [("meets", "document_review"), ("meets", "assessment")],
        ),
        # Eight years in logistics, six months of them relevant: short of the one relevant year.
        "short of relevant": (
            _form(
                event_id,
                [survey],
                [
                    _row("Logistics", "2015-01-01", "2022-12-31", []),
                    _row("Logistics", "2023-09-01", "", [survey]),
                ],
            ),
            [("short", "document_review")],
        ),
        # All of it outside Hong Kong: the rule is met only if the assessor accepts that work.
        "needs decision": (
            _form(
                event_id,
                [survey],
                [_row("Logistics", "2018-01-01", "2023-12-31", [survey], in_hong_kong=False)],
            ),
            [("needs_decision", "document_review")],
        ),
        "no rule": (
            _form(
                event_id,
                [ids[no_rule]],
                [_row(catalogue.industry_of[no_rule], "2015-01-01", "", [ids[no_rule]])],
            ),
            [("no_rule", "assessment")],
        ),
    }


CASES = (
    "meets, exam-free",
    "meets, assessed",
    "two qualifications",
    "short of relevant",
    "needs decision",
    "no rule",
)


def _event_id(database: Database, code: str) -> int:
    return next(event.id for event in lodging.list_events(database) if event.code == code)


def _hint(database: Database, form: ApplicationForm) -> list[tuple[str, str]]:
    return [(e.result.status.value, e.result.route.value) for e in check_form(database, form, today=TODAY)]


def _stored(database: Database, application_id: int) -> list[tuple[str | None, str | None]]:
    with database.engine.connect() as connection:
        return [
            (row.eligibility, row.route)
            for row in connection.execute(
                select(AppliedQualificationRecord.eligibility, AppliedQualificationRecord.route)
                .where(AppliedQualificationRecord.application_id == application_id)
                .order_by(AppliedQualificationRecord.id)
            )
        ]


def _period_ids(database: Database, application_id: int) -> list[int]:
    with database.engine.connect() as connection:
        return list(
            connection.scalars(
                select(EmploymentPeriodRecord.id)
                .where(EmploymentPeriodRecord.application_id == application_id)
                .order_by(EmploymentPeriodRecord.position)
            )
        )


def _as_json(form: ApplicationForm, event_code: str, titles: dict[int, str]) -> dict[str, Any]:
    """The form as an object of a ``lodge`` file (qualifications and relevance by exact title)."""
    text_keys = ("received_on", "name_zh", "surname_en", "given_names_en", "hkid", "residence_status")
    return {
        "event": event_code,
        **{key: getattr(form, key) for key in (*text_keys, "date_of_birth", "phone", "address")},
        "hkid_original_seen": form.hkid_original_seen,
        "pics_acknowledged": form.pics_acknowledged,
        "qualifications": [
            {"qualification": titles[q], "carer_declaration": q in form.carer_qualification_ids}
            for q in form.qualification_ids
        ],
        "employment": [
            {
                "employer": row.employer,
                "post": row.post,
                "industry": row.industry,
                "start": row.start,
                "end": row.end,
                "present": row.present,
                "in_hong_kong": row.in_hong_kong,
                "proof_status": row.proof_status,
                "relevant_to": [titles[q] for q in row.relevant_to],
            }
            for row in form.employment
        ],
    }


@pytest.mark.parametrize("case", CASES)
def test_lodge_application_stores_the_hints_verdict(scene: tuple[Database, Catalogue], case: str) -> None:
    database, catalogue = scene
    form, expected = _cases(catalogue, _event_id(database, catalogue.event_code))[case]
    hint = _hint(database, form)
    assert hint == expected  # the case is the one it says it is
    lodged = lodging.lodge_application(database, form, draft_uid=None, operator="clerk", today=TODAY)
    assert _stored(database, lodged.application_id) == hint


@pytest.mark.parametrize("case", CASES)
def test_the_lodge_file_stores_the_hints_verdict(
    scene: tuple[Database, Catalogue], case: str, tmp_path: Path
) -> None:
    database, catalogue = scene
    form, expected = _cases(catalogue, _event_id(database, catalogue.event_code))[case]
    titles = {qid: title for title, qid in catalogue.ids.items()}
    path = tmp_path / "one.json"
    path.write_text(json.dumps(_as_json(form, catalogue.event_code, titles), ensure_ascii=False), "utf-8")
    hint = _hint(database, form)
    assert hint == expected
    (result,) = lodge_file(database, path, username="clerk", today=TODAY).results
    assert _stored(database, result.application_id) == hint


def test_a_correction_then_changes_the_stored_verdict(scene: tuple[Database, Catalogue]) -> None:
    database, catalogue = scene
    form, _ = _cases(catalogue, _event_id(database, catalogue.event_code))["short of relevant"]
    lodged = lodging.lodge_application(database, form, draft_uid=None, operator="clerk", today=TODAY)
    assert _stored(database, lodged.application_id) == [("short", "document_review")]
    first = _period_ids(database, lodged.application_id)[0]
    correct_period(
        database,
        lodged.application_id,
        first,
        PeriodChanges(relevant_to=[catalogue.ids[SURVEYING]]),
        actor="assessor",
        reason="Employer letter: surveying work",
        today=TODAY,
    )
    stored = _stored(database, lodged.application_id)
    assert stored == [("meets", "document_review")]
    case = check_application(database, lodged.application_id)
    assert stored == [(e.result.status.value, e.result.route.value) for e in case]


def test_the_demo_stores_each_cases_verdict(tmp_path: Path) -> None:
    database = open_database(tmp_path / "demo.sqlite3")
    try:
        generate_demo(database, applications=12, seed=7)
        with database.engine.connect() as connection:
            cases = sorted(set(connection.scalars(select(AppliedQualificationRecord.application_id))))
        assert cases
        for application_id in cases:
            decided = [
                (e.result.status.value, e.result.route.value)
                for e in check_application(database, application_id)
            ]
            assert _stored(database, application_id) == decided
    finally:
        database.close()

"""Property: the live hint on a generated form equals the verdict on the case it lodges.

The other property of issue 11 on this layer, NFKC-equal HKIDs being one applicant, is
``tests/core/test_normalise.py::test_every_nfkc_equal_rendering_finds_the_one_applicant``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.catalogue import IndustryRecord, QualificationRecord
from assessor_app.core.domain import hkid
from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry
from assessor_app.core.domain.form_fields import Severity
from assessor_app.core.services.eligibility import check_application, check_form
from assessor_app.core.services.intake import form_check, lodging
from tests.core.eligibility_helpers import setup_event, verdict
from tests.core.intake_helpers import valid_form

TODAY = date(2024, 6, 30)
EARLIEST = date(1990, 1, 1)
SERIALS = count(300000)


@pytest.fixture(scope="module")
def seeded(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Database, int, list[str], dict[int, Chosen]]]:
    database = open_database(tmp_path_factory.mktemp("properties") / "cases.sqlite3")
    event_id = setup_event(database, TODAY)
    with database.engine.connect() as connection:
        industries = list(connection.scalars(select(IndustryRecord.name_en).order_by(IndustryRecord.id)))
        rows = connection.execute(
            select(QualificationRecord.id, QualificationRecord.open_to_carers, IndustryRecord.name_en)
            .join(IndustryRecord, IndustryRecord.id == QualificationRecord.industry_id)
            .order_by(QualificationRecord.id)
        ).all()
    qualifications = {row[0]: Chosen(bool(row[1]), row[2]) for row in rows}
    yield database, event_id, industries, qualifications
    database.close()


@dataclass(frozen=True)
class Chosen:
    open_to_carers: bool
    industry: str


days = st.dates(min_value=EARLIEST, max_value=TODAY)


@st.composite
def employment_row(
    draw: st.DrawFn, industries: list[str], chosen: list[int], own: list[str]
) -> EmploymentEntry:
    """A row, most often in the industry of a chosen qualification (else little would be counted)."""
    start = draw(days)
    present = draw(st.booleans())
    end = "" if present else (start + timedelta(days=draw(st.integers(0, (TODAY - start).days)))).isoformat()
    part_time = draw(st.booleans())
    return EmploymentEntry(
        employer=draw(st.sampled_from(["Alpha Ltd", "Beta Co", "Gamma Services"])),
        post="Worker",
        # Case and spaces as typed: the hint and lodging must read the name the same way.
        industry=draw(
            st.one_of(
                st.sampled_from(own),
                st.sampled_from([*industries, "other", "  logistics ", "ELDERLY CARE"]),
            )
        ),
        start=start.isoformat(),
        end=end,
        present=present,
        employment_type="part_time" if part_time else "full_time",
        hours_per_week=str(draw(st.integers(1, 60))) if part_time else "",
        in_hong_kong=draw(st.booleans()),
        proof_status=draw(st.sampled_from(["original_seen", "missing"])),
        relevant_to=draw(st.lists(st.sampled_from(chosen), unique=True)),
        kind="employment",
    )


@st.composite
def forms(
    draw: st.DrawFn, event_id: int, industries: list[str], qualifications: dict[int, Chosen]
) -> ApplicationForm:
    chosen = draw(st.lists(st.sampled_from(sorted(qualifications)), min_size=1, max_size=3, unique=True))
    own = [qualifications[q].industry for q in chosen]
    rows = draw(st.lists(employment_row(industries, chosen, own), min_size=1, max_size=4))
    carers = [q for q in chosen if qualifications[q].open_to_carers and draw(st.booleans())]
    received = draw(st.one_of(st.just(""), st.dates(min_value=date(2023, 1, 1), max_value=TODAY).map(str)))
    return replace(
        valid_form(event_id=event_id, qualification_ids=chosen),
        employment=rows,
        carer_qualification_ids=carers,
        received_on=received,
    )


@settings(
    max_examples=int(os.environ.get("PROP_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_the_hint_equals_the_lodged_verdict(
    seeded: tuple[Database, int, list[str], dict[int, Chosen]], data: st.DataObject
) -> None:
    database, event_id, industries, qualifications = seeded
    form = data.draw(forms(event_id, industries, qualifications))
    serial = f"{next(SERIALS):06d}"
    form = replace(form, hkid=f"B{serial}({hkid.check_digit('B', serial)})")
    problems = form_check.check_lodging(database, form, today=TODAY)
    assume(not any(problem.severity is Severity.ERROR for problem in problems))
    hint = [verdict(entry) for entry in check_form(database, form, today=TODAY)]
    lodged = lodging.lodge_application(database, form, draft_uid=None, operator="clerk", today=TODAY)
    stored = [verdict(entry) for entry in check_application(database, lodged.application_id)]
    assert hint == stored
    for entry in stored:
        event(f"status {entry['status']}")

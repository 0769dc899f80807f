"""Worked cases of the clusters' own rules (db/seed/cluster-experience-rules.csv): hint, lodged case, case JSON."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.cases import AppliedQualificationRecord
from assessor_app.core.db.models.catalogue import QualificationRecord
from assessor_app.core.domain import hkid
from assessor_app.core.domain.application_form import EmploymentEntry
from assessor_app.core.domain.eligibility import EligibilityStatus
from assessor_app.core.domain.enums import Route
from assessor_app.core.services.catalogue.service import list_qualifications
from assessor_app.core.services.eligibility import check_application, check_form
from assessor_app.core.services.intake import lodging
from tests.core.eligibility_helpers import setup_event, verdict
from tests.core.intake_helpers import valid_form
from tests.core.test_worked_cases import TODAY, case_json, history

PRINTING = "Printing and publishing"
OPERATION = "Managing Printing Operation"  # its own rule: 6 years in printing incl. 5 in sales or production
GRAVURE = "Printing Industry - Special Printing (Gravure)"  # printing L4 on the industry rule: 6 incl. 4
SERIALS = count(500000)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int, Path]]:
    folder = tmp_path_factory.mktemp("clusters")
    database = open_database(folder / "cases.sqlite3")
    yield database, setup_event(database, TODAY), folder / "evidence"
    database.close()


def qualification_id(database: Database, title: str) -> int:
    with database.engine.connect() as connection:
        found = connection.scalar(select(QualificationRecord.id).where(QualificationRecord.title_en == title))
    assert found is not None, title
    return found


def _hkid() -> str:
    serial = f"B{next(SERIALS):06d}"
    return f"{serial}({hkid.check_digit(serial[0], serial[1:])})"


def lodge(
    seeded: tuple[Database, int, Path], qids: list[int], rows: list[EmploymentEntry]
) -> tuple[list[dict[str, object]], list[str | None], list[dict[str, Any]]]:
    """Lodge the form; the hint must equal the lodged verdict. Returns the verdicts, the status each
    qualification's row stores, and the case JSON's "eligibility" entries, in the order applied."""
    database, event_id, evidence_dir = seeded
    form = replace(valid_form(event_id=event_id, qualification_ids=qids), hkid=_hkid(), employment=rows)
    hint = [verdict(entry) for entry in check_form(database, form, today=TODAY)]
    lodged = lodging.lodge_application(database, form, draft_uid=None, operator="clerk", today=TODAY)
    decided = [verdict(entry) for entry in check_application(database, lodged.application_id)]
    assert hint == decided
    with database.engine.connect() as connection:
        stored = list(
            connection.scalars(
                select(AppliedQualificationRecord.eligibility)
                .where(AppliedQualificationRecord.application_id == lodged.application_id)
                .order_by(AppliedQualificationRecord.id)
            )
        )
    return decided, stored, case_json(database, evidence_dir, lodged.application_id)["eligibility"]


def printing_history(relevant_years: int, *qids: int) -> list[EmploymentEntry]:
    """Six years in printing ending on TODAY, the last ``relevant_years`` relevant to every one of ``qids``."""
    rows = history(PRINTING, qids[0], 72, 12 * relevant_years)
    return [replace(row, relevant_to=list(qids)) if row.relevant_to else row for row in rows]


def check_cluster_json(claimed: dict[str, Any], status: EligibilityStatus, relevant_shortfall: int) -> None:
    assert claimed["status"] == status.value
    assert claimed["route"] == Route.ASSESSMENT.value
    assert (claimed["required_total_months"], claimed["required_relevant_months"]) == (72, 60)
    assert (claimed["total_shortfall_months"], claimed["relevant_shortfall_months"]) == (
        0,
        relevant_shortfall,
    )
    assert claimed["rule"] == {
        "min_total_years": 6,
        "min_relevant_years": 5,
        "always_assessed": True,
        "source": "qualification rule (db/seed/cluster-experience-rules.csv, see db/seed/SOURCES.md)",
    }
    assert claimed["explanation"][0]["en"].startswith(
        "Rule for this qualification (replaces the industry rule)"
    )


def test_four_relevant_years_are_short_by_a_year_where_the_industry_rule_would_meet(
    seeded: tuple[Database, int, Path],
) -> None:
    """The same six years, four of them relevant to both: the cluster's rule wants five, the industry's four."""
    operation, gravure = qualification_id(seeded[0], OPERATION), qualification_id(seeded[0], GRAVURE)
    decided, stored, entries = lodge(seeded, [operation, gravure], printing_history(4, operation, gravure))
    own, industry = decided
    assert own["status"] == EligibilityStatus.SHORT.value
    assert (own["total_months"], own["relevant_months"]) == (72, 48)
    assert (own["total_shortfall_months"], own["relevant_shortfall_months"]) == (0, 12)
    assert industry["status"] == EligibilityStatus.MEETS.value
    assert stored == [EligibilityStatus.SHORT.value, EligibilityStatus.MEETS.value]
    check_cluster_json(entries[0]["claimed"], EligibilityStatus.SHORT, 12)
    assert entries[0]["claimed"]["shortfall_months"] == 12
    assert "experience-rules.csv" in entries[1]["claimed"]["rule"]["source"]


def test_five_relevant_years_meet_the_cluster_s_rule(seeded: tuple[Database, int, Path]) -> None:
    operation = qualification_id(seeded[0], OPERATION)
    (own,), stored, (entry,) = lodge(seeded, [operation], printing_history(5, operation))
    assert own["status"] == EligibilityStatus.MEETS.value
    assert (own["total_months"], own["relevant_months"]) == (72, 60)
    assert own["route"] == Route.ASSESSMENT.value
    assert stored == [EligibilityStatus.MEETS.value]
    check_cluster_json(entry["claimed"], EligibilityStatus.MEETS, 0)


def test_the_tier_the_rule_cannot_hold_is_in_the_catalogue_notes(seeded: tuple[Database, int, Path]) -> None:
    """ "incl. 2 in operation management" has no place in a rule's two halves: the assessor reads it in the
    qualification's notes, which the Catalogue page's details show."""
    notes = {row.title_en: row.notes for row in list_qualifications(seeded[0], text="Managing Printing")}
    assert "incl. 5 in sales or production incl. 2 in operation management" in notes[OPERATION]
    assert (
        "incl. 5 in production-related work incl. 2 in production management"
        in notes["Managing Printing Production"]
    )

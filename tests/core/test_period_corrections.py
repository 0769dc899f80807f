"""An assessor's corrections to a lodged case's periods: each field audited, the verdict recomputed at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.audit_sync import AuditEventRecord, ExportBatchRecord
from assessor_app.core.db.models.cases import ApplicationRecord, AppliedQualificationRecord
from assessor_app.core.db.models.catalogue import IndustryRecord, QualificationRecord
from assessor_app.core.domain.application_form import EmploymentEntry
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services.eligibility import check_application
from assessor_app.core.services.evidence.period_corrections import (
    NewPeriod,
    PeriodChanges,
    add_period,
    correct_period,
    remove_period,
    undo_changes,
)
from assessor_app.core.services.intake import lodging
from tests.core.intake_helpers import valid_form
from tests.core.user_helpers import add_user

TODAY = date(2024, 6, 30)


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int, int]]:
    """A seeded database with an event, the users and the Logistics level 3 qualification id."""
    database = open_database(tmp_path_factory.mktemp("corrections") / "cases.sqlite3")
    lodging.set_local_station(database, "lt01")
    event = lodging.create_event(
        database, name="Corrections", host_organisation="Host", event_date=TODAY, agency_code="HKUSPACE"
    )
    for name, role in (("assessor", "assessor"), ("clerk", "intake_clerk"), ("boss", "supervisor")):
        add_user(database, name, name.title(), role)
    with database.engine.connect() as connection:
        qid = (
            connection.execute(
                select(QualificationRecord.id)
                .join(IndustryRecord, IndustryRecord.id == QualificationRecord.industry_id)
                .where(IndustryRecord.name_en == "Logistics", QualificationRecord.qf_level == 3)
                .order_by(QualificationRecord.id)
            )
            .scalars()
            .first()
        )
    if qid is None:  # the seed has no Logistics level 3 cluster: a clearly labelled test-only one
        with database.session() as session:
            record = QualificationRecord(
                industry_id=session.scalars(
                    select(IndustryRecord.id).where(IndustryRecord.name_en == "Logistics")
                ).one(),
                title_en="TEST ONLY: synthetic qualification Logistics L3",
                title_zh="測試用虛構資歷",
                qf_level=3,
                qr_number=None,
                stream="",
            )
            session.add(record)
            session.flush()
            qid = record.id
    yield database, event.id, qid
    database.close()


_serial = iter(range(100000, 999999))


def _hkid() -> str:
    """A fresh valid HKID with prefix A."""
    digits = f"{next(_serial):06d}"
    total = 36 * 9 + 10 * 8 + sum(int(d) * w for d, w in zip(digits, (7, 6, 5, 4, 3, 2), strict=True))
    r = total % 11
    check = "0" if r == 0 else "A" if r == 1 else str(11 - r)
    return f"A{digits}({check})"


def lodge_worked_case(database: Database, event_id: int, qid: int) -> tuple[int, list[int]]:
    """5 years 10 months in logistics (2018-09-01 to 2024-06-30), the last year relevant: short by 12
    months of relevant experience for Logistics level 3 (5 years including 2 relevant)."""
    rows = [
        EmploymentEntry(
            employer="Industry Only Co", post="Clerk", industry="Logistics", start="2018-09-01",
            end="2021-06-30", proof_status="original_seen", relevant_to=[],
        ),
        EmploymentEntry(
            employer="Second Co", post="Tally clerk", industry="Logistics", start="2021-07-01",
            end="2023-06-30", proof_status="original_seen", relevant_to=[],
        ),
        EmploymentEntry(
            employer="Relevant Co", post="Cargo handler", industry="Logistics", start="2023-07-01",
            end="2024-06-30", proof_status="original_seen", relevant_to=[qid],
        ),
    ]  # fmt: skip
    form = replace(valid_form(event_id=event_id, qualification_ids=[qid]), hkid=_hkid(), employment=rows)
    lodged = lodging.lodge_application(database, form, draft_uid=None, operator="clerk", today=TODAY)
    return lodged.application_id, [p.id for p in check_application_periods(database, lodged.application_id)]


def check_application_periods(database: Database, application_id: int) -> list[Any]:
    with database.session() as session:
        application = session.get(ApplicationRecord, application_id)
        assert application is not None
        return sorted(application.employment, key=lambda p: p.position)


def verdict(database: Database, application_id: int) -> list[tuple[str, int, int, int, int]]:
    out = []
    for entry in check_application(database, application_id):
        experience = entry.result.experience
        assert experience is not None
        out.append(
            (
                entry.result.status.value,
                experience.total_months,
                experience.relevant_months,
                experience.total_shortfall_months,
                experience.relevant_shortfall_months,
            )
        )
    return out


def trail(database: Database, action: str) -> list[tuple[str, str | None, str | None, str, str]]:
    with database.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                select(
                    AuditEventRecord.field,
                    AuditEventRecord.old_value,
                    AuditEventRecord.new_value,
                    AuditEventRecord.actor,
                    AuditEventRecord.reason,
                )
                .where(AuditEventRecord.action == action)
                .order_by(AuditEventRecord.id)
            )
        ]


def stored_verdict(database: Database, application_id: int) -> list[tuple[str | None, str | None]]:
    with database.engine.connect() as connection:
        return [
            (row.eligibility, row.route)
            for row in connection.execute(
                select(AppliedQualificationRecord.eligibility, AppliedQualificationRecord.route).where(
                    AppliedQualificationRecord.application_id == application_id
                )
            )
        ]


def test_the_worked_case_is_short_of_relevant_until_a_second_period_is_relevant(
    scene: tuple[Database, int, int],
) -> None:
    database, event_id, qid = scene
    case_id, (first, second, _third) = lodge_worked_case(database, event_id, qid)
    assert verdict(database, case_id) == [("short", 70, 12, 0, 12)]
    before = len(trail(database, "period_corrected"))

    result = correct_period(
        database,
        case_id,
        second,
        PeriodChanges(relevant_to=[qid]),
        actor="assessor",
        reason="Letter: tally work",
    )

    assert [(c.field, c.old, c.new) for c in result.changes] == [("relevant_to", "", str(qid))]
    assert verdict(database, case_id) == [("meets", 70, 36, 0, 0)]
    assert stored_verdict(database, case_id) == [("meets", result.verdicts[0].new_route)]
    entries = trail(database, "period_corrected")[before:]
    assert entries == [(f"period#{second}.relevant_to", "", str(qid), "assessor", "Letter: tally work")]
    recomputed = [row for row in trail(database, "eligibility_recomputed") if row[4] == "Letter: tally work"]
    assert (recomputed[0][0].endswith(".eligibility"), recomputed[0][1], recomputed[0][2]) == (
        True,
        "short",  # as lodging stored it
        "meets",
    )
    assert first != second


@pytest.mark.parametrize(
    ("changes", "field", "new"),
    [
        (PeriodChanges(start="01/01/2019"), "start", "2019-01-01"),
        (PeriodChanges(end="2021-03-31"), "end", "2021-03-31"),
        (PeriodChanges(end=None), "end", "present"),
        (PeriodChanges(industry="other"), "industry", "other"),
        (PeriodChanges(employment_type="part_time", hours_per_week=20), "employment_type", "part_time"),
        (PeriodChanges(weight_percent=50), "weight_percent", "50"),
        (PeriodChanges(overseas_accepted=False), "overseas_accepted", "false"),
    ],
)
def test_each_field_is_audited_old_to_new_and_the_verdict_recomputed(
    scene: tuple[Database, int, int], changes: PeriodChanges, field: str, new: str
) -> None:
    database, event_id, qid = scene
    case_id, (first, _second, _third) = lodge_worked_case(database, event_id, qid)
    result = correct_period(database, case_id, first, changes, actor="boss", reason="Per employer letter")
    by_field = {c.field: (c.old, c.new) for c in result.changes}
    assert by_field[field][1] == new
    mine = [row for row in trail(database, "period_corrected") if row[0].startswith(f"period#{first}.")]
    assert {row[0].split(".", 1)[1] for row in mine} == set(by_field)
    assert all(row[3] == "boss" and row[4] == "Per employer letter" for row in mine)
    assert stored_verdict(database, case_id)[0][0] == verdict(database, case_id)[0][0]
    if field == "industry":  # another industry counts for neither half
        assert verdict(database, case_id)[0][1] == 70 - 34


def test_the_kind_needs_a_carers_declaration(scene: tuple[Database, int, int]) -> None:
    database, event_id, qid = scene
    case_id, (first, _, _) = lodge_worked_case(database, event_id, qid)
    with pytest.raises(ValidationError) as refused:
        correct_period(database, case_id, first, PeriodChanges(kind="caring"), actor="assessor", reason="x")
    assert refused.value.code == "caring_without_declaration"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        (PeriodChanges(industry="Basket weaving"), "industry_unknown"),
        (PeriodChanges(start="31/02/2020"), "date_format"),
        (PeriodChanges(end="2010-01-01"), "end_before_start"),
        (PeriodChanges(start="2030-01-01"), "date_in_future"),
        (PeriodChanges(employment_type="part_time"), "hours"),
        (PeriodChanges(relevant_to=[999999]), "relevant_to_unknown"),
        (PeriodChanges(weight_percent=0), "weight_range"),
        (PeriodChanges(weight_percent=101), "weight_range"),
    ],
)
def test_values_the_form_refuses_are_refused_and_nothing_written(
    scene: tuple[Database, int, int], changes: PeriodChanges, code: str
) -> None:
    database, event_id, qid = scene
    case_id, (first, _, _) = lodge_worked_case(database, event_id, qid)
    before = verdict(database, case_id), len(trail(database, "period_corrected"))
    with pytest.raises(ValidationError) as refused:
        correct_period(database, case_id, first, changes, actor="assessor", reason="typo")
    assert refused.value.code == code
    assert refused.value.en
    assert refused.value.zh  # a message in each language
    assert (verdict(database, case_id), len(trail(database, "period_corrected"))) == before


def test_unknown_industry_is_named_in_both_languages(scene: tuple[Database, int, int]) -> None:
    database, event_id, qid = scene
    case_id, (first, _, _) = lodge_worked_case(database, event_id, qid)
    with pytest.raises(ValidationError) as refused:
        correct_period(
            database, case_id, first, PeriodChanges(industry="Basket weaving"), actor="assessor", reason="x"
        )
    assert "Basket weaving" in refused.value.en
    assert "Basket weaving" in refused.value.zh


def test_a_reason_is_required_and_only_reviewers_correct(scene: tuple[Database, int, int]) -> None:
    database, event_id, qid = scene
    case_id, (first, _, _) = lodge_worked_case(database, event_id, qid)
    with pytest.raises(ValidationError) as no_reason:
        correct_period(
            database, case_id, first, PeriodChanges(weight_percent=50), actor="assessor", reason="  "
        )
    assert no_reason.value.code == "reason_required"
    with pytest.raises(AppError) as clerk:
        correct_period(database, case_id, first, PeriodChanges(weight_percent=50), actor="clerk", reason="x")
    assert clerk.value.code == "role_not_allowed"
    assert stored_verdict(database, case_id) == [("short", "assessment")]  # as lodged


def test_a_locked_case_is_refused_until_a_correction_is_open(scene: tuple[Database, int, int]) -> None:
    database, event_id, qid = scene
    case_id, (first, _, _) = lodge_worked_case(database, event_id, qid)
    with database.session() as session:
        batch = ExportBatchRecord(kind="export", file_name="b.xlsx", file_sha256="2" * 64, created_by="boss")
        session.add(batch)
        session.flush()
        application = session.get(ApplicationRecord, case_id)
        assert application is not None
        application.locked_by_batch_id = batch.id
    with pytest.raises(AppError) as locked:
        correct_period(
            database, case_id, first, PeriodChanges(weight_percent=50), actor="assessor", reason="x"
        )
    assert locked.value.code == "case_locked"
    with database.session() as session:
        application = session.get(ApplicationRecord, case_id)
        assert application is not None
        application.needs_reexport = True  # what open_correction sets
    correct_period(database, case_id, first, PeriodChanges(weight_percent=50), actor="assessor", reason="x")


def test_plausibility_warnings_do_not_block_and_are_recorded(scene: tuple[Database, int, int]) -> None:
    database, event_id, qid = scene
    case_id, (first, _, _) = lodge_worked_case(database, event_id, qid)
    result = correct_period(
        database, case_id, first, PeriodChanges(start="1949-05-01"), actor="assessor", reason="x"
    )
    assert {w.code for w in result.warnings} >= {"before_1950", "before_birth"}
    assert trail(database, "warnings_overridden")[-1][0] == f"period#{first}"


def test_add_and_remove_a_period(scene: tuple[Database, int, int]) -> None:
    database, event_id, qid = scene
    case_id, (_first, _second, third) = lodge_worked_case(database, event_id, qid)
    added = add_period(
        database,
        case_id,
        NewPeriod("Late Letter Ltd", "2021-07-01", "2023-06-30", "Logistics", relevant_to=[qid]),
        actor="assessor",
        reason="Second employer letter",
    )
    assert verdict(database, case_id)[0][0] == "meets"
    assert trail(database, "period_added")[-1][0] == f"period#{added.period_id}"
    remove_period(database, case_id, added.period_id, actor="assessor", reason="Letter withdrawn")
    remove_period(database, case_id, third, actor="assessor", reason="Not this applicant's")
    assert verdict(database, case_id) == [("short", 58, 0, 2, 24)]
    assert stored_verdict(database, case_id)[0][0] == "short"
    assert "employer=Relevant Co" in (trail(database, "period_removed")[-1][1] or "")


CHANGES = st.builds(
    PeriodChanges,
    start=st.sampled_from(["2018-09-01", "2019-03-01", "2016-01-01"]),
    end=st.sampled_from(["2021-06-30", "2020-12-31", None]),
    industry=st.sampled_from(["Logistics", "other"]),
    relevant_to=st.sampled_from(["none", "qid"]),
    employment_type=st.sampled_from(["full_time", "part_time"]),
    hours_per_week=st.sampled_from([10, 20, 40]),
    weight_percent=st.sampled_from([None, 25, 100]),
    overseas_accepted=st.sampled_from([None, True, False]),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=CHANGES, which=st.integers(0, 2))
def test_a_correction_and_its_undo_give_back_the_verdict(
    scene: tuple[Database, int, int], changes: PeriodChanges, which: int
) -> None:
    database, event_id, qid = scene
    case_id, periods = lodge_worked_case(database, event_id, qid)
    wanted = [qid] if changes.relevant_to == "qid" else []  # type: ignore[comparison-overlap]
    changes = replace(changes, relevant_to=wanted)
    before = verdict(database, case_id)
    result = correct_period(database, case_id, periods[which], changes, actor="assessor", reason="try")
    if result.changes:
        correct_period(
            database, case_id, periods[which], undo_changes(result), actor="assessor", reason="undo"
        )
    assert verdict(database, case_id) == before
    if result.changes:
        assert stored_verdict(database, case_id)[0][0] == before[0][0]


def test_undo_changes_reads_the_old_values(tmp_path: Path) -> None:
    from assessor_app.core.services.evidence.period_corrections import CorrectionResult, FieldChange

    result = CorrectionResult(
        1,
        (
            FieldChange("end", "present", "2020-01-01"),
            FieldChange("relevant_to", "3,4", ""),
            FieldChange("weight_percent", "", "50"),
            FieldChange("overseas_accepted", "true", "false"),
        ),
        (),
    )
    undo = undo_changes(result)
    assert (undo.end, undo.relevant_to, undo.weight_percent, undo.overseas_accepted) == (
        None,
        [3, 4],
        None,
        True,
    )

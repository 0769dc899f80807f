"""Merging another station's export: new cases added, same case a no-op, different content a conflict,
shared HKIDs flagged; idempotent and order-independent (property-based)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models import ApplicantRecord, ApplicationRecord, EmploymentPeriodRecord
from assessor_app.core.errors import AppError
from assessor_app.core.services.demo import generate_demo
from assessor_app.core.services.sync.export import build_workbook
from assessor_app.core.services.sync.merge import _local_cases, merge_batch
from assessor_app.core.services.sync.writer import write_xlsx
from tests.core.sync.conftest import Exported
from tests.core.sync.helpers import ASSESSOR, SUPERVISOR, demo_database, dump


def _station(path: Path) -> Database:
    """An empty station: the same catalogue, event and users, no cases."""
    database = open_database(path)
    generate_demo(database, applications=0, seed=7)
    return database


def _write_subset(source: Database, uids: list[str], path: Path) -> Path:
    built = build_workbook(source, condition=ApplicationRecord.uid.in_(uids))
    write_xlsx(path, built.sheets)
    return path


def _uids(database: Database) -> list[str]:
    with database.session() as session:
        return list(
            session.scalars(
                select(ApplicationRecord.uid)
                .where(ApplicationRecord.status != "draft")
                .order_by(ApplicationRecord.id)
            )
        )


def test_new_cases_are_added_and_merging_again_is_a_no_op(exported: Exported, tmp_path: Path) -> None:
    other = _station(tmp_path / "other.sqlite3")
    try:
        report = merge_batch(other, exported.result.path, actor=ASSESSOR)
        assert len(report.added) == exported.result.case_count
        assert report.conflicts == []
        assert report.batch_id is not None
        uids = sorted(report.added)
        assert _local_cases(other, uids) == _local_cases(exported.database, uids)
        before = dump(other)
        again = merge_batch(other, exported.result.path, actor=ASSESSOR)
        assert sorted(again.unchanged) == uids
        assert again.added == []
        assert again.batch_id is None
        assert dump(other) == before
    finally:
        other.close()


def test_merging_a_laptops_own_export_changes_nothing(exported: Exported) -> None:
    before = dump(exported.database)
    report = merge_batch(exported.database, exported.result.path, actor=SUPERVISOR)
    assert len(report.unchanged) == exported.result.case_count
    assert dump(exported.database) == before


def test_different_content_is_a_listed_conflict_never_an_overwrite(exported: Exported) -> None:
    with exported.database.session() as session:
        period_id = session.scalar(
            select(func.min(EmploymentPeriodRecord.id))
            .join(ApplicationRecord)
            .where(ApplicationRecord.locked_by_batch_id.is_not(None))
        )
        session.execute(
            update(EmploymentPeriodRecord)
            .where(EmploymentPeriodRecord.id == period_id)
            .values(employer="Changed Ltd")
        )
    before = dump(exported.database)
    report = merge_batch(exported.database, exported.result.path, actor=SUPERVISOR)
    assert len(report.conflicts) == 1
    assert "employment" in report.conflicts[0].reasons[0]
    assert "CONFLICT" in report.describe()
    assert dump(exported.database) == before


def test_the_same_hkid_under_two_applicants_is_flagged(exported: Exported, tmp_path: Path) -> None:
    other = _station(tmp_path / "other.sqlite3")
    try:
        with exported.database.session() as session:
            uid = session.scalar(
                select(ApplicantRecord.uid)
                .join(ApplicationRecord)
                .where(ApplicationRecord.locked_by_batch_id.is_not(None))
                .limit(1)
            )
            source = session.scalar(select(ApplicantRecord).where(ApplicantRecord.uid == uid))
            assert source is not None
            twin = ApplicantRecord(
                hkid=source.hkid,
                residence_status="A",
                surname_en="TWIN",
                date_of_birth=source.date_of_birth,
            )
        with other.session() as session:
            session.add(twin)
        report = merge_batch(other, exported.result.path, actor=ASSESSOR)
        assert [d.applicant_uid for d in report.duplicates] == [uid]
        assert "POSSIBLE DUPLICATE" in report.describe()
    finally:
        other.close()


def test_an_edited_workbook_is_refused(exported: Exported, tmp_path: Path) -> None:
    workbook = load_workbook(exported.result.path)
    workbook["employment"]["D3"] = "Someone Else Ltd"
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    before = dump(exported.database)
    with pytest.raises(AppError) as refused:
        merge_batch(exported.database, edited, actor=SUPERVISOR)
    assert refused.value.code == "merge_tampered"
    assert dump(exported.database) == before


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, list[str]]:
    folder = tmp_path_factory.mktemp("pool")
    source = open_database(folder / "source.sqlite3")
    demo_database(source, applications=10, signed_off=4, seed=11)
    return source, _uids(source)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    first=st.sets(st.integers(min_value=0, max_value=8), min_size=1),
    second=st.sets(st.integers(min_value=0, max_value=8), min_size=1),
)
def test_merge_is_idempotent_order_independent_and_loses_no_case(
    pool: tuple[Database, list[str]], first: set[int], second: set[int]
) -> None:
    source, uids = pool
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        a = _write_subset(source, [uids[i] for i in sorted(first)], folder / "a.xlsx")
        b = _write_subset(source, [uids[i] for i in sorted(second)], folder / "b.xlsx")
        wanted = sorted(uids[i] for i in first | second)
        contents = []
        for order, files in (("ab", (a, b)), ("ba", (b, a))):
            station = _station(folder / f"{order}.sqlite3")
            try:
                for file in files:
                    report = merge_batch(station, file, actor=ASSESSOR)
                    assert report.conflicts == []
                again = merge_batch(station, files[0], actor=ASSESSOR)
                assert again.added == []
                assert sorted(_uids(station)) == wanted  # no case lost, none doubled
                contents.append(_local_cases(station, wanted))
            finally:
                station.close()
        assert contents[0] == contents[1] == _local_cases(source, wanted)

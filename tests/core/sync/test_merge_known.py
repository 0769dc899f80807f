"""Merging the very same file again (merge_known): it is not read when every copy is held here, it gives
the full merge's report and changes, and it is refused exactly as a full merge refuses it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.audit_sync import MergedFileRecord
from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.services.demo.promotion_day import generate_demo
from assessor_app.core.services.intake.station_keys import remove_station
from assessor_app.core.services.sync import merge as merge_module
from assessor_app.core.services.sync import merge_known, merge_workbook
from assessor_app.core.services.sync.export import ExportResult, export_batch
from assessor_app.core.services.sync.merge import MergeReport, merge_batch
from assessor_app.core.services.sync.merge_known import file_digest, find_known
from assessor_app.core.services.sync.reader import ParsedBatch
from tests.core.sync.helpers import ASSESSOR, SUPERVISOR, count_opens, dump, empty_station


@dataclass
class Merged:
    source: Database
    full: ExportResult
    first: MergeReport
    target: Database  # the full export merged once (so the file is known here)


@pytest.fixture
def merged(tmp_path: Path) -> Iterator[Merged]:
    source = open_database(tmp_path / "source.sqlite3")
    generate_demo(source, applications=30)  # two applicants share an HKID: duplicates to report
    full = export_batch(source, tmp_path / "full.xlsx", actor=SUPERVISOR, status="lodged", full_hkid=True)
    target = empty_station(tmp_path / "target.sqlite3", trusting=source)
    first = merge_batch(target, full.path, actor=ASSESSOR, password=full.password)
    assert first.added
    assert first.duplicates
    yield Merged(source, full, first, target)
    source.close()
    target.close()


def _not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the workbook was read")

    monkeypatch.setattr(merge_module, "read_workbook", refuse)


def _known(database: Database, path: Path) -> bool:
    digest = file_digest(path.read_bytes())
    assert digest is not None
    with database.session() as session:
        return find_known(session, digest, hong_kong_today()) is not None


def _summary(report: MergeReport) -> tuple[object, ...]:
    return (
        report.added,
        report.unchanged,
        report.conflicts,
        report.duplicates,
        report.replaced,
        report.batch_id,
        report.signer,
        report.describe(),
    )


def test_the_same_file_again_is_not_read_and_reports_what_the_full_merge_reports(
    merged: Merged, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = merged.full
    twin = empty_station(tmp_path / "twin.sqlite3", trusting=merged.source)  # the full path, for comparison
    try:
        merge_batch(twin, full.path, actor=ASSESSOR, password=full.password)
        with twin.session() as session:
            session.execute(delete(MergedFileRecord))
        long_way = merge_batch(twin, full.path, actor=ASSESSOR, password=full.password)
    finally:
        twin.close()
    assert _known(merged.target, full.path)
    before = dump(merged.target)
    _not_read(monkeypatch)
    again = merge_batch(merged.target, full.path, actor=ASSESSOR, password=full.password)
    assert _summary(again) == _summary(long_way)
    assert len(again.unchanged) == len(merged.first.added)
    assert not again.added
    assert dump(merged.target) == before  # nothing written, as the full merge of it writes nothing


def test_a_case_changed_here_since_sends_the_file_the_full_way(merged: Merged) -> None:
    full, uid = merged.full, merged.first.added[0]
    with merged.target.session() as session:
        session.execute(update(ApplicationRecord).where(ApplicationRecord.uid == uid).values(alias="CHANGED"))
    report = merge_batch(merged.target, full.path, actor=ASSESSOR, password=full.password)
    assert [conflict.application_uid for conflict in report.conflicts] == [uid]  # read, and its copy kept
    assert len(report.unchanged) == len(merged.first.added) - 1


@pytest.mark.parametrize("password", [None, "WRONG-PASSWORD"])
def test_the_known_file_without_its_password_is_refused(
    merged: Merged, password: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _known(merged.target, merged.full.path)
    _not_read(monkeypatch)  # refused before any reading, as the full merge refuses it
    before = dump(merged.target)
    with pytest.raises(AppError) as refused:
        merge_batch(merged.target, merged.full.path, actor=ASSESSOR, password=password)
    assert refused.value.code == ("password_needed" if password is None else "wrong_password")
    assert dump(merged.target) == before


def test_the_known_file_of_a_station_removed_since_is_refused(merged: Merged) -> None:
    remove_station(merged.target, "LT01", actor=SUPERVISOR, reason="laptop lost")
    before = dump(merged.target)
    with pytest.raises(AppError) as refused:
        merge_batch(merged.target, merged.full.path, actor=ASSESSOR, password=merged.full.password)
    assert refused.value.code == "merge_station_removed"
    assert dump(merged.target) == before


def test_a_record_counts_only_for_the_same_checks_and_from_its_day_on(
    merged: Merged, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = file_digest(merged.full.path.read_bytes())
    assert digest is not None
    with merged.target.session() as session:
        [checked_on] = session.scalars(select(MergedFileRecord.checked_on)).all()
        assert find_known(session, digest, checked_on) is not None
        assert find_known(session, digest, checked_on - timedelta(days=1)) is None  # a clock set back
    monkeypatch.setattr(merge_known, "CHECKS", "0.0.0/3.2")  # another version's checks: read again
    read: list[object] = []
    real = merge_workbook.read_workbook

    def counted(path: Path, password: str | None, *, data: bytes | None = None) -> ParsedBatch:
        read.append(path)
        return real(path, password, data=data)

    monkeypatch.setattr(merge_module, "read_workbook", counted)
    merge_batch(merged.target, merged.full.path, actor=ASSESSOR, password=merged.full.password)
    assert read


def test_a_refused_or_changeless_merge_records_nothing(merged: Merged, tmp_path: Path) -> None:
    own = export_batch(
        merged.source, tmp_path / "own.xlsx", actor=SUPERVISOR, status="lodged", full_hkid=True
    )
    with pytest.raises(AppError):
        merge_batch(merged.source, own.path, actor=ASSESSOR, password="WRONG-PASSWORD")
    merge_batch(merged.source, own.path, actor=ASSESSOR, password=own.password)  # its own cases: no-op
    assert not _known(merged.source, own.path)


def test_a_merge_reads_its_file_once_full_or_known(
    merged: Merged, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = count_opens(monkeypatch, merged.full.path)
    again = merge_batch(merged.target, merged.full.path, actor=ASSESSOR, password=merged.full.password)
    assert again.unchanged
    assert not again.added
    assert opened == ["rb"]  # known: hashed, looked up, decrypted to check the password, from one read
    opened.clear()
    other = empty_station(tmp_path / "other.sqlite3", trusting=merged.source)
    full = merge_batch(other, merged.full.path, actor=ASSESSOR, password=merged.full.password)
    other.close()
    assert full.added
    assert opened == ["rb"]  # hashed, decrypted and read by both readers' package from the same bytes

"""A merged batch is held to the application form's rules: a forged station's batch (signed by an enrolled
key, its data hash right) carrying what intake refuses (a 40,000-character name, a negative fee, a leading
tab or carriage return, an ESC code, negative hours, an end before the start) is refused with each bad
cell named, every problem listed, the database unchanged, never a traceback from a constraint."""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.export import build_workbook
from assessor_app.core.services.sync.merge import merge_batch
from assessor_app.core.services.sync.workbook_format import FORMAT_VERSION
from assessor_app.core.services.sync.workbook_layout import written_position
from assessor_app.core.services.sync.writer import column_letter
from tests.core.sync.helpers import (
    SUPERVISOR,
    demo_database,
    dump,
    empty_station,
    rewrite_members,
    sheet_member,
    signed_workbook,
)


class Forger:
    """A station whose database was edited past every check (SQL, CHECK constraints off), exporting one
    case at a time as a genuine signed batch; the laptop merging it trusts its key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(exist_ok=True)
        self.source = demo_database(open_database(folder / "forger.sqlite3"))
        self.target = empty_station(folder / "target.sqlite3", trusting=self.source)
        with self.source.session() as session:
            chosen = session.execute(
                select(ApplicationRecord.uid, ApplicationRecord.id)
                .where(ApplicationRecord.status == "signed_off", ApplicationRecord.employment.any())
                .order_by(ApplicationRecord.id)
            ).first()
        assert chosen is not None
        self.uid, self.id = chosen

    def edit(self, *statements: str) -> None:
        connection = sqlite3.connect(self.source.path)
        try:
            connection.execute("PRAGMA ignore_check_constraints = ON")
            for statement in statements:
                connection.execute(statement.format(id=self.id))
            connection.commit()
        finally:
            connection.close()

    def batch(self, name: str) -> Path:
        built = build_workbook(self.source, condition=ApplicationRecord.uid == self.uid, full_hkid=True)
        return signed_workbook(self.source, built, self.folder / name)

    def refused(self, path: Path) -> AppError:
        before = dump(self.target)
        with pytest.raises(AppError) as refused:
            merge_batch(self.target, path, actor=SUPERVISOR)
        assert dump(self.target) == before
        return refused.value

    def close(self) -> None:
        self.source.close()
        self.target.close()


@pytest.fixture
def forger(tmp_path: Path) -> Iterator[Forger]:
    station = Forger(tmp_path)
    yield station
    station.close()


def _where(sheet: fmt.Sheet, key: str, row: int = 3) -> str:
    return f"sheet {sheet.name}, row {row}, column {column_letter(written_position(FORMAT_VERSION, sheet, key))} ({key}): "


def _only_line(error: AppError) -> str:
    assert isinstance(error, ValidationError), error.en
    assert "nothing was changed" in error.en
    assert "未有任何更改" in error.zh
    (line,) = error.details
    assert " / 工作表 " in line
    return line


def test_the_forgers_untouched_batch_merges(forger: Forger) -> None:
    report = merge_batch(forger.target, forger.batch("clean.xlsx"), actor=SUPERVISOR)
    assert report.added == [forger.uid]


@pytest.mark.parametrize(
    ("statement", "key", "reason"),
    [
        (
            f"UPDATE applications SET surname_en = '{'A' * 40_000}' WHERE id = {{id}}",
            "surname_en",
            "at most 60",
        ),
        (
            "UPDATE applications SET surname_en = char(9) || 'CHAN' WHERE id = {id}",
            "surname_en",
            "begins or ends",
        ),
        (
            "UPDATE applications SET given_names_en = char(13) || 'Tai Man' WHERE id = {id}",
            "given_names_en",
            "begins or ends",
        ),
        (
            "UPDATE applications SET address = 'Flat 1' || char(13) || 'Kowloon' WHERE id = {id}",
            "address",
            "U+000D",
        ),
        (
            "UPDATE applications SET date_of_birth = '2999-01-01' WHERE id = {id}",
            "date_of_birth",
            "plausible",
        ),
    ],
)
def test_a_particular_the_form_refuses_is_refused_by_cell(
    forger: Forger, statement: str, key: str, reason: str
) -> None:
    forger.edit(statement)
    line = _only_line(forger.refused(forger.batch("forged.xlsx")))
    assert line.startswith(_where(fmt.APPLICANTS, key)), line
    assert reason in line


def test_a_negative_fee_is_refused_by_cell(forger: Forger) -> None:
    forger.edit("UPDATE applications SET fee_hkd = -290 WHERE id = {id}")
    line = _only_line(forger.refused(forger.batch("fee.xlsx")))
    assert line.startswith(_where(fmt.APPLICATIONS, "fee_hkd")), line
    assert "-290 is not between 0 and 1000000" in line


def test_negative_hours_are_refused_by_cell(forger: Forger) -> None:
    forger.edit(
        "UPDATE employment_periods SET employment_type = 'part_time', hours_per_week = -5 "
        "WHERE id = (SELECT MIN(id) FROM employment_periods WHERE application_id = {id})"
    )
    line = _only_line(forger.refused(forger.batch("hours.xlsx")))
    assert line.startswith(_where(fmt.EMPLOYMENT, "hours_per_week")), line
    assert "-5 is not between 1 and 168" in line


def test_an_end_before_the_start_is_refused_by_cell_not_by_the_database(forger: Forger) -> None:
    forger.edit(
        "UPDATE employment_periods SET start_date = '2015-06-01', end_date = '2012-01-31' "
        "WHERE id = (SELECT MIN(id) FROM employment_periods WHERE application_id = {id})"
    )
    error = forger.refused(forger.batch("dates.xlsx"))
    line = _only_line(error)
    assert line.startswith(_where(fmt.EMPLOYMENT, "end_date")), line
    assert "The end date is before the start date." in line
    assert "結束日期早於開始日期" in line


def test_a_part_time_period_without_its_hours_is_refused_as_the_form_refuses_it(forger: Forger) -> None:
    forger.edit(
        "UPDATE employment_periods SET employment_type = 'part_time', hours_per_week = NULL "
        "WHERE id = (SELECT MIN(id) FROM employment_periods WHERE application_id = {id})"
    )
    line = _only_line(forger.refused(forger.batch("part-time.xlsx")))
    assert line.startswith(_where(fmt.EMPLOYMENT, "hours_per_week")), line
    assert "give the hours per week" in line


def test_an_escape_code_in_a_cell_is_refused_by_cell(forger: Forger) -> None:
    """A workbook cannot be written with ESC by this app; a forger writes its ``_x001B_`` escape."""
    forger.edit("UPDATE applications SET address = 'Flat 1 ESCAPE[2J' WHERE id = {id}")
    path = forger.batch("plain.xlsx")
    member = sheet_member(path, fmt.APPLICANTS.name)
    data = zipfile.ZipFile(path).read(member).replace(b"ESCAPE", b"_x001B_")
    forged = rewrite_members(path, forger.folder / "escape.xlsx", {member: data})
    line = _only_line(forger.refused(forged))
    assert line.startswith(_where(fmt.APPLICANTS, "address")), line
    assert "U+001B" in line


def test_every_bad_cell_is_listed_at_once(forger: Forger) -> None:
    forger.edit(
        f"UPDATE applications SET surname_en = '{'B' * 40_000}', fee_hkd = -1, "
        "alias = char(9) || 'Ah Man' WHERE id = {id}",
        "UPDATE employment_periods SET hours_per_week = -5, employment_type = 'part_time' "
        "WHERE application_id = {id}",
    )
    error = forger.refused(forger.batch("many.xlsx"))
    assert isinstance(error, ValidationError)
    text = "\n".join(error.details)
    for sheet, key in (
        (fmt.APPLICANTS, "surname_en"),
        (fmt.APPLICANTS, "alias"),
        (fmt.APPLICATIONS, "fee_hkd"),
        (fmt.EMPLOYMENT, "hours_per_week"),
    ):
        assert _where(sheet, key) in text, key
    with forger.source.session() as session:
        case = session.get(ApplicationRecord, forger.id)
        assert case is not None
        assert len([line for line in error.details if "(hours_per_week)" in line]) == len(case.employment)


def test_the_merged_rules_are_the_forms_own(forger: Forger) -> None:
    """A form field's limit is intake's: one character more than LIMITS allows is refused."""
    from assessor_app.core.domain.form_fields import LIMITS

    forger.edit(
        f"UPDATE applications SET given_names_en = '{'a' * LIMITS['given_names_en']}' WHERE id = {{id}}"
    )
    assert merge_batch(forger.target, forger.batch("at-limit.xlsx"), actor=SUPERVISOR).added == [forger.uid]
    other = Forger(forger.folder / "second")
    try:
        other.edit(
            f"UPDATE applications SET given_names_en = '{'a' * (LIMITS['given_names_en'] + 1)}' WHERE id = {{id}}"
        )
        line = _only_line(other.refused(other.batch("over.xlsx")))
        assert f"at most {LIMITS['given_names_en']} characters" in line
    finally:
        other.close()


def test_a_database_constraint_is_never_a_traceback(forger: Forger) -> None:
    """The constraint itself is the last line: when every check passed and the database still refuses,
    the merge says so in both languages and changes nothing."""
    target: Database = forger.target
    connection = sqlite3.connect(target.path)
    try:  # a rule this laptop has that the form does not know of
        connection.execute(
            "CREATE TRIGGER no_carriers BEFORE INSERT ON employment_periods "
            "BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: test rule'); END"
        )
        connection.commit()
    finally:
        connection.close()
    error = forger.refused(forger.batch("constraint.xlsx"))
    assert error.code == "merge_constraint"
    assert "the database refused one of its values" in error.en
    assert "資料庫拒絕" in error.zh

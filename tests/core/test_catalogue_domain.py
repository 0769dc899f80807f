"""Catalogue rows: header checks, per-row validation and duplicates within one file."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessor_app.core.domain.catalogue import (
    CATALOGUE_COLUMNS,
    CatalogueEntry,
    RowProblem,
    check_header,
    parse_catalogue,
)

INDUSTRIES = ["Logistics", "Elderly care", "ICT"]


def row(**overrides: str) -> dict[str, str]:
    values = {
        "industry": "Elderly care",
        "agency": "HKAG",
        "title_zh": "感染控制",
        "title_en": "Infection control",
        "qf_level": "2",
        "qr_number": "",
        "stream": "Community care and support",
        "open_to_carers": "yes",
        "notes": "",
    }
    values.update(overrides)
    return values


def parse_rows(*rows: Mapping[str, str | None]) -> tuple[list[CatalogueEntry], list[RowProblem]]:
    return parse_catalogue(CATALOGUE_COLUMNS, rows, INDUSTRIES)


def only_problem(*rows: Mapping[str, str | None]) -> RowProblem:
    problems = parse_rows(*rows)[1]
    assert len(problems) == 1, problems
    return problems[0]


def test_valid_rows_become_entries() -> None:
    entries, problems = parse_rows(
        row(),
        row(
            industry="logistics",
            title_zh="",
            title_en="Air freight handling",
            qf_level="3",
            qr_number="15/003202/L3",
            stream="",
            open_to_carers="no",
            notes="illustrative",
        ),
    )
    assert problems == []
    assert entries == [
        CatalogueEntry(
            industry="Elderly care",
            agency="HKAG",
            title_zh="感染控制",
            title_en="Infection control",
            qf_level=2,
            qr_number=None,
            stream="Community care and support",
            open_to_carers=True,
            notes="",
        ),
        CatalogueEntry(
            industry="Logistics",  # the database's spelling, whatever the file's case
            agency="HKAG",
            title_zh="",
            title_en="Air freight handling",
            qf_level=3,
            qr_number="15/003202/L3",
            stream="",
            open_to_carers=False,
            notes="illustrative",
        ),
    ]


def test_values_are_trimmed_and_chinese_yes_no_accepted() -> None:
    entries, problems = parse_rows(row(title_en="  Infection control  ", qf_level=" 2 ", open_to_carers="是"))
    assert problems == []
    assert entries[0].title_en == "Infection control"
    assert entries[0].qf_level == 2
    assert entries[0].open_to_carers is True


def test_missing_optional_columns_read_as_empty() -> None:
    entries, problems = parse_catalogue(
        ["industry", "title_en", "qf_level"],
        [{"industry": "ICT", "title_en": "Operation and Support", "qf_level": "2"}],
        INDUSTRIES,
    )
    assert problems == []
    assert entries[0].qr_number is None
    assert entries[0].open_to_carers is False


@pytest.mark.parametrize("qr", ["15/3202/L2", "15-003202-L2", "15/003202/2", "15/003202/L5", "١٥/003202/L2"])
def test_qr_number_pattern(qr: str) -> None:
    problem = only_problem(row(qr_number=qr))
    assert (problem.row, problem.column) == (2, "qr_number")
    assert "NN/NNNNNN/Ln" in problem.reason_en


def test_qr_number_level_must_match_the_qualification() -> None:
    problem = only_problem(row(qf_level="2", qr_number="15/003202/L3"))
    assert (problem.row, problem.column) == (2, "qr_number")
    assert problem.reason_en == "ends in level 3 but the qualification is level 2"
    assert "第 3 級" in problem.reason_zh


@pytest.mark.parametrize("level", ["0", "5", "two", "", "2.0", "-1", "二"])
def test_level_must_be_1_to_4(level: str) -> None:
    problem = only_problem(row(qf_level=level))
    assert (problem.row, problem.column) == (2, "qf_level")
    assert problem.reason_en == f"'{level}' is not a level 1 to 4"


def test_unknown_industry() -> None:
    problem = only_problem(row(industry="Banking"))
    assert (problem.row, problem.column) == (2, "industry")
    assert problem.reason_en == "unknown industry 'Banking'"


def test_empty_industry_and_title() -> None:
    entries, problems = parse_rows(row(industry="", title_en="   "))
    assert entries == []
    assert [(p.row, p.column, p.reason_en) for p in problems] == [
        (2, "industry", "is empty"),
        (2, "title_en", "is empty"),
    ]


def test_open_to_carers_must_be_yes_or_no() -> None:
    problem = only_problem(row(open_to_carers="maybe"))
    assert (problem.row, problem.column) == (2, "open_to_carers")


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b[31m", "\r", "\x7f"])
def test_control_characters_refused(bad: str) -> None:
    problem = only_problem(row(title_zh=f"感染{bad}控制"))
    assert (problem.row, problem.column, problem.reason_en) == (2, "title_zh", "contains control characters")


@pytest.mark.parametrize("column", ["stream_zh", "notes_zh"])
def test_the_chinese_stream_and_notes_are_checked_as_other_text(column: str) -> None:
    problem = only_problem(row(**{column: "院舍\x1b照顧"}))
    assert (problem.row, problem.column, problem.reason_en) == (2, column, "contains control characters")
    (entry,), problems = parse_rows(row(stream_zh=" 院舍照顧 ", notes_zh="備註"))
    assert problems == []
    assert (entry.stream_zh, entry.notes_zh) == ("院舍照顧", "備註")


@pytest.mark.parametrize(
    ("column", "limit"),
    [
        ("title_en", 200),
        ("title_zh", 200),
        ("stream", 120),
        ("notes", 2000),
        ("stream_zh", 120),
        ("notes_zh", 2000),
    ],
)
def test_over_length_text_refused(column: str, limit: int) -> None:
    assert parse_rows(row(**{column: "字" * limit}))[1] == []
    problem = only_problem(row(**{column: "字" * (limit + 1)}))
    assert (problem.row, problem.column) == (2, column)
    assert problem.reason_en == f"longer than {limit} characters"


def test_duplicate_rows_within_a_file() -> None:
    entries, problems = parse_rows(
        row(),
        row(title_en="INFECTION CONTROL", title_zh="另一個"),
        row(title_en="General home care", qr_number="15/000001/L2"),
        row(title_en="General outdoor escort care", qr_number="15/000001/L2"),
    )
    assert [e.title_en for e in entries] == ["Infection control", "General home care"]
    assert [(p.row, p.column, p.reason_en) for p in problems] == [
        (3, "title_en", "same qualification as row 2"),
        (5, "qr_number", "QR number already used in row 4"),
    ]


def test_same_title_at_another_level_or_industry_is_not_a_duplicate() -> None:
    entries, problems = parse_rows(row(), row(qf_level="3"), row(industry="ICT"))
    assert problems == []
    assert len(entries) == 3


def test_every_problem_in_every_row_is_reported_with_its_row_number() -> None:
    entries, problems = parse_rows(row(), row(qf_level="9"), row(), row(industry="Nowhere", qr_number="x"))
    assert len(entries) == 1
    assert [(p.row, p.column) for p in problems] == [
        (3, "qf_level"),
        (4, "title_en"),
        (5, "industry"),
        (5, "qr_number"),
    ]


def test_blank_rows_are_skipped_but_still_counted() -> None:
    blank = dict.fromkeys(CATALOGUE_COLUMNS, "")
    entries, problems = parse_rows(row(), blank, row(qf_level="x"))
    assert len(entries) == 1
    assert [(p.row, p.column) for p in problems] == [(4, "qf_level")]


def test_missing_required_column() -> None:
    header = [c for c in CATALOGUE_COLUMNS if c != "qf_level"]
    entries, problems = parse_catalogue(header, [row()], INDUSTRIES)
    assert entries == []
    assert [(p.row, p.column, p.reason_en) for p in problems] == [
        (1, "qf_level", "required column is missing")
    ]


def test_unknown_and_duplicate_columns() -> None:
    problems = check_header([*CATALOGUE_COLUMNS, "fee", " title_en "])
    assert [(p.row, p.column, p.reason_en) for p in problems] == [
        (1, "fee", "unknown column"),
        (1, "title_en", "column appears twice"),
    ]


def test_blank_header_cells_are_not_duplicates() -> None:
    assert check_header([*CATALOGUE_COLUMNS, "", ""]) == []


def test_header_problems_stop_before_rows_are_read() -> None:
    entries, problems = parse_catalogue(["industry", "title", "qf_level"], [row(qf_level="9")], INDUSTRIES)
    assert entries == []
    assert {(p.row, p.column) for p in problems} == {(1, "title_en"), (1, "title")}


def test_problem_description_names_row_and_column_in_both_languages() -> None:
    problem = RowProblem(7, "qf_level", "'9' is not a level 1 to 4", "「9」不是 1 至 4 級")
    assert (
        problem.describe()
        == "row 7, qf_level: '9' is not a level 1 to 4 / 第 7 行，qf_level：「9」不是 1 至 4 級"
    )


levels = st.integers(min_value=1, max_value=4)
serials = st.tuples(st.integers(0, 99), st.integers(0, 999_999)).map(lambda p: f"{p[0]:02d}/{p[1]:06d}")


@given(serial=serials, level=levels)
def test_any_qr_number_with_the_matching_level_is_accepted(serial: str, level: int) -> None:
    qr = f"{serial}/L{level}"
    entries, problems = parse_rows(row(qf_level=str(level), qr_number=qr))
    assert problems == []
    assert entries[0].qr_number == qr
    assert entries[0].qf_level == level


@given(serial=serials, level=levels, qr_level=levels)
def test_a_qr_number_with_another_level_is_always_refused(serial: str, level: int, qr_level: int) -> None:
    if qr_level == level:
        qr_level = level % 4 + 1
    entries, problems = parse_rows(row(qf_level=str(level), qr_number=f"{serial}/L{qr_level}"))
    assert entries == []
    assert [(p.row, p.column) for p in problems] == [(2, "qr_number")]


@given(text=st.text())
def test_a_stored_qr_number_always_has_the_ascii_pattern(text: str) -> None:
    entries, problems = parse_rows(row(qr_number=text))
    if entries and entries[0].qr_number is not None:
        assert re.fullmatch(r"[0-9]{2}/[0-9]{6}/L2", entries[0].qr_number)
    else:
        assert problems or not text.strip()


@given(qr=st.from_regex(r"\A\d{2}/\d{6}/L2\Z"))
def test_unicode_digits_are_not_qr_digits(qr: str) -> None:
    # Full-width (and other NFKC-compatible) digits fold to ASCII first; other scripts' digits are refused.
    entries, problems = parse_rows(row(qr_number=qr))
    assert (problems == []) == unicodedata.normalize("NFKC", qr).isascii()
    if entries:
        assert entries[0].qr_number == unicodedata.normalize("NFKC", qr)


def test_a_full_width_qr_number_and_level_are_folded() -> None:
    entries, problems = parse_rows(row(qf_level="２", qr_number="０４／０００１２３／ｌ２"))
    assert problems == []
    assert (entries[0].qr_number, entries[0].qf_level) == ("04/000123/L2", 2)


@pytest.mark.parametrize("bad", ["\x85", "\u202e", "\u2066", "\u200b"])
def test_c1_bidi_and_zero_width_characters_refused(bad: str) -> None:
    problem = only_problem(row(title_zh=f"感染{bad}控制"))
    assert (problem.row, problem.column, problem.reason_en) == (2, "title_zh", "contains control characters")

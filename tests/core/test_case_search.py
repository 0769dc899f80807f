"""Case search against a brute-force scan of the same data: Chinese substrings of every length, English in any
case, HKIDs with and without brackets and full-width, reference numbers, employers; edits and deletes show
at once, on a clear and an encrypted database."""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import delete, select, text, update

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicantRecord, ApplicationRecord, EmploymentPeriodRecord
from assessor_app.core.domain import hkid
from assessor_app.core.services.cases.listing import list_cases
from assessor_app.core.services.cases.search import TRIGRAM, search_terms
from assessor_app.core.services.demo.promotion_day import generate_demo
from assessor_app.core.services.demo.scale import build_demo

CASES = 120
HKID_FRAGMENT = re.compile(r"^[A-Z]{1,2}\d{1,6}[0-9A]?$")  # the rule cases/search.py states
FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ()"}
pytestmark = pytest.mark.parametrize("database", ["clear", "encrypted"], indirect=True)


@dataclass(frozen=True)
class Held:
    """What brute force searches for one application."""

    application_id: int
    reference: str
    names: str
    hkid: str
    employers: tuple[str, ...]
    names_zh: tuple[str, ...]  # the case's copy and the person's current one
    words_en: tuple[str, ...]  # the words of the English names


def _held(database: Database) -> list[Held]:
    with database.session() as session:
        rows = session.execute(
            select(ApplicationRecord, ApplicantRecord).join(
                ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id
            )
        ).all()
        employers: dict[int, list[str]] = {}
        for application_id, employer in session.execute(
            select(EmploymentPeriodRecord.application_id, EmploymentPeriodRecord.employer)
        ):
            employers.setdefault(application_id, []).append(employer)
        return [
            Held(
                application.id,
                application.reference_no or "",
                " ".join(
                    getattr(record, name)
                    for record in (application, person)
                    for name in ("name_zh", "surname_en", "given_names_en", "alias")
                ),
                hkid.compact(person.hkid),
                tuple(employers.get(application.id, [])),
                (application.name_zh, person.name_zh),
                tuple(
                    word.lower()
                    for record in (application, person)
                    for name in ("surname_en", "given_names_en", "alias")
                    for word in re.findall(r"\w+", getattr(record, name))
                ),
            )
            for application, person in rows
        ]


def _brute_force(held: list[Held], text: str) -> set[int]:
    """The module docstring of ``cases/search.py``, as a scan of every case."""
    terms = search_terms(text)

    def matches(case: Held, term: str) -> bool:
        folded = term.lower()
        if len(term) >= TRIGRAM:
            if folded in case.names.lower() or folded in case.reference.lower():
                return True
            if any(folded in employer.lower() for employer in case.employers):
                return True
        elif any(unicodedata.category(c) == "Lo" for c in term):
            if any(term in name[:8] for name in case.names_zh):
                return True
        elif any(word.startswith(folded) for word in case.words_en):
            return True
        fragment = hkid.compact(term)
        return len(fragment) >= 3 and bool(HKID_FRAGMENT.match(fragment)) and case.hkid.startswith(fragment)

    return {case.application_id for case in held if terms and all(matches(case, term) for term in terms)}


def _found(database: Database, text: str) -> set[int]:
    return {row.application_id for row in list_cases(database, text=text)}


@pytest.fixture
def searched(database: Database) -> Database:
    generate_demo(database, applications=CASES, seed=7)
    return database


def _queries(held: list[Held], rng: random.Random) -> list[str]:
    queries: list[str] = []
    for case in rng.sample(held, 25):
        name_zh = case.names.split(" ")[0]
        for length in (1, 2, 3):
            if len(name_zh) >= length:
                start = rng.randrange(len(name_zh) - length + 1)
                queries.append(name_zh[start : start + length])
        surname = case.names.split(" ")[1]
        queries += [surname.lower(), surname.upper()[:3], surname.title(), surname[:2].lower(), surname[1:3]]
        queries.append(case.reference[-9:])  # part of the reference number
        queries += [case.hkid[:4], case.hkid.lower(), f"{case.hkid[:-1]}({case.hkid[-1]})"]
        queries += [case.hkid[:5].translate(FULL_WIDTH), f"{case.hkid[:-1]} ({case.hkid[-1]})"]
        if case.employers:
            employer = case.employers[0]
            start = rng.randrange(max(len(employer) - 4, 1))
            queries.append(employer[start : start + 4])
        queries.append(f"{name_zh[:1]} {surname.lower()}")  # two terms: both must match
    return [*queries, "無此人", "zzzq", "Z999", "%", "LT"]


def test_search_finds_what_a_scan_finds(searched: Database) -> None:
    held = _held(searched)
    assert len(held) >= CASES - 10
    rng = random.Random(11)
    queries = _queries(held, rng)
    assert len(queries) > 200
    found_something = 0
    for query in queries:
        expected = _brute_force(held, query)
        assert _found(searched, query) == expected, query
        found_something += bool(expected)
    assert found_something > len(queries) * 0.8  # the queries are taken from the data: most find a case
    assert _found(searched, "") == {case.application_id for case in held}  # blank: every case


def test_cases_written_in_bulk_are_indexed_as_lodged_ones_are(database: Database) -> None:
    """The demo (``bulk_insert.CopyingThread``) and a merge (``bulk_insert.insert_values``) write staged, the
    triggers fired in one statement per table: every case and employer is found as a scan finds it."""
    build_demo(database, applications=CASES, seed=5)
    held = _held(database)
    assert len(held) > CASES * 0.9
    queries = [query for query in _queries(held, random.Random(3)) if query]  # a draft has no reference
    for query in queries:
        assert _found(database, query) == _brute_force(held, query), query
    with database.session() as session:
        left = session.execute(
            text("SELECT name FROM temp.sqlite_master WHERE name LIKE 'staging_%' OR name LIKE 'copying_%'")
        ).all()
    assert left == []  # no staging table outlives its insert


def test_one_and_two_character_chinese_queries_find_names(searched: Database) -> None:
    held = _held(searched)
    surname = held[0].names[0]
    found = _found(searched, surname)
    assert held[0].application_id in found
    assert found == {case.application_id for case in held if surname in case.names}


def test_an_hkid_is_found_from_its_start_only(searched: Database) -> None:
    case = _held(searched)[0]
    number = hkid.parse(case.hkid)[0]
    assert number is not None
    for typed in (
        number,
        number.lower(),
        hkid.compact(number),
        number.replace("(", " ("),
        number.translate(FULL_WIDTH),
    ):
        assert case.application_id in _found(searched, typed), typed
    assert case.application_id not in _found(searched, case.hkid[2:7])  # digits from its middle


def test_edits_and_deletes_show_at_once(searched: Database) -> None:
    case = _held(searched)[0]
    with searched.session() as session:
        session.execute(
            update(ApplicationRecord)
            .where(ApplicationRecord.id == case.application_id)
            .values(name_zh="龍卷風")
        )
        session.add(
            EmploymentPeriodRecord(
                application_id=case.application_id,
                employer="Zephyr Freight Limited",
                start_date=date(2015, 1, 1),
            )
        )
    assert case.application_id in _found(searched, "龍卷")
    assert case.application_id in _found(searched, "zephyr freight")
    with searched.session() as session:
        applicant_id = session.scalar(
            select(ApplicationRecord.applicant_id).where(ApplicationRecord.id == case.application_id)
        )
        session.execute(
            update(ApplicantRecord).where(ApplicantRecord.id == applicant_id).values(hkid="Z683365(5)")
        )
    assert case.application_id in _found(searched, "Z683365(5)")
    assert case.application_id not in _found(searched, case.hkid)
    with searched.session() as session:
        session.execute(
            delete(EmploymentPeriodRecord).where(EmploymentPeriodRecord.employer == "Zephyr Freight Limited")
        )
    assert case.application_id not in _found(searched, "zephyr")
    with searched.session() as session:
        session.delete(session.get(ApplicationRecord, case.application_id))
    assert _found(searched, "龍卷風") == set()


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"""',
        'a"b"c',
        "(",
        "*",
        "^",
        ":",
        "{names}:chan",
        "NEAR(a b)",
        "*chan*",
        "-chan",
        "x OR y",
        "'; --",
    ],
)
def test_query_syntax_typed_is_only_text(searched: Database, text: str) -> None:
    """FTS5's own syntax typed into the box is searched for as text, never parsed (nor an error)."""
    held = _held(searched)
    assert _found(searched, text) == _brute_force(held, text)

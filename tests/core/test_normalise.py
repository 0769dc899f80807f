"""One normalisation for every entry path: full-width identifiers fold to ASCII, control characters refused."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicantRecord
from assessor_app.core.db.models.catalogue import QualificationRecord
from assessor_app.core.domain import hkid, normalise
from assessor_app.core.domain.application_form import validate_form
from assessor_app.core.domain.form_fields import normalise_phone, parse_date
from assessor_app.core.errors import ValidationError
from assessor_app.core.services.cases import listing
from assessor_app.core.services.intake import lodging
from tests.core.intake_helpers import valid_form
from tests.core.user_helpers import add_staff

EVENT_DAY = date(2023, 11, 8)
P500001 = f"P500001({hkid.check_digit('P', '500001')})"


def full_width(text: str) -> str:
    """What a Chinese input method types in full-width mode: every printable ASCII character shifted."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P５００００１(0)", P500001),  # the example: full-width digits, ASCII brackets
        (full_width(P500001), P500001),  # letters, digits and brackets all full-width
        ("ｐ５００００１（０）", P500001),  # lower-case full-width letter
        ("P\u3000500001\u3000(0)", P500001),  # ideographic spaces
        ("P 5０0０0１ 0", P500001),  # mixed widths, no brackets
        ("P500001\u200b(0)", P500001),  # a zero-width space pasted from a chat
        ("P500001－0", P500001),  # a full-width hyphen before the check digit
    ],
)
def test_full_width_hkids_parse_to_the_ascii_number(text: str, expected: str) -> None:
    assert hkid.parse(text) == (expected, None)


def test_digits_of_other_scripts_are_not_hkid_digits() -> None:
    # NFKC leaves Arabic-Indic digits as they are; they must not slip through as "digits".
    assert hkid.parse("P٥00001(0)") == (None, hkid.FORMAT_PROBLEM)


def test_compact_is_the_same_fold_so_searches_match() -> None:
    assert hkid.compact("ｐ５００（") == "P500"
    assert normalise.normalise_hkid_text("ｐ５００００１（０）") == "P5000010"


@pytest.mark.parametrize(
    "text",
    ["０８／１１／２０２３", "２０２３－１１－０８", "08.11.２０２３", " 2023-11-08\u3000", "0８/1１/2023"],
)
def test_full_width_dates(text: str) -> None:
    assert parse_date(text) == date(2023, 11, 8)


@pytest.mark.parametrize(
    "text", ["９１２３\u3000４５６７", "＋８５２ ９１２３ ４５６７", "（８５２）91234567", "9123-4567"]
)
def test_full_width_phones(text: str) -> None:
    assert normalise_phone(text) == "+85291234567"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("０４／０００１２３／ｌ２", "04/000123/L2"),
        (" lt01 ", "LT01"),
        ("ＣＣＴ－２０２３１１０８", "CCT-20231108"),
    ],
)
def test_codes_fold_and_upper_case(text: str, expected: str) -> None:
    assert normalise.normalise_code(text) == expected


def test_free_text_is_trimmed_but_not_folded() -> None:
    # NFKC would turn Chinese punctuation into ASCII: names and addresses stay as typed.
    value, problems = normalise.clean_text("  陳大文（Ｃｈａｎ），東涌  ", limit=60)
    assert (value, problems) == ("陳大文（Ｃｈａｎ），東涌", [])


@pytest.mark.parametrize(
    "bad",
    [
        "\x07",
        "\x1b",
        "\x7f",
        "\x85",
        "\x9b",
        "\u202e",
        "\u202a",
        "\u2066",
        "\u2069",
        "\u200e",
        "\u200b",
        "\ufeff",
    ],
)
def test_control_and_invisible_characters_are_refused_with_their_code(bad: str) -> None:
    _, problems = normalise.clean_text(f"陳{bad}大文")
    assert [p.code for p in problems] == ["control_characters"]
    assert f"U+{ord(bad):04X}" in problems[0].en
    assert f"U+{ord(bad):04X}" in problems[0].zh
    assert "control" in problems[0].en
    assert "控制" in problems[0].zh


def test_tabs_and_line_feeds_are_free_text() -> None:
    assert normalise.clean_text("Flat 1\n東涌\tTung Chung") == ("Flat 1\n東涌\tTung Chung", [])


def test_length_is_checked_after_trimming() -> None:
    assert normalise.clean_text("  abc  ", limit=3) == ("abc", [])
    assert [p.code for p in normalise.clean_text("abcd", limit=3)[1]] == ["too_long"]


def test_the_form_refuses_a_bidi_override_in_a_name() -> None:
    form = valid_form(event_id=1, qualification_ids=[1])
    form.name_zh = "陳\u202e大文"
    clean, problems = validate_form(form, today=EVENT_DAY)
    assert clean is None
    assert [(p.field, p.code) for p in problems] == [("name_zh", "control_characters")]


def test_the_form_takes_full_width_identifiers() -> None:
    form = valid_form(event_id=1, qualification_ids=[1])
    form.hkid = "P５００００１(0)"
    form.phone = "９１２３\u3000４５６７"
    form.date_of_birth = "１５／０３／１９８５"
    clean, problems = validate_form(form, today=EVENT_DAY)
    assert clean is not None, problems
    assert (clean.hkid, clean.phone, clean.date_of_birth) == (P500001, "+85291234567", date(1985, 3, 15))


prefixes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=2)
serials = st.integers(0, 999_999).map(lambda n: f"{n:06d}")
brackets = st.sampled_from([("(", ")"), ("（", "）"), ("", ""), (" ", ""), ("(", "）"), ("-", "")])


@given(prefix=prefixes, serial=serials, bracket=brackets, data=st.data())
def test_nfkc_equal_hkids_are_one_number(
    prefix: str, serial: str, bracket: tuple[str, str], data: st.DataObject
) -> None:
    given_digit = hkid.check_digit(prefix, serial)
    canonical = f"{prefix}{serial}({given_digit})"
    typed = ""
    for character in f"{prefix}{serial}{bracket[0]}{given_digit}{bracket[1]}":
        if data.draw(st.booleans(), label="lower"):
            character = character.lower()
        if data.draw(st.booleans(), label="full width"):
            character = full_width(character)
        typed += character
    assert hkid.parse(typed) == (canonical, None)
    assert hkid.parse(canonical) == (canonical, None)


@pytest.fixture
def ready(database: Database) -> tuple[Database, int, list[int]]:
    add_staff(database, "clerk")
    lodging.set_local_station(database, "lt01")
    event = lodging.create_event(
        database,
        name="Cargo terminal promotion day",
        host_organisation="Cathay Cargo Terminal",
        event_date=EVENT_DAY,
        agency_code="HKUSPACE",
    )
    with database.session() as session:
        ids = list(session.scalars(select(QualificationRecord.id).order_by(QualificationRecord.id).limit(2)))
    return database, event.id, ids


def test_a_full_width_hkid_is_the_same_applicant(ready: tuple[Database, int, list[int]]) -> None:
    database, event_id, ids = ready
    first_form = valid_form(event_id=event_id, qualification_ids=ids[:1])
    first_form.hkid = P500001
    first = lodging.lodge_application(database, first_form, draft_uid=None, operator="clerk", today=EVENT_DAY)

    typed = "P５００００１(0)"
    assert hkid.check_digit("P", "500001") == "0"
    duplicates = lodging.find_duplicates(database, typed)
    assert [d.reference_no for d in duplicates] == [first.reference_no]

    second_form = valid_form(event_id=event_id, qualification_ids=ids[1:])
    second_form.hkid = typed
    lodging.lodge_application(database, second_form, draft_uid=None, operator="clerk", today=EVENT_DAY)
    with database.session() as session:
        assert session.scalars(select(ApplicantRecord.hkid)).all() == [P500001]
    assert len(lodging.find_duplicates(database, full_width(P500001))) == 2
    # The case list's HKID search folds the same way.
    assert len(listing.list_cases(database, text="ｐ５００")) == 2


def test_station_and_event_codes_typed_full_width(database: Database) -> None:
    assert lodging.set_local_station(database, "ｌｔ０１") == "LT01"
    event = lodging.create_event(
        database, name="Day", event_date=EVENT_DAY, agency_code="HKUSPACE", code="ｃｃｔ－２０２３１１０８"
    )
    assert event.code == "CCT-20231108"


def test_an_event_name_with_a_bidi_override_is_refused(database: Database) -> None:
    with pytest.raises(ValidationError) as raised:
        lodging.create_event(database, name="Day\u202e", event_date=EVENT_DAY, agency_code="HKUSPACE")
    assert raised.value.details == [
        "name: contains control or invisible characters (U+202E): retype it / 名稱：含有控制或隱形字元（U+202E），請重新輸入"
    ]


renderings = st.lists(st.tuples(st.booleans(), st.booleans()), min_size=10, max_size=10)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=renderings, bracket=brackets)
def test_every_nfkc_equal_rendering_finds_the_one_applicant(
    ready: tuple[Database, int, list[int]], choices: list[tuple[bool, bool]], bracket: tuple[str, str]
) -> None:
    database, event_id, ids = ready
    if not lodging.find_duplicates(database, P500001):  # lodged once; the examples only read
        form = valid_form(event_id=event_id, qualification_ids=ids[:1])
        form.hkid = P500001
        lodging.lodge_application(database, form, draft_uid=None, operator="clerk", today=EVENT_DAY)
    plain = f"P500001{bracket[0]}0{bracket[1]}"
    typed = "".join(
        full_width(c.lower() if lower else c) if wide else (c.lower() if lower else c)
        for c, (wide, lower) in zip(plain, choices, strict=False)  # plain is at most 10 long
    )
    assert len(lodging.find_duplicates(database, typed)) == 1


def test_a_caller_may_allow_a_line_break_character() -> None:
    assert normalise.control_problem("a\rb", allow="\r") is None
    problem = normalise.control_problem("a\r\u202eb", allow="\r")
    assert problem is not None
    assert "U+202E" in problem.en
    assert "U+000D" not in problem.en


def test_printable_escapes_controls_and_keeps_line_feeds() -> None:
    assert normalise.printable("陳大文 CHAN\nTai Man") == "陳大文 CHAN\nTai Man"
    assert (
        normalise.printable("a\x1b[31mb\tc\rd\x7f\x85\u202e\u200b")
        == "a\\x1b[31mb\\x09c\\x0dd\\x7f\\x85\\u202e\\u200b"
    )


def test_json_safe_keeps_the_json_the_same() -> None:
    import json

    from assessor_app.cli_output import json_safe

    value = {"name": "CHAN\x1b[2J\x85\u2028\u202e陳"}
    text = json_safe(json.dumps(value, ensure_ascii=False))
    assert json.loads(text) == value
    assert "陳" in text
    for raw in ("\x1b", "\x85", "\u2028", "\u202e"):
        assert raw not in text

"""Field-by-field rules of the application form: every problem named, every value normalised."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry, validate_form
from assessor_app.core.domain.form_fields import Severity, normalise_phone, parse_date
from assessor_app.core.domain.normalise import normalise_phone_text
from tests.core.intake_helpers import valid_form

TODAY = date(2023, 11, 8)


def problems_by_field(form: ApplicationForm) -> dict[str, list[str]]:
    _, problems = validate_form(form, today=TODAY)
    found: dict[str, list[str]] = {}
    for problem in problems:
        found.setdefault(problem.field, []).append(problem.code)
    return found


def test_a_valid_form_is_normalised() -> None:
    clean, problems = validate_form(valid_form(qualification_ids=[3, 3, 5]), today=TODAY)
    assert problems == []
    assert clean is not None
    assert clean.hkid == "A123456(3)"
    assert clean.surname_en == "CHAN"
    assert clean.phone == "+85291234567"
    assert clean.date_of_birth == date(1985, 3, 15)
    assert clean.qualification_ids == (3, 5)
    assert clean.employment[1].end is None
    assert clean.employment[0].start == date(2015, 4, 1)


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"hkid": "A123456(4)"}, "hkid", "hkid_check_digit"),
        ({"hkid": "12345"}, "hkid", "hkid_format"),
        ({"hkid": ""}, "hkid", "required"),
        ({"hkid_original_seen": False}, "hkid_original_seen", "hkid_not_verified"),
        ({"phone": "1234 5678"}, "phone", "phone_not_hk"),
        ({"phone": "+44 20 7946 0958"}, "phone", "phone_not_hk"),
        ({"phone": ""}, "phone", "required"),
        ({"surname_en": ""}, "surname_en", "required"),
        ({"surname_en": "陳"}, "surname_en", "english_name"),
        ({"given_names_en": "Tai\x07Man"}, "given_names_en", "control_characters"),
        ({"address": "x" * 401}, "address", "too_long"),
        ({"name_zh": "陳" * 61}, "name_zh", "too_long"),
        ({"residence_status": ""}, "residence_status", "residence_status"),
        ({"date_of_birth": "2030-01-01"}, "date_of_birth", "date_in_future"),
        ({"date_of_birth": "31/02/1980"}, "date_of_birth", "date_format"),
        ({"date_of_birth": "2015-01-01"}, "date_of_birth", "too_young"),
        ({"email": "not-an-email"}, "email", "email_format"),
        ({"pics_acknowledged": False}, "pics_acknowledged", "pics_required"),
        ({"qualification_ids": []}, "qualifications", "qualification_required"),
        ({"employment": []}, "employment", "employment_required"),
    ],
)
def test_each_bad_field_is_named(change: dict[str, object], field: str, code: str) -> None:
    base = valid_form(qualification_ids=[1])
    form = replace(base, **change)  # type: ignore[arg-type]
    found = problems_by_field(form)
    assert code in found.get(field, []), found
    clean, _ = validate_form(form, today=TODAY)
    assert clean is None


def spoil_period(**change: object) -> ApplicationForm:
    form = valid_form(qualification_ids=[1])
    form.employment[0] = replace(form.employment[0], **change)  # type: ignore[arg-type]
    return form


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"end": "2014-01-01"}, "employment.0.end", "end_before_start"),
        ({"start": "2024-01-01"}, "employment.0.start", "date_in_future"),
        ({"end": ""}, "employment.0.end", "required"),
        ({"employer": ""}, "employment.0.employer", "required"),
        ({"present": True}, "employment.0.end", "end_and_present"),
        ({"employment_type": "part_time", "hours_per_week": ""}, "employment.0.hours_per_week", "hours"),
        ({"employment_type": "part_time", "hours_per_week": "200"}, "employment.0.hours_per_week", "hours"),
        ({"duties": "a" * 2001}, "employment.0.duties", "too_long"),
    ],
)
def test_each_bad_period_is_named(change: dict[str, object], field: str, code: str) -> None:
    assert code in problems_by_field(spoil_period(**change)).get(field, [])


def test_overlap_is_a_warning_that_does_not_block() -> None:
    form = spoil_period(end="2021-06-30")
    clean, problems = validate_form(form, today=TODAY)
    assert clean is not None
    assert [(p.field, p.code, p.severity) for p in problems] == [
        ("employment.1.start", "overlap", Severity.WARNING)
    ]
    assert "重疊" in problems[0].zh


def test_blank_rows_are_ignored() -> None:
    form = valid_form(qualification_ids=[1])
    form.employment.append(EmploymentEntry())
    clean, problems = validate_form(form, today=TODAY)
    assert clean is not None
    assert len(clean.employment) == 2
    assert problems == []


def test_part_time_hours_are_kept() -> None:
    clean, _ = validate_form(spoil_period(employment_type="part_time", hours_per_week="20"), today=TODAY)
    assert clean is not None
    assert clean.employment[0].hours_per_week == 20


def test_every_problem_is_reported_at_once() -> None:
    _, problems = validate_form(ApplicationForm(), today=TODAY)
    fields = {p.field for p in problems}
    assert {
        "surname_en",
        "hkid",
        "date_of_birth",
        "phone",
        "address",
        "employment",
        "qualifications",
    } <= fields
    assert all(p.en and p.zh for p in problems)


def test_a_draft_round_trips_exactly_through_json() -> None:
    form = valid_form(event_id=4, qualification_ids=[2, 9])
    form.name_zh = "陳大文㗎"
    form.hkid = "a123 456 (3"  # half typed: kept exactly as typed
    restored = ApplicationForm.from_dict(json.loads(json.dumps(form.to_dict(), ensure_ascii=False)))
    assert restored == form


def test_unknown_draft_keys_are_ignored() -> None:
    data = valid_form().to_dict()
    data["from_a_newer_version"] = 1
    data["employment"][0]["colour"] = "red"
    assert ApplicationForm.from_dict(data) == valid_form()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-11-08", date(2023, 11, 8)),
        ("08/11/2023", date(2023, 11, 8)),
        ("8.11.2023", date(2023, 11, 8)),
        ("2023-02-30", None),
        ("11/2023", None),
        ("", None),
    ],
)
def test_dates_in_both_orders(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("91234567", "+85291234567"),
        ("+852 2123 4567", "+85221234567"),
        ("5123-4567", "+85251234567"),
        ("1234 5678", None),
        ("9123456", None),
        ("+86 139 1234 5678", None),
        ("hello", None),
    ],
)
def test_hong_kong_phone_numbers(text: str, expected: str | None) -> None:
    assert normalise_phone(text) == expected


def _phone_by_both_lookups(text: str) -> str | None:
    """The rule as first written: valid for Hong Kong, and then of a mobile or fixed-line type."""
    try:
        number = phonenumbers.parse(normalise_phone_text(text), "HK")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 852 or not phonenumbers.is_valid_number_for_region(number, "HK"):
        return None
    kinds = (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    if phonenumbers.number_type(number) not in kinds:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@given(
    st.one_of(
        st.from_regex(r"\A(\+852 ?|\+86 ?|00852|\+1 )?[0-9]{7,9}\Z"),
        st.integers(0, 99_999_999).map(lambda n: f"{n:08d}"),
        st.text(alphabet="0123456789+ -()８５２", max_size=16),
    )
)
def test_one_type_lookup_gives_what_the_validity_and_type_lookups_gave(text: str) -> None:
    assert normalise_phone(text) == _phone_by_both_lookups(text)


def test_every_hong_kong_prefix_is_judged_as_before() -> None:
    for prefix in range(10_000):  # every four-digit start of an eight-digit number
        text = f"{prefix:04d}5678"
        assert normalise_phone(text) == _phone_by_both_lookups(text), text


@given(st.integers(0, 99_999_999), st.sampled_from(["+852", "＋８５２", "+852 "]))
def test_a_number_in_its_stored_form_is_judged_as_phonenumbers_parses_it(number: int, code: str) -> None:
    # "+852" and eight digits skips phonenumbers' parse (the merge checks every case's number so)
    text = f"{code}{number:08d}"
    assert normalise_phone(text) == _phone_by_both_lookups(text)


def test_every_prefix_in_the_stored_form_is_judged_as_parsed() -> None:
    for prefix in range(10_000):
        text = f"+852{prefix:04d}1234"
        assert normalise_phone(text) == _phone_by_both_lookups(text), text


@given(st.text(max_size=40))
def test_validation_never_crashes_on_any_text(text: str) -> None:
    form = valid_form(qualification_ids=[1])
    for name in ("name_zh", "surname_en", "hkid", "date_of_birth", "phone", "email", "address"):
        validate_form(replace(form, **{name: text}), today=TODAY)  # type: ignore[arg-type]

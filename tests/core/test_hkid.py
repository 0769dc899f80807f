"""HKID check digit, normalisation and masking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessor_app.core.domain import hkid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A123456(3)", "A123456(3)"),
        ("CA182361(1)", "CA182361(1)"),
        ("E364912(5)", "E364912(5)"),
        ("a123456(3)", "A123456(3)"),
        (" A 123456 3 ", "A123456(3)"),
        ("A123456（3）", "A123456(3)"),  # full-width brackets from a Chinese input method
        ("ca1823611", "CA182361(1)"),
    ],
)
def test_valid_numbers_are_normalised(text: str, expected: str) -> None:
    assert hkid.parse(text) == (expected, None)


@pytest.mark.parametrize("text", ["", "A12345(3)", "123456(3)", "ABC123456(3)", "A1234567(3)", "A123456(B)"])
def test_malformed_numbers_report_the_format(text: str) -> None:
    value, problem = hkid.parse(text)
    assert value is None
    assert problem is hkid.FORMAT_PROBLEM


@pytest.mark.parametrize("text", ["A123456(4)", "CA182361(2)", "E364912(A)"])
def test_wrong_check_digit_is_reported(text: str) -> None:
    value, problem = hkid.parse(text)
    assert value is None
    assert problem is hkid.CHECK_DIGIT_PROBLEM
    assert "檢查碼" in problem.zh


def test_check_digit_a_and_zero() -> None:
    # Remainders 1 and 0 give "A" and "0"; find real examples rather than trusting the table.
    digits_for = {hkid.check_digit("A", f"{n:06d}"): f"{n:06d}" for n in range(200)}
    assert "A" in digits_for
    assert "0" in digits_for
    assert hkid.is_valid(f"A{digits_for['A']}(A)")
    assert hkid.is_valid(f"A{digits_for['0']}(0)")


def test_mask_never_shows_the_last_digits() -> None:
    assert hkid.mask("A123456(3)") == "A123***(*)"
    assert hkid.mask("CA182361(1)") == "CA182***(*)"
    assert hkid.mask("garbage") == "***"


def test_normalise_raises_with_the_reason() -> None:
    with pytest.raises(ValueError, match="check digit"):
        hkid.normalise("A123456(4)")


prefixes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=2)
six_digits = st.integers(min_value=0, max_value=999_999).map(lambda n: f"{n:06d}")


@given(prefixes, six_digits)
def test_computed_check_digit_always_validates(prefix: str, digits: str) -> None:
    number = f"{prefix}{digits}({hkid.check_digit(prefix, digits)})"
    assert hkid.parse(number) == (number, None)
    assert number[-7:-3] not in hkid.mask(number)


@given(prefixes, six_digits, st.sampled_from("0123456789A"))
def test_any_other_check_character_is_refused(prefix: str, digits: str, character: str) -> None:
    expected = hkid.check_digit(prefix, digits)
    valid = hkid.is_valid(f"{prefix}{digits}({character})")
    assert valid == (character == expected)

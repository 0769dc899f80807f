"""Hong Kong Identity Card numbers: parse, check digit, normalise to ``A123456(3)`` and mask."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assessor_app.core.domain.normalise import normalise_hkid_text

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)
SINGLE_LETTER_PAD = 36
# ASCII digits only: \d would also match other scripts' digits that NFKC leaves as they are.
_PATTERN = re.compile(r"^([A-Z]{1,2})([0-9]{6})\(?([0-9A])\)?$")


@dataclass(frozen=True)
class HkidProblem:
    """Why a string is not a valid HKID, in both languages."""

    code: str
    en: str
    zh: str


FORMAT_PROBLEM = HkidProblem(
    "hkid_format",
    "An HKID is one or two letters, six digits and a check digit, e.g. A123456(3).",
    "身份證號碼由一至兩個英文字母、六位數字及一個檢查碼組成，例如 A123456(3)。",
)
CHECK_DIGIT_PROBLEM = HkidProblem(
    "hkid_check_digit",
    "The check digit does not match: please re-read the card.",
    "檢查碼不符，請再核對身份證。",
)


def _letter_value(letter: str) -> int:
    return ord(letter) - ord("A") + 10


def check_digit(prefix: str, digits: str) -> str:
    """The check character for ``prefix`` (1-2 letters) and six ``digits``."""
    values = [SINGLE_LETTER_PAD] if len(prefix) == 1 else []
    values += [_letter_value(letter) for letter in prefix]
    values += [int(d) for d in digits]
    remainder = sum(w * v for w, v in zip(WEIGHTS, values, strict=True)) % 11
    if remainder == 0:
        return "0"
    if remainder == 1:
        return "A"
    return str(11 - remainder)


def compact(text: str) -> str:
    """NFKC-folded, upper-case, with spaces, brackets and dashes removed (``a１２３４５６ （3）`` -> ``A1234563``),
    so a number typed in a Chinese input method's full-width mode is the same number."""
    return normalise_hkid_text(text)


def parse(text: str) -> tuple[str | None, HkidProblem | None]:
    """Return the normalised HKID ``A123456(3)`` or the problem with it."""
    raw = compact(text)
    match = _PATTERN.match(raw)
    if match is None:
        return None, FORMAT_PROBLEM
    prefix, digits, given = match.groups()
    if check_digit(prefix, digits) != given:
        return None, CHECK_DIGIT_PROBLEM
    return f"{prefix}{digits}({given})", None


def is_valid(text: str) -> bool:
    return parse(text)[0] is not None


def normalise(text: str) -> str:
    """The normalised form; raises ValueError with the English problem if invalid."""
    value, problem = parse(text)
    if value is None:
        assert problem is not None
        raise ValueError(problem.en)
    return value


def mask(hkid: str) -> str:
    """``A123456(3)`` -> ``A123***(*)``: never show a full number where it is not needed."""
    raw = compact(hkid)
    match = re.match(r"^([A-Z]{1,2})(\d{3})", raw)
    if match is None:
        return "***"
    return f"{match.group(1)}{match.group(2)}***(*)"

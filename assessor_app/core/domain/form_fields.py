"""Problems tied to a field of a form, and the checks of one typed field every part of a form uses: length
and control characters, dates typed either way round, Hong Kong phone numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import phonenumbers

from assessor_app.core.domain.normalise import CONTROL_CHARS, normalise_date_text, normalise_phone_text

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DAY_FIRST_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
# A number already in the form this module stores (``+852`` and eight digits, the first not 0): what
# phonenumbers' parse of it gives is the number made here from its digits (a test compares the two).
_STORED_PHONE = re.compile(r"\+852[1-9][0-9]{7}")
_HK_NUMBER_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
)

LIMITS = {
    "name_zh": 60,
    "surname_en": 60,
    "given_names_en": 120,
    "alias": 120,
    "phone": 30,
    "email": 200,
    "address": 400,
    "employer": 200,
    "post": 200,
    "duties": 2000,
    "fee_receipt_no": 40,
}


class Severity(StrEnum):
    ERROR = "error"  # blocks lodging
    WARNING = "warning"  # shown to the clerk, does not block


@dataclass(frozen=True)
class FieldProblem:
    """A problem with one field; ``field`` is a path such as ``hkid`` or ``employment.2.end``."""

    field: str
    code: str
    en: str
    zh: str
    severity: Severity = Severity.ERROR

    def message(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en

    def describe(self) -> str:
        return f"{self.field}: {self.en} / {self.zh}"


def parse_date(text: str) -> date | None:
    """Accept ``2023-11-08`` or the Hong Kong order ``08/11/2023`` (also with ``-`` or ``.``), full-width too."""
    text = normalise_date_text(text)
    if not text:
        return None
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        match = _DAY_FIRST_DATE.fullmatch(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


def normalise_phone(text: str) -> str | None:
    """A Hong Kong fixed or mobile number as ``+852XXXXXXXX``, or None if it is not one (full-width too)."""
    folded = normalise_phone_text(text)
    if _STORED_PHONE.fullmatch(folded):
        # Every merged or re-checked number comes in this form: phonenumbers' parse (half the cost of
        # this check) is not needed to know its country code and digits.
        number = phonenumbers.PhoneNumber(country_code=852, national_number=int(folded[4:]))
    else:
        try:
            number = phonenumbers.parse(folded, "HK")
        except phonenumbers.NumberParseException:
            return None
    if number.country_code != 852:
        return None
    # +852 is Hong Kong's alone, so phonenumbers' "valid for HK" is its type of the number being known:
    # one type lookup answers both (asking twice was half of a merge's checks of the form).
    if phonenumbers.number_type(number) not in _HK_NUMBER_TYPES:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class FieldChecker:
    """Collects problems while reading fields, so every problem on the form is reported at once."""

    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def add(self, path: str, code: str, en: str, zh: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(FieldProblem(path, code, en, zh, severity))

    def text(self, path: str, value: str, limit_key: str, *, required: bool = False) -> str:
        value = value.strip()
        if CONTROL_CHARS.search(value):
            self.add(path, "control_characters", "Remove the control characters.", "請刪除控制字元。")
        limit = LIMITS[limit_key]
        if len(value) > limit:
            self.add(path, "too_long", f"At most {limit} characters.", f"最多 {limit} 個字元。")
        if required and not value:
            self.add(path, "required", "This field is required.", "此欄必須填寫。")
        return value

    def date_field(self, path: str, value: str, today: date, *, required: bool) -> date | None:
        if not value.strip():
            if required:
                self.add(path, "required", "This field is required.", "此欄必須填寫。")
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.add(
                path,
                "date_format",
                "Not a date: type YYYY-MM-DD or DD/MM/YYYY.",
                "日期格式不正確：請輸入 YYYY-MM-DD 或 DD/MM/YYYY。",
            )
            return None
        if parsed > today:
            self.add(path, "date_in_future", "This date is in the future.", "此日期在未來。")
            return None
        return parsed

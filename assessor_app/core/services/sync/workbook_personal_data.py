"""What personal data a batch workbook carries (full, masked or minimised), and the minimised sheets."""

from __future__ import annotations

from enum import StrEnum

from assessor_app.core.services.sync.workbook_columns import Sheet
from assessor_app.core.services.sync.workbook_format import APPLICANTS, DATA_SHEETS


class PersonalData(StrEnum):
    """What personal data a workbook carries (the manifest's ``personal_data``)."""

    FULL = "full"  # full HKID numbers and every particular; always encrypted
    MASKED = "masked"  # masked HKIDs and every other particular; encrypted
    MINIMISED = "minimised"  # masked HKIDs and MINIMISED_COLUMNS only; the one form allowed unencrypted


PERSONAL_DATA_SINCE = (3, 2)  # the first version whose manifest must say what personal data it carries


# The applicants columns an unencrypted (minimised) workbook carries: enough for the Secretariat to know
# the person (name, masked HKID, residence status) and write to them in their language; never how to
# reach or profile them (date of birth, phone, e-mail, address). The writer and the reader both derive
# the minimised applicants sheet from this one tuple.
MINIMISED_COLUMNS: tuple[str, ...] = (
    "application_uid",
    "reference_no",
    "applicant_uid",
    "hkid",
    "residence_status",
    "name_zh",
    "surname_en",
    "given_names_en",
    "alias",
    "chinese_commercial_code",
    "preferred_language",
)
APPLICANTS_MINIMISED = Sheet(
    APPLICANTS.name,
    APPLICANTS.title_zh,
    APPLICANTS.title_en,
    APPLICANTS.key_columns,
    tuple(column for column in APPLICANTS.columns if column.key in MINIMISED_COLUMNS),
    APPLICANTS.description + " An unencrypted (minimised) workbook carries only the columns marked "
    "minimised: no date of birth, phone, e-mail or address.",
)
DATA_SHEETS_MINIMISED: tuple[Sheet, ...] = (APPLICANTS_MINIMISED, *DATA_SHEETS[1:])


def data_sheets_for(personal_data: PersonalData | str) -> tuple[Sheet, ...]:
    """The data sheets of a current-format workbook carrying ``personal_data``."""
    return DATA_SHEETS_MINIMISED if personal_data == PersonalData.MINIMISED else DATA_SHEETS

"""The sheets of format 2.0 that 3.0 changed, so a 2.0 workbook is still read (merged with their meaning)."""

from __future__ import annotations

from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.workbook_personal_data import (
    PERSONAL_DATA_SINCE,
    PersonalData,
    data_sheets_for,
)


def _columns(sheet: fmt.Sheet, *keys: str) -> tuple[fmt.Column, ...]:
    return tuple(sheet.columns[sheet.column_index[key]] for key in keys)


# 2.0: one row per applicant (their particulars at export), no commercial code or address.
APPLICANTS_2 = fmt.Sheet(
    fmt.APPLICANTS.name,
    fmt.APPLICANTS.title_zh,
    fmt.APPLICANTS.title_en,
    ("applicant_uid",),
    _columns(
        fmt.APPLICANTS,
        "applicant_uid",
        "hkid",
        "residence_status",
        "name_zh",
        "surname_en",
        "given_names_en",
        "alias",
        "date_of_birth",
        "phone",
        "email",
        "preferred_language",
    ),
    "One row per applicant in the batch.",
)

RELEVANT_2 = fmt.Column(
    "relevant",
    "相關經驗",
    "Relevant",
    fmt.ColumnType.YESNO,
    "Y: relevant to the qualification.",
    (fmt.YES, fmt.NO),
    True,
    8,
)

# 2.0: one relevance flag per period (Y: relevant to every qualification of the form), no kind, weight or
# overseas decision (a caring period was employment type "carer").
EMPLOYMENT_2 = fmt.Sheet(
    fmt.EMPLOYMENT.name,
    fmt.EMPLOYMENT.title_zh,
    fmt.EMPLOYMENT.title_en,
    fmt.EMPLOYMENT.key_columns,
    (
        *_columns(
            fmt.EMPLOYMENT,
            "period_uid",
            "application_uid",
            "position",
            "employer",
            "post",
            "industry",
            "start_date",
            "end_date",
            "employment_type",
            "hours_per_week",
            "in_hong_kong",
        ),
        RELEVANT_2,
        *_columns(fmt.EMPLOYMENT, "duties"),
    ),
    fmt.EMPLOYMENT.description,
)

DATA_SHEETS_2: tuple[fmt.Sheet, ...] = (
    APPLICANTS_2,
    fmt.APPLICATIONS,
    EMPLOYMENT_2,
    fmt.EVIDENCE,
    fmt.RESULTS_SHEET,
)
# 4.0 carries 3.x's data columns, laid out with shown ones (:mod:`.workbook_layout`).
READ_VERSIONS: dict[str, tuple[fmt.Sheet, ...]] = {
    "2": DATA_SHEETS_2,
    "3": fmt.DATA_SHEETS,
    "4": fmt.DATA_SHEETS,
}


def data_sheets(version: str, personal_data: str = "") -> tuple[fmt.Sheet, ...] | None:
    """The data sheets of a workbook of this format version (by its major number) carrying
    ``personal_data`` (a 3.x manifest's; only 3.2 on has a minimised form), or None when this app
    cannot read it."""
    sheets = READ_VERSIONS.get(version.split(".")[0])
    if sheets is fmt.DATA_SHEETS:
        return data_sheets_for(personal_data)
    return sheets


def version_number(version: str) -> tuple[int, int] | None:
    """``"3.2"`` as ``(3, 2)`` (``"3"`` as ``(3, 0)``), None when it is not a version number."""
    major, _dot, minor = version.strip().partition(".")
    if not major.isdigit() or not (minor or "0").isdigit():
        return None
    return int(major), int(minor or "0")


def personal_data_of(manifest: dict[str, str]) -> tuple[str, tuple[str, str] | None]:
    """What personal data a workbook carries by its manifest, and a problem (en, zh) when the manifest
    does not say it as its version must: from 3.2 ``personal_data`` is required, one of
    :class:`.workbook_personal_data.PersonalData` and consistent with ``hkid_form`` (full with full only);
    before 3.2 it is absent and taken from ``hkid_form``."""
    hkid_form = manifest.get("hkid_form", "").strip()
    inferred = PersonalData.FULL if hkid_form == "full" else PersonalData.MASKED
    stated = manifest.get("personal_data", "").strip()
    number = version_number(manifest.get("format_version", ""))
    if not stated:
        if number is not None and number >= PERSONAL_DATA_SINCE:
            return inferred, (
                "the manifest does not say what personal data the file carries (personal_data)",
                "清單沒有註明檔案載有的個人資料（personal_data）",
            )
        return inferred, None
    allowed = [form.value for form in PersonalData]
    if stated not in allowed:
        return inferred, (
            f"personal_data {stated[:20]!r} is not one of {', '.join(allowed)}",
            f"personal_data {stated[:20]!r} 不在可用值 {'、'.join(allowed)} 之內",
        )
    if (stated == PersonalData.FULL) != (hkid_form == "full"):
        return inferred, (
            f"personal_data {stated} does not agree with hkid_form {hkid_form[:20]!r}",
            f"personal_data {stated} 與 hkid_form {hkid_form[:20]!r} 不符",
        )
    return stated, None


def is_legacy(version: str) -> bool:
    return data_sheets(version) is DATA_SHEETS_2


# --- Reading a 2.0 row with 3.0's meaning -------------------------------------------------------------


def applicant_from_2(
    values: dict[str, object], application_uid: str, reference_no: object
) -> dict[str, object]:
    """A 2.0 applicant row (the person's particulars at export) as the 3.0 row of one of their cases."""
    return {
        **values,
        "application_uid": application_uid,
        "reference_no": reference_no,
        "chinese_commercial_code": None,
        "address": None,
    }


def period_from_2(values: dict[str, object], keys: list[str]) -> dict[str, object]:
    """A 2.0 employment row in 3.0's columns: ``relevant`` Y is relevant to every qualification of the
    form (``keys``, in the applications sheet's order); a "carer" period is a caring one (full time, as
    migration 0004 did with stored periods); no weight or overseas decision yet."""
    upgraded = {key: value for key, value in values.items() if key != "relevant"}
    upgraded["relevant_to"] = (
        fmt.KEY_SEPARATOR.join(sorted(keys)) if values.get("relevant") == fmt.YES else None
    )
    upgraded["kind"] = "employment"
    if values.get("employment_type") == "carer":
        upgraded["kind"], upgraded["employment_type"] = "caring", "full_time"
    upgraded["weight_percent"] = upgraded["overseas_accepted"] = None
    return upgraded

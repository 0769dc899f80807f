"""How a data sheet is laid out for a reader since format 4.0: the columns shown only to be read, and the order.

The data each sheet carries (what the reader reads, what the content hashes and ``data_sha256`` cover) is
the columns of :mod:`.workbook_format`, in their order there; since 4.0 the writer also puts in columns
*shown* for a Secretariat clerk (the case's reference number and applicant's name on every sheet, the
bilingual label beside each coded value, the fee paid and its receipt number) and lays the sheet out in
:data:`ORDER`: the case and the person first, the keys at the right. The reader matches columns by key,
so it reads a 4.0 sheet by the same columns as a 3.x one and passes over the shown ones; a 3.x
workbook, which has none, is read as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.workbook_columns import Column, ColumnType
from assessor_app.core.services.sync.workbook_legacy import version_number

LAYOUT_SINCE = (4, 0)  # the first version with shown columns and keys at the right
SHOWN_RULE = "Shown only: written for reading, never read back."
# The columns a case gives every row of its sheets (by application key), in this order.
CASE_FACTS = ("reference_no", "applicant_name", "fee_paid", "fee_receipt_no")
LABEL_SUFFIX = "_label"


def _shown(key: str, zh: str, en: str, rule: str, width: int) -> Column:
    return Column(key, zh, en, ColumnType.TEXT, f"{rule} {SHOWN_RULE}", width=width)


def _label(sheet: fmt.Sheet, key: str, width: int = 18) -> Column:
    """The bilingual label column shown beside the coded column ``key``."""
    coded = sheet.columns[sheet.column_index[key]]
    return _shown(
        key + LABEL_SUFFIX,
        f"{coded.label_zh}（說明）",
        f"{coded.label_en} (label)",
        f"The label of {key}, in Chinese and English.",
        width,
    )


_REFERENCE = _shown("reference_no", "參考編號", "Reference number", "The case's reference number.", 20)
_NAME = _shown(
    "applicant_name",
    "申請人姓名",
    "Applicant name",
    "The applicant's name as on the form: Chinese name, English surname and given names.",
    24,
)
_FEE_PAID = Column(
    "fee_paid",
    "已繳費",
    "Fee paid",
    ColumnType.YESNO,
    f"Y: the fee was paid at intake. {SHOWN_RULE}",
    (fmt.YES, fmt.NO),
    width=8,
)
_RECEIPT = _shown(
    "fee_receipt_no", "收據編號", "Receipt number", "The fee's receipt number; may be blank.", 14
)

# The shown columns of each sheet (name -> columns).
SHOWN: dict[str, tuple[Column, ...]] = {
    fmt.APPLICANTS.name: (),
    fmt.APPLICATIONS.name: (
        _NAME,
        _label(fmt.APPLICATIONS, "status"),
        _label(fmt.APPLICATIONS, "route", 22),
        _label(fmt.APPLICATIONS, "eligibility", 22),
        _FEE_PAID,
        _RECEIPT,
    ),
    fmt.EMPLOYMENT.name: (_REFERENCE, _NAME, _label(fmt.EMPLOYMENT, "employment_type", 16)),
    fmt.EVIDENCE.name: (
        _REFERENCE,
        _NAME,
        _label(fmt.EVIDENCE, "evidence_type", 30),
        _label(fmt.EVIDENCE, "status", 16),
    ),
    fmt.RESULTS_SHEET.name: (_NAME, _label(fmt.RESULTS_SHEET, "recommendation", 16)),
}

# Each sheet's columns in the order written: the case and the person first, keys at the right.
ORDER: dict[str, tuple[str, ...]] = {
    fmt.APPLICANTS.name: (
        "reference_no",
        "name_zh",
        "surname_en",
        "given_names_en",
        "hkid",
        "alias",
        "chinese_commercial_code",
        "residence_status",
        "date_of_birth",
        "phone",
        "email",
        "address",
        "preferred_language",
        "application_uid",
        "applicant_uid",
    ),
    fmt.APPLICATIONS.name: (
        "reference_no",
        "applicant_name",
        "event_code",
        "station_code",
        "status",
        "status_label",
        "application_date",
        "qualification",
        "title_zh",
        "title_en",
        "qf_level",
        "route",
        "route_label",
        "eligibility",
        "eligibility_label",
        "carer_declaration",
        "fee_hkd",
        "fee_paid",
        "fee_receipt_no",
        "application_uid",
        "applicant_uid",
    ),
    fmt.EMPLOYMENT.name: (
        "reference_no",
        "applicant_name",
        "position",
        "employer",
        "post",
        "industry",
        "start_date",
        "end_date",
        "employment_type",
        "employment_type_label",
        "hours_per_week",
        "in_hong_kong",
        "kind",
        "relevant_to",
        "weight_percent",
        "overseas_accepted",
        "duties",
        "period_uid",
        "application_uid",
    ),
    fmt.EVIDENCE.name: (
        "reference_no",
        "applicant_name",
        "evidence_type",
        "evidence_type_label",
        "status",
        "status_label",
        "reason",
        "period_uid",
        "evidence_uid",
        "application_uid",
    ),
    fmt.RESULTS_SHEET.name: (
        "reference_no",
        "applicant_name",
        "qualification",
        "recommendation",
        "recommendation_label",
        "reasons",
        "decided_by",
        "signed_off_by",
        "signed_off_on",
        "result",
        "soa_number",
        "soa_date",
        "remarks",
        "application_uid",
    ),
}


@dataclass(frozen=True)
class Layout:
    """One sheet as written: its data columns (``sheet``, the reader's) and every column in order."""

    sheet: fmt.Sheet
    columns: tuple[Column, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    def position(self, key: str) -> int:
        """The column (from 0) ``key`` is written in."""
        return self.keys.index(key)

    @property
    def key_columns(self) -> int:
        """How many columns at the right are record keys (uids), left out of the printed page."""
        count = 0
        for column in reversed(self.columns):
            if column.type is not ColumnType.UID:
                break
            count += 1
        return count


def layout(sheet: fmt.Sheet) -> Layout:
    """``sheet`` (a current one, full or minimised) as written: its columns and its shown ones, in
    :data:`ORDER` (a column the sheet lacks, as the minimised applicants sheet does, is left out)."""
    by_key = {column.key: column for column in (*sheet.columns, *SHOWN[sheet.name])}
    return Layout(sheet, tuple(by_key[key] for key in ORDER[sheet.name] if key in by_key))


def written_position(version: str, sheet: fmt.Sheet, key: str) -> int:
    """The column (from 0) this app writes ``key`` of ``sheet`` in, in a workbook of ``version`` (4.0 on:
    :data:`ORDER`; before: the sheet's own order), to name a refused cell."""
    number = version_number(version)
    if number is not None and number >= LAYOUT_SINCE and sheet.name in ORDER:
        return layout(sheet).position(key)
    return sheet.column_index[key]


def shown_keys(version: tuple[int, int] | None, sheet_name: str) -> frozenset[str]:
    """The keys a workbook of ``version`` may carry on ``sheet_name`` beside its data columns, which the
    reader passes over (none before 4.0)."""
    if version is None or version < LAYOUT_SINCE:
        return frozenset()
    return frozenset(column.key for column in SHOWN.get(sheet_name, ()))


def codebook_rows(sheets: tuple[fmt.Sheet, ...] = fmt.DATA_SHEETS) -> list[tuple[str, ...]]:
    """The codebook sheet's data rows: one per column of every data sheet of ``sheets`` as written (a
    minimised workbook's codebook describes its own columns only), the shown columns included."""
    return [codebook_row(sheet.name, column) for sheet in sheets for column in layout(sheet).columns]


def codebook_row(sheet_name: str, column: Column) -> tuple[str, ...]:
    """How the codebook describes one column of ``sheet_name``."""
    return (
        sheet_name,
        column.key,
        column.label_zh,
        column.label_en,
        column.type.value,
        fmt.YES if column.required else fmt.NO,
        ", ".join(column.allowed),
        column.rule + (" (returned)" if column.returned else ""),
    )

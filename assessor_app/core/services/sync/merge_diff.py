"""The differences between two copies of a case, as listed in conflicts and the audit trail."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from assessor_app.core.domain import hkid as hkid_rules
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.merge_content import CASE_SHEETS, CaseCopy, Line

_SHOWN_MAX = 60


# --- Differences ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One field that differs between two copies; ``old`` / ``new`` None when the row is absent."""

    field: str
    en: str
    zh: str
    old: str | None
    new: str | None
    is_hkid: bool = False


def _row_key(sheet: fmt.Sheet, line: Line) -> str:
    return "/".join(line[sheet.column_index[key]] for key in sheet.key_columns if key != "application_uid")


def _short(key: str) -> str:
    return key[:8] if re.fullmatch(r"[0-9a-f-]{36}", key) else key


def changes(old: CaseCopy, new: CaseCopy) -> list[Change]:
    """Every field that differs from ``old`` to ``new``: the applicant's, then sheet by sheet, row by key."""
    found: list[Change] = []
    sheets: list[tuple[fmt.Sheet, tuple[Line, ...], tuple[Line, ...]]] = [
        (fmt.APPLICANTS, (old.applicant,) if old.applicant else (), (new.applicant,) if new.applicant else ())
    ]
    sheets += [(sheet, old.sheet(sheet), new.sheet(sheet)) for sheet in CASE_SHEETS]
    for sheet, old_lines, new_lines in sheets:
        if sheet is fmt.APPLICANTS:  # one applicant per case: compared column by column, whatever its key
            olds = {"": old_lines[0]} if old_lines else {}
            news = {"": new_lines[0]} if new_lines else {}
        else:
            olds = {_row_key(sheet, line): line for line in old_lines}
            news = {_row_key(sheet, line): line for line in new_lines}
        for key in sorted(olds.keys() | news.keys()):
            before, after = olds.get(key), news.get(key)
            name = f"{sheet.name}[{key}]" if key else sheet.name
            where_en = f"{sheet.title_en} {_short(key)}" if key else sheet.title_en
            where_zh = f"{sheet.title_zh} {_short(key)}" if key else sheet.title_zh
            if before is None or after is None:
                found.append(
                    Change(
                        name,
                        where_en,
                        where_zh,
                        None if before is None else json.dumps(list(before), ensure_ascii=False),
                        None if after is None else json.dumps(list(after), ensure_ascii=False),
                    )
                )
                continue
            for column, a, b in zip(sheet.columns, before, after, strict=True):
                if a != b:
                    found.append(
                        Change(
                            f"{name}.{column.key}",
                            f"{where_en}, {column.label_en}",
                            f"{where_zh}，{column.label_zh}",
                            a,
                            b,
                            is_hkid=column.type is fmt.ColumnType.HKID,
                        )
                    )
    return found


def shown(value: str | None, *, is_hkid: bool = False) -> str:
    """A value as listed in a difference or the audit trail: HKIDs masked, one line, not too long."""
    if value is None:
        return ""
    if is_hkid and value and "*" not in value:
        value = hkid_rules.mask(value) if hkid_rules.is_valid(value) else "***"
    value = " ".join(value.split()).replace(" / ", " ∕ ")
    return value if len(value) <= _SHOWN_MAX else value[: _SHOWN_MAX - 1] + "…"


def audit_value(value: str | None, *, is_hkid: bool = False) -> str | None:
    """A value as the audit trail keeps it: whole, but an HKID masked (the applicant record holds it)."""
    if value is None or not is_hkid or not value or "*" in value:
        return value
    return hkid_rules.mask(value) if hkid_rules.is_valid(value) else "***"


def describe_differences(mine: CaseCopy | None, theirs: CaseCopy) -> list[str]:
    """The differences between this laptop's case and another station's copy, each ``English / 中文``."""
    if mine is None:
        return ["the case is not on this laptop / 此電腦沒有此個案"]
    lines: list[str] = []
    for change in changes(mine, theirs):
        if change.old is None:
            lines.append(f"{change.en}: only in their copy / {change.zh}：只見於對方的副本")
        elif change.new is None:
            lines.append(f"{change.en}: only on this laptop / {change.zh}：只見於此電腦")
        else:
            here = shown(change.old, is_hkid=change.is_hkid)
            there = shown(change.new, is_hkid=change.is_hkid)
            lines.append(
                f'{change.en}: here "{here}", theirs "{there}" / {change.zh}：此電腦「{here}」，對方「{there}」'
            )
    return lines

"""The catalogue as plain objects for `catalogue list --json`, and as a text table for people."""

from __future__ import annotations

import unicodedata
from typing import Any

from assessor_app.core.db.database import Database
from assessor_app.core.services.catalogue.service import list_qualifications

# The keys of `catalogue list --json`, in this order; scripts rely on exactly these.
CATALOGUE_JSON_KEYS = (
    "title_zh",
    "title_en",
    "industry",
    "qf_level",
    "qr_number",
    "stream",
    "stream_zh",
    "open_to_carers",
)
_TABLE_COLUMNS = (
    ("qr_number", "QR number 資歷名冊編號"),
    ("qf_level", "Level 級別"),
    ("industry", "Industry 行業"),
    ("title_zh", "Title 中文名稱"),
    ("title_en", "Title (English)"),
    ("stream", "Stream 範疇"),
    ("open_to_carers", "Carers 照顧者"),
)


def catalogue_objects(database: Database) -> list[dict[str, Any]]:
    """Every qualification on offer (withdrawn ones left out), ``industry`` by its English name."""
    return [
        {
            "title_zh": row.title_zh,
            "title_en": row.title_en,
            "industry": row.industry_en,
            "qf_level": row.qf_level,
            "qr_number": row.qr_number,
            "stream": row.stream,
            "stream_zh": row.stream_zh,
            "open_to_carers": row.open_to_carers,
        }
        for row in list_qualifications(database)
    ]


def _width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes 是" if value else "no 否"
    return str(value)


def catalogue_table(objects: list[dict[str, Any]]) -> str:
    """A table with a header line, one line per qualification and a count at the end."""
    lines = [[heading for _key, heading in _TABLE_COLUMNS]]
    lines += [[_cell(item[key]) for key, _heading in _TABLE_COLUMNS] for item in objects]
    widths = [max(_width(line[index]) for line in lines) for index in range(len(_TABLE_COLUMNS))]
    rendered = [
        "  ".join(
            text + " " * (width - _width(text)) for text, width in zip(line, widths, strict=True)
        ).rstrip()
        for line in lines
    ]
    rendered.insert(1, "  ".join("-" * width for width in widths))
    rendered.append(f"{len(objects)} qualification(s) 項資歷")
    return "\n".join(rendered)

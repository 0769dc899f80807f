"""A catalogue template to fill in: the column headers and one example row, as .csv or .xlsx."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assessor_app.core.domain.catalogue import CATALOGUE_COLUMNS
from assessor_app.core.errors import ValidationError
from assessor_app.core.private_files import replace_private

# One row that passes validation, so a filled-in copy shows what each column expects.
EXAMPLE_ROW = {
    "industry": "Logistics",
    "agency": "HKU SPACE",
    "title_zh": "空運貨物處理（示例）",
    "title_en": "Air cargo handling (example: replace this row)",
    "qf_level": "2",
    "qr_number": "",
    "stream": "Air Freight & Express",
    "stream_zh": "航空貨運及速遞",
    "open_to_carers": "no",
    "notes": "Example row: replace it with the agency's own qualifications.",
    "notes_zh": "示例：請以評估機構的資歷取代此行。",
}


def template_bytes(suffix: str) -> bytes:
    """The template as the bytes of a ``.csv`` (UTF-8 with a BOM, so Excel shows Chinese) or ``.xlsx``."""
    example = [EXAMPLE_ROW[column] for column in CATALOGUE_COLUMNS]
    if suffix.casefold() == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(CATALOGUE_COLUMNS)
        writer.writerow(example)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    if suffix.casefold() == ".xlsx":
        import openpyxl  # slow to import; only the template and imports need it

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "Catalogue"
        sheet.append(list(CATALOGUE_COLUMNS))
        sheet.append(example)
        for cell in sheet[2]:
            cell.number_format = "@"  # text: Excel must not turn a level or QR number into a number or date
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()
    raise ValidationError(
        "A catalogue template is a .csv or .xlsx file.",
        "目錄範本須為 .csv 或 .xlsx 檔案。",
        code="catalogue_file_type",
    )


def write_catalogue_template(path: Path) -> Path:
    """Write the template to ``path`` (its suffix picks the format) through a temporary file and a rename."""
    path = Path(path)
    data = template_bytes(path.suffix)
    try:
        replace_private(path, data)
    except OSError as exc:
        raise ValidationError(
            f"Cannot save the template to {path}: {exc.strerror}.",
            f"無法將範本儲存至 {path}：{exc.strerror}。",
            code="catalogue_template_unwritable",
        ) from exc
    return path

"""The column dictionary is the single source of truth: docs and codebook follow it."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.workbook_doc import render_markdown
from assessor_app.core.services.sync.workbook_layout import codebook_rows
from tests.core.sync.conftest import Exported

DOCS = Path(__file__).resolve().parents[3] / "docs" / "batch-workbook.md"


def test_docs_match_the_format_module() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_markdown(), (
        "docs/batch-workbook.md is stale: run "
        "`python -m assessor_app.core.services.sync.workbook_doc > docs/batch-workbook.md`"
    )


def test_every_sheet_has_unique_keys_labels_and_key_columns() -> None:
    for sheet in fmt.DATA_SHEETS:
        assert len(set(sheet.keys)) == len(sheet.keys), sheet.name
        assert set(sheet.key_columns) <= set(sheet.keys), sheet.name
        for column in sheet.columns:
            assert all((column.label_zh, column.label_en, column.rule)), (sheet.name, column.key)
            if column.type is fmt.ColumnType.CHOICE or column.type is fmt.ColumnType.YESNO:
                assert column.allowed, (sheet.name, column.key)
    assert fmt.FORMAT_VERSION.count(".") == 1


def test_the_codebook_sheet_carries_the_dictionary(exported: Exported) -> None:
    workbook = load_workbook(exported.result.path, read_only=True)
    rows = list(workbook[fmt.CODEBOOK_SHEET].iter_rows(min_row=3, values_only=True))
    workbook.close()
    assert [tuple(value or "" for value in row) for row in rows] == codebook_rows()

"""Times are shown in Hong Kong time whatever the laptop's own time zone (the Batches page and the case
header showed UTC on a laptop set to UTC), and the ledger's column says so."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from assessor_app.core.hong_kong_time import hong_kong_text
from assessor_app.core.services.cases.listing import BatchRow
from assessor_app.ui.models.batches_table_model import BatchesTableModel

MOMENT = datetime(2023, 11, 8, 6, 5, tzinfo=UTC)  # 14:05 in Hong Kong


@pytest.fixture(params=["UTC", "America/New_York", "Asia/Hong_Kong"])
def laptop_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_a_moment_reads_in_hong_kong_time_in_any_laptop_zone(laptop_zone: str) -> None:
    assert hong_kong_text(MOMENT) == "2023-11-08 14:05"
    assert hong_kong_text(MOMENT.replace(tzinfo=None)) == "2023-11-08 14:05"  # SQLite's naive UTC
    assert hong_kong_text(None) == ""


def test_the_batch_ledger_shows_hong_kong_time_and_says_so(qapp: object, laptop_zone: str) -> None:
    model = BatchesTableModel()
    model.set_rows([BatchRow(1, "export", "batch.xlsx", "syleung", MOMENT, 3, "ab" * 32)])
    column = model.column_index("created_at")
    assert model.data(model.index(0, column)) == "2023-11-08 14:05"
    header = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    assert "Hong Kong time" in header

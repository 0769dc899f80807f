"""Shared fixtures: a fresh case database in a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt aborts the process without a display; every test run is headless.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from assessor_app.core.db.database import Database, open_database


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "cases.sqlite3")
    yield db
    db.close()

"""Fixtures for the sync tests: one exported workbook per test from a small demo database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from assessor_app.core.db.database import Database
from assessor_app.core.services.sync.export import ExportResult, export_batch
from tests.core.sync.helpers import SUPERVISOR, decrypted, demo_database


@dataclass(frozen=True)
class Exported:
    database: Database
    result: ExportResult
    folder: Path


@pytest.fixture
def exported(database: Database, tmp_path: Path) -> Exported:
    """A default (masked, encrypted) export, decrypted in place: ``result.path`` is the clear workbook
    the recipient sees once the password is typed (``result.password`` still opens the original: a test
    of the encrypted file itself exports its own)."""
    demo_database(database)
    result = export_batch(database, tmp_path / "batch.xlsx", actor=SUPERVISOR)
    decrypted(result)
    return Exported(database, result, tmp_path)

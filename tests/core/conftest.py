"""Core fixtures: the ``database`` fixture also runs encrypted (SQLCipher, a random data key) in modules
marked ``also_encrypted``, so the services are checked on both kinds of file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessor_app.core.db.database import Database, open_database


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database" in metafunc.fixturenames and metafunc.definition.get_closest_marker("also_encrypted"):
        metafunc.parametrize("database", ["clear", "encrypted"], indirect=True)


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    key = os.urandom(32) if getattr(request, "param", "clear") == "encrypted" else None
    db = open_database(tmp_path / "cases.sqlite3", key=key)
    yield db
    db.close()

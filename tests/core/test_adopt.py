"""An old clear database brought under sign-in: its administrator's password, the file encrypted, the
evidence sealed, no particular left in clear; refused for anyone but one of its administrators."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor_app.core.db import cipher
from assessor_app.core.db.database import open_database
from assessor_app.core.errors import AppError
from assessor_app.core.security import keyring
from assessor_app.core.security.adopt import adopt_clear_database
from assessor_app.core.security.sign_in import sign_in
from assessor_app.core.services import audit
from assessor_app.core.services.evidence.attachments import attach_file
from assessor_app.core.services.review import accounts
from tests.core.security_helpers import PEOPLE, clear_finds, lodge_people
from tests.core.test_evidence import png_bytes, write
from tests.core.user_helpers import add_user

PASSWORD = "a long enough password"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder from before sign-in: a clear database with users and cases, a clear scan."""
    folder = tmp_path / "data"
    database = open_database(folder / "cases.sqlite3", backups_dir=folder / "backups")
    try:
        add_user(database, "ada", "Ada ADMIN", "administrator")
        add_user(database, "chloe", "Chloe CHOI", "intake_clerk")
        [first, *_] = lodge_people(database)
        scan = write(tmp_path / "id.png", png_bytes() + PEOPLE[0].name_zh.encode())
        attach_file(database, folder / "evidence", first, scan, operator="chloe")
    finally:
        database.close()
    assert clear_finds(folder)
    return folder


def test_an_administrator_s_password_encrypts_it_and_nothing_stays_clear(folder: Path) -> None:
    path = folder / "cases.sqlite3"
    signed = adopt_clear_database(
        path, "ada", "Ada ADMIN", PASSWORD, backups_dir=folder / "backups", evidence_dir=folder / "evidence"
    )
    try:
        assert signed.username == "ada"
        assert audit.verify_chain(signed.database).intact
        assert any(
            entry.action == "database_encrypted" for entry in audit.history(signed.database, path.name)
        )
    finally:
        signed.database.close()
    assert not cipher.is_clear(path)
    assert clear_finds(folder) == []
    sign_in(path, "ada", PASSWORD).database.close()
    with pytest.raises(AppError):  # the clerk has no password yet
        sign_in(path, "chloe", PASSWORD)

    signed = sign_in(path, "ada", PASSWORD)
    try:
        accounts.reset_password(signed.database, "chloe", "the clerk's new password", actor="ada")
    finally:
        signed.database.close()
    assert sign_in(path, "chloe", "the clerk's new password").username == "chloe"


@pytest.mark.parametrize(
    ("name", "password", "code"),
    [
        ("chloe", PASSWORD, "not_an_administrator"),
        ("nobody", PASSWORD, "not_an_administrator"),
        ("ada", "short", "password_too_short"),
    ],
)
def test_refused_with_nothing_changed(folder: Path, name: str, password: str, code: str) -> None:
    path = folder / "cases.sqlite3"
    before = path.read_bytes()
    with pytest.raises(AppError) as refused:
        adopt_clear_database(
            path, name, name, password, backups_dir=folder / "backups", evidence_dir=folder / "evidence"
        )
    assert refused.value.code == code
    assert refused.value.zh
    assert path.read_bytes() == before
    assert not keyring.exists(keyring.keyring_path(path))


def test_an_encrypted_database_is_not_adopted_twice(folder: Path) -> None:
    path = folder / "cases.sqlite3"
    adopt_clear_database(
        path, "ada", "Ada", PASSWORD, backups_dir=folder / "backups", evidence_dir=folder / "evidence"
    ).database.close()
    with pytest.raises(AppError) as refused:
        adopt_clear_database(
            path, "ada", "Ada", PASSWORD, backups_dir=folder / "backups", evidence_dir=folder / "evidence"
        )
    assert refused.value.code == "not_adoptable"

"""The data folder's temporary folder: owner-only, its journals settled at the next start, live ones spared."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from pathlib import Path

import pytest

from assessor_app.core.db import scratch
from assessor_app.core.db.database import open_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and locks")


def _journal(folder: Path, database: Path, out: Path, data: bytes, uid: str) -> Path:
    journal = folder / f"{uid}{scratch.JOURNAL_SUFFIX}"
    record = {
        "database": str(database.resolve()),
        "batch_uid": uid,
        "out": str(out),
        "part": str(out.with_name(f".~export-{uid}.part")),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    journal.write_text(json.dumps(record))
    return journal


def test_the_next_start_settles_journals_spares_a_live_export_and_touches_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cases.sqlite3"
    open_database(path).close()
    folder = scratch.scratch_folder(path)
    assert folder == tmp_path / "tmp"
    assert folder.stat().st_mode & 0o777 == 0o700
    (folder / "notes.txt").write_bytes(b"the user's own")  # a tmp folder the user already had
    (folder / "stuff").mkdir()
    out_folder = tmp_path / "stick"
    out_folder.mkdir()
    placed = out_folder / "batch.xlsx"
    placed.write_bytes(b"placed, never committed")
    unrecorded = _journal(folder, path, placed, placed.read_bytes(), "u-1")
    someone_elses = out_folder / "other.xlsx"
    someone_elses.write_bytes(b"the user's own file")
    not_ours = _journal(folder, path, someone_elses, b"what the export wrote", "u-2")
    unplugged = _journal(folder, path, tmp_path / "unplugged" / "batch.xlsx", b"x", "u-3")
    other_database = _journal(folder, tmp_path / "demo.sqlite3", placed, b"x", "u-4")
    running = out_folder / "running.xlsx"
    running.write_bytes(b"being exported")
    live = _journal(folder, path, running, running.read_bytes(), "u-5")
    (folder / f"u-6{scratch.JOURNAL_SUFFIX}").write_text('{"database": "')  # cut short by a crash
    system_temp = tmp_path / "system-temp"
    legacy = system_temp / f"{scratch.LEGACY_DECRYPT_PREFIX}abc"
    legacy.mkdir(parents=True)
    (legacy / "batch.xlsx").write_bytes(b"clear copy")
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))

    with live.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # an export still running in another process
        open_database(path).close()
        assert live.exists()
        assert running.exists()
    assert not placed.exists()  # in place but never recorded: removed with its journal
    assert not unrecorded.exists()
    assert someone_elses.read_bytes() == b"the user's own file"  # not the bytes the journal names
    assert not not_ours.exists()
    assert unplugged.exists()  # its folder cannot be reached: kept for a later start
    assert other_database.exists()  # the demo database settles its own journals
    assert (folder / "notes.txt").read_bytes() == b"the user's own"
    assert (folder / "stuff").is_dir()
    assert not legacy.exists()
    open_database(path).close()
    assert not live.exists()  # no longer held: settled like any other
    assert not running.exists()
    assert sorted(folder.glob("*.place.json")) == sorted([unplugged, other_database])  # cut short: gone

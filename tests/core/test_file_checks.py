"""Read-only and other users' files refused without a chmod or a write; truncated files; network drives."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from assessor_app.core.db import file_checks
from assessor_app.core.db.database import open_database
from assessor_app.core.errors import DatabaseCorruptError, DatabaseUnwritableError
from assessor_app.core.paths import DataDir

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes and owners")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    return {p.name: (p.stat().st_mode, digest(p) if p.is_file() else "") for p in folder.iterdir()}


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "cases.sqlite3"
    open_database(path).close()
    return path


@posix_only
def test_a_read_only_database_is_refused_and_neither_chmod_ed_nor_written(database_file: Path) -> None:
    database_file.chmod(0o400)
    before = snapshot(database_file.parent)
    with pytest.raises(DatabaseUnwritableError) as raised:
        open_database(database_file)
    assert raised.value.code == "database_read_only"
    assert "read-only" in raised.value.en
    assert "唯讀" in raised.value.zh
    assert database_file.stat().st_mode & 0o777 == 0o400
    assert snapshot(database_file.parent) == before  # no -wal, no -shm, nothing rewritten


@posix_only
def test_a_read_only_folder_is_refused_and_left_read_only(database_file: Path) -> None:
    folder = database_file.parent
    folder.chmod(0o500)
    try:
        before = snapshot(folder)
        with pytest.raises(DatabaseUnwritableError) as raised:
            open_database(database_file)
        assert raised.value.code == "database_folder_read_only"
        with pytest.raises(DatabaseUnwritableError):
            open_database(folder / "new.sqlite3")
        with pytest.raises(PermissionError):  # the data folder's sub-folders are not made in it either
            DataDir(folder).ensure()
        assert folder.stat().st_mode & 0o777 == 0o500
        assert snapshot(folder) == before
    finally:
        folder.chmod(0o700)


@posix_only
def test_private_folders_lose_group_and_other_bits_only(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    DataDir(shared).ensure()
    assert shared.stat().st_mode & 0o777 == 0o700
    assert (shared / "backups").stat().st_mode & 0o777 == 0o700


@posix_only
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_another_users_database_is_refused_with_a_message(database_file: Path) -> None:
    import pwd

    nobody = pwd.getpwnam("nobody")
    os.chown(database_file, nobody.pw_uid, nobody.pw_gid)
    before = snapshot(database_file.parent)
    with pytest.raises(DatabaseUnwritableError) as raised:
        open_database(database_file)
    assert raised.value.code == "database_not_owned"
    assert "another user" in raised.value.en
    assert "另一位用戶" in raised.value.zh
    assert snapshot(database_file.parent) == before
    assert database_file.stat().st_uid == nobody.pw_uid


def test_a_truncated_database_is_refused_and_unchanged(database_file: Path) -> None:
    with sqlite3.connect(database_file) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = database_file.read_bytes()
    database_file.write_bytes(data[: len(data) // 3])
    before = digest(database_file)
    with pytest.raises(DatabaseCorruptError) as raised:
        open_database(database_file)
    assert "untouched" in raised.value.en
    assert digest(database_file) == before


def test_encryption_status_reads_the_header(tmp_path: Path, database_file: Path) -> None:
    assert file_checks.encryption_status(database_file) == "clear"
    scrambled = tmp_path / "scrambled"
    scrambled.write_bytes(os.urandom(4096))
    assert file_checks.encryption_status(scrambled) == "encrypted"
    assert file_checks.encryption_status(tmp_path / "missing") == "empty"


MOUNTINFO = r"""22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw
35 22 0:31 / /home rw,relatime shared:2 - ext4 /dev/sda3 rw
40 35 0:44 / /home/clerk/Shared rw,relatime shared:9 - cifs //nas/cases rw,vers=3.0
41 22 8:17 / /media/clerk/USB\040STICK rw,nosuid,nodev shared:10 - vfat /dev/sdb1 rw,uid=1000
42 22 8:33 / /run/media/clerk/CARD rw shared:11 - exfat /dev/sdc1 rw
43 22 8:49 / /mnt/data rw shared:12 - vfat /dev/sdd1 rw
44 35 0:50 / /home/clerk/remote rw - fuse.sshfs clerk@server:/ rw
45 22 0:51 / /srv/nfs rw - nfs4 server:/export rw
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/clerk/.local/share/RPLAssessorWorkstation", None),
        ("/home/clerk/Shared/RPL", "network"),
        ("/home/clerk/SharedNot/RPL", None),  # a prefix of the name is not the mount
        ("/media/clerk/USB STICK/RPL", "removable"),
        ("/run/media/clerk/CARD", "removable"),
        ("/mnt/data/RPL", None),  # vfat outside /media: a fixed second partition
        ("/home/clerk/remote/x", "network"),
        ("/srv/nfs/x", "network"),
    ],
)
def test_network_and_removable_mounts_are_recognised(path: str, kind: str | None) -> None:
    found = file_checks.mount_of(path, MOUNTINFO)
    assert found is not None
    warning = file_checks.classify_linux_mount(*found)
    assert (warning.kind if warning else None) == kind
    if warning is not None:
        assert "drive" in warning.en
        assert "磁碟" in warning.zh


def test_the_test_folder_is_on_a_local_disk(tmp_path: Path) -> None:
    assert file_checks.storage_warning(tmp_path) is None

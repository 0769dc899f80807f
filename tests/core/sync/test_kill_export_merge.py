"""Killed exports and merges: no clear full HKID left on disk, the ledger and the files agree, the
database opens intact.

A realistic small database is made once for the module, encrypted with its keyring beside it as
:func:`set_up` makes it; each trial runs ``python -m assessor_app export`` or ``merge`` on its own copy,
signed in through $ASSESSOR_APP_USER and $ASSESSOR_PASSWORD (through :mod:`.fork_server`, which spares
Python's start-up), kills it with SIGKILL after a random delay spread over the whole run, then looks at
everything: every file of the trial (data folder with the database, its write-ahead log and journal,
output folder, the child's system temporary folder), zip members included, for a full HKID in clear;
then the next start (:func:`open_database` with the data key unlocked from the trial's keyring) must
find the database intact, the temporary folder cleared, and every export in the ledger beside its
workbook and every workbook in the ledger. More trials kill fresh ``python -m assessor_app`` processes,
crash the export exactly at each step of placing its file, and give it too little room (a file-size
limit; a nearly full tmpfs as root).
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from assessor_app.core.db import cipher
from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.cases import ApplicantRecord
from assessor_app.core.domain import hkid
from assessor_app.core.security import keyring
from assessor_app.core.security.sign_in import set_up, sign_in
from assessor_app.core.services.demo.promotion_day import generate_demo
from assessor_app.core.services.intake.station_keys import enrol_station, save_public_key
from assessor_app.core.services.sync.export import export_batch
from tests.core.sync.fork_server import ForkServer
from tests.core.sync.helpers import ASSESSOR, SUPERVISOR, demo_database
from tests.core.user_helpers import FIRST_ADMIN, TEST_PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="fork and SIGKILL")]

APPLICATIONS = 40
KILLS_EACH = 52  # SIGKILLs during export, and as many during merge
LOGGING_ERROR = re.compile(r"--- Logging error ---.*?\nArguments: [^\n]*\n", re.DOTALL)


@dataclass(frozen=True)
class Templates:
    source: Path  # data folder of station LT01: signed-off cases to export
    target: Path  # data folder of station LT02, which enrolled LT01's key: merges LT01's batch
    batch: Path  # LT01's full-HKID (encrypted) batch
    password: str
    batch_cases: int
    numbers: frozenset[bytes]  # every full HKID of the source, in each written form


def _forms(number: str) -> set[bytes]:
    plain = hkid.compact(number)
    return {form.encode() for form in (number, plain, f"{plain[:-1]}({plain[-1]})")}


def _encrypted(folder: Path) -> Database:
    """A new encrypted database in the data folder ``folder``, its keyring beside it, as ``init`` sets it
    up (its administrator FIRST_ADMIN, password TEST_PASSWORD), open under the data key."""
    database_path = folder / "cases.sqlite3"
    return set_up(
        database_path, FIRST_ADMIN, "First Administrator", TEST_PASSWORD, backups_dir=folder / "backups"
    ).database


def _give_passwords(database: Database, *usernames: str) -> None:
    """The demo's users the children sign in as get TEST_PASSWORD (fast argon2: each child unlocks)."""
    assert database.data_key is not None
    for username in usernames:
        keyring.set_password(
            keyring.keyring_path(database.path),
            database.data_key,
            username,
            TEST_PASSWORD,
            params=keyring.FAST_PARAMS,
        )


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    root = tmp_path_factory.mktemp("kill-templates")
    source_dir, target_dir, spare_dir = root / "source", root / "target", root / "spare"
    for folder in (source_dir, target_dir):
        folder.mkdir()
    source = _encrypted(source_dir)
    demo_database(source, applications=APPLICATIONS, signed_off=APPLICATIONS // 2)
    _give_passwords(source, SUPERVISOR, ASSESSOR)
    key_file = root / "LT01.key"
    save_public_key(source, key_file)  # the station's key pair exists before any trial
    with source.session() as session:
        numbers = frozenset(
            form for number in session.scalars(select(ApplicantRecord.hkid)) for form in _forms(number)
        )
    source.close()
    target = _encrypted(target_dir)
    generate_demo(target, applications=0, seed=7, station="LT02")
    _give_passwords(target, SUPERVISOR, ASSESSOR)
    enrol_station(target, key_file, actor=SUPERVISOR)
    target.close()
    shutil.copytree(source_dir, spare_dir)  # exported once for the merge trials; the source stays unlocked
    spare = sign_in(spare_dir / "cases.sqlite3", SUPERVISOR, TEST_PASSWORD).database
    exported = export_batch(spare, root / "batch.xlsx", actor=SUPERVISOR, status="lodged", full_hkid=True)
    spare.close()
    assert exported.password is not None
    return Templates(source_dir, target_dir, exported.path, exported.password, exported.case_count, numbers)


@pytest.fixture(scope="module")
def server() -> Iterator[ForkServer]:
    forks = ForkServer()
    yield forks
    forks.close()


@dataclass(frozen=True)
class Trial:
    root: Path
    data: Path
    out: Path
    temp: Path

    @property
    def database(self) -> Path:
        return self.data / "cases.sqlite3"

    def data_key(self) -> bytes:
        """The data key, unlocked from the trial's own keyring as the next sign-in would."""
        return keyring.unlock(keyring.keyring_path(self.database), SUPERVISOR, TEST_PASSWORD)


def _trial(base: Path, number: int, template: Path) -> Trial:
    root = base / f"trial-{number:03d}"
    trial = Trial(root, root / "data", root / "out", root / "system-temp")
    shutil.copytree(template, trial.data)
    trial.out.mkdir()
    trial.temp.mkdir()
    return trial


def _command(trial: Trial, *argv: str, user: str, stdin: str = "") -> dict[str, object]:
    return {
        "argv": ["--data-dir", str(trial.data), *argv],
        "env": {"ASSESSOR_APP_USER": user, "ASSESSOR_PASSWORD": TEST_PASSWORD, "TMPDIR": str(trial.temp)},
        "stdin": stdin,
        "log": str(trial.root / "child.log"),
    }


def _export(trial: Trial, full: bool, **extra: object) -> dict[str, object]:
    flags = ["--full-hkid"] if full else []
    return {
        **_command(trial, "export", "--out", str(trial.out / "batch.xlsx"), *flags, user=SUPERVISOR),
        **extra,
    }


def _merge(trial: Trial, templates: Templates) -> dict[str, object]:
    return _command(
        trial,
        "merge",
        str(templates.batch),
        "--password-stdin",
        user=ASSESSOR,
        stdin=templates.password + "\n",
    )


def _blobs(data: bytes) -> Iterator[bytes]:
    """The bytes and, when they are a zip (a workbook), every member's bytes, unpacked."""
    yield data
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for name in archive.namelist():
                    yield archive.read(name)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError):
            # a zip cut short by the kill: its readable members' data is in the bytes themselves
            pass


def clear_numbers(folders: list[Path], numbers: frozenset[bytes]) -> list[str]:
    """Every file under ``folders`` holding a full HKID in clear (the encrypted database, its write-ahead
    log and journal included)."""
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if not path.is_file():
                continue
            for blob in _blobs(path.read_bytes()):
                if any(number in blob for number in numbers):
                    found.append(str(path))
                    break
    return found


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def after_the_next_start(trial: Trial, kind: str) -> list[tuple[str, str, int]]:
    """Open the database as the next start does; check it is intact and its temporary folder empty; its
    batches of ``kind`` (file name, SHA-256, cases)."""
    key = trial.data_key()
    database = open_database(trial.database, key=key)
    database.close()
    connection = cipher.connect(trial.database, key)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        batches: list[tuple[str, str, int]] = connection.execute(
            "SELECT file_name, file_sha256, case_count FROM export_batches WHERE kind = ?", (kind,)
        ).fetchall()
        if kind == "export":
            locked = connection.execute(
                "SELECT count(*) FROM applications WHERE locked_by_batch_id IS NOT NULL"
            ).fetchone()[0]
            assert locked == sum(batch[2] for batch in batches)  # no batch: no lock
            items = connection.execute("SELECT count(*) FROM batch_items").fetchone()[0]
            assert items == locked
    finally:
        connection.close()
    assert not list((trial.data / "tmp").glob("*")), "the next start left the temporary folder full"
    return batches


def check_export(trial: Trial, numbers: frozenset[bytes]) -> str:
    """After one export (killed or not): what it came to ("none", "exported", "journal-settled")."""
    assert clear_numbers([trial.root], numbers) == []
    journal = list((trial.data / "tmp").glob("*.place.json"))
    batches = after_the_next_start(trial, "export")
    files = sorted(p.name for p in trial.out.iterdir())
    if batches:
        ((name, sha, _count),) = batches
        assert files == [name] == ["batch.xlsx"], files
        assert _digest(trial.out / name) == sha  # the ledger's entry has its very workbook
        return "exported"
    assert files == [], f"a workbook with no ledger entry: {files}"
    return "journal-settled" if journal else "none"


def check_merge(trial: Trial, templates: Templates) -> str:
    assert clear_numbers([trial.root], templates.numbers) == []
    batches = after_the_next_start(trial, "merge")
    connection = cipher.connect(trial.database, trial.data_key())
    try:
        cases = connection.execute("SELECT count(*) FROM applications").fetchone()[0]
    finally:
        connection.close()
    assert cases == (templates.batch_cases if batches else 0)  # all of the batch or none of it
    return "merged" if batches else "none"


def test_random_kills_of_export_and_merge_leave_no_clear_hkid_and_a_consistent_ledger(
    templates: Templates, server: ForkServer, tmp_path: Path
) -> None:
    rng = random.Random(12)
    outcomes: Counter[str] = Counter()
    # One run of each, not killed, to know how long a run takes (and that it works).
    whole: dict[str, float] = {}
    for kind in ("export-full", "export-masked", "merge"):
        trial = _trial(tmp_path, len(whole), templates.target if kind == "merge" else templates.source)
        command = _merge(trial, templates) if kind == "merge" else _export(trial, kind == "export-full")
        status, whole[kind] = server.run(command)
        assert status == 0, (trial.root / "child.log").read_text()
        outcome = check_merge(trial, templates) if kind == "merge" else check_export(trial, templates.numbers)
        assert outcome in {"exported", "merged"}
    number = len(whole)
    for kinds in (("export-full", "export-masked"), ("merge",)):
        killed = attempts = 0
        while killed < KILLS_EACH and attempts < 4 * KILLS_EACH:  # a kill drawn after the end kills nothing
            kind = kinds[attempts % len(kinds)]
            attempts += 1
            number += 1
            trial = _trial(tmp_path, number, templates.target if kind == "merge" else templates.source)
            command = _merge(trial, templates) if kind == "merge" else _export(trial, kind == "export-full")
            # A little past the measured run, so some runs finish even on a loaded machine where a run
            # takes longer than the measured one: the kills then fall before and after the commit.
            status, _ = server.run(command, kill_after=rng.uniform(0, 1.15 * whole[kind]))
            killed += status == -9
            if kind == "merge":
                outcome = check_merge(trial, templates)
            else:
                outcome = check_export(trial, templates.numbers)
            outcomes[f"{kind}: {'killed' if status == -9 else 'finished'}, {outcome}"] += 1
            shutil.rmtree(trial.root)
    killed = sum(count for key, count in outcomes.items() if ": killed" in key)
    assert killed >= 100, outcomes
    # The kills fell all over the run: before anything was recorded and after.
    assert any("export" in key and "killed, none" in key for key in outcomes), outcomes
    assert any("merge: killed, none" in key for key in outcomes), outcomes
    assert any(key.endswith((", merged", ", exported")) for key in outcomes), outcomes


def _spawn(command: dict[str, object]) -> subprocess.Popen[bytes]:
    """The command as a user runs it: a fresh ``python -m assessor_app``, not a fork of a warm one."""
    env = {**os.environ, **{str(k): str(v) for k, v in dict(command["env"]).items()}}  # type: ignore[call-overload]
    with open(str(command["log"]), "wb") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "assessor_app", *[str(a) for a in list(command["argv"])]],  # type: ignore[call-overload]
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=log,
            env=env,
        )
    assert child.stdin is not None
    child.stdin.write(str(command.get("stdin", "")).encode())
    child.stdin.close()
    return child


def test_kills_of_a_fresh_python_process_leave_no_clear_hkid_either(
    templates: Templates, tmp_path: Path
) -> None:
    """Six kills of real ``python -m assessor_app`` processes, 40 to 90 % into the run (its start is
    mostly Python starting), so the warm server is not all the kill test rests on."""
    rng = random.Random(5)
    whole: dict[str, float] = {}
    killed = number = 0
    while killed < 6 and number < 16:  # a kill drawn after the run's end kills nothing: draw again
        kind = ("export-full", "merge")[number % 2]
        number += 1
        trial = _trial(tmp_path, number, templates.target if kind == "merge" else templates.source)
        command = _merge(trial, templates) if kind == "merge" else _export(trial, kind == "export-full")
        started = time.perf_counter()
        child = _spawn(command)
        if kind in whole:
            time.sleep(rng.uniform(0.4, 0.9) * whole[kind])
            child.kill()  # SIGKILL; our own child, not yet reaped, so its pid is still its own
        status = child.wait(timeout=60)
        if kind not in whole:  # the first of each, not killed: how long a run takes
            assert status == 0, (trial.root / "child.log").read_text()
            whole[kind] = time.perf_counter() - started
        killed += status == -9
        if kind == "merge":
            check_merge(trial, templates)
        else:
            check_export(trial, templates.numbers)
        shutil.rmtree(trial.root)
    assert killed == 6


@pytest.mark.parametrize(
    ("crash", "outcome"),
    [
        ({"call": "fsync", "nth": 1}, "journal-settled"),  # the journal written, nothing else
        ({"call": "fsync", "nth": 2}, "journal-settled"),  # the part file written beside the output
        ({"call": "replace", "nth": 1}, "journal-settled"),  # renamed into place, not yet committed
        ({"call": "fsync", "nth": 3}, "journal-settled"),  # the rename made durable, not yet committed
        ({"call": "unlink", "match": ".place.json"}, "exported"),  # committed, the journal still there
    ],
)
@pytest.mark.parametrize("full", [True, False], ids=["full-hkid", "masked"])
def test_an_export_crashed_at_each_step_of_placing_its_file_is_settled_at_the_next_start(
    templates: Templates,
    server: ForkServer,
    tmp_path: Path,
    crash: dict[str, object],
    outcome: str,
    full: bool,
) -> None:
    trial = _trial(tmp_path, 0, templates.source)
    status, _ = server.run(_export(trial, full, crash=crash))
    assert status == -9, (trial.root / "child.log").read_text()
    if crash["call"] == "replace":
        assert (trial.out / "batch.xlsx").exists()  # the workbook was in place with no ledger entry
    assert check_export(trial, templates.numbers) == outcome


def _ledger_now(trial: Trial) -> tuple[int, int]:
    """Export batches and locked cases as the database holds them now (read-only, nothing settled)."""
    connection = cipher.connect(trial.database, trial.data_key(), read_only=True)
    try:
        batches = connection.execute("SELECT count(*) FROM export_batches WHERE kind = 'export'").fetchone()[
            0
        ]
        locked = connection.execute(
            "SELECT count(*) FROM applications WHERE locked_by_batch_id IS NOT NULL"
        ).fetchone()[0]
    finally:
        connection.close()
    return batches, locked


def starved_export(
    server: ForkServer,
    trial: Trial,
    numbers: frozenset[bytes],
    room: Callable[[], None],
    log: Path,
    **extra: object,
) -> str:
    """One masked export short of space: it either works, or says so and leaves nothing behind.
    ``room()`` gives the space back once the files are looked at (reading the database needs some); the
    child's output goes to ``log``, on another disk."""
    status, _ = server.run(_export(trial, False, log=str(log), **extra))
    files = sorted(p.name for p in trial.out.iterdir())
    room()
    log_text = log.read_text(encoding="utf-8", errors="replace")
    if status == 0:
        return check_export(trial, numbers)
    assert status == 1, log_text
    # a clear bilingual message, not a crash (the logging module's own report of a log line it could
    # not write to the full disk is not the app's)
    assert "Traceback" not in LOGGING_ERROR.sub("", log_text), log_text
    assert files == [], log_text  # no workbook, no part file
    assert _ledger_now(trial) == (0, 0), log_text  # no ledger entry, every case unlocked
    assert check_export(trial, numbers) == "none"
    return "refused: " + ("workbook" if "could not be written" in log_text else "database")


def test_an_export_short_of_file_space_reports_failure_and_leaves_no_workbook_and_no_ledger_entry(
    templates: Templates, server: ForkServer, tmp_path: Path
) -> None:
    """Each file the export writes may grow only to a limit (RLIMIT_FSIZE: a write beyond it fails as
    on a full disk): just under the workbook's size (the part file fails), then from just over it (the
    database's write-ahead log fails at the commit) to enough for everything."""
    trial = _trial(tmp_path, 0, templates.source)
    log = tmp_path / "child.log"
    assert starved_export(server, trial, templates.numbers, lambda: None, log) == "exported"
    workbook = (trial.out / "batch.xlsx").stat().st_size
    assert workbook - 2000 > 32768, "SQLite's shared-memory file needs 32 KiB: make the batch larger"
    seen: Counter[str] = Counter()
    limits = [workbook - 2000, workbook - 500, *(workbook + 500 + 2000 * step for step in range(14))]
    for number, limit in enumerate(limits, start=1):
        trial = _trial(tmp_path, number, templates.source)
        seen[starved_export(server, trial, templates.numbers, lambda: None, log, limit=limit)] += 1
        shutil.rmtree(trial.root)
    assert set(seen) == {"exported", "refused: workbook", "refused: database"}, seen


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs, when this process may mount one (root on Linux); else the test is skipped."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root on Linux")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], check=False)
    if mounted.returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_an_export_on_a_nearly_full_disk_reports_failure_and_leaves_no_workbook_and_no_ledger_entry(
    templates: Templates, server: ForkServer, small_disk: Path, tmp_path: Path
) -> None:
    """The data folder and the output folder on one small disk, filled to leave less and less room."""
    seen: Counter[str] = Counter()
    filler = small_disk / "filler"
    for room in range(0, 240 * 1024, 8 * 1024):
        trial = _trial(small_disk, 0, templates.source)
        disk = os.statvfs(small_disk)
        filler.write_bytes(b"\0" * max(disk.f_bavail * disk.f_frsize - room, 0))
        seen[starved_export(server, trial, templates.numbers, filler.unlink, tmp_path / "child.log")] += 1
        shutil.rmtree(trial.root)
    assert set(seen) == {"exported", "refused: workbook", "refused: database"}, seen

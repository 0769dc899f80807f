"""``assessor-app init`` on a fresh data folder as a script runs it (agency contacts, catalogue, station, the
password on standard input), refused a second time with nothing changed; a wrong ``--user`` on a demo."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

from assessor_app.core.paths import db_path
from assessor_app.core.security.keyring import DEMO_ADMINISTRATOR, DEMO_PASSWORD
from assessor_app.core.security.sign_in import set_up, sign_in
from assessor_app.core.services.catalogue.agency_contacts import agency_contacts
from assessor_app.core.services.catalogue.service import list_qualifications
from assessor_app.core.services.intake.lodging import local_station
from assessor_app.core.services.review import accounts
from tests.e2e.cli_helpers import PROJECT_ROOT, cli_environment

PASSWORD = "a long enough secret"
NEW_TITLE = "Warehouse Robotics Operations"


def run(
    data_dir: Path, *arguments: str, stdin: str = "", password: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(data_dir), *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_environment(user=None, password=password),  # init's password: standard input
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )


def catalogue_with_one_more(folder: Path, *, industry: str | None = None) -> Path:
    """The seeded catalogue and one qualification more (of ``industry``, default the first row's)."""
    with db_path("seed", "catalogue.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    extra = dict(rows[0], title_en=NEW_TITLE, title_zh="倉庫機械人操作", qr_number="")
    if industry is not None:
        extra["industry"] = industry
    path = folder / "catalogue.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([*rows, extra])
    return path


def folder_state(data_dir: Path) -> dict[str, str]:
    """Every file of the data folder but the log, by its SHA-256."""
    return {
        str(path.relative_to(data_dir)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(data_dir.rglob("*"))
        if path.is_file() and path.suffix != ".log"
    }


def init_options(catalogue: Path) -> list[str]:
    return [
        "init",
        "--admin",
        "Ada",
        "--display-name",
        "艾達 Ada LAM",
        "--agency",
        "vtc",
        "--address",
        "1 Harbour Road\\nWan Chai",
        "--phone",
        "2345 6789",
        "--hours",
        "Mon-Fri 09:00-18:00",
        "--station",
        "lt07",
        "--catalogue",
        str(catalogue),
    ]


def test_init_sets_a_laptop_up_and_a_second_init_changes_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = run(data_dir, *init_options(catalogue_with_one_more(tmp_path)), stdin=PASSWORD + "\n")
    assert first.returncode == 0, first.stderr
    assert "Administrator: ada" in first.stdout
    signed = sign_in(data_dir / "cases.sqlite3", "ada", PASSWORD)
    try:
        contacts = agency_contacts(signed.database, "VTC")
        assert (contacts.address, contacts.phone, contacts.hours) == (
            "1 Harbour Road\nWan Chai",
            "2345 6789",
            "Mon-Fri 09:00-18:00",
        )
        assert local_station(signed.database) == "LT07"
        assert NEW_TITLE in {row.title_en for row in list_qualifications(signed.database)}
    finally:
        signed.database.close()

    before = folder_state(data_dir)
    again = run(data_dir, "init", "--admin", "bob", "--station", "LT09", stdin=PASSWORD + "\n")
    assert again.returncode == 1
    assert "This laptop is already set up" in again.stderr
    assert "此電腦已經設定" in again.stderr
    assert folder_state(data_dir) == before


def test_a_refused_part_leaves_no_database(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    bad_phone = run(
        data_dir, "init", "--admin", "ada", "--agency", "VTC", "--phone", "12", stdin=PASSWORD + "\n"
    )
    assert bad_phone.returncode == 1
    assert "Phone: digits" in bad_phone.stderr
    assert "電話" in bad_phone.stderr
    # A catalogue row refused once the database exists: the new database is removed again.
    unknown_industry = catalogue_with_one_more(tmp_path, industry="Space Tourism")
    refused = run(
        data_dir, "init", "--admin", "ada", "--catalogue", str(unknown_industry), stdin=PASSWORD + "\n"
    )
    assert refused.returncode == 1, refused.stderr
    assert not (data_dir / "cases.sqlite3").exists()
    assert not (data_dir / "cases.sqlite3.keyring").exists()
    assert run(data_dir, "init", "--admin", "ada", stdin=PASSWORD + "\n").returncode == 0


def test_a_wrong_user_on_a_demo_lists_its_active_users_and_roles(tmp_path: Path) -> None:
    database = tmp_path / "demo.sqlite3"
    signed = set_up(database, DEMO_ADMINISTRATOR, "Demo", DEMO_PASSWORD, demo=True)
    try:
        accounts.add_user(signed.database, "mlwong", "May WONG", "intake_clerk", DEMO_PASSWORD, actor="demo")
        accounts.add_user(signed.database, "gone", "Gone AWAY", "assessor", DEMO_PASSWORD, actor="demo")
        accounts.disable_user(signed.database, "gone", actor="demo")
    finally:
        signed.database.close()
    result = run(tmp_path, "--db", str(database), "--user", "admin", "event", "list")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "此處沒有名為「admin」的有效用戶。有效用戶（及角色）：demo (administrator), mlwong (intake_clerk)",
        "There is no active user 'admin' here. The active users (and roles): demo (administrator), "
        "mlwong (intake_clerk)",
    ]


def test_a_wrong_name_on_a_real_database_says_who_can_list_the_users(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert run(data_dir, "init", "--admin", "ada", stdin=PASSWORD + "\n").returncode == 0
    result = run(data_dir, "--user", "ghost", "event", "list", password=PASSWORD)
    assert result.returncode == 3
    assert "assessor-app users list --user ADMIN" in result.stderr
    assert "ada" not in result.stderr  # a guesser is not told which names exist

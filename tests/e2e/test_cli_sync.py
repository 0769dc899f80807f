"""The sync commands as a user runs them: export, import-results (preview, then --apply), merge."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.services.demo.promotion_day import generate_demo
from assessor_app.core.services.sync.encryption import decrypt_workbook
from assessor_app.core.services.sync.guard import is_encrypted
from assessor_app.core.services.sync.workbook_layout import layout
from assessor_app.core.services.sync.workbook_personal_data import APPLICANTS_MINIMISED
from tests.core.sync.helpers import OTHER_STATION, demo_database, enrol, fill_results
from tests.e2e.cli_helpers import cli_environment, demo_passwords, open_demo


def run(
    data_dir: Path, *args: str, user: str | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = cli_environment(user=user, password=None)  # a demo database: every password is demo
    demo_passwords(data_dir / "cases.sqlite3")  # its staff were added by generate_demo
    return subprocess.run(
        [sys.executable, "-m", "assessor_app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
        input=stdin if stdin is not None else "",
    )


def empty_station(folder: Path, trusting: Path) -> Path:
    """Another laptop (station LT09): the same catalogue, event and users, no cases; the key of the
    station whose database is ``trusting`` enrolled, so its signed batches merge there."""
    folder.mkdir()
    other = open_demo(folder / "cases.sqlite3")
    source = open_demo(trusting)
    try:
        generate_demo(other, applications=0, seed=7, station=OTHER_STATION)
        enrol(source, other)
    finally:
        other.close()
        source.close()
    return folder


def test_export_import_results_and_merge(tmp_path: Path) -> None:
    database = open_demo(tmp_path / "cases.sqlite3")
    demo_database(database, applications=12, signed_off=5)
    database.close()
    out = tmp_path / "batch.xlsx"

    # An unknown user is refused before any password, naming those who can sign in.
    no_user = run(tmp_path, "export", "--out", str(out), user="nobody")
    assert no_user.returncode == 1
    assert "syleung" in no_user.stderr
    assert not out.exists()

    exported = run(tmp_path, "export", "--out", str(out), "--event", "CCT-20231108", user="syleung")
    assert exported.returncode == 0, exported.stderr
    assert "Exported batch 1: 5 cases" in exported.stdout
    assert is_encrypted(out)  # the default: it carries names and phones
    password = exported.stdout.strip().splitlines()[-1]
    assert "shown once" in exported.stdout
    plain = tmp_path / "plain.xlsx"
    decrypt_workbook(out, plain, password)

    again = run(tmp_path, "export", "--out", str(tmp_path / "none.xlsx"), "--user", "syleung")
    assert again.returncode == 1
    assert "nothing to export" in again.stderr

    returned = fill_results(plain, tmp_path / "returned.xlsx")  # the Secretariat may save it in clear
    preview = run(tmp_path, "import-results", str(returned))
    assert preview.returncode == 0, preview.stderr
    assert "preview only" in preview.stdout
    assert "result: - → passed" in preview.stdout
    assert preview.stdout.startswith("Batch 1 (batch.xlsx), exported ")  # the batch it belongs to
    assert " by syleung, 5 cases, HKIDs masked / 第 1 批" in preview.stdout.splitlines()[0]
    database = open_demo(tmp_path / "cases.sqlite3")
    with database.session() as session:
        assert set(
            session.scalars(
                select(ApplicationRecord.status).where(ApplicationRecord.locked_by_batch_id.is_not(None))
            )
        ) == {"exported"}
    database.close()

    applied = run(tmp_path, "import-results", str(returned), "--apply", "--user", "syleung")
    assert applied.returncode == 0, applied.stderr
    assert "Applied" in applied.stdout
    repeat = run(tmp_path, "import-results", str(returned), "--apply", "--user", "syleung")
    assert repeat.returncode == 0
    assert "Nothing to change" in repeat.stdout

    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    refused = run(tmp_path, "import-results", str(bad))
    assert refused.returncode == 1
    assert "not an .xlsx workbook" in refused.stderr
    assert "並非 .xlsx 工作簿" in refused.stderr

    renamed = tmp_path / "renamed.xlsx"
    workbook = load_workbook(returned)
    sheet = workbook["applicants"]
    sheet.cell(3, [cell.value for cell in sheet[2]].index("surname_en") + 1).value = "CHANGED"
    workbook.save(renamed)
    changed = run(tmp_path, "import-results", str(renamed), "--apply", "--user", "syleung")
    assert changed.returncode == 1
    assert "(batch 1, exported " in changed.stderr
    assert "sheet applicants, row 3, column " in changed.stderr
    assert "(surname_en)" in changed.stderr


def test_merge_takes_a_full_hkid_export_and_its_password(tmp_path: Path) -> None:
    database = open_demo(tmp_path / "cases.sqlite3")
    demo_database(database, applications=12, signed_off=5)
    database.close()
    masked = tmp_path / "masked.xlsx"
    full = tmp_path / "full.xlsx"
    masked_export = run(tmp_path, "export", "--out", str(masked), user="syleung")
    assert masked_export.returncode == 0, masked_export.stderr
    masked_password = masked_export.stdout.strip().splitlines()[-1]
    exported = run(
        tmp_path, "export", "--out", str(full), "--status", "exported", "--full-hkid", user="syleung"
    )
    assert exported.returncode == 0, exported.stderr
    password = exported.stdout.strip().splitlines()[-1]
    other_dir = empty_station(tmp_path / "other", tmp_path / "cases.sqlite3")

    refused = run(
        other_dir, "merge", str(masked), "--password-stdin", "--user", "ckcheng", stdin=masked_password
    )
    assert refused.returncode == 1
    assert "carries masked HKID numbers" in refused.stderr
    assert "full HKID numbers (encrypted)" in refused.stderr
    assert "完整身份證號碼（加密）" in refused.stderr

    no_password = run(other_dir, "merge", str(full), "--user", "ckcheng")  # no terminal to ask at
    assert no_password.returncode == 1
    assert "needs the password" in no_password.stderr
    assert "--password-stdin" in no_password.stderr
    wrong = run(other_dir, "merge", str(full), "--password-stdin", "--user", "ckcheng", stdin="WRONG\n")
    assert wrong.returncode == 1
    assert "password" in wrong.stderr
    assert password not in wrong.stderr + wrong.stdout

    merged = run(
        other_dir, "merge", str(full), "--password-stdin", "--user", "ckcheng", stdin=f"{password}\n"
    )
    assert merged.returncode == 0, merged.stderr
    assert "5 cases added" in merged.stdout
    assert "signed by station LT01 (key " in merged.stdout
    assert password not in merged.stdout + merged.stderr
    twice = run(other_dir, "merge", str(full), "--password-stdin", user="ckcheng", stdin=password)
    assert twice.returncode == 0, twice.stderr
    assert "0 cases added, 5 already identical" in twice.stdout
    listed = run(other_dir, "conflicts")
    assert listed.returncode == 0, listed.stderr
    assert "Merge conflicts: 0 open" in listed.stdout


def test_export_full_hkid_prints_the_password_once(tmp_path: Path) -> None:
    from assessor_app.core.services.sync.encryption import decrypt_workbook

    database = open_demo(tmp_path / "cases.sqlite3")
    demo_database(database, applications=12, signed_off=5)
    database.close()
    out = tmp_path / "full.xlsx"

    assessor = run(tmp_path, "export", "--out", str(out), "--full-hkid", user="ckcheng")
    assert assessor.returncode == 1
    assert "supervisor" in assessor.stderr
    assert not out.exists()

    exported = run(tmp_path, "export", "--out", str(out), "--full-hkid", user="syleung")
    assert exported.returncode == 0, exported.stderr
    assert "shown once" in exported.stdout
    assert "只顯示一次" in exported.stdout
    password = exported.stdout.strip().splitlines()[-1]
    assert exported.stdout.count(password) == 1
    decrypt_workbook(out, tmp_path / "plain.xlsx", password)
    assert (tmp_path / "plain.xlsx").exists()


def test_import_results_opens_an_encrypted_returned_workbook_with_its_password(tmp_path: Path) -> None:
    from assessor_app.core.services.sync.encryption import decrypt_workbook, encrypt_workbook

    database = open_demo(tmp_path / "cases.sqlite3")
    demo_database(database, applications=12, signed_off=5)
    database.close()
    full = tmp_path / "full.xlsx"
    exported = run(tmp_path, "export", "--out", str(full), "--full-hkid", user="syleung")
    assert exported.returncode == 0, exported.stderr
    password = exported.stdout.strip().splitlines()[-1]
    decrypt_workbook(full, tmp_path / "plain.xlsx", password)
    fill_results(tmp_path / "plain.xlsx", tmp_path / "filled.xlsx")
    returned = tmp_path / "returned.xlsx"
    encrypt_workbook(tmp_path / "filled.xlsx", returned, password)

    no_password = run(tmp_path, "import-results", str(returned))
    assert no_password.returncode == 1
    assert "--password-stdin" in no_password.stderr
    preview = run(tmp_path, "import-results", str(returned), "--password-stdin", stdin=password)
    assert preview.returncode == 0, preview.stderr
    assert "result: - → passed" in preview.stdout
    applied = run(
        tmp_path,
        "import-results",
        str(returned),
        "--apply",
        "--password-stdin",
        user="syleung",
        stdin=password,
    )
    assert applied.returncode == 0, applied.stderr
    assert "Applied" in applied.stdout


def test_export_unencrypted_is_for_supervisors_minimised_and_never_with_full_hkids(tmp_path: Path) -> None:
    database = open_demo(tmp_path / "cases.sqlite3")
    demo_database(database, applications=12, signed_off=5)
    database.close()
    out = tmp_path / "clear.xlsx"

    assessor = run(tmp_path, "export", "--out", str(out), "--unencrypted", user="ckcheng")
    assert assessor.returncode == 1
    assert "Only a supervisor or an administrator may export a workbook unencrypted" in assessor.stderr
    assert "只有主管或系統管理員可匯出未加密的工作簿" in assessor.stderr
    both = run(tmp_path, "export", "--out", str(out), "--unencrypted", "--full-hkid", user="syleung")
    assert both.returncode == 1
    assert "never exported unencrypted" in both.stderr
    assert not out.exists()

    exported = run(tmp_path, "export", "--out", str(out), "--unencrypted", user="syleung")
    assert exported.returncode == 0, exported.stderr
    assert "Exported batch 1: 5 cases" in exported.stdout
    assert "not encrypted: masked HKIDs and minimised columns only" in exported.stdout
    assert "password" not in exported.stdout.lower()
    assert not is_encrypted(out)
    workbook = load_workbook(out, read_only=True)
    try:
        keys = next(workbook["applicants"].iter_rows(min_row=2, max_row=2, values_only=True))
    finally:
        workbook.close()
    assert keys == layout(APPLICANTS_MINIMISED).keys  # the minimised columns, as 4.0 lays them out

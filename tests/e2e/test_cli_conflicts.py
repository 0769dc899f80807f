"""The merge-conflict commands as a user runs them: list, resolve (supervisors, with a reason), list all."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from assessor_app.core.db.models.cases import ApplicationRecord, EmploymentPeriodRecord
from assessor_app.core.services.sync.export import export_batch
from tests.core.sync.helpers import SUPERVISOR, demo_database
from tests.e2e.cli_helpers import open_demo
from tests.e2e.test_cli_sync import run


def test_a_conflict_is_listed_and_resolved_from_the_command_line(tmp_path: Path) -> None:
    database = open_demo(tmp_path / "cases.sqlite3")
    try:
        demo_database(database, applications=12, signed_off=5)
        export_batch(database, tmp_path / "batch.xlsx", actor=SUPERVISOR)
        full = export_batch(
            database, tmp_path / "full.xlsx", actor=SUPERVISOR, status="exported", full_hkid=True
        )
        assert full.password is not None
        with database.session() as session:
            period = session.scalars(
                select(EmploymentPeriodRecord)
                .join(ApplicationRecord)
                .where(ApplicationRecord.locked_by_batch_id.is_not(None))
                .order_by(EmploymentPeriodRecord.id)
            ).first()
            assert period is not None
            period.employer = "Changed Here Ltd"
    finally:
        database.close()

    merged = run(tmp_path, "merge", str(full.path), "--password-stdin", user="syleung", stdin=full.password)
    assert merged.returncode == 0, merged.stderr
    assert "1 conflicts" in merged.stdout
    assert "CONFLICT #1" in merged.stdout
    assert "assessor-app conflicts" in merged.stdout

    listed = run(tmp_path, "conflicts")
    assert listed.returncode == 0, listed.stderr
    assert "合併衝突：1 個未處理 / Merge conflicts: 1 open" in listed.stdout
    assert "#1 " in listed.stdout
    assert '"Changed Here Ltd"' in listed.stdout
    assert "full.xlsx" in listed.stdout

    # An unknown user is refused before anything is asked, naming those who can sign in (on a demo
    # database no --user at all means its administrator, demo).
    no_user = run(
        tmp_path, "conflicts", "resolve", "1", "--keep", "theirs", "--reason", "checked", user="nobody"
    )
    assert no_user.returncode == 1
    assert "syleung" in no_user.stderr
    assessor = run(
        tmp_path, "conflicts", "resolve", "1", "--keep", "theirs", "--reason", "checked", user="ckcheng"
    )
    assert assessor.returncode == 1
    assert "supervisor" in assessor.stderr
    assert "主管" in assessor.stderr
    blank = run(tmp_path, "conflicts", "resolve", "1", "--keep", "theirs", "--reason", " ", user="syleung")
    assert blank.returncode == 1
    assert "reason" in blank.stderr
    bad_choice = run(tmp_path, "conflicts", "resolve", "1", "--keep", "both", "--reason", "x", user="syleung")
    assert bad_choice.returncode == 2  # argparse: mine or theirs only
    missing = run(tmp_path, "conflicts", "resolve", "7", "--keep", "mine", "--reason", "x", user="syleung")
    assert missing.returncode == 1
    assert "no merge conflict 7" in missing.stderr

    resolved = run(
        tmp_path,
        "conflicts",
        "resolve",
        "1",
        "--keep",
        "theirs",
        "--reason",
        "the other laptop had the letter",
        user="syleung",
    )
    assert resolved.returncode == 0, resolved.stderr
    assert "Conflict #1 resolved: took the other station's copy" in resolved.stdout
    assert "衝突 #1 已處理" in resolved.stdout

    assert "Merge conflicts: 0 open" in run(tmp_path, "conflicts").stdout
    everything = run(tmp_path, "conflicts", "--all")
    assert everything.returncode == 0
    assert "resolved: theirs" in everything.stdout
    assert "the other laptop had the letter" in everything.stdout
    again = run(tmp_path, "conflicts", "resolve", "1", "--keep", "mine", "--reason", "x", user="syleung")
    assert again.returncode == 1
    assert "already resolved" in again.stderr

    database = open_demo(tmp_path / "cases.sqlite3")
    try:
        with database.session() as session:
            employers = set(session.scalars(select(EmploymentPeriodRecord.employer)))
            assert "Changed Here Ltd" not in employers
            assert session.scalar(
                select(ApplicationRecord.needs_reexport).where(ApplicationRecord.id == period.application_id)
            )
    finally:
        database.close()
    audit = run(tmp_path, "audit", "verify")
    assert audit.returncode == 0, audit.stderr

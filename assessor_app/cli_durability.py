"""The headless ``assessor-app backup``, ``restore`` and ``check`` commands, and the data folder's lock."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from assessor_app.core.paths import DataDir

# How long a command waits for the data folder held by another copy (a command finishing, say) before
# saying another copy is running.
LOCK_WAIT_SECONDS = 5.0

ResolvePath = Callable[[argparse.Namespace, DataDir], Path]


def add_durability_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = commands.add_parser(
        "backup",
        help="back up the case database into the data folder's backups folder (and --to DIR) 備份資料庫",
    )
    backup.add_argument(
        "--to", type=Path, metavar="DIR", help="also write the backup into this folder (a USB stick, say)"
    )
    restore = commands.add_parser(
        "restore", help="replace the case database by a backup, after backing it up 從備份還原資料庫"
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    commands.add_parser(
        "check",
        help="integrity, schema, encryption, audit trail, backups' age and drive, read-only 檢查資料庫",
    )


def data_key(args: argparse.Namespace, path: Path) -> bytes | None:
    """The key the database file is encrypted under, unlocked by signing in (None for a clear file)."""
    from assessor_app.cli_sign_in import unlocked_key

    return unlocked_key(args, path)


def cmd_backup(args: argparse.Namespace, data_dir: DataDir, database_path: Path) -> int:
    """No lock: the backup API only reads, so a backup may be taken while the GUI works."""
    from assessor_app.core.db.backups import take_backup

    to = Path(args.to).expanduser().resolve() if args.to else None
    result = take_backup(database_path, data_dir.backups, key=data_key(args, database_path), also_to=to)
    print(f"已備份並核實 Backed up and verified (schema {result.revision}): {result.backup}")
    for copy in result.copies:
        print(f"副本 Copy: {copy}")
    return 0


def cmd_restore(args: argparse.Namespace, data_dir: DataDir, database_path: Path) -> int:
    from assessor_app.cli_sign_in import sign_in_name
    from assessor_app.core.db.instance_guard import InstanceLock
    from assessor_app.core.security.recovery import restore_backup

    source = Path(args.file).expanduser().resolve()
    with InstanceLock(data_dir.root, wait=LOCK_WAIT_SECONDS):
        key = data_key(args, database_path)
        result = restore_backup(
            database_path, source, data_dir.backups, key=key, username=sign_in_name(args, database_path) or ""
        )
    if result.safety_backup is not None:
        print(f"原有資料庫已先備份 The database as it was is backed up first: {result.safety_backup}")
    for moved in result.moved_aside:
        print(f"已損壞的原有檔案已移至 The damaged file was moved aside: {moved}")
    print(
        f"已從 {result.restored_from} 還原 {result.database}（資料結構 {result.revision}）\n"
        f"Restored {result.database} from {result.restored_from} (schema {result.revision})"
    )
    if not result.anchor_restored:
        print("備份旁沒有審計錨點檔案 No audit anchor beside the backup: the database's own was kept.")
    return 0


def cmd_check(args: argparse.Namespace, data_dir: DataDir, database_path: Path) -> int:
    """0 when all is well, 2 for warnings only (an old or missing backup, a network drive), 1 for a
    problem (damage, a foreign or newer file, a broken audit trail). Reads only: no lock, no migration."""
    from assessor_app.core.db.health import check_database, read_only_database

    key = data_key(args, database_path)
    report = check_database(database_path, data_dir.root, data_dir.backups, key=key)
    if report.schema_current:
        from assessor_app.core.services.audit import verify_chain
        from assessor_app.core.services.audit_anchor import backup_witnesses

        database = read_only_database(database_path, key)
        try:
            chain = verify_chain(database, backup_witnesses(data_dir.backups, database_path.stem, key)[0])
        finally:
            database.close()
        if chain.intact:
            report.add(
                "audit",
                "ok",
                f"Audit trail intact: {chain.entries} entries.",
                f"審計記錄完整：{chain.entries} 項。",
            )
        else:
            failing = [finding for finding in chain.findings if finding.fails]
            report.add(
                "audit",
                "problem",
                "The audit trail cannot be trusted: " + "; ".join(finding.en for finding in failing) + ".",
                "審計記錄不可信：" + "；".join(finding.zh for finding in failing) + "。",
            )
    elif report.integrity_ok:
        report.add(
            "audit",
            "warning",
            "Audit trail not checked: open the database with this version first.",
            "未有檢查審計記錄：請先以此版本開啟資料庫。",
        )
    print(f"個案資料庫 Case database: {database_path}")
    marks = {"ok": "正常 ok     ", "warning": "注意 warning", "problem": "問題 PROBLEM"}
    for finding in report.findings:
        print(f"[{marks[finding.status]}] {finding.zh} / {finding.en}")
    worst = report.worst
    return 1 if worst == "problem" else 2 if worst == "warning" else 0


def durability_commands(
    resolve: ResolvePath,
) -> dict[str, Callable[[argparse.Namespace, DataDir], int]]:
    def bound(
        command: Callable[[argparse.Namespace, DataDir, Path], int],
    ) -> Callable[[argparse.Namespace, DataDir], int]:
        return lambda args, data_dir: command(args, data_dir, resolve(args, data_dir))

    return {"backup": bound(cmd_backup), "restore": bound(cmd_restore), "check": bound(cmd_check)}

"""``assessor-app audit verify``: the trail checked against its anchor, the backups' anchors and, with
``--against``, the heads recorded in batches this laptop exported."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from assessor_app.cli_workbook_password import add_password_option, password_hint, workbook_password
from assessor_app.core.errors import AppError
from assessor_app.core.paths import DataDir

if TYPE_CHECKING:  # the database layer loads when a command opens the database, not at start
    from assessor_app.core.db.database import Database

OpenDatabase = Callable[[argparse.Namespace, DataDir], "AbstractContextManager[Database]"]


def add_audit_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    audit_parser = commands.add_parser("audit", help="the audit trail 審計記錄")
    audit_commands = audit_parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_commands.add_parser(
        "verify",
        help="check the hash chain, changes made outside the app, the anchor file and the backups' anchors; "
        "name each finding",
    )
    verify.add_argument(
        "--against",
        type=Path,
        action="append",
        default=[],
        metavar="FILE.xlsx",
        help="also check the trail against the audit head in a batch this laptop exported (format 3.3 on), "
        "e.g. the Secretariat's copy; may be given more than once",
    )
    add_password_option(verify)


def cmd_audit(args: argparse.Namespace, data_dir: DataDir, opened_database: OpenDatabase) -> int:
    from assessor_app.core.services.audit import verify_chain
    from assessor_app.core.services.audit_anchor import backup_witnesses
    from assessor_app.core.services.sync.audit_witness import batch_witness

    with opened_database(args, data_dir) as database:
        witnesses, unusable = backup_witnesses(data_dir.backups, database.path.stem, database.data_key)
        for given in args.against:
            path = Path(given).expanduser().resolve()
            password = workbook_password(args, path)
            try:
                witnesses.append(batch_witness(database, path, password=password))
            except AppError as error:
                password_hint(error, path, password)
                raise
        report = verify_chain(database, witnesses)
    for name in unusable:
        print(
            f"注意：備份 {name} 旁的錨記錄無法讀取或已被改動，未有採用 / "
            f"Note: the anchor beside the backup {name} is unreadable or altered; not used",
            file=sys.stderr,
        )
    for finding in report.findings:
        print(finding.text(), file=sys.stderr if finding.fails else sys.stdout)
    if report.intact:
        print(
            f"審計記錄完整：{report.entries} 項（另以 {len(witnesses)} 個外部記錄核對）/ "
            f"Audit trail intact: {report.entries} entries (also checked against {len(witnesses)} heads "
            "recorded elsewhere)"
        )
        return 0
    print(
        f"審計記錄不可信：發現竄改或刪除 / The audit trail cannot be trusted: {report.entries} entries checked",
        file=sys.stderr,
    )
    return 1

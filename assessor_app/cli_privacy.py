"""The headless privacy commands: ``access-request`` (everything held about one applicant), ``retention``
(how long data is kept) and ``purge`` (remove what is past it)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from assessor_app.core.paths import DataDir

if TYPE_CHECKING:
    from assessor_app.core.db.database import Database

Opened = Callable[[argparse.Namespace, DataDir], AbstractContextManager["Database"]]


def add_privacy_parsers(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    add_user_option: Callable[[argparse.ArgumentParser], None],
) -> None:
    access = commands.add_parser(
        "access-request",
        help="a data access request: everything held about one applicant, in an encrypted workbook, "
        "their documents in an encrypted PDF beside it "
        "(supervisors) 查閱資料要求",
    )
    access.add_argument("hkid", metavar="HKID", help="the applicant's HKID number, in any typing")
    access.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    add_user_option(access)
    retention = commands.add_parser(
        "retention", help="show or (administrators) change how long personal data is kept 保留期限"
    )
    retention.add_argument("--case-years", type=int, metavar="N", help="years a closed case is kept")
    retention.add_argument(
        "--id-copy-days", type=int, metavar="N", help="days an HKID copy is kept once the number is verified"
    )
    retention.add_argument("--draft-days", type=int, metavar="N", help="days an unlodged form draft is kept")
    add_user_option(retention)
    purge = commands.add_parser(
        "purge", help="remove what the retention settings say is no longer needed (administrators) 清除資料"
    )
    purge.add_argument("--dry-run", action="store_true", help="list what would go; change nothing")
    add_user_option(purge)


def cmd_access_request(
    args: argparse.Namespace,
    data_dir: DataDir,
    opened: Opened,
    require_user: Callable[[argparse.Namespace], str],
) -> int:
    from assessor_app.core.services.privacy.access_request import access_request

    user = require_user(args)
    with opened(args, data_dir) as database:
        result = access_request(
            database,
            args.hkid,
            Path(args.out).expanduser().resolve(),
            actor=user,
            evidence_dir=data_dir.evidence,
        )
    print(result.describe())
    return 0


def cmd_retention(
    args: argparse.Namespace,
    data_dir: DataDir,
    opened: Opened,
    require_user: Callable[[argparse.Namespace], str],
) -> int:
    from dataclasses import replace

    from assessor_app.core.services.privacy.retention import retention_settings, save_settings

    changes = {
        field: value
        for field, value in (
            ("case_years", args.case_years),
            ("id_copy_days", args.id_copy_days),
            ("draft_days", args.draft_days),
        )
        if value is not None
    }
    with opened(args, data_dir) as database:
        settings = retention_settings(database)
        if changes:
            settings = replace(settings, **changes)
            save_settings(database, settings, actor=require_user(args))
    print(
        f"個案結案後保留 Closed cases kept: {settings.case_years} 年 years\n"
        f"身份證副本核實後保留 HKID copies kept after verification: {settings.id_copy_days} 日 days\n"
        f"未遞交草稿保留 Unlodged drafts kept: {settings.draft_days} 日 days"
    )
    return 0


def cmd_purge(
    args: argparse.Namespace,
    data_dir: DataDir,
    opened: Opened,
    require_user: Callable[[argparse.Namespace], str],
) -> int:
    from assessor_app.core.services.privacy.purge import purge

    user = require_user(args)
    with opened(args, data_dir) as database:
        report = purge(database, data_dir.evidence, actor=user, dry_run=args.dry_run)
    print(report.describe())
    return 0

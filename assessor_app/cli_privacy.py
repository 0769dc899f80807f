"""The headless privacy commands: ``assessor-app access-request`` (everything held about one applicant)."""

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
        help="a data access request: everything held about one applicant, in an encrypted workbook "
        "(supervisors) 查閱資料要求",
    )
    access.add_argument("hkid", metavar="HKID", help="the applicant's HKID number, in any typing")
    access.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    add_user_option(access)


def cmd_access_request(
    args: argparse.Namespace,
    data_dir: DataDir,
    opened: Opened,
    require_user: Callable[[argparse.Namespace], str],
) -> int:
    from assessor_app.core.services.privacy.access_request import access_request

    user = require_user(args)
    with opened(args, data_dir) as database:
        result = access_request(database, args.hkid, Path(args.out).expanduser().resolve(), actor=user)
    print(result.describe())
    return 0

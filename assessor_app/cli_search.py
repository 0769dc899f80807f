"""``assessor-app search TEXT``: the cases a text finds, by the same engine and rules as the Cases page."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from assessor_app.cli_output import json_safe
from assessor_app.core.paths import DataDir

if TYPE_CHECKING:  # the database layer loads when a command opens the database, not at start
    from assessor_app.core.db.database import Database

DEFAULT_LIMIT = 50
Opened = Callable[[argparse.Namespace, DataDir], "AbstractContextManager[Database]"]


def add_search_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    search = commands.add_parser(
        "search",
        help="find cases by part of a name (Chinese or English), a reference number, the start of an HKID or "
        "an employer 搜尋個案",
    )
    search.add_argument("text", metavar="TEXT", help="what to look for; several words must all match")
    search.add_argument("--json", action="store_true", help="one JSON object per case, in a list")
    search.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N cases (default {DEFAULT_LIMIT})",
    )


def cmd_search(args: argparse.Namespace, data_dir: DataDir, opened: Opened) -> int:
    from assessor_app.core.services.cases.listing import list_cases

    if args.limit < 1:
        print("--limit 須為 1 或以上 / --limit must be 1 or more", file=sys.stderr)
        return 2
    with opened(args, data_dir) as database:
        rows = list_cases(database, text=args.text, limit=args.limit)
    if args.json:
        found = [
            {
                "reference_no": row.reference_no,
                "name_zh": row.applicant_name_zh,
                "name_en": row.applicant_name_en,
                "hkid_masked": row.hkid_masked,
                "state": row.status,
                "event": row.event_code,
                "station": row.station_code,
                "application_date": row.application_date.isoformat(),
            }
            for row in rows
        ]
        print(json_safe(json.dumps(found, ensure_ascii=False, indent=2)))
        return 0
    if not rows:
        print(f"找不到個案 / no case found: {args.text}")
        return 0
    for row in rows:
        name = " ".join(part for part in (row.applicant_name_zh, row.applicant_name_en) if part)
        print(
            f"{row.reference_no or '(草稿 draft)'}  {name}  {row.hkid_masked}  {row.status}  {row.event_code or '-'}"
        )
    if len(rows) == args.limit:
        print(f"（只列出首 {args.limit} 個 / the first {args.limit} only: --limit N for more）")
    return 0

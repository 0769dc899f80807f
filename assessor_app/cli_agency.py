"""The headless ``assessor-app agency`` commands: the agency's contacts printed on slips, shown or (administrators) changed."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import asdict
from typing import TYPE_CHECKING

from assessor_app.cli_output import json_safe
from assessor_app.core.paths import DataDir

if TYPE_CHECKING:
    from assessor_app.core.db.database import Database
    from assessor_app.core.services.catalogue.agency_contacts import AgencyContacts

Opened = Callable[[argparse.Namespace, DataDir], AbstractContextManager["Database"]]

# The options of ``agency set``, by the contact each changes.
SET_OPTIONS = {
    "address": "the address applicants bring documents to (a line break as \\n)",
    "phone": "the enquiry phone number, e.g. '+852 2345 6789'",
    "email": "the enquiry e-mail address",
    "hours": "the opening hours, e.g. 'Mon-Fri 09:00-18:00'",
}
_LABELS = {
    "address": "地址 Address",
    "phone": "電話 Phone",
    "email": "電郵 E-mail",
    "hours": "辦公時間 Hours",
}


def add_agency_parser(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    add_user_option: Callable[[argparse.ArgumentParser], None],
) -> None:
    agency = commands.add_parser("agency", help="the agency's contacts printed on slips 評估機構聯絡資料")
    actions = agency.add_subparsers(dest="agency_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="the agencies' contacts (or one agency's) 顯示聯絡資料")
    show.add_argument("--agency", metavar="CODE", help="one agency, by its code (default: every agency)")
    show.add_argument("--json", action="store_true", help="as JSON (a list of agencies)")
    change = actions.add_parser(
        "set", help="change the agency's contacts (administrators; audited) 更改聯絡資料"
    )
    change.add_argument(
        "--agency",
        metavar="CODE",
        help="the agency's code (default: the one this laptop's events are run for, when there is one)",
    )
    for name, help_text in SET_OPTIONS.items():
        change.add_argument(f"--{name}", metavar="TEXT", help=f"{help_text}; '' clears it")
    add_user_option(change)


def _print(contacts: AgencyContacts) -> None:
    print(f"{contacts.code}  {contacts.name_zh} {contacts.name_en}".rstrip())
    for name, title in _LABELS.items():
        value = getattr(contacts, name)
        print(f"  {title}: {value.replace(chr(10), ' / ') if value else '-'}")


def cmd_agency(
    args: argparse.Namespace,
    data_dir: DataDir,
    opened: Opened,
    require_user: Callable[[argparse.Namespace], str],
) -> int:
    from assessor_app.core.services.catalogue.agency_contacts import (
        agency_contacts,
        list_agencies,
        save_contacts,
    )

    if args.agency_command == "set":
        changes = {
            name: getattr(args, name).replace("\\n", "\n")
            for name in SET_OPTIONS
            if getattr(args, name) is not None
        }
        user = require_user(args)
        with opened(args, data_dir) as database:
            shown = [save_contacts(database, args.agency, changes, actor=user)]
        print("已儲存 Saved" if changes else "沒有更改 Nothing to change")
    else:
        with opened(args, data_dir) as database:
            shown = [agency_contacts(database, args.agency)] if args.agency else list_agencies(database)
        if args.json:
            print(
                json_safe(json.dumps([asdict(contacts) for contacts in shown], ensure_ascii=False, indent=2))
            )
            return 0
    for contacts in shown:
        _print(contacts)
    return 0

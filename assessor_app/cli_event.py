"""The headless ``assessor-app event`` commands: the events held, and one event's end-of-day summary PDF."""

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


def add_event_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    event = commands.add_parser("event", help="promotion days (events) 推廣日活動")
    actions = event.add_subparsers(dest="event_command", metavar="ACTION", required=True)
    actions.add_parser("list", help="the events, newest first, with the cases lodged at each 列出活動")
    summary = actions.add_parser(
        "summary",
        help="write an event's bilingual end-of-day summary (figures only, no personal data) as a PDF 活動總結",
    )
    summary.add_argument("--event", required=True, metavar="CODE", help="the event's code, e.g. CCT-20231108")
    summary.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="where to write the PDF")


def cmd_event(args: argparse.Namespace, data_dir: DataDir, opened: Opened) -> int:
    from assessor_app.core.services.cases.event_dashboard import cases_per_event, event_dashboard, find_event
    from assessor_app.core.services.documents.event_summary import render_summary
    from assessor_app.core.services.intake.lodging import list_events

    if args.event_command == "list":
        with opened(args, data_dir) as database:
            events, counts = list_events(database), cases_per_event(database)
        if not events:
            print("沒有活動 / no events")
        for event in events:
            print(
                f"{event.code}  {event.event_date:%Y-%m-%d}  {event.name}  "
                f"在此活動遞交 lodged at this event: {counts.get(event.id, 0)}"
            )
        return 0
    out = Path(args.out).expanduser().resolve()
    with opened(args, data_dir) as database:
        dashboard = event_dashboard(database, find_event(database, code=args.event))
        rendered = render_summary(dashboard, out)
    print(out)
    if rendered.missing_characters:
        print("字型缺少部分字元 / characters the font lacks: " + " ".join(rendered.missing_characters))
    return 0

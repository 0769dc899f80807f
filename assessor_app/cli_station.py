"""The headless ``assessor-app station`` commands: this station's key file, enrolling and removing others."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from assessor_app.cli_output import hong_kong_or_dash
from assessor_app.core.errors import AppError
from assessor_app.core.paths import DataDir

if TYPE_CHECKING:
    from assessor_app.core.db.database import Database
    from assessor_app.core.services.intake.station_keys import StationKey

Opened = Callable[[argparse.Namespace, DataDir], AbstractContextManager["Database"]]


def add_station_parser(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    add_user_option: Callable[[argparse.ArgumentParser], None],
) -> None:
    station = commands.add_parser(
        "station", help="station keys: whose signed batches this laptop merges 工作站金鑰"
    )
    actions = station.add_subparsers(dest="station_command", metavar="ACTION", required=True)
    key = actions.add_parser(
        "key", help="write this station's public key file, for other laptops to enrol 匯出本工作站公開金鑰"
    )
    key.add_argument("--out", type=Path, required=True, metavar="FILE")
    enrol = actions.add_parser(
        "enrol", help="enrol another station's key file (supervisors): its batches then merge here 登記工作站"
    )
    enrol.add_argument("file", type=Path, metavar="FILE")
    enrol.add_argument(
        "--fingerprint",
        metavar="XXXX-XXXX-XXXX-XXXX",
        help="the fingerprint shown on that laptop (otherwise you are asked to compare it at the terminal)",
    )
    add_user_option(enrol)
    listing = actions.add_parser("list", help="this station's key and the enrolled stations 列出已登記工作站")
    listing.add_argument("--all", action="store_true", help="list removed enrolments too")
    remove = actions.add_parser(
        "remove", help="remove a station's enrolment (supervisors): its batches are refused 移除工作站"
    )
    remove.add_argument("code", metavar="CODE")
    remove.add_argument("--reason", default="", metavar="TEXT", help="why (recorded in the audit trail)")
    add_user_option(remove)


def _line(key: StationKey) -> str:
    own = "  (此電腦 this laptop)" if key.is_local else ""
    line = (
        f"{key.station_code:<8} {key.fingerprint}  登記 enrolled by {key.enrolled_by}, "
        f"{hong_kong_or_dash(key.enrolled_at)} (HKT){own}"
    )
    if key.removed_at is not None:
        line += (
            f"  已移除 removed by {key.removed_by}, {hong_kong_or_dash(key.removed_at)}: {key.removal_reason}"
        )
    return line


def _confirmed(args: argparse.Namespace, fingerprint: str) -> str:
    """The fingerprint the user vouches for: ``--fingerprint`` as given, or this one once confirmed at
    the terminal; refused when there is neither (a script must say which key it expects)."""
    if args.fingerprint:
        return str(args.fingerprint).strip().upper()
    if not sys.stdin.isatty():
        raise AppError(
            "Give --fingerprint with the fingerprint shown on that laptop (or run this in a terminal to "
            "compare it); nothing was enrolled.",
            "請以 --fingerprint 提供該電腦顯示的指紋（或在終端機執行以核對）；未有登記。",
            code="fingerprint_not_confirmed",
        )
    answer = input("與該電腦顯示的指紋相同？Is it the fingerprint shown on that laptop? [y/N] ")
    if answer.strip().lower() not in {"y", "yes"}:
        raise AppError("Nothing was enrolled.", "未有登記。", code="enrolment_cancelled")
    return fingerprint


def cmd_station(
    args: argparse.Namespace,
    data_dir: DataDir,
    opened: Opened,
    require_user: Callable[[argparse.Namespace], str],
) -> int:
    from assessor_app.core.services.intake import station_keys

    command = args.station_command
    if command == "key":
        with opened(args, data_dir) as database:
            key = station_keys.save_public_key(database, Path(args.out).expanduser().resolve())
        print(
            f"工作站 {key.station_code} 的公開金鑰已寫入 / Station {key.station_code}'s public key written to {args.out}"
        )
        print(f"指紋 Fingerprint: {key.fingerprint}")
        return 0
    if command == "enrol":
        user = require_user(args)
        path = Path(args.file).expanduser().resolve()
        found = station_keys.read_key_file(path)
        print(f"工作站 Station {found.station_code}  指紋 Fingerprint: {found.fingerprint}")
        expected = _confirmed(args, found.fingerprint)
        with opened(args, data_dir) as database:
            key = station_keys.enrol_station(database, path, actor=user, expected=expected)
        print(f"已登記 Enrolled: {_line(key)}")
        return 0
    if command == "remove":
        user = require_user(args)
        with opened(args, data_dir) as database:
            key = station_keys.remove_station(database, args.code, actor=user, reason=args.reason)
        print(f"已移除 Removed: {_line(key)}")
        return 0
    with opened(args, data_dir) as database:
        keys = station_keys.list_station_keys(database, include_removed=args.all)
    for line in _listing(keys):
        print(line)
    return 0


def _listing(keys: list[StationKey]) -> Iterator[str]:
    own = [key for key in keys if key.is_local and key.removed_at is None]
    if not own:
        yield "此工作站尚未有金鑰（首次匯出時建立）/ This station has no key yet (made at its first export)"
    others = [key for key in keys if key not in own]
    yield from (f"此工作站 This station: {_line(key)}" for key in own)
    in_force = sum(key.removed_at is None for key in others)
    yield f"已登記工作站：{in_force} 個 / Enrolled stations: {in_force}"
    yield from (f"  {_line(key)}" for key in others)

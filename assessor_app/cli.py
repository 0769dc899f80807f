"""The headless ``assessor-app`` commands over the same services as the GUI; never imports the UI or Qt."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from assessor_app import __version__
from assessor_app.cli_agency import add_agency_parser, cmd_agency
from assessor_app.cli_audit import add_audit_parser, cmd_audit
from assessor_app.cli_durability import LOCK_WAIT_SECONDS, add_durability_parsers, durability_commands
from assessor_app.cli_event import add_event_parser, cmd_event
from assessor_app.cli_output import escaped_output, hong_kong_or_dash, json_safe
from assessor_app.cli_privacy import add_privacy_parsers, cmd_access_request, cmd_purge, cmd_retention
from assessor_app.cli_search import add_search_parser, cmd_search
from assessor_app.cli_sign_in import (
    SIGN_IN_REFUSED,
    add_sign_in_parsers,
    cmd_init,
    cmd_users,
    sign_in_name,
    sign_in_refusal,
    signed_in,
)
from assessor_app.cli_station import add_station_parser, cmd_station
from assessor_app.cli_workbook_password import add_password_option, password_hint, workbook_password
from assessor_app.core.errors import AppError
from assessor_app.core.paths import DataDir
from assessor_app.core.security.keyring import SignInError
from assessor_app.core.services.demo import DEFAULT_APPLICATIONS, DEFAULT_SEED

if TYPE_CHECKING:
    from assessor_app.core.db.database import Database
    from assessor_app.core.services.sync.conflicts import ConflictRow

log = logging.getLogger("assessor_app")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assessor-app",
        description="RPL Assessor Workstation 過往資歷認可評審工作站: offline intake, evidence, review and Excel sync.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="folder for everything the app writes: database, evidence, backups, logs "
        "(default: the user's data folder, or $ASSESSOR_APP_DATA_DIR)",
    )
    parser.add_argument("--db", type=Path, help="open this case database file instead of the default one")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the separate demo database (filled with a realistic promotion day on first use)",
    )
    parser.add_argument(
        "--lang", choices=["zh_HK", "en"], help="interface language (default: the last one used)"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation end to end in a throwaway folder, print a one-line report and exit "
        "(0 when every check passed)",
    )
    parser.add_argument(
        "--user",
        dest="global_user",
        metavar="USERNAME",
        help="the user signing in, for any command (default: $ASSESSOR_APP_USER; demo on a demo database); "
        "the password comes from $ASSESSOR_PASSWORD or a prompt",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("gui", help="launch the desktop application (the default)")

    demo = commands.add_parser(
        "demo",
        help="fill a demo database: years of promotion days in several industries, cases in every state, "
        "and an open logistics promotion day",
    )
    demo.add_argument("--applications", type=int, default=DEFAULT_APPLICATIONS, metavar="N")
    demo.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="random seed (the same seed gives the same data)"
    )
    demo.add_argument(
        "--into-real-database",
        action="store_true",
        help="allow writing demo data into a database that is not a demo database",
    )
    demo.add_argument(
        "--station",
        metavar="CODE",
        help="this demo laptop's station code (default LT01), to try two demo laptops side by side",
    )

    catalogue = commands.add_parser("catalogue", help="catalogue maintenance")
    catalogue_commands = catalogue.add_subparsers(dest="catalogue_command", metavar="ACTION", required=True)
    catalogue_import = catalogue_commands.add_parser(
        "import", help="validate and apply a catalogue update from a .csv or .xlsx file"
    )
    catalogue_import.add_argument("file", type=Path)
    catalogue_import.add_argument(
        "--withdraw-missing",
        action="store_true",
        help="the file is the agency's whole list for its industries: withdraw what it leaves out",
    )
    catalogue_list = catalogue_commands.add_parser("list", help="print the catalogue 列出資歷目錄")
    catalogue_list.add_argument(
        "--json", action="store_true", help="a JSON list of objects instead of a table (for scripts)"
    )

    slip = commands.add_parser(
        "slip", help="write the acknowledgement slip of a lodged case as a PDF (reprint) 列印申請確認回條"
    )
    slip.add_argument("reference", metavar="REF", help="the case's reference number, e.g. LT01-20231108-0007")
    slip.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="where to write the PDF")

    lodge = commands.add_parser(
        "lodge",
        help="lodge applications typed elsewhere from a JSON file, all or nothing (docs/lodging-json.md) "
        "從 JSON 檔案遞交申請",
    )
    lodge.add_argument(
        "file", type=Path, metavar="FILE.json", help="one application (an object) or several (a list)"
    )
    _add_user_option(lodge)

    case = commands.add_parser("case", help="look at one case 查看個案")
    case_commands = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    case_show = case_commands.add_parser(
        "show", help="print a case with its evidence checklist and eligibility 顯示個案、證明文件及資格評估"
    )
    case_show.add_argument(
        "reference", metavar="REF", help="the case's reference number, e.g. LT01-20231108-0007"
    )
    case_show.add_argument("--json", action="store_true", help="print JSON instead of text")

    add_audit_parser(commands)

    report = commands.add_parser(
        "report", help="write a case's bilingual assessment report as a PDF 評審報告"
    )
    report.add_argument("reference", metavar="REF")
    report.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    letter = commands.add_parser(
        "letter", help="write a request-for-documents letter as a PDF 補交文件通知書"
    )
    letter.add_argument("request_id", type=int, metavar="REQUEST_ID")
    letter.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    reimbursement = commands.add_parser(
        "reimbursement", help="fee reimbursement claims overdue or coming due 發還費用申索"
    )
    reimbursement_commands = reimbursement.add_subparsers(
        dest="reimbursement_command", metavar="ACTION", required=True
    )
    due = reimbursement_commands.add_parser(
        "due", help="list passed qualifications whose claim deadline is near"
    )
    due.add_argument("--within", type=int, default=90, metavar="DAYS")

    export = commands.add_parser(
        "export", help="write a batch workbook for the QF Secretariat and lock its cases 匯出批次工作簿"
    )
    export.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    export.add_argument("--event", metavar="CODE", help="only cases taken at this event")
    export.add_argument(
        "--status",
        metavar="STATE",
        help="every case in this state (default: signed-off cases not yet exported); corrected cases always go",
    )
    export.add_argument(
        "--full-hkid",
        action="store_true",
        help="full HKID numbers (supervisors and administrators) 完整身份證號碼; every workbook is "
        "password-encrypted, the password shown once 所有工作簿均加密",
    )
    export.add_argument(
        "--unencrypted",
        action="store_true",
        help="no password, so only masked HKIDs and minimised columns: no date of birth, phone, e-mail or "
        "address (supervisors and administrators; never with --full-hkid) 未加密精簡工作簿",
    )
    _add_user_option(export)
    import_results = commands.add_parser(
        "import-results", help="preview (or --apply) the results in a returned batch workbook 匯入評審結果"
    )
    import_results.add_argument("file", type=Path, metavar="FILE.xlsx")
    import_results.add_argument(
        "--apply", action="store_true", help="apply the changes (default: preview only)"
    )
    add_password_option(import_results)
    _add_user_option(import_results)
    merge = commands.add_parser(
        "merge",
        help="merge another station's full-HKID batch workbook (asks for its password) 合併其他工作站的批次",
    )
    merge.add_argument("file", type=Path, metavar="FILE.xlsx")
    add_password_option(merge)
    _add_user_option(merge)
    conflicts = commands.add_parser(
        "conflicts", help="list merge conflicts, or resolve one (supervisors) 合併衝突"
    )
    conflicts.add_argument(
        "--all", action="store_true", help="list resolved conflicts too (default: open ones only)"
    )
    conflicts_commands = conflicts.add_subparsers(dest="conflicts_command", metavar="ACTION")
    resolve = conflicts_commands.add_parser(
        "resolve", help="keep this laptop's case or take the other station's copy, with the reason 處理衝突"
    )
    resolve.add_argument("conflict_id", type=int, metavar="ID")
    resolve.add_argument(
        "--keep",
        required=True,
        choices=["mine", "theirs"],
        help="mine: this laptop's case stays; theirs: the case takes the other station's copy",
    )
    resolve.add_argument("--reason", required=True, metavar="TEXT", help="why (recorded in the audit trail)")
    _add_user_option(resolve)
    add_station_parser(commands, _add_user_option)
    add_agency_parser(commands, _add_user_option)
    add_privacy_parsers(commands, _add_user_option)
    add_search_parser(commands)
    add_event_parser(commands)
    add_durability_parsers(commands)
    add_sign_in_parsers(commands, _add_user_option)
    return parser


def _add_user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        help="the user signing in and doing this, recorded in the audit trail (default: "
        "$ASSESSOR_APP_USER; demo on a demo database); the password comes from $ASSESSOR_PASSWORD or a prompt",
    )


def _require_user(args: argparse.Namespace) -> str:
    """Who the command signs in as (and so who does it); checked before any work starts."""
    name = sign_in_name(args, args.database_path)
    if not name:
        raise AppError(
            "Name the user doing this with --user USERNAME (or set ASSESSOR_APP_USER).",
            "請以 --user 用戶名稱（或 ASSESSOR_APP_USER）註明操作的用戶。",
            code="no_user",
        )
    return name


def resolve_data_dir(args: argparse.Namespace) -> DataDir:
    return DataDir(args.data_dir.expanduser().resolve()) if args.data_dir else DataDir.default()


def resolve_database_path(args: argparse.Namespace, data_dir: DataDir, *, demo: bool) -> Path:
    if args.db:
        return Path(args.db).expanduser().resolve()
    return data_dir.demo_database if demo else data_dir.database


@contextmanager
def opened_database(args: argparse.Namespace, data_dir: DataDir) -> Iterator[Database]:
    """The case database named by the options, signed in to (:func:`.cli_sign_in.signed_in`); a missing
    one is an error (``assessor-app init`` sets one up). The data folder's lock is held while it is open,
    by reading commands too: opening may migrate the file and settles the temporary folder, which must
    not happen under the GUI's feet."""
    from assessor_app.core.db.instance_guard import InstanceLock

    path = resolve_database_path(args, data_dir, demo=args.demo)
    with InstanceLock(data_dir.root, wait=LOCK_WAIT_SECONDS):
        database = signed_in(args, path, data_dir).database
        try:
            yield database
        finally:
            database.close()


def configure_logging(data_dir: DataDir) -> None:
    handler = logging.FileHandler(data_dir.logs / "assessor-app.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def cmd_demo(args: argparse.Namespace, data_dir: DataDir) -> int:
    from assessor_app.core.db.instance_guard import InstanceLock
    from assessor_app.core.security.keyring import DEMO_ADMINISTRATOR, DEMO_PASSWORD
    from assessor_app.core.security.sign_in import give_demo_passwords, set_up
    from assessor_app.core.services.demo.scale import build_demo

    path = resolve_database_path(args, data_dir, demo=True)
    with InstanceLock(data_dir.root, wait=LOCK_WAIT_SECONDS):
        if path.exists():
            signed = signed_in(args, path, data_dir)
        else:  # a new demo database: encrypted, its administrator ``demo`` with the public password ``demo``
            signed = set_up(
                path,
                DEMO_ADMINISTRATOR,
                "示範管理員 Demo administrator",
                DEMO_PASSWORD,
                backups_dir=data_dir.backups,
                demo=True,
            )
        try:
            summary = build_demo(
                signed.database,
                applications=args.applications,
                seed=args.seed,
                allow_real=args.into_real_database,
                station=args.station,
                evidence_dir=data_dir.evidence,
            )
            give_demo_passwords(signed)
        finally:
            signed.database.close()
    print(summary.describe())
    print(f"Demo database 示範資料庫: {path}")
    if signed.demo:
        print("示範用戶的密碼均為 demo / every demo user's password is demo (administrator: demo)")
    return 0


def cmd_catalogue(args: argparse.Namespace, data_dir: DataDir) -> int:
    if args.catalogue_command == "list":
        return _catalogue_list(args, data_dir)
    from assessor_app.core.services.catalogue.update import import_catalogue_file

    with opened_database(args, data_dir) as database:
        report = import_catalogue_file(
            database, args.file, actor=_require_user(args), withdraw_missing=args.withdraw_missing
        )
    print(report.describe())
    return 0


def _catalogue_list(args: argparse.Namespace, data_dir: DataDir) -> int:
    import json

    from assessor_app.core.services.catalogue.listing import catalogue_objects, catalogue_table

    with opened_database(args, data_dir) as database:
        objects = catalogue_objects(database)
    if args.json:
        print(json_safe(json.dumps(objects, ensure_ascii=False, indent=2)))
    else:
        print(catalogue_table(objects))
    return 0


def cmd_slip(args: argparse.Namespace, data_dir: DataDir) -> int:
    from assessor_app.core.services.documents.slip import render_slip
    from assessor_app.core.services.documents.slip_data import build_slip_data

    with opened_database(args, data_dir) as database:
        data = build_slip_data(database, args.reference)
    report = render_slip(data, _out_path(args))
    print(report.path)
    if report.missing_characters:
        listed = ", ".join(f"{character} (U+{ord(character):04X})" for character in report.missing_characters)
        print(
            f"警告：字型缺少以下字元，已印作 [U+XXXX] Warning: the fonts lack these characters, printed as [U+XXXX]: {listed}"
        )
    return 0


def cmd_lodge(args: argparse.Namespace, data_dir: DataDir) -> int:
    from assessor_app.core.services.intake.lodge_file import lodge_file

    _utf8_output()  # the messages are Chinese and English whatever the console's code page
    user = _require_user(args)
    with opened_database(args, data_dir) as database:
        lodged = lodge_file(database, Path(args.file).expanduser(), username=user)
    for result in lodged.results:
        print(result.reference_no)
    for line in lodged.warning_lines():
        print(
            f"注意（已記錄於審計記錄）Warning (lodged over, recorded in the audit trail): {line}",
            file=sys.stderr,
        )
    return 0


def _utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")


def cmd_case(args: argparse.Namespace, data_dir: DataDir) -> int:
    import json

    from assessor_app.core.services.cases.summary import case_summary, find_application_id, render_text

    with opened_database(args, data_dir) as database:
        summary = case_summary(database, data_dir.evidence, find_application_id(database, args.reference))
    if args.json:
        print(json_safe(json.dumps(summary.to_json(), ensure_ascii=False, indent=2)))
    else:
        print(render_text(summary), end="")
    return 0


def cmd_report(args: argparse.Namespace, data_dir: DataDir) -> int:
    from assessor_app.core.services.cases.summary import find_application_id
    from assessor_app.core.services.documents.report import render_assessment_report

    with opened_database(args, data_dir) as database:
        out = render_assessment_report(
            database, data_dir.evidence, find_application_id(database, args.reference), _out_path(args)
        )
    print(out)
    return 0


def cmd_letter(args: argparse.Namespace, data_dir: DataDir) -> int:
    from assessor_app.core.services.documents.letters import render_request_letter

    with opened_database(args, data_dir) as database:
        out = render_request_letter(database, args.request_id, _out_path(args))
    print(out)
    return 0


def cmd_reimbursement(args: argparse.Namespace, data_dir: DataDir) -> int:
    from assessor_app.core.services.review.reimbursement import coming_due, overdue

    with opened_database(args, data_dir) as database:
        late = overdue(database)
        due = coming_due(database, within_days=args.within)
    print(f"逾期 Overdue: {len(late)}   {args.within} 日內到期 Due within {args.within} days: {len(due)}")
    for label, rows in (("OVERDUE 逾期", late), ("due 到期", due)):
        for row in rows:
            print(
                f"{label}  {row.deadline}  {row.reference_no or '-'}  {row.applicant_name_zh} "
                f"{row.applicant_name_en}  {row.hkid_masked}  {row.title_zh} {row.title_en}  "
                f"SoA {row.soa_number or '-'} {row.soa_date}"
            )
    return 0


def cmd_export(args: argparse.Namespace, data_dir: DataDir) -> int:
    from assessor_app.core.services.sync.export import export_batch

    user = _require_user(args)
    with opened_database(args, data_dir) as database:
        result = export_batch(
            database,
            _out_path(args),
            actor=user,
            event_code=args.event,
            status=args.status,
            full_hkid=args.full_hkid,
            unencrypted=args.unencrypted,
        )
    print(result.describe())
    if result.password is not None:
        print("工作簿密碼（只顯示一次，請另行妥善傳送）/ Workbook password (shown once: send it separately):")
        print(result.password)
    return 0


def cmd_import_results(args: argparse.Namespace, data_dir: DataDir) -> int:
    from assessor_app.core.services.sync.import_results import apply_results, preview_results

    path = Path(args.file).expanduser().resolve()
    with opened_database(args, data_dir) as database:
        password = workbook_password(args, path)
        try:
            if args.apply:
                print(apply_results(database, path, actor=_require_user(args), password=password).describe())
                return 0
            print(preview_results(database, path, actor=_require_user(args), password=password).describe())
        except AppError as error:
            password_hint(error, path, password)
            raise
    print("（預覽，未有更改；加上 --apply 以套用）(preview only: nothing changed; add --apply to apply)")
    return 0


def cmd_merge(args: argparse.Namespace, data_dir: DataDir) -> int:
    from assessor_app.core.services.sync.merge import merge_batch

    user = _require_user(args)
    path = Path(args.file).expanduser().resolve()
    with opened_database(args, data_dir) as database:
        password = workbook_password(args, path)
        try:
            report = merge_batch(database, path, actor=user, password=password)
        except AppError as error:
            password_hint(error, path, password)
            raise
    print(report.describe())
    if report.conflicts:
        print(
            "以 assessor-app conflicts 查看衝突，由主管以 conflicts resolve 處理 / "
            "list them with `assessor-app conflicts`; a supervisor resolves them with `conflicts resolve`"
        )
    return 0


def _print_conflict(row: ConflictRow) -> None:
    state = (
        f"已處理 resolved: {row.resolution} — {row.resolved_by}, {hong_kong_or_dash(row.resolved_at)}: "
        f"{row.resolution_reason}"
        if row.resolution
        else "未處理 open"
    )
    print(
        f"#{row.id}  {row.reference_no or '-'}  {row.application_uid}  [{state}]\n"
        f"    來源 from {row.source_file or '-'} (工作站 station {row.source_station or '-'}); "
        f"發現 detected by {row.detected_by}, {hong_kong_or_dash(row.detected_at)} (HKT)"
    )
    for line in row.differences:
        print(f"    - {line}")


def cmd_conflicts(args: argparse.Namespace, data_dir: DataDir) -> int:
    from assessor_app.core.services.sync.conflicts import list_conflicts, resolve_conflict

    if args.conflicts_command == "resolve":
        user = _require_user(args)
        with opened_database(args, data_dir) as database:
            row = resolve_conflict(database, args.conflict_id, actor=user, keep=args.keep, reason=args.reason)
        kept_zh = "保留此電腦的個案" if row.resolution == "mine" else "採用對方的副本"
        kept_en = "kept this laptop's case" if row.resolution == "mine" else "took the other station's copy"
        print(f"衝突 #{row.id} 已處理：{kept_zh} / Conflict #{row.id} resolved: {kept_en}")
        _print_conflict(row)
        return 0
    with opened_database(args, data_dir) as database:
        rows = list_conflicts(database, include_resolved=args.all)
    open_count = sum(row.resolution is None for row in rows)
    print(f"合併衝突：{open_count} 個未處理 / Merge conflicts: {open_count} open")
    for row in rows:
        _print_conflict(row)
    return 0


def _out_path(args: argparse.Namespace) -> Path:
    return Path(args.out).expanduser().resolve()


COMMANDS: dict[str, Callable[[argparse.Namespace, DataDir], int]] = {
    "demo": cmd_demo,
    "catalogue": cmd_catalogue,
    "slip": cmd_slip,
    "lodge": cmd_lodge,
    "case": cmd_case,
    "search": lambda args, data_dir: cmd_search(args, data_dir, opened_database),
    "event": lambda args, data_dir: cmd_event(args, data_dir, opened_database),
    "audit": lambda args, data_dir: cmd_audit(args, data_dir, opened_database),
    "report": cmd_report,
    "letter": cmd_letter,
    "reimbursement": cmd_reimbursement,
    "export": cmd_export,
    "import-results": cmd_import_results,
    "merge": cmd_merge,
    "conflicts": cmd_conflicts,
    "station": lambda args, data_dir: cmd_station(args, data_dir, opened_database, _require_user),
    "agency": lambda args, data_dir: cmd_agency(args, data_dir, opened_database, _require_user),
    "access-request": lambda args, data_dir: cmd_access_request(
        args, data_dir, opened_database, _require_user
    ),
    "retention": lambda args, data_dir: cmd_retention(args, data_dir, opened_database, _require_user),
    "purge": lambda args, data_dir: cmd_purge(args, data_dir, opened_database, _require_user),
    **durability_commands(lambda args, data_dir: resolve_database_path(args, data_dir, demo=args.demo)),
    "init": lambda args, data_dir: cmd_init(args, args.database_path, data_dir),
    "users": lambda args, data_dir: cmd_users(args, args.database_path, data_dir),
}


def prepared_data_dir(args: argparse.Namespace) -> DataDir | None:
    """The data folder named by the options, created and logging; None (after saying why) if unusable."""
    data_dir = resolve_data_dir(args)
    try:
        data_dir.ensure()
    except OSError as exc:
        print(f"無法使用資料夾 Cannot use the data folder {data_dir.root}: {exc.strerror}", file=sys.stderr)
        return None
    configure_logging(data_dir)
    return data_dir


def run_command(args: argparse.Namespace, data_dir: DataDir) -> int:
    """Run the headless command ``args.command``; a known problem is printed in both languages. What it
    prints is escaped (:mod:`.cli_output`): a stored value never reaches the terminal raw."""
    args.database_path = resolve_database_path(args, data_dir, demo=args.demo or args.command == "demo")
    with escaped_output():
        try:
            return COMMANDS[args.command](args, data_dir)
        except SignInError as error:
            print(sign_in_refusal(error), file=sys.stderr)
            return SIGN_IN_REFUSED
        except AppError as error:
            print(error.bilingual(), file=sys.stderr)
            for detail in error.details:
                print(f"  - {detail}", file=sys.stderr)
            return 1

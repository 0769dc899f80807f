"""Signing in from the command line (who, the password, a demo's defaults), ``init`` and ``users``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from assessor_app.cli_agency import SET_OPTIONS
from assessor_app.core.errors import AppError
from assessor_app.core.paths import DataDir
from assessor_app.core.security import keyring
from assessor_app.core.security.keyring import DEMO_ADMINISTRATOR, DEMO_PASSWORD

if TYPE_CHECKING:  # the database layer loads when a command signs in, not at start
    from assessor_app.core.security.sign_in import SignedIn

PASSWORD_ENV = "ASSESSOR_PASSWORD"
USER_ENV = "ASSESSOR_APP_USER"
SIGN_IN_REFUSED = 3  # the exit status of a wrong password, a throttled or a locked account


def add_sign_in_parsers(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    add_user_option: Callable[[argparse.ArgumentParser], None],
) -> None:
    init = commands.add_parser(
        "init",
        help="set up a new encrypted case database and its administrator (password from a prompt or "
        f"${PASSWORD_ENV}) 建立新的加密資料庫及系統管理員",
    )
    init.add_argument("--admin", required=True, metavar="NAME", help="the administrator's user name")
    init.add_argument("--display-name", metavar="TEXT", help="as printed on letters (default: NAME)")
    init.add_argument(
        "--agency",
        metavar="CODE",
        help="the agency whose contacts follow (`assessor-app agency show` lists codes)",
    )
    for name, help_text in SET_OPTIONS.items():
        init.add_argument(f"--{name}", metavar="TEXT", help=f"the agency's {help_text} (needs --agency)")
    init.add_argument(
        "--station", metavar="CODE", help="this laptop's station code, e.g. LT01 (makes its signing key)"
    )
    init.add_argument(
        "--catalogue",
        type=Path,
        metavar="FILE",
        help="import this catalogue file (.csv/.xlsx) instead of keeping the seeded one",
    )
    init.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the administrator's password from the first line of standard input (also when it is no terminal)",
    )

    users = commands.add_parser("users", help="the users of this laptop (administrators) 用戶管理")
    actions = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a user with a role and a password 新增用戶")
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--role", required=True, choices=["intake_clerk", "assessor", "supervisor", "administrator"]
    )
    add.add_argument("--display-name", metavar="TEXT", help="as printed on letters (default: NAME)")
    _add_new_password_option(add)
    listing = actions.add_parser("list", help="the users, their roles and lock-outs 列出用戶")
    listing.add_argument("--all", action="store_true", help="disabled users too")
    disable = actions.add_parser("disable", help="the user can no longer sign in 停用用戶")
    disable.add_argument("name", metavar="NAME")
    enable = actions.add_parser(
        "enable", help="a disabled user signs in again, with a new password 重新啟用用戶"
    )
    enable.add_argument("name", metavar="NAME")
    _add_new_password_option(enable)
    reset = actions.add_parser("reset", help="a new password for the user, lifting a lock-out 重設密碼")
    reset.add_argument("name", metavar="NAME")
    _add_new_password_option(reset)
    role = actions.add_parser("role", help="give the user another role 更改角色")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", choices=["intake_clerk", "assessor", "supervisor", "administrator"])
    for action in (add, listing, disable, enable, reset, role):
        add_user_option(action)


def _add_new_password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the user's new password from the first line of standard input (otherwise asked twice)",
    )


def _demo_keyring(ring: Path) -> bool:
    return keyring.exists(ring) and keyring.is_demo(ring)


def sign_in_name(args: argparse.Namespace, database_path: Path) -> str | None:
    """Who signs in: ``--user``, else $ASSESSOR_APP_USER, else ``demo`` on a demo database."""
    name = getattr(args, "user", None) or getattr(args, "global_user", None) or os.environ.get(USER_ENV)
    if name:
        return str(name).strip().lower()
    if _demo_keyring(keyring.keyring_path(database_path)):
        return DEMO_ADMINISTRATOR
    return None


def _demo_users(database_path: Path) -> str:
    """A demo database's active users with their roles (``mlwong (intake_clerk)``), read signed in as its
    public administrator: only a demo's users may be named before anyone has signed in."""
    from assessor_app.core.security.sign_in import sign_in
    from assessor_app.core.services.review.workflow import list_users

    signed = sign_in(database_path, DEMO_ADMINISTRATOR, DEMO_PASSWORD)
    try:
        return ", ".join(
            f"{user.username} ({user.role})"
            for user in sorted(list_users(signed.database), key=lambda row: row.username)
        )
    finally:
        signed.database.close()


def _no_user(database_path: Path, ring: Path, given: str | None) -> AppError | None:
    """Why ``given`` cannot sign in before any password is asked, or None: go on to the password.

    Only a demo database, whose users and passwords are public, names its active users (with their roles)
    or refuses an unknown name at once. On a real one an unknown name is asked for a password and refused
    by the keyring with the wrong password's message, work and count (docs/security.md), so the answer
    never tells a guesser which names exist (:func:`sign_in_refusal` adds who can list them)."""
    demo = _demo_keyring(ring)
    if given is None:
        listed = _demo_users(database_path) if demo else ""
        users_en, users_zh = (f" Users: {listed}", f"用戶：{listed}") if demo else ("", "")
        return AppError(
            f"Name the user signing in with --user USERNAME (or set {USER_ENV}).{users_en}",
            f"請以 --user 用戶名稱（或 {USER_ENV}）註明登入的用戶。{users_zh}",
            code="no_user",
        )
    if demo and given not in keyring.usernames(ring):
        listed = _demo_users(database_path)
        return AppError(
            f"There is no active user '{given}' here. The active users (and roles): {listed}",
            f"此處沒有名為「{given}」的有效用戶。有效用戶（及角色）：{listed}",
            code="unknown_user",
        )
    return None


def sign_in_refusal(error: AppError) -> str:
    """What the command line prints for a refused sign-in: the message, and after a wrong user name or
    password who can list this laptop's users (the names themselves are not shown: see :func:`_no_user`)."""
    text = error.bilingual()
    if error.code == "wrong_password":
        text += (
            "\n一位系統管理員可列出有效用戶：assessor-app users list --user 管理員名稱"
            "\nAn administrator can list the active users: assessor-app users list --user ADMIN"
        )
    return text


def _password(ring: Path, name: str) -> str:
    """The sign-in password: $ASSESSOR_PASSWORD, else ``demo`` on a demo database, else asked."""
    given = os.environ.get(PASSWORD_ENV)
    if given is not None:
        return given
    if keyring.is_demo(ring):
        return DEMO_PASSWORD
    if not sys.stdin.isatty():
        raise AppError(
            f"A password is needed to sign in as {name}: run in a terminal, or set {PASSWORD_ENV}.",
            f"以 {name} 登入須輸入密碼：請在終端機執行，或設定 {PASSWORD_ENV}。",
            code="no_password",
        )
    import getpass

    return getpass.getpass(f"{name} 的密碼 Password for {name}: ")


def unlocked_key(args: argparse.Namespace, database_path: Path) -> bytes | None:
    """The data key of the database, unlocked with the signing-in user's password, for commands that copy
    or check the file without opening it for work (backup, restore, check); None for a clear database
    that has no keyring yet."""
    ring = keyring.keyring_path(database_path)
    if not keyring.exists(ring):
        return None
    name = sign_in_name(args, database_path)
    refusal = _no_user(database_path, ring, name)
    if refusal is not None:
        raise refusal
    assert name is not None  # _no_user refuses no name at all
    return keyring.unlock(ring, name, _password(ring, name))


def signed_in(args: argparse.Namespace, database_path: Path, data_dir: DataDir) -> SignedIn:
    """Sign in to the database for a command; the signed-in user becomes the command's actor."""
    from assessor_app.core.security.sign_in import check_files, sign_in

    ring = check_files(database_path)
    name = sign_in_name(args, database_path)
    refusal = _no_user(database_path, ring, name) if keyring.exists(ring) else None
    if refusal is not None:
        raise refusal
    if name is None:
        raise AppError(
            f"Name the user signing in with --user USERNAME (or set {USER_ENV}).",
            f"請以 --user 用戶名稱（或 {USER_ENV}）註明登入的用戶。",
            code="no_user",
        )
    signed = sign_in(
        database_path,
        name,
        _password(ring, name),
        backups_dir=data_dir.backups,
        evidence_dir=data_dir.evidence,
    )
    args.user = signed.username
    return signed


def _new_password(args: argparse.Namespace, name: str, *, env: bool = False) -> str:
    """A new password: $ASSESSOR_PASSWORD (``env``, for init), the first line of standard input
    (``--password-stdin``, or for init any standard input that is no terminal: a script's), or typed twice
    at the terminal."""
    if env and os.environ.get(PASSWORD_ENV) is not None:
        return os.environ[PASSWORD_ENV]
    if getattr(args, "password_stdin", False) or (env and not sys.stdin.isatty()):
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        how = f"set {PASSWORD_ENV}" if env else "give it with --password-stdin"
        how_zh = f"設定 {PASSWORD_ENV}" if env else "以 --password-stdin 提供"
        raise AppError(
            f"A new password for {name} is needed: run in a terminal, or {how}.",
            f"須為 {name} 設定新密碼：請在終端機執行，或{how_zh}。",
            code="no_password",
        )
    import getpass

    first = getpass.getpass(f"{name} 的新密碼 New password for {name}: ")
    if getpass.getpass("再次輸入 Again: ") != first:
        raise AppError("The two passwords differ.", "兩次輸入的密碼不同。", code="passwords_differ")
    return first


def cmd_init(args: argparse.Namespace, database_path: Path, data_dir: DataDir) -> int:
    from assessor_app.core.security.first_run import LaptopPlan, NewUser, set_up_laptop

    if args.demo:
        raise AppError(
            "A demo database is set up by `assessor-app demo`.",
            "示範資料庫由 `assessor-app demo` 建立。",
            code="init_demo",
        )
    name = args.admin.strip().lower()
    ring = keyring.keyring_path(database_path)
    if keyring.exists(ring):
        raise AppError(
            f"This laptop is already set up ({database_path}); init runs once and changed nothing. "
            "Change the agency with `assessor-app agency set`, add users with `assessor-app users add`.",
            f"此電腦已經設定（{database_path}）；init 只可執行一次，未作任何改動。"
            "請以 `assessor-app agency set` 更改評估機構資料，以 `assessor-app users add` 新增用戶。",
            code="already_set_up",
        )
    contacts = {
        key: getattr(args, key).replace("\\n", "\n") for key in SET_OPTIONS if getattr(args, key) is not None
    }
    from assessor_app.core.db import cipher  # SQLCipher loads when a command opens a database, not at start

    adopting = database_path.exists() and not keyring.exists(ring) and cipher.is_clear(database_path)
    if adopting and (contacts or args.agency or args.station or args.catalogue):
        raise AppError(
            "This database already exists: init only encrypts it. Set the agency, station and catalogue "
            "afterwards (`agency set`, the Intake page, `catalogue import`).",
            "此資料庫已經存在：init 只會把它加密。請於加密後另行設定評估機構、工作站及目錄"
            "（`agency set`、「收件」頁、`catalogue import`）。",
            code="init_existing_parts",
        )
    if adopting:
        from assessor_app.core.security.adopt import adopt_clear_database

        # A laptop's database from before sign-in: encrypted now, under this administrator's password.
        signed = adopt_clear_database(
            database_path,
            name,
            args.display_name or args.admin,
            _new_password(args, name, env=True),
            backups_dir=data_dir.backups,
            evidence_dir=data_dir.evidence,
        )
        signed.database.close()
        print(f"已加密原有資料庫 The existing case database is now encrypted: {database_path}")
        print(f"系統管理員 Administrator: {signed.username}")
        print(
            "其他用戶須由系統管理員重設密碼（assessor-app users reset NAME）才可登入 / other users sign in once "
            "the administrator resets their passwords (assessor-app users reset NAME)"
        )
        return 0
    if contacts and not args.agency:
        raise AppError(
            "Name the agency whose contacts these are with --agency CODE (`assessor-app agency show` lists them).",
            "請以 --agency 代碼註明聯絡資料所屬的評估機構（`assessor-app agency show` 列出代碼）。",
            code="unknown_agency",
        )
    plan = LaptopPlan(
        NewUser(name, args.display_name or args.admin, "administrator", _new_password(args, name, env=True)),
        agency=args.agency or "",
        contacts=contacts,
        catalogue=args.catalogue,
        station=args.station or "",
    )
    signed = set_up_laptop(database_path, plan, backups_dir=data_dir.backups)
    signed.database.close()
    print(f"已建立加密資料庫 Encrypted case database set up: {database_path}")
    print(f"系統管理員 Administrator: {signed.username}")
    if contacts:
        print(f"評估機構聯絡資料 Agency contacts: {plan.agency.upper()}")
    if args.catalogue:
        print(f"已匯入目錄 Catalogue imported: {args.catalogue}")
    if args.station:
        print(f"工作站 Station: {args.station.strip().upper()}")
    return 0


def cmd_users(args: argparse.Namespace, database_path: Path, data_dir: DataDir) -> int:
    from assessor_app.core.services.review import accounts
    from assessor_app.core.services.review.workflow import list_users

    command = args.users_command
    signed = signed_in(args, database_path, data_dir)
    database, actor = signed.database, signed.username
    try:
        if command == "list":
            ring = keyring.keyring_path(database_path)
            for user in list_users(database, active_only=not args.all):
                failures, locked = keyring.failures(ring, user.username)
                state = "停用 disabled" if not user.active else "鎖定 locked" if locked else "有效 active"
                extra = f"  ({failures} 次錯誤 failures)" if failures and not locked else ""
                print(f"{user.username}  {user.role}  {user.display_name}  [{state}]{extra}")
            return 0
        name = args.name.strip().lower()
        if command == "add":
            row = accounts.add_user(
                database,
                name,
                args.display_name or args.name,
                args.role,
                _new_password(args, name),
                actor=actor,
            )
            print(f"已新增用戶 User added: {row.username} ({row.role})")
        elif command == "disable":
            row = accounts.disable_user(database, name, actor=actor)
            print(f"已停用 Disabled: {row.username}")
        elif command == "enable":
            row = accounts.enable_user(database, name, _new_password(args, name), actor=actor)
            print(f"已重新啟用 Enabled: {row.username} ({row.role})")
        elif command == "reset":
            row = accounts.reset_password(database, name, _new_password(args, name), actor=actor)
            print(f"已重設密碼 Password reset: {row.username}")
        else:
            row = accounts.change_role(database, name, args.role, actor=actor)
            print(f"已更改角色 Role changed: {row.username} ({row.role})")
        return 0
    finally:
        database.close()

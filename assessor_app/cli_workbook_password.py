"""The password of an encrypted workbook on the command line: --password-stdin, or asked at the terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assessor_app.core.errors import AppError


def add_password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the workbook's password from the first line of standard input (for scripts); "
        "otherwise it is asked for when the file is encrypted",
    )


def workbook_password(args: argparse.Namespace, path: Path) -> str | None:
    """The password of an encrypted workbook: from stdin with --password-stdin, else asked at the terminal
    (never on the command line). None for a plain file, or when there is no terminal to ask at (the
    service then says the password is needed)."""
    from assessor_app.core.services.sync.guard import is_encrypted

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        return password if is_encrypted(path) else None
    if not is_encrypted(path) or not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass(f"{path.name} 的密碼 Password for {path.name}: ")


def password_hint(error: AppError, path: Path, password: str | None) -> None:
    """After a refusal for want of the password, say how to give it (listed under the message)."""
    from assessor_app.core.services.sync.guard import is_encrypted

    if error.code == "password_needed" or (password is None and is_encrypted(path)):
        error.details.append(
            "在終端機執行時會要求輸入密碼；在指令稿中請使用 --password-stdin / run it in a terminal to be "
            "asked for the password, or give it on standard input with --password-stdin"
        )

"""The ``assessor-app`` entry point: the desktop application, or a headless command that never loads Qt."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from assessor_app.cli import build_parser, prepared_data_dir, resolve_database_path, run_command
from assessor_app.core.paths import DataDir


def has_display() -> bool:
    """False on a Linux machine with no screen, where Qt would abort the whole process."""
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def launch_gui(args: argparse.Namespace, data_dir: DataDir) -> int:
    if not has_display():
        print(
            "沒有可用的顯示器：請在桌面環境中執行，或使用 xvfb-run。\n"
            "No display is available: run the app in a desktop session, or under xvfb-run "
            "(the command-line subcommands work without one).",
            file=sys.stderr,
        )
        return 1
    # Imported here, not at the top: a headless command must never pull in Qt.
    from assessor_app.ui.app import run_gui

    return run_gui(
        data_dir=data_dir,
        database_path=resolve_database_path(args, data_dir, demo=args.demo),
        demo=args.demo,
        lang=args.lang,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:  # before the data folder is made: the check touches nothing of the laptop's
        from assessor_app.self_test import main as self_test

        return self_test()
    data_dir = prepared_data_dir(args)
    if data_dir is None:
        return 1
    if args.command in (None, "gui"):
        return launch_gui(args, data_dir)
    return run_command(args, data_dir)

"""The first window a user types into (the sign-in dialog) comes before the database layer: what start-up
imports up to it brings in neither SQLAlchemy nor Alembic (they load behind the dialog), nor the workbook
and PDF libraries, nor the key derivation and cipher libraries, SQLCipher and the time zones (needed once a password is given) (checked in a fresh interpreter, as a start is); after signing in, only the pages the
window needs at once are built."""

from __future__ import annotations

import subprocess
import sys

from assessor_app.ui.main_window import MainWindow

HEAVY = (
    "sqlalchemy",
    "alembic",
    "openpyxl",
    "reportlab",
    "python_calamine",
    "argon2",
    "cryptography",
    "sqlcipher3",
    "zoneinfo",
)


def test_the_modules_before_the_sign_in_dialog_do_not_import_the_database_layer() -> None:
    code = (
        "import sys\n"
        "import assessor_app.main, assessor_app.ui.app, assessor_app.ui.sign_in, assessor_app.ui.recovery\n"
        f"print(sorted({{name.split('.')[0] for name in sys.modules}} & {set(HEAVY)!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_pages_other_than_intake_and_cases_are_built_when_first_shown(main_window: MainWindow) -> None:
    main_window.show_page("intake")
    assert set(main_window.pages) == {"intake", "cases"}  # the Batches, Catalogue and Settings not yet
    main_window.show_page("settings")
    settings = main_window.pages["settings"]
    assert main_window.stack.currentWidget() is settings
    main_window.show_page("batches")
    assert set(main_window.pages) == {"intake", "cases", "settings", "batches"}
    main_window.show_page("settings")
    assert main_window.pages["settings"] is settings  # built once

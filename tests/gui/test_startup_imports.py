"""The first window a user types into (the sign-in dialog) comes before the database layer: what start-up
imports up to it brings in neither SQLAlchemy nor Alembic (they load behind the dialog), nor the workbook
and PDF libraries. Checked in a fresh interpreter, as a start is."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sqlalchemy", "alembic", "openpyxl", "reportlab", "python_calamine")


def test_the_modules_before_the_sign_in_dialog_do_not_import_the_database_layer() -> None:
    code = (
        "import sys\n"
        "import assessor_app.main, assessor_app.ui.app, assessor_app.ui.sign_in, assessor_app.ui.recovery\n"
        f"print(sorted({{name.split('.')[0] for name in sys.modules}} & {set(HEAVY)!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

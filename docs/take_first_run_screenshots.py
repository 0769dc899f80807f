"""Screenshots of the first-run wizard for docs/screenshots/ (the agency page and the users page, both languages).

Run under a virtual X server the size of a small laptop (``make screenshots``)::

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/take_first_run_screenshots.py

Nothing is set up: the wizard is filled in and grabbed, never finished.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessor_app.core.security.first_run import NewUser  # noqa: E402
from assessor_app.ui import i18n  # noqa: E402
from assessor_app.ui.app import application  # noqa: E402
from assessor_app.ui.first_run import FirstRunWizard  # noqa: E402
from docs.take_screenshots import LANGUAGES, OUTPUT, settle  # noqa: E402


def shoot(language: str, suffix: str) -> None:
    i18n.apply_language(language)
    wizard = FirstRunWizard(Path("cases.sqlite3"), lambda _plan: None)
    wizard.show()
    admin = wizard.admin_page
    admin.username_edit.setText("amywong")
    admin.display_name_edit.setText("王美儀 Amy WONG")
    admin.password_edit.setText("harbour lights 42")
    admin.again_edit.setText("harbour lights 42")
    wizard.next()
    agency = wizard.agency_page
    agency.agency.setCurrentIndex(agency.agency.findData("VTC"))
    agency.address.setPlainText("香港灣仔港灣道 1 號 12 樓\n12/F, 1 Harbour Road, Wan Chai, Hong Kong")
    agency.phone.setText("2345 678")  # a digit short: the page says so on Next
    agency.hours.setText("Mon–Fri 09:00–18:00")
    wizard.next()
    settle()
    for name, page in (("agency", wizard.agency_page), ("users", wizard.users_page)):
        if name == "users":
            agency.phone.setText("+852 2345 6789")
            wizard.next()
            wizard.next()
            page.users.append(NewUser("mlwong", "黃美玲 WONG Mei Ling", "intake_clerk", "x" * 8))
            page.retranslate()
            settle()
        assert wizard.currentPage() is page
        target = OUTPUT / f"first-run-{name}-{suffix}.png"
        if not wizard.grab().save(str(target)):
            raise SystemExit(f"could not write {target}")
        print(target.relative_to(ROOT))
    wizard.close()
    wizard.deleteLater()
    settle(50)


def main() -> int:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    app = application()
    for language, suffix in LANGUAGES.items():
        shoot(language, suffix)
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

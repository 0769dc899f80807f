"""Screenshots of the first-run wizard for docs/screenshots/ (the agency page and the users page, both languages).

Run under a virtual X server the size of a small laptop (``make screenshots``)::

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/take_first_run_screenshots.py

Nothing is set up: the wizard is filled in and grabbed, never finished.
"""

from __future__ import annotations

from pathlib import Path

import screenshot_support as shots

from assessor_app.core.security.first_run import NewUser
from assessor_app.ui import i18n
from assessor_app.ui.app import application
from assessor_app.ui.first_run import FirstRunWizard


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
    shots.settle()
    for name, page in (("agency", wizard.agency_page), ("users", wizard.users_page)):
        if name == "users":
            agency.phone.setText("+852 2345 6789")
            wizard.next()
            wizard.next()
            page.users.append(NewUser("mlwong", "黃美玲 WONG Mei Ling", "intake_clerk", "x" * 8))
            page.retranslate()
        assert wizard.currentPage() is page
        shots.shoot(wizard, f"first-run-{name}-{suffix}.png")
    shots.close(wizard)


def main() -> int:
    app = application()
    for language, suffix in shots.LANGUAGES.items():
        shoot(language, suffix)
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

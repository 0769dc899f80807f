"""Screenshots of every page of the main window, and the sign-in dialog, over a demo promotion day.

``shell-{page}-{en,zh}.png`` for the intake page (the queue, then the event overview), the cases list, My
work (an assessor's "Needs my action"), the catalogue and settings pages; ``sign-in-{en,zh}.png``. The
case view, the review tab and the batches page have scripts of their own (``take_*_screenshots.py``).
Run under a virtual X server the size of a small laptop (``make screenshots``)::

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/take_screenshots.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import screenshot_support as shots

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.services.cases.listing import list_cases
from assessor_app.core.services.demo.promotion_day import generate_demo
from assessor_app.core.services.intake.lodging import list_events
from assessor_app.core.services.review.workflow import move_case
from assessor_app.ui import i18n
from assessor_app.ui.app import application
from assessor_app.ui.context import UiContext
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.pages.cases_page import CasesPage
from assessor_app.ui.pages.catalogue_page import CataloguePage
from assessor_app.ui.sign_in import SignInDialog

# The catalogue shot selects this qualification so the details panel shows its notes.
CATALOGUE_EXAMPLE = "Infection control"
ASSESSOR = "ckcheng"  # whose "Needs my action" the My work shot shows
ADMINISTRATOR = "khlam"  # the settings page shows its administrator's parts


def shoot_pages(window: MainWindow, event_id: int, suffix: str) -> None:
    window.show_page("intake")
    window.intake_page.select_event(event_id)
    window.intake_page.side_panel.toggle()  # hidden on a 1366-wide screen until asked for (Ctrl+Shift+O)
    window.intake_page.side_tabs.setCurrentIndex(0)
    shots.shoot(window, f"shell-intake-{suffix}.png", wait=600)
    window.intake_page.side_tabs.setCurrentIndex(1)
    shots.shoot(window, f"shell-overview-{suffix}.png", wait=600)
    window.intake_page.side_panel.toggle()
    window.show_page("cases")
    shots.shoot(window, f"shell-cases-{suffix}.png")
    window.show_page("catalogue")
    catalogue = window.pages["catalogue"]
    assert isinstance(catalogue, CataloguePage)
    for position, row in enumerate(catalogue.model.rows):
        if row.title_en == CATALOGUE_EXAMPLE:
            catalogue.table.selectRow(position)
            break
    shots.shoot(window, f"shell-catalogue-{suffix}.png")
    window.show_page("settings")
    shots.shoot(window, f"shell-settings-{suffix}.png", wait=600)


def give_work(database: Database, count: int) -> None:
    """Take the first ``count`` lodged cases under review, so the assessor's My work lists them."""
    for case in list_cases(database, status="lodged", limit=count):
        move_case(database, case.application_id, "acknowledged", actor=ASSESSOR)
        move_case(database, case.application_id, "under_review", actor=ASSESSOR)


def shoot_my_work(window: MainWindow, suffix: str) -> None:
    window.show_page("cases")
    cases = window.pages["cases"]
    assert isinstance(cases, CasesPage)
    cases.my_work.setChecked(True)
    shots.shoot(window, f"shell-my-work-{suffix}.png", wait=600)
    cases.my_work.setChecked(False)


def shoot_sign_in(database_path: Path, suffix: str) -> None:
    dialog = SignInDialog(database_path, lambda _name, _password: None, remembered="mlwong", demo=True)
    dialog.show()
    shots.shoot(dialog, f"sign-in-{suffix}.png")
    dialog.reject()
    dialog.deleteLater()


def main() -> int:
    app = application()
    with (
        tempfile.TemporaryDirectory(prefix="assessor-screenshots-") as folder,
        shots.data_folder(folder) as data_dir,
    ):
        database = open_database(data_dir.demo_database, backups_dir=data_dir.backups)
        try:
            generate_demo(database, applications=60, seed=2023)
            event_id = list_events(database)[0].id
            give_work(database, 6)
            for language, suffix in shots.LANGUAGES.items():
                i18n.apply_language(language)
                shoot_sign_in(database.path, suffix)
                context = UiContext(database=database, data_dir=data_dir, language=language, demo=True)
                window = shots.main_window(context, user=ADMINISTRATOR)
                shoot_pages(window, event_id, suffix)
                shots.work_as(window, ASSESSOR)
                shoot_my_work(window, suffix)
                shots.close(window)
        finally:
            database.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

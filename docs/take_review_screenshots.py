"""Screenshots of the review tab for docs/screenshots/: the case of take_case_screenshots.py, reviewed.

An assessor took the case to "verification scheduled", wrote the five judgements of both qualifications
and recommended a pass; a request for documents is outstanding. The supervisor
is working: the state buttons offer sign-off (and sending the case back), and "Sign off" is enabled.
Run under a virtual X server::

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/take_review_screenshots.py
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import screenshot_support as shots
from take_case_screenshots import prepare

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.services.evidence import case_checklist
from assessor_app.core.services.review import assessment, document_requests
from assessor_app.core.services.review.workflow import create_user, move_case
from assessor_app.ui import i18n
from assessor_app.ui.app import application
from assessor_app.ui.context import UiContext

ASSESSOR = "mlchan"
SUPERVISOR = "kwho"
JUDGEMENTS = [
    {
        "appropriateness": "護理員職務與家居照顧能力單元相符 Duties match the home-care units",
        "validity": "Employer letters on letterhead, signed and dated 僱主信件附公司信頭及簽署",
        "currency": "Still working as a senior care worker 現職高級護理員",
        "sufficiency": "Over seven years with three employers",
        "authenticity": "Originals seen at the counter 已核對正本",
    },
    {
        "appropriateness": "Daily contact with residents and families",
        "validity": "Same letters as above; duties listed",
        "currency": "Current employment",
        "sufficiency": "Enough across two employers",
        "authenticity": "Originals seen 已核對正本",
    },
]
NOTES = "申請人於旭日長者中心任職至今，主管可致電核實。The applicant's supervisor can be called to confirm."
REASONS = "All five rules met; seven years in elderly care 符合全部五項準則"


def review(database: Database, application_id: int) -> None:
    create_user(database, ASSESSOR, "陳文樂 CHAN Man Lok", "assessor", actor="admin")
    create_user(database, SUPERVISOR, "何嘉慧 HO Ka Wai", "supervisor", actor="admin")
    move_case(database, application_id, "acknowledged", actor=ASSESSOR)
    move_case(database, application_id, "under_review", actor=ASSESSOR)
    items = case_checklist.checklist(database, Path(), application_id)
    missing = next(item for item in items if item.status == "missing")
    document_requests.create_request(
        database,
        application_id,
        actor=ASSESSOR,
        items=[str(missing.id), "糧單 Payslips 2020"],
        due_date=hong_kong_today() + timedelta(days=10),
    )
    move_case(database, application_id, "verification_scheduled", actor=ASSESSOR)
    for row, texts in zip(assessment.assessment_rows(database, application_id), JUDGEMENTS, strict=True):
        assessment.save_judgement(
            database, row.applied_qualification_id, actor=ASSESSOR, notes=NOTES, **texts
        )
        assessment.recommend(
            database, row.applied_qualification_id, actor=ASSESSOR, recommendation="pass", reasons=REASONS
        )
    move_case(database, application_id, "recommended_pass", actor=ASSESSOR)


def main() -> int:
    app = application()
    with tempfile.TemporaryDirectory() as folder, shots.data_folder(folder) as data_dir:
        files = Path(folder) / "scans"
        files.mkdir()
        database = open_database(data_dir.database)
        try:
            application_id = prepare(database, data_dir.evidence, files)
            review(database, application_id)
            context = UiContext(database=database, data_dir=data_dir, language=i18n.ENGLISH)
            window = shots.main_window(context, user=SUPERVISOR)
            window.open_case(application_id)
            view = window.cases_page.case_view
            assert view is not None
            view.show_tab("review")
            view.review_panel.select_request(view.review_panel.requests[0].id)
            for language, suffix in shots.LANGUAGES.items():
                window.set_language(language)
                shots.shoot(window, f"review-{suffix}.png", wait=500)
            shots.close(window)
        finally:
            database.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

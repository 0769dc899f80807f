"""Screenshots of the case view for docs/screenshots/: a realistic elderly-care case, in both languages.

The case applies for two qualifications, claims three periods (two overlap, one is part-time), has a
scanned letter (PNG) and a PDF attached, and one file that was also attached to another applicant's
case, which the view flags; ``case-eligibility-*.png`` shows the eligibility tab beside the checklist.
Run under a virtual X server::

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/take_case_screenshots.py
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import screenshot_support as shots
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry
from assessor_app.core.services.catalogue.service import list_qualifications
from assessor_app.core.services.evidence import attachments, case_checklist
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.review.workflow import create_user
from assessor_app.ui import i18n
from assessor_app.ui.app import application
from assessor_app.ui.context import UiContext

DAY = date(2023, 11, 8)
OPERATOR = "Clerk Wong 黃文員"
CLERK = "clerkwong"  # the username every change is recorded under


def letter_png(path: Path) -> Path:
    """A scanned employment letter: a white page with a letterhead, lines of text and a stamp."""
    image = QImage(620, 877, QImage.Format.Format_RGB32)
    image.fill(QColor("#fbfaf6"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(QRectF(0, 0, 620, 90), QColor("#2e5d87"))
    font = QFont(painter.font())
    font.setPixelSize(30)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(30, 20, 560, 50), Qt.AlignmentFlag.AlignVCenter, "Happy Valley Care Home")
    painter.setPen(QPen(QColor("#9aa3ad"), 6))
    for line in range(14):
        y = 160 + line * 38
        painter.drawLine(QPointF(40, y), QPointF(580 - (line % 4) * 60, y))
    painter.setPen(QPen(QColor("#c62828"), 5))
    painter.drawEllipse(QRectF(420, 690, 130, 130))
    painter.end()
    image.save(str(path))
    return path


def tax_note_pdf(path: Path) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, 770, "Tax demand note 2022/23")
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 740, "Employer: Sunrise Elderly Centre")
    pdf.save()
    return path


def hkid_png(path: Path) -> Path:
    image = QImage(540, 340, QImage.Format.Format_RGB32)
    image.fill(QColor("#d9ecf2"))
    painter = QPainter(image)
    painter.fillRect(QRectF(30, 80, 150, 190), QColor("#90a4ae"))
    painter.setPen(QPen(QColor("#607d8b"), 8))
    for line in range(4):
        painter.drawLine(QPointF(210, 110 + line * 40), QPointF(500, 110 + line * 40))
    painter.end()
    image.save(str(path))
    return path


def prepare(database: Database, evidence_dir: Path, files: Path) -> int:
    lodging.set_local_station(database, "LT01")
    create_user(database, "admin", "Administrator", "administrator", actor="admin")
    create_user(database, CLERK, OPERATOR, "intake_clerk", actor="admin")
    event = lodging.create_event(
        database,
        name="安老院舍推廣日 Care home promotion day",
        host_organisation="Happy Valley Care Home 跑馬地護老院",
        venue="Happy Valley",
        event_date=DAY,
        agency_code="HKAG",
    )
    titles = {row.title_en: row.id for row in list_qualifications(database)}
    chosen = [titles["General home care"], titles["Communication with and care for service users"]]
    letter = letter_png(files / "employment-letter-happy-valley.png")

    other = ApplicationForm(
        event_id=event.id,
        name_zh="李小梅",
        surname_en="LEE",
        given_names_en="Siu Mui",
        hkid="CA182361(1)",
        residence_status="A",
        date_of_birth="02/07/1979",
        phone="9876 5432",
        address="香港跑馬地",
        hkid_original_seen=True,
        employment=[
            EmploymentEntry(
                employer="Happy Valley Care Home 跑馬地護老院",
                post="Care worker 護理員",
                industry="Elderly care",
                start="2017-01-01",
                end="2022-12-31",
                proof_status="copy_received",
            )
        ],
        qualification_ids=[chosen[0]],
        pics_acknowledged=True,
    )
    earlier = lodging.lodge_application(database, other, draft_uid=None, operator=CLERK, today=DAY)
    attachments.attach_file(database, evidence_dir, earlier.application_id, letter, operator=CLERK)

    form = ApplicationForm(
        event_id=event.id,
        name_zh="陳美玲",
        surname_en="CHAN",
        given_names_en="Mei Ling",
        hkid="E364912(5)",
        residence_status="A",
        date_of_birth="15/03/1975",
        phone="9123 4567",
        email="meiling.chan@example.com",
        address="香港九龍觀塘道 1 號",
        hkid_original_seen=True,
        hkid_copy_kept=True,
        employment=[
            EmploymentEntry(
                employer="Happy Valley Care Home 跑馬地護老院",
                post="Care worker 護理員",
                industry="Elderly care",
                start="2016-03-01",
                end="2019-06-30",
                proof_status="original_seen",
            ),
            EmploymentEntry(
                employer="Kowloon Home Care Services 九龍家居照顧服務",
                post="Home care assistant 家務助理",
                industry="Elderly care",
                start="2019-05-01",
                end="2021-08-31",
                employment_type="part_time",
                hours_per_week="24",
                proof_status="missing",
            ),
            EmploymentEntry(
                employer="Sunrise Elderly Centre 旭日長者中心",
                post="Senior care worker 高級護理員",
                industry="Elderly care",
                start="2021-09-01",
                present=True,
                proof_status="copy_received",
            ),
        ],
        qualification_ids=chosen,
        pics_acknowledged=True,
    )
    lodged = lodging.lodge_application(database, form, draft_uid=None, operator=CLERK, today=DAY)
    application_id = lodged.application_id
    case_checklist.sync_checklist(database, application_id, operator=CLERK)
    items = case_checklist.checklist(database, evidence_dir, application_id)
    letters = [item for item in items if item.evidence_type == "employer_letter"]
    hkid_item = next(item for item in items if item.evidence_type == "hkid_copy")
    attachments.attach_file(
        database, evidence_dir, application_id, letter, operator=CLERK, item_id=letters[0].id
    )
    tax_item = case_checklist.add_item(
        database, application_id, "tax_demand_note", period_id=letters[2].period_id, operator=CLERK
    )
    case_checklist.set_status(database, tax_item, "copy_received", operator=CLERK)
    attachments.attach_file(
        database,
        evidence_dir,
        application_id,
        tax_note_pdf(files / "tax-demand-note-2022-23.pdf"),
        operator=CLERK,
        item_id=tax_item,
    )
    attachments.attach_file(
        database,
        evidence_dir,
        application_id,
        hkid_png(files / "hkid-copy.png"),
        operator=CLERK,
        item_id=hkid_item.id,
    )
    return application_id


def main() -> int:
    app = application()
    with tempfile.TemporaryDirectory() as folder, shots.data_folder(folder) as data_dir:
        files = Path(folder) / "scans"
        files.mkdir()
        database = open_database(data_dir.database)
        try:
            application_id = prepare(database, data_dir.evidence, files)
            context = UiContext(database=database, data_dir=data_dir, language=i18n.ENGLISH, user=CLERK)
            window = shots.main_window(context)
            window.open_case(application_id)
            view = window.cases_page.case_view
            assert view is not None
            view.evidence_tab.select_item(view.evidence_tab.checklist_model.rows[1].id)
            view.evidence_tab.attachments_panel.select(view.attachments[0].id)
            for language, suffix in shots.LANGUAGES.items():
                window.set_language(language)
                shots.shoot(window, f"case-view-{suffix}.png", wait=500)
                side = view.evidence_tab.side_tabs
                side.setCurrentWidget(view.evidence_tab.eligibility_group)
                shots.shoot(window, f"case-eligibility-{suffix}.png")
                side.setCurrentWidget(view.evidence_tab.attachments_group)
            shots.close(window)
        finally:
            database.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The case view's evidence tab on a 1366x768 laptop screen, in English and in Chinese: the timeline, the
checklist with its "Mark as" buttons and the attachments (with a file shared with another case) in view at
once without scrolling, and the eligibility a tab away beside the attachments."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from assessor_app.core.db.database import Database
from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry
from assessor_app.core.paths import DataDir
from assessor_app.core.services.evidence import attachments, case_checklist
from assessor_app.core.services.intake import lodging
from assessor_app.ui import i18n
from assessor_app.ui.case.evidence_tab import EvidenceTab
from assessor_app.ui.context import UiContext
from assessor_app.ui.main_window import MainWindow
from tests.gui.intake_fixtures import CLERK, EVENT_DAY, prepare_intake, qualification_id
from tests.gui.qt_helpers import finish_tasks, press
from tests.gui.test_intake_fits import LAPTOP_CLIENT

HOME_CARE = "General home care"
COMMUNICATION = "Communication with and care for service users"


def scan(path: Path, colour: str) -> Path:
    image = QImage(620, 877, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return path


def applicant(
    event_id: int, qualifications: list[int], hkid: str, employment: list[EmploymentEntry]
) -> ApplicationForm:
    return ApplicationForm(
        event_id=event_id,
        name_zh="陳美玲",
        surname_en="CHAN",
        given_names_en="Mei Ling",
        hkid=hkid,
        residence_status="A",
        date_of_birth="15/03/1975",
        phone="9123 4567",
        email="meiling.chan@example.com",
        address="香港九龍觀塘道 1 號",
        hkid_original_seen=True,
        hkid_copy_kept=True,
        employment=employment,
        qualification_ids=qualifications,
        pics_acknowledged=True,
    )


def realistic_case(database: Database, data_dir: DataDir, files: Path) -> int:
    """Two qualifications, three periods (two overlap, one part-time) with long bilingual employers, a
    tax note added to the checklist, three files attached and one of them shared with another case."""
    event = prepare_intake(database)
    chosen = [qualification_id(database, HOME_CARE), qualification_id(database, COMMUNICATION)]
    letter = scan(files / "employment-letter-happy-valley.png", "#fbfaf6")
    home = "Happy Valley Care Home 跑馬地護老院"
    other = applicant(
        event.id,
        chosen[:1],
        "CA182361(1)",
        [EmploymentEntry(employer=home, industry="Elderly care", start="2017-01-01", end="2022-12-31")],
    )
    earlier = lodging.lodge_application(database, other, draft_uid=None, operator=CLERK, today=EVENT_DAY)
    evidence_dir = data_dir.evidence
    attachments.attach_file(database, evidence_dir, earlier.application_id, letter, operator=CLERK)
    employment = [
        EmploymentEntry(
            employer=home,
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
        ),
        EmploymentEntry(
            employer="Sunrise Elderly Centre 旭日長者中心",
            post="Senior care worker 高級護理員",
            industry="Elderly care",
            start="2021-09-01",
            present=True,
            proof_status="copy_received",
        ),
    ]
    form = applicant(event.id, chosen, "E364912(5)", employment)
    application_id = lodging.lodge_application(
        database, form, draft_uid=None, operator=CLERK, today=EVENT_DAY
    ).application_id
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
    for name, item_id in (("tax-demand-note-2022-23.png", tax_item), ("hkid-copy.png", hkid_item.id)):
        attachments.attach_file(
            database,
            evidence_dir,
            application_id,
            scan(files / name, "#d9ecf2"),
            operator=CLERK,
            item_id=item_id,
        )
    return application_id


def opened_at_laptop_size(
    ui_context: UiContext, window: MainWindow, qtbot: QtBot, tmp_path: Path, language: str
) -> EvidenceTab:
    """The realistic case opened by the clerk in ``window`` at a laptop's 1366x698, in ``language``: its
    Evidence tab."""
    files = tmp_path / "scans"
    files.mkdir()
    application_id = realistic_case(ui_context.database, ui_context.data_dir, files)
    ui_context.user = CLERK
    window.set_language(language)
    window.resize(LAPTOP_CLIENT)
    window.show()
    qtbot.waitExposed(window)
    window.open_case(application_id)
    finish_tasks(qtbot)
    view = window.cases_page.case_view
    assert view is not None
    return view.evidence_tab


def in_view(widget: QWidget, window: QWidget) -> bool:
    """Shown whole inside the window: not hidden, and not cut by a scrolled or squeezed parent."""
    if not widget.isVisibleTo(window):
        return False
    shown = QRect(QPoint(0, 0), widget.size())
    parent = widget.parentWidget()
    while parent is not None:
        shown = QRect(widget.mapTo(parent, QPoint(0, 0)), widget.size())
        if not parent.rect().contains(shown):
            return False
        if parent is window:
            return True
        widget, parent = parent, parent.parentWidget()
    return False


@pytest.mark.parametrize("language", [i18n.ENGLISH, i18n.CHINESE])
def test_the_evidence_tab_fits_a_1366_by_768_screen(
    ui_context: UiContext, main_window: MainWindow, qtbot: QtBot, tmp_path: Path, language: str
) -> None:
    window = main_window
    tab = opened_at_laptop_size(ui_context, window, qtbot, tmp_path, language)
    tab.select_item(tab.checklist_model.rows[1].id)
    QApplication.processEvents()
    assert window.size() == LAPTOP_CLIENT

    # Nothing on the tab scrolls: it is all in view at once.
    for bar in (tab.scroll_area.verticalScrollBar(), tab.scroll_area.horizontalScrollBar()):
        assert bar.maximum() == 0, (bar.orientation(), bar.maximum())
    assert tab.checklist_model.rowCount() == 5
    buttons: list[QWidget] = [*tab.status_buttons.values(), tab.add_document_button]
    panel = tab.attachments_panel
    buttons += [panel.attach_button, panel.view_button, panel.erase_button, panel.hkid_box]
    for widget in (tab.timeline, tab.requirement_combo, tab.checklist_table, panel.list, *buttons):
        assert in_view(widget, window), (widget.objectName(), widget.geometry())
    for button in buttons:
        assert button.height() >= button.minimumSizeHint().height(), button.objectName()
    # The checklist shows every line, the timeline its bars and legend at their full height.
    table = tab.checklist_table
    assert table.verticalScrollBar().maximum() == 0
    assert tab.timeline.height() >= tab.timeline.heightForWidth(tab.timeline.width())
    # The file shared with another case is named on one line, whole in its tooltip.
    assert in_view(panel.shared_label, window)
    assert panel.shared_label.height() <= 2 * panel.shared_label.fontMetrics().height() + 12
    assert "employment-letter-happy-valley.png" in panel.shared_label.toolTip()

    # The eligibility is one click away, beside the attachments, and shows whole there.
    side = tab.side_tabs
    assert in_view(side.tabBar(), window)
    side.setCurrentWidget(tab.eligibility_group)
    QApplication.processEvents()
    assert in_view(tab.eligibility, window)
    assert HOME_CARE in tab.eligibility.text() or "一般家居照顧" in tab.eligibility.text()
    # Its verdict in brief stays in view on the attachments' side too.
    side.setCurrentWidget(tab.attachments_group)
    QApplication.processEvents()
    assert in_view(tab.eligibility_summary, window)
    assert tab.eligibility_summary.full_text


@pytest.mark.parametrize("language", [i18n.ENGLISH])
def test_tab_leaves_the_checklist_for_its_buttons_and_the_side_tabs(
    ui_context: UiContext, main_window: MainWindow, qtbot: QtBot, tmp_path: Path, language: str
) -> None:
    """A list of whole rows is no Tab trap: Tab from the checklist reaches the Mark-as buttons, then the
    Attachments / Eligibility tabs (arrows move between the checklist's rows)."""
    window = main_window
    tab = opened_at_laptop_size(ui_context, window, qtbot, tmp_path, language)
    window.activateWindow()  # the keys go to the focused widget of the active window
    tab.checklist_table.setFocus()
    qtbot.waitUntil(tab.checklist_table.hasFocus)
    reached: list[QWidget] = []
    for _ in range(40):
        focused = QApplication.focusWidget()
        assert focused is not None
        press(qtbot, focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        reached.append(now)
    assert tab.add_document_button in reached
    assert tab.side_tabs.tabBar() in reached

"""The case view over a real lodged case: attach real files, work the checklist, watch eligibility move."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, QSize, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from assessor_app.core.db.database import Database
from assessor_app.core.domain.application_form import EmploymentEntry
from assessor_app.core.errors import AppError
from assessor_app.core.services.evidence import attachments
from assessor_app.core.services.evidence.case_checklist import ChecklistItem
from assessor_app.core.services.intake import lodging
from assessor_app.ui import i18n, messages, preferences
from assessor_app.ui.case import dialogs, file_access
from assessor_app.ui.case.attachments_panel import THUMBNAIL, AttachmentsModel
from assessor_app.ui.case.case_view import CaseView
from assessor_app.ui.case.checklist_model import ChecklistTableModel
from assessor_app.ui.context import UiContext
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.pages.cases_page import CasesPage
from tests.core.intake_helpers import valid_form
from tests.gui.intake_fixtures import CLERK, EVENT_DAY, prepare_intake, qualification_id
from tests.gui.qt_helpers import check_model, finish_tasks, press

SURVEYING = "Supporting and Ancillary Services – Surveying"  # Logistics level 2: 3 years, 1 relevant
FULL_HKID = ("A123456(3)", "A1234563", "A123456")
MASKED_HKID = "A123***(*)"
REASON = "The letter is not on the company's letterhead"

LABEL_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


# --- a real case --------------------------------------------------------------------------------


def lodge_case(database: Database) -> tuple[int, str, int]:
    """Two Logistics periods: 2 years with the original letter seen, then 2 y 10 m with proof missing."""
    event = prepare_intake(database)
    qualification = qualification_id(database, SURVEYING)
    form = replace(
        valid_form(event_id=event.id, qualification_ids=[qualification]),
        employment=[
            EmploymentEntry(
                employer="Asia Cargo Terminal Ltd",
                post="Cargo handler",
                industry="Logistics",
                start="2019-01-01",
                end="2020-12-31",
                proof_status="original_seen",
                relevant_to=[qualification],  # relevance is per period and qualification now
            ),
            EmploymentEntry(
                employer="Harbour Air Freight Co",
                post="Air freight supervisor",
                industry="Logistics",
                start="2021-01-04",
                present=True,
                proof_status="missing",
                relevant_to=[qualification],
            ),
        ],
    )
    lodged = lodging.lodge_application(database, form, draft_uid=None, operator=CLERK, today=EVENT_DAY)
    return lodged.application_id, lodged.reference_no, qualification


def png(path: Path, width: int = 200, height: int = 100, colour: str = "#2f6db5") -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return path


def pdf(path: Path) -> Path:
    document = canvas.Canvas(str(path), pagesize=A4)
    document.drawString(72, 770, "Employment letter: Harbour Air Freight Co")
    document.save()
    return path


@pytest.fixture
def case(ui_context: UiContext) -> tuple[int, str, int]:
    """The case, and its clerk signed in (who records its evidence in the view)."""
    lodged = lodge_case(ui_context.database)
    ui_context.user = CLERK
    return lodged


@pytest.fixture
def page(ui_context: UiContext, case: tuple[int, str, int], qtbot: QtBot) -> Iterator[CasesPage]:
    cases = CasesPage(ui_context, settings=preferences.open_settings(ui_context.data_dir))
    qtbot.addWidget(cases)
    cases.resize(1200, 900)
    cases.show()
    cases.refresh()
    yield cases
    cases.close()


def open_by_double_click(page: CasesPage, qtbot: QtBot, reference: str) -> CaseView:
    row = next(position for position, row in enumerate(page.model.rows) if row.reference_no == reference)
    index = page.model.index(row, 0)
    centre = page.table.visualRect(index).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # type: ignore[no-untyped-call]
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # type: ignore[no-untyped-call]
    view = page.case_view
    assert view is not None
    assert page.stack.currentWidget() is view
    return view


@pytest.fixture
def view(page: CasesPage, case: tuple[int, str, int], qtbot: QtBot) -> CaseView:
    return open_by_double_click(page, qtbot, case[1])


# --- helpers --------------------------------------------------------------------------------------


def item_for(view: CaseView, employer: str = "", evidence_type: str = "employer_letter") -> ChecklistItem:
    return next(
        item
        for item in view.evidence_tab.checklist_model.rows
        if item.evidence_type == evidence_type and employer in item.period_label
    )


def select(view: CaseView, item: ChecklistItem) -> None:
    view.evidence_tab.select_item(item.id)
    current = view.evidence_tab.current_item()
    assert current is not None
    assert current.id == item.id


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]


def proven(view: CaseView, qualification: int) -> tuple[str, str]:
    label = view.evidence_tab.eligibility.blocks[qualification].proven
    return view.evidence_tab.eligibility.proven_status(qualification), label.text()


def cell(view: CaseView, item_id: int, key: str) -> str:
    row = view.evidence_tab.checklist_model.row_of(item_id)
    assert row is not None
    return str(
        view.evidence_tab.checklist_model.index(
            row, view.evidence_tab.checklist_model.column_index(key)
        ).data()
    )


def stored_files(ui_context: UiContext) -> set[Path]:
    return {path for path in ui_context.data_dir.evidence.rglob("*") if path.is_file()}


def drop(qtbot: QtBot, target: QWidget, paths: list[Path]) -> bool:
    """Drag files over ``target`` and drop them, as a file manager does; True if the drag was accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    enter = QDragEnterEvent(
        QPoint(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, dropped)
    return dropped.isAccepted()


def switch_language(qtbot: QtBot, view: CaseView, context: UiContext, language: str) -> None:
    """As the main window does: the context first, then the translator; wait for the view to follow."""
    context.language = language
    i18n.apply_language(language)
    back = "← 返回個案列表" if language == i18n.CHINESE else "← Back to the list"
    qtbot.waitUntil(lambda: view.back_button.text() == back)


def visible_texts(view: CaseView) -> list[str]:
    """Every string the view can show: widget texts, tooltips, combo items and every model cell."""
    texts: list[str] = []
    for widget in [view, *view.findChildren(QWidget)]:
        texts.append(widget.toolTip())
        texts.append(widget.accessibleDescription())
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
    checklist = view.evidence_tab.checklist_model
    for row in range(checklist.rowCount()):
        for column in range(checklist.columnCount()):
            for role in LABEL_ROLES:
                texts.append(str(checklist.index(row, column).data(role)))
    files = view.evidence_tab.attachments_panel.model
    for row in range(files.rowCount()):
        for role in LABEL_ROLES:
            texts.append(str(files.index(row).data(role)))
    texts.append(view.evidence_tab.timeline.describe())
    return texts


# --- tests ----------------------------------------------------------------------------------------


def test_the_case_opens_from_the_list_with_enter_and_goes_back(
    page: CasesPage, case: tuple[int, str, int], qtbot: QtBot
) -> None:
    application_id, reference, _qualification = case
    row = next(position for position, row in enumerate(page.model.rows) if row.reference_no == reference)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(row, 0))
    press(qtbot, page.table, Qt.Key.Key_Return)
    view = page.case_view
    assert view is not None
    assert page.showing_case()
    assert view.application_id == application_id
    assert view.title.text() == reference
    assert view.status_chip.text() == "Lodged"
    assert "陳大文" in view.values["names"].text()
    assert "CHAN Tai Man" in view.values["names"].text()
    assert view.values["hkid"].text().startswith(MASKED_HKID)
    assert CLERK in view.values["hkid"].text()
    assert view.values["application_date"].text() == EVENT_DAY.isoformat()

    press(qtbot, view.evidence_tab.checklist_table, Qt.Key.Key_Escape)
    assert not page.showing_case()
    selected = page.table.selectionModel().selectedRows()
    assert [page.model.index(index.row(), 0).data() for index in selected] == [reference]

    view = open_by_double_click(page, qtbot, reference)
    click(qtbot, view.back_button)
    assert not page.showing_case()


def test_statuses_move_the_proven_eligibility(
    view: CaseView,
    case: tuple[int, str, int],
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _application_id, _reference, qualification = case
    assert isinstance(view.evidence_tab.checklist_model, ChecklistTableModel)
    check_model(qtmodeltester, view.evidence_tab.checklist_model)
    block = view.evidence_tab.eligibility.blocks[qualification]
    assert block.claimed.property("status") == "meets"
    assert proven(view, qualification) == (
        "short",
        "With proof seen: Short by 12 months: 2 y in the industry (needs 3 y), 2 y relevant (needs 1 y)",
    )
    assert "Asia Cargo Terminal Ltd (Cargo handler)" in block.explanation.text()
    assert "document review" in block.route.text()
    # The timeline shows the unproven period dashed and the 3-year span.
    bars = {bar.label: bar for bar in view.evidence_tab.timeline.layout_bars().bars}
    assert not bars["Harbour Air Freight Co (Air freight supervisor)"].proven
    assert view.evidence_tab.timeline.required_months == 36

    # Missing -> original seen: both periods count now.
    harbour = item_for(view, "Harbour")
    assert harbour.status == "missing"
    select(view, harbour)
    assert not view.evidence_tab.status_buttons["missing"].isEnabled()
    click(qtbot, view.evidence_tab.status_buttons["original_seen"])
    finish_tasks(qtbot)
    assert cell(view, harbour.id, "status") == "Original seen"
    assert CLERK in cell(view, harbour.id, "recorded")
    status, text = proven(view, qualification)
    assert status == "meets"
    assert text.startswith("With proof seen: Meets the rule: 4 y 10 m in the industry")
    assert all(bar.proven for bar in view.evidence_tab.timeline.layout_bars().bars)

    # Rejecting asks why; cancelling the question changes nothing.
    asked: list[str] = []

    def cancel(_parent: QWidget | None, title: str, _prompt: str) -> str | None:
        asked.append(title)
        return None

    monkeypatch.setattr(dialogs, "ask_reason", cancel)
    asia = item_for(view, "Asia Cargo")
    select(view, asia)
    click(qtbot, view.evidence_tab.status_buttons["rejected"])
    assert asked == ["Reject a document"]
    assert cell(view, asia.id, "status") == "Original seen"

    monkeypatch.setattr(dialogs, "ask_reason", lambda _parent, _title, _prompt: REASON)
    click(qtbot, view.evidence_tab.status_buttons["rejected"])
    finish_tasks(qtbot)
    assert cell(view, asia.id, "status") == "Rejected"
    assert cell(view, asia.id, "reason") == REASON
    assert proven(view, qualification) == (
        "short",
        "With proof seen: Short by 2 months: 2 y 10 m in the industry (needs 3 y), 2 y 10 m relevant (needs 1 y)",
    )
    # The claimed result does not depend on the proof.
    assert block.claimed.property("status") == "meets"
    check_model(qtmodeltester, view.evidence_tab.checklist_model)


def test_files_attach_by_picker_and_by_drop(
    view: CaseView,
    case: tuple[int, str, int],
    ui_context: UiContext,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    recorded_messages: list[messages.Message],
) -> None:
    scans = tmp_path / "scans"
    scans.mkdir()
    letter = png(scans / "letter.png")
    tax_note = pdf(scans / "tax-note.pdf")
    harbour = item_for(view, "Harbour")
    select(view, harbour)
    assert "Harbour Air Freight Co" in view.evidence_tab.attachments_panel.target_label.full_text

    monkeypatch.setattr(file_access, "choose_files", lambda _parent: [letter, tax_note])
    click(qtbot, view.evidence_tab.attachments_panel.attach_button)
    finish_tasks(qtbot)
    assert recorded_messages == []
    model = view.evidence_tab.attachments_panel.model
    assert [row.original_name for row in model.rows] == ["letter.png", "tax-note.pdf"]
    assert cell(view, harbour.id, "files") == "2"
    for row in model.rows:
        assert row.evidence_item_id == harbour.id
        assert row.stored_path is not None
        assert row.stored_path.is_file()
        assert row.stored_path.is_relative_to(ui_context.data_dir.evidence)
    assert model.rows[0].stored_path is not None
    assert model.rows[0].stored_path.read_bytes() == letter.read_bytes()

    # Thumbnails: the PNG scaled (keeping its 2:1 shape), the PDF a drawn page.
    png_icon = model.index(0).data(Qt.ItemDataRole.DecorationRole)
    pdf_icon = model.index(1).data(Qt.ItemDataRole.DecorationRole)
    assert png_icon.pixmap(THUMBNAIL).size() == QSize(THUMBNAIL.width(), THUMBNAIL.width() // 2)
    assert pdf_icon.pixmap(THUMBNAIL).size() == THUMBNAIL
    assert model.index(1).data() == "tax-note.pdf"

    # Dropped onto the panel, with no checklist line chosen: attached to the case.
    view.evidence_tab.checklist_table.clearSelection()
    photo = png(scans / "photo of payslip.png", 120, 160, "#c62828")
    assert drop(qtbot, view.evidence_tab.attachments_panel, [photo])
    finish_tasks(qtbot)
    assert [row.original_name for row in model.rows][-1] == "photo of payslip.png"
    assert model.rows[-1].evidence_item_id is None
    assert len(stored_files(ui_context)) == 3
    # The HKID-copy flag marks the files attached with it, then clears itself.
    assert not model.rows[-1].is_hkid_copy
    view.evidence_tab.attachments_panel.hkid_box.setChecked(True)
    assert drop(qtbot, view.evidence_tab.attachments_panel, [png(scans / "hkid-back.png", 90, 60, "#607d8b")])
    finish_tasks(qtbot)
    assert model.rows[-1].original_name == "hkid-back.png"
    assert model.rows[-1].is_hkid_copy
    assert not view.evidence_tab.attachments_panel.hkid_box.isChecked()
    # A web address is not a file: the drag is refused.
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.com/letter.pdf")])
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.evidence_tab.attachments_panel, enter)
    assert not enter.isAccepted()

    # Viewing: the image in the app's viewer, the PDF in the system's program.
    shown: list[Path] = []
    opened: list[Path] = []
    monkeypatch.setattr(file_access, "show_image", lambda _parent, path, _title: shown.append(path))

    def open_outside(path: Path) -> bool:
        opened.append(path)
        return True

    monkeypatch.setattr(file_access, "open_with_system_viewer", open_outside)
    view.evidence_tab.attachments_panel.select(model.rows[0].id)
    click(qtbot, view.evidence_tab.attachments_panel.view_button)
    view.evidence_tab.attachments_panel.select(model.rows[1].id)
    click(qtbot, view.evidence_tab.attachments_panel.view_button)
    assert shown == [model.rows[0].stored_path]
    assert opened == [model.rows[1].stored_path]
    assert recorded_messages == []


def test_the_files_model_passes_the_model_tester(
    view: CaseView,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: ModelTester,
) -> None:
    model = view.evidence_tab.attachments_panel.model
    assert isinstance(model, AttachmentsModel)
    assert model.rowCount() == 0
    check_model(qtmodeltester, model)
    select(view, item_for(view, "Harbour"))
    files = [png(tmp_path / "letter.png"), pdf(tmp_path / "tax-note.pdf")]
    monkeypatch.setattr(file_access, "choose_files", lambda _parent: files)
    click(qtbot, view.evidence_tab.attachments_panel.attach_button)
    finish_tasks(qtbot)
    assert model.rowCount() == 2
    check_model(qtmodeltester, model)


def test_the_image_viewer_shows_the_picture(qtbot: QtBot, tmp_path: Path) -> None:
    viewer = dialogs.ImageViewerDialog(png(tmp_path / "big.png", 1600, 1200), "big.png")
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.waitExposed(viewer)
    pixmap = viewer.picture.pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() < 1600  # fitted to the window
    viewer.fit_box.setChecked(False)
    assert viewer.picture.pixmap().width() == 1600


def test_refused_files_show_the_core_message_and_add_nothing(
    view: CaseView,
    case: tuple[int, str, int],
    ui_context: UiContext,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    recorded_messages: list[messages.Message],
) -> None:
    application_id = case[0]
    empty = tmp_path / "empty-scan.jpg"
    empty.write_bytes(b"")
    fake = tmp_path / "letter.pdf"
    fake.write_text("This is not really a PDF, it is a note.\n", encoding="utf-8")
    expected = []
    for path in (empty, fake):
        with pytest.raises(AppError) as refused:
            attachments.attach_file(
                ui_context.database, ui_context.data_dir.evidence, application_id, path, operator=CLERK
            )
        expected.append(refused.value.message("en"))
    before_files = stored_files(ui_context)
    before_rows = list(view.evidence_tab.attachments_panel.model.rows)

    select(view, item_for(view, "Asia Cargo"))
    monkeypatch.setattr(file_access, "choose_files", lambda _parent: [empty, fake])
    click(qtbot, view.evidence_tab.attachments_panel.attach_button)
    finish_tasks(qtbot)
    assert [message.kind for message in recorded_messages] == ["warning"]
    text = recorded_messages[0].text
    assert "empty-scan.jpg was not attached" in text
    assert "letter.pdf was not attached" in text
    for message in expected:
        assert message in text
    assert view.evidence_tab.attachments_panel.model.rows == before_rows
    assert stored_files(ui_context) == before_files
    assert not any(path.name.startswith(".incoming-") for path in ui_context.data_dir.evidence.rglob("*"))

    # Dropped, the same refusal.
    assert drop(qtbot, view.evidence_tab.attachments_panel, [empty])
    finish_tasks(qtbot)
    assert len(recorded_messages) == 2
    assert expected[0] in recorded_messages[1].text

    # In Chinese, the core's Chinese message.
    switch_language(qtbot, view, ui_context, i18n.CHINESE)
    monkeypatch.setattr(file_access, "choose_files", lambda _parent: [fake])
    click(qtbot, view.evidence_tab.attachments_panel.attach_button)
    finish_tasks(qtbot)
    with pytest.raises(AppError) as refused:
        attachments.attach_file(
            ui_context.database, ui_context.data_dir.evidence, application_id, fake, operator=CLERK
        )
    assert refused.value.message("zh_HK") in recorded_messages[-1].text
    assert view.evidence_tab.attachments_panel.model.rows == before_rows


def test_core_refusals_in_the_checklist_are_shown(
    view: CaseView,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    recorded_messages: list[messages.Message],
) -> None:
    asia = item_for(view, "Asia Cargo")
    rows_before = list(view.evidence_tab.checklist_model.rows)
    # The checklist already has a letter for that period: the core says so, nothing is added.
    monkeypatch.setattr(
        dialogs,
        "ask_new_document",
        lambda _parent, _types, _periods, _language: ("employer_letter", asia.period_id),
    )
    click(qtbot, view.evidence_tab.add_document_button)
    finish_tasks(qtbot)
    assert [message.kind for message in recorded_messages] == ["warning"]
    assert "already has" in recorded_messages[0].text
    assert list(view.evidence_tab.checklist_model.rows) == rows_before

    # A payslip for that period is new: added and selected.
    monkeypatch.setattr(
        dialogs, "ask_new_document", lambda _parent, _types, _periods, _language: ("payslip", asia.period_id)
    )
    click(qtbot, view.evidence_tab.add_document_button)
    finish_tasks(qtbot)
    assert len(recorded_messages) == 1
    added = view.evidence_tab.current_item()
    assert added is not None
    assert added.evidence_type == "payslip"
    assert added.status == "missing"
    assert cell(view, added.id, "document") == "Payslips"


def test_an_hkid_copy_can_be_erased_once(
    view: CaseView,
    ui_context: UiContext,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    recorded_messages: list[messages.Message],
    qtmodeltester: ModelTester,
) -> None:
    copy_item = item_for(view, evidence_type="hkid_copy")
    select(view, copy_item)
    panel = view.evidence_tab.attachments_panel
    assert panel.hkid_box.isChecked()  # the HKID-copy line is chosen: its files are HKID copies
    monkeypatch.setattr(file_access, "choose_files", lambda _parent: [png(tmp_path / "hkid.png", 300, 190)])
    click(qtbot, panel.attach_button)
    finish_tasks(qtbot)
    row = panel.model.rows[-1]
    assert row.is_hkid_copy
    assert row.stored_path is not None
    stored = row.stored_path
    panel.select(row.id)
    assert panel.erase_button.isEnabled()
    assert "HKID copy" in panel.model.index(panel.model.row_of(row.id) or 0).data()

    reasons: list[str] = []

    def reason(_parent: QWidget | None, title: str, _prompt: str) -> str:
        reasons.append(title)
        return "Verified against the original card"

    monkeypatch.setattr(dialogs, "ask_reason", reason)
    click(qtbot, panel.erase_button)
    finish_tasks(qtbot)
    assert reasons == ["Erase the HKID copy"]
    erased = panel.model.rows[-1]
    assert erased.erased_at is not None
    assert erased.stored_path is None
    assert not stored.exists()
    panel.select(erased.id)
    assert not panel.erase_button.isEnabled()
    assert not panel.view_button.isEnabled()
    assert "erased" in str(panel.model.index(len(panel.model.rows) - 1).data())
    assert recorded_messages == []
    check_model(qtmodeltester, panel.model)  # with an erased HKID copy among the files


def test_a_file_shared_with_another_applicant_is_flagged(
    view: CaseView,
    case: tuple[int, str, int],
    ui_context: UiContext,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    letter = png(tmp_path / "letter.png")
    other = lodging.lodge_application(
        ui_context.database,
        replace(
            valid_form(event_id=lodging.list_events(ui_context.database)[0].id, qualification_ids=[case[2]]),
            hkid="E364912(5)",
            name_zh="黃志強",
            surname_en="WONG",
            given_names_en="Chi Keung",
        ),
        draft_uid=None,
        operator=CLERK,
        today=EVENT_DAY,
    )
    attachments.attach_file(
        ui_context.database, ui_context.data_dir.evidence, other.application_id, letter, operator=CLERK
    )
    monkeypatch.setattr(file_access, "choose_files", lambda _parent: [letter])
    click(qtbot, view.evidence_tab.attachments_panel.attach_button)
    finish_tasks(qtbot)
    panel = view.evidence_tab.attachments_panel
    assert not panel.shared_label.isHidden()
    assert panel.shared_label.full_text == f"Same file as case {other.reference_no}: letter.png"
    assert "#b3261e" in panel.shared_label.styleSheet()
    index = panel.model.index(0)
    assert index.data(Qt.ItemDataRole.ForegroundRole) == QColor("#b3261e")
    assert other.reference_no in index.data(Qt.ItemDataRole.ToolTipRole)


def test_the_full_hkid_never_shows(
    view: CaseView,
    ui_context: UiContext,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        file_access, "choose_files", lambda _parent: [png(tmp_path / "a.png"), pdf(tmp_path / "b.pdf")]
    )
    select(view, item_for(view, "Harbour"))
    click(qtbot, view.evidence_tab.attachments_panel.attach_button)
    finish_tasks(qtbot)
    for language in (i18n.ENGLISH, i18n.CHINESE):
        switch_language(qtbot, view, ui_context, language)
        texts = visible_texts(view)
        assert any(MASKED_HKID in text for text in texts)
        for text in texts:
            compact = text.replace(" ", "")
            assert not any(hkid in compact for hkid in FULL_HKID), text


def test_the_view_follows_the_language(
    view: CaseView, case: tuple[int, str, int], ui_context: UiContext, qtbot: QtBot
) -> None:
    qualification = case[2]
    switch_language(qtbot, view, ui_context, i18n.CHINESE)
    assert cell(view, item_for(view, "Asia").id, "document") == "僱主或獲授權人士證明信（工作證明）"
    assert cell(view, item_for(view, "Asia").id, "status") == "已核對正本"
    status, text = proven(view, qualification)
    assert status == "short"
    assert text.startswith("按已有證明：尚欠 12 個月：行業經驗 2 年")
    block = view.evidence_tab.eligibility.blocks[qualification]
    assert block.title.text().endswith("（資歷架構第 2 級）")
    assert "行業" in block.explanation.text()  # the core's explanation, in Chinese
    assert view.status_chip.text() == "已遞交"
    switch_language(qtbot, view, ui_context, i18n.ENGLISH)
    assert proven(view, qualification)[1].startswith("With proof seen: Short by 12 months")
    assert cell(view, item_for(view, "Asia").id, "status") == "Original seen"


def test_the_main_window_opens_a_case_in_the_case_view(
    main_window: MainWindow, case: tuple[int, str, int]
) -> None:
    application_id, reference, _qualification = case
    main_window.show_page("catalogue")
    main_window.open_case(application_id)
    assert main_window.current_page_key() == "cases"
    assert main_window.cases_page.showing_case()
    view = main_window.cases_page.case_view
    assert view is not None
    assert view.title.text() == reference
    # Showing the page again reloads the open case rather than dropping it.
    main_window.show_page("intake")
    main_window.show_page("cases")
    assert main_window.cases_page.showing_case()


def test_back_from_a_case_the_intake_warning_opened_returns_to_the_form(
    main_window: MainWindow, case: tuple[int, str, int], qtbot: QtBot
) -> None:
    """Opened from the intake form's existing-case warning, the case's "Back" returns to the form
    being taken; the Cases page shows its list when next chosen, and a case opened from it goes back to it."""
    application_id, _reference, _qualification = case
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.show_page("intake")
    main_window.intake_page.open_case_requested.emit(application_id)  # the warning's "Open case"
    view = main_window.cases_page.case_view
    assert view is not None
    assert main_window.current_page_key() == "cases"
    assert view.back_button.text() == "← Back to the form"
    view.back_button.click()  # Esc emits the same back_requested (the case view's shortcut)
    assert main_window.current_page_key() == "intake"
    main_window.show_page("cases")
    assert not main_window.cases_page.showing_case()

    main_window.cases_page.open_application(application_id)  # from the list, as Enter on a row opens it
    assert view.back_button.text() == "← Back to the list"
    view.back_button.click()
    assert main_window.current_page_key() == "cases"
    assert not main_window.cases_page.showing_case()


def test_model_index_helpers_survive_an_empty_checklist(qtbot: QtBot, ui_context: UiContext) -> None:
    view = CaseView(ui_context)
    qtbot.addWidget(view)
    assert view.evidence_tab.current_item() is None
    assert view.evidence_tab.checklist_model.data(QModelIndex()) is None
    assert not view.reload()
    assert not any(button.isEnabled() for button in view.evidence_tab.status_buttons.values())


def test_checklist_and_file_writes_stay_off_the_gui_thread(
    view: CaseView,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    recorded_messages: list[messages.Message],
    gui_thread_writes_forbidden: Database,
) -> None:
    harbour = item_for(view, "Harbour")
    select(view, harbour)
    click(qtbot, view.evidence_tab.status_buttons["original_seen"])
    finish_tasks(qtbot)
    assert cell(view, harbour.id, "status") == "Original seen"
    copy_item = item_for(view, evidence_type="hkid_copy")
    select(view, copy_item)
    monkeypatch.setattr(file_access, "choose_files", lambda _parent: [png(tmp_path / "hkid.png", 300, 190)])
    click(qtbot, view.evidence_tab.attachments_panel.attach_button)
    finish_tasks(qtbot)
    monkeypatch.setattr(dialogs, "ask_reason", lambda _parent, _title, _prompt: "Verified")
    click(qtbot, view.evidence_tab.attachments_panel.erase_button)
    finish_tasks(qtbot)
    assert view.evidence_tab.attachments_panel.model.rows[-1].erased_at is not None
    view.load(view.application_id or 0)  # the checklist sync on opening
    finish_tasks(qtbot)
    assert recorded_messages == []


def test_a_write_reaching_the_gui_thread_fails_loudly(
    view: CaseView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, gui_thread_writes_forbidden: Database
) -> None:
    # A regression: the status button's write done in the slot instead of on the task queue.
    monkeypatch.setattr(view.evidence_tab, "write_in_background", lambda work, then: then(work()))
    harbour = item_for(view, "Harbour")
    select(view, harbour)
    with qtbot.captureExceptions() as exceptions:
        click(qtbot, view.evidence_tab.status_buttons["original_seen"])
    (exc_type, exc, _traceback), *_rest = exceptions
    assert exc_type is RuntimeError
    assert "forbidden" in str(exc)
    assert "UPDATE evidence_items" in str(exc)
    view.reload()
    assert cell(view, harbour.id, "status") == "Missing"

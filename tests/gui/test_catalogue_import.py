"""The Catalogue page's import (preview, apply on the writer, problems row by row), the template, and the
intake form's prompt to import when the event's agency has no qualifications on this laptop."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from assessor_app.core.db.database import Database
from assessor_app.core.domain.catalogue import CATALOGUE_COLUMNS, RowProblem
from assessor_app.core.paths import db_path
from assessor_app.core.services.catalogue.service import list_qualifications
from assessor_app.core.services.catalogue.update import preview_catalogue_file
from assessor_app.core.services.intake import lodging
from assessor_app.ui import i18n, messages, tasks
from assessor_app.ui.catalogue import files
from assessor_app.ui.catalogue.import_dialog import (
    CataloguePreviewDialog,
    PreviewTableModel,
    ProblemsTableModel,
    preview_lines,
)
from assessor_app.ui.context import UiContext
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.pages.catalogue_page import CataloguePage
from tests.core.user_helpers import add_user
from tests.gui.qt_helpers import check_model

Row = dict[str, Any]


def seed_rows() -> list[Row]:
    with db_path("seed", "catalogue.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[Row]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CATALOGUE_COLUMNS)
        writer.writeheader()
        writer.writerows([{column: row.get(column, "") for column in CATALOGUE_COLUMNS} for row in rows])
    return path


def dump(database: Database) -> list[tuple[Any, ...]]:
    with database.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text("SELECT * FROM qualifications ORDER BY id"))]


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]


def wait(qtbot: QtBot, task: tasks.Task | None) -> None:
    assert task is not None
    if task.running:
        with qtbot.waitSignal(task.finished, timeout=30_000):
            pass


def infos(recorded: list[messages.Message]) -> list[str]:
    return [message.text for message in recorded if message.kind == "info"]


def hkag_update(tmp_path: Path) -> Path:
    """HKAG's list: one cluster gains a QR number, one is new, "General health check" is left out."""
    rows = [row for row in seed_rows() if row["industry"] == "Elderly care"]
    rows = [row for row in rows if row["title_en"] != "General health check"]
    next(row for row in rows if row["title_en"] == "Infection control")["qr_number"] = "23/000111/L2"
    rows.append(
        {
            "industry": "Elderly care",
            "title_zh": "藥物管理",
            "title_en": "Medication management",
            "qf_level": "3",
        }
    )
    return write_csv(tmp_path / "hkag.csv", rows)


@pytest.fixture
def page(catalogue_page: CataloguePage) -> CataloguePage:
    catalogue_page.context.user = _cataloguer(catalogue_page.context.database)
    return catalogue_page


def _cataloguer(database: Database) -> str:
    """An active user to do the import (any role may; a disabled or unknown one may not)."""
    return add_user(database, "mlwong", "黃美玲 WONG Mei Ling", "intake_clerk").username


def test_import_previews_every_change_then_applies_them_on_the_writer(
    page: CataloguePage,
    gui_thread_writes_forbidden: Database,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    database = gui_thread_writes_forbidden
    path = hkag_update(tmp_path)
    monkeypatch.setattr(files, "ask_import_file", lambda _parent: path)
    before = dump(database)

    wait(qtbot, page.start_import())

    dialog = page.preview_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dump(database) == before  # the preview wrote nothing
    model = dialog.model
    lines = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    added_row = 1 + len([r for r in seed_rows() if r["industry"] == "Elderly care"])  # header + rows - 1 + 1
    assert lines == [
        [
            "Added",
            str(added_row),
            "Elderly care",
            "藥物管理 Medication management",
            "3",
            "",
            "(new qualification)",
            "",
            "",
        ],
        [
            "Changed",
            lines[1][1],
            "Elderly care",
            "感染控制 Infection control",
            "2",
            "23/000111/L2",
            "QR number",
            "(none)",
            "23/000111/L2",
        ],
        [
            "Withdrawn",
            "—",
            "Elderly care",
            "一般健康檢查 General health check",
            "2",
            "",
            "Offered at intake",
            "Yes",
            "No",
        ],
    ]
    assert (
        dialog.summary.text()
        == "hkag.csv: 1 qualification(s) to add, 1 to change, 1 to withdraw; 13 unchanged."
    )
    assert not dialog.withdraw_note.isHidden()

    click(qtbot, dialog.apply_button)
    wait(qtbot, page.task)

    assert not dialog.isVisible()
    listed = {row.title_en: row for row in list_qualifications(database)}
    assert "General health check" not in listed
    assert listed["Infection control"].qr_number == "23/000111/L2"
    assert "Medication management" in {row.title_en for row in page.model.rows}
    assert infos(recorded_messages) == ["Catalogue updated from hkag.csv: 1 added, 1 changed, 1 withdrawn."]

    # The same file again changes nothing and says so without a preview.
    page.preview_dialog = None
    wait(qtbot, page.start_import())
    assert page.preview_dialog is None
    assert infos(recorded_messages)[-1] == "Nothing to change: the catalogue already matches hkag.csv."


def test_cancelling_the_preview_changes_nothing(
    page: CataloguePage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database: Database
) -> None:
    path = hkag_update(tmp_path)
    monkeypatch.setattr(files, "ask_import_file", lambda _parent: path)
    before = dump(database)
    wait(qtbot, page.start_import())
    dialog = page.preview_dialog
    assert dialog is not None
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    assert tasks.wait_for_all(30_000)
    assert dump(database) == before


def test_a_file_changed_after_the_preview_is_refused_and_nothing_changes(
    page: CataloguePage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    database: Database,
    recorded_messages: list[messages.Message],
) -> None:
    path = hkag_update(tmp_path)
    monkeypatch.setattr(files, "ask_import_file", lambda _parent: path)
    wait(qtbot, page.start_import())
    dialog = page.preview_dialog
    assert dialog is not None
    write_csv(path, [row for row in seed_rows() if row["industry"] == "Elderly care"][:2])
    before = dump(database)

    click(qtbot, dialog.apply_button)
    wait(qtbot, page.task)

    assert not dialog.isVisible()
    assert dump(database) == before
    warnings = [message.text for message in recorded_messages if message.kind == "warning"]
    assert warnings == [
        "hkag.csv was not imported: the file or the catalogue changed since the preview. Preview it again. "
        "Nothing was changed."
    ]


def test_problems_are_listed_row_by_row_in_both_languages_and_nothing_changes(
    page: CataloguePage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database: Database
) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            {"industry": "Elderly care", "title_en": "A", "qf_level": "2", "qr_number": "23/000001/L3"},
            {"industry": "Nowhere", "title_en": "B", "qf_level": "2", "open_to_carers": "maybe"},
        ],
    )
    monkeypatch.setattr(files, "ask_import_file", lambda _parent: path)
    before = dump(database)

    wait(qtbot, page.start_import())

    assert page.preview_dialog is None
    dialog = page.problems_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.message.text() == "bad.csv was not imported: 3 problem(s) found. Nothing was changed."
    model = dialog.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Row", "Column", "Reason (English)", "原因（中文）"]
    assert [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())] == [
        [
            "2",
            "qr_number",
            "ends in level 3 but the qualification is level 2",
            "編號顯示第 3 級，但資歷為第 2 級",
        ],
        ["3", "industry", "unknown industry 'Nowhere'", "不明行業「Nowhere」"],
        ["3", "open_to_carers", "'maybe' is not yes or no", "「maybe」不是是或否"],
    ]
    assert dump(database) == before
    click(qtbot, dialog.close_button)
    assert not dialog.isVisible()


def test_an_unreadable_file_gets_the_cores_message(
    page: CataloguePage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
) -> None:
    path = tmp_path / "list.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    monkeypatch.setattr(files, "ask_import_file", lambda _parent: path)
    wait(qtbot, page.start_import())
    assert page.problems_dialog is None
    assert page.preview_dialog is None
    (warning,) = [message for message in recorded_messages if message.kind == "warning"]
    assert warning.text.startswith("list.xlsx is not a readable Excel workbook")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_template_is_saved_with_the_headers_and_an_example(
    page: CataloguePage,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    recorded_messages: list[messages.Message],
    database: Database,
    suffix: str,
) -> None:
    out = tmp_path / f"template{suffix}"
    monkeypatch.setattr(files, "ask_template_path", lambda _parent, _suggested: out)
    click(qtbot, page.template_button)
    wait(qtbot, page.task)
    assert infos(recorded_messages) == [f"Template saved: {out}"]
    if suffix == ".xlsx":
        header = next(openpyxl.load_workbook(out).active.values)
    else:
        with out.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle))
    assert list(header) == list(CATALOGUE_COLUMNS)
    assert len(preview_catalogue_file(database, out).added) == 1


def test_the_import_speaks_chinese(
    page: CataloguePage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = hkag_update(tmp_path)
    monkeypatch.setattr(files, "ask_import_file", lambda _parent: path)
    wait(qtbot, page.start_import())
    dialog = page.preview_dialog
    assert dialog is not None
    page.context.language = i18n.CHINESE
    i18n.apply_language(i18n.CHINESE)
    qtbot.waitUntil(lambda: dialog.apply_button.text() == "套用全部改動")
    assert page.import_button.text() == "匯入評估機構的資歷清單…"
    assert page.template_button.text() == "下載範本…"
    assert dialog.apply_button.text() == "套用全部改動"
    assert dialog.model.index(0, 0).data() == "新增"
    assert dialog.model.headerData(8, Qt.Orientation.Horizontal) == "匯入後"
    assert dialog.summary.text().startswith("hkag.csv：新增 1 項資歷")
    click(qtbot, dialog.cancel_button)


def test_the_preview_and_problem_models_pass_the_model_tester(
    database: Database, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    preview_model = PreviewTableModel()
    check_model(qtmodeltester, preview_model)
    preview_model.set_rows(
        preview_lines(preview_catalogue_file(database, hkag_update(tmp_path), withdraw_missing=True))
    )
    assert preview_model.rowCount() == 3
    check_model(qtmodeltester, preview_model)
    problems = ProblemsTableModel()
    problems.set_rows([RowProblem(2, "qf_level", "is empty", "不可留空")])
    check_model(qtmodeltester, problems)


# --- the intake form's prompt ------------------------------------------------------------------------


@pytest.fixture
def fashion_day(database: Database) -> lodging.EventRow:
    """A promotion day of CITA, whose fashion qualifications this laptop's catalogue does not have."""
    lodging.set_local_station(database, "LT01")
    return lodging.create_event(
        database, name="時裝業推廣日 Fashion day", event_date=date(2026, 12, 2), agency_code="CITA"
    )


def test_an_agency_without_qualifications_is_prompted_to_import_its_list(
    main_window: MainWindow,
    fashion_day: lodging.EventRow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    database: Database,
    ui_context: UiContext,
) -> None:
    path = write_csv(
        tmp_path / "cita.csv",
        [{"industry": "Fashion", "title_zh": "時裝設計", "title_en": "Fashion design", "qf_level": "3"}],
    )
    monkeypatch.setattr(files, "ask_import_file", lambda _parent: path)
    ui_context.user = _cataloguer(database)  # the clerk taking applications
    main_window.show()
    main_window.show_page("intake")
    intake = main_window.intake_page
    intake.select_event(fashion_day.id)
    picker = intake.form.picker
    assert picker.model.rowCount() == 0
    assert picker.empty_agency.isVisible()
    assert "no qualifications of this event's agency" in picker.empty_agency.text()
    assert picker.import_button.isVisible()

    click(qtbot, picker.import_button)

    assert main_window.current_page_key() == "catalogue"
    catalogue = main_window.pages["catalogue"]
    assert isinstance(catalogue, CataloguePage)
    wait(qtbot, catalogue.task)
    dialog = catalogue.preview_dialog
    assert isinstance(dialog, CataloguePreviewDialog)
    click(qtbot, dialog.apply_button)
    wait(qtbot, catalogue.task)

    main_window.show_page("intake")
    assert [picker.model.row_at(r).title_en for r in range(picker.model.rowCount())] == ["Fashion design"]
    assert not picker.empty_agency.isVisible()
    assert not picker.import_button.isVisible()


def test_an_agency_with_qualifications_gets_no_prompt(
    main_window: MainWindow, fashion_day: lodging.EventRow, database: Database
) -> None:
    main_window.show()
    main_window.show_page("intake")
    main_window.intake_page.select_event(fashion_day.id)
    picker = main_window.intake_page.form.picker
    assert picker.empty_agency.isVisible()
    picker.set_agency("HKAG")
    assert picker.model.rowCount() > 0
    assert not picker.empty_agency.isVisible()
    picker.search.setText("no such qualification")
    assert picker.model.rowCount() == 0
    assert not picker.empty_agency.isVisible()  # nothing matches the search, but the agency has a list

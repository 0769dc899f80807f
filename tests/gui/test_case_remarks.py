"""The QF Secretariat's remarks in the case view: once a returned workbook with remarks is imported, each
qualification shows its own remarks beside its eligibility (any HKID in them masked); one without
remarks shows none.

A real demo database, a real exported workbook returned with results and remarks, imported by the core."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from assessor_app.core.services.cases.summary import case_summary, find_application_id
from assessor_app.core.services.sync.export import export_batch
from assessor_app.core.services.sync.import_results import apply_results
from assessor_app.ui import i18n
from assessor_app.ui.case.case_view import CaseView
from assessor_app.ui.context import UiContext
from tests.core.sync.helpers import SUPERVISOR, decrypted, demo_database, fill_results

REMARKS = "Employer letter for 2019 seen in the original; HKID A123456(3) checked.\n請於下次評審補交聘書。"


def _returned_with_remarks(source: Path, target: Path) -> tuple[str, list[str]]:
    """The returned workbook with results, and remarks on the first results row only: the reference of
    that row's case, and of the cases with no remarks at all."""
    filled = fill_results(source, target)
    workbook = load_workbook(filled)
    sheet = workbook["results"]
    keys = [cell.value for cell in sheet[2]]
    sheet.cell(3, keys.index("remarks") + 1).value = REMARKS
    column = keys.index("reference_no") + 1
    references = [str(sheet.cell(row, column).value) for row in range(3, sheet.max_row + 1)]
    workbook.save(target)
    return references[0], sorted(set(references) - {references[0]})


@pytest.fixture
def view(ui_context: UiContext, qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[CaseView, str, list[str]]]:
    database = ui_context.database
    demo_database(database, applications=12, signed_off=4)
    exported = export_batch(database, tmp_path / "batch.xlsx", actor=SUPERVISOR)
    reference, others = _returned_with_remarks(decrypted(exported), tmp_path / "returned.xlsx")
    apply_results(database, tmp_path / "returned.xlsx", actor=SUPERVISOR)
    ui_context.user = SUPERVISOR
    widget = CaseView(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.show()
    yield widget, reference, others
    widget.close()


def test_the_secretariats_remarks_are_shown_with_their_qualification(
    view: tuple[CaseView, str, list[str]], ui_context: UiContext
) -> None:
    widget, reference, _others = view
    application_id = find_application_id(ui_context.database, reference)
    assert widget.load(application_id)
    summary = case_summary(ui_context.database, ui_context.data_dir.evidence, application_id)
    with_remarks = [entry for entry in summary.eligibility if entry.result_remarks]
    assert len(with_remarks) == 1, "the core carries the remarks of the one row that had them"
    panel = widget.evidence_tab.eligibility
    for entry in summary.eligibility:
        block = panel.blocks[entry.qualification.qualification_id]
        if entry.result_remarks:
            assert block.remarks.isVisibleTo(block)
            text = block.remarks.text()
            assert text.startswith("QF Secretariat's remarks on the result: Employer letter for 2019")
            assert "A123***(*)" in text
            assert "A123456" not in text
            assert "請於下次評審補交聘書。" in text
        else:
            assert not block.remarks.isVisibleTo(block)
            assert block.remarks.text() == ""
    assert "QF Secretariat's remarks on the result:" in panel.text()

    i18n.apply_language(i18n.CHINESE)
    QApplication.processEvents()
    block = panel.blocks[with_remarks[0].qualification.qualification_id]
    assert block.remarks.text().startswith("資歷架構秘書處對結果的備註：Employer letter for 2019")


def test_a_case_without_remarks_shows_none(
    view: tuple[CaseView, str, list[str]], ui_context: UiContext
) -> None:
    widget, _reference, others = view
    assert others
    for reference in others:
        application_id = find_application_id(ui_context.database, reference)
        summary = case_summary(ui_context.database, ui_context.data_dir.evidence, application_id)
        assert summary.status == "result_passed"
        assert widget.load(application_id)
        assert widget.evidence_tab.eligibility.blocks
        assert all(
            not block.remarks.isVisibleTo(block) for block in widget.evidence_tab.eligibility.blocks.values()
        )
        assert "QF Secretariat's remarks" not in widget.evidence_tab.eligibility.text()

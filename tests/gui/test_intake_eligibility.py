"""The live eligibility hint on the intake form follows the employment rows as they are typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from assessor_app.ui import i18n
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.gui.intake_fixtures import (
    CTRL,
    SHIFT,
    focused,
    hint_for,
    key,
    qualification_id,
    retype,
    type_cells,
    type_here,
    type_industry,
)


def test_the_hint_turns_from_meets_to_short_when_a_period_is_shortened(
    intake_page: IntakeFormPage,
    ui_context: UiContext,
    qtbot: QtBot,
) -> None:
    page = intake_page
    form = page.form
    hints = form.eligibility_hints
    home_care = qualification_id(ui_context.database, "General home care")  # level 2, community care

    key(qtbot, Qt.Key.Key_F, CTRL)
    type_here(qtbot, "general home")
    key(qtbot, Qt.Key.Key_Return)
    assert hints.isVisible()
    assert hints.text() == "Add employment dates to check eligibility."

    form.line_edits["surname_en"].setFocus()
    key(qtbot, Qt.Key.Key_A, CTRL | SHIFT)
    assert focused() is form.employment_table
    type_cells(qtbot, "Tung Chung Community Centre", "Home care worker")
    type_industry(qtbot, "elder")  # Elderly care, by part of its name
    type_cells(qtbot, "2019-03-01", "2023-10-31")
    # The new row is relevant to the qualification chosen (its details' relevance, ticked by default).
    assert form.employment_model.entries()[0].relevant_to == [home_care]

    # 2019-03-01 to 2023-10-31 is 56 whole months; the rule is 3 years including 2 relevant, and the
    # community-care exam-free window is open on the application date (2023-11-08).
    label = hint_for(qtbot, page, home_care)
    assert label.property("status") == "meets"
    assert label.text() == (
        "General home care (QF L2): Meets the rule: 4 y 8 m in the industry (needs 3 y), 4 y 8 m relevant "
        "(needs 2 y) · Document review (exam-free window until 2028-08-31)"
    )
    assert "color: #1b6e20" in label.styleSheet()
    assert "• Outcome: meets the experience rule; route: document review (documents alone)." in (
        label.toolTip().splitlines()
    )

    # Start later: 2021-04-01 to 2023-10-31 is 31 months, 5 short of 36.
    retype(qtbot, page, "employment.0.start", "2021-04-01")
    assert form.employment_model.entries()[0].start == "2021-04-01"

    label = hint_for(qtbot, page, home_care)
    assert label.property("status") == "short"
    assert label.text() == (
        "General home care (QF L2): Short: 5 months in the industry: 2 y 7 m in the industry (needs 3 y), "
        "2 y 7 m relevant (needs 2 y) · Document review (exam-free window until 2028-08-31)"
    )
    assert "color: #b3261e" in label.styleSheet()
    assert any("short by 5 months" in line for line in label.toolTip().splitlines())

    # In Chinese the summary is translated and the detail is the core's Chinese explanation.
    ui_context.language = i18n.CHINESE
    i18n.apply_language(i18n.CHINESE)
    page.retranslate()
    label = hint_for(qtbot, page, home_care)
    assert label.text().startswith("一般家居照顧（資歷架構第 2 級）：尚欠：行業經驗 5 個月")
    assert any("尚欠 5 個月" in line for line in label.toolTip().splitlines())

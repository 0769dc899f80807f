"""Unlikely dates are shown on the intake form as warnings, in both languages; lodging over them goes
ahead and the audit trail keeps which were overridden."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from assessor_app.core.services import audit
from assessor_app.core.services.intake import lodging
from assessor_app.ui import i18n
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake.employment_model import PROBLEM_ROLE
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.core.intake_helpers import valid_form
from tests.gui.intake_fixtures import CTRL, checked, key, qualification_id, retype


@dataclass(frozen=True)
class Unlikely:
    code: str
    path: str  # the field the core names
    typed: tuple[tuple[str, str], ...]  # (field or employment cell, text), typed in this order
    english: str
    chinese: str


WARNINGS = [
    Unlikely(
        "before_birth",
        "employment.0.start",
        (("employment.0.start", "1980-01-01"),),  # born 15/03/1985
        "This job starts before the applicant's date of birth: check both dates.",
        "此工作的開始日期早於申請人的出生日期：請核對兩個日期。",
    ),
    Unlikely(
        "before_age_15",
        "employment.0.start",
        (("employment.0.start", "1999-09-01"),),  # 14 years old
        "This job starts before the applicant's 15th birthday: check the dates.",
        "此工作在申請人 15 歲生日前開始：請核對日期。",
    ),
    Unlikely(
        "before_1950",
        "employment.0.start",
        (("date_of_birth", "01/01/1930"), ("employment.0.start", "1949-06-01")),  # 93 on the day, 19 then
        "This job starts before 1950: check the year.",
        "此工作在 1950 年前開始：請核對年份。",
    ),
    Unlikely(
        "age_over_100",
        "date_of_birth",
        (("date_of_birth", "01/01/1920"),),  # 103 on 2023-11-08
        "The applicant would be over 100: check the date of birth.",
        "申請人超過 100 歲：請核對出生日期。",
    ),
    Unlikely(
        "received_long_ago",
        "received_on",
        (("received_on", "2023-08-31"),),  # 69 days before 2023-11-08
        "Received more than 60 days ago: check the date or the postmark.",
        "收件日期已超過 60 日：請核對日期或郵戳。",
    ),
]


def load_valid_form(page: IntakeFormPage) -> None:
    """The rest of the form as the applicant filled it in (the typing under test is done by keyboard)."""
    database = page.context.database
    event = page.current_event()
    assert event is not None
    form = valid_form(event_id=event.id, qualification_ids=[qualification_id(database, "Infection control")])
    page.form.load(form)


def shown_text(page: IntakeFormPage, path: str) -> str:
    """The text shown under the field that ``path`` names (employment rows share the table's label)."""
    label = page.form.problem_labels[path.split(".")[0]]
    assert label.isVisible(), path
    assert label.property("severity") == "warning", label.text()
    return label.text()


def overridden(page: IntakeFormPage) -> list[audit.AuditEntry]:
    result = page.last_result
    assert result is not None
    trail = audit.case_history(page.context.database, result.application_id)
    return [entry for entry in trail if entry.action == "warnings_overridden"]


@pytest.mark.parametrize("warning", WARNINGS, ids=[warning.code for warning in WARNINGS])
def test_a_plausibility_warning_is_shown_and_lodging_over_it_is_audited(
    warning: Unlikely,
    intake_page: IntakeFormPage,
    ui_context: UiContext,
    qtbot: QtBot,
) -> None:
    page = intake_page
    load_valid_form(page)
    for where, text in warning.typed:
        retype(qtbot, page, where, text)
    checked(qtbot, page)

    if warning.path.startswith("employment."):
        model = page.form.employment_model
        cell = model.index(0, model.column_index("start"))
        assert cell.data(PROBLEM_ROLE) == "warning"
        assert cell.data(Qt.ItemDataRole.ToolTipRole) == warning.english
        assert shown_text(page, warning.path) == f"Row 1, Start: {warning.english}"
    else:
        assert shown_text(page, warning.path).splitlines() == [warning.english]
        assert page.form.inputs[warning.path].property("problem") == "warning"

    ui_context.language = i18n.CHINESE
    i18n.apply_language(i18n.CHINESE)
    page.retranslate()
    assert shown_text(page, warning.path).endswith(warning.chinese)

    # Not blocking: Ctrl+S lodges, and the trail names the warning the clerk lodged over.
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=10_000)
    assert page.last_result is not None
    assert [problem.code for problem in page.last_result.warnings] == [warning.code]
    assert page.lodged_warnings.isVisible()
    assert page.lodged_warnings.text().endswith(warning.chinese)
    ((entry,),) = [overridden(page)]
    assert entry.new_value == f"{warning.path}:{warning.code}"
    assert entry.reason == warning.english


def test_a_clean_form_shows_no_warning_and_lodges_without_an_override(
    intake_page: IntakeFormPage,
    qtbot: QtBot,
) -> None:
    page = intake_page
    load_valid_form(page)
    retype(qtbot, page, "received_on", "2023-11-01")
    retype(qtbot, page, "employment.0.start", "2015-04-01")
    checked(qtbot, page)
    shown = {key: label.text() for key, label in page.form.problem_labels.items() if label.isVisible()}
    assert shown == {}
    assert page.problems() == []

    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=10_000)
    assert page.last_result is not None
    assert page.last_result.warnings == ()
    assert page.lodged_warnings.isHidden()
    assert overridden(page) == []
    assert lodging.open_drafts(page.context.database) == []

"""A known HKID at intake: the stored particulars beside the typed ones, and the clerk's choice lodged."""

from __future__ import annotations

import sqlite3

import pytest
from pytestqt.qtbot import QtBot

from assessor_app.core.services.intake import lodging
from assessor_app.ui.pages.intake_form_page import IntakeFormPage
from tests.core.intake_helpers import valid_form
from tests.gui.intake_fixtures import (
    CLERK,
    EVENT_DAY,
    qualification_id,
)


def _rows(page: IntakeFormPage, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(page.context.database.path) as connection:
        return list(connection.execute(sql))


@pytest.mark.parametrize("use_new", [False, True], ids=["keep_stored", "use_new"])
def test_a_known_hkid_shows_the_differences_and_lodges_the_choice(
    use_new: bool,
    intake_page: IntakeFormPage,
    intake_event: lodging.EventRow,
    qtbot: QtBot,
) -> None:
    page = intake_page
    database = page.context.database
    infection = qualification_id(database, "Infection control")
    lodging.lodge_application(
        database,
        valid_form(event_id=intake_event.id, qualification_ids=[infection]),
        draft_uid=None,
        operator=CLERK,
        today=EVENT_DAY,
    )
    again = valid_form(event_id=intake_event.id, qualification_ids=[infection])
    again.phone = "2123 4567"
    again.address = "九龍彌敦道 1 號"
    lodging.save_draft(database, "again", again)
    page.restore_draft(lodging.open_drafts(database)[0])
    panel = page.form.known_applicant
    assert panel.isVisible()
    assert panel.table.text().splitlines() == [
        "Phone: stored “+85291234567” · typed “+85221234567”",
        "Address: stored “香港大嶼山東涌富東邨富東樓 1 號” · typed “九龍彌敦道 1 號”",
    ]
    assert panel.keep_button.isChecked()  # the default: the record stays as it is
    if use_new:
        panel.use_button.setChecked(True)
    page.lodge()
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=10_000)
    stored = _rows(page, "SELECT phone, address FROM applicants")
    lodged = _rows(page, "SELECT phone, address FROM applications ORDER BY id")
    audited = _rows(
        page,
        "SELECT field, old_value, new_value FROM audit_events WHERE action = 'particulars_updated' ORDER BY id",
    )
    assert lodged == [
        ("+85291234567", "香港大嶼山東涌富東邨富東樓 1 號"),
        ("+85221234567", "九龍彌敦道 1 號"),
    ]
    if use_new:
        assert stored == [("+85221234567", "九龍彌敦道 1 號")]
        assert audited == [
            ("phone", "+85291234567", "+85221234567"),
            ("address", "香港大嶼山東涌富東邨富東樓 1 號", "九龍彌敦道 1 號"),
        ]
    else:
        assert stored == [("+85291234567", "香港大嶼山東涌富東邨富東樓 1 號")]
        assert audited == []

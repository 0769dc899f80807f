"""A clerk who never stops: signs in, then saves drafts and lodges applications until killed.

Run as ``python -m tests.core.save_loop DATA_DIR JOURNAL FIRST`` (by the kill test, through the fork
server): it takes the data folder's lock and signs in as the CLI does ($ASSESSOR_APP_USER,
$ASSESSOR_PASSWORD), then for applicant FIRST, FIRST + 1, ... saves the draft twice (as the autosave
does while the form is typed, then when it is complete) and lodges it from that draft, leaving every
fourth one as an open draft. Around each call it appends a line to JOURNAL: ``{"intent": ...}`` before,
and ``{"done": ...}`` once the service has returned (fsynced): a ``done`` line is a save confirmed to
the user, which no kill may take back.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.instance_guard import InstanceLock
from assessor_app.core.db.models.cases import EventRecord
from assessor_app.core.domain.application_form import ApplicationForm
from assessor_app.core.domain.hkid import check_digit
from assessor_app.core.security.sign_in import sign_in
from assessor_app.core.services.intake import lodging
from tests.core.intake_helpers import valid_form
from tests.core.test_evidence import qualification_id

VERSIONS = 2  # drafts saved per applicant before it is lodged
FAMILY = ["陳", "李", "張", "黃", "何", "林", "梁", "吳"]
GIVEN = ["嘉欣", "子軒", "詠詩", "浩然", "美玲", "志強"]


def lodged(number: int) -> bool:
    """Whether applicant ``number`` is lodged (else left as an open draft, as after a walk-away)."""
    return number % 4 != 3


def draft_uid(number: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kill-saves/{number}"))


def hkid_of(number: int) -> str:
    digits = f"{300000 + number:06d}"
    return f"K{digits}{check_digit('K', digits)}"


def _letters(number: int) -> str:
    """The number in letters (a surname holds letters only)."""
    text = ""
    while True:
        number, digit = divmod(number, 26)
        text = chr(ord("a") + digit) + text
        if not number:
            return text


def form_for(number: int, version: int, event_id: int, qualification_ids: list[int]) -> ApplicationForm:
    """Applicant ``number``'s form as saved the ``version``-th time (1: half typed, VERSIONS: complete)."""
    complete = valid_form(event_id=event_id, qualification_ids=qualification_ids)
    form = replace(
        complete,
        hkid=hkid_of(number),
        name_zh=FAMILY[number % len(FAMILY)] + GIVEN[number % len(GIVEN)],
        surname_en=f"tester{_letters(number)}",
        phone=f"9{1000000 + number:07d}",
        email=f"tester{number}@example.com",
    )
    if version < VERSIONS:
        return replace(form, employment=form.employment[:1], email="", address="")
    return form


def chosen(database: Database) -> tuple[int, list[int]]:
    """The event the clerk types into, and the qualification every applicant applies for."""
    with database.session() as session:
        event_id = session.scalars(select(EventRecord.id).order_by(EventRecord.id)).first()
    assert event_id is not None
    return event_id, [qualification_id(database, industry="Logistics", level=2)]


class Journal:
    """The side file: intents, then confirmations fsynced once the call has returned."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def write(self, line: dict[str, object], *, sync: bool) -> None:
        os.write(self.fd, (json.dumps(line) + "\n").encode())
        if sync:
            os.fsync(self.fd)


def main() -> None:
    data_dir, journal_path, first = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    journal = Journal(journal_path)
    user, password = os.environ["ASSESSOR_APP_USER"], os.environ["ASSESSOR_PASSWORD"]
    with InstanceLock(data_dir, wait=3):
        database = sign_in(data_dir / "cases.sqlite3", user, password).database
        event_id, qualification_ids = chosen(database)
        journal.write({"signed_in": first}, sync=False)
        number = first
        while True:
            uid = draft_uid(number)
            for version in range(1, VERSIONS + 1):
                save = {"draft": number, "version": version}
                journal.write({"intent": save}, sync=False)
                lodging.save_draft(database, uid, form_for(number, version, event_id, qualification_ids))
                journal.write({"done": save}, sync=True)
            if lodged(number):
                journal.write({"intent": {"lodge": number}}, sync=False)
                result = lodging.lodge_application(
                    database,
                    form_for(number, VERSIONS, event_id, qualification_ids),
                    draft_uid=uid,
                    operator=user,
                )
                done = {"lodge": number, "reference": result.reference_no, "id": result.application_id}
                journal.write({"done": done}, sync=True)
            number += 1


if __name__ == "__main__":
    main()

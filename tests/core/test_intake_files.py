"""Files attached at intake: stored before the case exists, recorded on it in the lodging transaction,
released (shredded) only when no case and no other open draft holds the same content."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicationRecord, EvidenceFileRecord
from assessor_app.core.domain.application_form import ApplicationForm
from assessor_app.core.errors import AppError
from assessor_app.core.services.evidence import attachments, intake_files
from assessor_app.core.services.evidence.store_layout import stored_path
from assessor_app.core.services.intake import lodging
from tests.core.intake_helpers import valid_form
from tests.core.test_evidence import EVENT_DAY, pdf_bytes, png_bytes, qualification_id, setup_intake, write

pytestmark = pytest.mark.also_encrypted  # clear and encrypted database (tests/core/conftest.py)


def a_form(database: Database, event_id: int, hkid: str = "A123456(3)") -> ApplicationForm:
    chosen = [qualification_id(database, industry="Logistics", level=2)]
    return replace(valid_form(event_id=event_id, qualification_ids=chosen), hkid=hkid)


def test_files_stored_before_lodging_are_recorded_on_the_case_once(
    database: Database, tmp_path: Path
) -> None:
    event_id = setup_intake(database)
    evidence = tmp_path / "data" / "evidence"
    photo = attachments.store_unrecorded(database, evidence, write(tmp_path / "letter.png", png_bytes()))
    letter = attachments.store_unrecorded(database, evidence, write(tmp_path / "letter.pdf", pdf_bytes()))
    assert attachments.in_store(database, evidence, photo)
    form = a_form(database, event_id)
    form.attachments = [photo, letter, photo]  # the same content twice is recorded once
    lodging.save_draft(database, "d1", form)

    result = intake_files.lodge_with_files(
        database, evidence, form, draft_uid="d1", operator="clerk", today=EVENT_DAY
    )
    rows = attachments.list_attachments(database, evidence, result.application_id)
    assert [(row.original_name, row.media_type, row.added_by) for row in rows] == [
        ("letter.png", "image/png", "clerk"),
        ("letter.pdf", "application/pdf", "clerk"),
    ]
    assert lodging.open_drafts(database) == []
    # Held by the case now: taking it off another form keeps it.
    assert not intake_files.release_file(database, evidence, photo, draft_uid="another")
    assert stored_path(evidence, photo.sha256, photo.media_type, database.data_key).exists()


def test_a_file_lost_from_the_store_stops_the_lodging(database: Database, tmp_path: Path) -> None:
    event_id = setup_intake(database)
    evidence = tmp_path / "data" / "evidence"
    photo = attachments.store_unrecorded(database, evidence, write(tmp_path / "letter.png", png_bytes()))
    stored_path(evidence, photo.sha256, photo.media_type, database.data_key).unlink()
    form = a_form(database, event_id)
    form.attachments = [photo]
    with pytest.raises(AppError) as refused:
        intake_files.lodge_with_files(
            database, evidence, form, draft_uid=None, operator="clerk", today=EVENT_DAY
        )
    assert refused.value.code == "attachment_missing"
    assert "申請未有遞交" in refused.value.zh
    with database.session() as session:
        assert session.scalar(select(func.count(ApplicationRecord.id))) == 0
        assert session.scalar(select(func.count(EvidenceFileRecord.id))) == 0


def test_a_file_taken_off_is_shredded_unless_another_open_draft_lists_it(
    database: Database, tmp_path: Path
) -> None:
    event_id = setup_intake(database)
    evidence = tmp_path / "data" / "evidence"
    photo = attachments.store_unrecorded(database, evidence, write(tmp_path / "letter.png", png_bytes()))
    target = stored_path(evidence, photo.sha256, photo.media_type, database.data_key)
    other = a_form(database, event_id, hkid="G1234560")
    other.attachments = [photo]
    lodging.save_draft(database, "other", other)
    mine = a_form(database, event_id)
    mine.attachments = [photo]
    lodging.save_draft(database, "mine", mine)

    assert not intake_files.release_file(database, evidence, photo, draft_uid="mine")
    assert target.exists()
    lodging.discard_draft(database, "other")  # no longer open: nothing else holds it
    assert intake_files.release_file(database, evidence, photo, draft_uid="mine")
    assert not target.exists()
    assert [path for path in evidence.rglob("*") if path.is_file()] == []

"""Files attached at intake, before the case exists: stored at once, recorded on the case as it is lodged.

The clerk attaches a scan, photo or PDF to the form being typed: ``attachments.store_unrecorded`` checks and
copies it into the evidence store exactly as a case's attachment is checked and copied, and the form (so
its draft) lists it. :func:`lodge_with_files` checks that every listed file is still in the store,
then lodges the form and writes each file's row on the new case in the same transaction. A file taken off
the form before lodging, or left on a draft that is discarded or purged, is shredded unless a case or
another open draft holds the same content.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicationRecord, DraftRecord, EvidenceFileRecord
from assessor_app.core.domain.application_form import ApplicationForm, FormAttachment
from assessor_app.core.errors import AppError
from assessor_app.core.secure_delete import shred
from assessor_app.core.services.evidence.attachments import in_store, record_file
from assessor_app.core.services.evidence.store_layout import stored_path
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.intake.form_check import checked_form


def with_file(files: list[FormAttachment], added: FormAttachment) -> list[FormAttachment]:
    """The form's files with ``added`` (the same content twice is listed once)."""
    return files if any(file.sha256 == added.sha256 for file in files) else [*files, added]


def release_file(database: Database, evidence_dir: Path, released: FormAttachment, *, draft_uid: str) -> bool:
    """Shred a file taken off the form ``draft_uid`` unless a case or another open draft holds its content;
    True if it was shredded."""
    with database.engine.connect() as connection:
        recorded = connection.scalar(
            select(EvidenceFileRecord.id).where(EvidenceFileRecord.sha256 == released.sha256).limit(1)
        )
        drafts = connection.execute(
            select(DraftRecord.uid, DraftRecord.payload_json).where(
                DraftRecord.state == lodging.DRAFT_OPEN,
                DraftRecord.uid != draft_uid,
                DraftRecord.payload_json.contains(released.sha256),
            )
        ).all()
    if recorded is not None or any(_lists(payload, released.sha256) for _uid, payload in drafts):
        return False
    target = stored_path(evidence_dir, released.sha256, released.media_type, database.data_key)
    if not target.exists():
        return False
    try:
        shred(target)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise AppError(
            f"Cannot delete {released.original_name} from the evidence folder: {reason}.",
            f"無法從證明文件資料夾刪除 {released.original_name}：{reason}。",
            code="attachment_unwritable",
        ) from exc
    return True


def discard_with_files(database: Database, evidence_dir: Path, draft: lodging.DraftRow) -> None:
    """Discard an open draft, and shred the files only it held."""
    lodging.discard_draft(database, draft.uid)
    for file in draft.form.attachments:
        release_file(database, evidence_dir, file, draft_uid=draft.uid)


def _lists(payload: str, sha256: str) -> bool:
    form = ApplicationForm.from_dict(json.loads(payload))
    return any(file.sha256 == sha256 for file in form.attachments)


def lodge_with_files(
    database: Database,
    evidence_dir: Path,
    form: ApplicationForm,
    *,
    draft_uid: str | None,
    operator: str,
    today: date | None = None,
    update_particulars: bool = False,
) -> lodging.LodgeResult:
    """:func:`lodging.lodge_application`, and the form's files recorded on the new case in the same
    transaction; refused (nothing lodged) when one of them is no longer whole in the store."""
    files: list[FormAttachment] = []
    for file in form.attachments:
        files = with_file(files, file)
    for file in files:  # checked before the transaction that records them
        if not in_store(database, evidence_dir, file):
            raise AppError(
                f"The attached file {file.original_name} is no longer in the evidence folder {evidence_dir}: "
                "take it off the form and attach it again. Nothing was lodged.",
                f"附加的檔案 {file.original_name} 已不在證明文件資料夾 {evidence_dir}：請從申請表移除後重新附加。"
                "申請未有遞交。",
                code="attachment_missing",
            )
    today = today or date.today()
    with database.session() as session:
        operator = lodging.lodging_user(session, operator)
        result = lodging.lodge_in_session(
            session,
            checked_form(session, form, today=today),
            draft_uid=draft_uid,
            operator=operator,
            today=today,
            update_particulars=update_particulars,
        )
        application = session.get(ApplicationRecord, result.application_id)
        assert application is not None
        for file in files:
            record_file(session, application, file, operator=operator)
    return result

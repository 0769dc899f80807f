"""Scans, photos and PDFs in the managed evidence store, named by their SHA-256.

A file is checked before anything is copied (exists, readable, not empty, within the size limit, and a
JPEG, PNG, PDF or TIFF by its content, not its name: :mod:`.file_kinds`), then copied into a temporary file inside the
evidence folder while it is hashed, flushed to disk and renamed into ``evidence/ab/abcdef….ext``. On any
error the temporary file is removed, so nothing half-copied is ever left behind. Identical content is
stored once. HKID copies can be erased once the applicant's HKID has been verified (the file shredded).

With the data key (an encrypted case database) the file is read into memory, never written in clear,
and stored sealed with AES-GCM (:mod:`assessor_app.core.security.evidence_files`); reading it back
goes through :mod:`.reading`. A clear database keeps clear files as before.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    EvidenceFileRecord,
    EvidenceItemRecord,
)
from assessor_app.core.domain.application_form import FormAttachment
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.private_files import fsync_folder, private_folder
from assessor_app.core.secure_delete import replace_and_shred, shred
from assessor_app.core.security import evidence_files
from assessor_app.core.services import audit
from assessor_app.core.services.evidence.case_checklist import (
    HKID_COPY,
    AttachmentRow,
    attachment_rows,
    evidence_recorder,
)
from assessor_app.core.services.evidence.file_kinds import Sniffed, sniff
from assessor_app.core.services.evidence.store_layout import stored_path
from assessor_app.core.services.shared import (
    acting_user,
    application_not_found,
    assert_editable,
    load_application,
)

log = logging.getLogger(__name__)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024
SNIFF_BYTES = 8192
TEMP_PREFIX = ".incoming-"


def remove_leftover_copies(evidence_dir: Path) -> int:
    """Delete temporary copies left by a crash or power cut mid-attach (never referenced by a row)."""
    removed = 0
    if evidence_dir.is_dir():
        for leftover in evidence_dir.glob(f"{TEMP_PREFIX}*.tmp"):
            leftover.unlink(missing_ok=True)
            removed += 1
    return removed


# --- Checks before copying ----------------------------------------------------------------------


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _check_source(source: Path) -> tuple[int, Sniffed]:
    """Refuse a missing, unreadable, empty, oversized or unsupported file; nothing is copied yet."""
    name = source.name
    if not source.exists():
        raise ValidationError(
            f"The file {source} does not exist (moved, renamed or on a disconnected drive).",
            f"檔案 {source} 不存在（可能已移動、改名或所在磁碟已中斷連接）。",
            code="attachment_missing",
        )
    if not source.is_file():
        raise ValidationError(
            f"{source} is not a file that can be attached (it is a folder or a device).",
            f"{source} 不是可附加的檔案（是資料夾或裝置）。",
            code="attachment_unreadable",
        )
    try:
        size = source.stat().st_size
        with source.open("rb") as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ValidationError(
            f"The file {name} cannot be read ({reason}). Check that you may open it and try again.",
            f"無法讀取檔案 {name}（{reason}）。請確認你有權限開啟該檔案後再試。",
            code="attachment_unreadable",
        ) from exc
    if size == 0 or not head:
        raise ValidationError(
            f"The file {name} is empty (0 bytes): scan or photograph the document again.",
            f"檔案 {name} 是空的（0 位元組）：請重新掃描或拍攝文件。",
            code="attachment_empty",
        )
    limit = MAX_ATTACHMENT_BYTES
    if size > limit:
        raise ValidationError(
            f"The file {name} is {_megabytes(size)} ({size:,} bytes); the limit is {_megabytes(limit)} "
            f"({limit:,} bytes). Scan it at a lower resolution or split it into several files.",
            f"檔案 {name} 大小為 {_megabytes(size)}（{size:,} 位元組），超出上限 {_megabytes(limit)}"
            f"（{limit:,} 位元組）。請以較低解像度掃描或分拆為多個檔案。",
            code="attachment_too_large",
        )
    sniffed = sniff(head, source)
    if sniffed.media_type is None:
        what_en = (
            f"it is {sniffed.description_en}" if sniffed.description_en else "its content is not recognised"
        )
        what_zh = f"它是{sniffed.description_zh}" if sniffed.description_zh else "無法辨認其內容"
        raise ValidationError(
            f"The file {name} cannot be attached: {what_en}. Attach a JPEG, PNG, TIFF or PDF "
            "(scan or save the document in one of those formats).",
            f"無法附加檔案 {name}：{what_zh}。請附加 JPEG、PNG、TIFF 或 PDF 檔案（請以上述格式掃描或儲存文件）。",
            code="attachment_unsupported",
        )
    return size, sniffed


# --- Copying into the store ---------------------------------------------------------------------


def _write_chunk(stream: BinaryIO, chunk: bytes) -> None:
    """One write into the temporary copy (the single point where a full disk shows up)."""
    stream.write(chunk)


def _unwritable(evidence_dir: Path, exc: OSError) -> AppError:
    if exc.errno == errno.ENOSPC:
        en_reason, zh_reason = "the disk is full", "磁碟已滿"
    else:
        en_reason = zh_reason = exc.strerror or str(exc)
    return AppError(
        f"Cannot copy the file into the evidence folder {evidence_dir}: {en_reason}. Nothing was attached; "
        "free some disk space or check the folder and try again.",
        f"無法把檔案複製到證明文件資料夾 {evidence_dir}：{zh_reason}。檔案未有附加；請騰出磁碟空間或檢查資料夾後再試。",
        code="attachment_unwritable",
    )


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_to_temp(source: Path, evidence_dir: Path, data_key: bytes | None = None) -> tuple[Path, str, int]:
    """Copy ``source`` into a private temporary file in the store, hashing it: (temp path, sha256, size).

    The temporary file is removed on any error, and the copy is refused if the source grew past the
    limit since it was checked. With ``data_key`` the content is held in memory (at most the size
    limit) and only its sealed form is written.
    """
    try:
        private_folder(evidence_dir)
        handle, name = tempfile.mkstemp(dir=evidence_dir, prefix=TEMP_PREFIX, suffix=".tmp")
    except OSError as exc:
        raise _unwritable(evidence_dir, exc) from exc
    temporary = Path(name)
    try:
        digest = hashlib.sha256()
        size = 0
        held: list[bytes] = []
        with os.fdopen(handle, "wb") as target:
            try:
                reader = source.open("rb")
            except OSError as exc:
                raise _unreadable_during_copy(source, exc) from exc
            with reader:
                while True:
                    try:
                        chunk = reader.read(CHUNK_BYTES)
                    except OSError as exc:
                        raise _unreadable_during_copy(source, exc) from exc
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > MAX_ATTACHMENT_BYTES:
                        raise ValidationError(
                            f"The file {source.name} grew past the {_megabytes(MAX_ATTACHMENT_BYTES)} limit while it was being copied.",
                            f"檔案 {source.name} 在複製期間超出 {_megabytes(MAX_ATTACHMENT_BYTES)} 上限。",
                            code="attachment_too_large",
                        )
                    digest.update(chunk)
                    if data_key is not None:
                        held.append(chunk)
                        continue
                    try:
                        _write_chunk(target, chunk)
                    except OSError as exc:
                        raise _unwritable(evidence_dir, exc) from exc
            if data_key is not None:
                sealed = evidence_files.seal(b"".join(held), digest.hexdigest(), data_key)
                held.clear()
                try:
                    for start in range(0, len(sealed), CHUNK_BYTES):
                        _write_chunk(target, sealed[start : start + CHUNK_BYTES])
                except OSError as exc:
                    raise _unwritable(evidence_dir, exc) from exc
            try:
                target.flush()
                os.fsync(target.fileno())
            except OSError as exc:
                raise _unwritable(evidence_dir, exc) from exc
        if size == 0:
            raise ValidationError(
                f"The file {source.name} was emptied while it was being copied.",
                f"檔案 {source.name} 在複製期間變成空白。",
                code="attachment_empty",
            )
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    return temporary, digest.hexdigest(), size


def _unreadable_during_copy(source: Path, exc: OSError) -> AppError:
    reason = exc.strerror or str(exc)
    return ValidationError(
        f"The file {source.name} could not be read while copying it ({reason}). Nothing was attached.",
        f"複製檔案 {source.name} 時無法讀取（{reason}）。檔案未有附加。",
        code="attachment_unreadable",
    )


def _intact(target: Path, sha256: str, data_key: bytes | None) -> bool:
    """The stored file is there and holds the content its name says (sealed under ``data_key`` when
    given: a legacy clear file is then not kept as it is)."""
    if not target.exists():
        return False
    if data_key is None:
        return _hash_file(target) == sha256
    try:
        data = target.read_bytes()
        return evidence_files.is_sealed(data) and bool(evidence_files.unseal(data, sha256, data_key, target))
    except AppError:
        return False


def _place(
    temporary: Path, target: Path, sha256: str, evidence_dir: Path, data_key: bytes | None = None
) -> bool:
    """Move the verified temporary copy to ``target``; True if a new file was created there.

    An existing file with the same hash is reused (the temporary copy is dropped); one whose content no
    longer matches its name (damaged), or a clear one when the store is sealed, is replaced (a clear
    one shredded).
    """
    try:
        private_folder(target.parent)
        if _intact(target, sha256, data_key):
            temporary.unlink()
            return False
        created = not target.exists()
        if data_key is not None and not created:
            replace_and_shred(temporary, target)
        else:
            os.replace(temporary, target)
        if os.name == "posix":
            target.chmod(0o600)
        with contextlib.suppress(OSError):  # durability is best effort here: the file is in place
            fsync_folder(target.parent)
    except OSError as exc:
        raise _unwritable(evidence_dir, exc) from exc
    return created


def _describe(record: EvidenceFileRecord) -> str:
    return f"{record.original_name} sha256:{record.sha256} ({record.media_type}, {record.size_bytes} bytes)"


def _row(database: Database, evidence_dir: Path, application_id: int, file_id: int) -> AttachmentRow:
    for row in list_attachments(database, evidence_dir, application_id):
        if row.id == file_id:
            return row
    raise AssertionError(f"attachment {file_id} vanished")  # pragma: no cover - read after our own commit


def attach_file(
    database: Database,
    evidence_dir: Path,
    application_id: int,
    source: Path,
    *,
    operator: str,
    item_id: int | None = None,
    is_hkid_copy: bool = False,
) -> AttachmentRow:
    """Check, copy and record one file for a case; the same content twice returns the existing row.

    Attaching to a checklist item of type ``hkid_copy`` marks the file as an HKID copy. Refused with a
    bilingual ``AppError`` (codes ``attachment_missing``, ``attachment_unreadable``, ``attachment_empty``,
    ``attachment_too_large``, ``attachment_unsupported``, ``attachment_unwritable``, ``case_locked``...)
    and then nothing is left in the evidence folder or the database.
    """
    source = Path(source)
    with database.session() as session:
        operator = evidence_recorder(
            session, operator, doing_en="attach a file to a case", doing_zh="為個案附加檔案"
        )
        application = load_application(session, application_id)
        assert_editable(session, application)
        if item_id is not None:
            item = session.get(EvidenceItemRecord, item_id)
            if item is None or item.application_id != application_id:
                raise ValidationError(
                    f"Checklist item {item_id} is not part of this case.",
                    f"證明文件項目 {item_id} 不屬於此個案。",
                    code="evidence_item_not_in_case",
                )
            is_hkid_copy = is_hkid_copy or item.evidence_type == HKID_COPY
    size, sniffed = _check_source(source)
    media_type = sniffed.media_type
    assert media_type is not None
    temporary: Path | None
    temporary, sha256, size = _copy_to_temp(source, evidence_dir, database.data_key)
    created: Path | None = None
    file_id: int
    try:
        with database.session() as session:
            application = load_application(session, application_id)
            assert_editable(session, application)
            existing = session.scalar(
                select(EvidenceFileRecord).where(
                    EvidenceFileRecord.application_id == application_id,
                    EvidenceFileRecord.sha256 == sha256,
                    EvidenceFileRecord.erased_at.is_(None),
                )
            )
            target = stored_path(evidence_dir, sha256, media_type, database.data_key)
            if existing is not None:
                if not _intact(target, sha256, database.data_key):  # lost, damaged or still clear
                    _place(temporary, target, sha256, evidence_dir, database.data_key)
                    temporary = None
                file_id = existing.id
                if existing.evidence_item_id is None and item_id is not None:
                    existing.evidence_item_id = item_id
                    audit.record(
                        session,
                        actor=operator,
                        entity="evidence_file",
                        entity_uid=application.uid,
                        action="link",
                        field="evidence_item_id",
                        old=None,
                        new=str(item_id),
                        reason=_describe(existing),
                    )
            else:
                if _place(temporary, target, sha256, evidence_dir, database.data_key):
                    created = target
                temporary = None
                stored = FormAttachment(sha256, source.name[:260], media_type, size)
                file_id = record_file(
                    session,
                    application,
                    stored,
                    operator=operator,
                    item_id=item_id,
                    is_hkid_copy=is_hkid_copy,
                ).id
    except BaseException:
        # The database refused the row: do not keep a store file that nothing refers to.
        if created is not None:
            with contextlib.suppress(OSError):
                created.unlink(missing_ok=True)
        raise
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
    # Not the file's name: scans are often named after the applicant (name, HKID), and the log is clear.
    log.info("attached a %s file to application %s as %s", source.suffix.lower(), application_id, sha256[:12])
    return _row(database, evidence_dir, application_id, file_id)


def record_file(
    session: Session,
    application: ApplicationRecord,
    stored: FormAttachment,
    *,
    operator: str,
    item_id: int | None = None,
    is_hkid_copy: bool = False,
) -> EvidenceFileRecord:
    """The case's row for a file already in the store, with its audit entry (in the caller's transaction)."""
    record = EvidenceFileRecord(
        application_id=application.id,
        evidence_item_id=item_id,
        sha256=stored.sha256,
        original_name=stored.original_name[:260],
        media_type=stored.media_type,
        size_bytes=stored.size_bytes,
        is_hkid_copy=is_hkid_copy,
        added_by=operator,
        added_at=datetime.now(UTC),
    )
    session.add(record)
    session.flush()
    audit.record(
        session,
        actor=operator,
        entity="evidence_file",
        entity_uid=application.uid,
        action="attach",
        field=f"file {record.id}" + (" (HKID copy)" if is_hkid_copy else ""),
        new=_describe(record),
    )
    return record


def store_unrecorded(database: Database, evidence_dir: Path, source: Path) -> FormAttachment:
    """Check and copy one file into the store before its case exists (attached at intake): the checks
    and the copy of :func:`attach_file`, refused with the same errors and nothing left behind; the case's
    row is written when the form is lodged (:func:`record_file`)."""
    source = Path(source)
    _size, sniffed = _check_source(source)
    media_type = sniffed.media_type
    assert media_type is not None
    temporary, sha256, size = _copy_to_temp(source, evidence_dir, database.data_key)
    try:
        target = stored_path(evidence_dir, sha256, media_type, database.data_key)
        _place(temporary, target, sha256, evidence_dir, database.data_key)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    log.info("stored a %s file for a form not yet lodged as %s", source.suffix.lower(), sha256[:12])
    return FormAttachment(sha256, source.name[:260], media_type, size)


def in_store(database: Database, evidence_dir: Path, stored: FormAttachment) -> bool:
    """The file is in the store, whole (its content still has its SHA-256)."""
    target = stored_path(evidence_dir, stored.sha256, stored.media_type, database.data_key)
    return _intact(target, stored.sha256, database.data_key)


def list_attachments(database: Database, evidence_dir: Path, application_id: int) -> list[AttachmentRow]:
    """Every file attached to the case, oldest first; erased HKID copies are listed without a path."""
    with database.engine.connect() as connection:
        exists = connection.scalar(select(ApplicationRecord.id).where(ApplicationRecord.id == application_id))
        if exists is None:
            raise application_not_found(application_id)
        return attachment_rows(connection, evidence_dir, application_id, database.data_key)


def erase_hkid_copy(
    database: Database, evidence_dir: Path, attachment_id: int, *, operator: str, reason: str
) -> None:
    """Erase an HKID copy once the HKID is verified; the erasure (not the image) stays in the audit trail.

    The stored file is deleted unless another attachment that is not erased holds the same content.
    Allowed on a case locked by an export batch: erasing a copy that is no longer needed is a duty.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            "Say why the HKID copy is erased (for example: verified against the original card).",
            "請註明刪除身份證副本的原因（例如：已與身份證正本核對）。",
            code="reason_required",
        )
    with database.session() as session:
        operator = acting_user(
            session,
            operator,
            PERMISSIONS[Action.ERASE_HKID_COPY],
            doing_en="erase an HKID copy",
            doing_zh="刪除身份證副本",
        ).username
        record = session.get(EvidenceFileRecord, attachment_id)
        if record is None:
            raise AppError(
                f"There is no attachment {attachment_id}.",
                f"沒有編號 {attachment_id} 的附件。",
                code="attachment_not_found",
            )
        if not record.is_hkid_copy:
            raise AppError(
                f"{record.original_name} is not marked as an HKID copy: only HKID copies are erased this way.",
                f"{record.original_name} 未有標示為身份證副本：只有身份證副本可以這樣刪除。",
                code="not_hkid_copy",
            )
        if record.erased_at is not None:
            raise AppError(
                f"{record.original_name} was already erased.",
                f"{record.original_name} 已經刪除。",
                code="attachment_already_erased",
            )
        application = load_application(session, record.application_id)
        applicant = session.get(ApplicantRecord, application.applicant_id)
        assert applicant is not None
        if applicant.hkid_verified_at is None:
            raise AppError(
                "The applicant's HKID has not been verified yet: verify it against the card or this copy "
                "before erasing the copy.",
                "申請人的身份證號碼尚未核實：請先與身份證或此副本核對，才刪除副本。",
                code="hkid_not_verified",
            )
        record.erased_at = datetime.now(UTC)
        audit.record(
            session,
            actor=operator,
            entity="evidence_file",
            entity_uid=application.uid,
            action="erase_hkid_copy",
            field=f"file {record.id}",
            old=_describe(record),
            new=None,
            reason=reason,
        )
        still_used = session.scalar(
            select(EvidenceFileRecord.id).where(
                EvidenceFileRecord.sha256 == record.sha256,
                EvidenceFileRecord.id != record.id,
                EvidenceFileRecord.erased_at.is_(None),
            )
        )
        if still_used is None:
            # Deleted before the commit: if deleting fails nothing is marked erased; if the commit failed
            # afterwards the row would still say "not erased" and a retry finishes the job.
            target = stored_path(evidence_dir, record.sha256, record.media_type, database.data_key)
            try:
                shred(target)  # overwritten first: a legacy clear copy of the card must not linger
            except OSError as exc:
                reason_text = exc.strerror or str(exc)
                raise AppError(
                    f"Cannot delete the HKID copy {target}: {reason_text}. Nothing was marked erased.",
                    f"無法刪除身份證副本 {target}：{reason_text}。未有標示為已刪除。",
                    code="attachment_unwritable",
                ) from exc
    log.info("erased HKID copy %s of application %s", attachment_id, record.application_id)

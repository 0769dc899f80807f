"""Files a full merge here already took, known by their SHA-256: what merging the very same bytes again needs.

Merging a file a second time (by mistake, or to be sure) used to read and check the whole workbook again
to find that every case is already here. A full merge that succeeds and writes its ledger batch
therefore records, in its own transaction, the file's SHA-256 (of its encrypted bytes, as decrypted and read), the version of the
checks it passed and the day it passed them, its manifest and each copy's application key and content
hash (``merged_files``, migration 0014). A later merge of a file with that SHA-256 is still refused as the
full path refuses it (:func:`open_known`: no password, a wrong one; then the signature against the
stations enrolled *now*, :func:`.batch_signature.verify_signature` on the recorded manifest, the bytes'
own), and is done from the record only when this laptop holds every copy exactly (``merge._merge_known``).

Why nothing else needs checking: every other check a full merge makes of a workbook whose copies are all
held here depends on the bytes alone (the guard, the reader's format and cell rules, the full-HKID and
data-hash checks, ``relevant_to``; the form's rules are skipped for a copy held here), and on today only
through dates that may lie up to today, which only get easier as days pass. So the record counts only
for the same checks (:data:`CHECKS`: this app's version and the format's) and from the day it was made
on (a clock set back reads the file again). Encrypted files only: every full-HKID export is encrypted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app import __version__
from assessor_app.core.db.models.audit_sync import MergedFileRecord
from assessor_app.core.services.sync import guard
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.encryption import decrypt_bytes
from assessor_app.core.services.sync.merge_workbook import password_needed

CHECKS = f"{__version__}/{fmt.FORMAT_VERSION}"  # whose checks a recorded file passed


@dataclass(frozen=True)
class KnownFile:
    """A file a full merge took: its manifest and each copy's (application key, content hash), in the
    workbook's order."""

    manifest: dict[str, str]
    copies: list[tuple[str, str]]


def file_digest(data: bytes) -> str | None:
    """The SHA-256 a known file is recorded under, of its bytes (:func:`.guard.read_checked`: its size
    checked first); None for a file that is not encrypted (never recorded)."""
    if not guard.is_encrypted_data(data):
        return None
    return hashlib.sha256(data).hexdigest()


def find_known(session: Session, file_sha256: str, today: date) -> KnownFile | None:
    """The record of a full merge of the file with this SHA-256 by these checks, made on or before
    ``today``; None when there is none."""
    R = MergedFileRecord
    row = session.execute(
        select(R.manifest_json, R.copies)
        .where(R.file_sha256 == file_sha256, R.checks == CHECKS, R.checked_on <= today)
        .limit(1)
    ).first()
    if row is None:
        return None
    manifest = {str(key): str(value) for key, value in json.loads(row.manifest_json).items()}
    copies = [(uid, sha256) for uid, _, sha256 in (line.partition(" ") for line in row.copies.splitlines())]
    return KnownFile(manifest, copies)


def record_known(
    session: Session,
    file_sha256: str,
    manifest: dict[str, str],
    copies: Iterable[tuple[str, str]],
    today: date,
) -> None:
    """Record a file a full merge took, in that merge's transaction (once per file and checks: the same
    bytes give the same copies)."""
    R = MergedFileRecord
    if session.scalar(select(R.id).where(R.file_sha256 == file_sha256, R.checks == CHECKS)) is not None:
        return
    session.add(
        R(
            file_sha256=file_sha256,
            checks=CHECKS,
            checked_on=today,
            manifest_json=json.dumps(manifest, ensure_ascii=False, sort_keys=True),
            copies="\n".join(f"{uid} {sha256}" for uid, sha256 in copies),
        )
    )


def open_known(path: Path, data: bytes, password: str | None) -> None:
    """Refuse a known (encrypted) file, ``data`` its bytes as read, as a full read refuses it before its
    cells: no password (``password_needed``), a wrong one (``wrong_password``), or bytes that cannot be
    decrypted."""
    if password is None:
        raise password_needed(path)
    decrypt_bytes(data, password, path.name)

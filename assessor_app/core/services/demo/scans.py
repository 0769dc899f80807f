"""A sample of the demo's stored evidence: a photo of the HKID card and a scanned employer's letter for
some past cases, made up in memory and sealed into the evidence store as attaching a file stores it
(named by SHA-256, encrypted under the data key), with the rows and audit entries attaching writes."""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from assessor_app.core.db.models.cases import EvidenceFileRecord
from assessor_app.core.private_files import private_folder
from assessor_app.core.security import evidence_files
from assessor_app.core.services import audit
from assessor_app.core.services.demo.bulk import Rows
from assessor_app.core.services.demo.people import Person
from assessor_app.core.services.evidence.store_layout import stored_path

SAMPLE_CASES = 24  # cases with files: two files each, a few hundred kilobytes in all


@dataclass(frozen=True)
class Scanned:
    """A past case whose papers were scanned at lodging, and the checklist lines they belong to."""

    application_id: int
    application_uid: str
    hkid_item: int
    letter_item: int | None
    person: Person
    employer: str
    lodged_at: datetime
    clerk: str


def hkid_photo(person: Person) -> bytes:
    """A small PNG of a card shape with the holder's number, as a phone photo of the card is kept."""
    image = Image.new("RGB", (320, 200), (216, 226, 236))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 312, 192), radius=14, outline=(90, 110, 140), width=3)
    draw.rectangle((24, 60, 104, 160), fill=(160, 170, 185))  # where the photo is
    draw.text((120, 40), "HONG KONG IDENTITY CARD", fill=(40, 50, 70))
    draw.text((120, 80), f"{person.surname_en}, {person.given_names_en}", fill=(20, 20, 20))
    draw.text((120, 110), person.date_of_birth.strftime("%d-%m-%Y"), fill=(20, 20, 20))
    draw.text((120, 150), person.hkid, fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def employer_letter(person: Person, employer: str, lodged_at: datetime) -> bytes:
    """A one-page PDF letter from the employer confirming the applicant's employment."""
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer, pagesize=A4)
    document.setTitle("Employment certificate")
    _zh, _, english = employer.partition(" ")
    lines = (
        english or employer,
        f"Date: {(lodged_at - timedelta(days=20)):%d %B %Y}",
        "",
        "To whom it may concern",
        "",
        f"This is to certify that {person.surname_en} {person.given_names_en} (HKID {person.hkid[:4]}xxx(x))",
        "has been employed by our company; the posts and duties are set out overleaf.",
        "",
        "Human Resources Manager",
    )
    for row, line in enumerate(lines):
        document.drawString(72, 770 - 18 * row, line)
    document.save()
    return buffer.getvalue()


def store(evidence_dir: Path, content: bytes, media_type: str, data_key: bytes | None) -> tuple[str, int]:
    """Write ``content`` where the store keeps it (sealed under ``data_key``); its SHA-256 and size."""
    sha256 = hashlib.sha256(content).hexdigest()
    target = stored_path(evidence_dir, sha256, media_type, data_key)
    private_folder(target.parent)
    if not target.exists():
        sealed = content if data_key is None else evidence_files.seal(content, sha256, data_key)
        target.write_bytes(sealed)
        if os.name == "posix":
            target.chmod(0o600)
    return sha256, len(content)


def add_scans(rows: Rows, evidence_dir: Path, data_key: bytes | None, scanned: list[Scanned]) -> int:
    """Store the sample's files, their rows and the "attach" entries attaching writes; how many files."""
    count = 0
    for case in scanned:
        files = [(case.hkid_item, hkid_photo(case.person), "image/png", "hkid.png", True)]
        if case.letter_item is not None:
            letter = employer_letter(case.person, case.employer, case.lodged_at)
            files.append((case.letter_item, letter, "application/pdf", "employer-letter.pdf", False))
        for item_id, content, media_type, name, is_hkid in files:
            sha256, size = store(evidence_dir, content, media_type, data_key)
            added_at = case.lodged_at - timedelta(minutes=5)
            file_id = rows.add(
                EvidenceFileRecord,
                application_id=case.application_id,
                evidence_item_id=item_id,
                sha256=sha256,
                original_name=name,
                media_type=media_type,
                size_bytes=size,
                is_hkid_copy=is_hkid,
                erased_at=None,
                added_by=case.clerk,
                added_at=added_at,
            )
            described = f"{name} sha256:{sha256} ({media_type}, {size} bytes)"
            field = f"file {file_id}" + (" (HKID copy)" if is_hkid else "")
            rows.log(
                added_at,
                audit.Entry(
                    case.clerk, "evidence_file", case.application_uid, "attach", field, None, described
                ),
            )
            count += 1
    return count

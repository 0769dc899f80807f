"""The documents of a data access request: the applicant's stored scans and letters in one encrypted PDF.

Each stored file still held (an erased HKID copy is gone, and says so in the workbook) becomes pages of
the PDF in the order attached, with a bookmark naming it as it was attached: a PDF's pages as they are,
an image (JPEG, PNG, every page of a TIFF) as a page of its own size. Everything is built in memory from
the files decrypted in memory, and the PDF is encrypted with AES-256 under the workbook's password, so
nothing about the person is ever written in clear. A file that cannot be read back or converted (damaged,
or a PDF locked with a password of its own) is named as not included, for the staff to copy from the case
view; it never stops the request.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageSequence
from pypdf import PdfReader, PdfWriter

from assessor_app.core.errors import AppError
from assessor_app.core.security.evidence_files import read_evidence
from assessor_app.core.services.evidence.store_layout import stored_path

log = logging.getLogger(__name__)
IMAGE_RESOLUTION = 150.0  # dots per inch assumed for an image's page size (a scan is usually 150-300)


@dataclass(frozen=True)
class HeldDocument:
    """One stored file about the applicant, its clear content read in memory."""

    name: str  # as it was attached
    media_type: str
    content: bytes


@dataclass(frozen=True)
class DocumentsPdf:
    content: bytes | None  # the encrypted PDF; None when no document could be included
    included: tuple[str, ...]
    not_included: tuple[str, ...]  # the names of files that could not be read or converted


def held_documents(
    files: Iterable[dict[str, object]], evidence_dir: Path, data_key: bytes | None
) -> tuple[list[HeldDocument], list[str]]:
    """The stored files of the ``evidence_files`` rows ``files`` (erased ones skipped), read and checked
    against their hashes; and the names of those that could not be read."""
    documents, unreadable = [], []
    for row in sorted(files, key=lambda row: int(str(row["id"]))):
        if row.get("erased_at") is not None:
            continue
        name, media_type, sha256 = str(row["original_name"]), str(row["media_type"]), str(row["sha256"])
        try:
            path = stored_path(evidence_dir, sha256, media_type, data_key)
            documents.append(HeldDocument(name, media_type, read_evidence(path, sha256, data_key)))
        except (OSError, KeyError, AppError) as exc:
            log.warning("a stored file of a data access request could not be read: %s", exc)
            unreadable.append(name)
    return documents, unreadable


def _image_pdf(content: bytes) -> bytes:
    """An image as a PDF of one page per frame, each the frame's size at :data:`IMAGE_RESOLUTION`."""
    with Image.open(io.BytesIO(content)) as image:
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
    out = io.BytesIO()
    frames[0].save(out, "PDF", save_all=True, append_images=frames[1:], resolution=IMAGE_RESOLUTION)
    return out.getvalue()


def _reader(document: HeldDocument) -> PdfReader:
    pdf = document.content if document.media_type == "application/pdf" else _image_pdf(document.content)
    reader = PdfReader(io.BytesIO(pdf))
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("the PDF is locked with a password of its own")
    if not reader.pages:
        raise ValueError("the file has no pages")
    return reader


def documents_pdf(documents: Iterable[HeldDocument], password: str) -> DocumentsPdf:
    """The documents in one PDF encrypted with AES-256 under ``password``, bookmarked by name."""
    writer = PdfWriter()
    included, not_included = [], []
    for document in documents:
        try:
            reader = _reader(document)
            start = len(writer.pages)
            writer.append(reader)
        except Exception as exc:  # pypdf and Pillow raise many kinds for a damaged file; none may stop it
            log.warning("a document of a data access request was not included: %s", exc)
            not_included.append(document.name)
            continue
        writer.add_outline_item(title=document.name, page_number=start)
        included.append(document.name)
    if not included:
        return DocumentsPdf(None, (), tuple(not_included))
    writer.add_metadata({"/Title": "查閱資料要求：文件 Data access request: documents"})
    writer.encrypt(user_password=password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return DocumentsPdf(out.getvalue(), tuple(included), tuple(not_included))

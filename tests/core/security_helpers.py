"""Test applicants with distinctive particulars, and a scan of a folder for any of them in clear."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from assessor_app.core.db.database import Database
from assessor_app.core.domain.hkid import check_digit
from assessor_app.core.services.intake import lodging
from tests.core.intake_helpers import valid_form
from tests.core.test_evidence import EVENT_DAY, qualification_id, setup_intake


@dataclass(frozen=True)
class Person:
    hkid: str  # as stored: letters and digits, no brackets
    name_zh: str
    surname_en: str
    phone: str  # eight digits

    def needles(self) -> list[bytes]:
        """Every form in which the particulars could sit in a file in clear."""
        forms = [
            self.hkid,
            f"{self.hkid[:-1]}({self.hkid[-1]})",
            self.name_zh,
            self.phone,
            f"{self.phone[:4]} {self.phone[4:]}",
        ]
        return [form.encode() for form in forms] + [self.name_zh.encode("utf-16-le")]


PEOPLE = [
    Person(f"K{digits}{check_digit('K', digits)}", name, surname, phone)
    for digits, name, surname, phone in [
        ("702314", "龐嘉蕙", "PONGKAWAI", "93817264"),
        ("815207", "曾梓駿", "TSANGTSZCHUN", "67142958"),
        ("560981", "歐陽綺雯", "AUYEUNGYEEMAN", "51908376"),
    ]
]


def lodge_people(database: Database, people: list[Person] = PEOPLE) -> list[int]:
    """Lodge one valid application per person; their application ids."""
    event_id = setup_intake(database)
    chosen = [qualification_id(database, industry="Logistics", level=2)]
    ids = []
    for person in people:
        form = replace(
            valid_form(event_id=event_id, qualification_ids=chosen),
            hkid=person.hkid,
            name_zh=person.name_zh,
            surname_en=person.surname_en.lower(),
            phone=person.phone,
            email=f"{person.surname_en.lower()}@example.com",
        )
        result = lodging.lodge_application(database, form, draft_uid=None, operator="clerk", today=EVENT_DAY)
        ids.append(result.application_id)
    return ids


def _readable(data: bytes) -> bytes:
    """What anyone can read in a file: its bytes, and for a PDF (whose text is compressed and set in
    font glyphs, invisible to a byte search) also its text as a PDF reader shows it; for a zip (a clear
    workbook) its members unpacked."""
    if data.startswith(b"%PDF"):
        try:
            reader = PdfReader(io.BytesIO(data))
            return data + "\n".join(page.extract_text() for page in reader.pages).encode()
        except (PdfReadError, ValueError, KeyError):
            return data
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return data + b"".join(archive.read(name) for name in archive.namelist())
        except (zipfile.BadZipFile, EOFError, ValueError):
            return data
    return data


def clear_finds(folder: Path, people: list[Person] = PEOPLE) -> list[str]:
    """``file: particular`` for every file under ``folder`` holding a person's particular in clear, in
    its content (a PDF's text, a zip's members included) or in its name."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = _readable(path.read_bytes()) + b"\0" + str(path.relative_to(folder)).encode()
        for person in people:
            for needle in person.needles():
                if needle in data:
                    found.append(f"{path.relative_to(folder)}: {needle!r}")
            if person.surname_en.encode() in data.upper():
                found.append(f"{path.relative_to(folder)}: {person.surname_en}")
    return found

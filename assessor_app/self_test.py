"""``assessor-app --self-test``: a built program checks itself end to end in a throwaway data folder.

Each check runs what a promotion day runs, from the same code: a new encrypted database (migrations and
the catalogue), a demo event lodged, a sign-in with a password, an encrypted batch workbook written and
read back, an acknowledgement slip written and its Chinese text read back, the XML protections (a
workbook part declaring entities is refused), the encryption at rest (database pages, evidence files),
and the Qt parts a frozen build may lose (the platform plugin, the bundled font, the translations). The
report is one line; the exit status is 0 only when every check passed. Nothing outside the throwaway
folder is touched, and it is removed afterwards.
"""

from __future__ import annotations

import importlib
import io
import os
import re
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assessor_app import __version__

if TYPE_CHECKING:  # imported by the checks themselves: --self-test starts as light as the app
    from assessor_app.core.db.database import Database

SUPERVISOR = "syleung"  # a demo supervisor: exports, as at the office
PASSWORD = "demo"  # the demo users' public password (the throwaway database is a demo one)
# A text every build must carry in both languages: (the Qt class it belongs to, English, Chinese).
TRANSLATED = ("SignInDialog", "Sign in", "登入")
# The English file holds only plural forms: a count of one reads in the singular.
PLURAL = (
    "IntakeFormPage",
    "Not lodged: %n problem(s) to fix, shown in red.",
    "Not lodged: 1 problem to fix, shown in red.",
)


class SelfTestFailure(Exception):
    """A check found the build wrong: the message says what."""


@dataclass
class Run:
    """What the checks share: the throwaway folder, what earlier checks made, and the report."""

    root: Path
    passed: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)
    database: Database | None = None  # signed in to by the sign-in check, closed at the end

    def signed_in(self) -> Database:
        if self.database is None:
            raise SelfTestFailure("the check needs the sign-in check's database")
        return self.database

    def expect(self, condition: bool, what: str) -> None:
        if not condition:
            raise SelfTestFailure(what)


def _database(run: Run) -> None:
    from assessor_app.core.security.keyring import DEMO_ADMINISTRATOR
    from assessor_app.core.security.sign_in import give_demo_passwords, set_up
    from assessor_app.core.services.catalogue.service import list_qualifications
    from assessor_app.core.services.demo.promotion_day import generate_demo

    path = run.root / "cases.sqlite3"
    signed = set_up(
        path, DEMO_ADMINISTRATOR, "Self-test", PASSWORD, backups_dir=run.root / "backups", demo=True
    )
    try:
        qualifications = list_qualifications(signed.database)
        run.expect(bool(qualifications), "the catalogue is empty after the migrations")
        summary = generate_demo(signed.database, applications=3, seed=7)
        give_demo_passwords(signed)
        run.expect(summary.lodged > 0, "the demo lodged no application")
    finally:
        signed.database.close()
    run.facts.update(database=path, qualifications=len(qualifications))


def _sign_in(run: Run) -> None:
    from assessor_app.core.security.keyring import SignInError
    from assessor_app.core.security.sign_in import sign_in

    path = Path(str(run.facts["database"]))
    try:
        sign_in(path, SUPERVISOR, "not the password")
    except SignInError:
        pass
    else:
        raise SelfTestFailure("a wrong password was accepted")
    signed = sign_in(path, SUPERVISOR, PASSWORD, evidence_dir=run.root / "evidence")
    run.database = signed.database


def _workbook(run: Run) -> None:
    from assessor_app.core.services.sync.export import export_batch
    from assessor_app.core.services.sync.guard import is_encrypted
    from assessor_app.core.services.sync.reader import parse_batch

    database = run.signed_in()
    out = run.root / "batch.xlsx"
    result = export_batch(database, out, actor=SUPERVISOR, status="lodged")
    run.expect(result.case_count > 0 and result.password is not None, "the export wrote no case")
    run.expect(is_encrypted(out), "the batch workbook is not encrypted")
    parsed = parse_batch(out, password=result.password)
    read_back = {name: len(parsed.sheets.get(name, ())) for name in result.row_counts}
    run.expect(
        read_back == result.row_counts, f"the workbook read back holds {read_back}, not {result.row_counts}"
    )
    run.facts.update(workbook=out, password=result.password)


def _slip(run: Run) -> None:
    from pypdf import PdfReader

    from assessor_app.core.services.cases.listing import list_cases
    from assessor_app.core.services.documents.slip import render_slip
    from assessor_app.core.services.documents.slip_data import build_slip_data

    database = run.signed_in()
    case = next(row for row in list_cases(database) if row.reference_no)
    assert case.reference_no is not None
    report = render_slip(build_slip_data(database, case.reference_no), run.root / "slip.pdf")
    reader = PdfReader(str(report.path))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    run.expect(not report.missing_characters, f"the fonts lack {''.join(report.missing_characters)}")
    run.expect(case.reference_no in text, "the slip's text does not carry the reference number")
    run.expect(case.applicant_name_zh in text, "the slip's Chinese name does not read back (font)")
    run.expect("申請" in text, "the slip's Chinese labels do not read back (font)")
    run.expect(_reportlab_accelerated(), "reportlab's accelerators (rl_accel) are missing: slips are slow")


def _reportlab_accelerated() -> bool:
    """Whether reportlab found its C accelerators (it falls back to Python ones about twice as slow)."""
    try:
        importlib.import_module("_rl_accel")
    except ImportError:
        return False
    return True


def _xml_protections(run: Run) -> None:
    from assessor_app.core.errors import AppError
    from assessor_app.core.services.sync.encryption import decrypt_bytes
    from assessor_app.core.services.sync.reader import parse_batch

    path = Path(str(run.facts["workbook"]))
    plain = decrypt_bytes(path.read_bytes(), str(run.facts["password"]), path.name)
    hostile = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                declaration = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "entity">]>'
                data = declaration + re.sub(rb"^<\?xml[^>]*\?>", b"", data)
            target.writestr(item, data)
    hostile_path = run.root / "hostile.xlsx"
    hostile_path.write_bytes(hostile.getvalue())
    try:
        parse_batch(hostile_path)
    except AppError as error:
        run.expect(
            "DTD" in error.en, f"a workbook declaring XML entities was refused for another reason: {error.en}"
        )
    else:
        raise SelfTestFailure("a workbook declaring XML entities was read")


def _encryption(run: Run) -> None:
    from assessor_app.core.db import cipher
    from assessor_app.core.security.evidence_files import is_sealed
    from assessor_app.core.services.cases.listing import list_cases
    from assessor_app.core.services.evidence.attachments import attach_file

    database = run.signed_in()
    path = Path(str(run.facts["database"]))
    run.expect(not cipher.is_clear(path), "the case database is not encrypted (SQLCipher missing?)")
    run.expect(b"SQLite format 3" not in path.read_bytes()[:16], "the database file starts in clear")
    scan = run.root / "scan.png"
    scan.write_bytes(_tiny_png())
    case_id = next(row.application_id for row in list_cases(database))
    row = attach_file(database, run.root / "evidence", case_id, scan, operator="mlwong")
    run.expect(
        row.stored_path is not None and is_sealed(row.stored_path.read_bytes()), "evidence is not sealed"
    )
    run.expect(row.sha256 not in str(row.stored_path), "evidence is named by its clear content's hash")


def _qt(run: Run) -> None:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from assessor_app.ui import fonts, i18n

    app = QApplication.instance() or QApplication(["assessor-app", "--self-test"])
    run.expect(app is not None, "Qt did not start (platform plugin missing?)")
    run.expect(fonts.CJK_FAMILY in fonts.load_bundled_font(), "the bundled CJK font did not load")
    i18n.apply_language(i18n.CHINESE)
    context, english, chinese = TRANSLATED
    translated = QCoreApplication.translate(context, english)
    i18n.apply_language(i18n.ENGLISH)
    run.expect(translated == chinese, "the Traditional Chinese translations did not load")
    context, source, singular = PLURAL
    counted = QCoreApplication.translate(context, source, "", 1)
    run.expect(counted == singular, "the English plural forms did not load")


def _tiny_png() -> bytes:
    """A 1×1 PNG, made here so the check needs no file from outside the bundle."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


CHECKS: tuple[tuple[str, Callable[[Run], None]], ...] = (
    ("database", _database),
    ("sign-in", _sign_in),
    ("encryption", _encryption),  # before the export locks the cases
    ("workbook", _workbook),
    ("slip", _slip),
    ("xml", _xml_protections),
    ("qt", _qt),
)


def run_self_test() -> tuple[bool, str]:
    """Run every check in a throwaway data folder: (passed, the one-line report)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="assessor-self-test-") as folder:
        run = Run(Path(folder))
        data_dir = os.environ.get("ASSESSOR_APP_DATA_DIR")
        os.environ["ASSESSOR_APP_DATA_DIR"] = folder  # nothing the checks call reaches the real data folder
        try:
            for name, check in CHECKS:
                try:
                    check(run)
                except SelfTestFailure as failure:
                    return False, f"self-test FAILED at {name}: {failure}"
                except Exception as error:  # the report names whatever broke
                    return False, f"self-test FAILED at {name}: {type(error).__name__}: {error}"
                run.passed.append(name)
        finally:
            if run.database is not None:
                run.database.close()
            if data_dir is None:
                os.environ.pop("ASSESSOR_APP_DATA_DIR", None)
            else:
                os.environ["ASSESSOR_APP_DATA_DIR"] = data_dir
    seconds = time.perf_counter() - started
    return True, (
        f"self-test passed: assessor-app {__version__}, {len(run.passed)} checks "
        f"({', '.join(run.passed)}; {run.facts['qualifications']} qualifications) in {seconds:.1f} s"
    )


def main() -> int:
    passed, report = run_self_test()
    print(report)
    return 0 if passed else 1

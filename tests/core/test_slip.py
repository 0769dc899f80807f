"""The acknowledgement slip: read from a real database, rendered to a real PDF, and read back."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import cast

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject
from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    EventRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import AgencyRecord, IndustryRecord, QualificationRecord
from assessor_app.core.errors import AppError
from assessor_app.core.services.documents.fonts import (
    FALLBACK_FONT,
    PRIMARY_FONT,
    missing_characters,
    split_by_font,
)
from assessor_app.core.services.documents.slip import (
    FOOTER_TITLE,
    LABELS,
    label,
    render_slip,
)
from assessor_app.core.services.documents.slip_data import SlipData, build_slip_data
from assessor_app.core.services.intake.particulars import apply_particulars, particulars_of

REFERENCE = "LT01-20231108-0001"
FULL_HKID = "A123456(3)"
PRINTED_AT = datetime(2023, 11, 8, 2, 41, tzinfo=UTC)  # 10:41 in Hong Kong
A4_POINTS = (595.2756, 841.8898)
LIFT = "\U000282e2"  # 𨋢 (lift), in neither bundled font
HKSCS_GA = "㗎"  # in Zen Hei only


def lodge_case(
    database: Database,
    *,
    reference: str = REFERENCE,
    name_zh: str = "陳大文",
    status: str = "lodged",
    with_contact: bool = True,
    with_documents: bool = True,
    fee_hkd: int | None = 490,
) -> None:
    """A case lodged at a HKU SPACE promotion day: two qualifications, one job, one document seen, one missing."""
    with database.session() as session:
        agency = session.scalars(select(AgencyRecord).where(AgencyRecord.code == "HKUSPACE")).one()
        if with_contact:
            agency.phone = "+852 2975 8800"
            agency.email = "rpl@example.org"
            agency.address = "香港金鐘道89號力寶中心"
        logistics = session.scalars(select(IndustryRecord).where(IndustryRecord.name_en == "Logistics")).one()
        event = session.scalars(select(EventRecord).where(EventRecord.code == "CARGO-20231108")).one_or_none()
        if event is None:
            event = EventRecord(
                code="CARGO-20231108",
                name="國泰貨運站推廣日",
                host_organisation="Cathay Cargo Terminal",
                venue="香港國際機場 國泰貨運站",
                event_date=date(2023, 11, 8),
                agency=agency,
            )
        qualifications = []
        for title_zh, title_en, level, qr_number in (
            ("空運貨物處理", "Air Cargo Handling", 2, "23/000777/L2"),
            ("倉務運作督導", "Warehouse Operations Supervision", 3, None),
        ):
            existing = session.scalars(
                select(QualificationRecord).where(QualificationRecord.title_en == title_en)
            ).one_or_none()
            qualifications.append(
                existing
                or QualificationRecord(
                    industry=logistics,
                    title_zh=title_zh,
                    title_en=title_en,
                    qf_level=level,
                    qr_number=qr_number,
                )
            )
        application = ApplicationRecord(
            reference_no=reference,
            applicant=ApplicantRecord(
                hkid=FULL_HKID,
                residence_status="A",
                name_zh=name_zh,
                surname_en="Chan",
                given_names_en="Tai Man",
            ),
            event=event,
            station_code="LT01",
            status=status,
            application_date=date(2023, 11, 8),
            fee_hkd=fee_hkd,
            lodged_at=datetime(2023, 11, 8, 2, 32, tzinfo=UTC) if status != "draft" else None,
        )
        apply_particulars(application, particulars_of(application.applicant))
        application.qualifications = [AppliedQualificationRecord(qualification=q) for q in qualifications]
        period = EmploymentPeriodRecord(
            position=0, employer="亞洲空運中心", post="貨運主任", start_date=date(2015, 3, 1), end_date=None
        )
        application.employment = [period]
        session.add(application)
        session.flush()
        if with_documents:
            application.evidence = [
                EvidenceItemRecord(
                    evidence_type="employer_letter", period_id=period.id, status="original_seen"
                ),
                EvidenceItemRecord(evidence_type="mpf_statement", period_id=period.id, status="missing"),
            ]


def squash(text: str) -> str:
    """Text without any whitespace: line wrapping and column layout never decide a match."""
    return re.sub(r"\s+", "", text)


def pypdf_text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def pdftotext(pdf: Path) -> str | None:
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    return subprocess.run(
        [tool, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def page_fonts(pdf: Path) -> list[DictionaryObject]:
    """The font dictionaries the first page's resources name."""
    resources = cast(DictionaryObject, PdfReader(pdf).pages[0]["/Resources"])
    fonts = cast(DictionaryObject, resources["/Font"])
    return [cast(DictionaryObject, font.get_object()) for font in fonts.values()]


def printed_strings(data: SlipData) -> list[str]:
    """Every string the slip must show, each language on its own (cells wrap zh and en on separate lines)."""
    conditional = {"fee_unknown", "none", "contact_staff", "paid", "receipt", "general", "hours", "files"}
    strings = [part for key, pair in LABELS.items() if key not in conditional for part in pair]
    strings += [
        FOOTER_TITLE,
        "2023-11-08 10:41",  # printed at, Hong Kong time
        "2023-11-08 10:32",  # lodged at, Hong Kong time
        data.reference_no,
        data.agency_name_zh,
        data.agency_name_en,
        data.agency_phone,
        data.agency_email,
        data.agency_address,
        data.event_name,
        data.event_venue,
        "2023-11-08",
        data.applicant_name_zh,
        data.applicant_name_en,
        data.hkid_masked,
        "HK$490",
    ]
    for qualification in data.qualifications:
        strings += [qualification.title_zh, qualification.title_en]
        if qualification.qr_number:
            strings.append(qualification.qr_number)
    for document in (*data.documents_received, *data.documents_missing):
        strings += [document.name_zh, document.name_en]
        if document.status != "missing":  # the column says a missing one is still required
            strings += [document.status_zh, document.status_en]
        assert document.period is not None
        strings += [document.period.employer, document.period.post, document.period.start_date.isoformat()]
    for step in data.next_steps:
        strings += [step.zh, step.en]
    return [text for text in strings if text]


@pytest.fixture
def lodged(database: Database) -> SlipData:
    lodge_case(database)
    return build_slip_data(database, REFERENCE)


# --- Fonts -------------------------------------------------------------------------------------


def test_each_character_goes_to_the_first_font_that_has_it() -> None:
    missing: list[str] = []
    runs = split_by_font(f"陳{HKSCS_GA}文 CHAN{LIFT}", missing)
    assert runs == [
        ("陳", PRIMARY_FONT),
        (HKSCS_GA, FALLBACK_FONT),
        ("文 CHAN", PRIMARY_FONT),
        ("[U+282E2]", PRIMARY_FONT),
    ]
    assert missing == [LIFT]
    assert missing_characters(f"{LIFT}{chr(0x28AE2)}{LIFT}") == [LIFT, chr(0x28AE2)]
    assert missing_characters("陳大文 CHAN Tai Man（A123***(*)）") == []


# --- Reading the case --------------------------------------------------------------------------


def test_slip_data_is_read_from_the_database_with_the_hkid_masked(lodged: SlipData) -> None:
    data = lodged
    assert data.reference_no == REFERENCE
    assert (data.agency_name_zh, data.agency_name_en) == ("香港大學專業進修學院", "HKU SPACE")
    assert (data.event_name, data.event_venue, data.event_date) == (
        "國泰貨運站推廣日",
        "香港國際機場 國泰貨運站",
        date(2023, 11, 8),
    )
    assert (data.applicant_name_zh, data.applicant_name_en) == ("陳大文", "CHAN, Tai Man")
    assert data.hkid_masked == "A123***(*)"
    assert data.lodged_at is not None
    assert f"{data.lodged_at:%Y-%m-%d %H:%M %Z}" == "2023-11-08 10:32 HKT"
    assert [(q.title_zh, q.title_en, q.qf_level, q.qr_number) for q in data.qualifications] == [
        ("空運貨物處理", "Air Cargo Handling", 2, "23/000777/L2"),
        ("倉務運作督導", "Warehouse Operations Supervision", 3, None),
    ]
    assert data.fee_hkd == 490
    [received] = data.documents_received
    assert (received.type_code, received.status_zh, received.status_en) == (
        "employer_letter",
        "已核對正本",
        "Original seen",
    )
    assert received.period is not None
    assert (received.period.employer, received.period.start_date, received.period.end_date) == (
        "亞洲空運中心",
        date(2015, 3, 1),
        None,
    )
    [outstanding] = data.documents_missing
    assert (outstanding.type_code, outstanding.name_zh) == ("mpf_statement", "強積金權益報表")
    assert "14" in data.next_steps[0].en
    assert REFERENCE in data.next_steps[0].en
    assert REFERENCE in data.next_steps[0].zh
    assert data.qr_payload == REFERENCE
    assert "123456" not in repr(dataclasses.asdict(data))


def test_reference_is_matched_whatever_its_case_and_spacing(database: Database) -> None:
    lodge_case(database)
    assert build_slip_data(database, f"  {REFERENCE.lower()} ").reference_no == REFERENCE


@pytest.mark.parametrize("reference", ["LT01-20991231-0001", "", "   "])
def test_unknown_reference_is_a_bilingual_error(database: Database, reference: str) -> None:
    lodge_case(database)
    with pytest.raises(AppError) as caught:
        build_slip_data(database, reference)
    assert caught.value.code == "case_not_found"
    assert "No lodged application" in caught.value.en
    assert "找不到" in caught.value.zh


def test_a_draft_has_no_slip(database: Database) -> None:
    lodge_case(database, reference="LT01-20231108-0009", status="draft")
    with pytest.raises(AppError) as caught:
        build_slip_data(database, "LT01-20231108-0009")
    assert caught.value.code == "case_not_found"
    assert "draft" in caught.value.en
    assert "草稿" in caught.value.zh


# --- The rendered PDF --------------------------------------------------------------------------


def test_every_string_on_the_slip_comes_back_from_the_pdf(lodged: SlipData, tmp_path: Path) -> None:
    pdf = tmp_path / "slip.pdf"
    report = render_slip(lodged, pdf, printed_at=PRINTED_AT)
    assert report.path == pdf
    assert report.missing_characters == ()
    assert report.page_count == 1
    expected = printed_strings(lodged)
    extracted = {"pypdf": pypdf_text(pdf)}
    poppler = pdftotext(pdf)
    if poppler is not None:
        extracted["pdftotext"] = poppler
    for tool, text in extracted.items():
        flat = squash(text)
        absent = [string for string in expected if squash(string) not in flat]
        assert absent == [], f"{tool} did not find {absent}"
        for combined in ("參考編號 Reference No.", "申請費用 Application fee"):  # one-line labels
            assert squash(combined) in flat, (tool, combined)
    if poppler is None:
        pytest.skip("pdftotext is not installed: only pypdf's text was checked")


def test_the_full_hkid_is_nowhere_in_the_pdf(lodged: SlipData, tmp_path: Path) -> None:
    pdf = tmp_path / "slip.pdf"
    render_slip(lodged, pdf, printed_at=PRINTED_AT)
    raw = pdf.read_bytes()
    assert b"A123456" not in raw
    assert b"123456" not in raw
    texts = [pypdf_text(pdf)]
    poppler = pdftotext(pdf)
    if poppler is not None:
        texts.append(poppler)
    for text in texts:
        assert "A123***(*)" in text
        assert "123456" not in squash(text)
    reader = PdfReader(pdf)
    for page in reader.pages:
        assert b"123456" not in page.get_contents().get_data()  # type: ignore[union-attr]
    assert "123456" not in repr(reader.metadata)


def test_the_page_is_a4_with_the_cjk_font_embedded_as_a_truetype_subset(
    lodged: SlipData, tmp_path: Path
) -> None:
    pdf = tmp_path / "slip.pdf"
    render_slip(lodged, pdf, printed_at=PRINTED_AT)
    reader = PdfReader(pdf)
    [page] = reader.pages
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=0.01)
    fonts = page_fonts(pdf)
    assert fonts
    for font in fonts:
        assert str(font["/Subtype"]) == "/TrueType"
        assert re.fullmatch(r"/[A-Z]{6}\+WenQuanYi(MicroHei|ZenHei)-\d+", str(font["/BaseFont"]))
        assert "/FontFile2" in cast(
            DictionaryObject, font["/FontDescriptor"].get_object()
        )  # the glyphs travel with the file
        assert "/ToUnicode" in font  # and the text can be copied out
    assert b"MSung" not in pdf.read_bytes()


def test_the_qr_code_drawn_is_the_reference_numbers_code(lodged: SlipData, tmp_path: Path) -> None:
    """No QR decoder is installed: rebuild the drawn module grid from the page's rectangles and compare it
    with reportlab's own encoder run on the reference number (so this proves what was drawn, not that a
    phone will read it)."""
    from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

    pdf = tmp_path / "slip.pdf"
    report = render_slip(lodged, pdf, printed_at=PRINTED_AT)
    assert report.qr_payload == REFERENCE
    reader = PdfReader(pdf)
    operations = ContentStream(reader.pages[0].get_contents(), reader).operations
    rectangles = [
        [float(value) for value in operands] for operands, operator in operations if operator == b"re"
    ]
    module, _ = Counter(round(h, 4) for _, _, _, h in rectangles if h > 0).most_common(1)[0]
    modules = [r for r in rectangles if round(r[3], 4) == module]
    left = min(x for x, _, _, _ in modules)
    top = max(y for _, y, _, _ in modules)
    drawn: set[tuple[int, int]] = set()
    for x, y, width, _ in modules:
        row, column = round((top - y) / module), round((x - left) / module)
        drawn.update((row, column + offset) for offset in range(round(width / module)))

    expected_code = QRCode(None, QRErrorCorrectLevel.M)
    expected_code.addData(REFERENCE)
    expected_code.make()
    expected = {
        (row, column)
        for row, cells in enumerate(expected_code.modules)
        for column, dark in enumerate(cells)
        if dark
    }
    assert drawn == expected


def test_a_hkscs_character_is_drawn_from_the_fallback_font(database: Database, tmp_path: Path) -> None:
    name = f"陳{HKSCS_GA}文"
    lodge_case(database, name_zh=name)
    pdf = tmp_path / "slip.pdf"
    report = render_slip(build_slip_data(database, REFERENCE), pdf, printed_at=PRINTED_AT)
    assert report.missing_characters == ()
    base_fonts = {str(font["/BaseFont"]) for font in page_fonts(pdf)}
    assert any("WenQuanYiZenHei" in font for font in base_fonts)
    assert name in pypdf_text(pdf)
    poppler = pdftotext(pdf)
    if poppler is None:
        pytest.skip("pdftotext is not installed")
    assert name in poppler


def test_a_character_no_font_has_is_shown_and_reported(database: Database, tmp_path: Path) -> None:
    lodge_case(database, name_zh=f"梁{LIFT}強")
    pdf = tmp_path / "slip.pdf"
    report = render_slip(build_slip_data(database, REFERENCE), pdf, printed_at=PRINTED_AT)
    assert report.missing_characters == (LIFT,)
    assert "梁[U+282E2]強" in pypdf_text(pdf)
    poppler = pdftotext(pdf)
    if poppler is not None:
        assert "梁[U+282E2]強" in poppler


def test_a_slip_without_fee_documents_or_contact_says_so(database: Database, tmp_path: Path) -> None:
    lodge_case(database, with_contact=False, with_documents=False, fee_hkd=None)
    data = build_slip_data(database, REFERENCE)
    assert (data.documents_received, data.documents_missing) == ((), ())
    assert "14 working days" not in data.next_steps[0].en
    pdf = tmp_path / "slip.pdf"
    render_slip(data, pdf, printed_at=PRINTED_AT)
    flat = squash(pypdf_text(pdf))
    for key in ("fee_unknown", "none", "contact_staff"):
        for part in LABELS[key]:
            assert squash(part) in flat, part
    assert squash(label("fee_unknown")) in flat


# --- Writing the file --------------------------------------------------------------------------


def leftovers(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.name.endswith(".tmp") or ".slip.pdf." in path.name]


def test_a_reprint_replaces_the_old_file(lodged: SlipData, tmp_path: Path) -> None:
    pdf = tmp_path / "slip.pdf"
    pdf.write_bytes(b"an older slip")
    render_slip(lodged, pdf, printed_at=PRINTED_AT)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert leftovers(tmp_path) == []


def test_an_unwritable_folder_is_a_bilingual_error_leaving_nothing(lodged: SlipData, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "afile"
    not_a_folder.write_text("a file, not a folder")
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(AppError) as caught:
        render_slip(lodged, not_a_folder / "slip.pdf", printed_at=PRINTED_AT)
    assert caught.value.code == "slip_unwritable"
    assert "Cannot save the acknowledgement slip" in caught.value.en
    assert "無法把申請確認回條儲存" in caught.value.zh
    assert sorted(tmp_path.rglob("*")) == before
    assert not_a_folder.read_text() == "a file, not a folder"


def test_a_failure_after_the_temporary_file_is_written_removes_it(lodged: SlipData, tmp_path: Path) -> None:
    target = tmp_path / "slip.pdf"
    target.mkdir()  # os.replace cannot put a file over a folder
    with pytest.raises(AppError) as caught:
        render_slip(lodged, target, printed_at=PRINTED_AT)
    assert caught.value.code == "slip_unwritable"
    assert leftovers(tmp_path) == []
    assert target.is_dir()
    assert list(target.iterdir()) == []

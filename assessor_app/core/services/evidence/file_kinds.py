"""What a file is by its first bytes (magic numbers), not its name: the four kinds the evidence store takes,
and a name for the others so a refusal can say what was given."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sniffed:
    """What the first bytes of a file say it is: a supported ``media_type``, or a name for the refusal."""

    media_type: str | None
    description_en: str
    description_zh: str


def _zip_kind(path: Path) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "a zip archive", "壓縮檔（zip）"
    if any(name.startswith("word/") for name in names):
        return "a Word document (.docx)", "Word 文件（.docx）"
    if any(name.startswith("xl/") for name in names):
        return "an Excel workbook (.xlsx)", "Excel 試算表（.xlsx）"
    if any(name.startswith("ppt/") for name in names):
        return "a PowerPoint presentation (.pptx)", "PowerPoint 簡報（.pptx）"
    if "mimetype" in names:
        return "an OpenDocument file", "OpenDocument 文件"
    return "a zip archive", "壓縮檔（zip）"


def sniff(head: bytes, path: Path | None = None) -> Sniffed:
    """Recognise a file by its magic bytes; ``path`` lets a zip be told apart from a Word document."""
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image/jpeg", "a JPEG image", "JPEG 圖像")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image/png", "a PNG image", "PNG 圖像")
    if b"%PDF-" in head[:1024]:
        return Sniffed("application/pdf", "a PDF document", "PDF 文件")
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return Sniffed("image/tiff", "a TIFF image", "TIFF 圖像")
    others: list[tuple[bytes, str, str]] = [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "an older Microsoft Office document (.doc/.xls)",
            "舊式 Office 文件（.doc／.xls）",
        ),
        (b"GIF8", "a GIF image", "GIF 圖像"),
        (b"BM", "a BMP image", "BMP 圖像"),
        (b"{\\rtf", "an RTF document", "RTF 文件"),
        (b"\x1f\x8b", "a gzip archive", "gzip 壓縮檔"),
        (b"Rar!", "a RAR archive", "RAR 壓縮檔"),
        (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "7-Zip 壓縮檔"),
        (b"MZ", "a Windows program", "Windows 程式"),
    ]
    for magic, en, zh in others:
        if head.startswith(magic):
            return Sniffed(None, en, zh)
    if head.startswith(b"PK\x03\x04"):
        en, zh = _zip_kind(path) if path is not None else ("a zip archive", "壓縮檔（zip）")
        return Sniffed(None, en, zh)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed(None, "a WebP image", "WebP 圖像")
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return Sniffed(None, "a HEIC photo (save it as JPEG first)", "HEIC 相片（請先轉存為 JPEG）")
    if head[4:8] == b"ftyp":
        return Sniffed(None, "a video or MP4 file", "影片或 MP4 檔案")
    lowered = head.lstrip()[:64].lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return Sniffed(None, "a web page (HTML)", "網頁（HTML）")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return Sniffed(None, "", "")
    return Sniffed(None, "a plain text file", "純文字檔")

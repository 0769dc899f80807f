"""The workbook package (workbook part, relationships, sheet parts, shared strings) as both readers see it."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from assessor_app.core.errors import AppError
from assessor_app.core.services.sync.guard import Limits, open_checked, read_member, refused
from assessor_app.core.services.sync.writer import unescape_x

MAX_SHARED_STRINGS = 2_000_000

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_OFFICE_DOCUMENT = "/officeDocument"
# The one main content type of a plain workbook; a macro-enabled one (.xlsm), a template, an add-in or a
# binary workbook names another, and is refused.
WORKBOOK_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MACRO_PART = "vbaproject.bin"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def local_name(tag: str) -> str:
    """An element's tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


# What defusedxml raises on a part it refuses (entities, a DTD) or cannot parse; see xml_refused.
XML_ERRORS = (DefusedXmlException, SafeET.ParseError)


def xml_refused(path: Path, part: str, error: Exception) -> AppError:
    """The refusal for ``part`` when parsing it raised one of :data:`XML_ERRORS` (both readers say the same)."""
    if isinstance(error, DefusedXmlException):
        return refused(
            path,
            f"part {part} declares XML entities or a DTD (refused for safety).",
            f"部分 {part} 含有 XML 實體或 DTD 宣告（為安全起見拒絕）。",
        )
    return refused(path, f"part {part} is not well-formed XML.", f"部分 {part} 並非格式正確的 XML。")


def _parse_xml(path: Path, data: bytes, part: str) -> Any:
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except XML_ERRORS as error:
        raise xml_refused(path, part, error) from None


def _t_text(element: Any) -> str:
    """One ``<t>``: its blanks at either end dropped unless it is marked ``xml:space="preserve"`` (as
    Excel and calamine read it), then its ``_xHHHH_`` escapes decoded."""
    text: str = element.text or ""
    if element.get(_XML_SPACE) != "preserve":
        text = text.strip(" \t\r\n")
    return unescape_x(text)


def text_of(element: Any) -> str:
    """Text of an ``<is>`` or ``<si>``: its ``<t>`` and rich-text runs, without phonetic guides."""
    parts: list[str] = []
    for child in element:
        name = local_name(child.tag)
        if name == "t":
            parts.append(_t_text(child))
        elif name == "r":
            for run in child:
                if local_name(run.tag) == "t":
                    parts.append(_t_text(run))
    return "".join(parts)


# --- The package: workbook, relationships and sheet parts, read the same way by both readers ------


@dataclass(frozen=True)
class SheetEntry:
    """A sheet as the workbook part lists it: its name, visibility and the part holding its cells."""

    name: str
    state: str
    part: str


@dataclass
class Package:
    """An opened workbook package: the archive (closed by the caller), its members and its sheets."""

    path: Path
    archive: zipfile.ZipFile
    names: set[str]
    sheets: list[SheetEntry]
    shared_part: str
    plain: bool  # the fast reader may read it: one workbook part, unambiguous relationships, 1900 dates
    date1904: bool = False  # date serials count from 1904 (workbookPr date1904): only the exact reader


def _check_content_types(path: Path, archive: zipfile.ZipFile, names: set[str], limits: Limits) -> None:
    """Refuse a package that is not a plain workbook: its workbook part's content type (its Override, or
    the Default for ``.xml``) must be :data:`WORKBOOK_CONTENT_TYPE`, and it holds no macros (no VBA
    project part, no macro content type), whatever the file is called."""
    part = "[Content_Types].xml"
    types = _parse_xml(path, read_member(path, archive, part, limits), part)
    overrides: dict[str, str] = {}
    defaults: dict[str, str] = {}
    for element in types:
        name = local_name(element.tag)
        content_type = element.get("ContentType", "")
        if name == "Override":
            overrides[element.get("PartName", "").lstrip("/").lower()] = content_type
        elif name == "Default":
            defaults[element.get("Extension", "").lower()] = content_type
    macros = any(name.lower().rsplit("/", 1)[-1] == _MACRO_PART for name in names) or any(
        "vbaproject" in content_type.lower() or "macroenabled" in content_type.lower()
        for content_type in (*overrides.values(), *defaults.values())
    )
    if macros:
        raise refused(
            path,
            "it is a macro-enabled workbook (it holds a VBA project); save it as a plain .xlsx workbook "
            "(Excel Workbook) first.",
            "檔案是含有巨集的活頁簿（含 VBA 專案）；請先另存為一般 .xlsx 活頁簿（Excel 活頁簿）。",
        )
    main = overrides.get("xl/workbook.xml", defaults.get("xml", ""))
    if main != WORKBOOK_CONTENT_TYPE:
        raise refused(
            path,
            f"its workbook part is declared as {main[:100] or 'nothing'!r}, not as a plain .xlsx workbook "
            "(a template, add-in or binary workbook is not read); save it as Excel Workbook (.xlsx) first.",
            f"檔案的活頁簿部分宣告為 {main[:100] or '（無）'!r}，並非一般 .xlsx 活頁簿（不讀取範本、增益集或"
            "二進位活頁簿）；請先另存為 Excel 活頁簿（.xlsx）。",
        )


def open_package(path: Path, limits: Limits, data: bytes | None = None) -> Package:
    """The package at ``path`` (or in ``data``, its bytes) checked by the guard, with its workbook part and
    relationships read; refusals as both readers word them."""
    archive = open_checked(path, limits, data=data)
    try:
        names = set(archive.namelist())
        _check_content_types(path, archive, names, limits)
        workbook = _parse_xml(path, read_member(path, archive, "xl/workbook.xml", limits), "xl/workbook.xml")
        plain = True
        rels_part = "xl/_rels/workbook.xml.rels"
        targets: dict[str, str] = {}
        if rels_part in names:
            rels = _parse_xml(path, read_member(path, archive, rels_part, limits), rels_part)
            for rel in rels:
                target = rel.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                rel_id = rel.get("Id", "")
                plain = plain and rel_id not in targets
                targets[rel_id] = target
        if "_rels/.rels" in names:
            # calamine finds the workbook through the package's relationships: it must be this one
            root_rels = _parse_xml(path, read_member(path, archive, "_rels/.rels", limits), "_rels/.rels")
            documents = [
                rel.get("Target", "") for rel in root_rels if rel.get("Type", "").endswith(_OFFICE_DOCUMENT)
            ]
            plain = plain and [target.lstrip("/") for target in documents] == ["xl/workbook.xml"]
        else:
            plain = False
        sheets: list[SheetEntry] = []
        date1904 = False
        for element in workbook.iter():
            name = local_name(element.tag)
            if name == "workbookPr" and element.get("date1904", "0").lower() in {"1", "true"}:
                date1904 = True
                plain = False  # read by the exact reader, which counts its dates from 1904
            if name != "sheet":
                continue
            rid = element.get(f"{{{_REL_NS}}}id") or element.get(f"{{{_STRICT_REL_NS}}}id") or ""
            entry = SheetEntry(element.get("name", ""), element.get("state", "visible"), targets.get(rid, ""))
            if entry.part not in names:
                raise refused(path, f"sheet {entry.name} has no content.", f"工作表 {entry.name} 沒有內容。")
            sheets.append(entry)
        shared_part = next(
            (t for t in targets.values() if t.endswith("sharedStrings.xml")), "xl/sharedStrings.xml"
        )
        return Package(path, archive, names, sheets, shared_part, plain, date1904)
    except BaseException:
        archive.close()
        raise


def read_shared_strings(package: Package, limits: Limits) -> list[str]:
    """The shared strings, in order (refused beyond :data:`MAX_SHARED_STRINGS`)."""
    shared: list[str] = []
    if package.shared_part in package.names:
        part = package.shared_part
        root = _parse_xml(package.path, read_member(package.path, package.archive, part, limits), part)
        for item in root:
            if local_name(item.tag) == "si":
                shared.append(text_of(item))
                if len(shared) > MAX_SHARED_STRINGS:
                    raise refused(package.path, "it holds too many strings.", "檔案含有過多字串。")
    return shared

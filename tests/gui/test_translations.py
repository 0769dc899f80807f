"""Every interface string is translatable and translated, and the compiled .qm matches the .ts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
TS = TRANSLATIONS / "assessor_zh_HK.ts"
QM = TRANSLATIONS / "assessor_zh_HK.qm"
TOOLS = Path(sys.executable).parent
# Python format fields ({count}, {fee:,}) and Qt's plural count (%n) must survive translation.
PLACEHOLDER = re.compile(r"\{[a-z_]+(?::[^}]*)?\}|%n")


def tool(name: str) -> str:
    path = TOOLS / name
    if not path.exists():
        found = shutil.which(name)
        if found is None:
            pytest.fail(f"{name} is not installed (it comes with PySide6)")
        return found
    return str(path)


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def problems(ts: Path) -> list[str]:
    found = []
    for context, source, message in messages(ts):
        translation = message.find("translation")
        if translation is None or translation.get("type") in {"unfinished", "vanished", "obsolete"}:
            found.append(f"{context}: {source!r} is not translated")
            continue
        forms = [form.text or "" for form in translation.iter("numerusform")] or [translation.text or ""]
        for text in forms:
            if not text.strip():
                found.append(f"{context}: {source!r} has an empty translation")
            elif sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                found.append(f"{context}: {source!r} and {text!r} differ in their {{placeholders}}")
    return found


def test_every_translation_is_filled() -> None:
    assert messages(TS), "the .ts file holds no messages"
    assert problems(TS) == []
    root = ET.parse(TS).getroot()
    assert root.get("language") == "zh_HK"


def test_no_untranslated_strings_in_the_code(tmp_path: Path) -> None:
    copy = tmp_path / "assessor_zh_HK.ts"
    shutil.copyfile(TS, copy)
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            "-silent",
            "-extensions",
            "py",
            "-no-obsolete",
            "assessor_app",
            "-ts",
            str(copy),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert problems(copy) == [], "run `make translations` and translate the new strings"
    assert {(c, s) for c, s, _ in messages(copy)} == {(c, s) for c, s, _ in messages(TS)}


def test_committed_qm_is_up_to_date(tmp_path: Path) -> None:
    compiled = tmp_path / "assessor_zh_HK.qm"
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(compiled)], check=True, capture_output=True
    )
    assert QM.read_bytes() == compiled.read_bytes(), "run `make translations` to recompile the .qm"


# English is the code's own text but for its plural forms: "%n case(s)" reads "1 case", "2 cases".
EN_TS = TRANSLATIONS / "assessor_en.ts"
EN_QM = TRANSLATIONS / "assessor_en.qm"


def _plurals_only(copy: Path) -> None:
    lupdate = [tool("pyside6-lupdate"), "-silent", "-pluralonly", "-extensions", "py", "-no-obsolete"]
    subprocess.run([*lupdate, "assessor_app", "-ts", str(copy)], cwd=ROOT, check=True, capture_output=True)


def test_every_count_in_the_code_has_its_english_plural_forms(tmp_path: Path) -> None:
    assert ET.parse(EN_TS).getroot().get("language") == "en"
    assert problems(EN_TS) == []
    for _context, source, message in messages(EN_TS):
        assert message.get("numerus") == "yes", source
        one, many = [form.text or "" for form in message.iter("numerusform")]
        assert "(s)" not in one, one
        assert "(s)" not in many, many
        assert one != many, source
    copy = tmp_path / "assessor_en.ts"
    shutil.copyfile(EN_TS, copy)
    _plurals_only(copy)
    assert problems(copy) == [], "run `make translations` and write the new plural forms"
    assert {(c, s) for c, s, _ in messages(copy)} == {(c, s) for c, s, _ in messages(EN_TS)}
    # Every %n text of the code is in it (lupdate finds them all: the Chinese file holds the same ones).
    numerus = {(c, s) for c, s, m in messages(TS) if m.get("numerus") == "yes"}
    assert numerus == {(c, s) for c, s, _ in messages(EN_TS)}


def test_the_committed_english_qm_is_up_to_date(tmp_path: Path) -> None:
    compiled = tmp_path / "assessor_en.qm"
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(EN_TS), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert EN_QM.read_bytes() == compiled.read_bytes(), "run `make translations` to recompile the .qm"

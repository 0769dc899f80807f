"""Showing the core's reports in the interface: one language of a bilingual text, HKIDs only masked."""

from __future__ import annotations

import re

from assessor_app.core.domain import hkid

# A full HKID as it may appear in free text: one or two letters, six digits, a check digit in brackets
# or not. Already-masked numbers (A123***(*)) do not match.
_HKID = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,2}\d{6}\s?\(?[0-9A]\)?(?![0-9A-Za-z])")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_SEPARATOR = " / "


def mask_hkids(text: str) -> str:
    """``text`` with every HKID-looking number masked (A123456(3) -> A123***(*))."""
    return _HKID.sub(lambda match: hkid.mask(match.group(0)), text)


def language_part(text: str, language: str) -> str:
    """The lines of a core ``describe()`` text meant for ``language``.

    The core writes its first lines twice, Chinese then English (or English then Chinese); the detail
    lines after them are shared. The first Chinese/English pair is reduced to the one in ``language``;
    a text without such a pair comes back whole."""
    lines = text.splitlines()
    if len(lines) >= 2:
        first, second = (bool(_CJK.search(line)) for line in lines[:2])
        if first != second:
            chinese, english = (lines[0], lines[1]) if first else (lines[1], lines[0])
            lines = [chinese if language.startswith("zh") else english, *lines[2:]]
    return mask_hkids("\n".join(lines))


def _bilingual_split(reason: str) -> tuple[str, str] | None:
    """``(english, chinese)`` of a reason written ``English / 中文``, or None.

    The English half may quote values with Chinese in them (``Employer: here "改名有限公司"``), so the
    split is at the first `` / `` that starts Chinese text outside a double-quoted value."""
    start = 0
    while (at := reason.find(_SEPARATOR, start)) >= 0:
        english, chinese = reason[:at], reason[at + len(_SEPARATOR) :]
        quotes = english.count('"') - english.count('\\"')
        if quotes % 2 == 0 and _CJK.match(chinese):
            return english, chinese
        start = at + 1
    return None


def reason_part(reason: str, language: str) -> str:
    """One language of a core reason written ``English / 中文`` (a reason not in that form, whole)."""
    halves = _bilingual_split(reason)
    if halves is None:
        return mask_hkids(reason)
    english, chinese = halves
    return mask_hkids(chinese if language.startswith("zh") else english)

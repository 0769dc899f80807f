"""One place for how typed or imported text is cleaned before it is checked: identifiers, codes, free text.

Every entry path (the intake form, headless lodging, the catalogue import, merge and the results import)
calls these functions, so a value means the same thing whichever way it arrived.

Two kinds of field, treated differently on purpose:

- **Identifiers and codes** (HKIDs, phones, dates, QR numbers, event and station codes) are folded with
  Unicode NFKC, so what a Chinese input method types in full-width mode (``P５００００１（０）``, ``２０２３／１１／０８``,
  ``＋８５２``, the ideographic space U+3000) becomes the ASCII it stands for; invisible zero-width
  characters are dropped and runs of white space become one space. The folded text is then checked
  strictly by the caller (an HKID pattern, a date format), so folding never lets a wrong value through.
- **Free text** (names, addresses, employers, titles, notes) is only trimmed, checked for length and refused
  when it holds a control character (:data:`CONTROL_CHARS`). It is *not* NFKC-folded: NFKC would turn the
  full-width punctuation of Chinese text (``，``, ``（）``, ``：``) into ASCII and change what the applicant
  wrote; a name is kept exactly as typed.

Tabs and line feeds are not control characters here (addresses and notes may span lines); callers that
want a single line refuse them themselves.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# What free text never holds, because it is invisible or changes how the text around it reads:
# C0 controls but tab and line feed, DEL, C1 controls (NEL included), the soft hyphen, the bidirectional
# marks, embeddings, overrides and isolates (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), the
# zero-width space, joiners and word joiner, invisible operators, the line and paragraph separators,
# the byte-order mark and the tag characters (which can smuggle hidden ASCII).
CONTROL_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\U000e0000-\U000e007f]"
)
# Invisible characters a copy from a web page or a chat leaves inside an identifier: dropped there.
ZERO_WIDTH = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Dashes NFKC leaves alone (hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign).
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe63]")
_SPACES = re.compile(r"\s+")
_HKID_SEPARATORS = re.compile(r"[\s()\-]")


@dataclass(frozen=True)
class TextProblem:
    """Why a text value was refused, in both languages (``code`` is stable for callers and tests)."""

    code: str
    en: str
    zh: str


def nfkc(text: str) -> str:
    """``text`` in Unicode normal form NFKC (full-width digits, letters and brackets become ASCII)."""
    return unicodedata.normalize("NFKC", text)


def fold_identifier(text: str) -> str:
    """NFKC, zero-width characters dropped, other dashes as ``-``, white space runs as one space, trimmed."""
    # ASCII text is its own NFKC form and holds no zero-width character or other dash.
    folded = text if text.isascii() else _DASHES.sub("-", ZERO_WIDTH.sub("", nfkc(text)))
    return _SPACES.sub(" ", folded).strip()


def normalise_hkid_text(text: str) -> str:
    """An HKID as typed, folded and compacted: ``p５００００１（０）`` -> ``P5000010`` (spaces, brackets and
    dashes removed, upper case). Not yet checked: :func:`assessor_app.core.domain.hkid.parse` does that."""
    return _HKID_SEPARATORS.sub("", fold_identifier(text)).upper()


def normalise_code(text: str, *, upper: bool = True) -> str:
    """A code (QR number, event or station code) folded like an identifier, upper-cased when the code
    is written in capitals: ``０４／０００１２３／ｌ２`` -> ``04/000123/L2``."""
    folded = fold_identifier(text)
    return folded.upper() if upper else folded


def normalise_date_text(text: str) -> str:
    """A typed date folded: full-width digits and ``／．－`` become ASCII; the format is checked by the caller."""
    return fold_identifier(text)


def normalise_phone_text(text: str) -> str:
    """A typed phone number folded: full-width digits, ``＋`` and ``（）`` become ASCII."""
    return fold_identifier(text)


def control_characters(text: str, *, allow: str = "") -> list[str]:
    """The distinct control characters in ``text`` but those in ``allow``, in code-point order."""
    return sorted(set(CONTROL_CHARS.findall(text)) - set(allow))


def describe_characters(characters: list[str]) -> str:
    """``U+202E, U+0007``: how refused characters are named in a message (they are invisible)."""
    return ", ".join(f"U+{ord(character):04X}" for character in characters)


def control_problem(text: str, *, allow: str = "") -> TextProblem | None:
    """A bilingual problem naming the control characters in ``text`` (but ``allow``), or None."""
    bad = control_characters(text, allow=allow)
    if not bad:
        return None
    codes = describe_characters(bad)
    return TextProblem(
        "control_characters",
        f"contains control or invisible characters ({codes}): retype it",
        f"含有控制或隱形字元（{codes}），請重新輸入",
    )


def blank_ends_problem(text: str) -> TextProblem | None:
    """A bilingual problem when ``text`` begins or ends with white space (a form field never does: it
    is trimmed as typed, so a value carrying blanks at either end did not come through the form)."""
    if text == text.strip():
        return None
    return TextProblem(
        "blank_ends",
        "begins or ends with a space, tab or line break (the form keeps none): remove it",
        "開頭或結尾有空格、定位字元或換行（表格不會保留）：請刪除",
    )


# What a terminal must never be sent raw: C0 controls but the line feed, DEL, C1 controls (ESC starts
# the escape sequences that recolour, move the cursor or retitle the window; CSI U+009B does as much),
# and the invisible and bidirectional characters of CONTROL_CHARS (they reorder what is shown).
UNPRINTABLE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f]|{CONTROL_CHARS.pattern}")


def _escape_character(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    r"""``text`` safe to show on a terminal: every control or invisible character but the line feed
    written as an escape (ESC as ``\x1b``, U+202E as ``\u202e``), so a stored value can never drive the
    terminal or hide what follows it. Line feeds stay: multi-line output needs them."""
    return UNPRINTABLE.sub(_escape_character, text) if UNPRINTABLE.search(text) else text


def clean_text(text: str, *, limit: int | None = None) -> tuple[str, list[TextProblem]]:
    """Free text trimmed (never NFKC-folded), with its problems: control characters, longer than ``limit``."""
    value = text.strip()
    problems = []
    control = control_problem(value)
    if control is not None:
        problems.append(control)
    if limit is not None:
        too_long = length_problem(value, limit)
        if too_long is not None:
            problems.append(too_long)
    return value, problems


def length_problem(text: str, limit: int) -> TextProblem | None:
    """A bilingual problem when ``text`` is longer than ``limit`` characters, or None."""
    if len(text) <= limit:
        return None
    return TextProblem("too_long", f"at most {limit} characters ({len(text)} given)", f"最多 {limit} 個字元")

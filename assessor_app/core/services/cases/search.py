"""Search as you type over the cases: names, reference numbers, HKIDs and employers, from the FTS5 indexes.

Migration 0015 keeps ``case_search`` (reference number, names, compact HKID, one row per application) and
``case_search_employers`` (one row per employment period) in step with the data by triggers. A query is
normalised as typed text is (NFKC: full-width letters, digits and brackets become plain ones; spaces
collapsed), split into terms, and a case matches when every term does:

- a term of three or more characters matches part of the reference number, a name (Chinese, English
  surname or given names, alias; the case's own copy or the person's current one) or an employer, through
  the trigram index;
- a one- or two-character term, which the trigram index cannot answer, matches names only, from
  ``case_search_words``: in Chinese any one character or pair of characters of the name (陳, 大文; the first
  eight characters of a longer one), otherwise the start of a word of the English name (``wo``: WONG);
  a reference number or employer of one or two characters means nothing;
- a term shaped like an HKID (letters then digits, with or without the bracketed check digit, any case,
  three characters at least) also matches the start of the HKID, never its middle, so a number cannot be
  found from a few of its digits.

Matching is case-insensitive. ``%`` and ``_`` separate terms (FTS5 uses no index for an escaped LIKE).
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import ColumnElement, Select, and_, false, literal_column, select, table, union
from sqlalchemy.sql import column

from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.domain import hkid

TRIGRAM = 3  # the shortest term the trigram index answers
MAX_TERMS = 8  # more words than a name, a number and an employer: the rest are ignored
_SEPARATORS = re.compile(r"[\s%_]+")
# What a typed HKID fragment looks like once compacted: letters then at least one digit (``A123``,
# ``A123456(3)``). Plain words such as ``CHAN`` never reach the HKID column.
_HKID_FRAGMENT = re.compile(r"^[A-Z]{1,2}\d{1,6}[0-9A]?$")

_cases = table("case_search", column("rowid"), column("reference"), column("names"), column("hkid"))
_employers = table("case_search_employers", column("employer"), column("application_id"))
_words = table("case_search_words", column("rowid"), column("words"))


def search_terms(text: str) -> list[str]:
    """The terms of a query, normalised as the index is searched (see the module docstring); an HKID typed
    with spaces or brackets (``A123456 (3)``) is one term."""
    fragment = hkid.compact(text)
    if _HKID_FRAGMENT.match(fragment):
        return [fragment]
    normal = unicodedata.normalize("NFKC", text)
    return [term for term in _SEPARATORS.split(normal) if term][:MAX_TERMS]


def _is_chinese(text: str) -> bool:
    return any(unicodedata.category(character) == "Lo" for character in text)


def _phrase(text: str) -> str:
    """``text`` as one FTS5 phrase: with the trigram tokenizer, exactly the texts it is part of."""
    return '"' + text.replace('"', '""') + '"'


def _match(table_name: str, query: str) -> ColumnElement[bool]:
    return literal_column(table_name).op("MATCH")(query)


def _ids_matching(term: str) -> Select[tuple[int]]:
    """The ids of the applications one term matches (MATCH, not LIKE: FTS5 then reads no row's text)."""
    rowid: ColumnElement[int] = literal_column("rowid")
    if len(term) >= TRIGRAM:
        fragment = hkid.compact(term)
        by_hkid = f"hkid : ^ {_phrase(fragment)}" if _HKID_FRAGMENT.match(fragment) else None
        query = f"{{names reference}} : {_phrase(term)}"
        employers = select(_employers.c.application_id).where(_match("case_search_employers", _phrase(term)))
        cases = (
            select(rowid)
            .select_from(_cases)
            .where(_match("case_search", f"({query}) OR ({by_hkid})" if by_hkid else query))
        )
        return union(cases, employers)  # type: ignore[return-value]
    # From the words: a Chinese name's characters and pairs of them, or the start of an English word.
    words = _phrase(term) if _is_chinese(term) else f"{_phrase(term)} *"
    return select(rowid).select_from(_words).where(_match("case_search_words", words))


def search_condition(text: str) -> ColumnElement[bool] | None:
    """The condition on ``applications`` for the cases ``text`` finds; None for a blank text (all cases)."""
    if not text.strip():
        return None
    terms = search_terms(text)
    if not terms:  # only separators (``%``, ``_``): nothing is named, so nothing is found
        return false()
    return and_(*(ApplicationRecord.id.in_(_ids_matching(term)) for term in terms))

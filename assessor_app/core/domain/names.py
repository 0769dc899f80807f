"""How an applicant's English name is written: on the agency's documents, and as on the HKID card."""

from __future__ import annotations


def english_name(surname: str, given_names: str) -> str:
    """``SURNAME, Given names`` (just ``SURNAME`` without given names)."""
    surname = surname.strip().upper()
    given_names = given_names.strip()
    return f"{surname}, {given_names}" if surname and given_names else surname or given_names


def card_name(surname: str, given_names: str) -> str:
    """``SURNAME Given Names`` as printed on an HKID card (the case list and the case view)."""
    return " ".join(part for part in (surname.strip().upper(), given_names.strip()) if part)

"""How an applicant's English name is written on the agency's documents and lists of requests."""

from __future__ import annotations


def english_name(surname: str, given_names: str) -> str:
    """``SURNAME, Given names`` (just ``SURNAME`` without given names)."""
    surname = surname.strip().upper()
    given_names = given_names.strip()
    return f"{surname}, {given_names}" if surname and given_names else surname or given_names

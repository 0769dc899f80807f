"""Audit entries whose values a purge removed, and the entry that vouches for them.

A purge deletes a case after its retention period, and must not keep the person in the audit trail
either: the older entries about the case (a corrected name keeps the old and new name) lose their
values (``old_value``, ``new_value``, ``reason``), each replaced by :data:`REDACTED`. Their hashes then no
longer follow from their content, so the same transaction appends one *voucher* entry (``audit_redacted``)
whose ``new_value`` lists the entries redacted and a digest of what they kept (time, actor, entity, its
uid, action, field). The voucher is chained and keyed like any entry, so nobody without the key can
vouch for an edit; ``audit verify`` accepts an entry whose hash does not match its content only when it is
in redacted form and a voucher lists it with the same kept content, and says how many it accepted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, literal

from assessor_app.core.services.audit_chain import timestamp_text

REDACTED = "〔已按保留期限清除 removed at the end of its retention period〕"
REDACTED_COLUMNS = ("old_value", "new_value", "reason")
KEPT_COLUMNS = ("actor", "entity", "entity_uid", "action", "field")
VOUCHER_ENTITY, VOUCHER_ACTION, VOUCHER_FIELD = "audit", "audit_redacted", "values"
VOUCHER_VERSION = 1


_EMPTY = (None, "")


def is_redacted(row: Any) -> bool:
    """Whether a stored entry is in redacted form: each value empty or :data:`REDACTED`, one at least."""
    values = [getattr(row, column) for column in REDACTED_COLUMNS]
    return REDACTED in values and all(value in _EMPTY or value == REDACTED for value in values)


def holds_values(row: Any) -> bool:
    """Whether a stored entry still holds a value a redaction would remove."""
    return any(getattr(row, column) not in (*_EMPTY, REDACTED) for column in REDACTED_COLUMNS)


def redacted(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """The SQL value of ``column`` redacted: :data:`REDACTED` in place of a value, empty left empty."""
    return case((column.is_(None), column), (column == "", column), else_=literal(REDACTED))


def kept_digest(rows: Iterable[Any]) -> str:
    """SHA-256 of what the entries ``rows`` (in id order) kept: id, time and :data:`KEPT_COLUMNS`. It needs
    no key: the voucher that carries it is keyed by the chain."""
    digest = hashlib.sha256()
    for row in sorted(rows, key=lambda row: int(row.id)):
        kept = [row.id, timestamp_text(row.occurred_at), *(getattr(row, name) for name in KEPT_COLUMNS)]
        digest.update(json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
    return digest.hexdigest()


def _ranges(ids: Sequence[int]) -> list[list[int]]:
    """Sorted ids as [first, last] runs: a purge redacts runs of consecutive entries."""
    runs: list[list[int]] = []
    for entry_id in sorted(ids):
        if runs and entry_id == runs[-1][1] + 1:
            runs[-1][1] = entry_id
        else:
            runs.append([entry_id, entry_id])
    return runs


def voucher_text(rows: Sequence[Any]) -> str:
    """The ``new_value`` of a voucher for the redacted entries ``rows``."""
    return json.dumps(
        {"v": VOUCHER_VERSION, "ids": _ranges([row.id for row in rows]), "kept": kept_digest(rows)},
        separators=(",", ":"),
    )


@dataclass(frozen=True)
class Voucher:
    entry_id: int
    ids: frozenset[int]
    kept: str


def read_voucher(entry_id: int, text: str | None) -> Voucher | None:
    """The voucher in an ``audit_redacted`` entry's ``new_value``; None when it is not one."""
    try:
        data = json.loads(text or "")
        ids = frozenset(entry for first, last in data["ids"] for entry in range(int(first), int(last) + 1))
        return Voucher(entry_id, ids, str(data["kept"])) if data.get("v") == VOUCHER_VERSION else None
    except (ValueError, TypeError, KeyError):
        return None

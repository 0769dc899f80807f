"""The audit chain's head kept outside the database: ``<database file>.audit-anchor``, owner-only.

Copies of it beside each backup, and the head in each exported batch's manifest, are *witnesses*
(:class:`Witness`): older heads the trail must still contain.

Written after every commit that appended entries (count, last hash, time, and a MAC under the chain key
when the chain is keyed), so that deleting the last entries, all of them, or rewriting the chain (which
an unkeyed chain allows) no longer matches what the file says. Atomic: a temporary file in the same
folder, fsynced, then renamed over the old one.
"""

from __future__ import annotations

import glob
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from assessor_app.core.db import backups
from assessor_app.core.private_files import replace_private

log = logging.getLogger(__name__)

SUFFIX = backups.ANCHOR_SUFFIX
FORMAT = 1


@dataclass(frozen=True)
class Anchor:
    count: int
    head: str
    written_at: str
    mode: str
    mac: str | None = None

    def message(self) -> bytes:
        """What the MAC covers."""
        return f"{FORMAT}|{self.count}|{self.head}|{self.written_at}|{self.mode}".encode()


anchor_path = backups.anchor_path


def _mac(key: bytes, anchor: Anchor) -> str:
    return hmac.new(key, anchor.message(), hashlib.sha256).hexdigest()


def write_anchor(database_path: Path, count: int, head: str, mode: str, key: bytes | None) -> None:
    """Replace the anchor file atomically (temp file in the same folder, fsync, rename; mode 0600)."""
    anchor = Anchor(count, head, datetime.now(UTC).isoformat(timespec="microseconds"), mode)
    if key is not None:
        anchor = Anchor(anchor.count, anchor.head, anchor.written_at, anchor.mode, _mac(key, anchor))
    data = json.dumps(
        {
            "format": FORMAT,
            "count": anchor.count,
            "head": anchor.head,
            "written_at": anchor.written_at,
            "mode": anchor.mode,
            "mac": anchor.mac,
        }
    ).encode("utf-8")
    replace_private(anchor_path(database_path), data)


def remove_leftovers(database_path: Path) -> None:
    """Remove the temporary anchors a crash left between writing one and renaming it (they hold no
    personal data, but would pile up in the data folder). Only for the data folder lock's holder,
    at sign-in: every other writer of the anchor holds that lock, so none of them is mid-write."""
    target = anchor_path(database_path)
    name = glob.escape(target.name)
    # ``.NAME.*.tmp`` as replace_private names them; ``NAME.*.tmp`` as versions before it did.
    for leftover in (*target.parent.glob(f".{name}.*.tmp"), *target.parent.glob(f"{name}.*.tmp")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove %s: %s", leftover, exc)


def write_anchor_quietly(database_path: Path, count: int, head: str, mode: str, key: bytes | None) -> None:
    """:func:`write_anchor` after a commit: a failure is logged, never raised (the change is committed;
    ``audit verify`` then reports the anchor as behind, which is the truth)."""
    try:
        write_anchor(database_path, count, head, mode, key)
    except OSError as exc:
        log.warning("could not write the audit anchor beside %s: %s", database_path, exc)


class AnchorUnreadable(Exception):
    """The anchor file exists but is not one this app wrote."""


def read_anchor(database_path: Path) -> Anchor | None:
    """The anchor beside the database, None if there is none; AnchorUnreadable if it is malformed."""
    path = anchor_path(database_path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        value = json.loads(raw)
        anchor = Anchor(
            int(value["count"]),
            str(value["head"]),
            str(value["written_at"]),
            str(value["mode"]),
            value["mac"],
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise AnchorUnreadable(str(exc)) from exc
    if value.get("format") != FORMAT or (anchor.mac is not None and not isinstance(anchor.mac, str)):
        raise AnchorUnreadable("unknown format")
    return anchor


def mac_matches(anchor: Anchor, key: bytes) -> bool:
    return anchor.mac is not None and hmac.compare_digest(anchor.mac, _mac(key, anchor))


@dataclass(frozen=True)
class Witness:
    """A head of the trail recorded outside the database at some time: the trail must still have entry
    ``count`` with hash ``head``. ``source_en``/``source_zh`` name where it was found."""

    source_en: str
    source_zh: str
    count: int
    head: str
    recorded_at: str  # ISO 8601, UTC: when the head was recorded


def backup_witnesses(backups_dir: Path, stem: str, key: bytes | None) -> tuple[list[Witness], list[str]]:
    """The anchors beside the database's backups (newest first), and the names of those that are
    unreadable or whose MAC does not match under ``key`` (not witnesses: they prove nothing)."""
    witnesses: list[Witness] = []
    unusable: list[str] = []
    for backup in backups.list_backups(backups_dir, stem):
        try:
            anchor = read_anchor(backup.path)
        except AnchorUnreadable:
            unusable.append(backup.path.name)
            continue
        if anchor is None:
            continue
        if key is not None and anchor.mac is not None and not mac_matches(anchor, key):
            unusable.append(backup.path.name)
            continue
        name = backup.path.name
        witnesses.append(
            Witness(f"the backup {name}", f"備份 {name}", anchor.count, anchor.head, anchor.written_at)
        )
    return witnesses, unusable

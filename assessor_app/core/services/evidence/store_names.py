"""Renaming an evidence store made before keyed names, at sign-in: the files this database records only."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import EvidenceFileRecord
from assessor_app.core.security.evidence_files import key_names

log = logging.getLogger(__name__)

# Names per query: well under SQLite's limit on bound parameters.
CHUNK = 500


def key_store_names(database: Database, evidence_dir: Path) -> int:
    """Give this encrypted database's stored files their keyed names (see :func:`.evidence_files.key_names`);
    how many were renamed. Nothing to do beside a clear database, whose files keep their SHA-256 names."""
    data_key = database.data_key
    if data_key is None:
        return 0

    def recorded(names: Iterable[str]) -> set[str]:
        names = sorted(names)
        found: set[str] = set()
        with database.engine.connect() as connection:
            for start in range(0, len(names), CHUNK):
                chunk = names[start : start + CHUNK]
                found.update(
                    connection.scalars(
                        select(EvidenceFileRecord.sha256)
                        .where(EvidenceFileRecord.sha256.in_(chunk))
                        .distinct()
                    )
                )
        return found

    renamed = key_names(evidence_dir, data_key, recorded)
    if renamed:
        log.info("gave %d evidence file(s) in %s their keyed names", renamed, evidence_dir)
    return renamed

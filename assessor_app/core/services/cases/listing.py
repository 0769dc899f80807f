"""Read-only views of cases for lists and search: plain rows from SQLAlchemy Core, full HKIDs never leave."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, func, or_, select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import ExportBatchRecord
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EventRecord,
)
from assessor_app.core.domain import hkid
from assessor_app.core.domain.names import card_name
from assessor_app.core.services.shared import CASE_HEAD_COLUMNS

# What a typed HKID fragment looks like once compacted: letters then at least one digit (``A123``,
# ``A123456(3)``). Plain words such as ``CHAN`` never reach the HKID column.
_HKID_FRAGMENT = re.compile(r"^[A-Z]{1,2}\d{1,6}[0-9A]?$")
_LIKE_ESCAPE = "\\"


@dataclass(frozen=True)
class CaseRow:
    """One application as a list shows it; ``hkid_masked`` is the only form of the HKID it carries."""

    application_id: int
    reference_no: str | None
    status: str
    applicant_name_zh: str
    applicant_name_en: str
    hkid_masked: str
    event_code: str | None
    station_code: str
    application_date: date
    qualification_count: int


@dataclass(frozen=True)
class BatchRow:
    """One line of the batch ledger: a workbook that left or entered this laptop."""

    batch_id: int
    kind: str
    file_name: str
    created_by: str
    created_at: datetime
    case_count: int
    file_sha256: str

    @property
    def short_hash(self) -> str:
        return self.file_sha256[:12]


def _like_pattern(text: str, *, prefix_only: bool = False) -> str:
    escaped = text.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2).replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%" if prefix_only else f"%{escaped}%"


def _compact_hkid_column() -> ColumnElement[str]:
    stored = ApplicantRecord.hkid
    return func.upper(func.replace(func.replace(func.replace(stored, "(", ""), ")", ""), " ", ""))


def _search_condition(text: str) -> ColumnElement[bool]:
    """Reference number, Chinese or English name, or the start of an HKID (with or without brackets)."""
    pattern = _like_pattern(text)
    full_name_en = ApplicationRecord.surname_en + " " + ApplicationRecord.given_names_en
    conditions: list[ColumnElement[bool]] = [
        ApplicationRecord.reference_no.like(pattern, escape=_LIKE_ESCAPE),
        ApplicationRecord.name_zh.like(pattern, escape=_LIKE_ESCAPE),
        ApplicationRecord.alias.like(pattern, escape=_LIKE_ESCAPE),
        full_name_en.like(pattern, escape=_LIKE_ESCAPE),
        (ApplicationRecord.given_names_en + " " + ApplicationRecord.surname_en).like(
            pattern, escape=_LIKE_ESCAPE
        ),
    ]
    fragment = hkid.compact(text)
    if _HKID_FRAGMENT.match(fragment):
        conditions.append(
            _compact_hkid_column().like(_like_pattern(fragment, prefix_only=True), escape=_LIKE_ESCAPE)
        )
    return or_(*conditions)


def _cases_query() -> Select[tuple[int, str | None, str, str, str, str, str, str | None, str, date, int]]:
    qualification_count = (
        select(func.count(AppliedQualificationRecord.id))
        .where(AppliedQualificationRecord.application_id == ApplicationRecord.id)
        .correlate(ApplicationRecord)
        .scalar_subquery()
    )
    return (
        select(
            *CASE_HEAD_COLUMNS,
            EventRecord.code,
            ApplicationRecord.station_code,
            ApplicationRecord.application_date,
            qualification_count,
        )
        .join(ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id)
        .outerjoin(EventRecord, EventRecord.id == ApplicationRecord.event_id)
    )


def list_cases(
    database: Database, *, text: str = "", status: str | None = None, limit: int | None = None
) -> list[CaseRow]:
    """Cases newest first, optionally filtered by a search text and a status.

    The text matches part of the reference number, the Chinese or English name or alias, or the start
    of the HKID (``A123``, ``A123456(3)``); the rows carry only the masked HKID.
    """
    query = _cases_query()
    text = text.strip()
    if text:
        query = query.where(_search_condition(text))
    if status:
        query = query.where(ApplicationRecord.status == status)
    query = query.order_by(ApplicationRecord.application_date.desc(), ApplicationRecord.id.desc())
    if limit is not None:
        query = query.limit(max(limit, 0))
    with database.engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        CaseRow(
            application_id=row[0],
            reference_no=row[1],
            status=row[2],
            applicant_name_zh=row[3],
            applicant_name_en=card_name(row[4], row[5]),
            hkid_masked=hkid.mask(row[6]),
            event_code=row[7],
            station_code=row[8],
            application_date=row[9],
            qualification_count=row[10],
        )
        for row in rows
    ]


def count_cases(database: Database) -> int:
    """How many applications the database holds (drafts included)."""
    with database.engine.connect() as connection:
        return connection.execute(select(func.count(ApplicationRecord.id))).scalar_one()


def list_batches(database: Database) -> list[BatchRow]:
    """The batch ledger, newest first."""
    query = select(
        ExportBatchRecord.id,
        ExportBatchRecord.kind,
        ExportBatchRecord.file_name,
        ExportBatchRecord.created_by,
        ExportBatchRecord.created_at,
        ExportBatchRecord.case_count,
        ExportBatchRecord.file_sha256,
    ).order_by(ExportBatchRecord.created_at.desc(), ExportBatchRecord.id.desc())
    with database.engine.connect() as connection:
        return [BatchRow(*row) for row in connection.execute(query).all()]

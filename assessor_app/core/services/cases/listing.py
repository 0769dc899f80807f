"""Read-only views of cases for lists and search: plain rows from SQLAlchemy Core, full HKIDs never leave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, select

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
from assessor_app.core.services.cases.search import search_condition
from assessor_app.core.services.shared import CASE_HEAD_COLUMNS


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

    The text finds cases as :mod:`.search` says (part of a name, reference number or employer, the start
    of an HKID); the rows carry only the masked HKID.
    """
    newest_first = (ApplicationRecord.application_date.desc(), ApplicationRecord.id.desc())
    conditions = [condition for condition in (search_condition(text),) if condition is not None]
    if status:
        conditions.append(ApplicationRecord.status == status)
    query = _cases_query().order_by(*newest_first)
    if limit is not None:
        # The page's ids first, then its rows: the joins and counts are made for the page only, not for
        # every case a common search term matches.
        page = select(ApplicationRecord.id).where(*conditions).order_by(*newest_first).limit(max(limit, 0))
        query = query.where(ApplicationRecord.id.in_(page))
    else:
        query = query.where(*conditions)
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

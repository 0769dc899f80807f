"""The qualification catalogue: list and search it (update files: reader.py, update.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.catalogue import AgencyRecord, IndustryRecord, QualificationRecord


@dataclass(frozen=True)
class IndustryRow:
    id: int
    name_en: str
    name_zh: str
    agency_code: str


@dataclass(frozen=True)
class QualificationRow:
    id: int
    industry_id: int
    industry_en: str
    industry_zh: str
    agency_code: str
    agency_name_en: str
    agency_name_zh: str
    title_zh: str
    title_en: str
    qf_level: int
    qr_number: str | None
    stream: str
    open_to_carers: bool
    notes: str
    stream_zh: str
    notes_zh: str

    def stream_in(self, chinese: bool) -> str:
        """The stream in the interface's language; the Chinese one falls back to the English when not known."""
        return (self.stream_zh or self.stream) if chinese else self.stream

    def notes_in(self, chinese: bool) -> str:
        """The notes in the interface's language; the Chinese falls back to the English when not known."""
        return (self.notes_zh or self.notes) if chinese else self.notes


def list_industries(database: Database) -> list[IndustryRow]:
    """Every industry with its agency's code, sorted by English name."""
    statement = (
        select(
            IndustryRecord.id,
            IndustryRecord.name_en,
            IndustryRecord.name_zh,
            func.coalesce(AgencyRecord.code, ""),
        )
        .outerjoin(AgencyRecord, IndustryRecord.agency_id == AgencyRecord.id)
        .order_by(IndustryRecord.name_en)
    )
    with database.session() as session:
        return [IndustryRow(*row) for row in session.execute(statement).tuples()]


def list_qualifications(
    database: Database, *, text: str = "", industry_id: int | None = None, level: int | None = None
) -> list[QualificationRow]:
    """Active qualifications matching a search text (Chinese or English), an industry and a level."""
    q = QualificationRecord
    statement = (
        select(
            q.id,
            q.industry_id,
            IndustryRecord.name_en,
            IndustryRecord.name_zh,
            func.coalesce(AgencyRecord.code, ""),
            func.coalesce(AgencyRecord.name_en, ""),
            func.coalesce(AgencyRecord.name_zh, ""),
            q.title_zh,
            q.title_en,
            q.qf_level,
            q.qr_number,
            q.stream,
            q.open_to_carers,
            q.notes,
            q.stream_zh,
            q.notes_zh,
        )
        .join(IndustryRecord, q.industry_id == IndustryRecord.id)
        .outerjoin(AgencyRecord, IndustryRecord.agency_id == AgencyRecord.id)
        .where(q.active.is_(True))
        .order_by(IndustryRecord.name_en, q.qf_level, q.title_en, q.id)
    )
    needle = text.strip()
    if needle:
        statement = statement.where(
            or_(
                q.title_zh.icontains(needle, autoescape=True),
                q.title_en.icontains(needle, autoescape=True),
                q.qr_number.icontains(needle, autoescape=True),
                q.stream.icontains(needle, autoescape=True),
                q.stream_zh.icontains(needle, autoescape=True),
                IndustryRecord.name_en.icontains(needle, autoescape=True),
                IndustryRecord.name_zh.icontains(needle, autoescape=True),
            )
        )
    if industry_id is not None:
        statement = statement.where(q.industry_id == industry_id)
    if level is not None:
        statement = statement.where(q.qf_level == level)
    with database.session() as session:
        return [QualificationRow(*row) for row in session.execute(statement).tuples()]

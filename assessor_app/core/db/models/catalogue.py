"""Reference data records: agencies and their fees, industries, the qualification catalogue and its rules."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessor_app.core.db.models.base import Base


class AgencyRecord(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    # Opening hours as the agency writes them, printed on slips (0017).
    hours: Mapped[str] = mapped_column(String(200), default="", server_default="")

    fees: Mapped[list[AgencyFeeRecord]] = relationship(back_populates="agency", cascade="all, delete-orphan")


class AgencyFeeRecord(Base):
    """The agency's fee by number of clusters on one form (the last row counts for "N or more")."""

    __tablename__ = "agency_fees"
    __table_args__ = (
        UniqueConstraint("agency_id", "route", "clusters"),
        CheckConstraint("clusters >= 1", name="clusters_positive"),
        CheckConstraint("fee_hkd >= 0", name="fee_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    route: Mapped[str] = mapped_column(String(32))
    clusters: Mapped[int] = mapped_column(Integer)
    fee_hkd: Mapped[int] = mapped_column(Integer)

    agency: Mapped[AgencyRecord] = relationship(back_populates="fees")


class IndustryRecord(Base):
    __tablename__ = "industries"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_en: Mapped[str] = mapped_column(String(120), unique=True)
    name_zh: Mapped[str] = mapped_column(String(120), default="")
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))

    agency: Mapped[AgencyRecord | None] = relationship()


class QualificationRecord(Base):
    """A cluster of units of competency registered on the QR, applied for as one qualification."""

    __tablename__ = "qualifications"
    __table_args__ = (
        CheckConstraint("qf_level BETWEEN 1 AND 4", name="qf_level_range"),
        UniqueConstraint("industry_id", "title_en", "qf_level"),
        Index("ix_qualifications_industry_level", "industry_id", "qf_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    industry_id: Mapped[int] = mapped_column(ForeignKey("industries.id"))
    title_zh: Mapped[str] = mapped_column(String(200), default="")
    title_en: Mapped[str] = mapped_column(String(200))
    qf_level: Mapped[int] = mapped_column(Integer)
    qr_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    stream: Mapped[str] = mapped_column(String(120), default="")
    open_to_carers: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The stream and notes in Chinese (0018); empty when only the English is known.
    stream_zh: Mapped[str] = mapped_column(String(120), default="", server_default="")
    notes_zh: Mapped[str] = mapped_column(Text, default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    industry: Mapped[IndustryRecord] = relationship()
    units: Mapped[list[QualificationUnitRecord]] = relationship(cascade="all, delete-orphan")
    required_evidence: Mapped[list[QualificationEvidenceRecord]] = relationship(cascade="all, delete-orphan")


class UnitOfCompetencyRecord(Base):
    __tablename__ = "units_of_competency"

    id: Mapped[int] = mapped_column(primary_key=True)
    industry_id: Mapped[int] = mapped_column(ForeignKey("industries.id"))
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title_en: Mapped[str] = mapped_column(String(300))
    title_zh: Mapped[str] = mapped_column(String(300), default="")
    qf_level: Mapped[int] = mapped_column(Integer)
    credit: Mapped[int] = mapped_column(Integer, default=0)
    sector: Mapped[str] = mapped_column(String(120), default="")
    functional_area: Mapped[str] = mapped_column(String(120), default="")
    source: Mapped[str] = mapped_column(String(300), default="")


class QualificationUnitRecord(Base):
    __tablename__ = "qualification_units"
    __table_args__ = (UniqueConstraint("qualification_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    qualification_id: Mapped[int] = mapped_column(ForeignKey("qualifications.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units_of_competency.id"))


class EvidenceTypeRecord(Base):
    __tablename__ = "evidence_types"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    proves_period: Mapped[bool] = mapped_column(Boolean, default=False)


class QualificationEvidenceRecord(Base):
    """Evidence a qualification needs beyond the proof every claimed period needs."""

    __tablename__ = "qualification_evidence"
    __table_args__ = (UniqueConstraint("qualification_id", "evidence_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    qualification_id: Mapped[int] = mapped_column(ForeignKey("qualifications.id", ondelete="CASCADE"))
    evidence_type: Mapped[str] = mapped_column(ForeignKey("evidence_types.code"))


class ExperienceRuleRecord(Base):
    """Minimum years per industry and level; a row with a qualification overrides for that cluster."""

    __tablename__ = "experience_rules"
    __table_args__ = (
        UniqueConstraint("industry_id", "qf_level", "qualification_id"),
        CheckConstraint("qf_level BETWEEN 1 AND 4", name="qf_level_range"),
        CheckConstraint("min_relevant_years <= min_total_years", name="relevant_within_total"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    industry_id: Mapped[int] = mapped_column(ForeignKey("industries.id"))
    qf_level: Mapped[int] = mapped_column(Integer)
    qualification_id: Mapped[int | None] = mapped_column(ForeignKey("qualifications.id"))
    min_total_years: Mapped[int] = mapped_column(Integer)
    min_relevant_years: Mapped[int] = mapped_column(Integer)
    always_assessed: Mapped[bool] = mapped_column(Boolean, default=False)


class ExamFreeWindowRecord(Base):
    """A dated transitional window in which levels ``level_min..level_max`` may pass on documents."""

    __tablename__ = "exam_free_windows"
    __table_args__ = (CheckConstraint("level_min <= level_max", name="level_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    industry_id: Mapped[int] = mapped_column(ForeignKey("industries.id"))
    stream: Mapped[str] = mapped_column(String(120), default="")
    level_min: Mapped[int] = mapped_column(Integer)
    level_max: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[date | None] = mapped_column(Date)
    window_end: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    # The stream in Chinese (0018), shown in the Chinese explanation of an eligibility result.
    stream_zh: Mapped[str] = mapped_column(String(120), default="", server_default="")

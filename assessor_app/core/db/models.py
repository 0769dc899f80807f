"""The case database schema for the whole product, as typed SQLAlchemy records.

Later features extend these tables through Alembic migrations under ``db/migrations``; they never
redesign them. Stable keys (``uid``) let cases move between laptops and batch workbooks.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from assessor_app.core.db.types import UTCDateTime
from assessor_app.core.hong_kong_time import utc_now

# Deterministic constraint names keep Alembic batch migrations on SQLite working.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- Reference data: agencies, industries, the catalogue and its rules ---------------------------


class AgencyRecord(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(400), default="")

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


# --- This laptop: settings, stations, users ---------------------------------------------------


class SettingRecord(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class StationRecord(Base):
    """A laptop taking applications; ``is_local`` marks this one (set once)."""

    __tablename__ = "stations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    description: Mapped[str] = mapped_column(String(200), default="")
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class StationKeyRecord(Base):
    """A station's Ed25519 public key whose signed batches this laptop merges: enrolled by a supervisor,
    or this laptop's own (``is_local``, its private key in the data folder). A removed key stays, with
    who removed it and when; a station has at most one key in force."""

    __tablename__ = "station_keys"
    __table_args__ = (
        Index(
            "ix_station_keys_code_in_force",
            "station_code",
            unique=True,
            sqlite_where=text("removed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station_code: Mapped[str] = mapped_column(String(8))
    public_key: Mapped[str] = mapped_column(String(64))  # the raw 32 bytes, base64
    fingerprint: Mapped[str] = mapped_column(String(24))
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    enrolled_by: Mapped[str] = mapped_column(String(60))
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    removed_by: Mapped[str | None] = mapped_column(String(60))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    removal_reason: Mapped[str] = mapped_column(Text, default="")


class UserRecord(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class ReferenceSequenceRecord(Base):
    """The last sequence number used per station and day, so reference numbers are never reused."""

    __tablename__ = "reference_sequences"
    __table_args__ = (UniqueConstraint("station_code", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_code: Mapped[str] = mapped_column(String(8))
    day: Mapped[date] = mapped_column(Date)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


# --- Promotion days and cases -----------------------------------------------------------------


class EventRecord(Base):
    """A promotion day (or any intake session) at a host organisation."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    host_organisation: Mapped[str] = mapped_column(String(200), default="")
    venue: Mapped[str] = mapped_column(String(300), default="")
    event_date: Mapped[date] = mapped_column(Date)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)

    agency: Mapped[AgencyRecord] = relationship()


class Particulars:
    """A person's particulars as written on a form: the applicant's current ones, and each application's
    own copy as lodged (``docs/particulars.md``: one person, one record, nothing overwritten)."""

    residence_status: Mapped[str] = mapped_column(String(4))
    name_zh: Mapped[str] = mapped_column(String(60), default="")
    surname_en: Mapped[str] = mapped_column(String(60))
    given_names_en: Mapped[str] = mapped_column(String(120), default="")
    alias: Mapped[str] = mapped_column(String(120), default="")
    chinese_commercial_code: Mapped[str] = mapped_column(String(60), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    preferred_language: Mapped[str] = mapped_column(String(8), default="zh_HK")


PARTICULAR_FIELDS = (
    "name_zh",
    "surname_en",
    "given_names_en",
    "alias",
    "chinese_commercial_code",
    "residence_status",
    "date_of_birth",
    "phone",
    "email",
    "address",
    "preferred_language",
)


class ApplicantRecord(Particulars, Base):
    """One person, found by HKID; the particulars here are the current ones, changed only by an audited
    update (an application keeps its own copy as lodged)."""

    __tablename__ = "applicants"
    __table_args__ = (Index("ix_applicants_hkid", "hkid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    hkid: Mapped[str] = mapped_column(String(12))
    hkid_verified_by: Mapped[str | None] = mapped_column(String(60))
    hkid_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)

    applications: Mapped[list[ApplicationRecord]] = relationship(back_populates="applicant")


class ApplicationRecord(Particulars, Base):
    """One application form (a case): one applicant, one or more qualifications."""

    __tablename__ = "applications"
    __table_args__ = (
        Index("ix_applications_event_status", "event_id", "status"),
        Index("ix_applications_applicant_id", "applicant_id"),  # an HKID's cases, at intake (0013)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    reference_no: Mapped[str | None] = mapped_column(String(32), unique=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    station_code: Mapped[str] = mapped_column(String(8), default="")
    status: Mapped[str] = mapped_column(String(32), default="draft")
    # The date the application reached the agency, or its postmark: every rule counts from it.
    application_date: Mapped[date] = mapped_column(Date)
    pics_acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    fee_hkd: Mapped[int | None] = mapped_column(Integer)
    lodged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)
    locked_by_batch_id: Mapped[int | None] = mapped_column(ForeignKey("export_batches.id"))
    needs_reexport: Mapped[bool] = mapped_column(Boolean, default=False)
    # The case's content hash once computed; triggers clear it when anything it covers changes (0011).
    content_sha256: Mapped[str | None] = mapped_column(String(64))

    applicant: Mapped[ApplicantRecord] = relationship(back_populates="applications")
    event: Mapped[EventRecord | None] = relationship()
    qualifications: Mapped[list[AppliedQualificationRecord]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )
    employment: Mapped[list[EmploymentPeriodRecord]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="EmploymentPeriodRecord.position"
    )
    evidence: Mapped[list[EvidenceItemRecord]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )


class AppliedQualificationRecord(Base):
    """A qualification applied for on a form, with its route, eligibility and eventual result."""

    __tablename__ = "applied_qualifications"
    __table_args__ = (UniqueConstraint("application_id", "qualification_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    qualification_id: Mapped[int] = mapped_column(ForeignKey("qualifications.id"))
    # A carer's declaration replaces employer proof for this qualification (only those open to carers).
    carer_declaration: Mapped[bool] = mapped_column(Boolean, default=False)
    route: Mapped[str | None] = mapped_column(String(32))
    eligibility: Mapped[str | None] = mapped_column(String(32))
    result: Mapped[str | None] = mapped_column(String(16))
    soa_number: Mapped[str | None] = mapped_column(String(60))
    soa_date: Mapped[date | None] = mapped_column(Date)
    result_remarks: Mapped[str | None] = mapped_column(Text)  # the Secretariat's remarks with the result
    reimbursement_receipt_no: Mapped[str | None] = mapped_column(String(60))

    application: Mapped[ApplicationRecord] = relationship(back_populates="qualifications")
    qualification: Mapped[QualificationRecord] = relationship()


class EmploymentPeriodRecord(Base):
    """A period of work (``kind`` employment) or of caring or volunteering (``kind`` caring), as claimed,
    with the assessor's corrections: the weight a part-time period counts at, whether work outside Hong
    Kong is accepted. ``industry_id`` None: another industry, not counted."""

    __tablename__ = "employment_periods"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        CheckConstraint("hours_per_week IS NULL OR hours_per_week BETWEEN 1 AND 168", name="hours_range"),
        CheckConstraint("weight_percent IS NULL OR weight_percent BETWEEN 1 AND 100", name="weight_range"),
        Index("ix_employment_periods_application_id", "application_id"),  # a case's periods (0013)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    employer: Mapped[str] = mapped_column(String(200))
    post: Mapped[str] = mapped_column(String(200), default="")
    industry_id: Mapped[int | None] = mapped_column(ForeignKey("industries.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    employment_type: Mapped[str] = mapped_column(String(20), default="full_time")
    hours_per_week: Mapped[int | None] = mapped_column(Integer)
    in_hong_kong: Mapped[bool] = mapped_column(Boolean, default=True)
    duties: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20), default="employment")
    weight_percent: Mapped[int | None] = mapped_column(Integer)  # None: counted in full, not yet confirmed
    overseas_accepted: Mapped[bool | None] = mapped_column(Boolean)  # None: not yet decided

    application: Mapped[ApplicationRecord] = relationship(back_populates="employment")
    relevance: Mapped[list[PeriodRelevanceRecord]] = relationship(
        back_populates="period", cascade="all, delete-orphan"
    )


class PeriodRelevanceRecord(Base):
    """This period is relevant to that qualification applied for (no row: in the industry only)."""

    __tablename__ = "period_relevance"
    __table_args__ = (UniqueConstraint("period_id", "applied_qualification_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("employment_periods.id", ondelete="CASCADE"))
    applied_qualification_id: Mapped[int] = mapped_column(
        ForeignKey("applied_qualifications.id", ondelete="CASCADE")
    )

    period: Mapped[EmploymentPeriodRecord] = relationship(back_populates="relevance")
    applied_qualification: Mapped[AppliedQualificationRecord] = relationship()


class EvidenceItemRecord(Base):
    """One line of a case's evidence checklist: what it proves and what was seen or received."""

    __tablename__ = "evidence_items"
    __table_args__ = (
        Index("ix_evidence_items_application_id", "application_id"),
    )  # a case's checklist (0013)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    evidence_type: Mapped[str] = mapped_column(ForeignKey("evidence_types.code"))
    period_id: Mapped[int | None] = mapped_column(ForeignKey("employment_periods.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="missing")
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str | None] = mapped_column(String(60))
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    application: Mapped[ApplicationRecord] = relationship(back_populates="evidence")
    files: Mapped[list[EvidenceFileRecord]] = relationship(back_populates="item")


class EvidenceFileRecord(Base):
    """A scan or photo in the managed evidence store, named by its SHA-256."""

    __tablename__ = "evidence_files"
    __table_args__ = (Index("ix_evidence_files_sha256", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    evidence_item_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_items.id", ondelete="SET NULL"))
    sha256: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(260))
    media_type: Mapped[str] = mapped_column(String(80))
    size_bytes: Mapped[int] = mapped_column(Integer)
    is_hkid_copy: Mapped[bool] = mapped_column(Boolean, default=False)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    added_by: Mapped[str] = mapped_column(String(60), default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)

    item: Mapped[EvidenceItemRecord | None] = relationship(back_populates="files")


class AssessmentDecisionRecord(Base):
    """The assessor's judgement on one qualification applied for, and its sign-off."""

    __tablename__ = "assessment_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    applied_qualification_id: Mapped[int] = mapped_column(
        ForeignKey("applied_qualifications.id", ondelete="CASCADE"), unique=True
    )
    appropriateness: Mapped[str] = mapped_column(Text, default="")
    validity: Mapped[str] = mapped_column(Text, default="")
    currency: Mapped[str] = mapped_column(Text, default="")
    sufficiency: Mapped[str] = mapped_column(Text, default="")
    authenticity: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str | None] = mapped_column(String(16))
    reasons: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str | None] = mapped_column(String(60))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_off_by: Mapped[str | None] = mapped_column(String(60))
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DocumentRequestRecord(Base):
    """A request to the applicant for missing documents, with a due date."""

    __tablename__ = "document_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    requested_by: Mapped[str] = mapped_column(String(60))
    due_date: Mapped[date] = mapped_column(Date)
    items_json: Mapped[str] = mapped_column(Text, default="[]")
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DraftRecord(Base):
    """An application form as typed, saved continuously so nothing is lost on a crash."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    payload_json: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


# --- Audit and sync ----------------------------------------------------------------------------


class AuditEventRecord(Base):
    """Append-only, hash-chained record of every change to a case."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    actor: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_uid: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(40))
    field: Mapped[str] = mapped_column(String(60), default="")
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "<count>:<sha256>" of the data_changes rows this entry's transaction caused (its hash covers it).
    claims: Mapped[str | None] = mapped_column(String(90))


class AuditChainRecord(Base):
    """How the chain's hashes are made (one row): ``sha256``, or ``hmac-sha256`` under the chain key."""

    __tablename__ = "audit_chain"
    __table_args__ = (
        CheckConstraint("id = 1", name="one_row"),
        CheckConstraint("mode IN ('sha256', 'hmac-sha256')", name="mode_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mode: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class DataChangeRecord(Base):
    """A sensitive column updated, or a case's row deleted, written by a trigger whoever wrote (0012).

    ``claimed_by`` is the audit entry of the app's transaction that made it; NULL: made outside the app.
    """

    __tablename__ = "data_changes"
    __table_args__ = (Index("ix_data_changes_claimed_by", "claimed_by"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    columns: Mapped[str] = mapped_column(Text)
    changed_at: Mapped[str] = mapped_column(
        String(32), server_default=text("(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
    )
    claimed_by: Mapped[int | None] = mapped_column(Integer)


class ExportBatchRecord(Base):
    """A workbook that left or entered this laptop: export, returned results, or another station's batch."""

    __tablename__ = "export_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    kind: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(260))
    file_sha256: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    case_count: Mapped[int] = mapped_column(Integer, default=0)


class BatchItemRecord(Base):
    __tablename__ = "batch_items"
    __table_args__ = (UniqueConstraint("batch_id", "application_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("export_batches.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    content_sha256: Mapped[str] = mapped_column(String(64), default="")


class MergedFileRecord(Base):
    """A workbook file a full merge here read, checked and took (migration 0014): what a merge of the very
    same bytes again may rely on instead of reading them (``sync/merge_known.py``)."""

    __tablename__ = "merged_files"
    __table_args__ = (UniqueConstraint("file_sha256", "checks"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    file_sha256: Mapped[str] = mapped_column(String(64))  # of the encrypted file's bytes
    checks: Mapped[str] = mapped_column(String(40))  # the app and format version that checked it
    checked_on: Mapped[date] = mapped_column(Date)  # Hong Kong's day of that merge
    manifest_json: Mapped[str] = mapped_column(Text)
    copies: Mapped[str] = mapped_column(Text)  # "application key content hash" per line, in file order
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class MergeConflictRecord(Base):
    """Another station's copy of a case that differs from this laptop's, kept whole for a person to resolve."""

    __tablename__ = "merge_conflicts"
    __table_args__ = (UniqueConstraint("application_uid", "theirs_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_uid: Mapped[str] = mapped_column(String(36), index=True)
    reference_no: Mapped[str | None] = mapped_column(String(32))
    source_file: Mapped[str] = mapped_column(String(260))
    source_station: Mapped[str] = mapped_column(String(16), default="")
    source_batch_uid: Mapped[str] = mapped_column(String(36), default="")
    theirs_sha256: Mapped[str] = mapped_column(String(64))
    theirs_json: Mapped[str] = mapped_column(Text)
    differences: Mapped[str] = mapped_column(Text, default="")
    detected_by: Mapped[str] = mapped_column(String(60))
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    resolution: Mapped[str | None] = mapped_column(String(16))
    resolved_by: Mapped[str | None] = mapped_column(String(60))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_reason: Mapped[str] = mapped_column(Text, default="")

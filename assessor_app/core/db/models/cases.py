"""Case records: promotion days, applicants, applications and everything a case holds."""

from __future__ import annotations

from datetime import date, datetime

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
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessor_app.core.db.models.base import Base, new_uid
from assessor_app.core.db.models.catalogue import AgencyRecord, QualificationRecord
from assessor_app.core.db.types import UTCDateTime
from assessor_app.core.hong_kong_time import utc_now


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
        # The Cases page's newest-first pages, by state and by station too (0016).
        Index("ix_applications_application_date", "application_date", "id"),
        Index("ix_applications_status_date", "status", "application_date"),
        Index("ix_applications_station_date", "station_code", "application_date"),
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
    # The fee above was paid at the counter, and the agency's receipt number for it (0017).
    fee_paid: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    fee_receipt_no: Mapped[str] = mapped_column(String(40), default="", server_default="")
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
    __table_args__ = (
        UniqueConstraint("application_id", "qualification_id"),
        Index(
            "ix_applied_qualifications_qualification_id", "qualification_id"
        ),  # a qualification's cases (0016)
    )

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
    __table_args__ = (
        Index("ix_assessment_decisions_decided_by", "decided_by"),
    )  # an assessor's cases (0016)

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
    __table_args__ = (
        Index("ix_document_requests_application_id", "application_id"),
    )  # a case's requests (0016)

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

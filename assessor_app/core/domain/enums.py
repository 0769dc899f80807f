"""Closed lists of values stored in the case database (stored as their string values)."""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    DRAFT = "draft"
    LODGED = "lodged"
    ACKNOWLEDGED = "acknowledged"
    DOCUMENTS_REQUESTED = "documents_requested"
    UNDER_REVIEW = "under_review"
    VERIFICATION_SCHEDULED = "verification_scheduled"
    ASSESSMENT_SCHEDULED = "assessment_scheduled"
    RECOMMENDED_PASS = "recommended_pass"
    RECOMMENDED_FAIL = "recommended_fail"
    SIGNED_OFF = "signed_off"
    EXPORTED = "exported"
    RESULT_PASSED = "result_passed"
    RESULT_FAILED = "result_failed"
    APPEAL_LODGED = "appeal_lodged"
    APPEAL_UPHELD = "appeal_upheld"
    APPEAL_DISMISSED = "appeal_dismissed"
    WITHDRAWN = "withdrawn"


class EvidenceStatus(StrEnum):
    MISSING = "missing"
    ORIGINAL_SEEN = "original_seen"
    COPY_RECEIVED = "copy_received"
    VERIFIED = "verified"
    REJECTED = "rejected"


# A checklist line still owed by the applicant: nothing received yet, or what came was rejected.
OUTSTANDING_EVIDENCE = (EvidenceStatus.MISSING, EvidenceStatus.REJECTED)


class EvidenceRole(StrEnum):
    PRIMARY = "primary"
    SUPPLEMENTARY = "supplementary"
    CARER = "carer"
    AUTHENTICITY = "authenticity"
    IDENTITY = "identity"


class Role(StrEnum):
    INTAKE_CLERK = "intake_clerk"
    ASSESSOR = "assessor"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


class ResidenceStatus(StrEnum):
    """The symbol under the date of birth on an HKID card, or a one-way permit."""

    A = "A"
    R = "R"
    U = "U"
    ONE_WAY_PERMIT = "OWP"


class EmploymentType(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    SELF_EMPLOYED = "self_employed"
    CARER = "carer"


class Route(StrEnum):
    """How a qualification is decided: documents alone (inside an exam-free window) or assessment."""

    DOCUMENT_REVIEW = "document_review"
    ASSESSMENT = "assessment"


class Language(StrEnum):
    ZH_HK = "zh_HK"
    EN = "en"

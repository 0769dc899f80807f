"""Translated names for the stored codes the interface shows (case statuses, roles, assessment stages)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from assessor_app.core.domain.eligibility import EligibilityStatus
from assessor_app.core.domain.enums import CaseStatus, Role, Route
from assessor_app.core.domain.experience import ExperienceResult


def status_labels() -> dict[str, str]:
    """Every case status with its label in the current language, in the order of a case's life."""
    return {
        CaseStatus.DRAFT: QCoreApplication.translate("CaseStatus", "Draft"),
        CaseStatus.LODGED: QCoreApplication.translate("CaseStatus", "Lodged"),
        CaseStatus.ACKNOWLEDGED: QCoreApplication.translate("CaseStatus", "Acknowledged"),
        CaseStatus.DOCUMENTS_REQUESTED: QCoreApplication.translate("CaseStatus", "Documents requested"),
        CaseStatus.UNDER_REVIEW: QCoreApplication.translate("CaseStatus", "Under review"),
        CaseStatus.VERIFICATION_SCHEDULED: QCoreApplication.translate("CaseStatus", "Verification scheduled"),
        CaseStatus.ASSESSMENT_SCHEDULED: QCoreApplication.translate("CaseStatus", "Assessment scheduled"),
        CaseStatus.RECOMMENDED_PASS: QCoreApplication.translate("CaseStatus", "Recommended pass"),
        CaseStatus.RECOMMENDED_FAIL: QCoreApplication.translate("CaseStatus", "Recommended fail"),
        CaseStatus.SIGNED_OFF: QCoreApplication.translate("CaseStatus", "Signed off"),
        CaseStatus.EXPORTED: QCoreApplication.translate("CaseStatus", "Exported"),
        CaseStatus.RESULT_PASSED: QCoreApplication.translate("CaseStatus", "Passed"),
        CaseStatus.RESULT_FAILED: QCoreApplication.translate("CaseStatus", "Failed"),
        CaseStatus.APPEAL_LODGED: QCoreApplication.translate("CaseStatus", "Appeal lodged"),
        CaseStatus.APPEAL_UPHELD: QCoreApplication.translate("CaseStatus", "Appeal upheld"),
        CaseStatus.APPEAL_DISMISSED: QCoreApplication.translate("CaseStatus", "Appeal dismissed"),
        CaseStatus.WITHDRAWN: QCoreApplication.translate("CaseStatus", "Withdrawn"),
    }


def status_label(status: str) -> str:
    """The label for a stored status; an unknown code is shown as it is rather than hidden."""
    return status_labels().get(status, status)


def route_label(route: str | None) -> str:
    """How a qualification is decided (``Route``); None: not decided yet."""
    if route is None:
        return QCoreApplication.translate("Route", "Not decided yet")
    return route_labels().get(route, route)


def role_labels() -> dict[str, str]:
    """Every user role with its label in the current language."""
    return {
        Role.INTAKE_CLERK: QCoreApplication.translate("Role", "Intake clerk"),
        Role.ASSESSOR: QCoreApplication.translate("Role", "Assessor"),
        Role.SUPERVISOR: QCoreApplication.translate("Role", "Supervisor"),
        Role.ADMINISTRATOR: QCoreApplication.translate("Role", "Administrator"),
    }


def role_label(role: str) -> str:
    return role_labels().get(role, role)


def stage_label(stage: str) -> str:
    """Where the assessment record of one qualification stands (``AssessmentRow.stage``)."""
    labels = {
        "not_started": QCoreApplication.translate("AssessmentStage", "Not started"),
        "in_progress": QCoreApplication.translate("AssessmentStage", "In progress"),
        "recommended": QCoreApplication.translate("AssessmentStage", "Recommended"),
        "signed_off": QCoreApplication.translate("AssessmentStage", "Signed off"),
    }
    return labels.get(stage, stage)


def recommendation_label(recommendation: str | None) -> str:
    labels = {
        "pass": QCoreApplication.translate("Recommendation", "Pass"),
        "fail": QCoreApplication.translate("Recommendation", "Fail"),
    }
    return labels.get(recommendation or "", recommendation or "")


def eligibility_labels() -> dict[str, str]:
    """Each stored eligibility verdict (``applied_qualifications.eligibility``) in the current language."""
    return {
        EligibilityStatus.MEETS: QCoreApplication.translate("Eligibility", "Meets"),
        EligibilityStatus.NEEDS_DECISION: QCoreApplication.translate("Eligibility", "Needs a decision"),
        EligibilityStatus.SHORT: QCoreApplication.translate("Eligibility", "Short"),
        EligibilityStatus.NOT_ELIGIBLE: QCoreApplication.translate("Eligibility", "Not eligible"),
        EligibilityStatus.NO_RULE: QCoreApplication.translate("Eligibility", "No rule"),
    }


def route_labels() -> dict[str, str]:
    """How a qualification is decided, in the current language."""
    return {
        Route.DOCUMENT_REVIEW: QCoreApplication.translate("Route", "Document review"),
        Route.ASSESSMENT: QCoreApplication.translate("Route", "Assessment"),
    }


def month_span(months: int) -> str:
    """``5 y 2 m``, ``5 y`` or ``7 m`` in the interface's language (experience figures)."""
    years, rest = divmod(months, 12)
    if years and rest:
        return QCoreApplication.translate("MonthSpan", "{years} y {months} m").format(
            years=years, months=rest
        )
    if years:
        return QCoreApplication.translate("MonthSpan", "{years} y").format(years=years)
    return QCoreApplication.translate("MonthSpan", "{months} m").format(months=rest)


def experience_figures(experience: ExperienceResult) -> str:
    """Both halves of the rule against what they need, e.g. "5 y in the industry (needs 5 y), 1 y relevant
    (needs 2 y)"."""
    return QCoreApplication.translate(
        "MonthSpan",
        "{total} in the industry (needs {need_total}), {relevant} relevant (needs {need_relevant})",
    ).format(
        total=month_span(experience.total_months),
        need_total=month_span(experience.required_total_months),
        relevant=month_span(experience.relevant_months),
        need_relevant=month_span(experience.required_relevant_months),
    )

"""Case states, routes and eligibility outcomes as printed: (Chinese, English), the interface's own wording."""

from __future__ import annotations

from assessor_app.core.domain.eligibility import EligibilityStatus
from assessor_app.core.domain.enums import CaseStatus, Route

# Case states as printed: (Chinese, English), the interface's own translations.
CASE_STATUS_LABELS: dict[str, tuple[str, str]] = {
    CaseStatus.DRAFT.value: ("草稿", "Draft"),
    CaseStatus.LODGED.value: ("已遞交", "Lodged"),
    CaseStatus.ACKNOWLEDGED.value: ("已確認收妥", "Acknowledged"),
    CaseStatus.DOCUMENTS_REQUESTED.value: ("已要求補交文件", "Documents requested"),
    CaseStatus.UNDER_REVIEW.value: ("審核中", "Under review"),
    CaseStatus.VERIFICATION_SCHEDULED.value: ("已安排核實文件", "Verification scheduled"),
    CaseStatus.ASSESSMENT_SCHEDULED.value: ("已安排評估", "Assessment scheduled"),
    CaseStatus.RECOMMENDED_PASS.value: ("建議通過", "Recommended pass"),
    CaseStatus.RECOMMENDED_FAIL.value: ("建議不通過", "Recommended fail"),
    CaseStatus.SIGNED_OFF.value: ("已簽批", "Signed off"),
    CaseStatus.EXPORTED.value: ("已匯出", "Exported"),
    CaseStatus.RESULT_PASSED.value: ("通過", "Passed"),
    CaseStatus.RESULT_FAILED.value: ("不通過", "Failed"),
    CaseStatus.APPEAL_LODGED.value: ("已提出上訴", "Appeal lodged"),
    CaseStatus.APPEAL_UPHELD.value: ("上訴得直", "Appeal upheld"),
    CaseStatus.APPEAL_DISMISSED.value: ("上訴被駁回", "Appeal dismissed"),
    CaseStatus.WITHDRAWN.value: ("已撤回", "Withdrawn"),
}
ROUTE_LABELS: dict[str, tuple[str, str]] = {
    Route.DOCUMENT_REVIEW.value: ("文件審核（只憑文件）", "Document review (documents alone)"),
    Route.ASSESSMENT.value: ("評估", "Assessment"),
}
ELIGIBILITY_LABELS: dict[str, tuple[str, str]] = {
    EligibilityStatus.MEETS.value: ("符合工作經驗規定", "Meets the experience rule"),
    EligibilityStatus.NEEDS_DECISION.value: ("須由評審員決定", "Needs the assessor's decision"),
    EligibilityStatus.SHORT.value: ("工作經驗不足", "Short of the experience rule"),
    EligibilityStatus.NOT_ELIGIBLE.value: ("不符合申請資格", "Not eligible"),
    EligibilityStatus.NO_RULE.value: ("沒有已公布的規則", "No published rule"),
}

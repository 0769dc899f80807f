"""The life of a case: which state may follow which, and who may move it there.

One table (:data:`TRANSITIONS`) is the whole rule; the service layer enforces it and the tests walk
every state × state × role combination against it.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessor_app.core.domain.enums import CaseStatus as S
from assessor_app.core.domain.enums import Role as R

CLERK, ASSESSOR, SUPERVISOR, ADMIN = R.INTAKE_CLERK, R.ASSESSOR, R.SUPERVISOR, R.ADMINISTRATOR
STAFF = frozenset({CLERK, ASSESSOR, SUPERVISOR})
REVIEWERS = frozenset({ASSESSOR, SUPERVISOR})

TRANSITIONS: dict[tuple[S, S], frozenset[R]] = {
    (S.DRAFT, S.LODGED): STAFF,
    (S.LODGED, S.ACKNOWLEDGED): STAFF,
    (S.ACKNOWLEDGED, S.DOCUMENTS_REQUESTED): REVIEWERS,
    (S.ACKNOWLEDGED, S.UNDER_REVIEW): REVIEWERS,
    (S.DOCUMENTS_REQUESTED, S.UNDER_REVIEW): REVIEWERS,
    (S.UNDER_REVIEW, S.DOCUMENTS_REQUESTED): REVIEWERS,
    (S.UNDER_REVIEW, S.VERIFICATION_SCHEDULED): REVIEWERS,
    (S.UNDER_REVIEW, S.ASSESSMENT_SCHEDULED): REVIEWERS,
    (S.VERIFICATION_SCHEDULED, S.RECOMMENDED_PASS): REVIEWERS,
    (S.VERIFICATION_SCHEDULED, S.RECOMMENDED_FAIL): REVIEWERS,
    (S.ASSESSMENT_SCHEDULED, S.RECOMMENDED_PASS): REVIEWERS,
    (S.ASSESSMENT_SCHEDULED, S.RECOMMENDED_FAIL): REVIEWERS,
    # A supervisor signs off (never their own recommendation) or sends the case back.
    (S.RECOMMENDED_PASS, S.SIGNED_OFF): frozenset({SUPERVISOR}),
    (S.RECOMMENDED_FAIL, S.SIGNED_OFF): frozenset({SUPERVISOR}),
    (S.RECOMMENDED_PASS, S.UNDER_REVIEW): frozenset({SUPERVISOR}),
    (S.RECOMMENDED_FAIL, S.UNDER_REVIEW): frozenset({SUPERVISOR}),
    (S.SIGNED_OFF, S.EXPORTED): frozenset({ASSESSOR, SUPERVISOR, ADMIN}),
    (S.EXPORTED, S.RESULT_PASSED): frozenset({SUPERVISOR, ADMIN}),
    (S.EXPORTED, S.RESULT_FAILED): frozenset({SUPERVISOR, ADMIN}),
    (S.RESULT_FAILED, S.APPEAL_LODGED): STAFF,
    (S.APPEAL_LODGED, S.APPEAL_UPHELD): frozenset({SUPERVISOR, ADMIN}),
    (S.APPEAL_LODGED, S.APPEAL_DISMISSED): frozenset({SUPERVISOR, ADMIN}),
}

# Withdrawal is possible from any state before a result is recorded.
BEFORE_RESULT = (
    S.DRAFT,
    S.LODGED,
    S.ACKNOWLEDGED,
    S.DOCUMENTS_REQUESTED,
    S.UNDER_REVIEW,
    S.VERIFICATION_SCHEDULED,
    S.ASSESSMENT_SCHEDULED,
    S.RECOMMENDED_PASS,
    S.RECOMMENDED_FAIL,
    S.SIGNED_OFF,
    S.EXPORTED,
)
for _state in BEFORE_RESULT:
    TRANSITIONS[(_state, S.WITHDRAWN)] = frozenset({CLERK, ASSESSOR, SUPERVISOR})

# Moves that must say why (kept in the audit trail).
NEEDS_REASON = frozenset(
    {
        (S.RECOMMENDED_PASS, S.UNDER_REVIEW),
        (S.RECOMMENDED_FAIL, S.UNDER_REVIEW),
        (S.APPEAL_LODGED, S.APPEAL_UPHELD),
        (S.APPEAL_LODGED, S.APPEAL_DISMISSED),
        *((state, S.WITHDRAWN) for state in BEFORE_RESULT),
    }
)
SIGN_OFF = frozenset({(S.RECOMMENDED_PASS, S.SIGNED_OFF), (S.RECOMMENDED_FAIL, S.SIGNED_OFF)})
RECOMMENDATIONS = frozenset({S.RECOMMENDED_PASS, S.RECOMMENDED_FAIL})


@dataclass(frozen=True)
class Refusal:
    """Why a move is not allowed, in both languages."""

    code: str
    en: str
    zh: str


def next_states(current: S, role: R) -> list[S]:
    """The states ``role`` may move a case in ``current`` to, in the table's order."""
    return [to for (source, to), roles in TRANSITIONS.items() if source == current and role in roles]


def check_allowed(current: S, target: S, role: R) -> Refusal | None:
    """None when the table lets ``role`` move a case from ``current`` to ``target``."""
    roles = TRANSITIONS.get((current, target))
    if roles is None:
        return Refusal(
            "illegal_transition",
            f"A case cannot go from '{current.value}' to '{target.value}'.",
            f"個案不能由「{current.value}」轉為「{target.value}」。",
        )
    if role not in roles:
        allowed = ", ".join(sorted(r.value for r in roles))
        return Refusal(
            "role_not_allowed",
            f"A user with the role '{role.value}' cannot move a case to '{target.value}' (allowed: {allowed}).",
            f"角色「{role.value}」的用戶不能把個案轉為「{target.value}」（可由：{allowed}）。",
        )
    return None


def check_conditions(
    current: S, target: S, *, actor: str, recommended_by: str | None, reason: str
) -> Refusal | None:
    """None when an allowed move also meets maker-checker and gives the reason it needs."""
    if (current, target) in SIGN_OFF and recommended_by is not None and recommended_by == actor:
        return Refusal(
            "maker_checker",
            "The person who recommended the result cannot also sign it off: another supervisor must.",
            "提出建議結果的人不能同時簽批，須由另一位主管簽批。",
        )
    if (current, target) in NEEDS_REASON and not reason.strip():
        return Refusal("reason_required", "Give a reason for this change.", "請說明這項更改的原因。")
    return None

"""The life of a past demo case after lodging: who moved it through which states, when, and what each
step left behind (checklist changes, a request for documents, assessments, sign-offs, batches, results).

Every move is one the workflow table allows for the actor's role (``core/domain/workflow.py``); a
recommendation is never signed off by its maker. Times are Hong Kong office hours up to :data:`NOW`;
exports leave in the weekly Friday batch after the sign-off and the Secretariat returns each batch's
results weeks later (:func:`results_at`), so cases of one batch come back together.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from assessor_app.core.domain.eligibility import EligibilityStatus
from assessor_app.core.domain.enums import CaseStatus as S
from assessor_app.core.domain.enums import EvidenceStatus as E
from assessor_app.core.domain.enums import Route
from assessor_app.core.hong_kong_time import HONG_KONG
from assessor_app.core.services.demo.event import EVENT_DAY

# The demo's present: the evening of its open promotion day; nothing in its history is later.
NOW = datetime.combine(EVENT_DAY, time(18, 0), HONG_KONG)
ASSESSORS = ("ckcheng", "kmchan", "ckcheng", "kmchan", "wkyip")  # a supervisor assesses now and then
SUPERVISORS = ("syleung", "wkyip")
EXPORTERS = ("khlam", "syleung")
RESULTS_CLERK = "khlam"  # the administrator records what the Secretariat returns
EXPORT_HOUR = time(16, 0)
RESULT_HOUR = time(11, 0)
REASON_WITHDRAWN = "申請人來電撤回申請 The applicant withdrew by phone"
REASON_UPHELD = "上訴委員會接納新證據 The appeal panel accepted new evidence"
REASON_DISMISSED = "上訴理由不成立 The grounds of appeal were not made out"
REASON_REJECTED = "僱主證明未有列明職務 The letter does not state the duties"
JUDGEMENTS = {
    "pass": (
        "證明文件與所申請資歷的能力單元相符。Evidence matches the units applied for.",
        "僱主證明由獲授權人簽署。Letters signed by authorised persons.",
        "最近五年內仍從事相關工作。Relevant work within the last five years.",
        "年資及職務足以涵蓋各能力單元。Years and duties cover every unit.",
        "已與僱主電話核實。Verified with the employer by phone.",
    ),
    "fail": (
        "部分職務與能力單元不符。Some duties do not match the units.",
        "證明文件有效。Documents valid.",
        "相關經驗已超過五年。Relevant experience is over five years old.",
        "相關年資不足。Not enough relevant years.",
        "文件真確。Documents authentic.",
    ),
}
REASONS = {
    "pass": "符合年資及能力要求 Meets the experience and competency requirements",
    "fail": "相關經驗不足 Relevant experience falls short",
}


@dataclass
class Item:
    """One checklist line: what it is, for which period (index), and its state now."""

    evidence_type: str
    period: int | None
    status: E
    reason: str
    recorded_by: str | None
    recorded_at: datetime | None


@dataclass(frozen=True)
class Decision:
    """An assessment of one qualification applied for: judged, perhaps recommended and signed off."""

    judged_by: str
    judged_at: datetime
    recommendation: str | None = None
    decided_at: datetime | None = None
    signed_off_by: str | None = None
    signed_off_at: datetime | None = None


@dataclass(frozen=True)
class Request:
    requested_by: str
    requested_at: datetime
    due: date
    items: tuple[int, ...]  # the checklist lines asked for (none: the MPF statements, in words)
    fulfilled_at: datetime | None


@dataclass
class Life:
    """What happened to one case: its state now and everything that left a trace."""

    status: S
    moves: list[tuple[datetime, str, S, S, str]] = field(default_factory=list)  # at, actor, old, new, reason
    item_changes: list[tuple[datetime, str, int, E, E, str]] = field(default_factory=list)
    request: Request | None = None
    decisions: list[Decision] = field(default_factory=list)
    exported_at: datetime | None = None
    exported_by: str = ""
    result_at: datetime | None = None
    results: list[str] = field(default_factory=list)  # pass / fail per qualification, once returned


# The states a past case may be left in, in the order its life reaches them (withdrawn aside).
PIPELINE = (
    S.LODGED,
    S.ACKNOWLEDGED,
    S.UNDER_REVIEW,
    S.DOCUMENTS_REQUESTED,
    S.VERIFICATION_SCHEDULED,
    S.ASSESSMENT_SCHEDULED,
    S.RECOMMENDED_PASS,
    S.RECOMMENDED_FAIL,
    S.SIGNED_OFF,
    S.EXPORTED,
    S.RESULT_PASSED,
    S.RESULT_FAILED,
    S.APPEAL_LODGED,
    S.APPEAL_UPHELD,
    S.APPEAL_DISMISSED,
    S.WITHDRAWN,
)
# How far the cases of an event got, by its age in days: (oldest age, weights over PIPELINE).
SHARES = (
    (45, (14, 22, 24, 14, 5, 8, 3, 1, 3, 0, 0, 0, 0, 0, 0, 3)),
    (150, (1, 3, 12, 8, 6, 10, 7, 3, 10, 12, 10, 3, 0, 0, 0, 4)),
    (10**6, (0, 0, 1, 1, 0, 1, 0, 0, 1, 3, 60, 16, 2, 2, 3, 6)),
)


def target_state(rng: random.Random, age_days: int) -> S:
    """Where a case of an event ``age_days`` old is drawn to have got (it may stop short, see
    :func:`live`)."""
    weights = next(weights for oldest, weights in SHARES if age_days <= oldest)
    return rng.choices(PIPELINE, weights=weights, k=1)[0]


def office_time(rng: random.Random, start: datetime, days: float) -> datetime:
    """A moment in office hours ``days`` after ``start`` (Sundays skipped), never before ``start``."""
    day = (start + timedelta(days=days)).date()
    while day.weekday() == 6:
        day += timedelta(days=1)
    moment = datetime.combine(day, time(9, 30), HONG_KONG) + timedelta(minutes=rng.randrange(480))
    return moment if moment > start else start + timedelta(minutes=rng.randint(5, 90))


def export_at(signed_off_at: datetime) -> datetime:
    """The Friday batch a case signed off at ``signed_off_at`` leaves in (the next day's at the earliest)."""
    day = signed_off_at.date() + timedelta(days=1)
    day += timedelta(days=(4 - day.weekday()) % 7)
    return datetime.combine(day, EXPORT_HOUR, HONG_KONG)


def results_at(exported_at: datetime) -> datetime:
    """When the Secretariat returns the results of the batch that left at ``exported_at``: six to ten
    weeks on, the same for every case of the batch."""
    weeks = 6 + hashlib.sha256(exported_at.isoformat().encode()).digest()[0] % 5
    return datetime.combine((exported_at + timedelta(weeks=weeks)).date(), RESULT_HOUR, HONG_KONG)


def lodging_items(
    rng: random.Random, letters: list[E], clerk: str, lodged_at: datetime, *, draft: bool = False
) -> list[Item]:
    """The checklist as lodging leaves it: the HKID copy seen, a letter per period, perhaps MPF statements."""
    seen = None if draft else lodged_at - timedelta(minutes=7)
    items = [
        Item(
            "hkid_copy",
            None,
            E.MISSING if draft else E.ORIGINAL_SEEN,
            "" if draft else "已與身份證正本核對 Checked against the original card",
            None if draft else clerk,
            seen,
        )
    ]
    for index, letter in enumerate(letters):
        status = E.MISSING if draft else letter
        reason = "申請人稍後補交 To follow from the applicant" if status is E.MISSING else ""
        items.append(Item("employer_letter", index, status, reason, None if draft else clerk, seen))
    if not draft and rng.random() < 0.3:
        items.append(Item("mpf_statement", None, E.COPY_RECEIVED, "", clerk, seen))
    return items


def live(
    rng: random.Random,
    target: S,
    *,
    lodged_at: datetime,
    clerk: str,
    items: list[Item],
    verdicts: list[tuple[str, str]],
) -> Life:
    """Walk a lodged case toward ``target`` (changing ``items`` as it goes); it stops at the last state
    reached by :data:`NOW` when the next step would come later."""
    life = Life(S.LODGED)
    t = lodged_at
    withdraw_at_stage = None
    if target is S.WITHDRAWN:
        withdraw_at_stage = rng.choice((S.LODGED, S.ACKNOWLEDGED, S.UNDER_REVIEW, S.DOCUMENTS_REQUESTED))
    assessor = rng.choice(ASSESSORS)
    signer = rng.choice([s for s in SUPERVISORS if s != assessor])
    document_review = all(route == Route.DOCUMENT_REVIEW.value for _, route in verdicts)
    scheduled = S.VERIFICATION_SCHEDULED if document_review else S.ASSESSMENT_SCHEDULED
    meets = all(status == EligibilityStatus.MEETS.value for status, _ in verdicts)
    recommendation = (
        "pass" if (meets and rng.random() < 0.92) or (not meets and rng.random() < 0.2) else "fail"
    )
    if target in (S.RECOMMENDED_PASS, S.RESULT_PASSED):
        recommendation = "pass"
    elif target in (S.RECOMMENDED_FAIL, S.RESULT_FAILED) or target.value.startswith("appeal"):
        recommendation = "fail"
    if target in (S.VERIFICATION_SCHEDULED, S.ASSESSMENT_SCHEDULED):
        target = scheduled
    wants_documents = target is S.DOCUMENTS_REQUESTED or withdraw_at_stage is S.DOCUMENTS_REQUESTED
    missing = [i for i, item in enumerate(items) if item.status is E.MISSING]
    if not wants_documents and target not in (S.LODGED, S.ACKNOWLEDGED, S.UNDER_REVIEW):
        wants_documents = rng.random() < (0.85 if missing else 0.1)

    def move(at: datetime, actor: str, new: S, reason: str = "") -> bool:
        if at > NOW:
            return False
        life.moves.append((at, actor, life.status, new, reason))
        life.status = new
        return True

    def done(stage: S) -> bool:
        """Whether the walk ends at ``stage``: the target, or the withdrawal that follows it."""
        if withdraw_at_stage is stage:
            move(office_time(rng, t, rng.uniform(3, 40)), clerk, S.WITHDRAWN, REASON_WITHDRAWN)
            return True
        return target is stage

    if done(S.LODGED):
        return life
    t = office_time(rng, t, rng.uniform(0.5, 5))
    if not move(t, clerk, S.ACKNOWLEDGED) or done(S.ACKNOWLEDGED):
        return life
    t = office_time(rng, t, rng.uniform(3, 20))
    if not move(t, assessor, S.UNDER_REVIEW) or done(S.UNDER_REVIEW):
        return life
    if wants_documents:
        t = office_time(rng, t, rng.uniform(1, 5))
        if not move(t, assessor, S.DOCUMENTS_REQUESTED):
            return life
        asked = tuple(missing)
        fulfilled = office_time(rng, t, rng.uniform(5, 25))
        stays = done(S.DOCUMENTS_REQUESTED) or fulfilled > NOW
        life.request = Request(
            assessor, t, t.date() + timedelta(days=28), asked, None if stays else fulfilled
        )
        if stays:
            return life
        for index in asked:
            items[index].status, items[index].reason = E.COPY_RECEIVED, "申請人補交 Sent in by the applicant"
            items[index].recorded_by, items[index].recorded_at = clerk, fulfilled
            life.item_changes.append((fulfilled, clerk, index, E.MISSING, E.COPY_RECEIVED, "補交文件"))
        t = office_time(rng, fulfilled, rng.uniform(1, 5))
        if not move(t, assessor, S.UNDER_REVIEW):
            return life
    t = office_time(rng, t, rng.uniform(3, 15))
    if not move(t, assessor, scheduled) or done(scheduled):
        return life
    judged = office_time(rng, t, rng.uniform(5, 20))
    if judged > NOW:
        return life
    t = office_time(rng, judged, rng.uniform(0, 10))
    recommended = S.RECOMMENDED_PASS if recommendation == "pass" else S.RECOMMENDED_FAIL
    if t > NOW or target is scheduled:
        life.decisions = [Decision(assessor, judged) for _ in verdicts]  # judged, not yet recommended
        return life
    rejected = recommendation == "fail" and rng.random() < 0.3
    for index, item in enumerate(items):
        if item.evidence_type == "hkid_copy" or item.status is E.MISSING:
            continue
        new = E.REJECTED if rejected and item.evidence_type == "employer_letter" else E.VERIFIED
        rejected = rejected and new is not E.REJECTED
        life.item_changes.append(
            (judged, assessor, index, item.status, new, REASON_REJECTED if new is E.REJECTED else "")
        )
        item.status, item.reason = new, REASON_REJECTED if new is E.REJECTED else ""
        item.recorded_by, item.recorded_at = assessor, judged
    move(t, assessor, recommended)
    life.decisions = [Decision(assessor, judged, recommendation, t) for _ in verdicts]
    if done(recommended):
        return life
    signed = office_time(rng, t, rng.uniform(1, 7))
    if not move(signed, signer, S.SIGNED_OFF):
        return life
    life.decisions = [Decision(assessor, judged, recommendation, t, signer, signed) for _ in verdicts]
    if done(S.SIGNED_OFF):
        return life
    leaves = export_at(signed)
    exporter = rng.choice(EXPORTERS)
    if not move(leaves, exporter, S.EXPORTED):
        return life
    life.exported_at, life.exported_by = leaves, exporter
    if done(S.EXPORTED):
        return life
    returned = results_at(leaves)
    result = S.RESULT_PASSED if recommendation == "pass" else S.RESULT_FAILED
    if not move(returned, RESULTS_CLERK, result):
        return life
    life.result_at, life.results = returned, [recommendation for _ in verdicts]
    if result is S.RESULT_PASSED or done(S.RESULT_FAILED):
        return life
    t = office_time(rng, returned, rng.uniform(7, 30))
    if not move(t, clerk, S.APPEAL_LODGED) or done(S.APPEAL_LODGED):
        return life
    outcome = target if target in (S.APPEAL_UPHELD, S.APPEAL_DISMISSED) else S.APPEAL_DISMISSED
    reason = REASON_UPHELD if outcome is S.APPEAL_UPHELD else REASON_DISMISSED
    move(office_time(rng, t, rng.uniform(20, 40)), rng.choice(SUPERVISORS), outcome, reason)
    return life

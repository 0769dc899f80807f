"""The assessment record of each qualification applied for: five judgements, recommendation, sign-off.

An assessor (or supervisor) writes a judgement on each of the five evidence rules (appropriateness,
validity, currency, sufficiency, authenticity) and notes with :func:`save_judgement` (partial drafts are
fine), then :func:`recommend` pass or fail with reasons once all five are written. A supervisor who had no
hand in the record since it was last signed off signs it off (:func:`sign_off`, maker-checker).

Rules every change follows (refusals raise an :class:`AppError` with a stable code and change nothing):

- the user must be active and hold an allowed role (``unknown_user``, ``role_not_allowed``);
- the case must not be locked by an export batch unless a correction is open (``case_locked``);
- judgements and recommendations are written while the case is being reviewed (acknowledged, documents
  requested, under review, verification or assessment scheduled); sign-off while it is recommended pass or
  fail; with a correction open, at any state (``wrong_state``);
- a change to a signed-off record needs a reason and clears the sign-off, so it must be signed off again;
- every changed field is one audit entry (old → new), entity ``assessment``, the case's uid, field
  ``applied#<applied qualification id>.<column>``, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.db.models.cases import (
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
)
from assessor_app.core.db.models.catalogue import QualificationRecord
from assessor_app.core.domain.permissions import PERMISSIONS, REVIEW_STATES, SIGN_OFF_STATES, Action
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services import audit
from assessor_app.core.services.shared import (
    acting_user,
    assert_editable,
    case_name,
    check_text,
    correction_open,
    display_names,
    load_application,
    load_applied_qualification,
    raise_problems,
)

JUDGEMENTS = ("appropriateness", "validity", "currency", "sufficiency", "authenticity")
# The five evidence rules as printed: (Chinese, English).
JUDGEMENT_LABELS: dict[str, tuple[str, str]] = {
    "appropriateness": ("適切性", "Appropriateness"),
    "validity": ("有效性", "Validity"),
    "currency": ("時效性", "Currency"),
    "sufficiency": ("充足性", "Sufficiency"),
    "authenticity": ("真確性", "Authenticity"),
}
JUDGEMENT_MAX = 1000
NOTES_MAX = 4000
REASONS_MAX = 2000
RECOMMENDATIONS = ("pass", "fail")
RECOMMENDATION_LABELS: dict[str, tuple[str, str]] = {
    "pass": ("建議通過", "Pass"),
    "fail": ("建議不通過", "Fail"),
}

ENTITY = "assessment"
MAKING_ACTIONS = frozenset({"judgement", "recommend"})


@dataclass(frozen=True)
class AssessmentRow:
    """One qualification applied for and its assessment record (empty texts before anything is written)."""

    applied_qualification_id: int
    application_id: int
    qualification_id: int
    title_en: str
    title_zh: str
    qf_level: int
    qr_number: str | None
    route: str | None
    eligibility: str | None
    result: str | None
    appropriateness: str
    validity: str
    currency: str
    sufficiency: str
    authenticity: str
    notes: str
    recommendation: str | None
    reasons: str
    decided_by: str | None
    decided_by_name: str
    decided_at: datetime | None
    signed_off_by: str | None
    signed_off_by_name: str
    signed_off_at: datetime | None

    @property
    def judgements(self) -> dict[str, str]:
        """The five judgements by rule name, in :data:`JUDGEMENTS` order."""
        return {name: str(getattr(self, name)) for name in JUDGEMENTS}

    @property
    def complete(self) -> bool:
        """All five judgements are written (the condition for recommending)."""
        return all(text.strip() for text in self.judgements.values())

    @property
    def stage(self) -> str:
        """``not_started``, ``in_progress``, ``recommended`` or ``signed_off``."""
        if self.signed_off_by:
            return "signed_off"
        if self.recommendation:
            return "recommended"
        if any(self.judgements.values()) or self.notes:
            return "in_progress"
        return "not_started"


# --- Reading -------------------------------------------------------------------------------------


def _rows(session: Session, application_id: int, only: int | None = None) -> list[AssessmentRow]:
    query = (
        select(AppliedQualificationRecord, QualificationRecord, AssessmentDecisionRecord)
        .join(QualificationRecord, QualificationRecord.id == AppliedQualificationRecord.qualification_id)
        .outerjoin(
            AssessmentDecisionRecord,
            AssessmentDecisionRecord.applied_qualification_id == AppliedQualificationRecord.id,
        )
        .where(AppliedQualificationRecord.application_id == application_id)
        .order_by(AppliedQualificationRecord.id)
    )
    if only is not None:
        query = query.where(AppliedQualificationRecord.id == only)
    found = session.execute(query).tuples().all()
    names = display_names(
        session,
        {decision.decided_by for _, _, decision in found if decision is not None}
        | {decision.signed_off_by for _, _, decision in found if decision is not None},
    )
    rows: list[AssessmentRow] = []
    for applied, qualification, decision in found:
        texts = {name: getattr(decision, name) if decision is not None else "" for name in JUDGEMENTS}
        decided_by = decision.decided_by if decision is not None else None
        signed_off_by = decision.signed_off_by if decision is not None else None
        rows.append(
            AssessmentRow(
                applied_qualification_id=applied.id,
                application_id=applied.application_id,
                qualification_id=qualification.id,
                title_en=qualification.title_en,
                title_zh=qualification.title_zh,
                qf_level=qualification.qf_level,
                qr_number=qualification.qr_number,
                route=applied.route,
                eligibility=applied.eligibility,
                result=applied.result,
                notes=decision.notes if decision is not None else "",
                recommendation=decision.recommendation if decision is not None else None,
                reasons=decision.reasons if decision is not None else "",
                decided_by=decided_by,
                decided_by_name=names.get(decided_by, "") if decided_by else "",
                decided_at=decision.decided_at if decision is not None else None,
                signed_off_by=signed_off_by,
                signed_off_by_name=names.get(signed_off_by, "") if signed_off_by else "",
                signed_off_at=decision.signed_off_at if decision is not None else None,
                **texts,
            )
        )
    return rows


def assessment_rows(database: Database, application_id: int) -> list[AssessmentRow]:
    """Every qualification on the case with its assessment record, in the order applied."""
    with database.session() as session:
        load_application(session, application_id)
        return _rows(session, application_id)


def assessment_row(database: Database, applied_qualification_id: int) -> AssessmentRow:
    """One qualification applied for with its assessment record."""
    with database.session() as session:
        applied = load_applied_qualification(session, applied_qualification_id)
        return _rows(session, applied.application_id, only=applied.id)[0]


# --- Checks ----------------------------------------------------------------------------------------


def _require_state(
    application: ApplicationRecord, states: frozenset[str], *, doing_en: str, doing_zh: str
) -> None:
    if application.status in states or correction_open(application):
        return
    case_en, case_zh = case_name(application)
    raise AppError(
        f"{case_en} is '{application.status}': you cannot {doing_en} at this stage.",
        f"{case_zh} 目前的狀態為「{application.status}」，此階段不能{doing_zh}。",
        code="wrong_state",
    )


def _field(applied_id: int, column: str) -> str:
    return f"applied#{applied_id}.{column}"


def _stamp(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")


def _write(
    session: Session,
    application: ApplicationRecord,
    applied_id: int,
    *,
    actor: str,
    action: str,
    changes: list[tuple[str, str | None, str | None]],
    reason: str,
) -> None:
    for column, old, new in changes:
        audit.record(
            session,
            actor=actor,
            entity=ENTITY,
            entity_uid=application.uid,
            action=action,
            field=_field(applied_id, column),
            old=old,
            new=new,
            reason=reason,
        )


def _clear_sign_off(
    session: Session,
    application: ApplicationRecord,
    decision: AssessmentDecisionRecord,
    *,
    actor: str,
    reason: str,
) -> None:
    """A signed-off record is changing: the sign-off no longer covers it (audited)."""
    if decision.signed_off_by is None:
        return
    if not reason:
        raise ValidationError(
            "This assessment was signed off: say why it is changing (it will need signing off again).",
            "此評審已經簽批：請說明更改原因（更改後須重新簽批）。",
            code="reason_required",
        )
    old_by, old_at = decision.signed_off_by, _stamp(decision.signed_off_at)
    decision.signed_off_by = None
    decision.signed_off_at = None
    _write(
        session,
        application,
        decision.applied_qualification_id,
        actor=actor,
        action="sign_off_cleared",
        changes=[("signed_off_by", old_by, None), ("signed_off_at", old_at, None)],
        reason=reason,
    )


def _makers(session: Session, application: ApplicationRecord, applied_id: int) -> set[str]:
    """Everyone who wrote judgements or the recommendation since the record was last signed off."""
    prefix = _field(applied_id, "")
    entries = session.execute(
        select(AuditEventRecord.actor, AuditEventRecord.action, AuditEventRecord.field)
        .where(AuditEventRecord.entity == ENTITY, AuditEventRecord.entity_uid == application.uid)
        .order_by(AuditEventRecord.id)
    ).all()
    makers: set[str] = set()
    for actor, action, field in entries:
        if not field.startswith(prefix):
            continue
        if action == "sign_off":
            makers.clear()
        elif action in MAKING_ACTIONS:
            makers.add(actor)
    return makers


# --- Changing the record ---------------------------------------------------------------------------


def save_judgement(
    database: Database,
    applied_qualification_id: int,
    *,
    actor: str,
    appropriateness: str,
    validity: str,
    currency: str,
    sufficiency: str,
    authenticity: str,
    notes: str = "",
    reason: str = "",
) -> AssessmentRow:
    """Write the five judgements and notes (blank judgements allowed until a recommendation is made).

    Each judgement is at most :data:`JUDGEMENT_MAX` characters, notes :data:`NOTES_MAX`; control characters
    are refused. Once recommended, no judgement may be blanked. Only changed fields are written, each with
    its own audit entry; saving the same text again writes nothing.
    """
    problems: list[str] = []
    given = {
        "appropriateness": appropriateness,
        "validity": validity,
        "currency": currency,
        "sufficiency": sufficiency,
        "authenticity": authenticity,
    }
    cleaned = {
        name: check_text(
            text,
            name_en=JUDGEMENT_LABELS[name][1].lower(),
            name_zh=JUDGEMENT_LABELS[name][0],
            max_length=JUDGEMENT_MAX,
            problems=problems,
        )
        for name, text in given.items()
    }
    cleaned["notes"] = check_text(
        notes, name_en="notes", name_zh="備註", max_length=NOTES_MAX, problems=problems
    )
    reason = check_text(reason, name_en="reason", name_zh="原因", max_length=REASONS_MAX, problems=problems)
    raise_problems(problems, "The judgement cannot be saved.", "未能儲存評審判斷。")
    with database.session() as session:
        user = acting_user(
            session, actor, PERMISSIONS[Action.ASSESS], doing_en="record an assessment", doing_zh="記錄評審"
        )
        applied = load_applied_qualification(session, applied_qualification_id)
        application = load_application(session, applied.application_id)
        assert_editable(session, application)
        _require_state(application, REVIEW_STATES, doing_en="record judgements", doing_zh="記錄評審判斷")
        decision = session.scalar(
            select(AssessmentDecisionRecord).where(
                AssessmentDecisionRecord.applied_qualification_id == applied.id
            )
        )
        if decision is None:
            decision = AssessmentDecisionRecord(
                applied_qualification_id=applied.id, **dict.fromkeys((*JUDGEMENTS, "notes"), "")
            )  # added to the session only if something is written: nothing is stored unaudited
        if decision.recommendation is not None:
            blank = [name for name in JUDGEMENTS if not cleaned[name]]
            if blank:
                raise ValidationError(
                    "A recommendation was made on these judgements: none of the five may be left blank.",
                    "已根據這些判斷提出建議：五項判斷均不可留空。",
                    code="judgement_required",
                    details=[f"{JUDGEMENT_LABELS[name][1]} / {JUDGEMENT_LABELS[name][0]}" for name in blank],
                )
        changes = [
            (name, getattr(decision, name) or "", cleaned[name])
            for name in (*JUDGEMENTS, "notes")
            if (getattr(decision, name) or "") != cleaned[name]
        ]
        if changes:
            _clear_sign_off(session, application, decision, actor=user.username, reason=reason)
            for name, _, new in changes:
                setattr(decision, name, new)
            session.add(decision)
            session.flush()
            _write(
                session,
                application,
                applied.id,
                actor=user.username,
                action="judgement",
                changes=[(name, old, new) for name, old, new in changes],
                reason=reason,
            )
        return _rows(session, application.id, only=applied.id)[0]


def recommend(
    database: Database,
    applied_qualification_id: int,
    *,
    actor: str,
    recommendation: str,
    reasons: str,
    reason: str = "",
) -> AssessmentRow:
    """Recommend ``pass`` or ``fail`` with ``reasons``, once all five judgements are written.

    The recommender becomes ``decided_by`` (with ``decided_at``). Re-recommending the same result with the
    same reasons by the same person writes nothing.
    """
    problems: list[str] = []
    if recommendation not in RECOMMENDATIONS:
        problems.append(
            f"recommendation: 'pass' or 'fail', not {recommendation!r} / 建議：須為「pass」或「fail」"
        )
    reasons = check_text(
        reasons, name_en="reasons", name_zh="理由", max_length=REASONS_MAX, problems=problems, required=True
    )
    reason = check_text(reason, name_en="reason", name_zh="原因", max_length=REASONS_MAX, problems=problems)
    raise_problems(problems, "The recommendation cannot be saved.", "未能儲存建議。")
    with database.session() as session:
        user = acting_user(
            session, actor, PERMISSIONS[Action.ASSESS], doing_en="recommend a result", doing_zh="建議評審結果"
        )
        applied = load_applied_qualification(session, applied_qualification_id)
        application = load_application(session, applied.application_id)
        assert_editable(session, application)
        _require_state(application, REVIEW_STATES, doing_en="recommend a result", doing_zh="建議評審結果")
        decision = session.scalar(
            select(AssessmentDecisionRecord).where(
                AssessmentDecisionRecord.applied_qualification_id == applied.id
            )
        )
        blank = [
            name for name in JUDGEMENTS if decision is None or not (getattr(decision, name) or "").strip()
        ]
        if decision is None or blank:
            raise ValidationError(
                "Write all five judgements before recommending a result.",
                "請先填寫全部五項判斷，才可建議結果。",
                code="judgements_incomplete",
                details=[f"{JUDGEMENT_LABELS[name][1]} / {JUDGEMENT_LABELS[name][0]}" for name in blank],
            )
        if (decision.recommendation, decision.reasons, decision.decided_by) == (
            recommendation,
            reasons,
            user.username,
        ):
            return _rows(session, application.id, only=applied.id)[0]
        _clear_sign_off(session, application, decision, actor=user.username, reason=reason)
        now = datetime.now(UTC)
        changes: list[tuple[str, str | None, str | None]] = [
            ("recommendation", decision.recommendation, recommendation),
            ("reasons", decision.reasons or "", reasons),
            ("decided_by", decision.decided_by, user.username),
            ("decided_at", _stamp(decision.decided_at), _stamp(now)),
        ]
        decision.recommendation = recommendation
        decision.reasons = reasons
        decision.decided_by = user.username
        decision.decided_at = now
        _write(
            session,
            application,
            applied.id,
            actor=user.username,
            action="recommend",
            changes=[change for change in changes if change[1] != change[2]],
            reason=reason,
        )
        return _rows(session, application.id, only=applied.id)[0]


def sign_off(database: Database, applied_qualification_id: int, *, actor: str) -> AssessmentRow:
    """A supervisor signs off the recommendation: never one who wrote any of it since the last sign-off.

    Refused with ``maker_checker`` when ``actor`` made the recommendation or changed a judgement in this
    round, ``not_recommended`` before a recommendation and ``already_signed_off`` when it is signed off.
    """
    with database.session() as session:
        user = acting_user(
            session,
            actor,
            PERMISSIONS[Action.SIGN_OFF],
            doing_en="sign off an assessment",
            doing_zh="簽批評審",
        )
        applied = load_applied_qualification(session, applied_qualification_id)
        application = load_application(session, applied.application_id)
        assert_editable(session, application)
        _require_state(application, SIGN_OFF_STATES, doing_en="sign off", doing_zh="簽批")
        decision = session.scalar(
            select(AssessmentDecisionRecord).where(
                AssessmentDecisionRecord.applied_qualification_id == applied.id
            )
        )
        if decision is None or decision.recommendation is None:
            raise AppError(
                "There is no recommendation to sign off yet.",
                "尚未有可簽批的建議。",
                code="not_recommended",
            )
        if decision.signed_off_by is not None:
            raise AppError(
                f"This assessment was already signed off by {decision.signed_off_by}.",
                f"此評審已由 {decision.signed_off_by} 簽批。",
                code="already_signed_off",
            )
        if user.username == decision.decided_by or user.username in _makers(session, application, applied.id):
            raise AppError(
                "You wrote part of this assessment, so you cannot also sign it off: another supervisor must.",
                "你曾參與撰寫此評審，不能同時簽批，須由另一位主管簽批。",
                code="maker_checker",
            )
        now = datetime.now(UTC)
        decision.signed_off_by = user.username
        decision.signed_off_at = now
        _write(
            session,
            application,
            applied.id,
            actor=user.username,
            action="sign_off",
            changes=[("signed_off_by", None, user.username), ("signed_off_at", None, _stamp(now))],
            reason="",
        )
        return _rows(session, application.id, only=applied.id)[0]

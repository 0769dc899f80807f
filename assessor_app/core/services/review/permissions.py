"""What the current user may do to a case now and, where not, why, in both languages (for the UI's buttons).

The rules are the domain's table (``core/domain/permissions.py``) and the case's lock; the services that
write enforce the same rules again, so a stale screen is still refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicationRecord
from assessor_app.core.db.models.laptop import UserRecord
from assessor_app.core.domain.enums import CaseStatus, Role
from assessor_app.core.domain.permissions import PERMISSIONS, Action, role_allows, state_allows
from assessor_app.core.services.shared import ROLE_NAMES, correction_open, load_application


@dataclass(frozen=True)
class Permission:
    """Whether an action is open now; if not, why (``en`` / ``zh``) and what stands in the way (``code``:
    ``nobody``, ``locked``, ``role``, ``state``, ``not_exported`` or ``correction_open``)."""

    allowed: bool
    en: str = ""
    zh: str = ""
    code: str = ""

    def reason(self, language: str) -> str:
        """Why not, in ``language`` ("zh…" for Traditional Chinese, else English); "" when allowed."""
        return self.zh if language.startswith("zh") else self.en


ALLOWED = Permission(True)
CASE_ACTIONS = (
    Action.ASSESS,
    Action.SIGN_OFF,
    Action.REQUEST_DOCUMENTS,
    Action.RECEIVE_DOCUMENTS,
    Action.OPEN_CORRECTION,
    Action.CORRECT_PERIODS,
    Action.VIEW_FULL_HKID,
    Action.RECORD_EVIDENCE,
)
# Who does each case action; ``{roles}`` names the roles the table allows.
ROLE_REFUSALS: dict[Action, tuple[str, str]] = {
    Action.ASSESS: (
        "Only {roles} can record judgements and recommendations.",
        "只有{roles}可以記錄評審判斷及建議。",
    ),
    Action.SIGN_OFF: (
        "{roles} signs off a recommendation, never one they wrote any of themselves.",
        "建議須由{roles}簽批，而簽批人不能曾參與撰寫。",
    ),
    Action.REQUEST_DOCUMENTS: (
        "Only {roles} can request documents from the applicant.",
        "只有{roles}可以要求申請人補交文件。",
    ),
    Action.RECEIVE_DOCUMENTS: (
        "Only {roles} can record documents received.",
        "只有{roles}可以記錄已收文件。",
    ),
    Action.OPEN_CORRECTION: ("Only {roles} can open a correction.", "只有{roles}可以開立更正。"),
    Action.CORRECT_PERIODS: (
        "Only {roles} can correct, add or remove periods of experience.",
        "只有{roles}可以更正、新增或刪除經驗期間。",
    ),
    Action.VIEW_FULL_HKID: (
        "Only {roles} can see an HKID number in full.",
        "只有{roles}可以查看完整的身份證號碼。",
    ),
    Action.RECORD_EVIDENCE: (
        "Only {roles} can record documents and attach files.",
        "只有{roles}可以記錄證明文件及附加檔案。",
    ),
    Action.EXPORT: ("Only {roles} can export a batch.", "只有{roles}可以匯出批次。"),
    Action.IMPORT_RESULTS: (
        "Only {roles} can record the results of a returned workbook.",
        "只有{roles}可以記錄交回工作簿的結果。",
    ),
    Action.MERGE: (
        "Only {roles} can merge another laptop's batch.",
        "只有{roles}可以合併另一部電腦的批次。",
    ),
}
STATE_REFUSALS: dict[Action, Permission] = {
    Action.ASSESS: Permission(
        False,
        "Judgements and recommendations are recorded while the case is under review (from acknowledged to "
        "verification or assessment scheduled).",
        "評審判斷及建議須在個案審核期間記錄（由已確認收件至已安排核實或評核）。",
        "state",
    ),
    Action.SIGN_OFF: Permission(
        False,
        "A sign-off comes once the case is recommended pass or fail.",
        "個案須先有建議通過或不通過的結果，才可簽批。",
        "state",
    ),
    Action.REQUEST_DOCUMENTS: Permission(
        False,
        "No documents can be requested for a draft or a withdrawn case.",
        "草稿或已撤回的個案不能要求補交文件。",
        "state",
    ),
}
NOBODY = Permission(False, "Nobody is chosen as working on this laptop.", "尚未選擇工作人員。", "nobody")
LOCKED = Permission(
    False,
    "This case is locked: nothing in its review can change without a correction.",
    "此個案已鎖定：未開立更正前，評審內容一概不能更改。",
    "locked",
)
NOT_EXPORTED = Permission(
    False,
    "The case has not been exported: it changes directly, without a correction.",
    "個案尚未匯出，可直接更改，毋須開立更正。",
    "not_exported",
)
ALREADY_CORRECTING = Permission(
    False,
    "A correction is already open: the case can be changed, and it goes out in the next batch.",
    "已有未完成的更正：可直接更改個案，個案會隨下一批匯出。",
    "correction_open",
)


@dataclass(frozen=True)
class CaseActions:
    """Each case action (:data:`CASE_ACTIONS`) with whether the user may do it now."""

    permissions: Mapping[Action, Permission]

    def __getitem__(self, action: Action) -> Permission:
        return self.permissions[action]

    def allowed(self, action: Action) -> bool:
        return self.permissions[action].allowed


def _role_refusal(action: Action) -> Permission:
    ordered = [role.value for role in Role if role in PERMISSIONS[action]]
    names_en = [ROLE_NAMES[role][1] for role in ordered]
    with_articles = [f"{'an' if name[0] in 'aeiou' else 'a'} {name}" for name in names_en]
    roles_en = " or ".join(
        [", ".join(with_articles[:-1]), with_articles[-1]] if len(with_articles) > 2 else with_articles
    )
    roles_zh = "或".join(ROLE_NAMES[role][0] for role in ordered)
    en, zh = ROLE_REFUSALS[action]
    text = en.format(roles=roles_en)
    return Permission(False, text[:1].upper() + text[1:], zh.format(roles=roles_zh), "role")


def _permission(action: Action, *, role: str, status: str, locked: bool, correcting: bool) -> Permission:
    if action is Action.VIEW_FULL_HKID:  # reading changes nothing: neither the lock nor the state matter
        return ALLOWED if role_allows(role, action) else _role_refusal(action)
    if action is Action.OPEN_CORRECTION:
        if not role_allows(role, action):
            return _role_refusal(action)
        if not locked:
            return NOT_EXPORTED
        return ALREADY_CORRECTING if correcting else ALLOWED
    # The order of the review tab's hint: the lock first, then the role, then the case's state.
    if locked and not correcting:
        return LOCKED
    if not role_allows(role, action):
        return _role_refusal(action)
    if not state_allows(action, CaseStatus(status), correction_open=correcting):
        return STATE_REFUSALS[action]
    return ALLOWED


def user_may(database: Database, username: str, action: Action) -> Permission:
    """Whether ``username`` ("" for nobody) may take an action that is not about one case (export,
    import results, merge) by their role, and if not, why: the Batches page disables its buttons by it
    before anyone picks a file. The services check it again when the action runs."""
    with database.session() as session:
        user = session.scalar(select(UserRecord).where(UserRecord.username == username)) if username else None
        if user is None or not user.active:
            return NOBODY
        return ALLOWED if role_allows(user.role, action) else _role_refusal(action)


def allowed_actions(database: Database, application_id: int, username: str) -> CaseActions:
    """What ``username`` ("" for nobody) may do to the case now, from its state, its lock and their role.

    Maker-checker is not foreseen here: whether this supervisor wrote part of a record is the sign-off's
    own refusal, shown when they try.
    """
    with database.session() as session:
        application: ApplicationRecord = load_application(session, application_id)
        user = session.scalar(select(UserRecord).where(UserRecord.username == username)) if username else None
        if user is None or not user.active:
            nobody = (
                NOBODY
                if not username
                else Permission(
                    False,
                    f"There is no active user '{username}' on this laptop.",
                    f"此電腦沒有名為「{username}」的有效用戶。",
                    "nobody",
                )
            )
            return CaseActions(dict.fromkeys(CASE_ACTIONS, nobody))
        locked = application.locked_by_batch_id is not None
        correcting = correction_open(application)
        return CaseActions(
            {
                action: _permission(
                    action, role=user.role, status=application.status, locked=locked, correcting=correcting
                )
                for action in CASE_ACTIONS
            }
        )

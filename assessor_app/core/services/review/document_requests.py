"""Requests to an applicant for missing documents: what, by when, and whether it came.

:func:`create_request` records what is asked for: checklist items of the case (given by their id, as a
string of digits) and free-text lines, with a due date that is not in the past. The names of checklist
items are copied into the request when it is made, so a reprinted letter says what was asked for then.
:func:`outstanding` lists the open requests (overdue flagged) and :func:`mark_fulfilled` closes one. The
letter to the applicant is printed by :mod:`assessor_app.core.services.documents.letters`.

Creating a request does not move the case to "documents requested": the caller does that with
``case_workflow.move_case`` when it wants to. Every change is audited (entity ``document_request``, the
case's uid, field ``request#<id>.<column>``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    DocumentRequestRecord,
    EmploymentPeriodRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import EvidenceTypeRecord
from assessor_app.core.domain import hkid
from assessor_app.core.domain.enums import CaseStatus
from assessor_app.core.domain.names import english_name
from assessor_app.core.domain.permissions import CLOSED_STATES, PERMISSIONS, Action
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.services import audit
from assessor_app.core.services.shared import (
    acting_user,
    assert_editable,
    case_name,
    check_text,
    display_names,
    load_application,
    raise_problems,
)

MAX_ITEMS = 30
ITEM_MAX = 300
NOTE_MAX = 2000
LONGEST_WAIT = timedelta(days=366)
ENTITY = "document_request"


@dataclass(frozen=True)
class RequestItem:
    """One document asked for: a checklist item (``item_id``) or a free-text line (``item_id`` None)."""

    item_id: int | None
    evidence_type: str
    name_zh: str
    name_en: str
    period: str

    def to_json(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "evidence_type": self.evidence_type,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "period": self.period,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> RequestItem:
        item_id = value.get("item_id")
        return cls(
            item_id=int(item_id) if item_id is not None else None,
            evidence_type=str(value.get("evidence_type") or ""),
            name_zh=str(value.get("name_zh") or ""),
            name_en=str(value.get("name_en") or ""),
            period=str(value.get("period") or ""),
        )

    def describe(self) -> str:
        """One line for the audit trail and logs."""
        name = (
            self.name_en
            if self.name_en == self.name_zh or not self.name_zh
            else f"{self.name_en} {self.name_zh}"
        )
        return f"{name} ({self.period})" if self.period else name


@dataclass(frozen=True)
class RequestRow:
    """A request for documents as lists and the case view show it; the HKID only masked."""

    id: int
    application_id: int
    reference_no: str | None
    case_status: str
    applicant_name_zh: str
    applicant_name_en: str
    hkid_masked: str
    requested_at: datetime
    requested_by: str
    requested_by_name: str
    due_date: date
    items: tuple[RequestItem, ...]
    fulfilled_at: datetime | None
    today: date

    @property
    def fulfilled(self) -> bool:
        return self.fulfilled_at is not None

    @property
    def overdue(self) -> bool:
        """Still open after its due date (the due date itself is in time)."""
        return not self.fulfilled and self.today > self.due_date

    @property
    def days_overdue(self) -> int:
        return max(0, (self.today - self.due_date).days) if not self.fulfilled else 0

    @property
    def days_left(self) -> int:
        return (self.due_date - self.today).days


# --- Reading -------------------------------------------------------------------------------------


def request_items(items_json: str) -> tuple[RequestItem, ...]:
    """The items stored with a request (unreadable JSON or entries: none)."""
    try:
        values = json.loads(items_json or "[]")
    except ValueError:
        return ()
    return tuple(RequestItem.from_json(value) for value in values if isinstance(value, dict))


def _request_rows(session: Session, requests: list[DocumentRequestRecord], today: date) -> list[RequestRow]:
    names = display_names(session, {request.requested_by for request in requests})
    rows: list[RequestRow] = []
    for request in requests:
        application = load_application(session, request.application_id)
        applicant = session.get(ApplicantRecord, application.applicant_id)
        assert applicant is not None
        requested_at = request.requested_at
        assert requested_at is not None
        rows.append(
            RequestRow(
                id=request.id,
                application_id=application.id,
                reference_no=application.reference_no,
                case_status=application.status,
                applicant_name_zh=application.name_zh,
                applicant_name_en=english_name(application.surname_en, application.given_names_en),
                hkid_masked=hkid.mask(applicant.hkid),
                requested_at=requested_at,
                requested_by=request.requested_by,
                requested_by_name=names.get(request.requested_by, request.requested_by),
                due_date=request.due_date,
                items=request_items(request.items_json),
                fulfilled_at=request.fulfilled_at,
                today=today,
            )
        )
    return rows


def outstanding(
    database: Database, *, today: date | None = None, application_id: int | None = None
) -> list[RequestRow]:
    """Open requests (not fulfilled) of cases not withdrawn, earliest due first; ``overdue`` flags late ones.

    ``application_id`` limits the list to one case (the case view's "outstanding" panel).
    """
    today = today or hong_kong_today()
    with database.session() as session:
        query = (
            select(DocumentRequestRecord)
            .join(ApplicationRecord, ApplicationRecord.id == DocumentRequestRecord.application_id)
            .where(
                DocumentRequestRecord.fulfilled_at.is_(None),
                ApplicationRecord.status != CaseStatus.WITHDRAWN.value,
            )
            .order_by(DocumentRequestRecord.due_date, DocumentRequestRecord.id)
        )
        if application_id is not None:
            load_application(session, application_id)
            query = query.where(DocumentRequestRecord.application_id == application_id)
        return _request_rows(session, list(session.scalars(query)), today)


def overdue(database: Database, *, today: date | None = None) -> list[RequestRow]:
    """The open requests past their due date."""
    return [row for row in outstanding(database, today=today) if row.overdue]


def requests_for_case(
    database: Database, application_id: int, *, today: date | None = None
) -> list[RequestRow]:
    """Every request of one case, open or fulfilled, oldest first."""
    today = today or hong_kong_today()
    with database.session() as session:
        load_application(session, application_id)
        requests = list(
            session.scalars(
                select(DocumentRequestRecord)
                .where(DocumentRequestRecord.application_id == application_id)
                .order_by(DocumentRequestRecord.id)
            )
        )
        return _request_rows(session, requests, today)


def request_row(database: Database, request_id: int, *, today: date | None = None) -> RequestRow:
    today = today or hong_kong_today()
    with database.session() as session:
        return _request_rows(session, [load_request(session, request_id)], today)[0]


# --- Changing ------------------------------------------------------------------------------------


def load_request(session: Session, request_id: int) -> DocumentRequestRecord:
    """The request ``request_id``; ``AppError(code="request_not_found")`` when there is none."""
    request = session.get(DocumentRequestRecord, request_id)
    if request is None:
        raise AppError(
            f"There is no request for documents {request_id}.",
            f"沒有編號 {request_id} 的補交文件要求。",
            code="request_not_found",
        )
    return request


def _checklist_item(session: Session, application: ApplicationRecord, item_id: int) -> RequestItem | None:
    found = session.execute(
        select(EvidenceItemRecord, EvidenceTypeRecord)
        .join(EvidenceTypeRecord, EvidenceTypeRecord.code == EvidenceItemRecord.evidence_type)
        .where(EvidenceItemRecord.id == item_id, EvidenceItemRecord.application_id == application.id)
    ).one_or_none()
    if found is None:
        return None
    item, evidence_type = found
    period = ""
    if item.period_id is not None:
        record = session.get(EmploymentPeriodRecord, item.period_id)
        if record is not None:
            employer = f"{record.employer} ({record.post})" if record.post.strip() else record.employer
            end = record.end_date.isoformat() if record.end_date else "至今 present"
            period = f"{employer} {record.start_date.isoformat()} – {end}"
    return RequestItem(
        item_id=item.id,
        evidence_type=item.evidence_type,
        name_zh=evidence_type.name_zh,
        name_en=evidence_type.name_en,
        period=period,
    )


def create_request(
    database: Database,
    application_id: int,
    *,
    actor: str,
    items: list[str],
    due_date: date,
    today: date | None = None,
) -> RequestRow:
    """Ask the applicant for documents by ``due_date`` (today or later, within a year).

    ``items``: a string of digits is the id of a checklist item of this case; anything else is a free-text
    line (at most :data:`ITEM_MAX` characters, no control characters). One to :data:`MAX_ITEMS` distinct
    items. Assessors and supervisors only; the case must not be a draft or withdrawn, nor locked.
    """
    today = today or hong_kong_today()
    problems: list[str] = []
    texts: list[str] = []
    for number, raw in enumerate(items, start=1):
        text = check_text(
            raw,
            name_en=f"item {number}",
            name_zh=f"第 {number} 項",
            max_length=ITEM_MAX,
            problems=problems,
            required=True,
            multiline=False,
        )
        if text in texts:
            problems.append(f"item {number}: listed twice / 第 {number} 項：重複")
        texts.append(text)
    if not items:
        problems.append("items: list at least one document / 文件：請列出最少一項")
    if len(items) > MAX_ITEMS:
        problems.append(f"items: at most {MAX_ITEMS} / 文件：最多 {MAX_ITEMS} 項")
    if due_date < today:
        problems.append(f"due date: {due_date} is in the past / 限期：{due_date} 已過")
    elif due_date > today + LONGEST_WAIT:
        problems.append(f"due date: {due_date} is more than a year away / 限期：{due_date} 超過一年")
    raise_problems(problems, "The request for documents cannot be made.", "未能發出補交文件要求。")
    with database.session() as session:
        user = acting_user(
            session,
            actor,
            PERMISSIONS[Action.REQUEST_DOCUMENTS],
            doing_en="request documents",
            doing_zh="要求申請人補交文件",
        )
        application = load_application(session, application_id)
        assert_editable(session, application)
        if application.status in CLOSED_STATES:
            case_en, case_zh = case_name(application)
            raise AppError(
                f"{case_en} is '{application.status}': no documents can be requested for it.",
                f"{case_zh} 目前的狀態為「{application.status}」，不能要求補交文件。",
                code="wrong_state",
            )
        requested: list[RequestItem] = []
        unknown: list[str] = []
        for text in texts:
            if text.isascii() and text.isdigit():
                item = _checklist_item(session, application, int(text))
                if item is None:
                    unknown.append(text)
                    continue
                if any(other.item_id == item.item_id for other in requested):
                    continue
                requested.append(item)
            else:
                requested.append(RequestItem(None, "", text, text, ""))
        if unknown:
            raise ValidationError(
                "The request names checklist items that are not on this case.",
                "要求中有不屬於此個案的文件清單項目。",
                code="checklist_item_not_found",
                details=[f"checklist item {item_id} / 文件清單項目 {item_id}" for item_id in unknown],
            )
        request = DocumentRequestRecord(
            application_id=application.id,
            requested_at=datetime.now(UTC),
            requested_by=user.username,
            due_date=due_date,
            items_json=json.dumps([item.to_json() for item in requested], ensure_ascii=False),
        )
        session.add(request)
        session.flush()
        audit.record(
            session,
            actor=user.username,
            entity=ENTITY,
            entity_uid=application.uid,
            action="create",
            field=f"request#{request.id}.items",
            old=None,
            new=f"due {due_date.isoformat()}: " + "; ".join(item.describe() for item in requested),
        )
        return _request_rows(session, [request], today)[0]


def mark_fulfilled(
    database: Database, request_id: int, *, actor: str, note: str = "", today: date | None = None
) -> RequestRow:
    """Record that the documents asked for arrived (clerks too: documents come in at the counter)."""
    problems: list[str] = []
    note = check_text(note, name_en="note", name_zh="備註", max_length=NOTE_MAX, problems=problems)
    raise_problems(problems, "The request cannot be closed.", "未能完成補交文件要求。")
    with database.session() as session:
        user = acting_user(
            session,
            actor,
            PERMISSIONS[Action.RECEIVE_DOCUMENTS],
            doing_en="record documents received",
            doing_zh="記錄已收補交文件",
        )
        request = load_request(session, request_id)
        application = load_application(session, request.application_id)
        assert_editable(session, application)
        if request.fulfilled_at is not None:
            raise AppError(
                f"Request {request_id} was already marked as fulfilled.",
                f"補交文件要求 {request_id} 已記錄為完成。",
                code="already_fulfilled",
            )
        now = datetime.now(UTC)
        request.fulfilled_at = now
        audit.record(
            session,
            actor=user.username,
            entity=ENTITY,
            entity_uid=application.uid,
            action="fulfilled",
            field=f"request#{request.id}.fulfilled_at",
            old=None,
            new=now.isoformat(timespec="seconds"),
            reason=note,
        )
        return _request_rows(session, [request], today or hong_kong_today())[0]

"""One case read in full for the case view and ``assessor-app case show``: particulars, checklist, eligibility.

For each qualification applied for the summary carries two decisions: on every *claimed* period (what the
applicant says) and on the *proven* periods only (those with proof in
:data:`~assessor_app.core.services.evidence.PROVING_STATUSES`), so recording a document changes the
second, and the QF Secretariat's remarks imported with its result, if any. The HKID appears only masked.
Read-only: SQLAlchemy Core selects, nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    EmploymentPeriodRecord,
    EventRecord,
)
from assessor_app.core.db.models.catalogue import IndustryRecord
from assessor_app.core.domain import hkid
from assessor_app.core.domain.eligibility import EligibilityResult, Rule
from assessor_app.core.domain.names import card_name
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import hong_kong_text
from assessor_app.core.services import eligibility
from assessor_app.core.services.eligibility import QualificationEligibility, period_label
from assessor_app.core.services.evidence.case_checklist import (
    STATUS_LABELS,
    AttachmentRow,
    ChecklistItem,
    checklist_items,
    proven_period_ids,
)
from assessor_app.core.services.evidence.reading import is_sealed_file
from assessor_app.core.services.shared import application_not_found


@dataclass(frozen=True)
class PeriodRow:
    id: int
    employer: str
    post: str
    industry_en: str
    industry_zh: str
    start: date
    end: date | None
    employment_type: str
    hours_per_week: int | None
    in_hong_kong: bool
    relevant_to: tuple[int, ...]  # qualification ids; empty: in the industry only
    proven: bool
    kind: str = "employment"
    weight_percent: int | None = None
    overseas_accepted: bool | None = None


@dataclass(frozen=True)
class CaseEligibility:
    qualification: QualificationEligibility  # on every claimed period
    proven: EligibilityResult  # the same decision on the periods whose proof is in PROVING_STATUSES only
    result_remarks: str | None = None  # the QF Secretariat's remarks with the result, once imported
    carer_declaration: bool = False


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _result_json(result: EligibilityResult) -> dict[str, object]:
    """The worksheet of one decision: each half of the rule, what was counted, what is short."""
    experience = result.experience
    rule = result.rule
    return {
        "status": result.status.value,
        "eligible": result.eligible,
        "route": result.route.value,
        "evidence_route": result.evidence_route.value,
        "application_date": _iso(result.application_date),
        "shortfall_months": result.shortfall_months,
        "total_months": experience.total_months if experience else None,
        "relevant_months": experience.relevant_months if experience else None,
        "required_total_months": experience.required_total_months if experience else None,
        "required_relevant_months": experience.required_relevant_months if experience else None,
        "total_shortfall_months": experience.total_shortfall_months if experience else None,
        "relevant_shortfall_months": experience.relevant_shortfall_months if experience else None,
        "rule": None
        if rule is None
        else {
            "min_total_years": rule.min_total_years,
            "min_relevant_years": rule.min_relevant_years,
            "always_assessed": rule.always_assessed,
            "source": rule_source(rule),
        },
        "window": None
        if result.window is None
        else {
            "start": _iso(result.window.start),
            "end": _iso(result.window.end),
            "stream": result.window.stream,
            "note": result.window.note,
        },
        "explanation": [{"zh": line.zh, "en": line.en} for line in result.explanation],
    }


def rule_source(rule: Rule) -> str:
    """Where the rule applied comes from: the qualification's own rule, or its industry's table."""
    if rule.qualification_specific:
        return "qualification rule (db/seed/cluster-experience-rules.csv, see db/seed/SOURCES.md)"
    return f"industry rule: {rule.industry} (db/seed/experience-rules.csv, see db/seed/SOURCES.md)"


def _sealed(path: Path | None) -> bool | None:
    """Whether the stored file is encrypted on disk (its path then opens as ciphertext); None when erased
    or missing."""
    if path is None:
        return None
    try:
        return is_sealed_file(path)
    except OSError:
        return None


def _attachment_json(row: AttachmentRow) -> dict[str, object]:
    return {
        "id": row.id,
        "sha256": row.sha256,
        "original_name": row.original_name,
        "media_type": row.media_type,
        "size_bytes": row.size_bytes,
        "is_hkid_copy": row.is_hkid_copy,
        "added_by": row.added_by,
        "added_at": _iso(row.added_at),
        "erased_at": _iso(row.erased_at),
        "stored_path": str(row.stored_path) if row.stored_path is not None else None,
        "sealed": _sealed(row.stored_path),  # true: the file is encrypted; the case view shows it
        "shared_with": list(row.shared_with),
    }


@dataclass(frozen=True)
class CaseSummary:
    application_id: int
    reference_no: str | None
    status: str
    application_date: date
    event_code: str
    event_name: str
    name_zh: str
    name_en: str
    hkid_masked: str
    hkid_verified_by: str | None
    hkid_verified_at: datetime | None
    phone: str
    email: str
    fee_hkd: int | None
    periods: tuple[PeriodRow, ...]
    checklist: tuple[ChecklistItem, ...]
    eligibility: tuple[CaseEligibility, ...]

    @property
    def carer_declaration(self) -> bool:
        """A carer's declaration is given for at least one qualification on the form."""
        return any(entry.carer_declaration for entry in self.eligibility)

    def to_json(self) -> dict[str, object]:
        """Plain JSON values (dates as ISO strings), for ``case show --json``; the HKID only masked."""
        return {
            "application_id": self.application_id,
            "reference_no": self.reference_no,
            "status": self.status,
            "application_date": _iso(self.application_date),
            "event": {"code": self.event_code, "name": self.event_name},
            "applicant": {
                "name_zh": self.name_zh,
                "name_en": self.name_en,
                "hkid_masked": self.hkid_masked,
                "hkid_verified_by": self.hkid_verified_by,
                "hkid_verified_at": _iso(self.hkid_verified_at),
                "phone": self.phone,
                "email": self.email,
            },
            "carer_declaration": self.carer_declaration,
            "fee_hkd": self.fee_hkd,
            "periods": [
                {
                    "id": period.id,
                    "employer": period.employer,
                    "post": period.post,
                    "industry_en": period.industry_en,
                    "industry_zh": period.industry_zh,
                    "start": _iso(period.start),
                    "end": _iso(period.end),
                    "employment_type": period.employment_type,
                    "hours_per_week": period.hours_per_week,
                    "in_hong_kong": period.in_hong_kong,
                    "kind": period.kind,
                    "relevant_to": list(period.relevant_to),
                    "weight_percent": period.weight_percent,
                    "overseas_accepted": period.overseas_accepted,
                    "proven": period.proven,
                }
                for period in self.periods
            ],
            "checklist": [
                {
                    "id": item.id,
                    "evidence_type": item.evidence_type,
                    "type_en": item.type_en,
                    "type_zh": item.type_zh,
                    "role": item.role,
                    "period_id": item.period_id,
                    "period_label": item.period_label,
                    "period_start": _iso(item.period_start),
                    "period_end": _iso(item.period_end),
                    "status": item.status,
                    "reason": item.reason,
                    "recorded_by": item.recorded_by,
                    "recorded_at": _iso(item.recorded_at),
                    "attachments": [_attachment_json(row) for row in item.attachments],
                }
                for item in self.checklist
            ],
            "eligibility": [
                {
                    "qualification_id": entry.qualification.qualification_id,
                    "title_en": entry.qualification.title_en,
                    "title_zh": entry.qualification.title_zh,
                    "qf_level": entry.qualification.qf_level,
                    "qr_number": entry.qualification.qr_number,
                    "industry_en": entry.qualification.industry_en,
                    "industry_zh": entry.qualification.industry_zh,
                    "carer_declaration": entry.carer_declaration,
                    "claimed": _result_json(entry.qualification.result),
                    "proven": _result_json(entry.proven),
                    "result_remarks": entry.result_remarks,
                }
                for entry in self.eligibility
            ],
        }


def find_application_id(database: Database, reference_no: str) -> int:
    """The case with this reference number (any case, spaces trimmed); ``AppError("case_not_found")``."""
    reference = reference_no.strip().upper()
    with database.engine.connect() as connection:
        found = (
            connection.scalar(select(ApplicationRecord.id).where(ApplicationRecord.reference_no == reference))
            if reference
            else None
        )
    if found is None:
        raise AppError(
            f"No case has the reference number {reference_no.strip()!r}. Check the number on the slip or search the case list.",
            f"找不到參考編號為「{reference_no.strip()}」的個案。請核對回條上的編號或在個案清單搜尋。",
            code="case_not_found",
        )
    return found


def case_summary(database: Database, evidence_dir: Path, application_id: int) -> CaseSummary:
    """Everything about one case the case view and ``case show`` print; ``application_not_found`` if none.

    The particulars are the case's own, as lodged (not the applicant's current ones).
    """
    with database.engine.connect() as connection:
        head = connection.execute(
            select(
                ApplicationRecord.reference_no,
                ApplicationRecord.status,
                ApplicationRecord.application_date,
                ApplicationRecord.fee_hkd,
                EventRecord.code,
                EventRecord.name,
                ApplicationRecord.name_zh,
                ApplicationRecord.surname_en,
                ApplicationRecord.given_names_en,
                ApplicantRecord.hkid,
                ApplicantRecord.hkid_verified_by,
                ApplicantRecord.hkid_verified_at,
                ApplicationRecord.phone,
                ApplicationRecord.email,
            )
            .join(ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id)
            .outerjoin(EventRecord, EventRecord.id == ApplicationRecord.event_id)
            .where(ApplicationRecord.id == application_id)
        ).one_or_none()
        if head is None:
            raise application_not_found(application_id)
        inputs = eligibility.stored_inputs(connection, application_id)
        period_rows = connection.execute(
            eligibility.stored_periods(application_id, EmploymentPeriodRecord.id, IndustryRecord.name_zh)
        ).all()
        applied = connection.execute(
            select(
                AppliedQualificationRecord.qualification_id,
                AppliedQualificationRecord.result_remarks,
                AppliedQualificationRecord.carer_declaration,
            ).where(AppliedQualificationRecord.application_id == application_id)
        ).all()
        remarks = {row.qualification_id: row.result_remarks for row in applied}
        relevant_to = {claimed.id: claimed.relevant_to for claimed in inputs.periods}
        proven_ids = proven_period_ids(connection, application_id)
        items = checklist_items(connection, evidence_dir, application_id, database.data_key)
        order = {qualification_id: index for index, qualification_id in enumerate(inputs.qualification_ids)}
        periods = tuple(
            PeriodRow(
                id=row.id,
                employer=row.employer,
                post=row.post or "",
                industry_en=row.name_en or "",
                industry_zh=row.name_zh or "",
                start=row.start_date,
                end=row.end_date,
                employment_type=row.employment_type,
                hours_per_week=row.hours_per_week,
                in_hong_kong=bool(row.in_hong_kong),
                relevant_to=tuple(sorted(relevant_to.get(row.id, frozenset()), key=order.__getitem__)),
                proven=row.id in proven_ids,
                kind=row.kind,
                weight_percent=row.weight_percent,
                overseas_accepted=row.overseas_accepted,
            )
            for row in period_rows
        )
        claimed = eligibility.decide_application(connection, inputs)
        # The same rule, windows and carer logic as the claimed result; only the periods differ.
        proven_results = {
            entry.qualification_id: entry.result
            for entry in eligibility.decide_application(connection, inputs.only(proven_ids))
        }
    return CaseSummary(
        application_id=application_id,
        reference_no=head.reference_no,
        status=head.status,
        application_date=head.application_date,
        event_code=head.code or "",
        event_name=head.name or "",
        name_zh=head.name_zh or "",
        name_en=card_name(head.surname_en, head.given_names_en or ""),
        hkid_masked=hkid.mask(head.hkid),
        hkid_verified_by=head.hkid_verified_by,
        hkid_verified_at=head.hkid_verified_at,
        phone=head.phone or "",
        email=head.email or "",
        fee_hkd=head.fee_hkd,
        periods=periods,
        checklist=tuple(items),
        eligibility=tuple(
            CaseEligibility(
                qualification=entry,
                proven=proven_results[entry.qualification_id],
                result_remarks=remarks.get(entry.qualification_id),
                carer_declaration=entry.qualification_id in inputs.carer_qualification_ids,
            )
            for entry in claimed
        ),
    )


# --- The terminal view --------------------------------------------------------------------------

STATUS_ZH = {
    "meets": "符合",
    "needs_decision": "待評審員決定",
    "short": "經驗不足",
    "not_eligible": "不符合資格",
    "no_rule": "沒有已公布規則",
}
STATUS_EN = {
    "meets": "meets the rule",
    "needs_decision": "needs the assessor's decision",
    "short": "short of the rule",
    "not_eligible": "not eligible",
    "no_rule": "no published rule",
}
ROUTE_TEXT = {"document_review": ("文件審核", "document review"), "assessment": ("評估", "assessment")}
EMPLOYMENT_TYPE_TEXT = {
    "full_time": "全職 full-time",
    "part_time": "兼職 part-time",
    "self_employed": "自僱 self-employed",
    "carer": "照顧者 carer",
}


def _hong_kong_time(moment: datetime) -> str:
    """Stored times are UTC; the terminal shows Hong Kong time, as the slip does."""
    return f"{hong_kong_text(moment)} HKT"


def _outcome(result: EligibilityResult) -> str:
    status = result.status.value
    route_zh, route_en = ROUTE_TEXT.get(result.route.value, (result.route.value, result.route.value))
    shortfall = result.shortfall_months
    short_zh = f"，尚欠 {shortfall} 個月" if shortfall else ""
    short_en = f", {shortfall} months short" if shortfall else ""
    return (
        f"{STATUS_ZH.get(status, status)}（{route_zh}{short_zh}） "
        f"{STATUS_EN.get(status, status)} ({route_en}{short_en})"
    )


def _period_span(start: date | None, end: date | None) -> str:
    if start is None:
        return ""
    return f"{start.isoformat()} – {end.isoformat() if end else '至今 present'}"


def render_text(summary: CaseSummary) -> str:
    """The case for the terminal, in both languages (Chinese first); the HKID only masked."""
    s = summary
    lines: list[str] = []
    title = s.reference_no or f"#{s.application_id}"
    lines.append(f"個案 Case {title}")
    lines.append("=" * max(20, len(lines[-1]) + 4))
    lines.append(f"狀態 Status: {s.status}")
    lines.append(f"申請日期 Application date: {s.application_date.isoformat()}")
    if s.event_code or s.event_name:
        lines.append(f"推廣日 Event: {s.event_code} {s.event_name}".rstrip())
    lines.append(f"姓名 Name: {' / '.join(part for part in (s.name_zh, s.name_en) if part)}")
    verified = (
        f"已核實 verified by {s.hkid_verified_by} {_hong_kong_time(s.hkid_verified_at)}"
        if s.hkid_verified_at is not None
        else "未核實 not verified"
    )
    lines.append(f"香港身份證 HKID: {s.hkid_masked}（{verified}）")
    if s.phone:
        lines.append(f"電話 Phone: {s.phone}")
    if s.email:
        lines.append(f"電郵 Email: {s.email}")
    carers = [entry.qualification for entry in s.eligibility if entry.carer_declaration]
    lines.append(
        "照顧者聲明 Carer declaration: "
        + ("; ".join(f"{q.title_zh} {q.title_en}".strip() for q in carers) if carers else "否 no")
    )
    lines.append(f"費用 Fee: {f'HK${s.fee_hkd:,}' if s.fee_hkd is not None else '待定 to be confirmed'}")

    lines.append("")
    lines.append("工作經驗 Employment")
    if not s.periods:
        lines.append("  沒有 None")
    for number, period in enumerate(s.periods, start=1):
        mark = "已證明 proven" if period.proven else "未證明 not proven"
        lines.append(f"  {number}. {period_label(period.employer, period.post)}  [{mark}]")
        details = [_period_span(period.start, period.end)]
        industry = " ".join(part for part in (period.industry_zh, period.industry_en) if part)
        details.append(industry or "行業未填 no industry")
        details.append(EMPLOYMENT_TYPE_TEXT.get(period.employment_type, period.employment_type))
        if period.hours_per_week is not None:
            details.append(f"每週 {period.hours_per_week} 小時 {period.hours_per_week} h/week")
        if not period.in_hong_kong:
            details.append("香港以外 outside Hong Kong")
        if period.kind == "caring":
            details.append("照顧／義務工作 caring or volunteering")
        if period.weight_percent is not None:
            details.append(f"按 {period.weight_percent}% 計算 counted at {period.weight_percent}%")
        if period.overseas_accepted is not None:
            details.append("已接納 accepted" if period.overseas_accepted else "不接納 not accepted")
        relevant = [
            entry.qualification.qr_number or entry.qualification.title_en
            for entry in s.eligibility
            if entry.qualification.qualification_id in period.relevant_to
        ]
        details.append(
            f"相關 relevant to: {', '.join(relevant)}" if relevant else "只屬行業經驗 in the industry only"
        )
        lines.append("     " + " · ".join(details))

    lines.append("")
    lines.append("證明文件清單 Evidence checklist")
    if not s.checklist:
        lines.append("  沒有 None")
    for item in s.checklist:
        status_zh, status_en = STATUS_LABELS.get(item.status, (item.status, item.status))
        lines.append(f"  - {item.type_zh} {item.type_en}: {status_zh} {status_en}")
        if item.period_id is not None:
            lines.append(f"      {item.period_label} {_period_span(item.period_start, item.period_end)}")
        if item.reason:
            lines.append(f"      原因 Reason: {item.reason}")
        if item.recorded_by:
            when = f" {_hong_kong_time(item.recorded_at)}" if item.recorded_at else ""
            lines.append(f"      記錄 Recorded by {item.recorded_by}{when}")
        for attachment in item.attachments:
            erased = " 已刪除 erased" if attachment.erased_at else ""
            lines.append(f"      附件 File: {attachment.original_name} ({attachment.media_type}){erased}")
            if attachment.shared_with:
                lines.append(
                    f"      ⚠ 同一檔案亦見於其他申請人的個案 Same file on other applicants' cases: "
                    f"{', '.join(attachment.shared_with)}"
                )

    lines.append("")
    lines.append("資格評估 Eligibility")
    if not s.eligibility:
        lines.append("  沒有申請資歷 No qualifications applied for")
    for entry in s.eligibility:
        q = entry.qualification
        lines.append("")
        qr = f" · {q.qr_number}" if q.qr_number else ""
        title = " ".join(part for part in (q.title_zh, q.title_en) if part)
        lines.append(f"  {title} (QF L{q.qf_level}{qr})")
        for heading, result in (
            ("按申報的工作經驗 On the claimed periods", q.result),
            ("按已證明的工作經驗 On the proven periods", entry.proven),
        ):
            lines.append(f"    {heading}: {_outcome(result)}")
            for explanation in result.explanation:
                lines.append(f"      {explanation.zh}")
                lines.append(f"      {explanation.en}")
        if entry.result_remarks:
            remarks = entry.result_remarks.replace("\n", "\n      ")
            lines.append(f"    資歷架構秘書處備註 QF Secretariat's remarks: {remarks}")
    return "\n".join(lines) + "\n"

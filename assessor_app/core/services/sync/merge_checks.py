"""Whether a copy can be written here: the catalogue it needs and which case owns each key."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessor_app.core.db.models.cases import (
    ApplicationRecord,
    EmploymentPeriodRecord,
    EventRecord,
    EvidenceItemRecord,
)
from assessor_app.core.db.models.catalogue import EvidenceTypeRecord, IndustryRecord, QualificationRecord
from assessor_app.core.domain import hkid as hkid_rules
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.case_rows import qualification_key
from assessor_app.core.services.sync.merge_content import CaseCopy, chunks

# --- Checks against this laptop ------------------------------------------------------------------------


@dataclass
class Catalogue:
    """What a copy needs to exist here: qualifications (by workbook key), industries, evidence types, events."""

    qualifications: dict[str, int]
    industries: dict[str, int]
    evidence_types: set[str]
    events: dict[str, int]

    @staticmethod
    def load(session: Session) -> Catalogue:
        return Catalogue(
            qualifications={
                qualification_key(qr, title_en, level): qualification_id
                for qualification_id, qr, title_en, level in session.execute(
                    select(
                        QualificationRecord.id,
                        QualificationRecord.qr_number,
                        QualificationRecord.title_en,
                        QualificationRecord.qf_level,
                    )
                ).all()
            },
            industries=dict(
                session.execute(select(IndustryRecord.name_en, IndustryRecord.id)).tuples().all()
            ),
            evidence_types=set(session.scalars(select(EvidenceTypeRecord.code))),
            events=dict(session.execute(select(EventRecord.code, EventRecord.id)).tuples().all()),
        )


class Owners:
    """Which case here holds a reference number, period key or evidence key (loaded in bulk, kept current)."""

    def __init__(self) -> None:
        self.references: dict[str, str | None] = {}
        self.periods: dict[str, str | None] = {}
        self.evidence: dict[str, str | None] = {}

    def load(self, session: Session, copies: Iterable[CaseCopy]) -> None:
        wanted: tuple[set[str], set[str], set[str]] = (set(), set(), set())
        for copy in copies:
            keys = _keys(copy)
            for index, known in enumerate((self.references, self.periods, self.evidence)):
                wanted[index].update(key for key in keys[index] if key not in known)
        columns = (
            (ApplicationRecord.reference_no, self.references, None),
            (EmploymentPeriodRecord.uid, self.periods, EmploymentPeriodRecord.application_id),
            (EvidenceItemRecord.uid, self.evidence, EvidenceItemRecord.application_id),
        )
        for (column, known, link), keys_wanted in zip(columns, wanted, strict=True):
            ordered = sorted(keys_wanted)
            for key in ordered:
                known[key] = None
            if not ordered:
                continue
            query = select(column, ApplicationRecord.uid)
            if link is not None:
                query = query.join(ApplicationRecord, ApplicationRecord.id == link)
            held = session.scalar(select(func.count()).select_from(column.class_))
            if held is not None and held <= len(ordered):
                # No more rows here than keys asked about (an empty laptop, say): one pass over them
                # rather than a select per 500 keys.
                for key, owner in session.execute(query).all():
                    if key is not None and str(key) in keys_wanted:
                        known[str(key)] = str(owner)
                continue
            for chunk in chunks(ordered):
                for key, owner in session.execute(query.where(column.in_(chunk))).all():
                    known[str(key)] = str(owner)

    def claim(self, copy: CaseCopy) -> None:
        for keys, known in zip(_keys(copy), (self.references, self.periods, self.evidence), strict=True):
            for key in keys:
                known[key] = copy.uid

    def release(self, copy: CaseCopy) -> None:
        for keys, known in zip(_keys(copy), (self.references, self.periods, self.evidence), strict=True):
            for key in keys:
                if known.get(key) == copy.uid:
                    known[key] = None


def _keys(copy: CaseCopy) -> tuple[set[str], set[str], set[str]]:
    period = fmt.EMPLOYMENT.column_index["period_uid"]
    item = fmt.EVIDENCE.column_index["evidence_uid"]
    return (
        {copy.reference_no} if copy.reference_no else set(),
        {line[period] for line in copy.sheet(fmt.EMPLOYMENT)},
        {line[item] for line in copy.sheet(fmt.EVIDENCE)},
    )


def case_problems(catalogue: Catalogue, owners: Owners, copy: CaseCopy) -> list[str]:
    """Why ``copy`` cannot be written here as it is (empty when it can), each ``English / 中文``."""
    A, P, E, R = fmt.APPLICATIONS, fmt.EMPLOYMENT, fmt.EVIDENCE, fmt.RESULTS_SHEET
    applications = copy.sheet(A)
    if not applications:
        return ["the workbook has no applications row for it / 工作簿沒有此個案的申請資料"]
    if not copy.applicant:
        return ["its applicant is missing from the applicants sheet / 申請人工作表缺少其申請人"]
    problems: list[str] = []
    if hkid_rules.parse(copy.hkid)[0] is None:
        problems.append(
            f"the applicant's HKID {hkid_rules.mask(copy.hkid) if '*' not in copy.hkid else copy.hkid} is not a "
            "full, valid HKID number / 申請人的身份證號碼並非完整有效的號碼"
        )
    reference = copy.reference_no
    if reference and owners.references.get(reference) not in (None, copy.uid):
        problems.append(
            f"reference number {reference} is used by another case here / 參考編號 {reference} 已被此電腦另一個案使用"
        )
    event_code = applications[0][A.column_index["event_code"]]
    if event_code and event_code not in catalogue.events:
        problems.append(f"event {event_code} is not known on this laptop / 此電腦沒有活動 {event_code}")
    applied = set()
    for line in applications:
        key = line[A.column_index["qualification"]]
        applied.add(key)
        if key not in catalogue.qualifications:
            problems.append(
                f"qualification {key} is not in this laptop's catalogue / 此電腦的資歷目錄沒有 {key}"
            )
    for name in sorted({line[P.column_index["industry"]] for line in copy.sheet(P)} - {""}):
        if name not in catalogue.industries:
            problems.append(
                f"industry {name} is not in this laptop's catalogue / 此電腦的行業目錄沒有 {name}"
            )
    for code in sorted({line[E.column_index["evidence_type"]] for line in copy.sheet(E)}):
        if code not in catalogue.evidence_types:
            problems.append(f"evidence type {code} is not known here / 此電腦沒有文件類別 {code}")
    periods = {line[P.column_index["period_uid"]] for line in copy.sheet(P)}
    if any(owners.periods.get(uid) not in (None, copy.uid) for uid in periods):
        problems.append(
            "an employment period key is already used by another case here / 工作經驗編號已被另一個案使用"
        )
    items = {line[E.column_index["evidence_uid"]] for line in copy.sheet(E)}
    if any(owners.evidence.get(uid) not in (None, copy.uid) for uid in items):
        problems.append("an evidence key is already used by another case here / 證明文件編號已被另一個案使用")
    if any(line[E.column_index["period_uid"]] not in periods | {""} for line in copy.sheet(E)):
        problems.append(
            "an evidence item names a period the case does not have / 證明文件所屬的工作經驗不在此個案"
        )
    if any(line[R.column_index["qualification"]] not in applied for line in copy.sheet(R)):
        problems.append("a results row names a qualification not applied for / 評審及結果列有未申請的資歷")
    return problems

"""What a merge reports: the cases added, unchanged, in conflict or replaced, and possible duplicates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.models.cases import ApplicantRecord, ApplicationRecord
from assessor_app.core.domain import hkid as hkid_rules
from assessor_app.core.services import audit
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.batch_signature import BatchSigner
from assessor_app.core.services.sync.case_rows import canonical
from assessor_app.core.services.sync.merge_content import CaseCopy, chunks
from assessor_app.core.services.sync.merge_diff import shown


@dataclass(frozen=True)
class Conflict:
    application_uid: str
    reference_no: str | None
    reasons: tuple[str, ...]
    conflict_id: int
    resolution: str | None = None  # set when the same copy had already been resolved


@dataclass(frozen=True)
class PossibleDuplicate:
    applicant_uid: str
    other_applicant_uid: str
    hkid: str  # in full: show it masked
    same_date_of_birth: bool = False


@dataclass(frozen=True)
class Replacement:
    """A merged case whose content the order rule replaced (``what``: ``case``; the ``applicant`` of format
    2.0 merges is gone, a merge never changes an applicant)."""

    application_uid: str
    reference_no: str | None
    what: str
    displaced_conflict_id: int | None  # the copy it held before, kept as that open conflict


@dataclass
class MergeReport:
    path: Path
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    duplicates: list[PossibleDuplicate] = field(default_factory=list)
    replaced: list[Replacement] = field(default_factory=list)
    batch_id: int | None = None
    signer: BatchSigner | None = None  # who signed the batch, and when

    def describe(self) -> str:
        signed_en, signed_zh = self.signer.describe() if self.signer else ("unsigned", "未經簽署")
        lines = [
            f"{self.path.name}: {signed_zh} / {signed_en}",
            f"{self.path.name}: 新增 {len(self.added)} 個個案，{len(self.unchanged)} 個已相同，"
            f"{len(self.conflicts)} 個有衝突，{len(self.replaced)} 項按合併規則取代，"
            f"{len(self.duplicates)} 個可能重複的申請人",
            f"{self.path.name}: {len(self.added)} cases added, {len(self.unchanged)} already identical, "
            f"{len(self.conflicts)} conflicts, {len(self.replaced)} replaced by the merge rule, "
            f"{len(self.duplicates)} possible duplicate applicants",
        ]
        for conflict in self.conflicts:
            state = f" (已處理 resolved: {conflict.resolution})" if conflict.resolution else ""
            lines.append(
                f"  衝突 CONFLICT #{conflict.conflict_id} {conflict.reference_no or conflict.application_uid}{state}:"
            )
            lines.extend(f"    - {reason}" for reason in conflict.reasons)
        for replacement in self.replaced:
            what_zh, what_en = (
                ("申請人資料", "the applicant's particulars")
                if replacement.what == "applicant"
                else ("個案內容", "the case's content")
            )
            kept = (
                f"; 原有副本保留為衝突 #{replacement.displaced_conflict_id} / the copy it held is kept as "
                f"conflict #{replacement.displaced_conflict_id}"
                if replacement.displaced_conflict_id is not None
                else ""
            )
            lines.append(
                f"  取代 REPLACED {replacement.reference_no or replacement.application_uid}: "
                f"{what_zh} / {what_en}{kept}"
            )
        for duplicate in self.duplicates:
            birth_zh, birth_en = (
                ("出生日期相同", "same date of birth")
                if duplicate.same_date_of_birth
                else ("出生日期不同", "different date of birth")
            )
            lines.append(
                f"  可能重複 POSSIBLE DUPLICATE: applicant {duplicate.applicant_uid} and "
                f"{duplicate.other_applicant_uid} share HKID {shown(duplicate.hkid, is_hkid=True)} "
                f"({birth_zh} / {birth_en})"
            )
        return "\n".join(lines)


def people_of(copies: Iterable[CaseCopy]) -> Iterator[tuple[str, str, str]]:
    """Each copy's applicant key, HKID and date of birth (canonical text), for :func:`find_duplicates`."""
    born = fmt.APPLICANTS.column_index["date_of_birth"]
    return ((copy.applicant_uid, copy.hkid, copy.applicant[born]) for copy in copies if copy.applicant)


def people_here(session: Session, uids: Sequence[str]) -> list[tuple[str, str, str]]:
    """:func:`people_of` of the copies of these cases as this laptop holds them (in ``uids``' order): the
    applicant's key and HKID, the case's date of birth as lodged (the applicants row's sources,
    :mod:`.case_rows`)."""
    found: dict[str, tuple[str, str, str]] = {}
    for chunk in chunks(sorted(uids)):
        for uid, applicant_uid, number, born in session.execute(
            select(
                ApplicationRecord.uid,
                ApplicantRecord.uid,
                ApplicantRecord.hkid,
                ApplicationRecord.date_of_birth,
            )
            .join(ApplicantRecord, ApplicantRecord.id == ApplicationRecord.applicant_id)
            .where(ApplicationRecord.uid.in_(chunk))
        ).tuples():
            found[uid] = (applicant_uid, canonical(number), canonical(born))
    return [found[uid] for uid in uids]


def find_duplicates(
    session: Session, people: Iterable[tuple[str, str, str]], *, actor: str, created: set[str]
) -> list[PossibleDuplicate]:
    """Applicants of the workbook (each case's applicant key, HKID and date of birth, :func:`people_of`)
    whose full HKID is held here by a different applicant."""
    mine: dict[str, tuple[str, str]] = {}
    for applicant_uid, number, born in people:
        mine[applicant_uid] = (number, born)
    numbers = sorted({number for number, _ in mine.values()})
    here: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for chunk in chunks(numbers):
        for uid, number, born in session.execute(
            select(ApplicantRecord.uid, ApplicantRecord.hkid, ApplicantRecord.date_of_birth).where(
                ApplicantRecord.hkid.in_(chunk)
            )
        ).all():
            here[hkid_rules.compact(number)].append((uid, canonical(born)))
    found: set[PossibleDuplicate] = set()
    for uid, (number, born) in mine.items():
        for other, other_born in here.get(hkid_rules.compact(number), []):
            if other != uid:
                found.add(PossibleDuplicate(uid, other, number, bool(born) and born == other_born))
    duplicates = sorted(found, key=lambda d: (d.applicant_uid, d.other_applicant_uid))
    for duplicate in duplicates:
        if duplicate.applicant_uid in created:
            birth = "the same" if duplicate.same_date_of_birth else "a different"
            audit.record(
                session,
                actor=actor,
                entity="applicant",
                entity_uid=duplicate.applicant_uid,
                action="possible_duplicate",
                field="hkid",
                new=duplicate.other_applicant_uid,
                reason=f"merged with its own record; applicant {duplicate.other_applicant_uid} here has the "
                f"same HKID and {birth} date of birth: a person should check",
            )
    # Two applicants of this workbook sharing a number would otherwise be listed twice (A~B and B~A).
    return [
        d
        for d in duplicates
        if not (d.other_applicant_uid in mine and d.other_applicant_uid < d.applicant_uid)
    ]

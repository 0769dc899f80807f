"""What a merge reports: the cases added, unchanged, in conflict or replaced, and possible duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assessor_app.core.services.sync.batch_signature import BatchSigner
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

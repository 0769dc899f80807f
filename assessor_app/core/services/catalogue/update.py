"""A catalogue update file: what it would add, change and withdraw (the preview), then applying it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.catalogue import IndustryRecord, QualificationRecord
from assessor_app.core.domain.catalogue import (
    CHINESE_TEXT_COLUMNS,
    CatalogueEntry,
    RowProblem,
    parse_catalogue,
)
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.errors import ValidationError
from assessor_app.core.services.catalogue.reader import Sheet, is_blank, problems_error, read_catalogue_file
from assessor_app.core.services.shared import acting_user

# What a file row sets on a qualification, in the order a preview lists the changed fields.
STORED_FIELDS = (
    "title_zh",
    "title_en",
    "qr_number",
    "stream",
    "stream_zh",
    "open_to_carers",
    "notes",
    "notes_zh",
)
ADDED, CHANGED, WITHDRAWN = "added", "changed", "withdrawn"


@dataclass(frozen=True)
class FieldChange:
    """One field of a qualification before and after the update (``active`` when one is listed again)."""

    field: str
    old: object
    new: object


@dataclass(frozen=True)
class PlannedChange:
    """One qualification the update adds, changes or withdraws; ``row`` is its file row (None: withdrawn)."""

    kind: str
    row: int | None
    qualification_id: int | None
    industry: str
    title_zh: str
    title_en: str
    qf_level: int
    qr_number: str | None
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class CataloguePreview:
    """Everything an update file would do, computed without writing anything."""

    file: Path
    withdraw_missing: bool
    added: tuple[PlannedChange, ...]
    changed: tuple[PlannedChange, ...]
    withdrawn: tuple[PlannedChange, ...]
    unchanged: int

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.withdrawn)

    def describe(self) -> str:
        return (
            f"{self.file.name}: 新增 {len(self.added)}，更新 {len(self.changed)}，撤回 {len(self.withdrawn)}，"
            f"不變 {self.unchanged} / {len(self.added)} to add, {len(self.changed)} to change, "
            f"{len(self.withdrawn)} to withdraw, {self.unchanged} unchanged"
        )


@dataclass(frozen=True)
class CatalogueImportReport:
    added: int
    updated: int
    unchanged: int
    file: Path
    withdrawn: int = 0

    def describe(self) -> str:
        withdrawn_zh = f"，撤回 {self.withdrawn}" if self.withdrawn else ""
        withdrawn_en = f", {self.withdrawn} withdrawn" if self.withdrawn else ""
        return (
            f"{self.file.name}: 新增 {self.added}，更新 {self.updated}{withdrawn_zh}，不變 {self.unchanged} / "
            f"{self.added} added, {self.updated} updated{withdrawn_en}, {self.unchanged} unchanged"
        )


@dataclass
class _Plan:
    preview: CataloguePreview
    industry_ids: dict[str, int]
    inserts: list[CatalogueEntry] = field(default_factory=list)
    updates: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    withdrawals: list[int] = field(default_factory=list)


def _stored_values(entry: CatalogueEntry) -> dict[str, object]:
    return {name: getattr(entry, name) for name in STORED_FIELDS}


def _keep_chinese(values: dict[str, object], stored: Mapping[str, object], absent: Sequence[str]) -> None:
    """A file without a Chinese column (made before it existed) keeps the stored Chinese of a field whose
    English it leaves as it is; where it changes the English, the Chinese of the old text is cleared."""
    for column in absent:
        english = column.removesuffix("_zh")
        values[column] = stored[column] if stored[english] == values[english] else ""


def _table() -> Any:
    return QualificationRecord.metadata.tables[QualificationRecord.__tablename__]


def _plan(session: Session, path: Path, sheet: Sheet, withdraw_missing: bool) -> _Plan:
    """Match every row to the database; raises CatalogueFileProblems listing every refused row."""
    q = _table()
    industry_ids = dict(session.execute(select(IndustryRecord.name_en, IndustryRecord.id)).tuples().all())
    entries, problems = parse_catalogue(sheet.header, sheet.rows, industry_ids)
    if problems:
        raise problems_error(path, problems)
    absent = [column for column in CHINESE_TEXT_COLUMNS if column not in sheet.header]

    existing = session.execute(
        select(q.c.id, q.c.industry_id, q.c.qf_level, q.c.active, *(q.c[name] for name in STORED_FIELDS))
    ).mappings()
    by_id: dict[int, dict[str, object]] = {}
    by_qr: dict[str, int] = {}
    by_key: dict[tuple[int, str, int], int] = {}
    for record in existing:
        record_id = int(record["id"])
        by_id[record_id] = dict(record)
        if record["qr_number"]:
            by_qr[str(record["qr_number"])] = record_id
        by_key[(int(record["industry_id"]), str(record["title_en"]).casefold(), int(record["qf_level"]))] = (
            record_id
        )

    matched: list[tuple[int | None, CatalogueEntry, int]] = []
    claimed: dict[int, int] = {}
    for entry, row_number in zip(entries, _row_numbers(sheet, entries), strict=True):
        industry_id = industry_ids[entry.industry]
        by_name = by_key.get((industry_id, entry.title_en.casefold(), entry.qf_level))
        by_number = by_qr.get(entry.qr_number) if entry.qr_number else None
        if by_number is not None and (
            (by_name is not None and by_name != by_number)
            or by_id[by_number]["industry_id"] != industry_id
            or by_id[by_number]["qf_level"] != entry.qf_level
        ):
            problems.append(_qr_taken(row_number, entry, by_id[by_number]))
            continue
        target = by_number if by_number is not None else by_name
        if target is not None:
            if target in claimed:
                problems.append(
                    RowProblem(
                        row_number,
                        "title_en",
                        f"updates the same qualification as row {claimed[target]}",
                        f"與第 {claimed[target]} 行更新同一項資歷",
                    )
                )
                continue
            claimed[target] = row_number
        matched.append((target, entry, row_number))
    if problems:
        raise problems_error(path, problems)

    industry_names = {identifier: name for name, identifier in industry_ids.items()}
    added: list[PlannedChange] = []
    changed: list[PlannedChange] = []
    unchanged = 0
    plan_inserts: list[CatalogueEntry] = []
    plan_updates: list[tuple[int, dict[str, object]]] = []
    for target, entry, row_number in matched:
        values = _stored_values(entry)
        if target is None:
            plan_inserts.append(entry)
            added.append(_planned(ADDED, row_number, None, entry.industry, values, entry.qf_level))
            continue
        stored = by_id[target]
        _keep_chinese(values, stored, absent)
        changes = [
            FieldChange(name, stored[name], value) for name, value in values.items() if stored[name] != value
        ]
        if not stored["active"]:
            changes.append(FieldChange("active", False, True))  # the agency lists it again
        if not changes:
            unchanged += 1
            continue
        plan_updates.append((target, {**values, "active": True}))
        changed.append(_planned(CHANGED, row_number, target, entry.industry, values, entry.qf_level, changes))

    withdrawn: list[PlannedChange] = []
    if withdraw_missing:
        # The file is the agency's whole list for the industries it names: what it leaves out is withdrawn.
        named = {industry_ids[entry.industry] for entry in entries}
        for record_id, stored in sorted(by_id.items()):
            if stored["active"] and stored["industry_id"] in named and record_id not in claimed:
                industry = industry_names[int(str(stored["industry_id"]))]
                withdrawn.append(
                    _planned(
                        WITHDRAWN,
                        None,
                        record_id,
                        industry,
                        stored,
                        int(str(stored["qf_level"])),
                        [FieldChange("active", True, False)],
                    )
                )
    preview = CataloguePreview(
        file=path,
        withdraw_missing=withdraw_missing,
        added=tuple(added),
        changed=tuple(changed),
        withdrawn=tuple(withdrawn),
        unchanged=unchanged,
    )
    return _Plan(
        preview,
        industry_ids,
        plan_inserts,
        plan_updates,
        [change.qualification_id for change in withdrawn if change.qualification_id is not None],
    )


def _planned(
    kind: str,
    row: int | None,
    qualification_id: int | None,
    industry: str,
    values: Mapping[str, object],
    level: int,
    changes: Sequence[FieldChange] = (),
) -> PlannedChange:
    qr_number = values["qr_number"]
    return PlannedChange(
        kind=kind,
        row=row,
        qualification_id=qualification_id,
        industry=industry,
        title_zh=str(values["title_zh"] or ""),
        title_en=str(values["title_en"]),
        qf_level=level,
        qr_number=str(qr_number) if qr_number else None,
        changes=tuple(changes),
    )


def preview_catalogue_file(
    database: Database, path: Path, *, withdraw_missing: bool = False
) -> CataloguePreview:
    """What importing ``path`` would add, change and (with ``withdraw_missing``) withdraw; writes nothing.

    Raises CatalogueFileProblems (a ValidationError whose ``problems`` name each row, column and reason)
    when any row is refused, and ValidationError when the file cannot be read at all.
    """
    path = Path(path)
    sheet = read_catalogue_file(path)
    with database.session() as session:
        return _plan(session, path, sheet, withdraw_missing).preview


def import_catalogue_file(
    database: Database,
    path: Path,
    *,
    actor: str,
    withdraw_missing: bool = False,
    expected: CataloguePreview | None = None,
) -> CatalogueImportReport:
    """Validate a whole catalogue file, then add, update and withdraw qualifications in one transaction.

    Nothing is written unless every row is valid. Rows match existing qualifications by QR number,
    else by industry, English title (any case) and level. Qualifications are never deleted: with
    ``withdraw_missing`` those of the file's industries that the file leaves out are withdrawn (no longer
    offered, kept for the cases that applied for them). With ``expected`` (the preview a person
    confirmed) nothing is written if the file or the catalogue changed since that preview. ``actor``:
    an active user of any role (``unknown_user`` otherwise, before the file is read).
    """
    path = Path(path)
    with database.session() as session:
        acting_user(
            session,
            actor,
            PERMISSIONS[Action.UPDATE_CATALOGUE],
            doing_en="update the catalogue",
            doing_zh="更新資歷目錄",
        )
    sheet = read_catalogue_file(path)
    q = _table()
    with database.session() as session:
        plan = _plan(session, path, sheet, withdraw_missing)
        if expected is not None and plan.preview != expected:
            raise ValidationError(
                f"{path.name} was not imported: the file or the catalogue changed since the preview. "
                "Preview it again. Nothing was changed.",
                f"{path.name} 未有匯入：預覽之後檔案或目錄已有改動，請重新預覽。資料庫未有改動。",
                code="catalogue_preview_stale",
            )
        for entry in plan.inserts:
            session.execute(
                insert(q).values(
                    industry_id=plan.industry_ids[entry.industry],
                    qf_level=entry.qf_level,
                    active=True,
                    **_stored_values(entry),
                )
            )
        for target, values in plan.updates:
            session.execute(update(q).where(q.c.id == target).values(**values))
        if plan.withdrawals:
            session.execute(update(q).where(q.c.id.in_(plan.withdrawals)).values(active=False))
    preview = plan.preview
    return CatalogueImportReport(
        added=len(preview.added),
        updated=len(preview.changed),
        unchanged=preview.unchanged,
        file=path,
        withdrawn=len(preview.withdrawn),
    )


def _qr_taken(row_number: int, entry: CatalogueEntry, holder: Mapping[str, object]) -> RowProblem:
    return RowProblem(
        row_number,
        "qr_number",
        f"{entry.qr_number} is already used by another qualification in the database: "
        f"'{holder['title_en']}' (level {holder['qf_level']})",
        f"{entry.qr_number} 已由資料庫中另一項資歷使用：「{holder['title_zh'] or holder['title_en']}」"
        f"（第 {holder['qf_level']} 級）",
    )


def _row_numbers(sheet: Sheet, entries: Sequence[CatalogueEntry]) -> list[int]:
    """The file row of each parsed entry (parse_catalogue keeps file order and skips blank rows)."""
    numbers = [offset + 2 for offset, row in enumerate(sheet.rows) if not is_blank(list(row.values()))]
    if len(numbers) != len(entries):
        raise AssertionError("every non-blank row must give an entry once the file is valid")
    return numbers

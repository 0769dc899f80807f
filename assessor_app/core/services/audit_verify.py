"""``audit verify``: the chain entry by entry, the logged changes it claimed, and its anchor outside.

Findings, each in both languages: an entry edited, deleted or reordered (the first one), the log of
changes an entry claimed edited or deleted, a change to sensitive data nobody claimed (made outside the
app), the triggers that log them removed, the last entries or all of them deleted, a rewritten chain
(the entry at the anchored count no longer has the anchored hash), a missing or altered anchor, and how
the chain is keyed, and the same cuts and rewrites against the heads recorded beside backups and in
exported batches. An anchor behind the chain (a crash between commit and anchor write) is a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.services import audit_anchor, audit_changes, audit_redaction
from assessor_app.core.services.audit_chain import (
    GENESIS,
    KEYED,
    RESTORED_ACTION,
    RESTORED_ENTITY,
    ChainReport,
    Finding,
    chain_key,
    chain_mode,
    own_hash,
)

LISTED_CHANGES = 20  # changes outside the app named one by one; the rest are counted


class _Walk:
    """What one pass over the entries found."""

    def __init__(self) -> None:
        self.count = 0
        self.last_id = 0
        self.broken: tuple[int, str, str] | None = None  # id, problem in English, in Chinese
        self.claims: dict[int, str] = {}
        self.hash_at: dict[int, str] = {}
        self.redacted: dict[int, Row[Any]] = {}  # entries in redacted form, by id
        self.unmatched: list[int] = []  # of those, the ones whose hash does not follow from their content
        self.vouchers: list[audit_redaction.Voucher] = []
        self.vouched: set[int] = set()  # entries a voucher accounts for


VOUCHER = (audit_redaction.VOUCHER_ENTITY, audit_redaction.VOUCHER_ACTION)


def _walk(session: Session, key: bytes | None, wanted: set[int]) -> _Walk:
    walk = _Walk()
    previous = GENESIS
    rows = session.execute(select(*AuditEventRecord.__table__.c).order_by(AuditEventRecord.id))
    for row in rows:
        walk.count += 1
        walk.last_id = row.id
        if row.id in wanted:
            walk.hash_at[row.id] = row.entry_hash
        if row.claims is not None:
            walk.claims[row.id] = row.claims
        redacted = audit_redaction.is_redacted(row)
        if redacted:
            walk.redacted[row.id] = row
        if walk.broken is None:
            if row.prev_hash != previous:
                walk.broken = (
                    row.id,
                    "does not follow the entry before it (deleted or reordered)",
                    "與前一項不相連：有項目被刪除或調換次序",
                )
            elif row.entry_hash != own_hash(row, key):
                if redacted:  # a purge's, if a voucher accounts for it (checked below)
                    walk.unmatched.append(row.id)
                else:
                    walk.broken = (row.id, "its content was changed", "內容已被改動")
        # A voucher counts when its own hash holds, even past a break: it names what it accounts for.
        if (row.entity, row.action) == VOUCHER and row.entry_hash == own_hash(row, key):
            voucher = audit_redaction.read_voucher(row.id, row.new_value)
            if voucher is not None:
                walk.vouchers.append(voucher)
        previous = row.entry_hash
    _settle_redactions(walk)
    return walk


def _settle_redactions(walk: _Walk) -> None:
    """Each voucher must account for entries before it, all still in redacted form with what they kept;
    an entry whose hash does not match its content and that no voucher accounts for is a changed one."""
    for voucher in walk.vouchers:
        back = sorted(entry_id for entry_id in voucher.ids if entry_id not in walk.redacted)
        if voucher.ids and max(voucher.ids) < voucher.entry_id and not back:
            if (
                audit_redaction.kept_digest([walk.redacted[entry_id] for entry_id in voucher.ids])
                == voucher.kept
            ):
                walk.vouched |= voucher.ids
                continue
            # One digest covers them all: the first of them is named, with the purge that vouched for them.
            found = (
                min(voucher.ids),
                f"it, or a later entry whose values the purge (entry {voucher.entry_id}) removed, was changed "
                "afterwards",
                f"此項或其後一項經保留期限清除（第 {voucher.entry_id} 項）刪去內容的記錄其後被改動",
            )
        else:
            found = (
                back[0] if back else voucher.entry_id,
                f"its values were put back after the purge that removed them (entry {voucher.entry_id})",
                f"其內容在保留期限清除（第 {voucher.entry_id} 項）刪去後被放回",
            )
        if walk.broken is None or found[0] <= walk.broken[0]:  # the more telling reason, for the same entry
            walk.broken = found
    listed = {
        entry_id for voucher in walk.vouchers for entry_id in voucher.ids
    }  # a failed one is named above
    unaccounted = [entry_id for entry_id in walk.unmatched if entry_id not in listed]
    if unaccounted and (walk.broken is None or unaccounted[0] < walk.broken[0]):
        walk.broken = (unaccounted[0], "its content was changed", "內容已被改動")


def _redaction_findings(walk: _Walk) -> list[Finding]:
    if not walk.vouched:
        return []
    vouchers = ", ".join(str(voucher.entry_id) for voucher in walk.vouchers)
    return [
        Finding(
            "values_redacted",
            f"{len(walk.vouched)} entries' values were removed at the end of their retention period, as "
            f"the purge entries {vouchers} record (what was done, by whom and when is kept)",
            f"有 {len(walk.vouched)} 項記錄的內容已在保留期限屆滿時清除，見清除記錄第 {vouchers} 項"
            "（所做的事、由誰及何時仍然保留）",
            fails=False,
        )
    ]


def _broken_finding(broken: tuple[int, str, str]) -> Finding:
    entry, en, zh = broken
    return Finding(
        "entry_broken",
        f"Audit trail broken at entry {entry}: {en}",
        f"審計記錄第 {entry} 項已被改動或刪除（{zh}）",
    )


def _change_findings(session: Session, claims: dict[int, str]) -> list[Finding]:
    """The logged changes against what entries claimed: altered or deleted logs, unclaimed changes."""
    findings: list[Finding] = []
    claimed: dict[int, list[Row[Any]]] = {}
    unclaimed: list[Row[Any]] = []
    missing: list[int] = []
    expected = 1
    connection = session.connection()
    for row in connection.exec_driver_sql(
        f"SELECT {audit_changes.ROW_COLUMNS}, claimed_by FROM data_changes ORDER BY id"
    ):
        missing += range(expected, row.id)
        expected = row.id + 1
        if row.claimed_by is None:
            unclaimed.append(row)
        else:
            claimed.setdefault(row.claimed_by, []).append(row)
    issued = connection.exec_driver_sql(
        "SELECT seq FROM sqlite_sequence WHERE name = 'data_changes'"
    ).scalar()
    missing += range(expected, int(issued or 0) + 1)
    for entry, text in claims.items():
        if audit_changes.claims_text(row[:-1] for row in claimed.pop(entry, [])) != text:
            findings.append(
                Finding(
                    "changes_log_altered",
                    f"The log of changes entry {entry} claimed was edited or deleted",
                    f"第 {entry} 項所確認的資料變更紀錄已被改動或刪除",
                )
            )
    for entry, rows in claimed.items():
        findings.append(
            Finding(
                "changes_log_altered",
                f"{len(rows)} logged change(s) say entry {entry} made them, but it did not claim them",
                f"有 {len(rows)} 項資料變更紀錄聲稱屬於第 {entry} 項，但該項並無確認",
            )
        )
    if missing:
        shown = ", ".join(str(number) for number in missing[:10])
        findings.append(
            Finding(
                "changes_log_deleted",
                f"{len(missing)} record(s) of changes to sensitive data were deleted (ids {shown})",
                f"有 {len(missing)} 項敏感資料變更紀錄已被刪除（編號 {shown}）",
            )
        )
    for row in unclaimed[:LISTED_CHANGES]:
        what = "deleted" if row.kind == "delete" else row.columns
        what_zh = "已刪除" if row.kind == "delete" else row.columns
        findings.append(
            Finding(
                "changed_outside",
                f"changed outside the app: {row.table_name} {row.row_id} {what} at {row.changed_at}",
                f"在本程式以外被改動：{row.table_name} {row.row_id} {what_zh}，時間 {row.changed_at}",
            )
        )
    if len(unclaimed) > LISTED_CHANGES:
        more = len(unclaimed) - LISTED_CHANGES
        findings.append(
            Finding(
                "changed_outside",
                f"… and {more} more changes outside the app",
                f"……另有 {more} 項在本程式以外的改動",
            )
        )
    return findings


def chain_problems(session: Session, key: bytes | None) -> list[Finding]:
    """What breaks the chain itself (entries, and the logged changes they claimed), checked with ``key``."""
    walk = _walk(session, key, set())
    findings = [_broken_finding(walk.broken)] if walk.broken else []
    return findings + [
        finding for finding in _change_findings(session, walk.claims) if finding.code != "changed_outside"
    ]


def _mode_findings(session: Session, mode: str) -> tuple[list[Finding], bytes | None, bool]:
    """How the chain is keyed: findings, the key to check with, and whether it can be checked at all."""
    data_key = session.info.get("data_key")
    if mode == KEYED:
        if data_key is None:
            return (
                [
                    Finding(
                        "key_missing",
                        "The chain is keyed and this session has no data key: it cannot be checked",
                        "審計鏈以金鑰簽署，但此工作階段沒有資料金鑰：無法核對",
                    )
                ],
                None,
                False,
            )
        return [], chain_key(data_key), True
    if data_key is not None:
        return (
            [
                Finding(
                    "unkeyed_encrypted",
                    "The database is encrypted but its audit chain is unkeyed (it should have been rekeyed)",
                    "資料庫已加密，但審計鏈未以金鑰簽署（應已重新簽署）",
                )
            ],
            None,
            True,
        )
    note = Finding(
        "unkeyed",
        "The chain is unkeyed (a clear database; it becomes keyed once the database is encrypted)",
        "審計鏈未以金鑰簽署（資料庫未加密；資料庫加密後即以金鑰簽署）",
        fails=False,
    )
    return [note], None, True


def _trigger_findings(session: Session) -> list[Finding]:
    present = set(
        session.connection()
        .exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .scalars()
    )
    gone = sorted(audit_changes.TRIGGERS - present)
    if not gone:
        return []
    names = ", ".join(gone)
    return [
        Finding(
            "triggers_missing",
            f"The triggers that log changes to sensitive data were removed: {names}",
            f"記錄敏感資料變更的觸發程序已被移除：{names}",
        )
    ]


def _head_findings(count: int, head: str, walk: _Walk, source_en: str, source_zh: str) -> list[Finding]:
    """What a recorded head (the anchor's, or a witness's) says of the trail: entries cut from its end,
    all of them deleted, or the entry at that count no longer the one recorded (a rewritten chain)."""
    if count > walk.last_id:
        if walk.count == 0:
            return [
                Finding(
                    "all_deleted",
                    f"All entries were deleted ({source_en} records {count})",
                    f"所有審計記錄已被刪除（{source_zh}記錄有 {count} 項）",
                )
            ]
        cut = count - walk.last_id
        return [
            Finding(
                "tail_deleted",
                f"The last {cut} entries were deleted ({source_en} records {count}, "
                f"the trail ends at {walk.last_id})",
                f"最後 {cut} 項審計記錄已被刪除（{source_zh}記錄有 {count} 項，現只到第 {walk.last_id} 項）",
            )
        ]
    if count and walk.hash_at.get(count, head) != head:
        return [
            Finding(
                "rewritten",
                f"The chain was rewritten (entry #{count} differs from {source_en})",
                f"審計鏈已被重寫（第 {count} 項與{source_zh}不符）",
            )
        ]
    return []


def _anchor_findings(anchor: audit_anchor.Anchor, walk: _Walk, mode: str, key: bytes | None) -> list[Finding]:
    findings: list[Finding] = []
    if anchor.mode != mode:
        findings.append(
            Finding(
                "mode_changed",
                f"The chain's mode was changed: the anchor says {anchor.mode}, the database {mode}",
                f"審計鏈的簽署方式已被更改：錨記錄為 {anchor.mode}，資料庫為 {mode}",
            )
        )
    if key is not None and anchor.mode == KEYED and not audit_anchor.mac_matches(anchor, key):
        findings.append(
            Finding(
                "anchor_altered",
                "The anchor file was altered (its MAC does not match)",
                "錨記錄檔案已被改動（其訊息認證碼不符）",
            )
        )
    head = _head_findings(anchor.count, anchor.head, walk, "the anchor", "錨記錄")
    findings += head
    if not head and walk.last_id > anchor.count:
        behind = walk.last_id - anchor.count
        findings.append(
            Finding(
                "anchor_behind",
                f"The anchor is {behind} entries behind the trail (a commit whose anchor was not written, "
                "e.g. a crash): not a sign of tampering",
                f"錨記錄落後審計記錄 {behind} 項（某次儲存後未及寫入錨記錄，例如程式當機）：並非竄改跡象",
                fails=False,
            )
        )
    return findings


@dataclass(frozen=True)
class _Restore:
    entry: int
    at: datetime  # UTC
    entries_then: int  # the restored trail's length
    source: str


def _restores(session: Session) -> list[_Restore]:
    rows = session.execute(
        select(
            AuditEventRecord.id,
            AuditEventRecord.occurred_at,
            AuditEventRecord.new_value,
            AuditEventRecord.entity_uid,
        )
        .where(AuditEventRecord.entity == RESTORED_ENTITY, AuditEventRecord.action == RESTORED_ACTION)
        .order_by(AuditEventRecord.id)
    )
    found = []
    for entry, at, entries_then, source in rows:
        if entries_then is not None and entries_then.isdigit():
            found.append(
                _Restore(
                    entry, at.replace(tzinfo=UTC) if at.tzinfo is None else at, int(entries_then), source
                )
            )
    return found


def _when(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _superseded(witness: audit_anchor.Witness, restores: Sequence[_Restore]) -> Finding | None:
    """A warning in place of a witness's findings when it was recorded before a restore that brought the
    trail back below its count: the entries it saw were replaced by the restore, which the trail records."""
    recorded = _when(witness.recorded_at)
    for restore in restores:
        if recorded is not None and recorded < restore.at and restore.entries_then < witness.count:
            return Finding(
                "witness_before_restore",
                f"{witness.source_en} records {witness.count} entries, from before the database was restored "
                f"from {restore.source} (entry #{restore.entry}): the entries after #{restore.entries_then} "
                "were replaced by that restore",
                f"{witness.source_zh}記錄有 {witness.count} 項，早於資料庫以 {restore.source} 還原（第 "
                f"{restore.entry} 項）：第 {restore.entries_then} 項以後的記錄已於還原時被取代",
                fails=False,
            )
    return None


def _witness_findings(
    witnesses: Sequence[audit_anchor.Witness], walk: _Walk, restores: Sequence[_Restore]
) -> list[Finding]:
    """Each witness's findings; when several say the same thing (every backup after a cut), the one
    recording the most entries speaks for them."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for witness in sorted(witnesses, key=lambda witness: witness.count, reverse=True):
        found = _head_findings(witness.count, witness.head, walk, witness.source_en, witness.source_zh)
        if found:
            superseded = _superseded(witness, restores)
            found = [superseded] if superseded is not None else found
        for finding in found:
            if finding.code not in seen:
                seen.add(finding.code)
                findings.append(finding)
    return findings


def verify_chain(database: Database, witnesses: Sequence[audit_anchor.Witness] = ()) -> ChainReport:
    """Check the whole trail: entries, logged changes, triggers, the anchor file, and the heads recorded
    elsewhere (``witnesses``: beside backups, in exported batches); every finding named."""
    with database.session() as session:
        mode = chain_mode(session)
        findings, key, checkable = _mode_findings(session, mode)
        if not checkable:
            return ChainReport(0, None, findings=tuple(findings), keyed=True)
        try:
            anchor = audit_anchor.read_anchor(database.path)
        except audit_anchor.AnchorUnreadable:
            anchor = None
            findings.append(
                Finding(
                    "anchor_unreadable",
                    f"The anchor file {audit_anchor.anchor_path(database.path)} was altered (unreadable)",
                    f"錨記錄檔案 {audit_anchor.anchor_path(database.path)} 已被改動（無法讀取）",
                )
            )
        wanted = {witness.count for witness in witnesses} | ({anchor.count} if anchor else set())
        walk = _walk(session, key, wanted)
        if walk.broken:
            findings.append(_broken_finding(walk.broken))
        findings += _redaction_findings(walk)
        findings += _change_findings(session, walk.claims)
        findings += _trigger_findings(session)
        if anchor is not None:
            findings += _anchor_findings(anchor, walk, mode, key)
        elif walk.count and not any(finding.code == "anchor_unreadable" for finding in findings):
            findings.append(
                Finding(
                    "anchor_missing",
                    f"The anchor file {audit_anchor.anchor_path(database.path)} is missing, though the trail "
                    f"has {walk.count} entries (deleted, or the database was copied without it)",
                    f"錨記錄檔案 {audit_anchor.anchor_path(database.path)} 不見了，但審計記錄有 "
                    f"{walk.count} 項（已被刪除，或資料庫被複製時未連同錨記錄）",
                )
            )
        findings += [
            finding
            for finding in _witness_findings(witnesses, walk, _restores(session) if witnesses else [])
            if not any(known.code == finding.code for known in findings)  # the anchor said it already
        ]
    broken_id, problem = (walk.broken[0], walk.broken[1]) if walk.broken else (None, "")
    return ChainReport(walk.count, broken_id, problem, tuple(findings), keyed=mode == KEYED)

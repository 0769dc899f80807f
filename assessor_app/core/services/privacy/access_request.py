"""A data access request: every row this laptop holds about one applicant, in one encrypted workbook.

"Everything" is found from the schema, not from a list kept by hand: the applicant's row, every row of
a table that refers to it (through foreign keys, followed down: their cases, qualifications, periods,
evidence, files, decisions, requests, batch items), the merge conflicts and drafts that carry their
cases or number, and the audit entries about any of those rows. A table added later is included
without a change here. The stored files themselves (scans, letters) go into a PDF beside the workbook
(:mod:`.access_documents`). Both carry personal data (the workbook the full HKID), so both are encrypted
in memory under one generated password (shown once, never stored) like a full-HKID batch, and only
supervisors and administrators may take one; each is audited.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.db.models.base import Base
from assessor_app.core.db.models.cases import ApplicantRecord
from assessor_app.core.domain import hkid as hkid_rules
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.hong_kong_time import to_hong_kong_time
from assessor_app.core.private_files import replace_private
from assessor_app.core.services import audit
from assessor_app.core.services.privacy.access_documents import documents_pdf, held_documents
from assessor_app.core.services.shared import acting_user
from assessor_app.core.services.sync.encryption import encrypt_bytes, generate_password
from assessor_app.core.services.sync.writer import SheetSpec, Value, write_xlsx

ROOT = "applicants"
# Tables reached by a reference that are the context of a row, not data about the person: the
# catalogue, events, batches, users. Their rows are not copied (a row about the person names them).
_NOT_ABOUT_THEM = frozenset({"export_batches"})
_DRAFTS = "drafts"
_CONFLICTS = "merge_conflicts"
_AUDIT = "audit_events"
_FILES = "evidence_files"


@dataclass(frozen=True)
class AccessRequestResult:
    path: Path
    password: str  # shown once to the user; never stored
    tables: dict[str, int]  # rows given, by table
    documents_path: Path | None = None  # the PDF of the stored files, when there are any
    documents: tuple[str, ...] = ()  # the files in it, by name
    not_included: tuple[str, ...] = ()  # files that could not be read or converted

    def describe(self) -> str:
        counts = ", ".join(f"{name} {count}" for name, count in self.tables.items() if count)
        lines = [
            f"{self.path}: 查閱資料要求的工作簿已加密 / the data access workbook is encrypted ({counts})."
        ]
        if self.documents_path is not None:
            lines.append(
                f"{self.documents_path}: 已加密的文件副本 {len(self.documents)} 份 / "
                f"the encrypted copies of {len(self.documents)} documents (same password)."
            )
        if self.not_included:
            names = ", ".join(self.not_included)
            lines.append(
                f"未能收錄、請從個案檢視另行複製 / not included, copy them from the case view: {names}"
            )
        lines.append(f"密碼 Password: {self.password}")
        lines.append(
            "請另行把密碼交給申請人 / give the password to the applicant separately; it is not stored."
        )
        return "\n".join(lines)


def documents_path(out: Path) -> Path:
    """Where the PDF of the documents goes beside the workbook ``out``: ``<name>-documents.pdf``."""
    return out.with_name(f"{out.stem}-documents.pdf")


def _cell(value: object) -> Value:
    """A stored value as the workbook shows it: times in Hong Kong time, everything else as text or a
    whole number."""
    if isinstance(value, datetime):
        return to_hong_kong_time(value).strftime("%Y-%m-%d %H:%M:%S HKT")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or isinstance(value, int | str):
        return value
    return str(value)


def _children(table: Table) -> list[tuple[Table, str, str]]:
    """Tables referring to ``table``: (child, its column, the referred column)."""
    found = []
    for child in Base.metadata.sorted_tables:
        for column in child.columns:
            for key in column.foreign_keys:
                if key.column.table is table and child.name not in _NOT_ABOUT_THEM:
                    found.append((child, column.name, key.column.name))
    return found


def rows_under(session: Session, table_name: str, ids: list[int]) -> dict[str, list[dict[str, object]]]:
    """The rows of ``table_name`` with ``ids`` and every row that refers down from them (foreign keys
    followed, see the module docstring), by table."""
    tables = Base.metadata.tables
    rows: dict[str, list[dict[str, object]]] = defaultdict(list)
    seen: dict[str, set[object]] = defaultdict(set)
    pending: list[tuple[Table, list[dict[str, object]]]] = []

    def take(table: Table, found: list[dict[str, object]]) -> None:
        fresh = [row for row in found if row["id"] not in seen[table.name]]
        seen[table.name].update(row["id"] for row in fresh)
        if fresh:
            rows[table.name].extend(fresh)
            pending.append((table, fresh))

    root = tables[table_name]
    take(root, [dict(r._mapping) for r in session.execute(select(root).where(root.c.id.in_(ids)))])
    while pending:
        parent, parent_rows = pending.pop(0)
        for child, column, referred in _children(parent):
            values = list({row[referred] for row in parent_rows if row[referred] is not None})
            if values:
                found = session.execute(select(child).where(child.c[column].in_(values)))
                take(child, [dict(r._mapping) for r in found])
    return rows


def uids_of(held: dict[str, list[dict[str, object]]]) -> set[str]:
    """The uids of the rows ``held`` (the audit trail names a row by its uid)."""
    return {str(row["uid"]) for table_rows in held.values() for row in table_rows if row.get("uid")}


def held_about(session: Session, applicant: ApplicantRecord) -> dict[str, list[dict[str, object]]]:
    """Every row held about ``applicant``, by table (see the module docstring)."""
    tables = Base.metadata.tables
    rows = rows_under(session, ROOT, [applicant.id])

    def take(table: Table, found: list[dict[str, object]]) -> None:
        known = {row["id"] for row in rows[table.name]}
        rows[table.name].extend(row for row in found if row["id"] not in known)

    case_uids = sorted({str(row["uid"]) for row in rows["applications"]})
    conflicts = tables[_CONFLICTS]
    if case_uids:
        found = session.execute(select(conflicts).where(conflicts.c.application_uid.in_(case_uids)))
        take(conflicts, [dict(r._mapping) for r in found])
    # A draft is a form not yet lodged: it is theirs when it carries their number (in any typing).
    number = hkid_rules.compact(applicant.hkid)
    drafts = tables[_DRAFTS]
    for row in session.execute(select(drafts)):
        if number and number in hkid_rules.compact(row.payload_json or ""):
            take(drafts, [dict(row._mapping)])
    uids = uids_of(rows)
    entries = session.scalars(
        select(AuditEventRecord)
        .where(AuditEventRecord.entity_uid.in_(sorted(uids)))
        .order_by(AuditEventRecord.id)
    ).all()
    audit_table = tables[_AUDIT]
    rows[_AUDIT] = [
        {column.name: getattr(entry, column.key) for column in audit_table.columns} for entry in entries
    ]
    return dict(rows)


def _sheets(held: dict[str, list[dict[str, object]]]) -> list[SheetSpec]:
    sheets = []
    for name, table_rows in held.items():
        columns = [column.name for column in Base.metadata.tables[name].columns]
        sheets.append(
            SheetSpec(
                name=name[:31],
                header_rows=[columns],
                rows=[
                    tuple(_cell(row.get(column)) for column in columns)
                    for row in sorted(table_rows, key=lambda row: int(str(row["id"])))
                ],
                widths=[18] * len(columns),
                text_columns=frozenset(range(len(columns))),
            )
        )
    return sheets


def access_request(
    database: Database, hkid_text: str, out: Path, *, actor: str, evidence_dir: Path
) -> AccessRequestResult:
    """Write everything held about the applicant with ``hkid_text`` (any typing) to ``out``, and their
    stored files from ``evidence_dir`` to :func:`documents_path` beside it, both encrypted; audited.
    Refused without writing: an invalid number, no such applicant, a role other than supervisor or
    administrator, an ``out`` that cannot be written."""
    number, problem = hkid_rules.parse(hkid_text)
    if number is None:
        assert problem is not None
        raise ValidationError(f"HKID: {problem.en}", f"香港身份證號碼：{problem.zh}", code="invalid_hkid")
    out = Path(out)
    with database.session() as session:
        user = acting_user(
            session,
            actor,
            PERMISSIONS[Action.ACCESS_REQUEST],
            doing_en="answer a data access request",
            doing_zh="處理查閱資料要求",
        )
        applicant = session.scalar(select(ApplicantRecord).where(ApplicantRecord.hkid == number))
        if applicant is None:
            raise ValidationError(
                f"No applicant with HKID {hkid_rules.mask(number)} is held on this laptop; nothing was written.",
                f"此電腦沒有身份證號碼為 {hkid_rules.mask(number)} 的申請人；未有寫入任何檔案。",
                code="applicant_not_found",
            )
        held = held_about(session, applicant)
        memory = io.BytesIO()
        write_xlsx(memory, _sheets(held))
        password = generate_password()
        counts = {name: len(table_rows) for name, table_rows in held.items()}
        documents, unreadable = held_documents(held.get(_FILES, []), evidence_dir, database.data_key)
        pdf = documents_pdf(documents, password)
        given = f"; documents {len(pdf.included)}" if pdf.included else ""
        audit.record(
            session,
            actor=user.username,
            entity="applicant",
            entity_uid=applicant.uid,
            action="access_request",
            new=out.name[:200],
            reason="a copy of everything held about the applicant: "
            + ", ".join(f"{name} {count}" for name, count in counts.items() if count)
            + given,
        )
        session.flush()
        # The files are placed last, inside the transaction: a failed write rolls the entry back (and
        # removes the workbook if the PDF failed), and the commit that follows is of one row.
        _place(encrypt_bytes(memory.getvalue(), password), out)
        pdf_path = None
        if pdf.content is not None:
            pdf_path = documents_path(out)
            try:
                _place(pdf.content, pdf_path)
            except BaseException:
                out.unlink(missing_ok=True)
                raise
    return AccessRequestResult(
        out, password, counts, pdf_path, pdf.included, tuple(unreadable) + pdf.not_included
    )


def _place(content: bytes, out: Path) -> None:
    """``content`` at ``out``, owner-only, all or nothing (a temporary file beside it, then a rename)."""
    try:
        replace_private(out, content)
    except OSError as exc:
        raise AppError(
            f"Cannot write the data access request to {out}: {exc.strerror or exc}. Nothing was written.",
            f"無法把查閱資料要求的檔案寫入 {out}：{exc.strerror or exc}。未有寫入任何檔案。",
            code="access_request_write_failed",
        ) from exc

"""Shared helpers for the sync tests: a demo database with signed-off cases, dumps, workbook edits."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from assessor_app.core.db import cipher
from assessor_app.core.db.database import Database, open_database
from assessor_app.core.db.models.cases import (
    ApplicationRecord,
    AppliedQualificationRecord,
    PeriodRelevanceRecord,
)
from assessor_app.core.db.models.catalogue import QualificationRecord
from assessor_app.core.hong_kong_time import utc_now
from assessor_app.core.services.demo.promotion_day import generate_demo
from assessor_app.core.services.intake.station_keys import enrol_station, list_station_keys, save_public_key
from assessor_app.core.services.sync.batch_signature import sign_manifest
from assessor_app.core.services.sync.encryption import decrypt_workbook
from assessor_app.core.services.sync.export import BuiltWorkbook, ExportResult, stamp_manifest
from assessor_app.core.services.sync.writer import write_xlsx

SUPERVISOR = "syleung"
ASSESSOR = "ckcheng"
CLERK = "wsho"
OTHER_STATION = "LT09"  # the laptop that merges another demo laptop's (LT01's) batches


def decrypted(result: ExportResult, target: Path | None = None) -> Path:
    """The clear workbook of the encrypted export ``result`` (what Excel shows once its password is
    typed), written to ``target``, by default over the export itself, for tests that read or edit its
    cells (the results import and the reader take a clear returned workbook as well as an encrypted one)."""
    assert result.password is not None, "an unencrypted export is clear already"
    target = result.path if target is None else target
    decrypt_workbook(result.path, target, result.password)
    return target


def empty_station(path: Path, *, trusting: Database | None = None, code: str = OTHER_STATION) -> Database:
    """An empty station ``code``: the same catalogue, event and users as the demo, no cases; with
    ``trusting``, that station's key enrolled, so its signed batches merge here."""
    database = open_database(path)
    generate_demo(database, applications=0, seed=7, station=code)
    if trusting is not None:
        enrol(trusting, database)
    return database


def enrol(source: Database, target: Database) -> None:
    """Enrol ``source``'s station key on ``target`` as its supervisor would, from the key file (once)."""
    key_file = target.path.parent / f"{source.path.stem}-station-key.json"
    key = save_public_key(source, key_file)
    if key.fingerprint not in {enrolled.fingerprint for enrolled in list_station_keys(target)}:
        enrol_station(target, key_file, actor=SUPERVISOR)


def signed_workbook(source: Database, built: BuiltWorkbook, path: Path) -> Path:
    """``built`` written to ``path`` signed with ``source``'s station key, as an export would sign it
    (recording nothing: fast, for properties)."""
    stamp_manifest(source, built, SUPERVISOR, utc_now())
    write_xlsx(path, built.sheets)
    return path


def resign(source: Database, path: Path) -> Path:
    """The plain workbook ``path``, whose cells a test edited (and whose data SHA-256 it recomputed),
    signed again with ``source``'s key: what only the holder of that key could do."""
    workbook = load_workbook(path)
    manifest = workbook["manifest"]
    rows = {str(manifest.cell(row, 1).value): row for row in range(3, manifest.max_row + 1)}
    values = {key: str(manifest.cell(row, 3).value or "") for key, row in rows.items()}
    sign_manifest(source, values)
    for key in ("signing_key", "signature"):
        manifest.cell(rows[key], 3).value = values[key]
    workbook.save(path)
    return path


def demo_database(
    database: Database,
    *,
    applications: int = 24,
    signed_off: int = 12,
    seed: int = 7,
    station: str | None = None,
) -> Database:
    """A demo promotion day (on the demo laptop ``station``, LT01 by default) with the first
    ``signed_off`` lodged cases moved to signed_off."""
    generate_demo(database, applications=applications, seed=seed, station=station)
    with database.session() as session:
        ids = session.scalars(
            select(ApplicationRecord.id)
            .where(ApplicationRecord.status == "lodged")
            .order_by(ApplicationRecord.id)
            .limit(signed_off)
        ).all()
        session.execute(
            update(ApplicationRecord).where(ApplicationRecord.id.in_(ids)).values(status="signed_off")
        )
    return database


def dump(database: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted: the database's content for before/after comparisons (without
    the case content cache, derived data a merge may fill: see migration 0011)."""
    connection = cipher.connect(database.path, database.data_key, read_only=True)
    try:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]

        def columns(table: str) -> str:
            names = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            return ", ".join(
                f'"{name}"' for name in names if (table, name) != ("applications", "content_sha256")
            )

        return {
            table: sorted(connection.execute(f'SELECT {columns(table)} FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
    finally:
        connection.close()


def rewrite_members(
    source: Path, target: Path, replace: dict[str, bytes], *, drop: tuple[str, ...] = ()
) -> Path:
    """A copy of the zip ``source`` with some members replaced (or added) and some dropped."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename in drop:
                continue
            new.writestr(item.filename, replace.get(item.filename, old.read(item.filename)))
        for name, data in replace.items():
            if name not in old.namelist():
                new.writestr(name, data)
    return target


def sheet_member(path: Path, sheet: str) -> str:
    """The zip member name holding ``sheet`` in a workbook this app wrote."""
    from assessor_app.core.services.sync.workbook_format import ALL_SHEET_NAMES

    return f"xl/worksheets/sheet{ALL_SHEET_NAMES.index(sheet) + 1}.xml"


def fill_results(
    source: Path, target: Path, *, soa_date: object = date(2024, 3, 15), remarks: str | None = None
) -> Path:
    """The returned workbook: every results row passed with an SoA number (leading zeros) and date, and
    ``remarks`` (with the row number after it) when given. Columns are found by their keys."""
    workbook = load_workbook(source)
    sheet = workbook["results"]
    keys = [cell.value for cell in sheet[2]]
    result, number, when = keys.index("result") + 1, keys.index("soa_number") + 1, keys.index("soa_date") + 1
    remarks_column = keys.index("remarks") + 1
    for row in range(3, sheet.max_row + 1):
        sheet.cell(row, result).value = "passed"
        sheet.cell(row, number).value = f"00{row:04d}"
        sheet.cell(row, when).value = soa_date
        if remarks is not None:
            sheet.cell(row, remarks_column).value = f"{remarks} {row}"
    workbook.save(target)
    return target


def enrich(database: Database) -> list[str]:
    """Give the exported cases what format 3.0 carries: a case applying for two qualifications with a
    period relevant to only one of them and one in the industry only, a caring period, a confirmed
    weight, both overseas decisions, and two cases of one person lodged with different particulars.
    Returns the keys of the cases changed."""
    with database.session() as session:
        cases = session.scalars(
            select(ApplicationRecord)
            .where(ApplicationRecord.locked_by_batch_id.is_not(None), ApplicationRecord.employment.any())
            .order_by(ApplicationRecord.id)
        ).all()
        first, second, third = cases[0], cases[1], cases[2]
        applied = {record.qualification_id for record in first.qualifications}
        other = session.scalars(
            select(QualificationRecord)
            .where(QualificationRecord.id.not_in(applied))
            .order_by(QualificationRecord.id)
        ).first()
        assert other is not None
        extra = AppliedQualificationRecord(qualification_id=other.id)
        first.qualifications.append(extra)
        session.flush()
        period = first.employment[0]
        period.relevance = [PeriodRelevanceRecord(applied_qualification=extra)]  # only the new one
        for later in first.employment[1:]:
            later.relevance = []  # in the industry only
        second.employment[0].kind = "caring"
        second.employment[0].weight_percent = 50
        third.employment[0].in_hong_kong = False
        third.employment[0].overseas_accepted = False
        period.overseas_accepted = True
        third.applicant_id = second.applicant_id  # one person, two cases
        third.phone, third.address = "+852 69999999", "Flat 9, 1 Other Road\nKowloon"
        return [first.uid, second.uid, third.uid]


def as_format_2(source: Path, target: Path, *, signer: Database | None = None) -> Path:
    """``source`` (a plain workbook this app wrote) as a format 2.0 workbook, as a laptop exported it
    before the upgrade: one applicants row per person, one ``relevant`` flag per period (Y when the
    period is relevant to any qualification), the data SHA-256 of those rows; signed again by ``signer``
    (a real 2.0 workbook is unsigned: a merge refuses it)."""
    from assessor_app.core.services.sync import workbook_legacy as legacy
    from assessor_app.core.services.sync.case_rows import data_hash
    from assessor_app.core.services.sync.reader import parse_batch

    workbook = load_workbook(source)

    def rows_of(name: str) -> list[dict[str, object]]:
        sheet = workbook[name]
        keys = [cell.value for cell in sheet[2]]
        return [dict(zip(keys, row, strict=False)) for row in sheet.iter_rows(min_row=3, values_only=True)]

    def rewrite(spec: object, rows: list[dict[str, object]]) -> None:
        from assessor_app.core.services.sync.workbook_format import Sheet

        assert isinstance(spec, Sheet)
        sheet = workbook[spec.name]
        sheet.delete_rows(1, sheet.max_row)
        sheet.delete_cols(1, sheet.max_column)
        sheet.append([column.label for column in spec.columns])
        sheet.append(list(spec.keys))
        for row in rows:
            sheet.append([row.get(key) for key in spec.keys])

    people: dict[object, dict[str, object]] = {}
    for row in rows_of("applicants"):
        people.setdefault(row["applicant_uid"], row)
    periods = rows_of("employment")
    for row in periods:
        row["relevant"] = "Y" if row["relevant_to"] else "N"
    others = {spec.name: rows_of(spec.name) for spec in legacy.DATA_SHEETS_2[1:] if spec.name != "employment"}
    rewrite(legacy.APPLICANTS_2, sorted(people.values(), key=lambda row: str(row["applicant_uid"])))
    rewrite(legacy.EMPLOYMENT_2, periods)
    for spec in legacy.DATA_SHEETS_2:  # the other sheets in 2.0's layout: their columns only, in order
        if spec.name in others:
            rewrite(spec, others[spec.name])
    manifest = workbook["manifest"]
    index = {manifest.cell(row, 1).value: row for row in range(3, manifest.max_row + 1)}
    manifest.cell(index["format_version"], 3).value = "2.0"
    workbook.save(target)
    parsed = parse_batch(target)
    manifest.cell(index["data_sha256"], 3).value = data_hash(
        [
            (sheet.name, [tuple(row.values[key] for key in sheet.keys) for row in parsed.sheets[sheet.name]])
            for sheet in parsed.data_sheets
        ]
    )
    workbook.save(target)
    return resign(signer, target) if signer is not None else target


def format_2_ledger(database: Database, path: Path, batch_id: int) -> None:
    """Batch ``batch_id``'s ledger items as a 2.0 export recorded them for the 2.0 workbook ``path`` (see
    :func:`as_format_2`): each case's 2.0 rows (applications, employment, evidence, results, each in the
    export's order), then its person's applicants row, hashed as the export hashes a case."""
    from collections import defaultdict

    from assessor_app.core.db.models.audit_sync import BatchItemRecord
    from assessor_app.core.services.sync import workbook_legacy as legacy
    from assessor_app.core.services.sync.case_rows import case_content_hash
    from assessor_app.core.services.sync.reader import parse_batch

    parsed = parse_batch(path)
    order = {
        "applications": lambda v: (str(v["qualification"]),),
        "employment": lambda v: (v["position"] or 0, str(v["period_uid"])),
        "evidence": lambda v: (str(v["evidence_type"]), str(v["evidence_uid"])),
        "results": lambda v: (str(v["qualification"]),),
    }
    specs = {spec.name: spec for spec in legacy.DATA_SHEETS_2}
    lines: dict[str, list[tuple[str, tuple[object, ...]]]] = defaultdict(list)
    person: dict[str, object] = {}
    for name, key in order.items():
        for row in sorted(parsed.sheets[name], key=lambda r: key(r.values)):  # type: ignore[no-untyped-call]
            uid = str(row.values["application_uid"])
            lines[uid].append((name, tuple(row.values[k] for k in specs[name].keys)))
            if name == "applications":
                person[uid] = row.values["applicant_uid"]
    people = {row.values["applicant_uid"]: row.values for row in parsed.sheets["applicants"]}
    with database.session() as session:
        for uid, case in lines.items():
            applicant = tuple(people[person[uid]][k] for k in legacy.APPLICANTS_2.keys)
            case_id = session.scalar(select(ApplicationRecord.id).where(ApplicationRecord.uid == uid))
            session.execute(
                update(BatchItemRecord)
                .where(BatchItemRecord.application_id == case_id, BatchItemRecord.batch_id == batch_id)
                .values(content_sha256=case_content_hash([*case, ("applicants", applicant)]))
            )


def count_opens(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Every opening of ``path`` from now on (by ``Path.open``, ``Path.read_bytes`` or zipfile: all go
    through ``io.open``), as the modes it was opened with."""
    opened: list[str] = []
    real_open = io.open
    target = path.resolve()

    def counting(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if isinstance(file, str | os.PathLike) and Path(file).resolve() == target:
            opened.append(mode)
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(io, "open", counting)
    return opened


def as_format_3(source: Path, target: Path, *, signer: Database | None = None) -> Path:
    """``source`` (a plain workbook this app wrote, format 4.0) as format 3.3 wrote the same cases: each
    data sheet holds its data columns only, in their order (no shown columns, the keys first), under
    their labels and keys; the codebook lists those columns; the manifest says 3.3. The data SHA-256 is
    unchanged (4.0 hashes the very same columns); signed again by ``signer`` (the version is signed)."""
    from assessor_app.core.services.sync import workbook_format as fmt
    from assessor_app.core.services.sync.workbook_layout import codebook_row
    from assessor_app.core.services.sync.workbook_personal_data import data_sheets_for

    workbook = load_workbook(source)
    manifest = workbook["manifest"]
    index = {manifest.cell(row, 1).value: row for row in range(3, manifest.max_row + 1)}
    manifest.cell(index["format_version"], 3).value = "3.3"
    specs = data_sheets_for(str(manifest.cell(index["personal_data"], 3).value))
    for spec in specs:
        sheet = workbook[spec.name]
        keys = [cell.value for cell in sheet[2]]
        rows = [dict(zip(keys, row, strict=False)) for row in sheet.iter_rows(min_row=3, values_only=True)]
        sheet.delete_rows(1, sheet.max_row)
        sheet.delete_cols(1, sheet.max_column)
        sheet.append([column.label for column in spec.columns])
        sheet.append(list(spec.keys))
        for row in rows:
            sheet.append([row.get(key) for key in spec.keys])
    codebook = workbook[fmt.CODEBOOK_SHEET]
    codebook.delete_rows(3, codebook.max_row)
    for spec in specs:
        for column in spec.columns:
            codebook.append(list(codebook_row(spec.name, column)))
    workbook.save(target)
    return resign(signer, target) if signer is not None else target

"""Excel sync at realistic volume: every figure beside openpyxl's default mode and a CSV floor, same run.

    python -m bench --only sync [--applications 10000]

Times are measured without tracemalloc (it slows pure-Python code two to three times); peak memory
comes from a second run under tracemalloc (of the same work, or of an equivalent one when the first
cannot be repeated: a re-export of the same cases, a no-op re-import, a merge into a second station).
tracemalloc sees the memory Python allocates, not what calamine (Rust) allocates for itself.
Rows the issue sets a target for print it beside the figures, with whether it was met.
"""

from __future__ import annotations

import csv
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TypeVar

from bench.report import keep

T = TypeVar("T")


def timed(
    label: str,
    work: Callable[[], T],
    *,
    memory: Callable[[], object] | None = None,
    target: tuple[float, float | None] | None = None,
    note: str = "",
) -> T:
    """Run ``work``, print its time and peak memory; ``target`` (seconds, MiB or None) is printed beside."""
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    try:
        (memory if memory is not None else work)()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    line = f"{label:<62} {elapsed:8.3f} s {peak / 2**20:9.1f} MiB peak"
    if target is not None:
        seconds, mib = target
        met = elapsed < seconds and (mib is None or peak / 2**20 < mib)
        wanted = f"< {seconds:g} s" + (f", < {mib:g} MiB" if mib is not None else "")
        line += f"   target {wanted}: {'met' if met else 'MISSED'}"
        note = f"target {wanted}: {'met' if met else 'MISSED'}" + (f"; {note}" if note else "")
    print(line + (f"   {note}" if note and target is None else ""))
    keep(label, elapsed, memory_mib=peak / 2**20, note=note)
    return result


def _openpyxl_default(path: Path, sheets: Sequence[object]) -> None:
    from openpyxl import Workbook

    from assessor_app.core.services.sync.writer import SheetSpec

    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        assert isinstance(spec, SheetSpec)
        sheet = workbook.create_sheet(spec.name)
        for row in [*spec.header_rows, *spec.rows]:
            sheet.append(list(row))
    workbook.save(path)


def _openpyxl_write_only(path: Path, sheets: Sequence[object]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from assessor_app.core.services.sync.writer import SheetSpec

    workbook = Workbook(write_only=True)
    for spec in sheets:
        assert isinstance(spec, SheetSpec)
        sheet = workbook.create_sheet(spec.name)
        for row in [*spec.header_rows, *spec.rows]:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula
                cells.append(cell)
            sheet.append(cells)
    workbook.save(path)


def _csv(folder: Path, sheets: Sequence[object]) -> None:
    from assessor_app.core.services.sync.writer import SheetSpec

    for spec in sheets:
        assert isinstance(spec, SheetSpec)
        with (folder / f"{spec.name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerows(spec.header_rows)
            writer.writerows(spec.rows)


def _calamine_read(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    count = 0
    for name in workbook.sheet_names:
        for _row in workbook.get_sheet_by_name(name).iter_rows():
            count += 1
    workbook.close()
    return count


def _openpyxl_read_only(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    count = 0
    for sheet in workbook.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            count += 1
    workbook.close()
    return count


def _has_lxml() -> str:
    try:
        import lxml  # noqa: F401
    except ImportError:
        return "no"
    return "yes"


def run(applications: int) -> None:
    from sqlalchemy import update

    from assessor_app.core.db.database import open_database
    from assessor_app.core.db.models.cases import ApplicationRecord
    from assessor_app.core.services.demo.promotion_day import generate_demo
    from assessor_app.core.services.intake.station_keys import enrol_station, save_public_key
    from assessor_app.core.services.sync import workbook_format as fmt
    from assessor_app.core.services.sync.encryption import decrypt_workbook
    from assessor_app.core.services.sync.export import (
        build_workbook,
        export_batch,
        verify_workbook,
        verify_workbook_openpyxl,
    )
    from assessor_app.core.services.sync.import_results import apply_results, preview_results
    from assessor_app.core.services.sync.merge import merge_batch
    from assessor_app.core.services.sync.read_exact import read_raw
    from assessor_app.core.services.sync.reader import parse_batch, parse_sheets
    from assessor_app.core.services.sync.workbook_layout import layout
    from assessor_app.core.services.sync.writer import write_xlsx

    n = applications
    seconds = 3.0
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        database = open_database(folder / "bench.sqlite3")
        print(f"{'sync: what':<62} {'time':>10} {'memory':>15}")
        # Set-up, not a figure of this group: timed without tracemalloc, which would double it (the
        # general group measures the same generation's memory).
        started = time.perf_counter()
        generate_demo(database, applications=n)
        setup = time.perf_counter() - started
        print(f"{f'demo: generate {n:,} applications (setup)':<62} {setup:8.3f} s")
        keep(f"demo: generate {n:,} applications (setup)", setup)
        with database.session() as session:
            session.execute(
                update(ApplicationRecord)
                .where(ApplicationRecord.status == "lodged")
                .values(status="signed_off")
            )
        built = timed("export: Core selects + rows (build_workbook)", lambda: build_workbook(database))
        rows = sum(len(spec.rows) for spec in built.sheets)
        cells = sum(len(row) for spec in built.sheets for row in spec.rows)
        print(f"  ({len(built.application_ids):,} cases, {rows:,} rows, {cells:,} cells)")
        timed("  floor: CSV of the same rows", lambda: _csv(folder, built.sheets))
        timed(
            "  baseline: openpyxl default mode",
            lambda: _openpyxl_default(folder / "default.xlsx", built.sheets),
        )
        timed(
            f"  openpyxl write-only (lxml installed: {_has_lxml()})",
            lambda: _openpyxl_write_only(folder / "wo.xlsx", built.sheets),
        )
        timed("  streaming SpreadsheetML writer (used)", lambda: write_xlsx(folder / "s.xlsx", built.sheets))
        timed(
            "  verify: reopen with calamine, every cell (used)",
            lambda: verify_workbook((folder / "s.xlsx").read_bytes(), built.sheets),
        )
        timed(
            "  verify: reopen with openpyxl read-only, every cell (former)",
            lambda: verify_workbook_openpyxl((folder / "s.xlsx").read_bytes(), built.sheets),
        )
        out = folder / "batch.xlsx"
        result = timed(
            "export_batch: all (select, write, verify, ledger, locks)",
            lambda: export_batch(database, out, actor="syleung"),
            memory=lambda: export_batch(database, folder / "again.xlsx", actor="syleung", status="exported"),
            target=(seconds, 100.0),
        )
        print(
            f"  ({result.case_count:,} cases, {out.stat().st_size / 2**20:.1f} MiB file, verified cell by cell)"
        )
        timed(
            "export_batch: same cases again, without the verify",
            lambda: export_batch(
                database, folder / "nv.xlsx", actor="syleung", status="exported", verify=lambda p, s: None
            ),
        )
        # Every export is encrypted: the readers are measured on its clear workbook (as the Secretariat
        # may return it); decrypting is a step of its own.
        plain = folder / "plain.xlsx"
        password = result.password
        assert password is not None
        timed("read: decrypt the export (msoffcrypto)", lambda: decrypt_workbook(out, plain, password))
        timed("read: openpyxl read-only, every row (baseline)", lambda: _openpyxl_read_only(plain))
        timed("read: calamine, every row of every sheet", lambda: _calamine_read(plain))
        parsed = timed("read: parse_batch (guard + pre-scan + calamine + checks)", lambda: parse_batch(plain))
        print(f"  (reader used: {parsed.reader})")
        timed(
            "read: parse_batch, exact reader (guard + defusedxml + checks)",
            lambda: parse_sheets(read_raw(plain), plain),
        )

        sheets = built.sheets
        manifest = sheets[0]  # the returned workbook is the first export's (results bind to their batch)
        manifest.rows = [
            (key, label, result.batch_uid if key == "batch_uid" else value)
            for key, label, value in manifest.rows
        ]
        results = next(spec for spec in sheets if spec.name == fmt.RESULTS_SHEET.name)
        column = {
            key: layout(fmt.RESULTS_SHEET).position(key) for key in ("result", "soa_number", "soa_date")
        }
        filled = []
        for row in results.rows:
            values = list(row)
            values[column["result"]] = "passed"
            values[column["soa_number"]] = "SOA-000123"
            values[column["soa_date"]] = date(2024, 3, 15)
            filled.append(tuple(values))
        results.rows = filled
        returned = folder / "returned.xlsx"
        write_xlsx(returned, sheets)
        preview = timed(
            f"import: preview_results ({result.case_count:,} cases)",
            lambda: preview_results(database, returned, actor="syleung"),
            target=(seconds, None),
        )
        print(f"  ({len(preview.changes):,} changes)")
        # As the Batches page applies: after its preview, whose reading and binding of the unchanged file it
        # reuses. Without one (the CLI's --apply) it reads and binds the file itself (docs/sync-internals.md).
        timed(
            "import: apply_results, after its preview (all or nothing)",
            lambda: apply_results(database, returned, actor="syleung", previewed=preview),
            memory=lambda: apply_results(database, returned, actor="syleung"),  # the no-op re-import
            target=(2.0, None),
            note="issue 12: 3.2 s for 38,406 changes; 2.7 s when it read the file again",
        )
        timed(
            "import: the same file again (no-op)",
            lambda: apply_results(database, returned, actor="syleung"),
            target=(seconds, None),
        )
        full = timed(
            "export_batch: full HKID numbers, encrypted (for the merge)",
            lambda: export_batch(
                database, folder / "full.xlsx", actor="syleung", status="result_passed", full_hkid=True
            ),
            memory=lambda: export_batch(
                database, folder / "full2.xlsx", actor="syleung", status="result_passed", full_hkid=True
            ),
        )
        stations = [open_database(folder / f"station{i}.sqlite3") for i in range(2)]
        key_file = folder / "station-key.json"  # merges take only batches of an enrolled station
        save_public_key(database, key_file)
        for station in stations:
            generate_demo(station, applications=0, station="LT09")
            enrol_station(station, key_file, actor="syleung")
        report = timed(
            "merge: another station's export into an empty one",
            lambda: merge_batch(stations[0], full.path, actor="ckcheng", password=full.password),
            memory=lambda: merge_batch(stations[1], full.path, actor="ckcheng", password=full.password),
            target=(5.0, 150.0),
            note="issue 12, ORM writes: ~35 s, ~245 MiB; bulk writes: 7.0 s, 132 MiB",
        )
        print(f"  ({len(report.added):,} added, {len(report.conflicts)} conflicts)")
        timed(
            "merge: the same file again (no-op)",
            lambda: merge_batch(stations[0], full.path, actor="ckcheng", password=full.password),
            memory=lambda: merge_batch(stations[1], full.path, actor="ckcheng", password=full.password),
            target=(2.0, None),
            note="issue 12: ~7 s; before the held-here short cuts: 5.2 s, 151 MiB",
        )
        for station in stations:
            station.close()
        database.close()


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.sync")
    parser.add_argument("--applications", type=int, default=10_000)
    run(parser.parse_args().applications)


if __name__ == "__main__":
    main()

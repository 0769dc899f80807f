"""The demo at 10,000 and 100,000 applications, beside bulk-inserting as many bare applications, same run.

    python -m bench --only demo [--applications 100000]

Each figure comes from a fresh process (so its peak resident memory is its own): ``build_demo`` into a new
encrypted demo database with an evidence folder, as ``assessor-app demo --applications N`` builds it; then
``audit verify`` on it. The baseline writes N bare applicants and applications (one executemany each, the
search triggers indexing them) into the same kind of database: the floor any demo of N cases stands on.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from bench.report import keep
from bench.rss import peak_rss_mib


def _database(folder: Path) -> Any:
    from assessor_app.core.security.keyring import DEMO_ADMINISTRATOR, DEMO_PASSWORD
    from assessor_app.core.security.sign_in import set_up

    return set_up(folder / "demo.sqlite3", DEMO_ADMINISTRATOR, "Demo administrator", DEMO_PASSWORD, demo=True)


def _demo(count: int) -> dict[str, Any]:
    from assessor_app.core.services import audit
    from assessor_app.core.services.demo.scale import build_demo

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        signed = _database(folder)
        started = time.perf_counter()
        summary = build_demo(signed.database, applications=count, evidence_dir=folder / "evidence")
        took = time.perf_counter() - started
        peak = peak_rss_mib()
        started = time.perf_counter()
        report = audit.verify_chain(signed.database)
        verified = time.perf_counter() - started
        signed.database.close()
        size = (folder / "demo.sqlite3").stat().st_size / 2**20
    return {
        "time": took,
        "peak": peak,
        "verify": verified,
        "intact": report.intact,
        "entries": report.entries,
        "files": summary.files,
        "states": len(summary.states),
        "size": size,
        "inserts": summary.seconds,
    }


def _bare(count: int) -> dict[str, Any]:
    """``count`` applicants and applications with nothing else, in one executemany each."""
    with tempfile.TemporaryDirectory() as name:
        signed = _database(Path(name))
        started = time.perf_counter()
        with signed.database.session() as session:
            connection = session.connection()
            connection.exec_driver_sql(
                "INSERT INTO applicants (id, uid, hkid, residence_status, name_zh, surname_en, given_names_en, "
                "alias, chinese_commercial_code, phone, email, address, preferred_language, created_at, "
                "updated_at) VALUES (?, ?, ?, 'A', ?, 'CHAN', 'Tai Man', '', '', '', '', '', 'zh_HK', "
                "'2023-11-08 01:00:00.000000', '2023-11-08 01:00:00.000000')",
                [(i, f"applicant-{i}", f"A{i:06d}(0)", f"陳大文{i}") for i in range(1, count + 1)],
            )
            connection.exec_driver_sql(
                "INSERT INTO applications (id, uid, reference_no, applicant_id, station_code, status, "
                "application_date, created_by, created_at, updated_at, needs_reexport, residence_status, "
                "name_zh, surname_en, given_names_en, alias, chinese_commercial_code, phone, email, address, "
                "preferred_language) VALUES (?, ?, ?, ?, 'LT01', 'lodged', ?, 'demo', "
                "'2023-11-08 01:00:00.000000', '2023-11-08 01:00:00.000000', 0, 'A', ?, 'CHAN', 'Tai Man', "
                "'', '', '', '', '', 'zh_HK')",
                [
                    (i, f"case-{i}", f"LT01-20231108-{i:06d}", i, date(2023, 11, 8).isoformat(), f"陳大文{i}")
                    for i in range(1, count + 1)
                ],
            )
        took = time.perf_counter() - started
        signed.database.close()
    return {"time": took, "peak": peak_rss_mib()}


def _in_child(work: str, count: int) -> dict[str, Any]:
    # Not a multiprocessing.Pool: its workers are daemons, which may start no process of their own (the
    # demo's verdicts are decided in one).
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        result: dict[str, Any] = pool.submit(_demo if work == "demo" else _bare, count).result()
    return result


def run(largest: int = 100_000) -> None:
    sizes = sorted({min(10_000, largest), largest})
    print(f"{'what':<62} {'time':>9} {'peak RSS':>12}")
    for count in sizes:
        bare = _in_child("bare", count)
        print(
            f"{f'baseline: {count:,} bare applications, one executemany':<62} {bare['time']:7.1f} s {bare['peak']:8.0f} MiB"
        )
        demo = _in_child("demo", count)
        print(
            f"{f'demo: build_demo({count:,}) into an encrypted demo database':<62} {demo['time']:7.1f} s {demo['peak']:8.0f} MiB"
        )
        print(
            f"  {demo['states']} states, {demo['entries']:,} audit entries, {demo['files']} evidence files, "
            f"{demo['size']:.0f} MiB file; audit verify {'passes' if demo['intact'] else 'FAILS'} "
            f"in {demo['verify']:.1f} s"
        )
        keep(f"baseline: {count:,} bare applications, one executemany", bare["time"], memory_mib=bare["peak"])
        keep(
            f"demo: build_demo({count:,}) into an encrypted demo database",
            demo["time"],
            memory_mib=demo["peak"],
            note=f"{demo['entries']:,} audit entries; audit verify "
            f"{'passes' if demo['intact'] else 'FAILS'} in {demo['verify']:.1f} s; target < 60 s at 100,000: "
            + ("met" if count < 100_000 or demo["time"] < 60 else "MISSED"),
        )
        inserts = ", ".join(
            f"{table} {seconds:.1f}" for table, seconds in demo["inserts"].items() if seconds >= 0.1
        )
        print(f"  INSERTs (s): {inserts}")

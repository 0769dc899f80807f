"""Encryption at rest: each figure on an encrypted database beside the same work on a clear one, same run.

    python -m bench --only security [--applications 2000]

The encrypted database is opened with the raw data key (no key derivation here: what signing in
adds on top, the argon2 unwrapping, is measured by the sign-in's own benchmark). Targets from the
issue: opening under 0.3 s beyond the key derivation, lodging under 20 ms, the export no more than
20 % slower than on a clear database.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bench.report import keep

T = TypeVar("T")
LODGINGS = 40


def _seconds(work: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _form(database: object, number: int) -> object:
    from sqlalchemy import select

    from assessor_app.core.db.database import Database
    from assessor_app.core.db.models.cases import EventRecord
    from assessor_app.core.db.models.catalogue import QualificationRecord
    from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry
    from assessor_app.core.domain.hkid import check_digit

    assert isinstance(database, Database)
    with database.session() as session:
        event_id = session.scalars(select(EventRecord.id).order_by(EventRecord.id)).first()
        qualification = session.scalars(
            select(QualificationRecord.id).order_by(QualificationRecord.id)
        ).first()
    assert qualification is not None
    digits = f"{900000 + number:06d}"
    return ApplicationForm(
        event_id=event_id,
        name_zh="測試者",
        surname_en="bench",
        given_names_en="Mark",
        hkid=f"Y{digits}{check_digit('Y', digits)}",
        residence_status="A",
        date_of_birth="15/03/1985",
        phone="9123 4567",
        address="香港大嶼山東涌富東邨富東樓 1 號",
        preferred_language="zh_HK",
        hkid_original_seen=True,
        employment=[
            EmploymentEntry(
                employer="Asia Cargo Terminal Ltd",
                post="Cargo handler",
                industry="Logistics",
                start="2015-04-01",
                end="2021-12-31",
                proof_status="original_seen",
                relevant_to=[qualification],
            )
        ],
        qualification_ids=[qualification],
        pics_acknowledged=True,
    )


def _lodge_ms(database: object) -> dict[str, float]:
    """Medians (ms) over ``LODGINGS`` applications: one lodging's wall clock, its CPU, and its floors.

    Each is lodged from its saved draft, as the intake page lodges (the draft is saved while the clerk
    types, before the clock starts). The CPU figure (this thread's) leaves out the waits: fsync, and the
    other programs a shared machine runs. Two floors are timed beside each lodging, so all see the same
    load: saving the draft (one fsync'd commit, WAL, synchronous FULL: what any confirmed save costs),
    and a transaction that only appends one audit entry (that commit and the anchor file written beside
    the database: a temporary file fsynced, renamed, the folder fsynced, docs/audit-trail.md). No lodging
    goes under the second without weakening durability or the audit.
    """
    from assessor_app.core.db.database import Database
    from assessor_app.core.domain.application_form import ApplicationForm
    from assessor_app.core.services import audit
    from assessor_app.core.services.demo.event import CLERK
    from assessor_app.core.services.intake.lodging import lodge_application, save_draft

    assert isinstance(database, Database)
    times: dict[str, list[float]] = {"lodge": [], "lodge_cpu": [], "commit": [], "audited_commit": []}
    for number in range(LODGINGS):
        form = _form(database, number)
        assert isinstance(form, ApplicationForm)
        uid = f"bench-draft-{number}"
        started = time.perf_counter()
        save_draft(database, uid, form)
        times["commit"].append((time.perf_counter() - started) * 1000)
        started, started_cpu = time.perf_counter(), time.thread_time()
        lodge_application(database, form, draft_uid=uid, operator=CLERK)  # the demo's clerk
        times["lodge"].append((time.perf_counter() - started) * 1000)
        times["lodge_cpu"].append((time.thread_time() - started_cpu) * 1000)
        started = time.perf_counter()
        with database.session() as session:
            audit.record(session, actor="bench", entity="bench", entity_uid=uid, action="floor")
        times["audited_commit"].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def run(applications: int) -> None:
    from sqlalchemy import update

    from assessor_app.core.db.database import open_database
    from assessor_app.core.db.models.cases import ApplicationRecord
    from assessor_app.core.services.demo.promotion_day import generate_demo
    from assessor_app.core.services.sync.export import export_batch

    figures: dict[str, dict[str, float]] = {"clear": {}, "encrypted": {}}
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        for kind in ("clear", "encrypted"):
            key = os.urandom(32) if kind == "encrypted" else None
            path = folder / f"{kind}.sqlite3"
            open_database(path, key=key).close()
            figures[kind]["open"], database = _seconds(lambda: open_database(path, create=False, key=key))  # noqa: B023
            generate_demo(database, applications=applications)
            figures[kind].update(_lodge_ms(database))
            with database.session() as session:
                session.execute(
                    update(ApplicationRecord)
                    .where(ApplicationRecord.status == "lodged")
                    .values(status="signed_off")
                )
            figures[kind]["export"], _ = _seconds(
                lambda: export_batch(database, folder / f"{kind}.xlsx", actor="syleung")  # noqa: B023
            )
            database.close()
    clear, encrypted = figures["clear"], figures["encrypted"]
    print(
        f"{'security: what (' + format(applications, ',') + ' demo applications)':<58} {'clear':>10} {'encrypted':>10}"
    )

    def row(label: str, name: str, unit: str, scale: float, target: str) -> None:
        print(
            f"{label:<58} {clear[name] * scale:8.1f} {unit} {encrypted[name] * scale:8.1f} {unit}   {target}"
        )
        # In seconds for the report (the figures are in the printed unit once scaled); clear is the baseline.
        to_seconds = scale / 1000 if unit.strip() == "ms" else scale
        keep(f"{label.strip()}, baseline: clear database", clear[name] * to_seconds)
        keep(f"{label.strip()}, encrypted database", encrypted[name] * to_seconds, note=target)

    row(
        "open_database: reopen (raw key, no derivation)",
        "open",
        "ms",
        1000,
        "target < 300 ms beyond derivation: " + ("met" if encrypted["open"] < 0.3 else "MISSED"),
    )
    slowest = max(clear["lodge"], encrypted["lodge"])
    row(
        f"lodge one application from its draft (median of {LODGINGS})",
        "lodge",
        "ms",
        1,
        "target < 20 ms: " + ("met" if slowest < 20 else "MISSED"),
    )
    row("  ... of which CPU (this thread; the rest is waiting)", "lodge_cpu", "ms", 1, "")
    row("  ... floor: saving a draft (one fsync'd commit)", "commit", "ms", 1, "beside each lodging")
    row(
        "  ... floor: one audit entry (that commit + the anchor)",
        "audited_commit",
        "ms",
        1,
        "beside each lodging",
    )
    slower = encrypted["export"] / clear["export"] - 1
    row(
        "export the demo batch (export_batch)",
        "export",
        "s ",
        1,
        f"encrypted {slower:+.0%} vs clear, target <= +20 %: " + ("met" if slower <= 0.20 else "MISSED"),
    )

"""The acknowledgement slip and the assessment report as PDFs, beside the floor of any one-page PDF.

    python -m bench --only documents

The floor is a one-page reportlab PDF of one line in the bundled CJK font, drawn on a bare canvas (no
layout): what any PDF costs here. The slip is printed as the intake page prints it after each lodging
(the data read from the database, drawn, saved atomically); the report as the case view prints it.
Median of 20, the first run of each (fonts loading) left out. Target (issue 16): a slip under 100 ms.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.report import record

RUNS = 20
GROUP = "documents (median of 20, after the first)"


def _median(work: Callable[[int], object]) -> float:
    work(-1)  # fonts registered, modules imported: as every slip after the first of the day
    times = []
    for number in range(RUNS):
        started = time.perf_counter()
        work(number)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(applications: int) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from assessor_app.core.db.database import open_database
    from assessor_app.core.services.cases.listing import list_cases
    from assessor_app.core.services.demo.promotion_day import generate_demo
    from assessor_app.core.services.documents.fonts import PRIMARY_FONT, register_fonts
    from assessor_app.core.services.documents.report import render_assessment_report
    from assessor_app.core.services.documents.slip import render_slip
    from assessor_app.core.services.documents.slip_data import build_slip_data

    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        database = open_database(folder / "documents.sqlite3")
        try:
            generate_demo(database, applications=applications)
            case = next(row for row in list_cases(database) if row.reference_no)
            reference = case.reference_no
            assert reference is not None
            register_fonts()

            def floor(number: int) -> None:
                canvas = Canvas(str(folder / f"floor-{number}.pdf"))
                canvas.setFont(PRIMARY_FONT, 12)
                canvas.drawString(72, 720, f"{case.applicant_name_zh} {reference}")
                canvas.save()

            def slip(number: int) -> None:
                render_slip(build_slip_data(database, reference), folder / f"slip-{number}.pdf")

            def report(number: int) -> None:
                render_assessment_report(
                    database, folder / "evidence", case.application_id, folder / f"r-{number}.pdf"
                )

            floor_time, slip_time, report_time = _median(floor), _median(slip), _median(report)
        finally:
            database.close()
    record(GROUP, "baseline: a one-page PDF of one line in the CJK font (bare canvas)", floor_time)
    record(
        GROUP,
        "acknowledgement slip: read, drawn, saved",
        slip_time,
        note=f"{slip_time / floor_time:.1f}× the floor; target < 100 ms: "
        + ("met" if slip_time < 0.1 else "MISSED"),
    )
    record(
        GROUP,
        "assessment report: read, drawn, saved",
        report_time,
        note=f"{report_time / floor_time:.1f}× the floor",
    )

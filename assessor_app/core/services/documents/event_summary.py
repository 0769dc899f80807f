"""The end-of-day summary of one event (活動總結) as a bilingual A4 PDF: figures only, nobody's particulars.

For the agency's report and the hand-over to the office: the event (name, venue, date, agency, stations),
the key figures, applications per hour as a bar chart (reportlab graphics) and as a table, and the counts
by qualification and level, state, route and station, each as
:mod:`~assessor_app.core.services.cases.event_dashboard` computes them. No name, HKID or reference number
of any applicant is printed (``docs/dashboard.md``). Laid out and written atomically by the shared
document layer (``documents/layout.py``); read-only on the database.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from assessor_app.core.db.database import Database
from assessor_app.core.services.cases.event_dashboard import EventDashboard, event_dashboard, find_event
from assessor_app.core.services.documents.fonts import PRIMARY_FONT
from assessor_app.core.services.documents.layout import (
    ACCENT,
    FOOTER_LABELS,
    INK,
    MUTED,
    RULE,
    BilingualLayout,
    DocumentKind,
    RenderedPdf,
    save_pdf,
)
from assessor_app.core.services.documents.report_labels import CASE_STATUS_LABELS, ROUTE_LABELS

SUMMARY = DocumentKind(
    title="End-of-day summary 活動總結",
    subject="RPL promotion day summary 過往資歷認可推廣日總結",
    name_en="end-of-day summary",
    name_zh="活動總結",
    unwritable_code="event_summary_unwritable",
)

SUMMARY_LABELS: dict[str, tuple[str, str]] = {
    "title": ("活動總結", "End-of-day summary"),
    "event": ("活動", "Event"),
    "name": ("名稱", "Name"),
    "code": ("活動代號", "Event code"),
    "date": ("日期", "Date"),
    "host": ("主辦機構", "Host"),
    "venue": ("地點", "Venue"),
    "agency": ("評估機構", "Agency"),
    "stations": ("工作站", "Stations"),
    "figures": ("主要數字", "Key figures"),
    "cases": ("在此活動遞交的申請", "Applications lodged at this event"),
    "on_event_day": ("於活動當日遞交", "of which lodged on the event's day"),
    "on_other_days": ("於其他日子遞交", "of which lodged on other days"),
    "qualifications_applied": ("申請的資歷（項）", "Qualifications applied for"),
    "fees": ("申請費用合計", "Fees, total"),
    "without_fee": ("沒有費用資料的申請", "Forms with no fee on record"),
    "open_drafts": ("未完成的草稿", "Drafts still open"),
    "outstanding": ("尚欠的證明文件", "Documents outstanding"),
    "outstanding_value": ("{items} 份，涉及 {cases} 宗申請", "{items} on {cases} applications"),
    "per_hour": ("每小時遞交的申請（香港時間）", "Applications per hour (Hong Kong time)"),
    "hour": ("時段", "Hour"),
    "count": ("申請", "Applications"),
    "axis_hour": ("時段（香港時間）", "Hour (Hong Kong time)"),
    "axis_count": ("申請數目", "Applications"),
    "by_qualification": ("按資歷", "By qualification"),
    "qualification": ("資歷", "Qualification"),
    "level": ("資歷級別", "QF level"),
    "fee_share": ("費用（按份數攤分）", "Fees (shared per form)"),
    "by_level": ("按資歷級別", "By QF level"),
    "by_state": ("按個案狀態", "By state"),
    "state": ("狀態", "State"),
    "by_route": ("按評審途徑", "By route"),
    "route": ("途徑", "Route"),
    "route_undecided": ("尚未決定", "Not decided yet"),
    "by_station": ("按工作站", "By station"),
    "station": ("工作站", "Station"),
    "no_station": ("（未有代號）", "(no code)"),
    "fee": ("費用", "Fees"),
    "none": ("沒有", "None"),
    "total": ("合計", "Total"),
    "privacy": (
        "本總結只載有統計數字，不包含任何申請人的姓名、身份證號碼或參考編號。",
        "This summary holds figures only: no applicant's name, HKID or reference number.",
    ),
    **FOOTER_LABELS,
}

CHART_HEIGHT_MM = 62


def money(amount: float) -> str:
    return f"HK${amount:,.0f}"


class _SummaryLayout(BilingualLayout):
    def __init__(self, dashboard: EventDashboard, printed_at: datetime | None) -> None:
        super().__init__(
            SUMMARY_LABELS, printed_at=printed_at, footer_left=SUMMARY.footer(dashboard.event.code)
        )
        self.d = dashboard
        self.figure = self.style("figure", 11)
        # A section heading never ends a page on its own.
        self.heading = self.style(
            "summary_heading", 11, spaceBefore=6, spaceAfter=2, textColor=ACCENT, keepWithNext=1
        )
        self.number = self.style("number", 9, alignment=2)

    def pair(self, zh: str, en: str) -> Any:
        return self.bilingual(zh, en, self.cell, second_size=8)

    def count_table(self, width: float, heads: list[str], rows: list[list[Any]], widths: list[float]) -> Any:
        """A ruled table: stacked bilingual heads, then ``rows`` (numbers right-aligned by the caller)."""
        from reportlab.platypus import Table

        body: list[list[Any]] = [[self.stacked(key, self.cell_head) for key in heads]]
        extra: list[Any] = []
        if rows:
            body += rows
        else:
            body.append([self.p(self.label("none"), self.cell), *([""] * (len(heads) - 1))])
            extra.append(("SPAN", (0, 1), (-1, 1)))
        table = Table(body, colWidths=[share * width for share in widths], repeatRows=1)
        table.setStyle(self.grid_style(extra=extra))
        return table

    def n(self, value: int | float | str) -> Any:
        return self.p(f"{value:,}" if isinstance(value, int) else str(value), self.number)

    def event_block(self, width: float) -> list[Any]:
        event = self.d.event
        stations = ", ".join(row.station_code or self.label("no_station") for row in self.d.stations)
        rows = [
            [*self.label_value("name", event.name), *self.label_value("code", event.code)],
            [
                *self.label_value("date", event.event_date.isoformat()),
                *self.label_value("stations", stations),
            ],
            [*self.label_value("host", event.host_organisation), *self.label_value("venue", event.venue)],
        ]
        label_width = 0.14 * width
        return [
            self.section("event"),
            self.label_grid(rows, [label_width, 0.36 * width, label_width, 0.36 * width]),
        ]

    def figures(self, width: float) -> list[Any]:
        d = self.d
        zh, en = SUMMARY_LABELS["outstanding_value"]
        outstanding = self.two_lines(
            zh.format(items=d.documents_outstanding, cases=d.cases_with_outstanding),
            en.format(items=d.documents_outstanding, cases=d.cases_with_outstanding),
            self.value,
        )
        pairs: list[tuple[str, Any]] = [
            ("cases", f"{d.cases:,}"),
            ("on_event_day", f"{d.lodged_on_event_day:,}"),
            ("qualifications_applied", f"{d.qualifications_applied:,}"),
            ("fees", money(d.fee_total_hkd)),
            ("open_drafts", f"{d.open_drafts:,}"),
            ("outstanding", outstanding),
        ]
        if d.lodged_on_other_days:
            pairs.insert(2, ("on_other_days", f"{d.lodged_on_other_days:,}"))
        if d.forms_without_fee:
            pairs.append(("without_fee", f"{d.forms_without_fee:,}"))
        if len(pairs) % 2:
            pairs.append(("", ""))
        rows = []
        for left, right in zip(pairs[::2], pairs[1::2], strict=True):
            cells: list[Any] = []
            for key, value in (left, right):
                shown = value if not isinstance(value, str) else self.p(value, self.figure)
                cells += [self.stacked(key, self.cell_head), shown] if key else ["", ""]
            rows.append(cells)
        return [self.section("figures"), self.label_grid(rows, [0.27 * width, 0.23 * width] * 2)]

    def chart(self, width: float) -> Any:
        """Applications per hour as bars, with both axes labelled in Chinese and English."""
        from reportlab.graphics.charts.barcharts import VerticalBarChart
        from reportlab.graphics.shapes import Drawing, Group, String
        from reportlab.lib.colors import HexColor

        series = self.d.hour_series()
        height = CHART_HEIGHT_MM * self.mm
        drawing = Drawing(width, height)
        chart = VerticalBarChart()
        chart.x, chart.y = 42, 34
        chart.width, chart.height = width - 52, height - 44
        chart.data = [[row.count for row in series] or [0]]
        chart.categoryAxis.categoryNames = [self.d.hour_label(row) for row in series] or [""]
        chart.bars[0].fillColor = HexColor(ACCENT)
        chart.bars[0].strokeColor = None
        chart.valueAxis.valueMin = 0
        top = max((row.count for row in series), default=0)
        step = max(1, -(-top // 5))
        chart.valueAxis.valueStep = step
        chart.valueAxis.valueMax = max(step * 5, step)
        chart.valueAxis.gridStrokeColor = HexColor(RULE)
        chart.valueAxis.visibleGrid = True
        for axis in (chart.valueAxis, chart.categoryAxis):
            axis.labels.fontName = PRIMARY_FONT
            axis.labels.fontSize = 7.5
            axis.labels.fillColor = HexColor(INK)
            axis.strokeColor = HexColor(MUTED)
        if len(self.d.days) > 1:
            chart.categoryAxis.labels.angle = 45
            chart.categoryAxis.labels.boxAnchor = "ne"
        drawing.add(chart)
        drawing.add(
            String(
                chart.x + chart.width / 2,
                4,
                self.label("axis_hour"),
                fontName=PRIMARY_FONT,
                fontSize=8,
                fillColor=HexColor(MUTED),
                textAnchor="middle",
            )
        )
        axis_count = String(
            0, 0, self.label("axis_count"), fontName=PRIMARY_FONT, fontSize=8, fillColor=HexColor(MUTED)
        )
        axis_count.textAnchor = "middle"
        turned = Group(axis_count)
        turned.rotate(90)
        turned.translate(chart.y + chart.height / 2, -10)
        drawing.add(turned)
        return drawing

    def per_hour(self, width: float) -> list[Any]:
        from reportlab.platypus import KeepTogether

        rows = [
            [self.p(self.d.hour_label(row) + ":00", self.cell), self.n(row.count)] for row in self.d.by_hour
        ]
        table = self.count_table(width * 0.4, ["hour", "count"], rows, [0.6, 0.4])
        return [KeepTogether([self.section("per_hour"), self.chart(width)]), table]

    def by_qualification(self, width: float) -> list[Any]:
        rows = [
            [
                self.pair(row.title_zh, row.title_en),
                self.n(row.qf_level),
                self.n(row.applications),
                self.n(money(row.fee_share_hkd)),
            ]
            for row in self.d.qualifications
        ]
        return [
            self.section("by_qualification"),
            self.count_table(
                width, ["qualification", "level", "count", "fee_share"], rows, [0.58, 0.12, 0.12, 0.18]
            ),
        ]

    def small_tables(self, width: float) -> list[Any]:
        levels = [
            [self.p(f"QF L{row.qf_level}", self.cell), self.n(row.applications)] for row in self.d.by_level
        ]
        states = [
            [self.pair(*CASE_STATUS_LABELS.get(row.status, (row.status, row.status))), self.n(row.count)]
            for row in self.d.by_state
        ]
        routes = [
            [
                self.pair(
                    *(
                        ROUTE_LABELS.get(row.route, (row.route, row.route))
                        if row.route
                        else SUMMARY_LABELS["route_undecided"]
                    )
                ),
                self.n(row.count),
            ]
            for row in self.d.by_route
        ]
        stations = [
            [
                self.p(row.station_code or self.label("no_station"), self.cell),
                self.n(row.cases),
                self.n(money(row.fee_hkd)),
            ]
            for row in self.d.stations
        ]
        half = width * 0.485
        return [
            self.side_by_side(
                width,
                [self.section("by_state"), self.count_table(half, ["state", "count"], states, [0.7, 0.3])],
                [
                    self.section("by_level"),
                    self.count_table(half, ["level", "count"], levels, [0.7, 0.3]),
                    self.section("by_route"),
                    self.count_table(half, ["route", "count"], routes, [0.7, 0.3]),
                    self.section("by_station"),
                    self.count_table(half, ["station", "count", "fee"], stations, [0.4, 0.25, 0.35]),
                ],
            )
        ]

    def side_by_side(self, width: float, left: list[Any], right: list[Any]) -> Any:
        from reportlab.platypus import Table, TableStyle

        table = Table([[left, right]], colWidths=[width * 0.5, width * 0.5])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), PRIMARY_FONT, 9),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, -1), width * 0.015),
                    ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ]
            )
        )
        return table

    def story(self, width: float) -> list[Any]:
        event = self.d.event
        zh, en = SUMMARY_LABELS["privacy"]
        return [
            self.banner(width, agency_zh=event.agency_name_zh, agency_en=event.agency_name_en),
            *self.event_block(width),
            *self.figures(width),
            *self.per_hour(width),
            *self.by_qualification(width),
            *self.small_tables(width),
            self.two_lines(zh, en, self.small),
        ]


def render_summary(
    dashboard: EventDashboard, out: Path, *, printed_at: datetime | None = None
) -> RenderedPdf:
    """Print ``dashboard`` to ``out`` (A4 PDF, atomically); ``AppError(code="event_summary_unwritable")`` when
    the file cannot be written (nothing is left behind)."""
    layout = _SummaryLayout(dashboard, printed_at)
    author = dashboard.event.agency_name_en or dashboard.event.agency_name_zh
    return save_pdf(layout, layout.story, Path(out), SUMMARY, reference=dashboard.event.code, author=author)


def render_event_summary(
    database: Database, event_code: str, out: Path, *, printed_at: datetime | None = None
) -> RenderedPdf:
    """The figures of the event ``event_code`` read now, printed to ``out`` (:func:`render_summary`)."""
    dashboard = event_dashboard(database, find_event(database, code=event_code))
    return render_summary(dashboard, out, printed_at=printed_at)

"""The dashboard's table of counts: one row per qualification, QF level, state, route and station."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt

from assessor_app.core.services.cases.event_dashboard import EventDashboard
from assessor_app.ui.labels import route_label, status_label
from assessor_app.ui.models.row_table_model import Column, RowTableModel

NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
QUALIFICATION, LEVEL, STATE, ROUTE, STATION = "qualification", "level", "state", "route", "station"


@dataclass(frozen=True)
class CountRow:
    """One line of the table: what is counted (``group``, ``item``), how many, and the fees if they apply."""

    position: int
    group: str
    item: str | int | None  # a qualification id, a level, a status or route code, a station code
    count: int
    fee_hkd: float | None
    title: tuple[str, str, int] | None = None  # a qualification's Chinese and English titles and level


def count_rows(dashboard: EventDashboard) -> list[CountRow]:
    """Every count of ``dashboard`` as rows, in the dashboard's order, group after group."""
    rows: list[tuple[str, str | int | None, int, float | None, tuple[str, str, int] | None]] = [
        (
            QUALIFICATION,
            q.qualification_id,
            q.applications,
            q.fee_share_hkd,
            (q.title_zh, q.title_en, q.qf_level),
        )
        for q in dashboard.qualifications
    ]
    rows += [(LEVEL, level.qf_level, level.applications, None, None) for level in dashboard.by_level]
    rows += [(STATE, state.status, state.count, None, None) for state in dashboard.by_state]
    rows += [(ROUTE, route.route, route.count, None, None) for route in dashboard.by_route]
    rows += [(STATION, s.station_code, s.cases, float(s.fee_hkd), None) for s in dashboard.stations]
    return [CountRow(position, *row) for position, row in enumerate(rows)]


def group_label(group: str) -> str:
    labels = {
        QUALIFICATION: QCoreApplication.translate("DashboardCounts", "Qualification"),
        LEVEL: QCoreApplication.translate("DashboardCounts", "QF level"),
        STATE: QCoreApplication.translate("DashboardCounts", "State"),
        ROUTE: QCoreApplication.translate("DashboardCounts", "Route"),
        STATION: QCoreApplication.translate("DashboardCounts", "Station"),
    }
    return labels[group]


class DashboardCountsModel(RowTableModel[CountRow]):
    """Read-only; ``language`` picks the qualification titles' language."""

    language = "zh_HK"

    def item_text(self, row: CountRow) -> str:
        """A qualification's title and level; any other row prefixed with what it counts ("State: Lodged")."""
        if row.title is not None:
            title_zh, title_en, level = row.title
            title = title_zh if self.language.startswith("zh") and title_zh else title_en
            return f"{title} (L{level})"
        if row.group == LEVEL:
            item = f"L{row.item}"
        elif row.group == STATE:
            item = status_label(str(row.item))
        elif row.group == ROUTE:
            item = route_label(None if row.item is None else str(row.item))
        else:
            item = str(row.item) or QCoreApplication.translate("DashboardCounts", "(no code)")
        return QCoreApplication.translate("DashboardCounts", "{group}: {item}").format(
            group=group_label(row.group), item=item
        )

    def columns(self) -> list[Column[CountRow]]:
        return [
            Column("item", self.item_text, lambda row: row.position),
            Column("count", lambda row: f"{row.count:,}", lambda row: row.count, NUMBER),
            Column(
                "fee",
                lambda row: "" if row.fee_hkd is None else f"HK${row.fee_hkd:,.0f}",
                lambda row: row.fee_hkd or 0,
                NUMBER,
            ),
        ]

    def headers(self) -> list[str]:
        return [self.tr("Counted by"), self.tr("Applications"), self.tr("Fees")]

    def record_id(self, row: CountRow) -> int:
        return row.position

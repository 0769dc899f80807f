"""The promotion-day dashboard on the Intake page: any event's figures, its hour chart, the summary PDF.

It follows the event chosen for intake (``follow``) and can show any other one from its own picker; the
figures are ``core/services/cases/event_dashboard.py``'s, which count what was lodged *at this event*,
whenever (never "today"). The figures are read on the task queue (``ui/tasks.py``): a few SQL aggregates,
tens of milliseconds for a promotion day, but a big event of 10,000 cases at 100,000 takes ~150 ms
(``bench/dashboard.py``), and queued there a read after a lodge always sees it. The end-of-day summary PDF
is written on the worker thread too, through ``ui/pdf_output.py``, as the slip is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.db import scratch
from assessor_app.core.errors import AppError
from assessor_app.core.services.cases.event_dashboard import EventDashboard, event_dashboard
from assessor_app.core.services.documents.event_summary import render_summary
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.intake.lodging import EventRow
from assessor_app.ui import messages, tasks
from assessor_app.ui.context import UiContext
from assessor_app.ui.dashboard.counts_model import DashboardCountsModel, count_rows
from assessor_app.ui.dashboard.hour_chart import HourChart
from assessor_app.ui.elided import ElidedComboBox
from assessor_app.ui.pages.base import hint_label, list_table
from assessor_app.ui.pdf_output import PdfOutput, suggested_path

FIGURES = ("cases", "event_day", "qualifications", "fees", "drafts", "outstanding")


class EventDashboardPanel(QWidget):
    """One event's figures; ``summary_saved`` carries the path of each end-of-day summary written."""

    summary_saved = Signal(object)

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("event_dashboard")
        self.context = context
        self.events: list[EventRow] = []
        self.dashboard: EventDashboard | None = None
        self._stale = True
        self._follow: int | None = None
        self._reading = 0  # which read's figures to show: an older one arriving late is dropped
        self.event_label = QLabel()
        self.event_combo = ElidedComboBox()  # the side panel is narrower than an event's long name
        self.event_combo.setObjectName("dashboard_event_combo")
        self.event_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.event_combo.setMinimumContentsLength(16)
        self.event_label.setBuddy(self.event_combo)
        self.details = hint_label("dashboard_details")
        self.captions: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        figures = QGridLayout()
        figures.setHorizontalSpacing(8)
        figures.setVerticalSpacing(6)
        for index, key in enumerate(FIGURES):
            figures.addWidget(self._figure_box(key), index // 2, index % 2)
        self.chart_title = QLabel()
        self.chart_title.setObjectName("dashboard_chart_title")
        self.chart = HourChart()
        self.counts_model = DashboardCountsModel(self)
        self.counts_table = list_table("dashboard_counts")
        self.counts_table.setModel(self.counts_model)
        self.counts_table.setSortingEnabled(False)
        self.counts_table.setWordWrap(True)
        self.counts_table.verticalHeader().hide()
        self.counts_table.setMinimumHeight(260)
        header = self.counts_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # A long title wraps onto a second line rather than being cut short.
        self.counts_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.note = hint_label("dashboard_note")
        self.save_button = QPushButton()
        self.save_button.setObjectName("save_summary_button")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("refresh_dashboard_button")
        self.status = hint_label("dashboard_status")
        self.output = PdfOutput(
            self,
            started=lambda: self.status.setText(self.tr("Preparing the summary…")),
            done=self._saved,
            failed=self._failed,
            no_printer=lambda: None,  # the summary is saved, never printed from here
            printed=lambda _result: None,
            print_folder=lambda: scratch.viewer_folder(self.context.database.path),
        )

        content = QWidget()
        layout = QVBoxLayout(content)
        picker = QHBoxLayout()
        picker.addWidget(self.event_label)
        picker.addWidget(self.event_combo, 1)
        layout.addLayout(picker)
        layout.addWidget(self.details)
        layout.addLayout(figures)
        layout.addWidget(self.chart_title)
        layout.addWidget(self.chart)
        layout.addWidget(self.counts_table, 1)
        layout.addWidget(self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.output.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)

        self.event_combo.currentIndexChanged.connect(lambda _index: self.show_event())
        self.save_button.clicked.connect(lambda: self.save_summary())
        self.refresh_button.clicked.connect(self.refresh)
        self.retranslate()

    def _figure_box(self, key: str) -> QFrame:
        box = QFrame()
        box.setObjectName(f"figure_box_{key}")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        caption = QLabel()
        caption.setObjectName(f"figure_caption_{key}")
        caption.setWordWrap(True)
        value = QLabel()
        value.setObjectName(f"figure_{key}")
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(value.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        value.setFont(font)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(6, 4, 6, 4)
        inner.setSpacing(1)
        inner.addWidget(caption)
        inner.addWidget(value)
        self.captions[key] = caption
        self.values[key] = value
        return box

    # --- which event ------------------------------------------------------------------------------

    def current_event(self) -> EventRow | None:
        event_id = self.event_combo.currentData()
        return next((event for event in self.events if event.id == event_id), None)

    def follow(self, event_id: int | None) -> None:
        """Show the event chosen for intake at the next :meth:`refresh` (the picker can then show another)."""
        self._follow = event_id
        self._stale = True

    def refresh(self) -> None:
        """Read the events and the shown event's figures again (after a lodge, say)."""
        if not self.isVisible():
            self._stale = True  # read when shown: the figures cost nothing while nobody looks
            return
        wanted = self._follow if self._follow is not None else self.event_combo.currentData()
        self._follow = None
        self.events = lodging.list_events(self.context.database)
        self.event_combo.blockSignals(True)
        try:
            self.event_combo.clear()
            for event in self.events:
                self.event_combo.addItem(
                    f"{event.event_date:%Y-%m-%d}  {event.name}  ({event.code})", event.id
                )
            self.event_combo.setPlaceholderText(self.tr("Choose an event"))
            self.event_combo.setCurrentIndex(self.event_combo.findData(wanted) if wanted is not None else -1)
        finally:
            self.event_combo.blockSignals(False)
        self.show_event()

    def show_event(self) -> None:
        """Read the chosen event's figures in the background and show them when they come."""
        event = self.current_event()
        self._stale = False
        self._reading += 1
        if event is None:
            self.dashboard = None
            self.show_figures()
            return
        reading, database = self._reading, self.context.database
        self.save_button.setEnabled(False)  # until these figures are in: never save the previous event's
        tasks.run_in_background(
            lambda _control: event_dashboard(database, event),
            on_success=lambda figures: self._read(reading, figures),
            on_error=self._failed,
            parent=self,
        )

    def _read(self, reading: int, figures: EventDashboard) -> None:
        if reading == self._reading:
            self.dashboard = figures
            self.show_figures()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # --- what is shown ----------------------------------------------------------------------------

    def show_figures(self) -> None:
        d = self.dashboard
        self.save_button.setEnabled(d is not None)
        if d is None:
            self.details.setText(self.tr("No event chosen."))
            for value in self.values.values():
                value.setText("—")
            self.chart.set_hours([], [])
            self.counts_model.set_rows([])
            self.note.hide()
            return
        event = d.event
        stations = ", ".join(row.station_code or self.tr("(no code)") for row in d.stations)
        place = " · ".join(part for part in (event.host_organisation, event.venue) if part)
        self.details.setText(
            " · ".join(
                part
                for part in (
                    f"{event.event_date:%Y-%m-%d}",
                    place,
                    self.tr("Stations: {stations}").format(stations=stations) if stations else "",
                )
                if part
            )
        )
        fees = f"HK${d.fee_total_hkd:,}"
        if d.forms_without_fee:
            fees += "\n" + self.tr("%n form(s) with no fee", "", d.forms_without_fee)
        texts = {
            "cases": f"{d.cases:,}",
            "event_day": f"{d.lodged_on_event_day:,}",
            "qualifications": f"{d.qualifications_applied:,}",
            "fees": fees,
            "drafts": f"{d.open_drafts:,}",
            "outstanding": self.tr("{items} on {cases} cases").format(
                items=f"{d.documents_outstanding:,}", cases=f"{d.cases_with_outstanding:,}"
            ),
        }
        for key, text in texts.items():
            self.values[key].setText(text)
        series = d.hour_series()
        self.chart.set_hours(series, [d.hour_label(row) for row in series])
        self.counts_model.set_rows(count_rows(d))
        notes = [self.tr("Fees by qualification: each form's fee shared equally among its qualifications.")]
        if d.lodged_on_other_days:
            notes.insert(
                0,
                self.tr(
                    "%n case(s) lodged at this event on another day than the event's.",
                    "",
                    d.lodged_on_other_days,
                ),
            )
        self.note.setText("\n".join(notes))
        self.note.show()

    # --- the end-of-day summary -------------------------------------------------------------------

    def save_summary(self, path: Path | None = None) -> None:
        """Write the shown event's end-of-day summary PDF where the user chooses (or to ``path``)."""
        dashboard = self.dashboard
        if dashboard is None:
            return
        self.output.save(
            lambda out: render_summary(dashboard, out),
            suggested_path(f"{dashboard.event.code}-summary.pdf"),
            self.tr("Save the end-of-day summary as PDF"),
            path,
        )

    def _saved(self, _rendered: object) -> None:
        path = self.output.open_button.path
        self.status.setText(self.tr("Summary saved: {path}").format(path=path))
        self.summary_saved.emit(path)

    def _failed(self, exc: BaseException) -> None:
        """A read or a save failed: a known problem (a locked database, an unwritable folder) in words."""
        if isinstance(exc, AppError):
            self.status.setText(exc.message(self.context.language))
            messages.known_problem(self, exc, self.context.language)
        else:
            self.status.setText(self.tr("An unexpected error: see the report."))
            tasks.show_error(exc)

    def retranslate(self) -> None:
        self.event_label.setText(self.tr("Event"))
        captions = {
            "cases": self.tr("Lodged at this event"),
            "event_day": self.tr("of them on the event's day"),
            "qualifications": self.tr("Qualifications applied for"),
            "fees": self.tr("Fees"),
            "drafts": self.tr("Drafts still open"),
            "outstanding": self.tr("Documents outstanding"),
        }
        for key, caption in captions.items():
            self.captions[key].setText(caption)
        self.chart_title.setText(self.tr("Applications per hour (Hong Kong time)"))
        self.save_button.setText(self.tr("Save end-of-day summary (PDF)…"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.counts_model.language = self.context.language
        self.counts_model.retranslate()
        self.chart.update()
        self.show_figures()

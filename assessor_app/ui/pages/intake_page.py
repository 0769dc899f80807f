"""Intake: today's promotion day at a glance (the full intake form replaces this page)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from assessor_app.core.services.cases import EventSummary, events_on
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.base import Page, heading_label, hint_label


class IntakePage(Page):
    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("page_intake")
        self._events: list[EventSummary] = []
        self.heading = heading_label("intake_heading")
        self.summary = QLabel()
        self.summary.setObjectName("intake_summary")
        self.summary.setWordWrap(True)
        self.hint = hint_label("intake_hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Intake"))
        self.hint.setText(
            self.tr("Taking applications on a promotion day is set up in the Intake feature, coming next.")
        )
        self._show()

    def refresh(self) -> None:
        self._events = events_on(self.context.database, date.today())
        self._show()

    def _show(self) -> None:
        if not self._events:
            self.summary.setText(
                self.tr("No promotion day is recorded for today ({day}).").format(day=date.today())
            )
            return
        lines = []
        for event in self._events:
            place = ", ".join(part for part in (event.host_organisation, event.venue) if part)
            line = self.tr("Today: {name} ({code}), {place}. Applications taken: {count}").format(
                name=event.name, code=event.code, place=place or "-", count=event.application_count
            )
            lines.append(line)
        self.summary.setText("\n".join(lines))

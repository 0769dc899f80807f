"""The Cases page's filters: event, station, application dates, state, industry, level, route, assessor.

Each change emits ``filter_changed``; :meth:`CaseFilterBar.chosen` gives the core's :class:`CaseFilter`
(the page adds the search text and "needs my action"). The lists come from the data held
(:func:`case_filters.filter_choices`) and keep what was chosen when they are filled again.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QGridLayout, QLabel, QPushButton, QWidget

from assessor_app.core.domain.enums import CaseStatus, Route
from assessor_app.core.services.cases.case_filters import CaseFilter, Choice, FilterChoices
from assessor_app.ui import i18n
from assessor_app.ui.labels import route_labels, status_labels

NO_DATE = QDate(2000, 1, 1)  # the date edits' lowest date, shown as "any"


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    # Each filter shows its choice legibly (a long event name no longer squeezes the others to one
    # character at 1366×768); the list itself opens as wide as its longest entry.
    combo.setMinimumContentsLength(10)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
    combo.addItem("", None)
    return combo


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setDate(NO_DATE)
    return edit


def _refill(combo: QComboBox, entries: list[tuple[object, str]]) -> None:
    """Replace the entries after the first ("all"), keeping the chosen value when it is still there."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for value, label in entries:
        combo.addItem(label, value)
    position = combo.findData(chosen) if chosen is not None else 0
    combo.setCurrentIndex(max(position, 0))
    combo.blockSignals(False)


class CaseFilterBar(QWidget):
    filter_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cases_filters")
        self.event_filter = _combo("cases_event")
        self.station_filter = _combo("cases_station")
        self.status_filter = _combo("cases_status")
        for status in CaseStatus:
            self.status_filter.addItem("", status.value)
        self.industry_filter = _combo("cases_industry")
        self.level_filter = _combo("cases_level")
        self.route_filter = _combo("cases_route")
        for route in Route:
            self.route_filter.addItem("", route.value)
        self.assessor_filter = _combo("cases_assessor")
        self.date_from = _date_edit("cases_date_from")
        self.date_to = _date_edit("cases_date_to")
        self.dates_label = QLabel()
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("cases_clear")
        self.combos = (
            self.event_filter,
            self.station_filter,
            self.status_filter,
            self.industry_filter,
            self.level_filter,
            self.route_filter,
            self.assessor_filter,
        )
        self._choices: FilterChoices | None = None

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for position, combo in enumerate(self.combos[:4]):
            layout.addWidget(combo, 0, position)
        for position, combo in enumerate(self.combos[4:]):
            layout.addWidget(combo, 1, position)
        layout.addWidget(self.dates_label, 0, 4)
        layout.addWidget(self.date_from, 0, 5)
        layout.addWidget(self.date_to, 0, 6)
        layout.addWidget(self.clear_button, 1, 6)
        for column in range(4):
            layout.setColumnStretch(column, 1)

        for combo in self.combos:
            combo.currentIndexChanged.connect(self.filter_changed)
        self.date_from.dateChanged.connect(self.filter_changed)
        self.date_to.dateChanged.connect(self.filter_changed)
        self.clear_button.clicked.connect(lambda: self.clear())

    def retranslate(self) -> None:
        alls = (
            self.tr("All events"),
            self.tr("All stations"),
            self.tr("All statuses"),
            self.tr("All industries"),
            self.tr("All levels"),
            self.tr("All routes"),
            self.tr("All assessors"),
        )
        for combo, text in zip(self.combos, alls, strict=True):
            combo.setItemText(0, text)
        statuses = status_labels()
        for position in range(1, self.status_filter.count()):
            value = self.status_filter.itemData(position)
            self.status_filter.setItemText(position, statuses.get(value, value))
        routes = route_labels()
        for position in range(1, self.route_filter.count()):
            value = self.route_filter.itemData(position)
            self.route_filter.setItemText(position, routes.get(value, value))
        self.dates_label.setText(self.tr("Applied from / to"))
        for edit in (self.date_from, self.date_to):
            edit.setSpecialValueText(self.tr("any date"))
        self.clear_button.setText(self.tr("Clear filters (Esc)"))
        if self._choices is not None:
            self.set_choices(self._choices)

    def set_choices(self, choices: FilterChoices) -> None:
        """Fill the lists from the data held, keeping what is chosen."""
        self._choices = choices
        chinese = i18n.current_language() == i18n.CHINESE

        def labelled(entries: tuple[Choice, ...]) -> list[tuple[object, str]]:
            return [(entry.value, entry.label_zh if chinese else entry.label_en) for entry in entries]

        _refill(self.event_filter, labelled(choices.events))
        _refill(self.station_filter, [(station, station) for station in choices.stations])
        _refill(self.industry_filter, labelled(choices.industries))
        _refill(
            self.level_filter,
            [(level, self.tr("Level {level}").format(level=level)) for level in choices.levels],
        )
        _refill(self.assessor_filter, labelled(choices.assessors))

    def chosen(self, text: str = "") -> CaseFilter:
        return CaseFilter(
            text=text,
            event_id=self.event_filter.currentData(),
            station=self.station_filter.currentData(),
            date_from=self._date(self.date_from),
            date_to=self._date(self.date_to),
            status=self.status_filter.currentData(),
            industry_id=self.industry_filter.currentData(),
            level=self.level_filter.currentData(),
            route=self.route_filter.currentData(),
            assessor=self.assessor_filter.currentData(),
        )

    def is_clear(self) -> bool:
        return self.chosen() == CaseFilter()

    def clear(self, *, quietly: bool = False) -> None:
        """Every filter back to "all": one ``filter_changed`` for the lot, none ``quietly``."""
        self.blockSignals(True)
        for combo in self.combos:
            combo.setCurrentIndex(0)
        self.date_from.setDate(NO_DATE)
        self.date_to.setDate(NO_DATE)
        self.blockSignals(False)
        if not quietly:
            self.filter_changed.emit()

    @staticmethod
    def _date(edit: QDateEdit) -> date | None:
        chosen = edit.date()
        return None if chosen == NO_DATE else date(chosen.year(), chosen.month(), chosen.day())

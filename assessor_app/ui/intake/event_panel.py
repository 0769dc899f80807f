"""The top of the intake page: the promotion day (event), this laptop's station code and who is lodging.

An event of another day is never chosen on its own; the event used last is kept as a setting (written on
the task queue). The staff name is the signed-in user's, shown, not typed: lodging records that user.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from assessor_app.core.services.intake import lodging
from assessor_app.core.services.intake.lodging import EventRow
from assessor_app.ui import tasks
from assessor_app.ui.context import UiContext
from assessor_app.ui.elided import ElidedComboBox
from assessor_app.ui.intake import dialogs
from assessor_app.ui.users import current_user

EVENT_SETTING = "intake_event_id"
OPERATOR_PADDING = 16  # the line edit's frame and margins
OPERATOR_MAX_WIDTH = 260  # beyond it the event box gives way (the name whole in its tooltip)


class EventPanel(QGroupBox):
    """Choose or create the event, set the station code once, show who is taking applications."""

    event_chosen = Signal()  # another event is now the current one
    setting_failed = Signal(object)  # the exception a setting could not be saved with

    def __init__(self, context: UiContext, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("event_box")
        self.context = context
        self.today = today
        self.events: list[EventRow] = []
        self.station: str | None = None
        self.event_label = QLabel()
        self.event_combo = ElidedComboBox()  # beside the station and staff, narrower than a long event name
        self.event_combo.setObjectName("event_combo")
        self.event_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.event_combo.setMinimumContentsLength(40)
        self.event_label.setBuddy(self.event_combo)
        self.new_event_button = QPushButton()
        self.new_event_button.setObjectName("new_event_button")
        self.event_details = QLabel()
        self.event_details.setObjectName("event_details")
        self.event_problem = QLabel()
        self.event_problem.setObjectName("problem_event")
        self.event_problem.hide()
        self.station_label = QLabel()
        self.station_edit = QLineEdit()
        self.station_edit.setObjectName("station_edit")
        self.station_edit.setReadOnly(True)
        self.station_edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.station_edit.setMaximumWidth(90)
        self.set_station_button = QPushButton()
        self.set_station_button.setObjectName("set_station_button")
        self.operator_label = QLabel()
        self.operator_edit = QLineEdit()
        self.operator_edit.setObjectName("operator_edit")
        self.operator_edit.setReadOnly(True)  # who lodges is who signed in (Switch user changes it)
        self.operator_edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.operator_label.setBuddy(self.operator_edit)
        self.operator_problem = QLabel()
        self.operator_problem.setObjectName("problem_operator")
        self.operator_problem.setWordWrap(True)
        self.operator_problem.hide()
        # One row (event, station, who lodges), the event's details under it, no title (the page's heading
        # names it): the form below needs the height to fit a laptop screen.
        grid = QGridLayout(self)
        grid.addWidget(self.event_label, 0, 0)
        grid.addWidget(self.event_combo, 0, 1)
        grid.addWidget(self.new_event_button, 0, 2)
        station_row = QHBoxLayout()
        station_row.addSpacing(16)
        station_row.addWidget(self.station_label)
        station_row.addWidget(self.station_edit)
        station_row.addWidget(self.set_station_button)
        station_row.addSpacing(16)
        station_row.addWidget(self.operator_label)
        station_row.addWidget(self.operator_edit, 1)
        grid.addLayout(station_row, 0, 3)
        grid.addWidget(self.event_details, 1, 1, 1, 3)
        grid.addWidget(self.event_problem, 2, 1, 1, 3)
        grid.addWidget(self.operator_problem, 3, 1, 1, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)

        self.event_combo.currentIndexChanged.connect(self._chosen)
        self.new_event_button.clicked.connect(self.new_event)
        self.set_station_button.clicked.connect(self.set_station)

    def refresh(self) -> None:
        """Read the events, the station code and the signed-in user's name again."""
        self.events = lodging.list_events(self.context.database)
        self.station = lodging.local_station(self.context.database)
        self.apply_current_user()
        self.fill_events()
        self._show_station()

    # --- the event --------------------------------------------------------------------------------

    def current_event(self) -> EventRow | None:
        event_id = self.event_combo.currentData()
        return next((event for event in self.events if event.id == event_id), None)

    def _event_text(self, event: EventRow) -> str:
        return f"{event.event_date:%Y-%m-%d}  {event.name}  ({event.code})"

    def fill_events(self) -> None:
        """Keep the event chosen; else the one used last if it is today's; else today's first event.

        An event of another day is never chosen on its own: lodging under last week's event by
        mistake is worse than having to pick one.
        """
        previous = self.event_combo.currentData()
        todays = [event.id for event in self.events if event.event_date == self.today()]
        remembered = lodging.get_setting(self.context.database, EVENT_SETTING)
        wanted: int | None = None
        if previous in {event.id for event in self.events}:
            wanted = previous
        elif remembered.isdigit() and int(remembered) in todays:
            wanted = int(remembered)
        elif todays:
            wanted = todays[0]
        self.event_combo.blockSignals(True)
        try:
            self.event_combo.clear()
            for event in self.events:
                self.event_combo.addItem(self._event_text(event), event.id)
            self.event_combo.setPlaceholderText(self.tr("Choose the event, or create one"))
            self.event_combo.setCurrentIndex(self.event_combo.findData(wanted) if wanted is not None else -1)
        finally:
            self.event_combo.blockSignals(False)
        if wanted != previous:
            self._chosen(self.event_combo.currentIndex())
        else:
            self.show_event_details()

    def show_event_details(self) -> None:
        event = self.current_event()
        if event is None:
            self.event_details.setText(self.tr("No event chosen: applications need one."))
            return
        agency = event.agency_name_zh if self.context.language.startswith("zh") else event.agency_name_en
        place = " · ".join(part for part in (event.host_organisation, event.venue) if part)
        self.event_details.setText(" · ".join(part for part in (place, agency or event.agency_code) if part))

    def _chosen(self, _index: int) -> None:
        event = self.current_event()
        if event is not None:
            self.save_setting(EVENT_SETTING, str(event.id))
        self.show_event_details()
        self.event_chosen.emit()

    def select_event(self, event_id: int) -> None:
        position = self.event_combo.findData(event_id)
        if position >= 0:
            self.event_combo.setCurrentIndex(position)

    def new_event(self) -> None:
        created = dialogs.ask_new_event(self.context.database, self.context.language, self.today, self)
        if created is None:
            return
        self.events = lodging.list_events(self.context.database)
        self.fill_events()
        self.select_event(created.id)

    # --- the station and the staff name -----------------------------------------------------------

    def _show_station(self) -> None:
        self.station_edit.setText(self.station or "")
        self.set_station_button.setVisible(self.station is None)

    def set_station(self) -> bool:
        code = dialogs.ask_station_code(self.context.database, self.context.language, self)
        self.station = lodging.local_station(self.context.database)
        self._show_station()
        return code is not None

    def operator(self) -> str:
        return self.operator_edit.text().strip()

    def _user_name(self) -> str:
        user = current_user(self.context)
        return user.display_name if user is not None else ""

    def apply_current_user(self) -> bool:
        """The user changed: they are now the staff taking applications (False when nobody is chosen)."""
        name = self._user_name()
        self.operator_edit.setText(name)
        # A read-only box shows its text's end when too narrow ("玲 WONG Mei Ling"): the start, whole where
        # the row has room (a typical bilingual name), the rest in the tooltip.
        self.operator_edit.setCursorPosition(0)
        self.operator_edit.setToolTip(name)
        width = self.operator_edit.fontMetrics().horizontalAdvance(name) + OPERATOR_PADDING
        self.operator_edit.setMinimumWidth(min(width, OPERATOR_MAX_WIDTH))
        return bool(name)

    def save_setting(self, key: str, value: str) -> None:
        database = self.context.database
        tasks.run_in_background(
            lambda _control: lodging.set_setting(database, key, value), on_error=self.setting_failed.emit
        )

    def retranslate(self) -> None:
        self.event_label.setText(self.tr("Event"))
        self.new_event_button.setText(self.tr("New event…"))
        self.station_label.setText(self.tr("Station"))
        self.station_edit.setPlaceholderText(self.tr("not set"))
        self.set_station_button.setText(self.tr("Set station code…"))
        self.operator_label.setText(self.tr("Staff name"))
        self.operator_edit.setPlaceholderText(self.tr("who is taking applications"))
        self.fill_events()
        self.show_event_details()
        self._show_station()

"""Settings, station keys: this station's fingerprint, the enrolled stations, enrol, remove, save the key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.permissions import Action, role_allows
from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import hong_kong_text
from assessor_app.core.services.intake.station_keys import (
    StationKey,
    enrol_station,
    list_station_keys,
    read_key_file,
    remove_station,
    save_public_key,
)
from assessor_app.ui import i18n, messages, tasks
from assessor_app.ui.context import UiContext
from assessor_app.ui.settings.box_task import run_for
from assessor_app.ui.users import current_user

WARNING_STYLE = "color: #b3261e;"


def _key_filter() -> str:
    return QCoreApplication.translate("StationKeys", "Station key files (*.json)")


def ask_key_file(parent: QWidget | None) -> Path | None:
    """Another station's key file to enrol, or None if cancelled (tests replace this)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("StationKeys", "Open a station's key file"), "", _key_filter()
    )
    return Path(name) if name else None


def ask_key_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Where to save this station's key file, or None if cancelled (tests replace this)."""
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("StationKeys", "Save this station's key file"),
        suggested,
        _key_filter(),
    )
    return Path(name) if name else None


class StationKeysBox(QGroupBox):
    """Whose signed batches this laptop merges. Enrolling and removing are a supervisor's or an
    administrator's (the buttons say why not for anyone else); every write runs on the task queue."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("settings_stations_box")
        self.task: tasks.Task | None = None
        self.keys: list[StationKey] = []
        self.own_label = QLabel()
        self.own_label.setObjectName("settings_own_fingerprint")
        self.own_label.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("settings_stations_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty_label = QLabel()
        self.permission_note = QLabel()
        self.permission_note.setObjectName("settings_stations_permission")
        self.permission_note.setWordWrap(True)
        self.permission_note.setStyleSheet(WARNING_STYLE)
        self.save_button = QPushButton()
        self.save_button.setObjectName("settings_save_key")
        self.enrol_button = QPushButton()
        self.enrol_button.setObjectName("settings_enrol_station")
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("settings_remove_station")
        buttons = QHBoxLayout()
        for button in (self.save_button, self.enrol_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.own_label)
        layout.addWidget(self.table)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.permission_note)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save_key)
        self.enrol_button.clicked.connect(self.enrol)
        self.remove_button.clicked.connect(self.remove)
        self.table.itemSelectionChanged.connect(self._enable)
        self.retranslate()
        self.refresh()

    # --- showing ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """The fixed texts (the page calls this on a language change, then :meth:`refresh`)."""
        self.setTitle(self.tr("Stations whose batches this laptop merges"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Station"), self.tr("Fingerprint"), self.tr("Enrolled by"), self.tr("Enrolled at (HKT)")]
        )
        self.empty_label.setText(
            self.tr(
                "No other station is enrolled: its batches are refused until a supervisor enrols its key file."
            )
        )
        self.save_button.setText(self.tr("Save this station's key to a file…"))
        self.enrol_button.setText(self.tr("Enrol a station from its key file…"))
        self.remove_button.setText(self.tr("Remove the selected station…"))

    @property
    def allowed(self) -> bool:
        """Whether the current user's role may enrol and remove stations (the core checks again)."""
        user = current_user(self.context)
        return user is not None and role_allows(user.role, Action.ENROL_STATIONS)

    def refresh(self) -> None:
        keys = list_station_keys(self.context.database)
        own = next((key for key in keys if key.is_local), None)
        self.keys = [key for key in keys if not key.is_local]
        if own is None:
            self.own_label.setText(
                self.tr(
                    "This station has no signing key yet: it is made at its first export, or when you save it."
                )
            )
        else:
            self.own_label.setText(
                self.tr("This station {code}, fingerprint {fingerprint}").format(
                    code=own.station_code, fingerprint=own.fingerprint
                )
            )
        self.table.setRowCount(len(self.keys))
        for row, key in enumerate(self.keys):
            when = hong_kong_text(key.enrolled_at)
            for column, text in enumerate((key.station_code, key.fingerprint, key.enrolled_by, when)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setVisible(bool(self.keys))
        self.empty_label.setVisible(not self.keys)
        self._enable()

    def selected(self) -> StationKey | None:
        rows = self.table.selectionModel().selectedRows()
        return self.keys[rows[0].row()] if rows else None

    def _enable(self) -> None:
        busy = self.task is not None and self.task.running
        allowed = self.allowed
        only = self.tr("Only a supervisor or an administrator may enrol or remove a station.")
        self.permission_note.setText(only)
        self.permission_note.setVisible(not allowed)
        self.save_button.setEnabled(not busy)
        self.enrol_button.setEnabled(allowed and not busy)
        self.remove_button.setEnabled(allowed and not busy and self.selected() is not None)
        for button in (self.enrol_button, self.remove_button):
            button.setToolTip("" if allowed else only)

    # --- doing --------------------------------------------------------------------------------

    def _run(self, work: Callable[[], object], done: Callable[[object], None]) -> tasks.Task:
        return run_for(self, self, work, done)

    def save_key(self) -> tasks.Task | None:
        """Write this station's public key file where the user chooses (its key is made now if it has none)."""
        path = ask_key_path(self, "station-key.json")
        if path is None:
            return None
        database = self.context.database

        def saved(value: object) -> None:
            assert isinstance(value, StationKey)
            messages.info(
                self,
                self.tr(
                    "Station {code}'s key file is saved to {path}. Its fingerprint is {fingerprint}: read it "
                    "out to whoever enrols it on the other laptop."
                ).format(code=value.station_code, path=path, fingerprint=value.fingerprint),
            )

        return self._run(lambda: save_public_key(database, path), saved)

    def enrol(self) -> tasks.Task | None:
        """Enrol a station from its key file, once the user confirms its fingerprint matches the one
        shown on that laptop."""
        if not self.allowed:
            return None
        path = ask_key_file(self)
        if path is None:
            return None
        try:
            found = read_key_file(path)
        except AppError as error:
            messages.known_problem(self, error, i18n.current_language())
            return None
        confirmed = messages.question(
            self,
            self.tr(
                "Enrol station {code}? Its fingerprint is\n\n{fingerprint}\n\nCompare it aloud with the "
                "fingerprint shown on that laptop's Settings page: enrol it only if they are the same."
            ).format(code=found.station_code, fingerprint=found.fingerprint),
        )
        if not confirmed:
            return None
        database, actor = self.context.database, self.context.user or ""
        return self._run(
            lambda: enrol_station(database, path, actor=actor, expected=found.fingerprint),
            lambda _value: None,
        )

    def remove(self) -> tasks.Task | None:
        """Remove the selected station's enrolment after a confirmation: its batches are refused from now."""
        key = self.selected()
        if key is None or not self.allowed:
            return None
        confirmed = messages.question(
            self,
            self.tr(
                "Remove station {code} (fingerprint {fingerprint})? Its batches will be refused until it is "
                "enrolled again."
            ).format(code=key.station_code, fingerprint=key.fingerprint),
        )
        if not confirmed:
            return None
        database, actor = self.context.database, self.context.user or ""
        return self._run(
            lambda: remove_station(
                database, key.station_code, actor=actor, reason="removed on the Settings page"
            ),
            lambda _value: None,
        )

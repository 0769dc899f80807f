"""Settings: who is working, interface language, where the data lives, the agency's contacts, station keys, retention, the version."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assessor_app import __version__
from assessor_app.ui import i18n
from assessor_app.ui.context import UiContext
from assessor_app.ui.lock import MAX_IDLE_MINUTES
from assessor_app.ui.pages.base import Page, heading_label, scroll_area
from assessor_app.ui.settings.agency import AgencyContactsBox
from assessor_app.ui.settings.retention import RetentionBox
from assessor_app.ui.settings.stations import StationKeysBox
from assessor_app.ui.users import current_user, describe


def open_folder(url: QUrl) -> bool:
    """Open a folder in the desktop's file manager (tests replace this)."""
    return QDesktopServices.openUrl(url)


class SettingsPage(Page):
    language_requested = Signal(str)
    switch_user_requested = Signal()
    idle_minutes_changed = Signal(int)

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("page_settings")
        self.heading = heading_label("settings_heading")

        self.user_box = QGroupBox()
        self.user_box.setObjectName("settings_user_box")
        self.user_name = QLabel()
        self.user_name.setObjectName("settings_user")
        self.switch_user_button = QPushButton()
        self.switch_user_button.setObjectName("settings_switch_user")
        self.switch_user_button.clicked.connect(self.switch_user_requested)
        # The idle lock's minutes (default 5, for events; the main window keeps it in the settings file).
        self.idle_label = QLabel()
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setObjectName("settings_idle_minutes")
        self.idle_minutes.setRange(1, MAX_IDLE_MINUTES)
        self.idle_minutes.setMaximumWidth(90)
        self.idle_label.setBuddy(self.idle_minutes)
        user_row = QHBoxLayout(self.user_box)
        user_row.addWidget(self.user_name, 1)
        user_row.addWidget(self.idle_label)
        user_row.addWidget(self.idle_minutes)
        user_row.addWidget(self.switch_user_button)

        self.language_box = QGroupBox()
        self.language_label = QLabel()
        self.language = QComboBox()
        self.language.setObjectName("settings_language")
        for code in i18n.LANGUAGES:
            self.language.addItem(i18n.LANGUAGE_NAMES[code], code)
        language_form = QFormLayout(self.language_box)
        language_form.addRow(self.language_label, self.language)

        self.data_box = QGroupBox()
        self.data_folder_label = QLabel()
        self.data_folder = QLineEdit(str(context.data_dir.root))
        self.data_folder.setObjectName("settings_data_folder")
        self.data_folder.setReadOnly(True)
        self.open_folder_button = QPushButton()
        self.open_folder_button.setObjectName("settings_open_folder")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.data_folder, 1)
        folder_row.addWidget(self.open_folder_button)
        self.database_label = QLabel()
        self.database_path = QLineEdit(str(context.database.path))
        self.database_path.setObjectName("settings_database_path")
        self.database_path.setReadOnly(True)
        data_form = QFormLayout(self.data_box)
        data_form.addRow(self.data_folder_label, folder_row)
        data_form.addRow(self.database_label, self.database_path)

        self.agency = AgencyContactsBox(context)
        self.stations = StationKeysBox(context)
        self.retention = RetentionBox(context)

        self.version_label = QLabel()
        self.version_label.setObjectName("settings_version")

        # The boxes scroll under the heading: on a 1366x768 laptop they are taller than the page.
        self.scroll_area, boxes = scroll_area("settings_scroll")
        for box in (
            self.user_box,
            self.language_box,
            self.data_box,
            self.agency,
            self.stations,
            self.retention,
        ):
            boxes.addWidget(box)
        boxes.addWidget(self.version_label)
        boxes.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.scroll_area, 1)

        self.language.activated.connect(self._language_chosen)
        self.idle_minutes.valueChanged.connect(self.idle_minutes_changed)
        self.open_folder_button.clicked.connect(self._open_data_folder)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Settings"))
        self.user_box.setTitle(self.tr("Who is working"))
        self.switch_user_button.setText(self.tr("Switch user… (Ctrl+U)"))
        self.idle_label.setText(self.tr("Lock after minutes without input:"))
        self.language_box.setTitle(self.tr("Language"))
        self.language_label.setText(self.tr("Interface language"))
        self.data_box.setTitle(self.tr("Data"))
        self.data_folder_label.setText(self.tr("Data folder"))
        self.database_label.setText(self.tr("Case database"))
        self.open_folder_button.setText(self.tr("Open folder"))
        self.version_label.setText(
            self.tr("RPL Assessor Workstation, version {version}").format(version=__version__)
        )
        self.agency.retranslate()
        self.stations.retranslate()
        self.retention.retranslate()
        self.refresh()

    def refresh(self) -> None:
        position = self.language.findData(self.context.language)
        self.language.setCurrentIndex(max(position, 0))
        self.database_path.setText(str(self.context.database.path))
        user = current_user(self.context)
        self.user_name.setText(describe(user) if user is not None else self.tr("Nobody chosen yet"))
        self.agency.refresh()
        self.stations.refresh()
        self.retention.refresh()

    def show_idle_minutes(self, minutes: int) -> None:
        """The idle lock's minutes as in force (no signal: nothing changed)."""
        self.idle_minutes.blockSignals(True)
        self.idle_minutes.setValue(minutes)
        self.idle_minutes.blockSignals(False)

    def _language_chosen(self, position: int) -> None:
        language = self.language.itemData(position)
        if language != self.context.language:
            self.language_requested.emit(language)

    def _open_data_folder(self) -> None:
        open_folder(QUrl.fromLocalFile(str(self.context.data_dir.root)))

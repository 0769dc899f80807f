"""Settings, the agency's contacts: address, phone, e-mail and opening hours printed on slips (an administrator's)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from assessor_app.core.domain.permissions import Action, role_allows
from assessor_app.core.errors import AppError
from assessor_app.core.services.catalogue.agency_contacts import (
    LIMITS,
    AgencyContacts,
    agency_contacts,
    check_contacts,
    list_agencies,
    save_contacts,
)
from assessor_app.ui import tasks
from assessor_app.ui.context import UiContext
from assessor_app.ui.settings.box_task import run_for
from assessor_app.ui.settings.stations import WARNING_STYLE
from assessor_app.ui.users import current_user


class AgencyContactsBox(QGroupBox):
    """One agency's contacts, edited in place; the values are checked as the core checks them before saving."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("settings_agency_box")
        self.task: tasks.Task | None = None
        self.agencies: list[AgencyContacts] = []
        self.agency = QComboBox()
        self.agency.setObjectName("settings_agency")
        self.address = QPlainTextEdit()
        self.address.setObjectName("settings_agency_address")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 2 + 14)  # two lines
        self.phone = self._line("settings_agency_phone", LIMITS["phone"])
        self.email = self._line("settings_agency_email", LIMITS["email"])
        self.hours = self._line("settings_agency_hours", LIMITS["hours"])
        self.labels = [QLabel() for _ in range(5)]
        # Two columns (the agency and its address beside phone, e-mail and hours): the Settings page holds
        # five boxes on a laptop screen.
        grid = QGridLayout(self)
        places = ((0, 0), (1, 0), (0, 2), (1, 2), (2, 2))
        fields = (self.agency, self.address, self.phone, self.email, self.hours)
        for label, field, (row, column) in zip(self.labels, fields, places, strict=True):
            label.setBuddy(field)
            grid.addWidget(label, row, column, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(field, row, column + 1, 2 if field is self.address else 1, 1)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self.problems = QLabel()
        self.problems.setObjectName("settings_agency_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(WARNING_STYLE)
        self.problems.hide()
        self.permission_note = QLabel()
        self.permission_note.setObjectName("settings_agency_permission")
        self.permission_note.setWordWrap(True)
        self.permission_note.setStyleSheet(WARNING_STYLE)
        self.save_button = QPushButton()
        self.save_button.setObjectName("settings_agency_save")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.permission_note)
        buttons.addStretch(1)
        grid.addLayout(buttons, 3, 0, 1, 4)
        grid.addWidget(self.problems, 4, 0, 1, 4)
        self.agency.activated.connect(lambda _position: self._show(self._chosen()))
        self.save_button.clicked.connect(self.save)
        self.retranslate()
        self.refresh()

    @staticmethod
    def _line(name: str, limit: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setMaxLength(limit)
        return edit

    def retranslate(self) -> None:
        self.setTitle(self.tr("The agency's contacts (printed on slips)"))
        texts = (
            self.tr("Agency:"),
            self.tr("Address:"),
            self.tr("Phone:"),
            self.tr("E-mail:"),
            self.tr("Opening hours:"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.phone.setPlaceholderText(self.tr("e.g. +852 2345 6789"))
        self.hours.setPlaceholderText(self.tr("e.g. Mon–Fri 09:00–18:00"))
        self.save_button.setText(self.tr("Save the contacts"))
        self.permission_note.setText(self.tr("Only an administrator may change the agency's contacts."))
        self._enable()

    @property
    def allowed(self) -> bool:
        user = current_user(self.context)
        return user is not None and role_allows(user.role, Action.EDIT_AGENCY)

    def refresh(self) -> None:
        chosen = self._chosen()
        database = self.context.database
        self.agencies = list_agencies(database)
        if chosen is None and self.agencies:
            try:  # the agency this laptop's events are run for, when there is one
                chosen = agency_contacts(database).code
            except AppError:
                chosen = self.agencies[0].code
        self.agency.clear()
        for contacts in self.agencies:
            name = (
                contacts.name_zh
                if self.context.language.startswith("zh") and contacts.name_zh
                else contacts.name_en
            )
            self.agency.addItem(f"{name} ({contacts.code})", contacts.code)
        self.agency.setCurrentIndex(max(self.agency.findData(chosen), 0))
        self._show(self._chosen())
        self._enable()

    def _chosen(self) -> str | None:
        code = self.agency.currentData()
        return str(code) if code is not None else None

    def _show(self, code: str | None) -> None:
        contacts = next((item for item in self.agencies if item.code == code), None)
        self.address.setPlainText(contacts.address if contacts else "")
        self.phone.setText(contacts.phone if contacts else "")
        self.email.setText(contacts.email if contacts else "")
        self.hours.setText(contacts.hours if contacts else "")
        self.problems.hide()

    def _enable(self) -> None:
        busy = self.task is not None and self.task.running
        allowed = self.allowed
        self.permission_note.setVisible(not allowed)
        for widget in (self.address, self.phone, self.email, self.hours, self.save_button):
            widget.setEnabled(allowed and not busy and bool(self.agencies))

    def values(self) -> dict[str, str]:
        return {
            "address": self.address.toPlainText(),
            "phone": self.phone.text(),
            "email": self.email.text(),
            "hours": self.hours.text(),
        }

    def save(self) -> tasks.Task | None:
        """Save the values shown, after the core's own check here (its problems listed in the box)."""
        code = self._chosen()
        if not self.allowed or code is None:
            return None
        values = self.values()
        _cleaned, problems = check_contacts(values)
        if problems:
            chinese = self.context.language.startswith("zh")
            self.problems.setText("\n".join(self._one_language(line, chinese) for line in problems))
            self.problems.show()
            return None
        self.problems.hide()
        database, actor = self.context.database, self.context.user or ""
        return run_for(
            self, self, lambda: save_contacts(database, code, values, actor=actor), lambda _value: None
        )

    @staticmethod
    def _one_language(line: str, chinese: bool) -> str:
        """A core problem line ``English / 中文`` in the interface's language."""
        english, _slash, zh = line.partition(" / ")
        return zh if chinese and zh else english

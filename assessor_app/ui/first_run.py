"""The first-run wizard on a new laptop: the administrator, the agency's contacts, the station and catalogue, more users.

Every page is checked on Next by the core's own checks; nothing is written until Set up, which runs
``core/security/first_run.set_up_laptop`` (the same as ``assessor-app init``) on the task queue, all or
nothing, and signs the administrator in. Built only on a laptop without a case database (imported by
``ui/sign_in.py`` when it needs it, so the sign-in dialog's start stays light).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from assessor_app.core.domain.enums import Role
from assessor_app.core.errors import AppError
from assessor_app.core.security.first_run import (
    LaptopPlan,
    NewUser,
    agency_problems,
    catalogue_problems,
    seeded_agencies,
    station_problems,
    user_problems,
)
from assessor_app.core.services.catalogue.agency_contacts import LIMITS
from assessor_app.ui import i18n, tasks
from assessor_app.ui.catalogue import files
from assessor_app.ui.dialog_parts import password_edit, problem_label, show_problem
from assessor_app.ui.labels import role_label

WIZARD_SIZE = (720, 450)  # fits a 1366x768 screen with the taskbar, in both languages


def _one_language(line: str) -> str:
    """A core problem line ``English / 中文`` in the interface's language."""
    english, _slash, chinese = line.partition(" / ")
    return chinese if i18n.current_language() == i18n.CHINESE and chinese else english


class _Page(QWizardPage):
    """A page with a form, its red problem line, and a check on Next by the core (``problems``)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.problem = problem_label(f"{name}_problem")
        self.labels: list[QLabel] = []

    def add_row(self, field: QWidget | QHBoxLayout) -> QLabel:
        label = QLabel()
        if isinstance(field, QWidget):
            label.setBuddy(field)
        self.form.addRow(label, field)
        self.labels.append(label)
        return label

    def lay_out(self, *below: QWidget) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        for widget in below:
            layout.addWidget(widget)
        layout.addWidget(self.problem)
        layout.addStretch(1)  # the fields stay together at the top, not spread over the page

    def problems(self) -> list[str]:
        return []

    def validatePage(self) -> bool:
        found = self.problems()
        self.problem.setText("\n".join(_one_language(line) for line in found))
        self.problem.setVisible(bool(found))
        return not found

    def retranslate(self) -> None:
        raise NotImplementedError


def _line(name: str, limit: int) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setMaxLength(limit)
    return edit


class AdministratorPage(_Page):
    def __init__(self) -> None:
        super().__init__("first_run_admin")
        self.username_edit = _line("first_run_username", 60)
        self.display_name_edit = _line("first_run_display_name", 120)
        self.password_edit = password_edit("first_run_password")
        self.again_edit = password_edit("first_run_password_again")
        for field in (self.username_edit, self.display_name_edit, self.password_edit, self.again_edit):
            self.add_row(field)
        self.lay_out()

    def retranslate(self) -> None:
        self.setTitle(self.tr("The first administrator"))
        self.setSubTitle(
            self.tr(
                "They sign in with this password and add the other users. The case database is encrypted "
                "under it: a forgotten password of the only administrator cannot be recovered."
            )
        )
        texts = (
            self.tr("&User name"),
            self.tr("&Display name"),
            self.tr("&Password"),
            self.tr("Password &again"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.username_edit.setPlaceholderText(self.tr("e.g. amywong (lower-case letters and digits)"))
        self.display_name_edit.setPlaceholderText(self.tr("as printed on letters and reports"))
        self.password_edit.setPlaceholderText(self.tr("at least 8 characters"))

    def user(self) -> NewUser:
        name = self.username_edit.text().strip().lower()
        shown = self.display_name_edit.text().strip() or name
        return NewUser(name, shown, Role.ADMINISTRATOR.value, self.password_edit.text())

    def problems(self) -> list[str]:
        if self.password_edit.text() != self.again_edit.text():
            self.again_edit.clear()
            self.again_edit.setFocus()
            return [self.tr("The two passwords are not the same.")]
        if not self.username_edit.text().strip():
            self.username_edit.setFocus()
            return [self.tr("Type the administrator's user name.")]
        return user_problems((self.user(),))


class AgencyPage(_Page):
    """The agency's contacts printed on slips and letters (also in Settings, later); all may stay empty."""

    def __init__(self) -> None:
        super().__init__("first_run_agency")
        self.agency = QComboBox()
        self.agency.setObjectName("first_run_agency_code")
        self.agencies = seeded_agencies()
        self.address = QPlainTextEdit()
        self.address.setObjectName("first_run_address")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 3 + 14)  # three lines
        self.phone = _line("first_run_phone", LIMITS["phone"])
        self.email = _line("first_run_email", LIMITS["email"])
        self.hours = _line("first_run_hours", LIMITS["hours"])
        for field in (self.agency, self.address, self.phone, self.email, self.hours):
            self.add_row(field)
        self.lay_out()

    def retranslate(self) -> None:
        self.setTitle(self.tr("The agency and its contacts"))
        self.setSubTitle(
            self.tr(
                "Printed on every slip and letter, so applicants know where to bring documents. Settings changes them later."
            )
        )
        chosen = self.agency.currentData()
        self.agency.clear()
        chinese = i18n.current_language() == i18n.CHINESE
        for agency in self.agencies:
            name = agency.name_zh if chinese and agency.name_zh else agency.name_en
            self.agency.addItem(f"{name} ({agency.code})", agency.code)
        self.agency.setCurrentIndex(max(self.agency.findData(chosen), 0))
        texts = (
            self.tr("A&gency"),
            self.tr("Add&ress"),
            self.tr("P&hone"),
            self.tr("&E-mail"),
            self.tr("&Opening hours"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.phone.setPlaceholderText(self.tr("e.g. +852 2345 6789"))
        self.hours.setPlaceholderText(self.tr("e.g. Mon–Fri 09:00–18:00"))

    def contacts(self) -> dict[str, str]:
        values = {
            "address": self.address.toPlainText(),
            "phone": self.phone.text(),
            "email": self.email.text(),
            "hours": self.hours.text(),
        }
        return values if any(value.strip() for value in values.values()) else {}

    def code(self) -> str:
        return str(self.agency.currentData() or "")

    def problems(self) -> list[str]:
        return agency_problems(self.code(), self.contacts())


class StationPage(_Page):
    """This laptop's station code (it makes the station's signing key) and the catalogue to start with."""

    def __init__(self) -> None:
        super().__init__("first_run_station")
        self.station = _line("first_run_station_code", 8)
        self.keep_seeded = QRadioButton()
        self.keep_seeded.setObjectName("first_run_keep_catalogue")
        self.keep_seeded.setChecked(True)
        self.import_file = QRadioButton()
        self.import_file.setObjectName("first_run_import_catalogue")
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.keep_seeded)
        self.choice.addButton(self.import_file)
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("first_run_catalogue_file")
        self.browse = QPushButton()
        self.browse.setObjectName("first_run_browse")
        self.browse.clicked.connect(self._browse)
        self.file_edit.textEdited.connect(lambda _text: self.import_file.setChecked(True))
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse)
        self.add_row(self.station)
        self.add_row(self.keep_seeded)
        self.add_row(self.import_file)
        self.add_row(file_row).setBuddy(self.file_edit)
        self.lay_out()

    def retranslate(self) -> None:
        self.setTitle(self.tr("This station and the catalogue"))
        self.setSubTitle(
            self.tr(
                "The station code begins every reference number this laptop gives (LT01-20231108-0007) and "
                "cannot change once set; it may also be set on the Intake page later."
            )
        )
        texts = (self.tr("&Station code"), self.tr("Catalogue"), "", self.tr("&File"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.station.setPlaceholderText(self.tr("e.g. LT01 (2 to 8 capital letters or digits)"))
        self.keep_seeded.setText(self.tr("&Keep the catalogue shipped with the app"))
        self.import_file.setText(self.tr("&Import the agency's catalogue file (.csv or .xlsx)"))
        self.browse.setText(self.tr("Bro&wse…"))

    def _browse(self) -> None:
        path = files.ask_import_file(self)
        if path is not None:
            self.file_edit.setText(str(path))
            self.import_file.setChecked(True)

    def catalogue(self) -> Path | None:
        text = self.file_edit.text().strip()
        return Path(text) if self.import_file.isChecked() and text else None

    def problems(self) -> list[str]:
        if self.import_file.isChecked() and not self.file_edit.text().strip():
            return [self.tr("Choose the catalogue file, or keep the shipped catalogue.")]
        return station_problems(self.station.text()) + catalogue_problems(self.catalogue())


class UsersPage(_Page):
    """More users with their roles, added to a list here and created with the rest at Set up."""

    def __init__(self) -> None:
        super().__init__("first_run_users")
        self.users: list[NewUser] = []
        self.username_edit = _line("first_run_user_name", 60)
        self.display_name_edit = _line("first_run_user_display_name", 120)
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("first_run_user_role")
        self.password_edit = password_edit("first_run_user_password")
        self.again_edit = password_edit("first_run_user_password_again")
        for field in (
            self.username_edit,
            self.display_name_edit,
            self.role_combo,
            self.password_edit,
            self.again_edit,
        ):
            self.add_row(field)
        self.add_button = QPushButton()
        self.add_button.setObjectName("first_run_add_user")
        self.add_button.clicked.connect(self.add_user)
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("first_run_remove_user")
        self.remove_button.clicked.connect(self.remove_user)
        self.user_list = QListWidget()
        self.user_list.setObjectName("first_run_user_list")
        self.user_list.setMaximumHeight(self.user_list.fontMetrics().lineSpacing() * 5 + 8)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.form.addRow(buttons)
        self.form.addRow(self.user_list)
        self.lay_out()

    def retranslate(self) -> None:
        self.setTitle(self.tr("More users (optional)"))
        self.setSubTitle(self.tr("Each works in their role. The administrator can add users later too."))
        texts = (
            self.tr("&User name"),
            self.tr("&Display name"),
            self.tr("&Role"),
            self.tr("&Password"),
            self.tr("Password &again"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        chosen = self.role_combo.currentData() or Role.INTAKE_CLERK.value
        self.role_combo.clear()
        for role in Role:
            self.role_combo.addItem(role_label(role), role.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(chosen))
        self.password_edit.setPlaceholderText(self.tr("at least 8 characters"))
        self.add_button.setText(self.tr("Add to the &list"))
        self.remove_button.setText(self.tr("Re&move the selected"))
        self._show_users()

    def _show_users(self) -> None:
        self.user_list.clear()
        for user in self.users:
            self.user_list.addItem(f"{user.display_name} — {user.username} ({role_label(user.role)})")
        self.remove_button.setEnabled(bool(self.users))

    def add_user(self) -> None:
        """Check the typed user as the set-up will (names given twice included), then list them."""
        wizard = self.wizard()
        admin = wizard.admin_page.user() if isinstance(wizard, FirstRunWizard) else None
        others = (admin,) if admin is not None else ()
        name = self.username_edit.text().strip().lower()
        user = NewUser(
            name,
            self.display_name_edit.text().strip() or name,
            str(self.role_combo.currentData()),
            self.password_edit.text(),
        )
        found: list[str]
        if not name:
            found = [self.tr("Type the user's name.")]
        elif user.password != self.again_edit.text():
            found = [self.tr("The two passwords are not the same.")]
        else:
            found = user_problems((*others, *self.users, user))
        self.problem.setText("\n".join(_one_language(line) for line in found))
        self.problem.setVisible(bool(found))
        if found:
            return
        self.users.append(user)
        self._show_users()
        for edit in (self.username_edit, self.display_name_edit, self.password_edit, self.again_edit):
            edit.clear()
        self.username_edit.setFocus()  # the next user, never another press of Add

    def problems(self) -> list[str]:
        if self.username_edit.text().strip():  # typed but not added: Next would silently drop them
            self.add_button.setFocus()
            return [self.tr("Add the user typed to the list (or clear the user name) before going on.")]
        return []

    def remove_user(self) -> None:
        row = self.user_list.currentRow()
        if 0 <= row < len(self.users):
            del self.users[row]
            self._show_users()


class SummaryPage(_Page):
    def __init__(self) -> None:
        super().__init__("first_run_summary")
        self.summary = QLabel()
        self.summary.setObjectName("first_run_summary_text")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.lay_out(self.summary)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Set up this laptop"))
        self.setSubTitle(self.tr("Nothing is written until Set up. Back changes any page."))

    def initializePage(self) -> None:
        wizard = self.wizard()
        if isinstance(wizard, FirstRunWizard):
            self.summary.setText(wizard.describe())


class FirstRunWizard(QWizard):
    """A new laptop's set-up; ``signed_in`` holds the administrator's :class:`SignedIn` once it is done.
    ``set_up(plan)`` runs on the task queue (tests and the app pass ``first_run.set_up_laptop``)."""

    def __init__(
        self, database_path: Path, set_up: Callable[[LaptopPlan], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("first_run_wizard")
        self.database_path = Path(database_path)
        self._set_up = set_up
        self.signed_in: object = None
        self.task: tasks.Task | None = None
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)  # the other language
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.customButtonClicked.connect(lambda _which: self._toggle_language())
        self.admin_page = AdministratorPage()
        self.agency_page = AgencyPage()
        self.station_page = StationPage()
        self.users_page = UsersPage()
        self.summary_page = SummaryPage()
        self.pages = (
            self.admin_page,
            self.agency_page,
            self.station_page,
            self.users_page,
            self.summary_page,
        )
        for page in self.pages:
            self.addPage(page)
        self.resize(*WIZARD_SIZE)
        self.retranslate()

    def _toggle_language(self) -> None:
        i18n.apply_language(i18n.other_language())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Set up this laptop — {name}").format(name=self.database_path.name))
        other = i18n.other_language()
        self.setButtonText(QWizard.WizardButton.CustomButton1, i18n.LANGUAGE_NAMES[other])
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Next >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Set up"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Quit"))
        for page in self.pages:
            page.retranslate()
        if self.currentPage() is self.summary_page:
            self.summary_page.initializePage()

    def plan(self) -> LaptopPlan:
        return LaptopPlan(
            self.admin_page.user(),
            agency=self.agency_page.code(),
            contacts=self.agency_page.contacts(),
            catalogue=self.station_page.catalogue(),
            users=tuple(self.users_page.users),
            station=self.station_page.station.text().strip(),
        )

    def describe(self) -> str:
        plan = self.plan()
        admin = plan.administrator
        lines = [
            self.tr("Administrator: {name} ({user})").format(name=admin.display_name, user=admin.username)
        ]
        lines.append(
            self.tr("Agency contacts: {agency}").format(agency=self.agency_page.agency.currentText())
            if plan.contacts
            else self.tr("Agency contacts: none yet (Settings)")
        )
        lines.append(
            self.tr("Station: {code}").format(code=plan.station.upper())
            if plan.station
            else self.tr("Station: later, on the Intake page")
        )
        lines.append(
            self.tr("Catalogue: import {file}").format(file=plan.catalogue.name)
            if plan.catalogue
            else self.tr("Catalogue: the one shipped with the app")
        )
        for user in plan.users:
            lines.append(
                self.tr("User: {name} ({user}), {role}").format(
                    name=user.display_name, user=user.username, role=role_label(user.role)
                )
            )
        return "\n".join(lines)

    def reject(self) -> None:
        if self.task is None:  # never while the set-up may still be writing
            super().reject()

    def accept(self) -> None:
        """Set up runs the plan on the task queue; the wizard closes when it is done, or shows the refusal."""
        if self.signed_in is not None:
            super().accept()
            return
        if self.task is not None:
            return
        plan, set_up = self.plan(), self._set_up
        self.setCursor(Qt.CursorShape.BusyCursor)
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton):
            self.button(which).setEnabled(False)
        self.summary_page.problem.hide()

        def finished() -> None:
            self.task = None
            self.unsetCursor()
            for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton):
                self.button(which).setEnabled(True)

        def succeeded(result: object) -> None:
            finished()
            self.signed_in = result
            super(FirstRunWizard, self).accept()

        def failed(exc: BaseException) -> None:
            finished()
            if isinstance(exc, AppError):
                show_problem(self.summary_page.problem, exc, i18n.current_language())
            else:
                tasks.show_error(exc)

        self.task = tasks.run_in_background(
            lambda _control: set_up(plan),
            on_success=succeeded,
            on_error=failed,
            parent=self,
        )

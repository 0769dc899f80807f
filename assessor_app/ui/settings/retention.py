"""Settings, retention: how long personal data is kept, and "Purge now…"; both an administrator's."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from assessor_app.core.domain.permissions import Action, role_allows
from assessor_app.core.services.privacy.purge import PurgeReport, purge
from assessor_app.core.services.privacy.retention import RetentionSettings, retention_settings, save_settings
from assessor_app.ui import messages, tasks
from assessor_app.ui.context import UiContext
from assessor_app.ui.settings.box_task import run_for
from assessor_app.ui.settings.stations import WARNING_STYLE
from assessor_app.ui.users import current_user


def _spin(name: str, low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setMaximumWidth(110)  # a few digits: not the page's whole width
    return box


class RetentionBox(QGroupBox):
    """The three retention periods (docs/privacy.md) and a purge that first says what it would remove."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("settings_retention_box")
        self.task: tasks.Task | None = None
        self.case_years = _spin("settings_retention_case_years", 1, 100)
        self.id_copy_days = _spin("settings_retention_id_copy_days", 0, 3650)
        self.draft_days = _spin("settings_retention_draft_days", 1, 3650)
        self.labels = [QLabel() for _ in range(3)]
        form = QFormLayout(self)
        for label, box in zip(
            self.labels, (self.case_years, self.id_copy_days, self.draft_days), strict=True
        ):
            label.setBuddy(box)
            form.addRow(label, box)
        self.permission_note = QLabel()
        self.permission_note.setObjectName("settings_retention_permission")
        self.permission_note.setWordWrap(True)
        self.permission_note.setStyleSheet(WARNING_STYLE)
        form.addRow(self.permission_note)
        self.save_button = QPushButton()
        self.save_button.setObjectName("settings_retention_save")
        self.purge_button = QPushButton()
        self.purge_button.setObjectName("settings_purge")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.purge_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.save_button.clicked.connect(self.save)
        self.purge_button.clicked.connect(self.ask_purge)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setTitle(self.tr("How long personal data is kept"))
        texts = (
            self.tr("Closed cases, years after their last change:"),
            self.tr("HKID copies, days after the number is verified:"),
            self.tr("Form drafts never lodged, days:"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.save_button.setText(self.tr("Save the periods"))
        self.purge_button.setText(self.tr("Purge now…"))
        self.purge_button.setToolTip(
            self.tr(
                "Erase verified HKID copies and delete closed cases and drafts past these periods (audited)"
            )
        )
        self._enable()

    @property
    def allowed(self) -> bool:
        user = current_user(self.context)
        return user is not None and role_allows(user.role, Action.PURGE)

    def refresh(self) -> None:
        settings = retention_settings(self.context.database)
        self.case_years.setValue(settings.case_years)
        self.id_copy_days.setValue(settings.id_copy_days)
        self.draft_days.setValue(settings.draft_days)
        self._enable()

    def _enable(self) -> None:
        busy = self.task is not None and self.task.running
        allowed = self.allowed
        only = self.tr("Only an administrator may change the periods or purge.")
        self.permission_note.setText(only)
        self.permission_note.setVisible(not allowed)
        for widget in (
            self.case_years,
            self.id_copy_days,
            self.draft_days,
            self.save_button,
            self.purge_button,
        ):
            widget.setEnabled(allowed and not busy)

    def _run(self, work: Callable[[], object], done: Callable[[object], None]) -> tasks.Task:
        return run_for(self, self, work, done)

    def save(self) -> tasks.Task | None:
        if not self.allowed:
            return None
        settings = RetentionSettings(
            self.case_years.value(), self.id_copy_days.value(), self.draft_days.value()
        )
        database, actor = self.context.database, self.context.user or ""
        return self._run(lambda: save_settings(database, settings, actor=actor), lambda _value: None)

    def ask_purge(self) -> tasks.Task | None:
        """List what would go (a dry run in the background), then ask before removing it."""
        if not self.allowed:
            return None
        database, evidence, actor = (
            self.context.database,
            self.context.data_dir.evidence,
            self.context.user or "",
        )

        def listed(value: object) -> None:
            assert isinstance(value, PurgeReport)
            due = value.due
            if due.empty:
                messages.info(self, self.tr("Nothing is past its retention period."))
                return
            confirmed = messages.question(
                self,
                self.tr(
                    "Remove {copies} HKID copies, {cases} cases and {drafts} form drafts for good? Each "
                    "removal is recorded in the audit trail; the data cannot be brought back."
                ).format(copies=len(due.id_copies), cases=len(due.cases), drafts=len(due.drafts)),
            )
            if confirmed:
                self._run(lambda: purge(database, evidence, actor=actor), self._purged)

        return self._run(lambda: purge(database, evidence, actor=actor, dry_run=True), listed)

    def _purged(self, value: object) -> None:
        assert isinstance(value, PurgeReport)
        messages.info(
            self,
            self.tr(
                "Removed {copies} HKID copies, {cases} cases and {drafts} form drafts; {entries} older audit "
                "entries about them lost their values (who did what, and when, is kept)."
            ).format(
                copies=len(value.due.id_copies),
                cases=len(value.due.cases),
                drafts=len(value.due.drafts),
                entries=value.entries_redacted,
            ),
        )

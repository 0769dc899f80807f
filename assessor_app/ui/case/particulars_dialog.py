"""Update a person's current particulars from the case view: as lodged, stored now and new, side by side.

The case keeps its own particulars (as lodged; the header shows them); this dialog edits the applicant's
current record through :func:`~assessor_app.core.services.intake.particulars.update_particulars` on the task
queue, with a required reason, each changed field audited (old → new).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.application_form import ApplicationForm
from assessor_app.core.services.intake import particulars
from assessor_app.core.services.intake.particulars import FIELD_NAMES, CaseParticulars
from assessor_app.ui import dialog_parts
from assessor_app.ui.context import UiContext


def _shown(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


class ParticularsDialog(QDialog):
    """Each particular in a row: as lodged on this case, stored now, and the new value to store."""

    def __init__(self, context: UiContext, found: CaseParticulars, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("particulars_dialog")
        self.context = context
        self.found = found
        zh = context.language.startswith("zh")
        grid = QGridLayout()
        self.headings = [QLabel() for _ in range(4)]
        for column, heading in enumerate(self.headings):
            grid.addWidget(heading, 0, column)
        self.new: dict[str, QLineEdit] = {}
        for row, (field, (name_zh, name_en)) in enumerate(FIELD_NAMES.items(), start=1):
            caption = QLabel(name_zh if zh else name_en)
            lodged = QLabel(_shown(found.as_lodged.get(field)))
            lodged.setObjectName(f"particulars_lodged_{field}")
            current = QLabel(_shown(found.current.get(field)))
            current.setObjectName(f"particulars_current_{field}")
            edit = QLineEdit(_shown(found.current.get(field)))
            edit.setObjectName(f"particulars_new_{field}")
            caption.setBuddy(edit)
            self.new[field] = edit
            for column, widget in enumerate((caption, lodged, current, edit)):
                grid.addWidget(widget, row, column)
        self.reason_caption = QLabel()
        self.reason = QLineEdit()
        self.reason.setObjectName("particulars_reason")
        self.reason_caption.setBuddy(self.reason)
        self.reason.textChanged.connect(lambda _text: self._update_ok())
        grid.addWidget(self.reason_caption, len(FIELD_NAMES) + 1, 0)
        grid.addWidget(self.reason, len(FIELD_NAMES) + 1, 1, 1, 3)
        self.problem = dialog_parts.problem_label("particulars_problem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("particulars_ok")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.reason.text().strip()))

    def form(self) -> ApplicationForm:
        """The new particulars in the intake form's fields (the core checks them by the form's rules)."""
        form = ApplicationForm()
        for field, edit in self.new.items():
            setattr(form, field, edit.text())
        return form

    def save(self) -> None:
        database, actor = self.context.database, self.context.user or ""
        applicant_id, form, reason = self.found.applicant_id, self.form(), self.reason.text()
        dialog_parts.save_in_background(
            self,
            lambda: particulars.update_particulars(database, applicant_id, form, actor=actor, reason=reason),
            saved=lambda _changes: self.accept(),
            problem=self.problem,
            language=self.context.language,
            busy=self.ok_button,
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Update the applicant's particulars"))
        for heading, text in zip(
            self.headings,
            (
                self.tr("Particular"),
                self.tr("On this case (as lodged)"),
                self.tr("Stored now"),
                self.tr("New"),
            ),
            strict=True,
        ):
            heading.setText(text)
        self.hint.setText(
            self.tr(
                "This changes the person's current record, audited field by field. This case and every other "
                "case keep the particulars they were lodged with."
            )
        )
        self.reason_caption.setText(self.tr("&Reason (required):"))


class ParticularsButton(QPushButton):
    """The case header's "Update particulars…" button (it words itself in the current language)."""

    def __init__(
        self, context: UiContext, application_id: Callable[[], int | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("case_update_particulars")
        self.context = context
        self.application_id = application_id
        self.dialog: ParticularsDialog | None = None
        self.clicked.connect(lambda _checked=False: self.open_dialog())
        self.retranslate()

    def open_dialog(self) -> ParticularsDialog | None:
        """Read the case's and the person's particulars and open the dialog (window-modal, not blocking)."""
        application_id = self.application_id()
        if application_id is None:
            return None
        found = particulars.case_particulars(self.context.database, application_id)
        self.dialog = ParticularsDialog(self.context, found, self.window())
        self.dialog.finished.connect(self.dialog.deleteLater)
        self.dialog.open()
        return self.dialog

    def retranslate(self) -> None:
        self.setText(self.tr("Update particulars…"))
        self.setToolTip(
            self.tr("Change the person's current particulars (this case keeps those it was lodged with)")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

"""The case view's period buttons (correct, add, remove; open as ``allowed_actions`` says) and removal dialog.

Correcting and adding use :mod:`period_dialog`'s one dialog; removing asks which period and why, and says
what goes before it is done by :func:`~assessor_app.core.services.evidence.period_corrections.remove_period`
on the task queue. After each, the case view reads the case again (the worksheet shows the new verdict).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from assessor_app.core.services.cases.summary import CaseSummary, PeriodRow
from assessor_app.core.services.evidence import period_corrections
from assessor_app.core.services.review.permissions import Permission
from assessor_app.ui import dialog_parts
from assessor_app.ui.case import period_dialog
from assessor_app.ui.case.dialogs import period_text
from assessor_app.ui.context import UiContext

NOT_READ = Permission(False)  # before the case is read: nothing to correct yet


class RemovePeriodDialog(QDialog):
    """Remove one period: which, why, and what its removal takes away (OK is the confirmation)."""

    saved = Signal(object)  # the CorrectionResult

    def __init__(
        self,
        context: UiContext,
        application_id: int,
        periods: Sequence[PeriodRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("period_remove_dialog")
        self.context = context
        self.language = context.language
        self.application_id = application_id
        self.periods = list(periods)
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("remove_period")
        for period in self.periods:
            self.period_combo.addItem(period_text(period), period.id)
        self.period_combo.currentIndexChanged.connect(lambda _index: self._show_what_goes())
        self.reason = QLineEdit()
        self.reason.setObjectName("remove_reason")
        self.reason.textChanged.connect(lambda _text: self._update_ok())
        self.what_goes = QLabel()
        self.what_goes.setObjectName("remove_what_goes")
        self.what_goes.setWordWrap(True)
        self.problem = dialog_parts.problem_label("remove_problem")
        self.period_caption = QLabel()
        self.period_caption.setBuddy(self.period_combo)
        self.reason_caption = QLabel()
        self.reason_caption.setBuddy(self.reason)
        form = QFormLayout()
        form.addRow(self.period_caption, self.period_combo)
        form.addRow(self.reason_caption, self.reason)
        form.addRow(self.what_goes)
        self.buttons = dialog_parts.lay_out_form(self, form)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("remove_ok")
        self.retranslate()
        self._update_ok()

    def period(self) -> PeriodRow | None:
        index = self.period_combo.currentIndex()
        return self.periods[index] if 0 <= index < len(self.periods) else None

    def _show_what_goes(self) -> None:
        period = self.period()
        self.what_goes.setText(
            self.tr(
                "This removes “{period}” and its relevance to the qualifications, and the eligibility is "
                "decided again without it. Its checklist lines and their files stay, no longer tied to a "
                "period. The audit trail keeps what it was."
            ).format(period=period_text(period))
            if period is not None
            else ""
        )

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.reason.text().strip()) and self.period() is not None)

    def save(self) -> None:
        period = self.period()
        if period is None:
            return
        database, operator = self.context.database, self.context.user or ""  # a username: who removes
        application_id, period_id, reason = self.application_id, period.id, self.reason.text()

        def saved(result: object) -> None:
            self.saved.emit(result)
            self.accept()

        dialog_parts.save_in_background(
            self,
            lambda: period_corrections.remove_period(
                database, application_id, period_id, actor=operator, reason=reason
            ),
            saved=saved,
            problem=self.problem,
            language=self.language,
            busy=self.ok_button,
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Remove a period of experience"))
        self.period_caption.setText(self.tr("&Period:"))
        self.reason_caption.setText(self.tr("&Reason (required):"))
        self.reason.setPlaceholderText(self.tr("Why, e.g. entered twice"))
        self.ok_button.setText(self.tr("Remove the period"))
        self._show_what_goes()


class PeriodButtons(QWidget):
    """ "Correct a period…", "Add a period…" and "Remove a period…", open only where the core allows it
    (a disabled button's tooltip says why); each opens its dialog over the case ``summary()`` returns."""

    def __init__(
        self,
        context: UiContext,
        summary: Callable[[], CaseSummary | None],
        on_saved: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.summary = summary
        self.on_saved = on_saved
        self.permission = NOT_READ
        self.buttons: dict[str, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for key, opens in (("correct", self.correct), ("add", self.add), ("remove", self.remove)):
            button = QPushButton()
            button.setObjectName(f"case_{key}_period")
            button.clicked.connect(lambda _checked=False, run=opens: run())
            self.buttons[key] = button
            layout.addWidget(button)
        self.retranslate()

    def correct(self) -> period_dialog.PeriodCorrectionDialog | None:
        return period_dialog.open_dialog(self.window(), self.context, self.summary(), self.on_saved)

    def add(self) -> period_dialog.PeriodCorrectionDialog | None:
        return period_dialog.open_dialog(
            self.window(), self.context, self.summary(), self.on_saved, adding=True
        )

    def remove(self) -> RemovePeriodDialog | None:
        summary = self.summary()
        if summary is None or not summary.periods:
            return None
        dialog = RemovePeriodDialog(self.context, summary.application_id, summary.periods, self.window())
        dialog.saved.connect(lambda _result: self.on_saved())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def show_permission(self, permission: Permission) -> None:
        """Enable the buttons as ``permission`` (CORRECT_PERIODS, read with the case) says."""
        self.permission = permission
        self._update()

    def _update(self) -> None:
        summary = self.summary()
        has_periods = summary is not None and bool(summary.periods)
        why_not = self.permission.reason(self.context.language)
        no_periods = self.tr("The case has no period of experience.")
        hints = {
            "correct": self.tr("Correct a period's dates, industry, relevance, weight or overseas decision"),
            "add": self.tr("Add a period the applicant left off the form"),
            "remove": self.tr("Remove a period, with the reason"),
        }
        for key, button in self.buttons.items():
            needs_period = key != "add"
            button.setEnabled(self.permission.allowed and (has_periods or not needs_period))
            if not self.permission.allowed:
                button.setToolTip(why_not)
            elif needs_period and not has_periods:
                button.setToolTip(no_periods)
            else:
                button.setToolTip(hints[key])

    def retranslate(self) -> None:
        self.buttons["correct"].setText(self.tr("Correct a period…"))
        self.buttons["add"].setText(self.tr("Add a period…"))
        self.buttons["remove"].setText(self.tr("Remove a period…"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

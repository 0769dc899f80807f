"""Dialogs of the review: asking the applicant for documents, and recording a fee-reimbursement receipt.

Each dialog saves through the core on the task queue when OK is pressed and closes once it is written; a
refusal is shown inside it, next to what was typed, and the dialog stays open. :func:`run_dialog` is the
one place they run modally (tests replace it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.enums import EvidenceStatus
from assessor_app.core.errors import AppError
from assessor_app.core.services.evidence.case_checklist import ChecklistItem
from assessor_app.core.services.review.document_requests import RequestRow, create_request
from assessor_app.core.services.review.reimbursement import ReimbursementRow, record_claim
from assessor_app.ui import tasks
from assessor_app.ui.case.checklist_model import document_name
from assessor_app.ui.context import UiContext
from assessor_app.ui.dialog_parts import ask, problem_label, run_modal, show_problem

DEFAULT_WAIT = timedelta(days=14)
LONGEST_WAIT = timedelta(days=366)
ASKABLE = frozenset({EvidenceStatus.MISSING.value, EvidenceStatus.REJECTED.value})
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole


# Bound here because tests replace this module's run_dialog.
run_dialog = run_modal


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class SavingDialog(QDialog):
    """A dialog whose OK writes through the core on the task queue: closed once written, else it says why."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.saving = False  # the write is queued or running
        self.problem = problem_label("dialog_problem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def save(self) -> None:
        raise NotImplementedError

    def write(self, work: Callable[[], Any], saved: Callable[[Any], None]) -> None:
        """Run ``work`` on the worker thread; ``saved(result)`` and close, or show the refusal and stay."""
        if self.saving:
            return

        def done(result: Any) -> None:
            self.saving = False
            self.buttons.setEnabled(True)
            saved(result)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.saving = False
            self.buttons.setEnabled(True)
            if isinstance(exc, AppError):
                show_problem(self.problem, exc, self.context.language)
            else:
                tasks.show_error(exc)

        self.saving = True
        self.buttons.setEnabled(False)
        tasks.run_in_background(lambda _control: work(), on_success=done, on_error=failed)


class RequestDocumentsDialog(SavingDialog):
    """Tick the checklist documents still missing (or rejected), add any other lines, choose the due date."""

    def __init__(
        self,
        context: UiContext,
        application_id: int,
        checklist: Sequence[ChecklistItem],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.setObjectName("request_documents_dialog")
        self.application_id = application_id
        self.today = today
        self.created: RequestRow | None = None
        self.setWindowTitle(self.tr("Request documents"))
        language = context.language

        self.items_label = QLabel(self.tr("Documents still missing on the checklist:"))
        self.item_list = QListWidget()
        self.item_list.setObjectName("request_items")
        self.item_list.setWordWrap(
            True
        )  # a document with its employment is long: wrap, never scroll sideways
        self.item_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for item in checklist:
            if item.status not in ASKABLE:
                continue
            text = document_name(item, language)
            if item.period_label:
                text = f"{text} — {item.period_label}"
            if item.status == EvidenceStatus.REJECTED:
                text = self.tr("{document} (rejected: {reason})").format(document=text, reason=item.reason)
            entry = QListWidgetItem(text)
            entry.setToolTip(text)
            entry.setData(ITEM_ID_ROLE, item.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked)
            self.item_list.addItem(entry)
        self.none_missing = QLabel(self.tr("Nothing on the checklist is missing: list what you need below."))

        self.other_edit = QPlainTextEdit()
        self.other_edit.setObjectName("request_other")
        self.other_edit.setTabChangesFocus(True)
        self.other_edit.setPlaceholderText(self.tr("One document per line, e.g. Payslips for 2023"))
        self.other_edit.setMaximumHeight(90)
        self.due_edit = QDateEdit(to_qdate(today + DEFAULT_WAIT))
        self.due_edit.setObjectName("request_due")
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd")
        self.due_edit.setMinimumDate(to_qdate(today))
        self.due_edit.setMaximumDate(to_qdate(today + LONGEST_WAIT))
        self.problem.setObjectName("request_problem")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record the request"))
        form = QFormLayout()
        form.addRow(self.tr("Other documents"), self.other_edit)
        form.addRow(self.tr("Please send by"), self.due_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.items_label)
        layout.addWidget(self.item_list, 1)
        layout.addWidget(self.none_missing)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.none_missing.setVisible(self.item_list.count() == 0)  # in the layout first: never a window
        self.item_list.setVisible(self.item_list.count() > 0)
        self.resize(620, 460)

    def chosen_items(self) -> list[str]:
        """Checklist item ids (as the core takes them: strings of digits) and the free-text lines."""
        ticked = [
            str(self.item_list.item(row).data(ITEM_ID_ROLE))
            for row in range(self.item_list.count())
            if self.item_list.item(row).checkState() == Qt.CheckState.Checked
        ]
        typed = [line.strip() for line in self.other_edit.toPlainText().splitlines() if line.strip()]
        return ticked + typed

    def due_date(self) -> date:
        return from_qdate(self.due_edit.date())

    def save(self) -> None:
        database, application_id, actor = self.context.database, self.application_id, self.context.user
        items, due_date, today = self.chosen_items(), self.due_date(), self.today
        self.write(
            lambda: create_request(
                database, application_id, actor=actor, items=items, due_date=due_date, today=today
            ),
            self._created,
        )

    def _created(self, created: RequestRow) -> None:
        self.created = created


def ask_document_request(
    parent: QWidget | None,
    context: UiContext,
    application_id: int,
    checklist: Sequence[ChecklistItem],
    today: date,
) -> RequestRow | None:
    """The request recorded, or None if the dialog was cancelled."""
    dialog = RequestDocumentsDialog(context, application_id, checklist, today, parent)
    return ask(dialog, run_dialog, lambda: dialog.created)


class ReceiptDialog(SavingDialog):
    """Record the Secretariat's receipt number of a fee-reimbursement claim (a reason to replace one)."""

    def __init__(self, context: UiContext, row: ReimbursementRow, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("receipt_dialog")
        self.row = row
        self.recorded: ReimbursementRow | None = None
        self.setWindowTitle(self.tr("Fee reimbursement claimed"))
        title = row.title_zh if context.language.startswith("zh") else row.title_en
        name = row.applicant_name_zh if context.language.startswith("zh") else row.applicant_name_en
        self.about = QLabel(
            self.tr("{reference} · {name} · {title}\nClaim by {deadline}").format(
                reference=row.reference_no or "",
                name=name or row.applicant_name_en,
                title=title,
                deadline=row.deadline.isoformat(),
            )
        )
        self.about.setWordWrap(True)
        self.receipt_edit = QLineEdit(row.receipt_no or "")
        self.receipt_edit.setObjectName("receipt_number")
        self.receipt_edit.setMaxLength(60)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("receipt_reason")
        self.reason_edit.setPlaceholderText(self.tr("only when replacing a number already recorded"))
        self.problem.setObjectName("receipt_problem")
        form = QFormLayout()
        form.addRow(self.tr("Receipt number"), self.receipt_edit)
        form.addRow(self.tr("Reason"), self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(460, 0)

    def save(self) -> None:
        database, applied_id, actor = (
            self.context.database,
            self.row.applied_qualification_id,
            self.context.user,
        )
        receipt_no, reason = self.receipt_edit.text(), self.reason_edit.text()
        self.write(
            lambda: record_claim(database, applied_id, receipt_no=receipt_no, actor=actor, reason=reason),
            self._recorded,
        )

    def _recorded(self, recorded: ReimbursementRow) -> None:
        self.recorded = recorded


def ask_receipt_number(
    parent: QWidget | None, context: UiContext, row: ReimbursementRow
) -> ReimbursementRow | None:
    dialog = ReceiptDialog(context, row, parent)
    return ask(dialog, run_dialog, lambda: dialog.recorded)

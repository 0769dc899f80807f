"""The Batches page's dialogs: the preview of returned results (apply all or nothing) and the report of
a merge (the export dialog is in :mod:`.export_dialog`). They are opened window-modal with ``open()``
(never a blocking ``exec()``), so the page and tests drive them directly."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain import hkid
from assessor_app.core.domain.permissions import Action, role_allows
from assessor_app.core.hong_kong_time import hong_kong_text
from assessor_app.core.services.sync.import_results import ResultsPreview
from assessor_app.core.services.sync.merge import MergeReport
from assessor_app.core.services.sync.selection import reference_numbers
from assessor_app.ui import i18n
from assessor_app.ui.batches.conflicts import resolution_label
from assessor_app.ui.batches.models import ChangesTableModel, change_rows
from assessor_app.ui.batches.text import reason_part
from assessor_app.ui.context import UiContext
from assessor_app.ui.dialog_parts import ApplyPreviewDialog
from assessor_app.ui.pages.base import hint_label, list_table
from assessor_app.ui.users import current_user

WARNING_STYLE = "color: #b3261e;"


def may_import_results(context: UiContext) -> bool:
    """Whether the current user's role may apply returned results (the core checks again on apply)."""
    user = current_user(context)
    return user is not None and role_allows(user.role, Action.IMPORT_RESULTS)


class ResultsPreviewDialog(ApplyPreviewDialog):
    """Every change a returned workbook would make, under the batch it belongs to; Apply records all of
    them, or none, and is open only to the roles that may import results (a disabled one says why)."""

    def __init__(
        self, preview: ResultsPreview, parent: QWidget | None = None, *, allowed: bool = True
    ) -> None:
        super().__init__("results", parent)
        self.setObjectName("results_preview_dialog")
        self.preview = preview
        self.allowed = allowed
        self.batch_label = QLabel()
        self.batch_label.setObjectName("results_batch")
        self.batch_label.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("results_summary")
        self.summary.setWordWrap(True)
        self.permission_note = QLabel()
        self.permission_note.setObjectName("results_permission")
        self.permission_note.setWordWrap(True)
        self.permission_note.setStyleSheet(WARNING_STYLE)
        self.permission_note.setVisible(not allowed)
        self.apply_button.setEnabled(allowed)
        self.model = ChangesTableModel(self)
        self.model.set_rows(change_rows(preview))
        self.table = list_table("results_changes")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        # The long texts share what the codes and dates leave, ending in "…" (the tooltip has them whole),
        # so the remarks are in view beside the rest without scrolling sideways.
        for key in ("qualification", "new", "remarks"):
            header.setSectionResizeMode(self.model.column_index(key), QHeaderView.ResizeMode.Stretch)
        self.note = hint_label("results_note")
        self.lay_out(
            self.batch_label, self.summary, self.table, self.note, self.permission_note, stretch=self.table
        )
        self.resize(900, 520)

    def retranslate(self) -> None:
        preview, batch = self.preview, self.preview.batch
        cases = len({change.application_uid for change in preview.changes})
        self.setWindowTitle(self.tr("Import results: {file}").format(file=preview.path.name))
        self.batch_label.setText(
            self.tr(
                "Returned workbook of batch {batch} ({file}), exported {when} by {user}: %n case(s).",
                "",
                batch.case_count,
            ).format(batch=batch.id, file=batch.file_name, when=batch.exported_at, user=batch.created_by)
        )
        self.summary.setText(
            self.tr(
                "{file}: {read} result row(s) read, {pending} without a result yet. "
                "{changes} change(s) to {cases} case(s), {statuses} case status change(s):"
            ).format(
                file=preview.path.name,
                read=preview.rows_read,
                pending=preview.rows_pending,
                changes=len(preview.changes),
                cases=cases,
                statuses=len(preview.status_changes),
            )
        )
        self.note.setText(
            self.tr(
                "Apply records every change above in one step, or none if anything is wrong. "
                "A result already recorded is never overwritten."
            )
        )
        only = self.tr("Only a supervisor or an administrator may apply returned results.")
        self.permission_note.setText(only)
        self.apply_button.setToolTip("" if self.allowed else only)
        self.apply_button.setText(self.tr("Apply all changes"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.model.retranslate()


class MergeReportDialog(QDialog):
    """What merging another laptop's batch did: added, unchanged, conflicts with reasons, merged cases the
    merge rule updated, possible duplicates. When conflicts are open, a note and a button lead to the
    list where a supervisor resolves them."""

    conflicts_requested = Signal()

    def __init__(
        self, report: MergeReport, references: dict[str, str | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("merge_report_dialog")
        self.report = report
        self.references = references
        self.open_conflicts = [conflict for conflict in report.conflicts if conflict.resolution is None]
        self.summary = QLabel()
        self.summary.setObjectName("merge_summary")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("merge_tree")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.conflicts_note = QLabel()
        self.conflicts_note.setObjectName("merge_conflicts_note")
        self.conflicts_note.setWordWrap(True)
        self.conflicts_note.setStyleSheet(WARNING_STYLE)
        self.conflicts_note.setVisible(bool(self.open_conflicts))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("merge_open_conflicts")
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        self.buttons.addButton(self.conflicts_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.conflicts_button.setVisible(bool(self.open_conflicts))  # after addButton, which shows it
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.conflicts_note)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.resize(860, 520)

    def _case(self, uid: str, reference: str | None = None) -> str:
        shown = reference or self.references.get(uid)
        return f"{shown} ({uid})" if shown else uid

    def lines(self) -> list[str]:
        """Every line of the tree, indented by depth (what the dialog shows, as text)."""
        found: list[str] = []

        def walk(item: QTreeWidgetItem | None, depth: int) -> None:
            if item is None:
                return
            found.append("  " * depth + item.text(0))
            for index in range(item.childCount()):
                walk(item.child(index), depth + 1)

        for index in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(index), 0)
        return found

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        report, signer = self.report, self.report.signer
        self.setWindowTitle(self.tr("Merge report: {file}").format(file=report.path.name))
        signed = self.tr(" Signed by station {station} (key {fingerprint}) at {when} (Hong Kong time).")
        self.summary.setText(
            self.tr(
                "{file}: {added} case(s) added, {unchanged} already identical, {conflicts} conflict(s) "
                "for a person to resolve, {replaced} merged case(s) updated by the merge rule, "
                "{duplicates} possible duplicate applicant(s). Nothing created or changed on this laptop "
                "was overwritten."
            ).format(
                file=report.path.name,
                added=len(report.added),
                unchanged=len(report.unchanged),
                conflicts=len(report.conflicts),
                replaced=len(report.replaced),
                duplicates=len(report.duplicates),
            )
            + (
                signed.format(
                    station=signer.station_code,
                    fingerprint=signer.fingerprint,
                    when=hong_kong_text(datetime.fromisoformat(signer.signed_at)),
                )
                if signer
                else ""
            )
        )
        self.tree.clear()

        def group(title: str, count: int) -> QTreeWidgetItem:
            item = QTreeWidgetItem([title.format(count=count)])
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            self.tree.addTopLevelItem(item)
            return item

        added = group(self.tr("Added ({count})"), len(report.added))
        for uid in report.added:
            added.addChild(QTreeWidgetItem([self._case(uid)]))
        unchanged = group(self.tr("Already identical, nothing done ({count})"), len(report.unchanged))
        for uid in report.unchanged:
            unchanged.addChild(QTreeWidgetItem([self._case(uid)]))
        conflicts = group(self.tr("Conflicts to resolve ({count})"), len(report.conflicts))
        for conflict in report.conflicts:
            case = self._case(conflict.application_uid, conflict.reference_no)
            text = self.tr("Conflict #{number}: {case}").format(number=conflict.conflict_id, case=case)
            if conflict.resolution is not None:
                text = self.tr("{conflict} (already decided: {decision})").format(
                    conflict=text, decision=resolution_label(conflict.resolution)
                )
            item = QTreeWidgetItem([text])
            for reason in conflict.reasons:
                item.addChild(QTreeWidgetItem([reason_part(reason, i18n.current_language())]))
            conflicts.addChild(item)
        replaced = group(self.tr("Merged cases updated by the merge rule ({count})"), len(report.replaced))
        for replacement in report.replaced:
            case = self._case(replacement.application_uid, replacement.reference_no)
            what = (
                self.tr("{case}: the applicant's particulars")
                if replacement.what == "applicant"
                else self.tr("{case}: the case's content")
            ).format(case=case)
            if replacement.displaced_conflict_id is not None:
                what = self.tr("{replacement}; the copy it held is kept as conflict #{number}").format(
                    replacement=what, number=replacement.displaced_conflict_id
                )
            replaced.addChild(QTreeWidgetItem([what]))
        duplicates = group(self.tr("Possible duplicate applicants ({count})"), len(report.duplicates))
        for duplicate in report.duplicates:
            shared = (
                self.tr(
                    "Applicant {applicant} and applicant {other} share the HKID {hkid} and the date of birth."
                )
                if duplicate.same_date_of_birth
                else self.tr(
                    "Applicant {applicant} and applicant {other} share the HKID {hkid}; their dates of birth "
                    "differ."
                )
            )
            duplicates.addChild(
                QTreeWidgetItem(
                    [
                        shared.format(
                            applicant=duplicate.applicant_uid,
                            other=duplicate.other_applicant_uid,
                            hkid=hkid.mask(duplicate.hkid),
                        )
                    ]
                )
            )
        self.tree.expandAll()
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            if top is not None:
                top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        self.conflicts_note.setText(
            self.tr(
                "%n case(s) differ from this laptop's version and wait for a supervisor's decision: "
                "Resolve conflicts lists them (also later, from Merge conflicts on the Batches page).",
                "",
                len(self.open_conflicts),
            )
        )
        self.conflicts_button.setText(self.tr("Resolve conflicts…"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(self.tr("Close"))


def merge_references(context: UiContext, report: MergeReport) -> dict[str, str | None]:
    """Reference numbers of the cases a merge report names, as this laptop now holds them."""
    return reference_numbers(context.database, [*report.added, *report.unchanged])

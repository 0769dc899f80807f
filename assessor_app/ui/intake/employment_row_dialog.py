"""The less-used columns of one employment row (relevance, kind, type, hours, in Hong Kong, duties,
proof) in a small dialog, so that the table keeps the columns typed for every row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assessor_app.ui.intake.delegates import RelevanceEditor
from assessor_app.ui.intake.employment_model import EmploymentTableModel

# The row editor's columns, in the order shown; the table shows the others.
DETAIL_KEYS = (
    "relevant_to",
    "kind",
    "employment_type",
    "hours_per_week",
    "in_hong_kong",
    "duties",
    "proof_status",
)


class EmploymentRowDialog(QDialog):
    """Opened with Ctrl+E on a row: Tab moves through the fields, Enter keeps them, Escape drops them."""

    def __init__(self, model: EmploymentTableModel, row: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("employment_row_dialog")
        self.model = model
        self.row = row
        entry = model.entries()[row]
        employer = entry.employer.strip() or self.tr("(no employer yet)")
        self.setWindowTitle(self.tr("Row {row}: details").format(row=row + 1))
        heading = QLabel(self.tr("Row {row}: {employer}").format(row=row + 1, employer=employer))
        heading.setWordWrap(True)
        self.relevance = RelevanceEditor()
        self.relevance.setObjectName("row_relevance")
        for qualification_id, label in model.qualifications():
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, qualification_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = qualification_id in entry.relevant_to
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.relevance.addItem(item)
        self.relevance.setCurrentRow(0)
        self.relevance.setMaximumHeight(90)
        self.relevance.setToolTip(
            self.tr("None ticked: relevant in the industry only. Space ticks, A all, N none.")
        )
        self.combos: dict[str, QComboBox] = {}
        for key in ("kind", "employment_type", "proof_status"):
            combo = QComboBox()
            combo.setObjectName(f"row_{key}")
            column = model.columns[model.column_index(key)]
            assert column.choices is not None
            for value, label in column.choices():
                combo.addItem(label, value)
            combo.setCurrentIndex(max(combo.findData(getattr(entry, key)), 0))
            self.combos[key] = combo
        self.hours = QLineEdit(entry.hours_per_week)
        self.hours.setObjectName("row_hours_per_week")
        self.hours.setMaximumWidth(80)
        self.in_hong_kong = QCheckBox(self.tr("Worked in Hong Kong"))
        self.in_hong_kong.setObjectName("row_in_hong_kong")
        self.in_hong_kong.setChecked(entry.in_hong_kong)
        self.duties = QLineEdit(entry.duties)
        self.duties.setObjectName("row_duties")
        self.duties.setMinimumWidth(320)
        form = QFormLayout()
        form.addRow(self.tr("Relevant to"), self.relevance)
        form.addRow(self.tr("Kind"), self.combos["kind"])
        form.addRow(self.tr("Type"), self.combos["employment_type"])
        form.addRow(self.tr("Hours/week (part-time)"), self.hours)
        form.addRow("", self.in_hong_kong)
        form.addRow(self.tr("Duties"), self.duties)
        form.addRow(self.tr("Proof"), self.combos["proof_status"])
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.accepted.connect(self._keep)

    def first_field(self) -> QWidget:
        """The relevance list when there is a qualification to tick, else the kind."""
        return self.relevance if self.relevance.count() else self.combos["kind"]

    def _keep(self) -> None:
        """Write what was changed back into the row, one cell at a time (each an edit of the form)."""
        values: dict[str, object] = {
            "relevant_to": self.relevance.ticked(),
            "hours_per_week": self.hours.text(),
            "in_hong_kong": self.in_hong_kong.isChecked(),
            "duties": self.duties.text(),
            **{key: combo.currentData() for key, combo in self.combos.items()},
        }
        for key in DETAIL_KEYS:
            index = self.model.index(self.row, self.model.column_index(key))
            role = Qt.ItemDataRole.CheckStateRole if key == "in_hong_kong" else Qt.ItemDataRole.EditRole
            self.model.setData(index, values[key], role)

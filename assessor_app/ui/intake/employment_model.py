"""The employment history as an editable table over the form's plain :class:`EmploymentEntry` rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from assessor_app.core.domain.application_form import OTHER_INDUSTRY, EmploymentEntry
from assessor_app.core.domain.form_fields import FieldProblem, Severity
from assessor_app.ui.intake import choices
from assessor_app.ui.models.row_table_model import header_text

AnyIndex = QModelIndex | QPersistentModelIndex

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 10  # "error", "warning" or None
ERROR_BACKGROUND = QColor("#fde2e1")
WARNING_BACKGROUND = QColor("#fff1cc")


@dataclass(frozen=True)
class EmploymentColumn:
    key: str  # the EmploymentEntry attribute, also the last part of a problem path
    kind: str  # "text", "choice", "check" or "relevance"
    choices: Callable[[], list[tuple[str, str]]] | None = None


class EmploymentTableModel(QAbstractTableModel):
    """One row per period; text cells edit as typed, choice cells hold a stored code, flags are checkable."""

    rows_edited = Signal()  # a user edit, a row added or removed

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[EmploymentEntry] = []
        self._problems: dict[tuple[int, str], list[FieldProblem]] = {}
        self._language = "en"
        self._industries: list[tuple[str, str]] = [("", "—")]
        # The chosen qualifications: (id, industry's English name, short label), in the order chosen.
        self._qualifications: list[tuple[int, str, str]] = []
        self.event_industry = ""  # the one industry of the event's agency's qualifications, if one
        self.columns = [
            EmploymentColumn("employer", "text"),
            EmploymentColumn("post", "text"),
            EmploymentColumn("industry", "choice", lambda: self._industries),
            EmploymentColumn("relevant_to", "relevance"),
            EmploymentColumn("start", "text"),
            EmploymentColumn("end", "text"),
            EmploymentColumn("present", "check"),
            EmploymentColumn("kind", "choice", choices.period_kind_choices),
            EmploymentColumn("employment_type", "choice", choices.employment_type_choices),
            EmploymentColumn("hours_per_week", "text"),
            EmploymentColumn("in_hong_kong", "check"),
            EmploymentColumn("duties", "text"),
            EmploymentColumn("proof_status", "choice", choices.proof_choices),
        ]
        self._headers = self._header_texts()

    # --- what the page uses -------------------------------------------------------------------

    def entries(self) -> list[EmploymentEntry]:
        """Copies of the rows, safe to hand to another thread."""
        return [_copy(row) for row in self._rows]

    def set_entries(self, rows: Sequence[EmploymentEntry]) -> None:
        self.beginResetModel()
        self._rows = [_copy(row) for row in rows]
        self._problems = {}
        self.endResetModel()

    def add_row(self) -> int:
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(self.new_entry())
        self.endInsertRows()
        self.rows_edited.emit()
        return position

    def remove_row(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self.rows_edited.emit()

    def new_entry(self) -> EmploymentEntry:
        """A new row: in the previous row's industry, else the first chosen qualification's, else the
        event's; relevant to every chosen qualification of that industry (docs/eligibility.md,
        "Relevance at intake")."""
        if self._rows and self._rows[-1].industry:
            industry = self._rows[-1].industry
        elif self._qualifications:
            industry = self._qualifications[0][1]
        else:
            industry = self.event_industry
        return EmploymentEntry(industry=industry, relevant_to=self._default_relevance(industry))

    def _default_relevance(self, industry: str) -> list[int]:
        wanted = industry.strip().casefold()
        return [qid for qid, name, _label in self._qualifications if wanted and name.casefold() == wanted]

    def qualifications(self) -> list[tuple[int, str]]:
        """(id, short label) of each chosen qualification, for the relevance editor."""
        return [(qid, label) for qid, _industry, label in self._qualifications]

    def set_qualifications(self, chosen: Sequence[tuple[int, str, str]], *, adjust: bool = True) -> None:
        """The chosen qualifications changed: a removed one leaves every row's relevance, an added one
        is relevant to the rows of its industry (the default of a new row)."""
        before = {qid for qid, _industry, _label in self._qualifications}
        self._qualifications = list(chosen)
        now = {qid for qid, _industry, _label in self._qualifications}
        changed = False
        for row in self._rows if adjust else []:
            kept = [qid for qid in row.relevant_to if qid in now]
            for qid, industry, _label in self._qualifications:
                if (
                    qid not in before
                    and qid not in kept
                    and industry.casefold() == row.industry.strip().casefold()
                ):
                    kept.append(qid)
            if kept != row.relevant_to:
                row.relevant_to = kept
                changed = True
        self._refresh_all()
        if changed:
            self.rows_edited.emit()

    def relevance_text(self, relevant_to: Sequence[int]) -> str:
        """ "All", "Industry only" or the short labels of the qualifications ticked."""
        ids = [qid for qid, _industry, _label in self._qualifications]
        ticked = [qid for qid in ids if qid in relevant_to]
        if not ticked:
            return self.tr("Industry only")
        if len(ticked) == len(ids):
            return self.tr("All")
        labels = {qid: label for qid, _industry, label in self._qualifications}
        return ", ".join(labels[qid] for qid in ticked)

    def column_index(self, key: str) -> int:
        return next(i for i, column in enumerate(self.columns) if column.key == key)

    def set_industries(self, industries: list[tuple[str, str]]) -> None:
        """(stored English name, label in the current language) of every industry."""
        self._industries = [("", "—"), *industries, (OTHER_INDUSTRY, self.tr("Other industry (not counted)"))]
        self._refresh_all()

    def set_problems(self, problems: Sequence[FieldProblem], language: str) -> None:
        """Mark cells from problem paths ``employment.<row>.<column>``."""
        marked: dict[tuple[int, str], list[FieldProblem]] = {}
        for problem in problems:
            parts = problem.field.split(".")
            if len(parts) == 3 and parts[0] == "employment" and parts[1].isdigit():
                marked.setdefault((int(parts[1]), parts[2]), []).append(problem)
        if marked == self._problems and language == self._language:
            return
        self._problems = marked
        self._language = language
        self._refresh_all()

    def problem_at(self, row: int, key: str) -> list[FieldProblem]:
        return list(self._problems.get((row, key), []))

    def retranslate(self) -> None:
        self._headers = self._header_texts()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        self._refresh_all()

    def _header_texts(self) -> list[str]:
        return [
            self.tr("Employer *"),
            self.tr("Post"),
            self.tr("Industry"),
            self.tr("Relevant to"),
            self.tr("Start *"),
            self.tr("End"),
            self.tr("Present"),
            self.tr("Kind"),
            self.tr("Type"),
            self.tr("Hours/week"),
            self.tr("In HK"),
            self.tr("Duties"),
            self.tr("Proof"),
        ]

    def _refresh_all(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    # --- QAbstractItemModel -------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].kind == "check":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        value = getattr(row, column.key)
        problems = self._problems.get((index.row(), column.key), [])
        if role == PROBLEM_ROLE:
            if not problems:
                return None
            return "error" if any(p.severity is Severity.ERROR for p in problems) else "warning"
        if role == Qt.ItemDataRole.BackgroundRole and problems:
            error = any(p.severity is Severity.ERROR for p in problems)
            return QBrush(ERROR_BACKGROUND if error else WARNING_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            if problems:
                return "\n".join(p.message(self._language) for p in problems)
            return None
        if column.kind == "check":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        if column.kind == "relevance":
            if role == Qt.ItemDataRole.EditRole:
                return list(value)
            if role == Qt.ItemDataRole.DisplayRole:
                return self.relevance_text(value)
            return None
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            if column.choices is not None:
                return choices.label_for(column.choices(), value)
            return value
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.row() >= len(self._rows):
            return False
        column = self.columns[index.column()]
        row = self._rows[index.row()]
        if column.kind == "check":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            new_value: Any = (
                value if isinstance(value, bool) else Qt.CheckState(value) == Qt.CheckState.Checked
            )
        elif column.kind == "relevance":
            if role != Qt.ItemDataRole.EditRole:
                return False
            chosen = {qid for qid, _industry, _label in self._qualifications}
            new_value = [int(qid) for qid in dict.fromkeys(value or []) if int(qid) in chosen]
        else:
            if role != Qt.ItemDataRole.EditRole:
                return False
            new_value = "" if value is None else str(value)
        if getattr(row, column.key) == new_value:
            return True
        setattr(row, column.key, new_value)
        self.dataChanged.emit(index, index)
        if column.key == "industry":  # a new industry: its relevance is decided afresh (the default)
            row.relevant_to = self._default_relevance(new_value)
            relevance = self.index(index.row(), self.column_index("relevant_to"))
            self.dataChanged.emit(relevance, relevance)
        self.rows_edited.emit()
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return header_text(self._headers, section, orientation, role)


def _copy(row: EmploymentEntry) -> EmploymentEntry:
    """A copy that shares no list with ``row`` (``replace`` alone would share ``relevant_to``)."""
    return replace(row, relevant_to=list(row.relevant_to))

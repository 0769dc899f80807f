"""How the intake form shows the core's problems: under each field once it has been left (all of them
after a lodging attempt), on the employment table's cells, and in the order the focus visits them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from assessor_app.core.domain.form_fields import FieldProblem
from assessor_app.ui.intake.employment_model import EmploymentTableModel
from assessor_app.ui.intake.employment_section import EmploymentSection, EmploymentTableView
from assessor_app.ui.intake.form_style import repolish, severity

# The order problems are looked at when lodging fails: the first one gets the focus.
FIELD_ORDER = (
    "received_on",
    "name_zh",
    "surname_en",
    "given_names_en",
    "alias",
    "hkid",
    "residence_status",
    "hkid_original_seen",
    "date_of_birth",
    "phone",
    "email",
    "address",
    "preferred_language",
    "employment",
    "qualifications",
    "fee_paid",
    "fee_receipt_no",
    "carer_declaration",
    "pics_acknowledged",
)
EMPLOYMENT_KEYS = (
    "employer",
    "post",
    "industry",
    "relevant_to",
    "start",
    "end",
    "present",
    "kind",
    "employment_type",
    "hours_per_week",
    "in_hong_kong",
    "duties",
    "proof_status",
)


class ProblemDisplay:
    """The problem display of :class:`~assessor_app.ui.intake.form.ApplicationFormWidget` (a mixin: the
    widget owns the labels, inputs and the employment table it marks)."""

    language: str
    show_all: bool
    _touched: set[str]
    _problems: list[FieldProblem]
    problem_labels: dict[str, QLabel]
    inputs: dict[str, QWidget]
    employment_model: EmploymentTableModel
    employment_table: EmploymentTableView
    employment_box: EmploymentSection

    def show_problems(self, problems: Sequence[FieldProblem], language: str) -> None:
        self._problems = list(problems)
        self.language = language
        self._render_problems()

    def touch_all(self) -> None:
        self.show_all = True
        self._render_problems()

    def visible_problems(self) -> list[FieldProblem]:
        if self.show_all:
            return list(self._problems)
        return [p for p in self._problems if _shown_at(p.field) in self._touched or p.field in self._touched]

    def _render_problems(self) -> None:
        visible = self.visible_problems()
        by_field: dict[str, list[FieldProblem]] = {}
        for problem in visible:
            by_field.setdefault(_shown_at(problem.field), []).append(problem)
        for key, label in self.problem_labels.items():
            found = by_field.get(key, [])
            found_severity = severity(found)
            if found:
                label.setText("\n".join(p.message(self.language) for p in found))
                label.setProperty("severity", found_severity)
                repolish(label)
                label.show()
            else:
                label.clear()
                label.hide()
            widget = self.inputs.get(key)
            if widget is not None and key != "employment":
                self._mark(widget, found_severity)
        cell_problems = [p for p in visible if p.field.startswith("employment.")]
        self.employment_model.set_problems(cell_problems, self.language)
        self._render_employment_list(by_field.get("employment", []), cell_problems)

    def describe_problem(self, problem: FieldProblem) -> str:
        """The message in the form's language; an employment cell's is prefixed with its row and column."""
        parts = problem.field.split(".")
        if len(parts) != 3 or parts[0] != "employment" or not parts[1].isdigit():
            return problem.message(self.language)
        keys = [column.key for column in self.employment_model.columns]
        header = parts[2]
        if header in keys:
            text = self.employment_model.headerData(keys.index(header), Qt.Orientation.Horizontal)
            header = str(text).rstrip(" *")
        return QCoreApplication.translate("ApplicationFormWidget", "Row {row}, {column}: {message}").format(
            row=int(parts[1]) + 1, column=header, message=problem.message(self.language)
        )

    def _render_employment_list(self, general: list[FieldProblem], cells: list[FieldProblem]) -> None:
        label = self.problem_labels["employment"]
        lines = [self.describe_problem(p) for p in [*general, *cells]]
        list_severity = severity([*general, *cells])
        # The table's frame shows only what is about the whole table; a cell's problem colours its cell.
        self._mark(self.employment_table, severity(general))
        if lines:
            label.setText("\n".join(lines))
            label.setProperty("severity", list_severity)
            repolish(label)
            label.show()
        else:
            label.clear()
            label.hide()

    def _mark(self, widget: QWidget, state: str) -> None:
        if widget.property("problem") != state:
            widget.setProperty("problem", state)
            repolish(widget)

    def focus_problem(self, problem: FieldProblem) -> None:
        """Put the cursor where ``problem`` is (the first problem after a failed lodging)."""
        parts = problem.field.split(".")
        if parts[0] == "employment" and len(parts) == 3:
            self.employment_box.go_to_cell(int(parts[1]), parts[2])
            return
        widget = self.inputs.get(problem.field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)


def _shown_at(field: str) -> str:
    """Where a problem is shown: a qualification's carer's declaration at the declarations' list."""
    parts = field.split(".")
    if len(parts) == 3 and parts[0] == "qualifications" and parts[2] == "carer_declaration":
        return "carer_declaration"
    return field


def problem_sort_key(problem: FieldProblem) -> tuple[int, int, int]:
    """Screen order: particulars, then employment row by row, then qualifications and the PICS."""
    parts = problem.field.split(".")
    head = _shown_at(problem.field).split(".")[0]
    position = FIELD_ORDER.index(head) if head in FIELD_ORDER else len(FIELD_ORDER)
    row = int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else -1
    column = EMPLOYMENT_KEYS.index(parts[2]) if len(parts) == 3 and parts[2] in EMPLOYMENT_KEYS else -1
    return position, row, column

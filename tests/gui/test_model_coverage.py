"""Every item model under assessor_app.ui is run through pytest-qt's model tester somewhere in the tests."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel

import assessor_app.ui

# Each name below has a test in the given file that makes the model (or asserts a widget's model is of
# that class) and runs check_model(qtmodeltester, ...) on it with real data. RowTableModel, the base of most, is checked through them.
CHECKED: dict[str, str] = {
    "AttachmentsModel": "test_case_view.py",
    "BatchesTableModel": "test_batches_page.py",
    "CasesTableModel": "test_cases_page.py",
    "CatalogueTableModel": "test_catalogue_page.py",
    "ChangesTableModel": "test_batches_page.py",
    "ChecklistTableModel": "test_case_view.py",
    "ConflictsTableModel": "test_merge_conflicts_page.py",
    "DashboardCountsModel": "test_event_dashboard.py",
    "DraftTableModel": "test_intake_validation.py",
    "EmploymentTableModel": "test_intake_validation.py",
    "HistoryTableModel": "test_review_flow.py",
    "PreviewTableModel": "test_catalogue_import.py",
    "ProblemsTableModel": "test_catalogue_import.py",
    "QualificationListModel": "test_intake_validation.py",
    "QueueTableModel": "test_intake_validation.py",
    "ReimbursementTableModel": "test_review_flow.py",
    "RequestsTableModel": "test_review_flow.py",
}
BASES = {"RowTableModel"}
HERE = Path(__file__).parent


def ui_models() -> set[str]:
    """The QAbstractItemModel subclasses defined (not merely imported) in any module under assessor_app.ui."""
    found: set[str] = set()
    for module_info in pkgutil.walk_packages(assessor_app.ui.__path__, "assessor_app.ui."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, QAbstractItemModel)
                and value.__module__ == module.__name__
            ):
                found.add(name)
    return found


def test_every_ui_model_passes_the_model_tester_somewhere() -> None:
    models = ui_models()
    assert "CasesTableModel" in models, "the walk found the models"
    unchecked = sorted(models - BASES - set(CHECKED))
    assert unchecked == [], f"add a check_model(qtmodeltester, ...) test for {unchecked} and list it here"
    assert sorted(set(CHECKED) - models) == [], "a listed model no longer exists"


def test_each_listed_model_is_checked_in_its_file() -> None:
    """The list stays honest: the file runs the model tester and makes the model or asserts its class."""
    for name, file_name in CHECKED.items():
        text = (HERE / file_name).read_text(encoding="utf-8")
        assert "check_model(qtmodeltester" in text, file_name
        made_or_asserted = rf"\b{name}\(|isinstance\([^)]*, {name}\)"
        assert re.search(made_or_asserted, text), (name, file_name)

"""The core's tests run without Qt: importing every one of them loads no PySide6 and no UI module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CORE_TESTS = Path(__file__).resolve().parent
ROOT = CORE_TESTS.parents[1]

PROBE = """
import importlib, pathlib, sys
root = pathlib.Path(sys.argv[1])
sys.path.insert(0, str(root))
for path in sorted(pathlib.Path(sys.argv[2]).rglob("*.py")):
    importlib.import_module(".".join(path.relative_to(root).with_suffix("").parts))
loaded = sorted(name for name in sys.modules if name.split(".")[0] in {"PySide6", "shiboken6"}
                or name == "assessor_app.ui" or name.startswith("assessor_app.ui."))
print("\\n".join(loaded))
"""


def test_importing_every_core_test_loads_no_qt() -> None:
    finished = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT), str(CORE_TESTS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "", f"tests/core loaded Qt or the UI: {finished.stdout}"


def test_the_probe_sees_qt_when_a_module_loads_it(tmp_path: Path) -> None:
    """The check can fail: a test folder whose module imports PySide6 is reported."""
    package = tmp_path / "probe_tests"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "test_gui_leak.py").write_text("import PySide6.QtCore\n")
    finished = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path), str(package)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "PySide6.QtCore" in finished.stdout

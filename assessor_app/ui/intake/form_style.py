"""How the intake form marks a problem: the style sheet, the red or amber state, the label under a field."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from assessor_app.core.domain.form_fields import FieldProblem, Severity

ERROR_COLOUR = "#b3261e"
WARNING_COLOUR = "#8a5a00"
FORM_STYLE = f"""
QLineEdit[problem="error"], QPlainTextEdit[problem="error"], QComboBox[problem="error"],
QTableView[problem="error"], QListWidget[problem="error"] {{
    border: 2px solid {ERROR_COLOUR}; background: #fff6f5;
}}
QLineEdit[problem="warning"], QPlainTextEdit[problem="warning"], QComboBox[problem="warning"],
QTableView[problem="warning"] {{
    border: 2px solid #d89200;
}}
QCheckBox[problem="error"] {{ color: {ERROR_COLOUR}; }}
QLabel[severity="error"] {{ color: {ERROR_COLOUR}; }}
QLabel[severity="warning"] {{ color: {WARNING_COLOUR}; }}
QLabel#hkid_ok {{ color: #1b6e20; }}
"""


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def problem_label(key: str) -> QLabel:
    """The small, hidden label under the field ``key`` that its problems are written into."""
    label = QLabel()
    label.setObjectName(f"problem_{key}")
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setPointSizeF(max(font.pointSizeF() * 0.9, 7.0))
    label.setFont(font)
    label.hide()
    return label


def severity(problems: Sequence[FieldProblem]) -> str:
    """The ``problem`` property for these problems: "error", "warning" or "" (none)."""
    if not problems:
        return ""
    return "error" if any(p.severity is Severity.ERROR for p in problems) else "warning"

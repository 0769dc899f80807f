"""The live eligibility hint under the chosen qualifications: one coloured line per qualification.

The figures come from the core (:func:`assessor_app.core.services.eligibility.check_form`); this widget
only words them in the current language. Each line's tooltip is the core's own explanation, line by line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from assessor_app.core.domain.eligibility import EligibilityResult, EligibilityStatus
from assessor_app.core.domain.enums import Route
from assessor_app.core.services.eligibility import QualificationEligibility
from assessor_app.ui.labels import experience_figures

GREEN = "#1b6e20"
AMBER = "#8a5a00"
RED = "#b3261e"
GREY = "#5f6368"
STATUS_COLOURS = {
    EligibilityStatus.MEETS: GREEN,
    EligibilityStatus.NEEDS_DECISION: AMBER,
    EligibilityStatus.SHORT: RED,
    EligibilityStatus.NOT_ELIGIBLE: RED,
    EligibilityStatus.NO_RULE: GREY,
}


@dataclass(frozen=True)
class HintLine:
    """What one line says: ``status`` is an :class:`EligibilityStatus` value, or "" for a plain note."""

    qualification_id: int | None
    text: str
    status: str
    detail: str = ""


class EligibilityHints(QWidget):
    """A caption and one label per chosen qualification (object name ``eligibility_<id>``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eligibility_hints")
        self.caption = QLabel()
        self.caption.setObjectName("eligibility_caption")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 4)
        self._layout.setSpacing(2)
        self._layout.addWidget(self.caption)
        self.labels: list[QLabel] = []
        self.lines: list[HintLine] = []

    def text(self) -> str:
        """Every line shown, one per line (for tests and screen readers)."""
        return "\n".join(line.text for line in self.lines)

    def show_lines(self, lines: Sequence[HintLine]) -> None:
        self.caption.setText(self.tr("Eligibility on the application date:"))
        for label in self.labels:
            self._layout.removeWidget(label)
            label.deleteLater()
        self.labels = []
        self.lines = list(lines)
        for line in self.lines:
            label = QLabel(line.text)
            label.setObjectName(
                "eligibility_note"
                if line.qualification_id is None
                else f"eligibility_{line.qualification_id}"
            )
            label.setWordWrap(True)
            label.setProperty("status", line.status)
            colour = STATUS_COLOURS.get(EligibilityStatus(line.status), GREY) if line.status else GREY
            label.setStyleSheet(f"color: {colour};")
            label.setToolTip(line.detail)
            self._layout.addWidget(label)
            self.labels.append(label)
        self.setVisible(bool(self.lines))

    # --- wording ----------------------------------------------------------------------------------

    def need_dates_line(self) -> HintLine:
        return HintLine(None, self.tr("Add employment dates to check eligibility."), "")

    def not_in_catalogue_line(self, qualification_id: int) -> HintLine:
        return HintLine(
            qualification_id,
            self.tr("Qualification #{id}: no longer in the catalogue, cannot be checked.").format(
                id=qualification_id
            ),
            "",
        )

    def result_line(self, checked: QualificationEligibility, language: str) -> HintLine:
        chinese = language.startswith("zh")
        title = (checked.title_zh or checked.title_en) if chinese else (checked.title_en or checked.title_zh)
        result = checked.result
        summary = self.tr("{title} (QF L{level}): {outcome}").format(
            title=title, level=checked.qf_level, outcome=self.outcome(result, language)
        )
        detail = "\n".join(f"• {line.text(language)}" for line in result.explanation)
        return HintLine(checked.qualification_id, summary, result.status.value, detail)

    def outcome(self, result: EligibilityResult, language: str) -> str:
        status = result.status
        experience = result.experience
        if status is EligibilityStatus.NOT_ELIGIBLE:
            reasons = " ".join(reason.text(language) for reason in result.ineligible_reasons)
            return self.tr("Not eligible. {reasons}").format(reasons=reasons)
        if status is EligibilityStatus.NO_RULE or experience is None:
            text = self.tr("No published experience rule: the assessor decides")
        else:
            figures = experience_figures(experience)
            if status is EligibilityStatus.MEETS:
                text = self.tr("Meets the rule: {figures}").format(figures=figures)
            elif status is EligibilityStatus.NEEDS_DECISION:
                text = self.tr(
                    "Needs the assessor's decision (part-time or outside Hong Kong): {figures}"
                ).format(figures=figures)
            else:
                text = self.tr("Short: {halves}: {figures}").format(
                    halves=self.shortfalls(
                        experience.total_shortfall_months, experience.relevant_shortfall_months
                    ),
                    figures=figures,
                )
        return f"{text} · {self.route(result)}"

    def shortfalls(self, total: int, relevant: int) -> str:
        """Which half of the rule is short and by how much (relevant months count toward the total)."""
        parts = []
        if total == 1:
            parts.append(self.tr("1 month in the industry"))
        elif total > 1:
            parts.append(self.tr("{months} months in the industry").format(months=total))
        if relevant == 1:
            parts.append(self.tr("1 month of relevant experience"))
        elif relevant > 1:
            parts.append(self.tr("{months} months of relevant experience").format(months=relevant))
        return self.tr(" and ").join(parts)

    def route(self, result: EligibilityResult) -> str:
        if result.route is Route.DOCUMENT_REVIEW:
            if result.window is not None:
                return self.tr("Document review (exam-free window until {end})").format(
                    end=result.window.end.isoformat()
                )
            return self.tr("Document review")
        return self.tr("Assessment")

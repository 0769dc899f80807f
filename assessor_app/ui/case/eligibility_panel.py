"""The eligibility of each qualification on a case: as claimed, and counting only the proven periods,
then the QF Secretariat's remarks on its result once they are imported.

The figures and the explanation lines come from the core; this panel words the outcome in the current
language and colours it by status. The "proven" line is the one that decides: it counts only periods
whose proof was seen, received or verified, so it moves as the checklist is worked through. The
Secretariat's remarks are its own free text, shown as written (any HKID in them masked).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from assessor_app.core.domain.eligibility import EligibilityResult, EligibilityStatus
from assessor_app.core.domain.enums import Route
from assessor_app.core.services.cases.summary import CaseEligibility
from assessor_app.ui.batches.text import mask_hkids
from assessor_app.ui.intake.eligibility_hints import GREY, STATUS_COLOURS
from assessor_app.ui.labels import eligibility_labels, experience_figures

REMARKS_STYLE = (
    "QLabel { background: #f1f4fb; color: #1a237e; border-left: 3px solid #5c6bc0; padding: 4px 8px; }"
)


def qualification_title(eligibility: CaseEligibility, language: str) -> str:
    q = eligibility.qualification
    if language.startswith("zh"):
        return q.title_zh or q.title_en
    return q.title_en or q.title_zh


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class QualificationBlock(QFrame):
    """One qualification: its title and route, the claimed and proven outcomes, the explanation."""

    def __init__(self, qualification_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"eligibility_block_{qualification_id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = _label(f"eligibility_title_{qualification_id}")
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.route = _label(f"eligibility_route_{qualification_id}")
        self.claimed = _label(f"eligibility_claimed_{qualification_id}")
        self.proven = _label(f"eligibility_proven_{qualification_id}")
        bold = QFont(self.proven.font())
        bold.setBold(True)
        self.proven.setFont(bold)
        # The worksheet: each half of the rule, months counted against months required, what is short.
        self.worksheet = _label(f"eligibility_worksheet_{qualification_id}")
        self.explanation = _label(f"eligibility_explanation_{qualification_id}")
        self.remarks = _label(f"eligibility_remarks_{qualification_id}")
        self.remarks.setStyleSheet(REMARKS_STYLE)
        self.remarks.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        # The Secretariat's word on the result comes first, under the title, where it cannot be missed.
        for widget in (
            self.title,
            self.remarks,
            self.route,
            self.claimed,
            self.proven,
            self.worksheet,
            self.explanation,
        ):
            layout.addWidget(widget)


class EligibilityPanel(QWidget):
    """A scrolling list of :class:`QualificationBlock`, one per qualification applied for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_eligibility")
        self.results: tuple[CaseEligibility, ...] = ()
        self.language = "en"
        self.blocks: dict[int, QualificationBlock] = {}
        self.empty_label = _label("eligibility_empty")
        self._inner = QWidget()
        self._inner_layout = QVBoxLayout(self._inner)
        self._inner_layout.setContentsMargins(0, 0, 0, 0)
        self._inner_layout.addWidget(self.empty_label)
        self._inner_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("eligibility_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self._inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)

    def show_results(self, results: Sequence[CaseEligibility], language: str) -> None:
        self.results = tuple(results)
        self.language = language
        wanted = [result.qualification.qualification_id for result in self.results]
        if list(self.blocks) != wanted:
            for block in self.blocks.values():
                self._inner_layout.removeWidget(block)
                block.hide()  # at once: deleteLater waits for the event loop
                block.deleteLater()
            self.blocks = {}
            for position, qualification_id in enumerate(wanted):
                block = QualificationBlock(qualification_id, self._inner)
                self._inner_layout.insertWidget(position + 1, block)
                self.blocks[qualification_id] = block
        self.retranslate()

    def retranslate(self) -> None:
        self.empty_label.setText(self.tr("No qualification applied for."))
        self.empty_label.setVisible(not self.results)
        for result in self.results:
            block = self.blocks[result.qualification.qualification_id]
            q = result.qualification
            block.title.setText(
                self.tr("{title} (QF Level {level})").format(
                    title=qualification_title(result, self.language), level=q.qf_level
                )
            )
            block.route.setText(self.tr("Route: {route}").format(route=self.route(result.proven)))
            claimed = self.tr("As claimed (every period): {outcome}").format(outcome=self.outcome(q.result))
            proven = self.tr("With proof seen: {outcome}").format(outcome=self.outcome(result.proven))
            for label, text, decision in (
                (block.claimed, claimed, q.result),
                (block.proven, proven, result.proven),
            ):
                label.setText(text)
                label.setProperty("status", decision.status.value)
                label.setStyleSheet(f"color: {STATUS_COLOURS.get(decision.status, GREY)};")
            block.claimed.setToolTip(
                "\n".join(f"• {line.text(self.language)}" for line in q.result.explanation)
            )
            block.worksheet.setText(
                "\n".join(
                    line
                    for line in (
                        self.halves(q.result, self.tr("as claimed")),
                        self.halves(result.proven, self.tr("with proof seen")),
                    )
                    if line
                )
            )
            block.explanation.setText(
                "\n".join(f"• {line.text(self.language)}" for line in result.proven.explanation)
            )
            remarks = (result.result_remarks or "").strip()
            block.remarks.setText(
                self.tr("QF Secretariat's remarks on the result: {remarks}").format(
                    remarks=mask_hkids(remarks)
                )
                if remarks
                else ""
            )
            block.remarks.setVisible(bool(remarks))

    def summary_line(self) -> str:
        """Each qualification's verdict with proof seen, in one line, the verdicts first so that an elided
        line still shows them (``Short: L2 General home care; Meets: L2 …``)."""
        labels = eligibility_labels()
        verdicts = self.tr("; ").join(
            self.tr("{verdict}: L{level} {title}").format(
                verdict=labels.get(result.proven.status, result.proven.status),
                level=result.qualification.qf_level,
                title=qualification_title(result, self.language),
            )
            for result in self.results
        )
        return self.tr("With proof seen: {verdicts}").format(verdicts=verdicts) if verdicts else ""

    def proven_status(self, qualification_id: int) -> str:
        return str(self.blocks[qualification_id].proven.property("status"))

    def text(self) -> str:
        """Everything the panel shows, for tests and screen readers."""
        return "\n".join(
            label.text()
            for block in self.blocks.values()
            for label in (
                block.title,
                block.route,
                block.claimed,
                block.proven,
                block.worksheet,
                block.explanation,
                block.remarks,
            )
            if label is not block.remarks or label.text()
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- wording ----------------------------------------------------------------------------------

    def outcome(self, result: EligibilityResult) -> str:
        status = result.status
        experience = result.experience
        if status is EligibilityStatus.NOT_ELIGIBLE:
            reasons = " ".join(reason.text(self.language) for reason in result.ineligible_reasons)
            return self.tr("Not eligible. {reasons}").format(reasons=reasons)
        if status is EligibilityStatus.NO_RULE or experience is None:
            return self.tr("No published experience rule: the assessor decides.")
        figures = experience_figures(experience)
        if status is EligibilityStatus.MEETS:
            return self.tr("Meets the rule: {figures}").format(figures=figures)
        if status is EligibilityStatus.NEEDS_DECISION:
            return self.tr("Needs the assessor's decision: {figures}").format(figures=figures)
        if experience.shortfall_months == 1:
            return self.tr("Short by 1 month: {figures}").format(figures=figures)
        return self.tr("Short by {months} months: {figures}").format(
            months=experience.shortfall_months, figures=figures
        )

    def halves(self, result: EligibilityResult, basis: str) -> str:
        """Both halves of the rule as the report's "Months counted (required)" row words them:
        ``in the industry 70 (60); relevant 12 (24), short by 12 months``; "" without a rule."""
        experience = result.experience
        if experience is None:
            return ""

        def half(name: str, counted: int, required: int, short: int) -> str:
            text = self.tr("{half} {counted} ({required})").format(
                half=name, counted=counted, required=required
            )
            if short:
                text = self.tr("{half}, short by {months} months").format(half=text, months=short)
            return text

        total = half(
            self.tr("in the industry"),
            experience.total_months,
            experience.required_total_months,
            experience.total_shortfall_months,
        )
        relevant = half(
            self.tr("relevant"),
            experience.relevant_months,
            experience.required_relevant_months,
            experience.relevant_shortfall_months,
        )
        return self.tr("Months counted (required), {basis}: {total}; {relevant}").format(
            basis=basis, total=total, relevant=relevant
        )

    def route(self, result: EligibilityResult) -> str:
        if result.route is Route.DOCUMENT_REVIEW:
            if result.window is not None:
                return self.tr("document review (exam-free window until {end})").format(
                    end=result.window.end.isoformat()
                )
            return self.tr("document review")
        return self.tr("assessment")

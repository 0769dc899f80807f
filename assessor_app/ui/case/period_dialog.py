"""The assessor's correction of one period of a lodged case (every field beside its stored value) or a new period, with a reason.

Only the fields changed are sent to :func:`~assessor_app.core.services.evidence.period_corrections.correct_period`;
in add mode the same fields (with the employer, the post and whether the work was outside Hong Kong) go to
:func:`~assessor_app.core.services.evidence.period_corrections.add_period`. Either runs on the task queue
(``dialog_parts.save_in_background``); a refusal (a date the form refuses, an unknown industry, a locked
case) is shown in the dialog, which stays open. Once saved, ``saved`` is emitted and the case view reads the
case again, so the eligibility panel shows the new verdict at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.enums import EmploymentType
from assessor_app.core.services.cases.summary import CaseEligibility, CaseSummary, PeriodRow
from assessor_app.core.services.evidence import period_corrections
from assessor_app.core.services.evidence.period_corrections import NewPeriod, PeriodChanges
from assessor_app.ui import dialog_parts
from assessor_app.ui.case.dialogs import period_text
from assessor_app.ui.case.eligibility_panel import qualification_title
from assessor_app.ui.context import UiContext

OTHER = "other"


class PeriodCorrectionDialog(QDialog):
    """Correct one period: the period chosen first, then its fields, each with "now: …" beside it.

    ``adding``: the same fields for a new period, with its employer, post and place of work first (no
    period to choose, nothing stored beside them, no weight or overseas decision: those are corrections).
    """

    saved = Signal(object)  # the CorrectionResult

    def __init__(
        self,
        context: UiContext,
        application_id: int,
        periods: Sequence[PeriodRow],
        qualifications: Sequence[CaseEligibility],
        industries: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        adding: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("period_add_dialog" if adding else "period_correction_dialog")
        self.context = context
        self.application_id = application_id
        self.adding = adding
        self.periods = [] if adding else list(periods)
        self.qualifications = list(qualifications)
        language = context.language
        zh = language.startswith("zh")

        self.period_combo = QComboBox()
        self.period_combo.setObjectName("correction_period")
        for period in self.periods:
            self.period_combo.addItem(period_text(period), period.id)
        self.employer = QLineEdit()
        self.employer.setObjectName("correction_employer")
        self.employer.textChanged.connect(lambda _text: self._update_ok())
        self.post = QLineEdit()
        self.post.setObjectName("correction_post")
        self.outside_hong_kong = QCheckBox()
        self.outside_hong_kong.setObjectName("correction_outside_hong_kong")
        self.start = QLineEdit()
        self.start.setObjectName("correction_start")
        self.end = QLineEdit()
        self.end.setObjectName("correction_end")
        self.ongoing = QCheckBox()
        self.ongoing.setObjectName("correction_ongoing")
        self.ongoing.toggled.connect(lambda on: self.end.setEnabled(not on))
        self.industry = QComboBox()
        self.industry.setObjectName("correction_industry")
        for name_en, name_zh in industries:
            self.industry.addItem(name_zh if zh else name_en, name_en)
        self.industry.addItem("", OTHER)
        self.relevant: dict[int, QCheckBox] = {}
        relevant_box = QVBoxLayout()
        for entry in self.qualifications:
            qid = entry.qualification.qualification_id
            box = QCheckBox(qualification_title(entry, language))
            box.setObjectName(f"correction_relevant_{qid}")
            self.relevant[qid] = box
            relevant_box.addWidget(box)
        self.employment_type = QComboBox()
        self.employment_type.setObjectName("correction_employment_type")
        for kind in (EmploymentType.FULL_TIME, EmploymentType.PART_TIME, EmploymentType.SELF_EMPLOYED):
            self.employment_type.addItem("", kind.value)
        self.hours = QLineEdit()
        self.hours.setObjectName("correction_hours")
        self.weight = QSpinBox()
        self.weight.setObjectName("correction_weight")
        self.weight.setRange(0, 100)  # 0 shows "in full (not confirmed)": None
        self.weight.setSuffix(" %")
        self.overseas = QComboBox()
        self.overseas.setObjectName("correction_overseas")
        for value in (None, True, False):
            self.overseas.addItem("", value)
        self.kind = QComboBox()
        self.kind.setObjectName("correction_kind")
        for kind_value in ("employment", "caring"):
            self.kind.addItem("", kind_value)
        self.reason = QLineEdit()
        self.reason.setObjectName("correction_reason")
        self.reason.textChanged.connect(lambda _text: self._update_ok())
        self.problem = dialog_parts.problem_label("correction_problem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("correction_ok")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        self.now: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        form = QFormLayout()
        end_row = QHBoxLayout()
        end_row.addWidget(self.end)
        end_row.addWidget(self.ongoing)
        rows: list[tuple[str, Any]] = [
            ("start", self.start),
            ("end", end_row),
            ("industry", self.industry),
            ("relevant_to", relevant_box),
            ("employment_type", self.employment_type),
            ("hours_per_week", self.hours),
            ("weight_percent", self.weight),
            ("overseas_accepted", self.overseas),
            ("kind", self.kind),
        ]
        if adding:
            for key, field in (("employer", self.employer), ("post", self.post)):
                form.addRow(self._caption(key), field)
            rows = [(key, field) for key, field in rows if key not in ("weight_percent", "overseas_accepted")]
            rows.append(("outside_hong_kong", self.outside_hong_kong))
        else:
            form.addRow(self._caption("period"), self.period_combo)
        for key, field in rows:
            line = QHBoxLayout()
            if isinstance(field, QWidget):
                line.addWidget(field, 1)
            else:
                line.addLayout(field, 1)
            if not adding:
                now = QLabel()
                now.setObjectName(f"correction_now_{key}")
                self.now[key] = now
                line.addWidget(now)
            form.addRow(self._caption(key), line)
        form.addRow(self._caption("reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.period_combo.currentIndexChanged.connect(lambda _index: self._load_period())
        self.retranslate()
        self._load_period()
        if adding and self.qualifications:
            # A new period is most often in the industry applied for: start there, not at the list's first.
            self.industry.setCurrentIndex(
                max(self.industry.findData(self.qualifications[0].qualification.industry_en), 0)
            )
        self._update_ok()

    def _caption(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"correction_caption_{key}")
        self.captions[key] = label
        return label

    # --- the period shown ------------------------------------------------------------------------

    def period(self) -> PeriodRow | None:
        index = self.period_combo.currentIndex()
        return self.periods[index] if 0 <= index < len(self.periods) else None

    def _stored(self, period: PeriodRow) -> dict[str, Any]:
        return {
            "start": period.start.isoformat(),
            "end": None if period.end is None else period.end.isoformat(),
            "industry": period.industry_en or OTHER,
            "relevant_to": sorted(period.relevant_to),
            "employment_type": period.employment_type,
            "hours_per_week": period.hours_per_week,
            "weight_percent": period.weight_percent,
            "overseas_accepted": period.overseas_accepted,
            "kind": period.kind,
        }

    def _load_period(self) -> None:
        period = self.period()
        if period is None:
            return
        stored = self._stored(period)
        self.start.setText(stored["start"])
        self.ongoing.setChecked(stored["end"] is None)
        self.end.setText(stored["end"] or "")
        self.industry.setCurrentIndex(max(self.industry.findData(stored["industry"]), 0))
        for qid, box in self.relevant.items():
            box.setChecked(qid in stored["relevant_to"])
        self.employment_type.setCurrentIndex(max(self.employment_type.findData(stored["employment_type"]), 0))
        self.hours.setText("" if stored["hours_per_week"] is None else str(stored["hours_per_week"]))
        self.weight.setValue(stored["weight_percent"] or 0)
        self.overseas.setCurrentIndex(max(self.overseas.findData(stored["overseas_accepted"]), 0))
        self.kind.setCurrentIndex(max(self.kind.findData(stored["kind"]), 0))
        self._show_now(period)

    def _show_now(self, period: PeriodRow) -> None:
        """The stored values, beside each field, so the assessor sees what is corrected (from the period
        itself, not the fields, so they stay right while the fields are edited and the language changes)."""
        stored = self._stored(period)

        def item(combo: QComboBox, value: Any) -> str:
            return combo.itemText(max(combo.findData(value), 0))

        weight = stored["weight_percent"]
        shown = {
            "start": stored["start"],
            "end": stored["end"] or self.tr("ongoing"),
            "industry": item(self.industry, stored["industry"]),
            "relevant_to": ", ".join(
                box.text() for qid, box in self.relevant.items() if qid in stored["relevant_to"]
            )
            or self.tr("in the industry only"),
            "employment_type": item(self.employment_type, stored["employment_type"]),
            "hours_per_week": "—" if stored["hours_per_week"] is None else str(stored["hours_per_week"]),
            "weight_percent": self.weight.specialValueText() if weight is None else f"{weight} %",
            "overseas_accepted": item(self.overseas, stored["overseas_accepted"]),
            "kind": item(self.kind, stored["kind"]),
        }
        for key, text in shown.items():
            self.now[key].setText(self.tr("now: {value}").format(value=text))

    # --- saving ----------------------------------------------------------------------------------

    def changes(self) -> PeriodChanges:
        """Only what differs from the stored period (the core audits each field it changes)."""
        period = self.period()
        assert period is not None
        stored = self._stored(period)
        typed: dict[str, Any] = {
            "start": self.start.text().strip(),
            "end": None if self.ongoing.isChecked() else self.end.text().strip(),
            "industry": self.industry.currentData(),
            "relevant_to": sorted(qid for qid, box in self.relevant.items() if box.isChecked()),
            "employment_type": self.employment_type.currentData(),
            "hours_per_week": self.hours.text().strip() or None,
            "weight_percent": self.weight.value() or None,
            "overseas_accepted": self.overseas.currentData(),
            "kind": self.kind.currentData(),
        }
        if typed["hours_per_week"] == (
            "" if stored["hours_per_week"] is None else str(stored["hours_per_week"])
        ):
            typed["hours_per_week"] = stored["hours_per_week"]
        return PeriodChanges(**{key: value for key, value in typed.items() if value != stored[key]})

    def new_period(self) -> NewPeriod:
        """The period typed in add mode (the core checks it by the intake form's rules)."""
        return NewPeriod(
            employer=self.employer.text().strip(),
            post=self.post.text().strip(),
            start=self.start.text().strip(),
            end=None if self.ongoing.isChecked() else self.end.text().strip(),
            industry=self.industry.currentData(),
            relevant_to=sorted(qid for qid, box in self.relevant.items() if box.isChecked()),
            employment_type=self.employment_type.currentData(),
            hours_per_week=self.hours.text().strip() or None,
            in_hong_kong=not self.outside_hong_kong.isChecked(),
            kind=self.kind.currentData(),
        )

    def _update_ok(self) -> None:
        chosen = bool(self.employer.text().strip()) if self.adding else self.period() is not None
        self.ok_button.setEnabled(bool(self.reason.text().strip()) and chosen)

    def save(self) -> None:
        database, operator = self.context.database, self.context.user or ""  # a username: who corrects
        application_id, reason = self.application_id, self.reason.text()
        period = self.period()
        if self.adding:
            new = self.new_period()

            def work() -> object:
                return period_corrections.add_period(
                    database, application_id, new, actor=operator, reason=reason
                )

        elif period is not None:
            period_id, changes = period.id, self.changes()

            def work() -> object:
                return period_corrections.correct_period(
                    database, application_id, period_id, changes, actor=operator, reason=reason
                )

        else:
            return

        def saved(result: object) -> None:
            self.saved.emit(result)
            self.accept()

        dialog_parts.save_in_background(
            self,
            work,
            saved=saved,
            problem=self.problem,
            language=self.context.language,
            busy=self.ok_button,
        )

    # --- language --------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("Add a period of experience")
            if self.adding
            else self.tr("Correct a period of experience")
        )
        captions = {
            "employer": self.tr("E&mployer:"),
            "post": self.tr("P&ost:"),
            "period": self.tr("&Period:"),
            "start": self.tr("&Start:"),
            "end": self.tr("&End:"),
            "industry": self.tr("&Industry:"),
            "relevant_to": self.tr("Relevant to:"),
            "employment_type": self.tr("&Type:"),
            "hours_per_week": self.tr("&Hours a week:"),
            "weight_percent": self.tr("Part-time &weight:"),
            "overseas_accepted": self.tr("Work outside Hong &Kong:"),
            "kind": self.tr("K&ind:"),
            "outside_hong_kong": self.tr("Place of work:"),
            "reason": self.tr("&Reason (required):"),
        }
        buddies = {
            "employer": self.employer,
            "post": self.post,
            "period": self.period_combo,
            "start": self.start,
            "end": self.end,
            "industry": self.industry,
            "employment_type": self.employment_type,
            "hours_per_week": self.hours,
            "weight_percent": self.weight,
            "overseas_accepted": self.overseas,
            "kind": self.kind,
            "reason": self.reason,
        }
        for key, text in captions.items():
            if key not in self.captions:  # a row of the other mode
                continue
            self.captions[key].setText(text)
            if key in buddies:
                self.captions[key].setBuddy(buddies[key])
        for field in (self.start, self.end):
            field.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.ongoing.setText(self.tr("ongoing (to the application date)"))
        self.outside_hong_kong.setText(self.tr("o&utside Hong Kong"))
        self.industry.setItemText(self.industry.findData(OTHER), self.tr("other industry (not counted)"))
        for index, text in enumerate((self.tr("full-time"), self.tr("part-time"), self.tr("self-employed"))):
            self.employment_type.setItemText(index, text)
        self.weight.setSpecialValueText(self.tr("in full (not confirmed)"))
        for index, text in enumerate((self.tr("not decided"), self.tr("accepted"), self.tr("not accepted"))):
            self.overseas.setItemText(index, text)
        for index, text in enumerate((self.tr("employment"), self.tr("caring or volunteering"))):
            self.kind.setItemText(index, text)
        self.reason.setPlaceholderText(self.tr("Why, e.g. the employer's letter shows tally work"))
        period = self.period()
        if period is not None:
            self._show_now(period)


def open_dialog(
    parent: QWidget,
    context: UiContext,
    summary: CaseSummary | None,
    on_saved: Callable[[], object],
    *,
    adding: bool = False,
) -> PeriodCorrectionDialog | None:
    """Open the correction dialog (window-modal, not blocking) over the case's periods, None if it has none;
    ``adding``: the dialog for a new period. ``on_saved`` runs once saved (the case view reads the case
    again)."""
    if summary is None or not (adding or summary.periods):
        return None
    dialog = PeriodCorrectionDialog(
        context,
        summary.application_id,
        summary.periods,
        summary.eligibility,
        period_corrections.industry_choices(context.database),
        parent,
        adding=adding,
    )
    dialog.saved.connect(lambda _result: on_saved())
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog

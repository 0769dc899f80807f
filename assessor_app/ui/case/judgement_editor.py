"""The assessment record of one qualification being written: the five judgements and the notes.

The qualification chooser sits on top, with the record's stage; each text box counts its characters
against the core's limit. The editor only shows and collects text: the review panel saves it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.services.review.assessment import JUDGEMENT_MAX, JUDGEMENTS, NOTES_MAX, AssessmentRow
from assessor_app.ui.labels import stage_label

COUNTER_STYLE = "QLabel[over='true'] { color: #b3261e; font-weight: bold; }"
STAGE_COLOURS = {
    "not_started": "#5f6368",
    "in_progress": "#8a5a00",
    "recommended": "#0d47a1",
    "signed_off": "#1b6e20",
}


def clean_text(text: str) -> str:
    """Typed text as the core stores it (outer blanks trimmed, ``\\n`` line ends), to tell what changed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def text_editor(name: str, lines: int, *, grows: bool = True) -> QPlainTextEdit:
    """A multi-line text box at least ``lines`` high; Tab moves on rather than typing a tab."""
    editor = QPlainTextEdit()
    editor.setObjectName(name)
    editor.setTabChangesFocus(True)
    editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * lines + 14)
    if not grows:
        editor.setMaximumHeight(editor.minimumHeight())
    editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return editor


def counter_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(COUNTER_STYLE)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance("0000 / 0000"))
    return label


def show_count(label: QLabel, length: int, limit: int) -> None:
    """``length / limit``, in red once over the limit."""
    label.setText(f"{length} / {limit}")
    over = "true" if length > limit else "false"
    if label.property("over") != over:
        label.setProperty("over", over)
        label.style().unpolish(label)
        label.style().polish(label)


class JudgementEditor(QGroupBox):
    """The chooser of the qualification, its five judgements and notes, and "Save judgements"."""

    qualification_chosen = Signal()
    edited = Signal()
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_assessment_group")
        self.qualification_caption = QLabel()
        self.qualification_combo = QComboBox()
        self.qualification_combo.setObjectName("review_qualification")
        self.qualification_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.qualification_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.qualification_combo.currentIndexChanged.connect(
            lambda _position: self.qualification_chosen.emit()
        )
        self.stage_label = QLabel()
        self.stage_label.setObjectName("review_stage")
        chooser = QHBoxLayout()
        chooser.addWidget(self.qualification_caption)
        chooser.addWidget(self.qualification_combo, 1)
        chooser.addWidget(self.stage_label)

        self.judgement_labels: dict[str, QLabel] = {}
        self.judgement_edits: dict[str, QPlainTextEdit] = {}
        self.counters: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        for position, name in enumerate((*JUDGEMENTS, "notes")):
            label = QLabel()
            label.setObjectName(f"judgement_label_{name}")
            notes = name == "notes"
            editor = text_editor("review_notes" if notes else f"judgement_{name}", 3 if notes else 2)
            label.setBuddy(editor)
            counter = counter_label(f"counter_{name}")
            editor.textChanged.connect(self._edited)
            self.judgement_labels[name] = label
            self.judgement_edits[name] = editor
            self.counters[name] = counter
            grid.addWidget(label, position, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(editor, position, 1)
            grid.addWidget(counter, position, 2)
            grid.setRowStretch(position, 2 if notes else 1)
        grid.setColumnStretch(1, 1)
        self.notes_edit = self.judgement_edits["notes"]
        self.save_button = QPushButton()
        self.save_button.setObjectName("review_save")
        self.save_button.clicked.connect(self.save_requested)
        self.unsaved_label = QLabel()
        self.unsaved_label.setObjectName("review_unsaved")
        self.unsaved_label.setStyleSheet("color: #8a5a00;")
        save_row = QHBoxLayout()
        save_row.addWidget(self.unsaved_label)
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        layout.addLayout(grid, 1)
        layout.addLayout(save_row)

    # --- the qualification chosen -----------------------------------------------------------------

    def fill(
        self, rows: list[AssessmentRow], chosen: int | None, title: Callable[[AssessmentRow], str]
    ) -> None:
        """List the qualifications (without announcing a choice); keep ``chosen`` if it is still there."""
        self.qualification_combo.blockSignals(True)
        self.qualification_combo.clear()
        for record in rows:
            self.qualification_combo.addItem(
                self.tr("{title} (QF Level {level})").format(title=title(record), level=record.qf_level),
                record.applied_qualification_id,
            )
        position = self.qualification_combo.findData(chosen)
        self.qualification_combo.setCurrentIndex(position if position >= 0 else 0)
        self.qualification_combo.blockSignals(False)

    def chosen_id(self) -> int | None:
        value = self.qualification_combo.currentData()
        return int(value) if value is not None else None

    def select(self, applied_qualification_id: int, *, silently: bool = False) -> None:
        position = self.qualification_combo.findData(applied_qualification_id)
        if position < 0:
            return
        self.qualification_combo.blockSignals(silently)
        self.qualification_combo.setCurrentIndex(position)
        self.qualification_combo.blockSignals(False)

    # --- the texts --------------------------------------------------------------------------------

    def show_row(self, row: AssessmentRow | None) -> None:
        """The saved texts of ``row`` (empty boxes for none), replacing what was typed."""
        texts = row.judgements if row is not None else dict.fromkeys(JUDGEMENTS, "")
        for name, editor in self.judgement_edits.items():
            editor.blockSignals(True)
            editor.setPlainText(row.notes if row is not None and name == "notes" else texts.get(name, ""))
            editor.blockSignals(False)

    def show_stage(self, row: AssessmentRow | None) -> None:
        if row is None:
            self.stage_label.setText("")
            return
        colour = STAGE_COLOURS.get(row.stage, "#5f6368")
        self.stage_label.setText(stage_label(row.stage))
        self.stage_label.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def typed(self) -> dict[str, str]:
        """The five judgements and the notes as typed, cleaned as the core stores them."""
        return {name: clean_text(editor.toPlainText()) for name, editor in self.judgement_edits.items()}

    def changed_from(self, row: AssessmentRow) -> bool:
        return self.typed() != {**row.judgements, "notes": row.notes}

    def complete(self) -> bool:
        """All five judgements are written (the notes may stay empty)."""
        typed = self.typed()
        return all(typed[name] for name in JUDGEMENTS)

    def set_editable(self, editable: bool) -> None:
        for editor in self.judgement_edits.values():
            editor.setReadOnly(not editable)

    def update_counters(self) -> None:
        limits = dict.fromkeys(JUDGEMENTS, JUDGEMENT_MAX) | {"notes": NOTES_MAX}
        for name, editor in self.judgement_edits.items():
            show_count(self.counters[name], len(clean_text(editor.toPlainText())), limits[name])

    def _edited(self) -> None:
        self.update_counters()
        self.edited.emit()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Assessment of the evidence"))
        self.qualification_caption.setText(self.tr("Qualification:"))
        names = {
            "appropriateness": self.tr("Appropriateness"),
            "validity": self.tr("Validity"),
            "currency": self.tr("Currency"),
            "sufficiency": self.tr("Sufficiency"),
            "authenticity": self.tr("Authenticity"),
            "notes": self.tr("Notes"),
        }
        hints = {
            "appropriateness": self.tr("Does the evidence match the competencies of the qualification?"),
            "validity": self.tr("Is each document what it claims to be, from the right source?"),
            "currency": self.tr("Is the experience recent enough?"),
            "sufficiency": self.tr("Is there enough evidence, over enough time?"),
            "authenticity": self.tr("Is the evidence the applicant's own?"),
            "notes": self.tr("Anything else the supervisor should know"),
        }
        for name, label in self.judgement_labels.items():
            label.setText(names[name])
            self.judgement_edits[name].setPlaceholderText(hints[name])
        self.save_button.setText(self.tr("Save judgements"))

"""A known HKID at intake: the stored particulars beside the typed ones that differ, and which to keep."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from assessor_app.core.domain.application_form import ApplicationForm, check_particulars
from assessor_app.core.domain.form_fields import Severity
from assessor_app.core.services.intake.particulars import KnownApplicant, ParticularChange, differences
from assessor_app.ui.elided import ElidedLabel

PANEL_STYLE = """
QFrame#known_applicant_panel { background: #eef4ff; border: 1px solid #6c8ebf; border-radius: 4px; }
QFrame#known_applicant_panel QLabel, QFrame#known_applicant_panel QRadioButton { background: transparent; }
"""


def typed_changes(known: KnownApplicant, form: ApplicationForm, today: date) -> list[ParticularChange]:
    """The stored particulars that differ from those typed; a field still wrong (half typed) is left out."""
    values, problems = check_particulars(form, today=today)
    wrong = {p.field for p in problems if p.severity is Severity.ERROR}
    new = dict(known.particulars)
    for name in known.particulars:
        if name in values and name not in wrong and name != "hkid":
            new[name] = values[name]
    return differences(known.particulars, new)


class KnownApplicantPanel(QFrame):
    """Shown when the HKID is already on this laptop and its particulars differ from the typed ones."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("known_applicant_panel")
        self.setStyleSheet(PANEL_STYLE)
        self.known: KnownApplicant | None = None
        self.changes: list[ParticularChange] = []
        self.language = "en"
        # The title and the choice on one line (the form fits a laptop screen: the title gives way, whole
        # in its tooltip), then a line per change.
        self.title = ElidedLabel("known_applicant_title")
        self.table = QLabel()
        self.table.setObjectName("known_applicant_changes")
        self.table.setWordWrap(True)
        self.keep_button = QRadioButton()
        self.keep_button.setObjectName("keep_stored_particulars")
        self.use_button = QRadioButton()
        self.use_button.setObjectName("use_new_particulars")
        self.group = QButtonGroup(self)
        self.group.addButton(self.keep_button)
        self.group.addButton(self.use_button)
        self.keep_button.setChecked(True)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.keep_button)
        top.addWidget(self.use_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 1, 8, 1)
        layout.setSpacing(1)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.hide()

    def set_known(self, known: KnownApplicant | None) -> None:
        """A new HKID: the choice starts again at "keep the stored ones"."""
        if known != self.known:
            self.keep_button.setChecked(True)
        self.known = known
        if known is None:
            self.show_changes([])

    def show_changes(self, changes: Sequence[ParticularChange]) -> None:
        self.changes = list(changes)
        self._render()
        self.setVisible(self.known is not None and bool(self.changes))

    def update_particulars(self) -> bool:
        """Whether lodging should update the applicant's record (the clerk chose the new ones)."""
        return not self.isHidden() and bool(self.changes) and self.use_button.isChecked()

    def retranslate(self, language: str) -> None:
        self.language = language
        self._render()

    def _render(self) -> None:
        chinese = self.language.startswith("zh")
        self.title.set_full_text(self.tr("Stored particulars differ:"))
        self.title.setToolTip(
            self.tr("Known HKID: the particulars stored on this laptop differ from those typed.")
        )
        lines = [
            self.tr("{field}: stored “{old}” · typed “{new}”").format(
                field=change.name_zh if chinese else change.name_en,
                old=change.old or "—",
                new=change.new or "—",
            )
            for change in self.changes
        ]
        self.table.setText("\n".join(lines))
        self.keep_button.setText(self.tr("Keep the stored ones"))
        self.keep_button.setToolTip(
            self.tr("Keep the stored ones (this application is lodged as typed; the record is unchanged)")
        )
        self.use_button.setText(self.tr("Use the new ones"))
        self.use_button.setToolTip(self.tr("Use the new ones (the applicant's record is updated; audited)"))

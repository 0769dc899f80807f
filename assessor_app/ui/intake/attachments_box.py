"""The intake form's documents: scans, photos and PDFs attached before lodging, listed with Remove.

The box only lists and asks; the page stores a file (off the GUI thread) and the form keeps the list, so the
draft holds it (``core/services/evidence/intake_files.py``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.domain.application_form import FormAttachment
from assessor_app.ui.case.attachments_panel import size_text
from assessor_app.ui.elided import ElidedLabel

ATTACH_SHORTCUT = "Ctrl+Shift+D"


class FileList(QListWidget):
    """Delete takes the current file off the form, as the Remove button does."""

    remove_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.currentItem() is not None:
            self.remove_pressed.emit()
            return
        super().keyPressEvent(event)


class IntakeAttachmentsBox(QGroupBox):
    """The files of the form being typed; ``attach_requested`` and ``remove_requested`` go to the page."""

    attach_requested = Signal()
    remove_requested = Signal(object)  # the FormAttachment taken off

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_attachments_box")
        self.files: list[FormAttachment] = []
        self.file_list = FileList()
        self.file_list.setObjectName("intake_attachments")
        self.file_list.setMaximumHeight(76)
        self.attach_button = QPushButton()
        self.attach_button.setObjectName("intake_attach")
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("intake_remove_attachment")
        # One line beside the buttons (the form fits a laptop screen), whole in its tooltip where cut.
        self.hint = ElidedLabel("intake_attachments_hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(9, 3, 9, 3)  # the form fits a laptop screen
        layout.addWidget(self.file_list)
        layout.addLayout(buttons)
        self.attach_button.clicked.connect(self.attach_requested)
        self.remove_button.clicked.connect(self._remove_current)
        self.file_list.remove_pressed.connect(self._remove_current)
        self.set_files([])

    def retranslate(self) -> None:
        self.setTitle(self.tr("Documents attached (scans, photos, PDFs)"))
        self.attach_button.setText(self.tr("Attach… ({shortcut})").format(shortcut=ATTACH_SHORTCUT))
        self.attach_button.setToolTip(
            self.tr("An employer's letter, a photo of a document: JPEG, PNG, TIFF or PDF, up to 20 MB each.")
        )
        self.remove_button.setText(self.tr("Remove file"))
        self._show_count()

    def set_files(self, files: list[FormAttachment]) -> None:
        """List ``files`` (a restored draft's, or after an attach or a removal)."""
        self.files = list(files)
        self.file_list.clear()
        for file in self.files:
            item = QListWidgetItem(f"{file.original_name} ({size_text(file.size_bytes)})")
            item.setData(Qt.ItemDataRole.UserRole, file.sha256)
            self.file_list.addItem(item)
        if self.files:
            self.file_list.setCurrentRow(len(self.files) - 1)
        self.remove_button.setEnabled(bool(self.files))
        # An empty list is no stop for Tab (from Attach straight on to the statement), nor takes room.
        self.file_list.setFocusPolicy(Qt.FocusPolicy.StrongFocus if self.files else Qt.FocusPolicy.NoFocus)
        self.file_list.setVisible(bool(self.files))
        self._show_count()

    def _show_count(self) -> None:
        self.hint.set_full_text(
            self.tr("%n file(s) attached: lodged with the application.", "", len(self.files))
            if self.files
            else self.tr("None yet: files are lodged with the application.")
        )

    def _remove_current(self) -> None:
        row = self.file_list.currentRow()
        if 0 <= row < len(self.files):
            self.remove_requested.emit(self.files[row])

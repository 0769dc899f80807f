"""Small dialogs of the case view: a reason, a new checklist document, an image viewer.

:func:`ask_reason` and :func:`ask_new_document` are the only places these dialogs run modally, so
tests replace them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.services.cases.summary import PeriodRow


def period_text(period: PeriodRow) -> str:
    """``Employer (post), 2015-04-01 – 2019-12-31`` (an ongoing period ends "…")."""
    name = f"{period.employer} ({period.post})" if period.post else period.employer
    end = period.end.isoformat() if period.end is not None else "…"
    return f"{name}, {period.start.isoformat()} – {end}"


class ReasonDialog(QDialog):
    """Asks why (rejecting a document, erasing an HKID copy); OK only once something is written."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reason_dialog")
        self.setWindowTitle(title)
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("reason_edit")
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumHeight(70)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.editor)
        layout.addWidget(self.buttons)
        self.editor.textChanged.connect(self._update_ok)
        self._update_ok()
        self.resize(420, 200)

    def reason(self) -> str:
        return self.editor.toPlainText().strip()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason()))


def ask_reason(parent: QWidget | None, title: str, prompt: str) -> str | None:
    """The reason typed, or None if the user cancelled (tests replace this)."""
    dialog = ReasonDialog(title, prompt, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason() or None
    finally:
        dialog.deleteLater()


class AddDocumentDialog(QDialog):
    """Add a line to the checklist: which kind of document, and which period it proves (if any)."""

    def __init__(
        self,
        types: Sequence[tuple[str, str, str, str]],
        periods: Sequence[PeriodRow],
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("add_document_dialog")
        self.setWindowTitle(self.tr("Add a document to the checklist"))
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("add_document_type")
        chinese = language.startswith("zh")
        for code, name_en, name_zh, _role in types:
            self.type_combo.addItem((name_zh or name_en) if chinese else (name_en or name_zh), code)
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("add_document_period")
        self.period_combo.addItem(self.tr("No particular period"), None)
        for period in periods:
            self.period_combo.addItem(period_text(period), period.id)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Document"), self.type_combo)
        form.addRow(self.tr("Proves the period"), self.period_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, 140)

    def choice(self) -> tuple[str, int | None]:
        return str(self.type_combo.currentData()), self.period_combo.currentData()


def ask_new_document(
    parent: QWidget | None,
    types: Sequence[tuple[str, str, str, str]],
    periods: Sequence[PeriodRow],
    language: str,
) -> tuple[str, int | None] | None:
    """``(evidence type code, period id or None)``, or None if cancelled (tests replace this)."""
    dialog = AddDocumentDialog(types, periods, language, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()
    finally:
        dialog.deleteLater()


def _reader(source: Path | bytes) -> tuple[QImageReader, QBuffer | None]:
    """A reader over a file, or over content already in memory (a decrypted scan never touches disk)."""
    if isinstance(source, bytes):
        buffer = QBuffer()
        buffer.setData(QByteArray(source))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        return QImageReader(buffer), buffer
    return QImageReader(str(source)), None


def can_read_image(source: Path | bytes) -> bool:
    """An image plug-in recognises the file (a PDF: no, Qt cannot draw one here)."""
    reader, _buffer = _reader(source)
    return reader.canRead()


def read_image(source: Path | bytes, fit: QSize | None = None) -> QImage:
    """The image at ``source`` (a path, or the content) turned upright, scaled down to ``fit`` while
    reading; null if unreadable."""
    reader, _buffer = _reader(source)  # the buffer must outlive the reads below
    reader.setAutoTransform(True)
    if not reader.canRead():
        return QImage()
    size = reader.size()
    if fit is not None and size.isValid() and (size.width() > fit.width() or size.height() > fit.height()):
        reader.setScaledSize(size.scaled(fit, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


class ImageViewerDialog(QDialog):
    """A scan or photo, fitted to the window or at its real size."""

    def __init__(self, path: Path | bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("image_viewer")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.image = read_image(path)
        self.picture = QLabel()
        self.picture.setObjectName("image_viewer_picture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = QScrollArea()
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setWidget(self.picture)
        self.scroll_area.setWidgetResizable(True)
        self.fit_box = QCheckBox()
        self.fit_box.setObjectName("image_viewer_fit")
        self.fit_box.setChecked(True)
        self.fit_box.toggled.connect(self._show)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        row = QDialogButtonBox()
        row.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(self.fit_box)
        layout.addWidget(row)
        self.retranslate()
        self.resize(900, 700)

    def retranslate(self) -> None:
        self.fit_box.setText(self.tr("Fit to the window"))
        self.close_button.setText(self.tr("Close"))
        if self.image.isNull():
            self.picture.setText(self.tr("This image cannot be shown."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show()

    def _show(self) -> None:
        if self.image.isNull():
            return
        pixmap = QPixmap.fromImage(self.image)
        if self.fit_box.isChecked():
            room = self.scroll_area.viewport().size() - QSize(4, 4)
            if pixmap.width() > room.width() or pixmap.height() > room.height():
                pixmap = pixmap.scaled(
                    room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
        self.scroll_area.setWidgetResizable(self.fit_box.isChecked())
        self.picture.setPixmap(pixmap)
        if not self.fit_box.isChecked():
            self.picture.adjustSize()

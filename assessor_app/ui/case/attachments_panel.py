"""The files of a case as thumbnails: attach by picker or by dropping files, view, erase HKID copies.

Images are scaled while read (:class:`QImageReader`), so a 20 MB photo costs a thumbnail's memory. Qt
cannot draw PDFs here (no QtPdf), so a PDF, or any file no image plug-in reads, shows a drawn page with
its extension. A file also attached to another applicant's case is named in red above the list (one
line, each such file in its tooltip).
The panel only asks; the case view does the work and hands back fresh rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QIcon,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QListView,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.errors import AppError
from assessor_app.core.hong_kong_time import hong_kong_text
from assessor_app.core.services.evidence.case_checklist import AttachmentRow
from assessor_app.core.services.evidence.reading import attachment_bytes
from assessor_app.ui.case.dialogs import read_image
from assessor_app.ui.elided import ElidedLabel
from assessor_app.ui.pages.base import hint_label

AnyIndex = QModelIndex | QPersistentModelIndex

ATTACHMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
THUMBNAIL = QSize(88, 88)
SHARED_COLOUR = "#b3261e"


def local_files(urls: Sequence[Any]) -> list[Path]:
    """The local files among dropped URLs (folders and web addresses are left out)."""
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    return [path for path in paths if path.is_file()]


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


def document_icon(label: str, *, erased: bool = False) -> QIcon:
    """A page with a folded corner and ``label`` (PDF, TIFF…) on it; crossed out once erased."""
    pixmap = QPixmap(THUMBNAIL)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = float(THUMBNAIL.width()), float(THUMBNAIL.height())
        page = QRectF(width * 0.19, height * 0.06, width * 0.62, height * 0.88)
        fold = width * 0.17
        outline = QPainterPath()
        outline.moveTo(page.topLeft())
        outline.lineTo(page.right() - fold, page.top())
        outline.lineTo(page.right(), page.top() + fold)
        outline.lineTo(page.bottomRight())
        outline.lineTo(page.bottomLeft())
        outline.closeSubpath()
        painter.setPen(QPen(QColor("#78909c"), 1.5))
        painter.setBrush(QColor("#eceff1") if erased else QColor("white"))
        painter.drawPath(outline)
        painter.drawLine(
            QPointF(page.right() - fold, page.top()), QPointF(page.right() - fold, page.top() + fold)
        )
        painter.drawLine(
            QPointF(page.right() - fold, page.top() + fold), QPointF(page.right(), page.top() + fold)
        )
        band = QRectF(page.left() - 6, page.top() + page.height() * 0.5, page.width() + 12, height * 0.2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#90a4ae") if erased else QColor("#c62828"))
        painter.drawRoundedRect(band, 3, 3)
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(12)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(band, Qt.AlignmentFlag.AlignCenter, label[:5])
        if erased:
            painter.setPen(QPen(QColor("#546e7a"), 3))
            painter.drawLine(
                QPointF(page.left() + 8, page.top() + 10), QPointF(page.right() - 8, page.bottom() - 10)
            )
            painter.drawLine(
                QPointF(page.right() - 8, page.top() + 10), QPointF(page.left() + 8, page.bottom() - 10)
            )
    finally:
        painter.end()
    return QIcon(pixmap)


def thumbnail_image(source: Path | bytes) -> QImage:
    """A thumbnail of an image file (or its content), or a null image when no plug-in can read it (PDFs)."""
    return read_image(source, THUMBNAIL)


def is_image(row: AttachmentRow) -> bool:
    return row.media_type.startswith("image/") and row.stored_path is not None


class AttachmentsModel(QAbstractListModel):
    """The case's files; thumbnails are made once per file content (SHA-256) and kept."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[AttachmentRow] = []
        self.item_names: dict[int, str] = {}
        self._icons: dict[tuple[str, bool], QIcon] = {}
        # The encrypted database's key: sealed files are decrypted in memory for their thumbnails.
        self.data_key: bytes | None = None

    def set_rows(self, rows: Sequence[AttachmentRow], item_names: dict[int, str]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.item_names = dict(item_names)
        self.endResetModel()

    def retranslate(self, item_names: dict[int, str]) -> None:
        self.item_names = dict(item_names)
        if self.rows:
            self.dataChanged.emit(self.index(0), self.index(len(self.rows) - 1))

    def row_of(self, attachment_id: int) -> int | None:
        return next((position for position, row in enumerate(self.rows) if row.id == attachment_id), None)

    def icon(self, row: AttachmentRow) -> QIcon:
        erased = row.stored_path is None
        key = (row.sha256, erased)
        icon = self._icons.get(key)
        if icon is None:
            image = QImage() if erased or row.stored_path is None else self._thumbnail(row)
            if image.isNull():
                suffix = (
                    Path(row.original_name).suffix.lstrip(".").upper()
                    or row.media_type.split("/")[-1].upper()
                )
                icon = document_icon(suffix, erased=erased)
            else:
                icon = QIcon(QPixmap.fromImage(image))
            self._icons[key] = icon
        return icon

    def _thumbnail(self, row: AttachmentRow) -> QImage:
        if self.data_key is None or not row.media_type.startswith("image/"):
            assert row.stored_path is not None
            return thumbnail_image(row.stored_path)
        try:
            return thumbnail_image(attachment_bytes(row, self.data_key))
        except AppError:  # altered or lost: the drawn page stands in; viewing it says why
            return QImage()

    def caption(self, row: AttachmentRow) -> str:
        marks = []
        if row.is_hkid_copy:
            marks.append(self.tr("HKID copy"))
        if row.stored_path is None:
            marks.append(self.tr("erased"))
        if row.shared_with:
            marks.append(self.tr("shared"))
        return f"{row.original_name}\n({', '.join(marks)})" if marks else row.original_name

    def details(self, row: AttachmentRow) -> str:
        lines = [row.original_name, f"{row.media_type}, {size_text(row.size_bytes)}"]
        if row.evidence_item_id is not None and row.evidence_item_id in self.item_names:
            lines.append(self.tr("For: {document}").format(document=self.item_names[row.evidence_item_id]))
        lines.append(
            self.tr("Added by {who} on {when}").format(
                who=row.added_by or "?", when=hong_kong_text(row.added_at)
            )
        )
        if row.is_hkid_copy:
            lines.append(self.tr("HKID copy"))
        if row.erased_at is not None:
            lines.append(self.tr("Erased on {when}").format(when=hong_kong_text(row.erased_at)))
        if row.shared_with:
            lines.append(
                self.tr("Same file as case {references}").format(references=", ".join(row.shared_with))
            )
        return "\n".join(lines)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.caption(row)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icon(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.details(row)
        if role == Qt.ItemDataRole.ForegroundRole and row.shared_with:
            return QColor(SHARED_COLOUR)
        if role == ATTACHMENT_ID_ROLE:
            return row.id
        return None


class AttachmentsPanel(QWidget):
    """Thumbnails, the attach/view/erase buttons and the "HKID copy" flag; files may be dropped here."""

    attach_requested = Signal()
    files_dropped = Signal(list)
    view_requested = Signal(int)
    erase_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachments_panel")
        self.setAcceptDrops(True)
        self.model = AttachmentsModel(self)
        self.list = QListView()
        self.list.setObjectName("attachments_list")
        self.list.setModel(self.model)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setIconSize(THUMBNAIL)
        self.list.setGridSize(QSize(THUMBNAIL.width() + 38, THUMBNAIL.height() + 62))
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setDragEnabled(False)
        self.list.setAcceptDrops(False)
        self.list.viewport().setAcceptDrops(False)
        self.list.setMinimumHeight(THUMBNAIL.height() + 70)

        # One line, whole in its tooltip: wrapped, a long file name took the thumbnails' room.
        self.shared_label = ElidedLabel("attachments_shared")
        self.shared_label.setStyleSheet(
            f"QLabel#attachments_shared {{ color: {SHARED_COLOUR}; font-weight: bold; "
            "border: 1px solid #e6a8a3; background: #fdecea; padding: 4px; }"
        )
        self.shared_label.hide()
        self.target_label = ElidedLabel("attachments_target")
        self.hkid_box = QCheckBox()
        self.hkid_box.setObjectName("attachments_hkid_copy")
        self.attach_button = QPushButton()
        self.attach_button.setObjectName("attachments_attach")
        self.view_button = QPushButton()
        self.view_button.setObjectName("attachments_view")
        self.erase_button = QPushButton()
        self.erase_button.setObjectName("attachments_erase")
        self.drop_hint = hint_label("attachments_drop_hint")
        self.drop_hint.setWordWrap(False)
        self.drop_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.hkid_box)
        buttons.addStretch(1)
        buttons.addWidget(self.view_button)
        buttons.addWidget(self.erase_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.shared_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.target_label)
        layout.addLayout(buttons)
        layout.addWidget(self.drop_hint)

        self.attach_button.clicked.connect(self.attach_requested)
        self.view_button.clicked.connect(self._view)
        self.erase_button.clicked.connect(self._erase)
        self.list.activated.connect(lambda _index: self._view())
        self.list.selectionModel().currentChanged.connect(lambda _now, _before: self.update_buttons())
        self.model.modelReset.connect(self.update_buttons)
        self.retranslate()

    # --- state ------------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[AttachmentRow], item_names: dict[int, str]) -> None:
        current = self.current()
        self.model.set_rows(rows, item_names)
        if current is not None:
            self.select(current.id)
        self._update_shared()
        self.update_buttons()

    def set_target(self, text: str) -> None:
        self.target_label.set_full_text(text)

    def current(self) -> AttachmentRow | None:
        index = self.list.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def select(self, attachment_id: int) -> None:
        row = self.model.row_of(attachment_id)
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row))

    def show_permission(self, allowed: bool, why_not: str) -> None:
        """Attaching (by the button or by dropping files) is open when the case's evidence may be recorded."""
        self.attach_button.setEnabled(allowed)
        self.attach_button.setToolTip(
            why_not if not allowed else self.tr("Choose scans, photos or PDFs to attach (several at once)")
        )
        self.setAcceptDrops(allowed)

    def update_buttons(self) -> None:
        row = self.current()
        self.view_button.setEnabled(row is not None and row.stored_path is not None)
        self.erase_button.setEnabled(row is not None and row.is_hkid_copy and row.erased_at is None)

    def _update_shared(self) -> None:
        shared = [row for row in self.model.rows if row.shared_with]
        lines = [
            self.tr("Same file as case {references}: {name}").format(
                references=", ".join(row.shared_with), name=row.original_name
            )
            for row in shared
        ]
        self.shared_label.set_full_text("; ".join(lines))
        self.shared_label.setToolTip("\n".join(lines))
        self.shared_label.setVisible(bool(lines))
        # The drop hint while the case has no file; then it is the list's tooltip, leaving its line to them.
        self.drop_hint.setVisible(not self.model.rows)

    def retranslate(self) -> None:
        self.attach_button.setText(self.tr("Attach file…"))
        self.attach_button.setToolTip(self.tr("Choose scans, photos or PDFs to attach (several at once)"))
        self.hkid_box.setText(self.tr("HKID copy"))
        self.hkid_box.setToolTip(self.tr("Mark the files attached next as copies of the HKID card"))
        self.view_button.setText(self.tr("View"))
        self.erase_button.setText(self.tr("Erase HKID copy…"))
        self.erase_button.setToolTip(
            self.tr("Delete the copy of the HKID card once verification is done (the erasure is audited)")
        )
        self.drop_hint.setText(self.tr("Drop scans, photos or PDFs here to attach them."))
        self.list.setToolTip(self.drop_hint.text())
        self._update_shared()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- actions ----------------------------------------------------------------------------------

    def _view(self) -> None:
        row = self.current()
        if row is not None and row.stored_path is not None:
            self.view_requested.emit(row.id)

    def _erase(self) -> None:
        row = self.current()
        if row is not None and row.is_hkid_copy and row.erased_at is None:
            self.erase_requested.emit(row.id)

    # --- drag and drop ----------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and local_files(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_files(event.mimeData().urls()) if event.mimeData().hasUrls() else []
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(paths)

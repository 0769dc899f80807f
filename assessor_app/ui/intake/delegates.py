"""Editors for the employment table: every keystroke reaches the model, choices open as combo boxes,
relevance as a checkable list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

AnyIndex = QModelIndex | QPersistentModelIndex


class LiveTextDelegate(QStyledItemDelegate):
    """A line editor that commits on every keystroke, so an autosave never misses a half-typed cell."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("employment_cell_editor")
        editor.setFrame(False)
        editor.textEdited.connect(lambda _text: self.commitData.emit(editor))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            text = str(index.data(Qt.ItemDataRole.EditRole) or "")
            if editor.text() != text:
                editor.setText(text)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box over ``(stored value, label)`` pairs; typing a letter picks the matching label."""

    def __init__(self, options: Callable[[], list[tuple[str, str]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._options = options

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        editor = QComboBox(parent)
        editor.setObjectName("employment_choice_editor")
        for value, label in self._options():
            editor.addItem(label, value)
        editor.currentIndexChanged.connect(lambda _row: self.commitData.emit(editor))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            # Showing the stored value is no edit: no commit from a half-made editor (Qt warns).
            editor.blockSignals(True)
            editor.setCurrentIndex(max(position, 0))
            editor.blockSignals(False)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class RelevanceEditor(QListWidget):
    """A checkable list of the chosen qualifications: Space ticks, A ticks all, N none (industry only)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_A, Qt.Key.Key_N)
            and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        ):
            state = Qt.CheckState.Checked if event.key() == Qt.Key.Key_A else Qt.CheckState.Unchecked
            for row in range(self.count()):
                item = self.item(row)
                if item is not None:
                    item.setCheckState(state)
            return
        if event.key() == Qt.Key.Key_Space and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            item = self.currentItem()
            if item is not None:
                checked = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)

    def ticked(self) -> list[int]:
        found = (self.item(row) for row in range(self.count()))
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in found
            if item is not None and item.checkState() == Qt.CheckState.Checked
        ]


class RelevanceDelegate(QStyledItemDelegate):
    """Edits a row's relevance: which chosen qualifications the period is relevant to (none: industry only).

    Enter or Tab keeps the ticks, Escape drops them (the delegate's own event filter)."""

    def __init__(self, options: Callable[[], list[tuple[int, str]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._options = options

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        editor = RelevanceEditor(parent)
        editor.setObjectName("employment_relevance_editor")
        for qualification_id, label in self._options():
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, qualification_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            editor.addItem(item)
        editor.setCurrentRow(0)
        editor.setToolTip(
            QCoreApplication.translate(
                "EmploymentTableModel",
                "Relevant to the ticked qualifications; none ticked: in the industry only. "
                "Space ticks, A all, N none, Enter keeps.",
            )
        )
        return editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter keeps the ticks at once (Qt's own filter would commit later, after the editor is gone).
        if (
            isinstance(watched, RelevanceEditor)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.SubmitModelCache)
            return True
        return super().eventFilter(watched, event)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        if isinstance(editor, RelevanceEditor):
            rows = max(editor.count(), 1)
            height = min(rows * (editor.sizeHintForRow(0) if editor.count() else 20) + 6, 140)
            rect = option.rect
            editor.setGeometry(rect.x(), rect.y(), max(rect.width(), 260), max(height, rect.height()))
            return
        super().updateEditorGeometry(editor, option, index)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, RelevanceEditor):
            ticked = set(index.data(Qt.ItemDataRole.EditRole) or [])
            for row in range(editor.count()):
                item = editor.item(row)
                if item is not None:
                    checked = item.data(Qt.ItemDataRole.UserRole) in ticked
                    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, RelevanceEditor):
            model.setData(index, editor.ticked(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)

"""Editors for the employment table: every keystroke reaches the model, choices open as combo boxes; the
checkable list of a row's relevance (in its details)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QListWidget,
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

"""The industry cell's editor: type part of the name (English or Chinese) and Tab takes the first match."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

AnyIndex = QModelIndex | QPersistentModelIndex


def sorted_choices(options: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The choices with a label, sorted by label as shown (case-insensitive)."""
    return sorted((pair for pair in options if pair[0]), key=lambda pair: pair[1].casefold())


def match_industry(options: list[tuple[str, str]], typed: str) -> str | None:
    """The stored value ``typed`` stands for: an exact label or value, else the first label containing it."""
    wanted = typed.strip().casefold()
    if not wanted:
        return ""
    choices = sorted_choices(options)
    for value, label in choices:
        if wanted in (label.casefold(), value.casefold()):
            return value
    starting = [value for value, label in choices if label.casefold().startswith(wanted)]
    containing = [value for value, label in choices if wanted in label.casefold()]
    found = starting or containing
    return found[0] if found else None


class IndustryDelegate(QStyledItemDelegate):
    """A line editor with a filtering completer over the sorted industries; what does not match keeps
    the cell as it was (a lost keystroke can no longer choose another industry silently)."""

    def __init__(self, options: Callable[[], list[tuple[str, str]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._options = options

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("employment_industry_editor")
        editor.setFrame(False)
        labels = [label for _value, label in sorted_choices(self._options())]
        completer = QCompleter(QStringListModel(labels, editor), editor)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        editor.setCompleter(completer)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            if not editor.isModified():  # a cell opened by a keystroke keeps that keystroke
                editor.setText(str(index.data(Qt.ItemDataRole.DisplayRole) or "").replace("—", ""))
                editor.selectAll()
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            value = match_industry(self._options(), editor.text())
            if value is not None:
                model.setData(index, value, Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)

"""What every page of the main window shares: its context, and re-set texts when the language changes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assessor_app.ui.context import UiContext


class Page(QWidget):
    """A page: ``retranslate()`` re-sets every visible string, ``refresh()`` reloads data when shown."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def retranslate(self) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def heading_label(object_name: str) -> QLabel:
    """A page title in a larger, bold font."""
    label = QLabel()
    label.setObjectName(object_name)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    return label


def hint_label(object_name: str) -> QLabel:
    """A wrapped explanatory line in the palette's secondary text colour."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def list_table(object_name: str) -> QTableView:
    """A read-only table of records: whole-row selection, compact rows, striped, sortable by header, and
    Tab leaving it."""
    table = QTableView()
    table.setObjectName(object_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    # Tab moves on to the next control: in a list of whole rows, stepping cell by cell is a trap (the
    # arrows move between rows).
    table.setTabKeyNavigation(False)
    rows = table.verticalHeader()
    rows.setVisible(False)
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
    # Sortable by clicking a header, but the service's order stands until one is clicked.
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    return table


def fit_columns(table: QTableView, samples: dict[int, str], *, whole_headings: bool = True) -> None:
    """Size each column in ``samples`` to the wider of its heading and its sample value (its widest
    likely cell), not the header's default, so a table of short codes leaves room for its long texts.

    Without ``whole_headings``, a heading much wider than its values (a long word over a two-digit count)
    does not widen its column: the header ends it with "…" and the model gives it whole as a tooltip.
    """
    header = table.horizontalHeader()
    model = table.model()
    # Room for the sort arrow; only the sorted column shows one, so a table short of width leaves less.
    arrow = 16 if whole_headings else 8
    padding = 2 * table.style().pixelMetric(table.style().PixelMetric.PM_HeaderMargin) + arrow
    for column, sample in samples.items():
        title = header.fontMetrics().horizontalAdvance(
            str(model.headerData(column, Qt.Orientation.Horizontal))
        )
        value = table.fontMetrics().horizontalAdvance(sample)
        if not whole_headings and title > value * 1.3 + 16:
            title = value
        header.resizeSection(column, max(title, value) + padding)


class ScrollContent(QWidget):
    """What a :func:`scroll_area` scrolls: as tall as the view, or its smallest height where that is more.

    A scroll area sizes content with wrapped labels to its preferred height for the width, which would
    stretch every text box of a tab to scroll a long way; the smallest height for the width (wrapped
    labels at their lines, boxes at their minimum) keeps everything whole and scrolls only that far.
    """

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        return layout.totalMinimumHeightForWidth(width) if layout is not None else -1


def scroll_area(object_name: str) -> tuple[QScrollArea, QVBoxLayout]:
    """A frameless area that scrolls when the window is shorter (or narrower) than its content needs,
    and the layout to put that content in.

    On a 1366x768 laptop some pages and tabs are taller than the room left to them; squeezed below their
    widgets' heights, a layout clips text and lets widgets overlap, where a scroll bar keeps them whole.
    """
    content = ScrollContent()
    content.setObjectName(f"{object_name}_content")
    layout = QVBoxLayout(content)
    layout.setContentsMargins(0, 0, 0, 0)
    area = QScrollArea()
    area.setObjectName(object_name)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(content)
    return area, layout

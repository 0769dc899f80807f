"""The intake form's two columns side by side when its scroll area has room for both, one above the other when not."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QBoxLayout, QScrollArea, QWidget

SIDE_BY_SIDE = QBoxLayout.Direction.LeftToRight
STACKED = QBoxLayout.Direction.TopToBottom


class FormColumns(QObject):
    """Lays ``columns`` (the form's top layout, inside ``scroll``) out side by side while the scroll area is
    as wide as the form needs that way (the side panel hidden on a laptop: nothing scrolls), stacked when it
    is narrower (the side panel shown: the form scrolls down, never sideways)."""

    def __init__(self, scroll: QScrollArea, form: QWidget, columns: QBoxLayout) -> None:
        # A child of the form, which the viewport holds: gone with the form, before the viewport's last events.
        super().__init__(form)
        self.form = form
        self.viewport = scroll.viewport()
        self.columns = columns
        self._side_by_side_width = 0
        # The viewport's own resize: by then the scroll bars are settled and its width is the room there is.
        self.viewport.installEventFilter(self)

    @property
    def stacked(self) -> bool:
        return self.columns.direction() == STACKED

    def fit(self) -> None:
        if not self.stacked:  # measured while side by side (it differs by language)
            self._side_by_side_width = self.form.minimumSizeHint().width()
        wanted = STACKED if self.viewport.width() < self._side_by_side_width else SIDE_BY_SIDE
        if wanted != self.columns.direction():
            self.columns.setDirection(wanted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport and event.type() == QEvent.Type.Resize:
            self.fit()
        return False

"""The intake page's side panel (applications, event overview): hidden on a narrow page, shown on request.

On a laptop screen the form needs the whole width to fit without scrolling, so until the clerk chooses,
the panel follows the page's width; once the toggle is used, the choice is kept in the preferences.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QPushButton, QTabWidget, QWidget

from assessor_app.core.services.intake.lodging import EventRow
from assessor_app.ui import preferences
from assessor_app.ui.context import UiContext
from assessor_app.ui.dashboard.panel import EventDashboardPanel
from assessor_app.ui.intake.queue_panel import QueuePanel

SIDE_PANEL_SHORTCUT = "Ctrl+Shift+O"
# Below this page width the form and the panel do not both fit (a 1366 px screen gives the page ~1196 px).
NARROW_PAGE = 1500
SHOWN, HIDDEN = "shown", "hidden"


class IntakeSideTabs(QTabWidget):
    """The event's queue (``ui/intake/queue_panel.py``), and its figures (``ui/dashboard/``) one tab away."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_side_tabs")
        self.queue = QueuePanel(context.database)
        self.dashboard = EventDashboardPanel(context)
        self.addTab(self.queue, "")
        self.addTab(self.dashboard, "")

    def retranslate(self) -> None:
        self.setTabText(0, self.tr("Applications"))
        self.setTabText(1, self.tr("Event overview"))
        self.queue.retranslate()
        self.dashboard.retranslate()

    def follow(self, event: EventRow | None) -> None:
        """The figures of ``event`` (another event chosen)."""
        self.dashboard.follow(event.id if event is not None else None)

    def refresh(self, event: EventRow | None) -> None:
        """The queue of ``event`` and its figures read again."""
        self.queue.refresh(event)
        self.dashboard.refresh()


class SidePanelToggle(QObject):
    """Shows or hides ``panel`` from ``button`` (and the page's shortcut); watches ``page``'s width."""

    def __init__(self, page: QWidget, panel: QWidget, settings: QSettings) -> None:
        super().__init__(page)
        self.page = page
        self.panel = panel
        self.settings = settings
        self.button = QPushButton()
        self.button.setObjectName("side_panel_toggle")
        self.button.setCheckable(True)
        self.button.toggled.connect(self._button_toggled)
        page.installEventFilter(self)
        self._apply(self._chosen() != HIDDEN if self._chosen() else page.width() >= NARROW_PAGE)

    def _chosen(self) -> str:
        return str(self.settings.value(preferences.INTAKE_SIDE_PANEL, "") or "")

    def toggle(self) -> None:
        self.button.toggle()

    def _button_toggled(self, shown: bool) -> None:
        self.settings.setValue(preferences.INTAKE_SIDE_PANEL, SHOWN if shown else HIDDEN)
        self._apply(shown)

    def _apply(self, shown: bool) -> None:
        self.panel.setVisible(shown)
        self.button.blockSignals(True)
        self.button.setChecked(shown)
        self.button.blockSignals(False)
        self.retranslate()

    def retranslate(self) -> None:
        if self.panel.isVisibleTo(self.page):
            self.button.setText(self.tr("Hide applications ▸ (Ctrl+Shift+O)"))
        else:
            self.button.setText(self.tr("◂ Applications (Ctrl+Shift+O)"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Until the clerk chooses, the panel follows the page's width (the window is maximised after start).
        if watched is self.page and event.type() == QEvent.Type.Resize and not self._chosen():
            wide = self.page.width() >= NARROW_PAGE
            if wide != self.panel.isVisibleTo(self.page):
                self._apply(wide)
        return False

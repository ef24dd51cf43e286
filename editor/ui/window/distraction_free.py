"""Distraction-free mode: only the body editor, full screen, and back exactly as it was.

Entering notes what is shown (the form and the preview through their View actions, so
the menu stays true; every other pane of the splitter, such as the site panel; the
window's toolbars and dock widgets; the menu bar; full screen) and hides it all at once.
Leaving shows exactly what was shown before, and nothing that was hidden. The window's
actions keep their shortcuts while the menu bar is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter, QToolBar, QWidget


@dataclass
class _Shown:
    actions: list[QAction]  # checked pane actions that were unchecked (form, preview)
    widgets: list[QWidget]  # visible widgets that were hidden
    full_screen: bool  # already full screen before


class DistractionFree(QObject):
    """Hides all but the body editor; ``leave`` brings back what was shown."""

    def __init__(
        self,
        window: QMainWindow,
        splitter: QSplitter,
        body: QWidget,
        pane_actions: dict[int, QAction],
    ) -> None:
        """pane_actions: the checkable View actions of splitter panes, by pane index."""
        super().__init__(window)
        self._window = window
        self._splitter = splitter
        self._body = body
        self._pane_actions = pane_actions
        self._shown: _Shown | None = None

    @property
    def active(self) -> bool:
        return self._shown is not None

    def set_active(self, active: bool) -> None:
        if active and self._shown is None:
            self.enter()
        elif not active and self._shown is not None:
            self.leave()

    def enter(self) -> None:
        window = self._window
        actions = []
        for action in self._pane_actions.values():
            if action.isEnabled() and action.isChecked():
                action.trigger()
                actions.append(action)
        widgets: list[QWidget] = []
        for index in range(self._splitter.count()):
            pane = self._splitter.widget(index)
            if pane is not self._body and index not in self._pane_actions:
                widgets.append(pane)
        widgets += [w for w in window.findChildren(QToolBar) if w.parent() is window]
        widgets += [w for w in window.findChildren(QDockWidget) if w.parent() is window]
        widgets.append(window.menuBar())
        widgets = [w for w in widgets if w.isVisible()]
        for widget in widgets:
            widget.hide()
        full_screen = window.isFullScreen()
        self._shown = _Shown(actions, widgets, full_screen)
        if not full_screen:
            window.setWindowState(window.windowState() | Qt.WindowState.WindowFullScreen)

    def leave(self) -> None:
        shown, self._shown = self._shown, None
        if shown is None:
            return
        window = self._window
        if not shown.full_screen:
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowFullScreen)
        for widget in shown.widgets:
            widget.show()
        for action in shown.actions:
            if not action.isChecked():
                action.trigger()

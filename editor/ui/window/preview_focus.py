"""View ▸ Switch to Preview (F6): the keyboard's way into the preview and back.

The body editor keeps Tab for indenting, so Tab never leaves it; F6 moves the focus to
the preview (where the arrow keys, PageUp/PageDown, Home/End and Ctrl+A work), and from
the preview back to the editor.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from editor.ui.menus import menu_titled

SHORTCUT = "F6"


class PreviewFocus:
    """The window's Switch to Preview action."""

    def __init__(self, window: Any) -> None:
        self._window = window
        self.action = QAction("Switch to Pre&view", window)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setStatusTip(f"Move the keyboard to the preview and back ({SHORTCUT})")
        self.action.triggered.connect(self.switch)
        self.action.setEnabled(window.preview is not None)
        window.addAction(self.action)
        view_menu = menu_titled(window, "View")
        if view_menu is not None:
            view_menu.addAction(self.action)

    def preview_has_focus(self) -> bool:
        preview = self._window.preview
        focus = QApplication.focusWidget()
        return preview is not None and focus is not None and preview.isAncestorOf(focus)

    def switch(self) -> None:
        """To the preview (shown first if hidden), or back to the body editor."""
        window = self._window
        if window.preview is None:
            return
        if self.preview_has_focus():
            window.body_editor.setFocus()
            return
        if not window.window_actions.preview.isChecked():
            window.window_actions.preview.trigger()
        window.preview.create_backend()
        window.preview.setFocus()


def attach_preview_focus(window: Any) -> PreviewFocus:
    """F6 between the body editor and the preview (see the module docstring)."""
    return PreviewFocus(window)

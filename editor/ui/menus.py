"""The window's menus found by title, for the parts that add their actions to them.

The menus are built in ``editor.ui.window.window_actions``; the writing tools, spelling,
export, the preview and the site's panels add to them later by title ("Edit", "View"),
access keys ignored.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu


def menu_titled(window: QMainWindow, title: str) -> QMenu | None:
    """The menu bar's menu titled ``title`` (``&`` access keys ignored), or None."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == title:
            return menu
    return None

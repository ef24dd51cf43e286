"""File ▸ Open Recent: posts and sites by short name, the full path as tooltip.

The entries come from ``editor.core.user.recent``; a site (a folder) has a folder icon
and opens as a site, a post opens in the editor.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu

from editor.core.user.recent import recent_entries
from editor.ui.window.window_actions import themed_icon


def fill_recent_menu(
    menu: QMenu,
    paths: list[str],
    open_post: Callable[[str], object],
    open_site: Callable[[str], object],
    clear: Callable[[], object],
) -> None:
    """Put one action per recent path into menu (emptied first), then Clear Recent."""
    menu.clear()
    menu.setToolTipsVisible(True)
    for entry in recent_entries(paths):
        action = menu.addAction(entry.label)
        action.setToolTip(entry.tooltip)
        action.setStatusTip(entry.tooltip)
        opener = open_site if entry.is_site else open_post
        if entry.is_site:
            action.setIcon(themed_icon("folder", "SP_DirIcon"))
        action.triggered.connect(lambda _checked=False, p=entry.path, o=opener: o(p))
    menu.setEnabled(bool(paths))
    if paths:
        menu.addSeparator()
        menu.addAction("Clear Recent").triggered.connect(clear)

"""TableMode: the site's table across the whole window, and back (View > Table Mode).

Entering hides the form, the body editor and the preview, gives the sidebar (the site
workspace) the splitter's whole width and asks it to show its table (``show_table``);
leaving shows the panes that were shown before, at their sizes. Without a site open
there is no table, and the mode stays off.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QSplitter, QWidget


class TableMode:
    """See the module docstring; ``sidebar`` is the splitter's index of the sidebar."""

    def __init__(self, splitter: QSplitter, sidebar: int, has_sidebar: Callable[[], bool]):
        self._splitter = splitter
        self._sidebar = sidebar
        self._has_sidebar = has_sidebar
        self._saved: tuple[list[int], list[bool]] | None = None
        self.show_table: Callable[[], None] | None = None  # set by whoever docks the site

    @property
    def active(self) -> bool:
        return self._saved is not None

    def set_enabled(self, on: bool) -> bool:
        """Enter or leave table mode; returns whether it is on afterwards."""
        if on == self.active:
            return self.active
        if on:
            if not self._has_sidebar():
                return False
            self._enter()
        else:
            self._leave()
        return self.active

    def _panes(self) -> list[QWidget]:
        return [self._splitter.widget(i) for i in range(self._splitter.count())]

    def _enter(self) -> None:
        panes = self._panes()
        self._saved = (self._splitter.sizes(), [not w.isHidden() for w in panes])
        for index, widget in enumerate(panes):
            if index != self._sidebar:
                widget.hide()
        sizes = [0] * len(panes)
        sizes[self._sidebar] = max(1, sum(self._saved[0]))
        self._splitter.setSizes(sizes)
        if self.show_table is not None:
            self.show_table()

    def _leave(self) -> None:
        saved, self._saved = self._saved, None
        if saved is None:
            return
        sizes, shown = saved
        for widget, visible in zip(self._panes(), shown, strict=True):
            widget.setVisible(visible)
        self._splitter.setSizes(sizes)

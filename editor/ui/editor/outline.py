"""The outline panel: the body's headings as a tree; a click goes to one.

The headings come from ``editor.core.post.outline``. The panel rescans a moment after
typing stops (one single-shot timer re-armed by each edit), and only while it is shown:
a hidden outline costs nothing. A rescan that finds the same headings leaves the tree
alone. ``show_cursor_line`` highlights the section the cursor is in, without moving the
editor; ``heading_chosen`` carries the body line of a clicked or activated heading.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from editor.core.post.outline import Heading, headings, section_at

RESCAN_DELAY_MS = 300


class OutlinePanel(QTreeWidget):
    """The headings of the body that body_text() returns, nested by level."""

    heading_chosen = Signal(int)  # the 1-based body line of the heading

    def __init__(
        self,
        body_text: Callable[[], str],
        first_line: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        """body_text: the body as the editor holds it; first_line: the file line the body
        starts on (so tooltips name file lines)."""
        super().__init__(parent)
        self.setObjectName("Outline")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setExpandsOnDoubleClick(False)
        self.setAccessibleName("Outline")
        self._body_text = body_text
        self._first_line = first_line
        self._headings: list[Heading] = []
        self._items: list[QTreeWidgetItem] = []
        self._cursor_line = 1
        self._stale = True
        self._timer = QTimer(self, singleShot=True, interval=RESCAN_DELAY_MS)
        self._timer.timeout.connect(self.rescan)
        self.itemClicked.connect(self._choose)
        self.itemActivated.connect(self._choose)

    @property
    def headings(self) -> list[Heading]:
        return list(self._headings)

    def body_changed(self) -> None:
        """The body was edited: rescan once typing pauses (or when next shown)."""
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def rescan(self) -> None:
        """Read the headings now (a reload, the front matter's length changed)."""
        self._timer.stop()
        self._stale = False
        found = headings(self._body_text(), self._first_line())
        if found == self._headings:
            return
        self._headings = found
        self._rebuild()

    def refresh(self) -> None:
        """Rescan now if shown (after a reload), else when next shown."""
        if self.isVisible():
            self.rescan()
        else:
            self._stale = True

    def show_cursor_line(self, body_line: int) -> None:
        """Highlight the heading of the section holding body_line."""
        self._cursor_line = body_line
        index = section_at(self._headings, body_line)
        if index is None:
            self.setCurrentIndex(QModelIndex())
            self.clearSelection()
        elif self.currentItem() is not self._items[index]:
            self.setCurrentItem(self._items[index])

    def _rebuild(self) -> None:
        self.clear()
        self._items = []
        parents: list[tuple[int, QTreeWidgetItem]] = []  # (level, item), deepest last
        for heading in self._headings:
            while parents and parents[-1][0] >= heading.level:
                parents.pop()
            label = heading.text or "(untitled)"
            item = QTreeWidgetItem([label])
            item.setData(0, Qt.ItemDataRole.UserRole, len(self._items))
            item.setToolTip(0, f"{label} (line {heading.line})")
            if parents:
                parents[-1][1].addChild(item)
            else:
                self.addTopLevelItem(item)
            parents.append((heading.level, item))
            self._items.append(item)
        self.expandAll()
        self.show_cursor_line(self._cursor_line)

    def _choose(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        index = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(index, int) and 0 <= index < len(self._headings):
            self.heading_chosen.emit(self._headings[index].body_line)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self.rescan()

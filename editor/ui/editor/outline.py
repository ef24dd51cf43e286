"""The outline panel: the body's headings as a tree; a click goes to one.

The headings come from an ``OutlineTracker`` (``editor/session/outline.py``), which
rescans off the GUI thread once typing pauses, and only while this panel is shown. The
tree is rebuilt only when the headings change. ``show_cursor_line`` highlights the
section the cursor is in, without moving the editor; ``heading_chosen`` carries the body
line of a clicked or activated (Enter) heading.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from editor.core.post.outline import Heading, section_at
from editor.session.outline import OutlineTracker


class OutlinePanel(QTreeWidget):
    """The tracker's headings, nested by level."""

    heading_chosen = Signal(int)  # the 1-based body line of the heading

    def __init__(self, tracker: OutlineTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Outline")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setExpandsOnDoubleClick(False)
        self.setAccessibleName("Outline")
        self.tracker = tracker
        self._headings: list[Heading] = []
        self._items: list[QTreeWidgetItem] = []
        self._cursor_line = 1
        tracker.headings_changed.connect(self._show_headings)
        self.itemClicked.connect(self._choose)
        self.itemActivated.connect(self._choose)

    @property
    def headings(self) -> list[Heading]:
        return list(self._headings)

    def show_cursor_line(self, body_line: int) -> None:
        """Highlight the heading of the section holding body_line."""
        self._cursor_line = body_line
        index = section_at(self._headings, body_line)
        if index is None:
            self.setCurrentIndex(QModelIndex())
            self.clearSelection()
        elif self.currentItem() is not self._items[index]:
            self.setCurrentItem(self._items[index])

    def _show_headings(self, found: list[Heading]) -> None:
        self._headings = list(found)
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
        self.tracker.set_active(True)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        super().hideEvent(event)
        self.tracker.set_active(False)

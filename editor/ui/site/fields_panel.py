"""FieldsPanel: the site's inferred schema, one row per front-matter field.

Shows each field with its types, how many posts use it, its date formats and its most
used values, from ``Workspace.schema`` (``editor.core.site.schema``). Double-clicking a field
emits ``field_activated(key)`` (the workspace panel shows it as a table column).
"""

from __future__ import annotations

import heapq
from operator import itemgetter
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from editor.core.site.schema import SHOWN_TOP_VALUES
from editor.session.post_table_model import format_value
from editor.session.workspace import Workspace

TOP_VALUES = SHOWN_TOP_VALUES
HEADERS = ("Field", "Types", "Posts", "Top values")


def counted(items: Any, top: int | None = None) -> list[tuple[Any, int]]:
    """(value, count) pairs, most common first (ties in their order), from a Counter, dict
    or list of pairs; only the ``top`` most common when given (without sorting them all:
    a site's titles are thousands of values, and this runs on every schema change)."""
    if items is None:
        return []
    pairs = list(items.items()) if isinstance(items, dict) else [tuple(p) for p in items]
    if top is not None:
        return heapq.nlargest(top, pairs, key=itemgetter(1))
    return sorted(pairs, key=lambda pair: -pair[1])


class FieldsPanel(QWidget):
    """The inferred schema as a sortable list; see the module docstring."""

    field_activated = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace = workspace
        self.summary_label = QLabel()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSortingEnabled(True)
        self.tree.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tree, 1)
        self.tree.itemActivated.connect(lambda item, _col: self.field_activated.emit(item.text(0)))
        workspace.schema_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        schema = self._workspace.schema
        fields = getattr(schema, "fields", None) or {}
        self.tree.setSortingEnabled(False)
        self.tree.clear()
        for key, info in fields.items():
            self.tree.addTopLevelItem(self._item(key, info))
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        total = len(self._workspace.records)
        self.summary_label.setText(f"{len(fields)} fields in {total} posts")

    @staticmethod
    def _item(key: str, info: Any) -> QTreeWidgetItem:
        types = ", ".join(f"{name} ({n})" for name, n in counted(info.kinds))
        formats = [fmt for fmt, _n in counted(info.date_formats)]
        if formats:
            types += "  " + " | ".join(formats)
        top = info.top_values(TOP_VALUES)  # worked out by the workspace, off this thread
        values = ", ".join(f"{format_value(v)} ({n})" for v, n in top)
        item = QTreeWidgetItem([key, types, "", values])
        item.setData(2, Qt.ItemDataRole.DisplayRole, info.count)
        item.setToolTip(3, values)
        return item

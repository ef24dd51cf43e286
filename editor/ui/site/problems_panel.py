"""ProblemsPanel: the problems the site checks found, clickable to jump to them.

Lists ``Workspace.problems`` (``editor.core.site.checks.Problem``: path, line, level, code,
message, key) with a level filter. Activating a row emits
``problem_activated(path, line, key, column)``; the listener opens the post at that place.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.session.workspace import Workspace

HEADERS = ("Level", "File", "Line", "Problem", "Check")
LEVEL_COLOURS = {"error": "#b3261e", "warning": "#9a6700", "info": "#0550ae"}
ProblemRole = Qt.ItemDataRole.UserRole + 1


class ProblemsPanel(QWidget):
    """Problems list; see the module docstring."""

    # path, line (0 if unknown), key ('' if none), column (0 if unknown)
    problem_activated = Signal(str, int, str, int)
    count_changed = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace = workspace
        self.level_box = QComboBox()
        self.level_box.addItem("All levels", "")
        for level in LEVEL_COLOURS:
            self.level_box.addItem(level.capitalize() + "s", level)
        self.summary_label = QLabel()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSortingEnabled(True)
        top = QHBoxLayout()
        top.addWidget(self.level_box)
        top.addWidget(self.summary_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self.level_box.currentIndexChanged.connect(self.refresh)
        self._last_clicked: QTreeWidgetItem | None = None
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._activated)
        workspace.problems_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        problems = list(self._workspace.problems)
        wanted = self.level_box.currentData()
        shown = [p for p in problems if not wanted or p.level == wanted]
        self.tree.setSortingEnabled(False)
        self._last_clicked = None
        self.tree.clear()
        self.tree.addTopLevelItems([self._item(p) for p in shown])
        self.tree.setSortingEnabled(True)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        errors = sum(1 for p in problems if p.level == "error")
        self.summary_label.setText(
            f"{len(problems)} problems ({errors} errors)" if problems else "No problems found"
        )
        self.count_changed.emit(len(problems))

    def _item(self, problem: Any) -> QTreeWidgetItem:
        record = self._workspace.record_for(problem.path)
        shown_path = record.rel if record is not None else os.path.basename(problem.path)
        item = QTreeWidgetItem([problem.level, shown_path, "", problem.message, problem.code or ""])
        if problem.line:
            item.setData(2, Qt.ItemDataRole.DisplayRole, int(problem.line))
        item.setForeground(0, QColor(LEVEL_COLOURS.get(problem.level, "#57606a")))
        item.setToolTip(3, problem.message)
        item.setData(0, ProblemRole, problem)
        return item

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self._last_clicked = item
        self._emit(item)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        # A double-click is a click plus an activation: jump once, not twice.
        if item is not self._last_clicked:
            self._emit(item)
        self._last_clicked = None

    def _emit(self, item: QTreeWidgetItem) -> None:
        problem = item.data(0, ProblemRole)
        self.problem_activated.emit(
            os.fspath(problem.path),
            int(problem.line or 0),
            problem.key or "",
            int(getattr(problem, "column", None) or 0),
        )

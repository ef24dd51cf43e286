"""ProblemsPanel: the problems the site checks found, clickable to jump to them.

Lists ``Workspace.problems`` (``editor.core.site.checks.Problem``: path, line, level, code,
message, key), errors first, with the message beside the file, a level filter (errors,
warnings and hints by default: info findings, such as posts that are not live, show when
asked for) and a kind filter (one check, with its count). Hints (``dialect-hint``: where
the site's renderer may surprise the writer) come after the warnings, in their own
colour, and the tab's count leaves them out. Activating a row emits
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
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.core.site.check_select import level_rank, problem_order, summary
from editor.session.workspace import Workspace

HEADERS = ("Level", "File", "Line", "Problem", "Check")
LEVEL_COLOURS = {"error": "#b3261e", "warning": "#9a6700", "hint": "#6639ba", "info": "#0550ae"}
ProblemRole = Qt.ItemDataRole.UserRole + 1
MESSAGE_COLUMN = 3
ERRORS_AND_WARNINGS = "error,warning,hint"  # the default: all but info
MAX_FILE_COLUMN_WIDTH = 320


class _ProblemItem(QTreeWidgetItem):
    """A row that sorts by level rank (errors first) in the level column, by number in the
    line column, and by text elsewhere; ties by file and line."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        tree = self.treeWidget()
        column = tree.sortColumn() if tree is not None else 0
        mine, theirs = self.data(0, ProblemRole), other.data(0, ProblemRole)
        if mine is None or theirs is None:
            return super().__lt__(other)
        if column == 0:
            return problem_order(mine) < problem_order(theirs)
        if column == 2:
            return (mine.line or 0, mine.path) < (theirs.line or 0, theirs.path)
        a, b = self.text(column).casefold(), other.text(column).casefold()
        if a != b:
            return a < b
        return problem_order(mine) < problem_order(theirs)


class ProblemsPanel(QWidget):
    """Problems list; see the module docstring."""

    # path, line (0 if unknown), key ('' if none), column (0 if unknown)
    problem_activated = Signal(str, int, str, int)
    count_changed = Signal(int)  # errors and warnings (not hints, not info)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace = workspace
        self.level_box = QComboBox()
        self.level_box.addItem("Errors, warnings and hints", ERRORS_AND_WARNINGS)
        self.level_box.addItem("All levels", "")
        for level in LEVEL_COLOURS:
            self.level_box.addItem("Info" if level == "info" else level.capitalize() + "s", level)
        self.kind_box = QComboBox()
        self.kind_box.setToolTip("Show one kind of problem")
        self.kind_box.addItem("All kinds", "")
        self.summary_label = QLabel()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long path keeps its name
        self.tree.setSortingEnabled(True)
        top = QHBoxLayout()
        top.addWidget(self.level_box)
        top.addWidget(self.kind_box)
        top.addWidget(self.summary_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(MESSAGE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.level_box.currentIndexChanged.connect(self.refresh)
        self.kind_box.currentIndexChanged.connect(self.refresh)
        self._last_clicked: QTreeWidgetItem | None = None
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._activated)
        self._listed: list[Any] = []  # the workspace's problems the list was built from
        self._source: Any = None  # the workspace's list of them (the same when unchanged)
        workspace.problems_changed.connect(self._problems_changed)
        self.refresh()

    def _problems_changed(self) -> None:
        """The list is built again only when the problems differ from those it shows: after
        a save they mostly do not, and a big site can have thousands (its hints)."""
        problems = self._workspace.problems
        if problems is not self._source and problems != self._listed:
            self.refresh()
        self._source = problems

    def refresh(self) -> None:
        self._source = self._workspace.problems
        problems = list(self._source)
        self._listed = problems
        levels = set((self.level_box.currentData() or "").split(",")) - {""}
        at_level = [p for p in problems if not levels or p.level in levels]
        kind = self._update_kinds(at_level)
        shown = [p for p in at_level if not kind or p.code == kind]
        self.tree.setSortingEnabled(False)
        self._last_clicked = None
        self.tree.clear()
        self.tree.addTopLevelItems([self._item(p) for p in shown])
        self.tree.setSortingEnabled(True)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        if self.tree.columnWidth(1) > MAX_FILE_COLUMN_WIDTH:
            self.tree.setColumnWidth(1, MAX_FILE_COLUMN_WIDTH)
        counted = [p for p in problems if p.level != "info"]
        info_shown = not levels or "info" in levels
        hidden_info = 0 if info_shown else sum(1 for p in problems if p.level == "info")
        text = summary(counted, hidden_info) if problems else "No problems found"
        if kind:
            text = f"{len(shown):,} shown of {text}"
        self.summary_label.setText(text)
        self.count_changed.emit(sum(1 for p in counted if p.level != "hint"))

    def _update_kinds(self, problems: list[Any]) -> str:
        """Offer the kinds found at the chosen levels (with counts); keep the chosen kind."""
        chosen = self.kind_box.currentData() or ""
        counts: dict[str, int] = {}
        worst: dict[str, int] = {}
        for p in problems:
            counts[p.code] = counts.get(p.code, 0) + 1
            worst[p.code] = min(worst.get(p.code, 9), level_rank(p.level))
        kinds = sorted(counts, key=lambda code: (worst[code], -counts[code], code))
        if chosen and chosen not in counts:
            kinds.append(chosen)  # still chosen, none left at these levels
            counts[chosen] = 0
        self.kind_box.blockSignals(True)
        self.kind_box.clear()
        self.kind_box.addItem("All kinds", "")
        for code in kinds:
            self.kind_box.addItem(f"{code} ({counts[code]:,})", code)
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(chosen)))
        self.kind_box.blockSignals(False)
        return chosen

    def show_kind(self, code: str) -> None:
        """Show only problems of one kind ("" for all)."""
        index = self.kind_box.findData(code)
        if index < 0 and code:
            self.kind_box.addItem(code, code)
            index = self.kind_box.count() - 1
        self.kind_box.setCurrentIndex(max(0, index))

    def _item(self, problem: Any) -> QTreeWidgetItem:
        record = self._workspace.record_for(problem.path)
        shown_path = record.rel if record is not None else os.path.basename(problem.path)
        item = _ProblemItem([problem.level, shown_path, "", problem.message, problem.code or ""])
        if problem.line:
            item.setData(2, Qt.ItemDataRole.DisplayRole, int(problem.line))
        item.setForeground(0, QColor(LEVEL_COLOURS.get(problem.level, "#57606a")))
        for column in range(len(HEADERS)):
            item.setToolTip(column, f"{shown_path}: {problem.message}")
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

"""PostList: the sidebar list of a site's posts (title, date, file) with a filter box.

Shows a ``PostTableModel`` with the title, date and file columns, sortable by any of
them (newest first to begin with). The filter box takes the ``editor.core.site.query``
syntax (``tags:news draft:true words``). Clicking a post, or pressing Enter on it,
emits ``post_activated(path)``; what happens to unsaved edits is the listener's call.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from editor.session.post_table_model import FILE_COLUMN, PostTableModel
from editor.session.workspace import Workspace

LIST_COLUMNS = ("title", "date", FILE_COLUMN)


class PostList(QWidget):
    """Sidebar list of posts; see the module docstring."""

    post_activated = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = PostTableModel(workspace, LIST_COLUMNS, self)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter posts (e.g. categories:news)")
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: palette(mid)")
        self.count_label.setWordWrap(True)  # a filter warning fits the sidebar

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.sortByColumn(LIST_COLUMNS.index("date"), Qt.SortOrder.DescendingOrder)
        self.view.horizontalHeader().resizeSection(0, 260)
        self.view.horizontalHeader().resizeSection(1, 150)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

        self.filter_edit.textChanged.connect(self.model.set_filter)
        self.model.filter_changed.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        self._last_clicked = ""
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._activate)
        self._update_count()

    def select_path(self, path: str | os.PathLike[str]) -> bool:
        """Highlight the post at ``path`` (e.g. the one open in the editor) without emitting."""
        row = self.model.row_of(path)
        if row < 0:
            self.view.clearSelection()
            return False
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._last_clicked = self.model.path_at(index.row())
            self.post_activated.emit(self._last_clicked)

    def _activate(self, index: QModelIndex) -> None:
        # A double-click is a click plus an activation: open the post once, not twice.
        if index.isValid() and self.model.path_at(index.row()) != self._last_clicked:
            self.post_activated.emit(self.model.path_at(index.row()))
        self._last_clicked = ""

    def _update_count(self, *_args) -> None:
        shown, total = self.model.rowCount(), self.model.total_count
        if self.model.filter_error:
            self.count_label.setText(f"⚠ {self.model.filter_error}")
        elif shown != total:
            self.count_label.setText(f"{shown} of {total} posts")
        else:
            self.count_label.setText(f"{total} posts")
        if self.model.filter_warning and not self.model.filter_error:
            self.count_label.setText(f"{self.count_label.text()} · ⚠ {self.model.filter_warning}")
        self.count_label.setToolTip(self.model.filter_warning)

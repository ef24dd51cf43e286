"""WorkspacePanel: the site browser the main window docks as its sidebar.

Combines the post list, the metadata table, the fields (schema) panel and the problems
panel in tabs, above a status row that shows indexing progress with a Cancel button.
It forwards ``post_activated(path)`` and ``problem_activated(path, line, key)`` for the
main window to open posts. Double-clicking a field shows it as a column in the table.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from editor.session.workspace import Workspace
from editor.ui.bulk_dialog import WorkspacePrompter
from editor.ui.fields_panel import FieldsPanel
from editor.ui.metadata_table import MetadataTable
from editor.ui.post_list import PostList
from editor.ui.problems_panel import ProblemsPanel


class WorkspacePanel(QWidget):
    """Tabs over one workspace; see the module docstring."""

    post_activated = Signal(str)
    problem_activated = Signal(str, int, str, int)  # path, line, key, column

    def __init__(
        self, workspace: Workspace, prompter: WorkspacePrompter, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.workspace = workspace
        self.post_list = PostList(workspace)
        self.metadata_table = MetadataTable(workspace, prompter)
        self.fields_panel = FieldsPanel(workspace)
        self.problems_panel = ProblemsPanel(workspace)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.post_list, "Posts")
        self.tabs.addTab(self.metadata_table, "Table")
        self.tabs.addTab(self.fields_panel, "Fields")
        self.tabs.addTab(self.problems_panel, "Problems")

        self.status_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(10)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(workspace.cancel)
        status = QHBoxLayout()
        status.setContentsMargins(4, 0, 4, 0)
        status.addWidget(self.status_label, 1)
        status.addWidget(self.progress_bar, 1)
        status.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(status)

        self.post_list.post_activated.connect(self.post_activated)
        self.metadata_table.post_activated.connect(self.post_activated)
        self.problems_panel.problem_activated.connect(self.problem_activated)
        self.problems_panel.count_changed.connect(self._problem_count)
        self.fields_panel.field_activated.connect(self._show_field)
        workspace.scan_started.connect(self._scanning)
        workspace.progress.connect(self._progress)
        workspace.ready.connect(self._idle)
        workspace.scan_cancelled.connect(lambda: self._idle("Indexing cancelled"))
        workspace.busy_changed.connect(lambda busy: None if busy else self._idle())
        workspace.failed.connect(self.status_label.setText)
        self._idle()

    def _scanning(self) -> None:
        self.status_label.setText("Indexing…")
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.cancel_button.show()

    def _progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.status_label.setText(f"Indexing {done} of {total}…")

    def _idle(self, message: str = "") -> None:
        self.progress_bar.hide()
        self.cancel_button.hide()
        root = self.workspace.root
        if message:
            self.status_label.setText(message)
        elif root is not None:
            self.status_label.setText(f"{root.name}: {len(self.workspace.records)} posts")
        else:
            self.status_label.setText("No folder open")

    def _problem_count(self, count: int) -> None:
        index = self.tabs.indexOf(self.problems_panel)
        self.tabs.setTabText(index, f"Problems ({count})" if count else "Problems")

    def _show_field(self, key: str) -> None:
        self.metadata_table.show_column(key)
        self.tabs.setCurrentWidget(self.metadata_table)

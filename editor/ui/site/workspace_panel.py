"""WorkspacePanel: the site browser the main window docks as its sidebar.

Combines the post list, the metadata table, the fields (schema) panel and the problems
panel in tabs, above a status row that shows indexing progress with a Cancel button.
It forwards ``post_activated(path)`` and ``problem_activated(path, line, key)`` for the
main window to open posts. Double-clicking a field shows it as a column in the table.
The Taxonomy tab (``taxonomy_panel``) manages the values of the site's list fields.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from editor.core.site.build_output import skipped_message
from editor.core.site.check_select import plural
from editor.session.workspace import Workspace
from editor.ui.dialogs.prompter import WorkspacePrompter
from editor.ui.site.fields_panel import FieldsPanel
from editor.ui.site.history_panel import HistoryPanel
from editor.ui.site.metadata_table import MetadataTable
from editor.ui.site.post_list import PostList
from editor.ui.site.problems_panel import ProblemsPanel
from editor.ui.site.taxonomy_panel import TaxonomyPanel


class WorkspacePanel(QWidget):
    """Tabs over one workspace; see the module docstring."""

    post_activated = Signal(str)
    problem_activated = Signal(str, int, str, int)  # path, line, key, column

    def __init__(
        self, workspace: Workspace, prompter: WorkspacePrompter, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.workspace = workspace
        self._prompter = prompter
        self._notice = ""  # an interrupted bulk edit left for later, kept in the status
        self.post_list = PostList(workspace)
        self.metadata_table = MetadataTable(workspace, prompter)
        self.fields_panel = FieldsPanel(workspace)
        self.problems_panel = ProblemsPanel(workspace)
        self.history_panel = HistoryPanel(workspace.history)
        self.changes_panel: QWidget | None = None

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.post_list, "Posts")
        self.tabs.addTab(self.metadata_table, "Table")
        self.tabs.addTab(self.fields_panel, "Fields")
        self.tabs.addTab(self.problems_panel, "Problems")
        self.tabs.addTab(self.history_panel, "History")
        # The workspace's prompter answers the taxonomy panel's questions too.
        self.taxonomy_panel = TaxonomyPanel(workspace, prompter)  # type: ignore[arg-type]
        self.tabs.addTab(self.taxonomy_panel, "Taxonomy")
        self.taxonomy_panel.value_activated.connect(self._show_posts_with)

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
        workspace.bulk_interrupted.connect(self._interrupted)
        workspace.interrupted_resolved.connect(self._resolved)
        self._idle()

    def set_changes_panel(self, panel: QWidget | None) -> None:
        """Show the Changes tab (the site is in a git repository), or hide it (None)."""
        if self.changes_panel is not None:
            self.tabs.removeTab(self.tabs.indexOf(self.changes_panel))
        self.changes_panel = panel
        if panel is not None:
            self.tabs.addTab(panel, "Changes")

    def undo_if_focused(self, redo: bool = False) -> bool:
        """Edit > Undo (Redo) while the table or the history has focus: the site's last
        step, not the open post's; False when the focus is elsewhere."""
        focus = QApplication.focusWidget()
        if focus is not None and self.history_panel.isAncestorOf(focus):
            return self.metadata_table.undo_if_focused(redo, focus_inside=True)
        return self.metadata_table.undo_if_focused(redo)

    def show_taxonomy(self) -> None:
        self.tabs.setCurrentWidget(self.taxonomy_panel)

    def _show_posts_with(self, key: str, filter_text: str) -> None:
        """A taxonomy value was double-clicked: the table lists its posts, with its field."""
        self.metadata_table.filter_edit.setText(filter_text)
        self.metadata_table.show_column(key)
        self.tabs.setCurrentWidget(self.metadata_table)

    def show_changes(self) -> None:
        if self.changes_panel is not None:
            self.tabs.setCurrentWidget(self.changes_panel)

    def _interrupted(self, edit) -> None:
        """An earlier bulk edit of this site was killed midway: undo it or finish it."""
        choice = self._prompter.ask_interrupted_bulk(edit.message)
        if choice is None:
            self._notice = edit.message + " It will be offered again next time."
            self._idle()
            return
        if self.workspace.bulk_running:
            self._prompter.inform("Interrupted bulk edit", "A bulk action is still running.")
            return
        self.workspace.resolve_interrupted(edit, choice)

    def _resolved(self, result) -> None:
        if result.busy:
            self._prompter.inform(
                "Interrupted bulk edit", "Another Masthead is working on that bulk edit."
            )
            return
        lines = [f"{len(result.done):,} files written."]
        lines += [f"Skipped {path}: {why}" for path, why in result.skipped[:20]]
        lines += [f"Failed {path}: {why}" for path, why in result.failed[:20]]
        self._prompter.inform("Interrupted bulk edit", "\n".join(lines))

    def _scanning(self) -> None:
        self._notice = ""
        self.status_label.setText("Indexing…")
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.cancel_button.show()

    def _progress(self, done: int, total: int) -> None:
        bar = self.progress_bar
        # A progress bar repaints at once when its value moves, and with it everything
        # else waiting to be painted in the window (a first open's new rows: 15-25 ms
        # inside this call); with updates held, it is painted with the rest, later.
        bar.setUpdatesEnabled(False)
        bar.setRange(0, max(total, 1))
        bar.setValue(done)
        bar.setUpdatesEnabled(True)  # schedules its repaint
        self.status_label.setText(f"Indexing {done} of {total}…")

    def _idle(self, message: str = "") -> None:
        self.progress_bar.hide()
        self.cancel_button.hide()
        root = self.workspace.root
        if message:
            text = message
        elif root is not None:
            text = root.name  # the post list and the table each count their posts
            if not self.workspace.records and not self.workspace.is_busy:
                text = f"{root.name}: no posts found"
            skipped = self.workspace.skipped_folders
            if skipped:  # build output that holds Markdown: say it was left out
                text += "; skipped " + ", ".join(
                    f"{f.rel}/ ({plural(f.posts, 'Markdown file')}, build output)" for f in skipped
                )
            self.status_label.setToolTip("\n".join(map(skipped_message, skipped)))
        else:
            text = "No folder open"
        self.status_label.setText(f"{text}. {self._notice}" if self._notice else text)

    def _problem_count(self, count: int) -> None:
        index = self.tabs.indexOf(self.problems_panel)
        self.tabs.setTabText(index, f"Problems ({count})" if count else "Problems")

    def _show_field(self, key: str) -> None:
        self.metadata_table.show_column(key)
        self.tabs.setCurrentWidget(self.metadata_table)

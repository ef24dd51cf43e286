"""TaxonomyPanel: a site's tags, categories, authors… with their counts, and edits to them.

Choose one of the site's list fields (``editor.core.site.taxonomy.list_fields``); the
table shows each value, how many posts carry it and its group of near-duplicates
(``~1``: values that differ only by case, punctuation or a typo). Rename…, Merge…,
Split… and Delete… (buttons, and the table's context menu) ask through the injected
``TaxonomyPrompter``, then go the way of every bulk edit: the workspace plans the
change over the posts that carry the values, the prompter shows the per-file diff, and
only then the workspace writes, atomically and journaled, and the edit can be undone
like any bulk action (the workspace's ``history``). Double-clicking a value emits
``value_activated`` with the filter that lists its posts.

The values are counted from the workspace's records when the panel is shown, and again
when the records change while it is shown (on a 10,000-post site about a tenth of a
second: the field list is made again only when the whole record list is replaced).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.core.bulk import actions as bulk
from editor.core.bulk.list_values import (
    ReplaceListValue,
    delete_values,
    merge_values,
    rename_value,
    split_list_text,
    split_value,
)
from editor.core.site.taxonomy import Taxonomy, ValueCount, list_fields, posts_holding, taxonomy
from editor.session.workspace import Workspace
from editor.ui.dialogs.prompter import TaxonomyPrompter
from editor.ui.menus import menu_titled

HEADERS = ("Value", "Posts", "Similar")


class _RoomyRows(QStyledItemDelegate):
    """Rows as tall as the metadata table's, and a gap between the columns' text."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        size = super().sizeHint(option, index)
        return QSize(size.width() + 12, max(size.height(), option.fontMetrics.height() + 8))


EntryRole = Qt.ItemDataRole.UserRole + 1
TITLE = "Taxonomy"


class TaxonomyPanel(QWidget):
    """The values of one list field, with rename/merge/split/delete (see the module
    docstring)."""

    # A value was double-clicked: (field, the post list's filter for the posts with it).
    value_activated = Signal(str, str)

    def __init__(
        self, workspace: Workspace, prompter: TaxonomyPrompter, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._workspace = workspace
        self._prompter = prompter
        self._taxonomy: Taxonomy | None = None
        self._stale = True
        self._awaiting: str | None = None  # "plan" | "apply" while our bulk job runs

        self.field_box = QComboBox()
        self.field_box.setToolTip("The list field whose values are shown")
        self.summary_label = QLabel()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setItemDelegate(_RoomyRows(self.tree))  # as tall as the table's rows
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        self.actions: dict[str, QAction] = {}
        buttons = QHBoxLayout()
        for kind, label, run in (
            ("rename", "Rename…", self.rename_selected),
            ("merge", "Merge…", self.merge_selected),
            ("split", "Split…", self.split_selected),
            ("delete", "Delete…", self.delete_selected),
        ):
            action = QAction(label, self)
            action.triggered.connect(lambda _checked=False, run=run: run())
            self.actions[kind] = action
            button = QPushButton(label)
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.select_similar_action = QAction("Select similar values", self)
        self.select_similar_action.triggered.connect(self.select_similar)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumHeight(10)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(workspace.cancel_bulk)
        self.cancel_button.hide()
        status = QHBoxLayout()
        status.addWidget(self.status_label, 1)
        status.addWidget(self.progress_bar, 1)
        status.addWidget(self.cancel_button)

        top = QHBoxLayout()
        top.addWidget(QLabel("Field:"))
        top.addWidget(self.field_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addLayout(status)

        self.field_box.currentTextChanged.connect(lambda _text: self._show_field())
        self.tree.itemSelectionChanged.connect(self._update_actions)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemActivated.connect(self._activated)
        # A reset may bring new fields; an update (a save, a bulk write) only new counts.
        workspace.records_reset.connect(self._records_changed)
        workspace.ready.connect(self._records_changed)
        workspace.records_updated.connect(self._records_updated)
        workspace.bulk_progress.connect(self._bulk_progress)
        workspace.bulk_planned.connect(self._planned)
        workspace.bulk_applied.connect(self._applied)
        self._update_actions()

    # ------------------------------------------------------------------ showing

    def set_prompter(self, prompter: TaxonomyPrompter) -> None:
        """Ask through ``prompter`` from now on (the window's tests give a fake)."""
        self._prompter = prompter

    @property
    def field(self) -> str:
        return self.field_box.currentText()

    @property
    def current(self) -> Taxonomy | None:
        """The taxonomy shown (counted when the panel was last refreshed)."""
        return self._taxonomy

    def set_field(self, field: str) -> None:
        self.refresh()
        index = self.field_box.findText(field)
        if index < 0:
            self.field_box.addItem(field)
            index = self.field_box.count() - 1
        self.field_box.setCurrentIndex(index)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _records_changed(self, *_args) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def _records_updated(self, *_args) -> None:
        if self._stale or not self.isVisible():
            self._stale = True
        else:
            self._show_field()

    def refresh(self) -> None:
        """Count the values again from the workspace's records."""
        self._stale = False
        records = self._workspace.records
        fields = list_fields(records)
        wanted = self.field or _default_field(fields)
        self.field_box.blockSignals(True)
        self.field_box.clear()
        self.field_box.addItems(fields)
        if wanted and wanted not in fields:
            self.field_box.addItem(wanted)
        self.field_box.setCurrentText(wanted)
        self.field_box.blockSignals(False)
        self._show_field()

    def _show_field(self) -> None:
        field = self.field
        selected = {entry.text for entry in self.selected_entries()}
        tax = taxonomy(self._workspace.records, field) if field else None
        self._taxonomy = tax
        self.tree.setSortingEnabled(False)
        self.tree.clear()
        for entry in tax.values if tax is not None else ():
            item = QTreeWidgetItem([entry.text, "", f"~{entry.group}" if entry.group else ""])
            item.setData(1, Qt.ItemDataRole.DisplayRole, entry.count)
            item.setData(0, EntryRole, entry)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if entry.group is not None:
                similar = [e.text for e in tax.groups[entry.group - 1] if e is not entry]
                item.setToolTip(2, "Similar: " + ", ".join(similar))
            self.tree.addTopLevelItem(item)
            item.setSelected(entry.text in selected)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        for column in range(len(HEADERS)):
            self.tree.resizeColumnToContents(column)
        if tax is None:
            self.summary_label.setText("No list fields in this site")
        else:
            groups = len(tax.groups)
            text = f"{len(tax.values)} values in {tax.posts} posts"
            if groups:
                text += f", {groups} group{'s' if groups != 1 else ''} of similar values"
            self.summary_label.setText(text)
        self._update_actions()

    def rows(self) -> list[tuple[str, int, str]]:
        """(value, posts, similar) of every row, in the order shown."""
        return [
            (item.text(0), int(item.data(1, Qt.ItemDataRole.DisplayRole)), item.text(2))
            for item in (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
            if item is not None
        ]

    # ------------------------------------------------------------------ selection

    def selected_entries(self) -> list[ValueCount]:
        """The selected values, most used first."""
        entries = [item.data(0, EntryRole) for item in self.tree.selectedItems()]
        return sorted(entries, key=lambda e: (-e.count, e.text.casefold(), e.text))

    def select_values(self, values: list[str]) -> None:
        wanted = set(values)
        self.tree.clearSelection()
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.text(0) in wanted:
                item.setSelected(True)

    def select_similar(self) -> None:
        """Select every value of the selected values' groups of near-duplicates."""
        tax = self._taxonomy
        if tax is None:
            return
        numbers = {e.group for e in self.selected_entries() if e.group is not None}
        texts = [e.text for e in tax.values if e.group in numbers]
        self.select_values([e.text for e in self.selected_entries()] + texts)

    def _update_actions(self) -> None:
        count = len(self.tree.selectedItems())
        idle = self._awaiting is None
        self.actions["rename"].setEnabled(idle and count == 1)
        self.actions["split"].setEnabled(idle and count == 1)
        self.actions["merge"].setEnabled(idle and count >= 2)
        self.actions["delete"].setEnabled(idle and count >= 1)
        grouped = any(e.group is not None for e in self.selected_entries())
        self.select_similar_action.setEnabled(grouped)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        entry: ValueCount = item.data(0, EntryRole)
        self.value_activated.emit(self.field, filter_for(self.field, entry.text))

    def _context_menu(self, pos: QPoint) -> None:
        self.build_context_menu().exec(self.tree.viewport().mapToGlobal(pos))

    def build_context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addActions(list(self.actions.values()))
        menu.addSeparator()
        menu.addAction(self.select_similar_action)
        return menu

    # ------------------------------------------------------------------ the four edits

    def rename_selected(self) -> bool:
        entries = self.selected_entries()
        if len(entries) != 1:
            return False
        old = entries[0]
        new = self._prompter.ask_text(
            "Rename value",
            f"New name for ‘{old.text}’ in “{self.field}” ({_posts(old)}):",
            old.text,
        )
        if new is None:
            return False
        return self._start(lambda: rename_value(self.field, old.value, new), entries)

    def merge_selected(self) -> bool:
        entries = self.selected_entries()
        if len(entries) < 2:
            return False
        choices = [entry.text for entry in entries]
        target = self._prompter.ask_choice(
            "Merge values",
            f"Merge {len(entries)} values of “{self.field}” into:",
            choices,
            choices[0],
        )
        if target is None:
            return False
        kept = entries[choices.index(target)].value if target in choices else target
        olds = [entry.value for entry in entries]
        return self._start(lambda: merge_values(self.field, olds, kept), entries)

    def split_selected(self) -> bool:
        entries = self.selected_entries()
        if len(entries) != 1:
            return False
        old = entries[0]
        text = self._prompter.ask_text(
            "Split value",
            f"Split ‘{old.text}’ in “{self.field}” ({_posts(old)}) into, separated by commas:",
            old.text,
        )
        if text is None:
            return False
        return self._start(
            lambda: split_value(self.field, old.value, split_list_text(text)), entries
        )

    def delete_selected(self) -> bool:
        entries = self.selected_entries()
        if not entries or self._taxonomy is None:
            return False
        names = ", ".join(f"‘{entry.text}’" for entry in entries)
        posts = len(posts_holding(self._taxonomy, [e.value for e in entries]))
        question = (
            f"Remove {names} from “{self.field}” in {posts} post{'s' if posts != 1 else ''}? "
            "You will see every file's change before anything is written."
        )
        if not self._prompter.confirm("Delete values", question):
            return False
        return self._start(lambda: delete_values(self.field, [e.value for e in entries]), entries)

    def _start(self, build: Any, entries: list[ValueCount]) -> bool:
        """Build the action (a ValueError is the user's to read) and plan it over the posts
        that carry the values."""
        if self._workspace.bulk_running:
            self._prompter.inform(TITLE, "A bulk action is still running.")
            return False
        try:
            action: ReplaceListValue = build()
        except ValueError as exc:
            self._prompter.inform(TITLE, str(exc))
            return False
        tax = self._taxonomy
        paths = posts_holding(tax, list(action.old_values)) if tax is not None else []
        if not paths:
            self._prompter.inform(TITLE, "No post carries these values any more.")
            return False
        try:
            self._workspace.plan_bulk(action, paths)
        except (re.error, RuntimeError) as exc:
            self._prompter.inform(TITLE, str(exc))
            return False
        self._awaiting = "plan"
        self._busy(f"Preparing: {action.describe()}…")
        return True

    # ------------------------------------------------------------------ the bulk path

    def _planned(self, plan: bulk.BulkPlan) -> None:
        if self._awaiting != "plan":
            return
        self._awaiting = None
        self._idle("")
        if plan.cancelled:
            return
        if not plan.changes:
            errors = "".join(f"\n{i.path.name}: {i.message}" for i in plan.errors[:10])
            self._prompter.inform(TITLE, f"Nothing to change.{errors}")
            return
        if not self._prompter.confirm_bulk_plan(plan):
            return
        self._workspace.apply_bulk(plan)
        self._awaiting = "apply"
        self._busy(f"Writing: {plan.describe()}…")

    def _applied(self, result: bulk.BulkResult) -> None:
        if self._awaiting != "apply":
            return
        self._awaiting = None
        written = len(result.written)
        self._idle(
            f"{result.plan.describe()}: {written} file{'s' if written != 1 else ''} written; "
            "it can be undone like any bulk action."
        )
        if result.ok:
            return
        lines = [f"{written} file(s) written."]
        if result.cancelled:
            lines.append("Cancelled before all files were written.")
        lines += [f"Skipped {i.path.name}: {i.message}" for i in result.skipped[:10]]
        lines += [f"Failed {i.path.name}: {i.message}" for i in result.failed[:10]]
        self._prompter.inform("Taxonomy edit finished with problems", "\n".join(lines))

    def _bulk_progress(self, done: int, total: int) -> None:
        if self._awaiting is not None:
            self.progress_bar.setRange(0, max(total, 1))
            self.progress_bar.setValue(done)

    def _busy(self, text: str) -> None:
        self.status_label.setText(text)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.cancel_button.show()
        self._update_actions()

    def _idle(self, text: str) -> None:
        self.status_label.setText(text)
        self.progress_bar.hide()
        self.cancel_button.hide()
        self._update_actions()


def filter_for(field: str, value: str) -> str:
    """The post list's filter (``editor.core.site.query``) for the posts whose ``field``
    holds ``value``."""
    if value and not any(ch.isspace() or ch == '"' for ch in value):
        return f"{field}:{value}"
    return f'{field}:"{value.replace(chr(34), "")}"'


def _posts(entry: ValueCount) -> str:
    return f"{entry.count} post{'s' if entry.count != 1 else ''}"


def _default_field(fields: list[str]) -> str:
    for name in ("tags", "categories"):
        if name in fields:
            return name
    return fields[0] if fields else ""


def add_view_menu_item(window: QMainWindow, show: Any) -> QAction:
    """View → Taxonomy in the window's menu bar (at the end of the View menu), calling
    ``show``; returns the action."""
    action = QAction("&Taxonomy", window)
    action.setToolTip("Show the site's tags, categories and other list values")
    action.triggered.connect(lambda _checked=False: show())
    view_menu = menu_titled(window, "View")
    if view_menu is not None:
        view_menu.addSeparator()
        view_menu.addAction(action)
    else:
        window.menuBar().addAction(action)
    return action

"""MetadataTable: one row per post, user-chosen columns, in-place typed edits, bulk edits.

The table shows a ``PostTableModel``; a header context menu picks the columns from the
site's fields. ``MetadataDelegate`` gives each cell a typed editor (text, checkbox for
booleans, date/time in the site's own format, lists as comma-separated text with
completion). Bulk actions run over the selected rows (or every row the filter shows):
the prompter asks for the parameters, the workspace plans in the background, the
prompter shows the diff for confirmation, and only then the workspace writes, with a
progress dialog that can cancel. "Undo last bulk action" restores the files.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QDateTime, QModelIndex, QPoint, Qt, QTime, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressDialog,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.bulk import actions as bulk
from editor.core.post.newpost import LAYOUT_KEYS
from editor.core.site.typed_values import field_type
from editor.core.values import dates
from editor.session.post_table_model import (
    DEFAULT_COLUMNS,
    FILE_COLUMN,
    GIT_COLUMN,
    STATUS_COLUMN,
    DateFormatRole,
    EditorKindRole,
    PostTableModel,
    column_title,
    format_value,
)
from editor.session.workspace import Workspace
from editor.ui.dialogs.prompter import BulkRequest, WorkspacePrompter
from editor.ui.site.bulk_dialog import BULK_KINDS

FILTER_HINT = "Filter: words, key:value, tags:news, draft:true, -key:value …"

_STRFTIME_TO_QT = {
    "%Y": "yyyy",
    "%y": "yy",
    "%m": "MM",
    "%d": "dd",
    "%H": "HH",
    "%I": "hh",
    "%M": "mm",
    "%S": "ss",
    "%p": "AP",
    "%b": "MMM",
    "%B": "MMMM",
    "%a": "ddd",
    "%A": "dddd",
}


def qt_date_format(strftime_pattern: str) -> str | None:
    """A QDateTimeEdit display format for a strftime pattern, or None if Qt cannot show it."""
    out: list[str] = []
    i = 0
    while i < len(strftime_pattern):
        if strftime_pattern[i] == "%":
            code = strftime_pattern[i : i + 2]
            if code not in _STRFTIME_TO_QT:
                return None  # %f, %z and friends: fall back to a text editor
            out.append(_STRFTIME_TO_QT[code])
            i += 2
            continue
        char = strftime_pattern[i]
        out.append(f"'{char}'" if char.isalpha() or char == "'" else char)
        i += 1
    return "".join(out)


class ListCompleter(QCompleter):
    """Completes the last item of a comma-separated list."""

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex) -> str:
        current = self.widget().text() if self.widget() is not None else ""
        head = current.rsplit(",", 1)[0] + ", " if "," in current else ""
        return head + str(index.data())


class MetadataDelegate(QStyledItemDelegate):
    """Typed in-place editors; the model converts the result back to the value's kind."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace = workspace

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget | None:
        kind = index.data(EditorKindRole)
        key = index.model().headerData(index.column(), Qt.Orientation.Horizontal)
        if kind in ("bool", "map"):
            return None  # booleans toggle by checkbox; nested maps are edited in the form
        if kind == "date":
            editor = QDateEdit(parent)
            editor.setDisplayFormat("yyyy-MM-dd")
            editor.setCalendarPopup(True)
            return editor
        if kind in ("datetime", "datefmt"):
            fmt = "yyyy-MM-dd HH:mm:ss"
            if kind == "datefmt":
                fmt = qt_date_format(index.data(DateFormatRole) or "")
                if fmt is None:
                    return self._line_edit(parent, key, False)
            editor = QDateTimeEdit(parent)
            editor.setDisplayFormat(fmt)
            editor.setCalendarPopup(True)
            return editor
        return self._line_edit(parent, key, kind == "list")

    def _line_edit(self, parent: QWidget, key: str, is_list: bool) -> QLineEdit:
        editor = QLineEdit(parent)
        words = self._workspace.vocabulary(key)
        if words:
            completer = (ListCompleter if is_list else QCompleter)(words, editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            editor.setCompleter(completer)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDateTimeEdit) and not isinstance(editor, QDateEdit):
            if isinstance(value, str):
                value = dates.parse(value.strip(), index.data(DateFormatRole))
            if isinstance(value, dt.datetime):
                editor.setDateTime(QDateTime(value.replace(tzinfo=None)))
            elif isinstance(value, dt.date):
                editor.setDateTime(QDateTime(QDate(value), QTime(0, 0)))
        elif isinstance(editor, QDateEdit):
            if isinstance(value, dt.date):
                editor.setDate(QDate(value.year, value.month, value.day))
        elif isinstance(editor, QLineEdit):
            editor.setText(format_value(value))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, QDateEdit):
            value = editor.date().toPython()
        elif isinstance(editor, QDateTimeEdit):
            value = editor.dateTime().toPython()
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)


COMMON_SHARE = 0.8  # a field this share of posts has is a default column
MAX_DEFAULT_FIELDS = 6
_WIDE_FIELDS = {"description", "summary", "excerpt", "content", "body", "image"}


def common_columns(schema) -> list[str]:
    """Title, date, then the fields most posts have (not long text), then the file."""
    columns = [c for c in DEFAULT_COLUMNS if c != FILE_COLUMN]
    if schema is not None and schema.posts:
        for name, stats in schema.fields.items():
            if len(columns) >= MAX_DEFAULT_FIELDS + 2:
                break
            if name in columns or name.lower() in _WIDE_FIELDS or name.lower() in LAYOUT_KEYS:
                continue
            if stats.count >= COMMON_SHARE * schema.posts and stats.main_kind not in (
                "text",
                "map",
            ):
                columns.append(name)
    return [*columns, FILE_COLUMN]


class MetadataTable(QWidget):
    """The metadata spreadsheet of a site (see module docstring)."""

    post_activated = Signal(str)  # a post's file cell was activated (double-click / Enter)

    def __init__(
        self,
        workspace: Workspace,
        prompter: WorkspacePrompter,
        columns: tuple[str, ...] | list[str] = DEFAULT_COLUMNS,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._workspace = workspace
        self._prompter = prompter
        self._awaiting: str | None = None  # "plan" | "apply" | "undo" while a bulk job runs
        self._progress: QProgressDialog | None = None
        self.model = PostTableModel(workspace, columns, self)
        self._columns_chosen = tuple(columns) != tuple(DEFAULT_COLUMNS)
        workspace.schema_changed.connect(self._default_to_common_fields)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(FILTER_HINT)
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel()

        self.bulk_button = QToolButton()
        self.bulk_button.setText("Bulk edit")
        self.bulk_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bulk_menu = QMenu(self.bulk_button)
        self.bulk_actions: dict[str, QAction] = {}
        for kind, label in BULK_KINDS.items():
            action = bulk_menu.addAction(label)
            action.triggered.connect(lambda _checked=False, k=kind: self.start_bulk(k))
            self.bulk_actions[kind] = action
        self.bulk_button.setMenu(bulk_menu)
        self.undo_action = QAction("Undo last bulk action", self)
        self.undo_action.setEnabled(workspace.can_undo_bulk)
        self.undo_action.triggered.connect(self.undo_last_bulk)
        self.undo_button = QToolButton()
        self.undo_button.setDefaultAction(self.undo_action)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(MetadataDelegate(workspace, self.view))
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(140)
        header.resizeSection(0, 300)

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.bulk_button)
        top.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        self.filter_edit.textChanged.connect(self.model.set_filter)
        self.model.filter_changed.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        self.model.edit_failed.connect(self._edit_failed)
        self.view.activated.connect(self._activated)
        workspace.undo_available.connect(self.undo_action.setEnabled)
        workspace.bulk_progress.connect(self._bulk_progress)
        workspace.bulk_planned.connect(self._planned)
        workspace.bulk_applied.connect(self._applied)
        workspace.bulk_undone.connect(self._undone)
        self._update_count()

    # ------------------------------------------------------------------ columns and rows

    def show_column(self, key: str) -> None:
        self._columns_chosen = True
        if key not in self.model.columns:
            self.model.set_columns([*self.model.columns, key])

    def hide_column(self, key: str) -> None:
        self._columns_chosen = True
        self.model.set_columns([c for c in self.model.columns if c != key])

    def _default_to_common_fields(self) -> None:
        """Until the user picks columns, show the fields most posts have (short ones)."""
        if not self._columns_chosen:
            self.model.set_columns(common_columns(self._workspace.schema))

    def selected_paths(self) -> list[str]:
        rows = {index.row() for index in self.view.selectionModel().selectedIndexes()}
        return self.model.paths_for_rows(rows)

    def target_paths(self) -> list[str]:
        """The posts a bulk action applies to: the selection, or every row shown."""
        return self.selected_paths() or self.model.visible_paths()

    def _header_menu(self, pos: QPoint) -> None:
        menu = self.build_column_menu()
        menu.exec(self.view.horizontalHeader().mapToGlobal(pos))

    def build_column_menu(self) -> QMenu:
        """Checkable columns: the file name, the git state (in a repository) and every
        field the site uses."""
        menu = QMenu(self)
        shown = set(self.model.columns)
        pseudo = [FILE_COLUMN, GIT_COLUMN] if self._workspace.git_states_known else [FILE_COLUMN]
        pseudo.insert(1, STATUS_COLUMN)  # the publish state: draft, scheduled, expired…
        for key in [*pseudo, *self._workspace.field_names()]:
            action = menu.addAction(column_title(key))
            action.setCheckable(True)
            action.setChecked(key in shown)
            action.toggled.connect(
                lambda on, k=key: self.show_column(k) if on else self.hide_column(k)
            )
        menu.addSeparator()
        menu.addAction("Reset columns", self._reset_columns)
        return menu

    def _reset_columns(self) -> None:
        self._columns_chosen = False
        self._default_to_common_fields()

    def _update_count(self, *_args) -> None:
        shown, total = self.model.rowCount(), self.model.total_count
        text = f"{shown} of {total} posts" if shown != total else f"{total} posts"
        if self.model.filter_error:
            text = f"⚠ {self.model.filter_error}"
        elif self.model.filter_warning:
            text += f" · ⚠ {self.model.filter_warning}"
        self.count_label.setToolTip(self.model.filter_warning)
        self.count_label.setText(text)

    def _activated(self, index: QModelIndex) -> None:
        if self.model.columns[index.column()] == FILE_COLUMN:
            self.post_activated.emit(self.model.path_at(index.row()))

    def _edit_failed(self, path: str, message: str) -> None:
        self._prompter.inform("Could not save", f"{path}\n\n{message}")

    # ------------------------------------------------------------------ bulk actions

    def start_bulk(self, kind: str) -> bool:
        """Ask for a bulk action's parameters and start planning it; False if nothing starts."""
        if self._workspace.bulk_running:
            self._prompter.inform("Bulk edit", "A bulk action is still running.")
            return False
        paths = self.target_paths()
        if not paths:
            self._prompter.inform("Bulk edit", "There are no posts to edit.")
            return False
        current = self.view.currentIndex()
        key = self.model.columns[current.column()] if current.isValid() else ""
        request = BulkRequest(
            kind=kind,
            count=len(paths),
            keys=self._workspace.field_names(),
            vocabulary=self._workspace.vocabulary,
            key="" if key == FILE_COLUMN else key,
            field_type=lambda name: field_type(self._workspace.schema, name),
        )
        action = self._prompter.ask_bulk_action(request)
        if action is None:
            return False
        try:
            self._workspace.plan_bulk(action, paths)
        except (re.error, RuntimeError) as exc:
            self._prompter.inform("Bulk edit", str(exc))
            return False
        self._awaiting = "plan"
        self._open_progress("Preparing the changes…", len(paths))
        return True

    def undo_last_bulk(self) -> bool:
        result = self._workspace.last_bulk
        if result is None or self._workspace.bulk_running:
            return False
        question = (
            f"Restore the {len(result.written)} file(s) changed by “{result.plan.describe()}”? "
            "Files edited since then are left alone."
        )
        if not self._prompter.confirm("Undo bulk action", question):
            return False
        if not self._workspace.undo_last_bulk():
            return False
        self._awaiting = "undo"
        self._open_progress("Restoring files…", len(result.written))
        return True

    def _planned(self, plan: bulk.BulkPlan) -> None:
        if self._awaiting != "plan":
            return
        self._awaiting = None
        self._close_progress()
        if plan.cancelled:
            return
        if not plan.changes:
            errors = "".join(f"\n{i.path.name}: {i.message}" for i in plan.errors[:10])
            self._prompter.inform("Bulk edit", f"Nothing to change.{errors}")
            return
        if not self._prompter.confirm_bulk_plan(plan):
            return
        self._workspace.apply_bulk(plan)
        self._awaiting = "apply"
        self._open_progress("Writing files…", len(plan.changes))

    def _applied(self, result: bulk.BulkResult) -> None:
        if self._awaiting != "apply":
            return
        self._awaiting = None
        self._close_progress()
        if result.ok:
            return
        lines = [f"{len(result.written)} file(s) written."]
        if result.cancelled:
            lines.append("Cancelled before all files were written.")
        lines += [f"Skipped {i.path.name}: {i.message}" for i in result.skipped[:10]]
        lines += [f"Failed {i.path.name}: {i.message}" for i in result.failed[:10]]
        self._prompter.inform("Bulk edit finished with problems", "\n".join(lines))

    def _undone(self, result: bulk.UndoResult) -> None:
        if self._awaiting != "undo":
            return
        self._awaiting = None
        self._close_progress()
        if result.skipped or result.failed:
            lines = [f"{len(result.restored)} file(s) restored."]
            lines += [f"Left {i.path.name}: {i.message}" for i in result.skipped[:10]]
            lines += [f"Failed {i.path.name}: {i.message}" for i in result.failed[:10]]
            self._prompter.inform("Undo finished with problems", "\n".join(lines))

    def _open_progress(self, label: str, total: int) -> None:
        self._close_progress()
        dialog = QProgressDialog(label, "Cancel", 0, max(total, 1), self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)  # quick jobs finish before it ever shows
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._workspace.cancel_bulk)
        self._progress = dialog

    def _bulk_progress(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.setMaximum(max(total, 1))
            self._progress.setValue(done)

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.canceled.disconnect(self._workspace.cancel_bulk)
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

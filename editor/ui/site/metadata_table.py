"""MetadataTable: one row per post, user-chosen columns, in-place typed edits, bulk edits.

The table shows a ``PostTableModel``; a header context menu picks the columns from the
site's fields. ``MetadataDelegate`` gives each cell a typed editor (text, checkbox for
booleans, date/time in the site's own format, lists as comma-separated text with
completion). Bulk actions run over the selected rows (or every row the filter shows):
the prompter asks for the parameters, the workspace plans in the background, the
prompter shows the diff for confirmation, and only then the workspace writes, with a
progress dialog that can cancel. Undo and Redo (the buttons, Ctrl+Z / Ctrl+Shift+Z in
the table) walk the site's edit history (``Workspace.history``), cell edits and bulk
actions alike. A bulk write cancelled part-way offers to undo the written part or to
finish the rest. Editing starts with F2, Enter or a double-click (``SheetView``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable

from PySide6.QtCore import QDate, QDateTime, QModelIndex, QPoint, Qt, QTime, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressDialog,
    QStyledItemDelegate,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.bulk import actions as bulk
from editor.core.bulk.history import Replay
from editor.core.post.newpost import LAYOUT_KEYS
from editor.core.site.layout import shown_path
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
from editor.ui.site.sheet_view import SheetView, SortArrowStyle, StayOpenMenu

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

    def updateEditorGeometry(self, editor: QWidget, option, index: QModelIndex) -> None:
        """A date editor gets the room to show every part of its date, the seconds too,
        even in a narrow column."""
        super().updateEditorGeometry(editor, option, index)
        if isinstance(editor, QDateTimeEdit):
            rect = editor.geometry()
            rect.setWidth(max(rect.width(), editor.sizeHint().width()))
            editor.setGeometry(rect)

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
    column_state_changed = Signal(dict)  # the user's columns, order and widths changed

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
        self._awaiting: str | None = None  # "plan" | "apply" | "replay" while a job runs
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
        self.history = workspace.history
        # Undoes the last table edit made in the open post's document instead (such an
        # edit is an unsaved step of that document, not of the history); True if it did.
        self.document_undo: Callable[[], bool] | None = None
        self.undo_action = QAction("Undo", self)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("Redo", self)
        self.redo_action.triggered.connect(self.redo)
        self.undo_button = QToolButton()
        self.undo_button.setDefaultAction(self.undo_action)
        self.redo_button = QToolButton()
        self.redo_button.setDefaultAction(self.redo_action)

        self.view = SheetView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(MetadataDelegate(workspace, self.view))
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.undo_requested.connect(self.undo)
        self.view.redo_requested.connect(self.redo)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        self._arrow_style = SortArrowStyle()
        header.setStyle(self._arrow_style)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(140)
        header.resizeSection(0, 300)
        self._widths: dict[str, int] = {}  # by column key, as the user left them
        header.sectionMoved.connect(self._columns_moved)
        header.sectionResized.connect(self._column_resized)
        self._applying = False  # widths being set by the table, not by the user
        self.model.modelAboutToBeReset.connect(lambda: setattr(self, "_applying", True))
        self.model.modelReset.connect(self._apply_widths)

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.bulk_button)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        self.filter_edit.textChanged.connect(self.model.set_filter)
        self.model.filter_changed.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        self.model.edit_failed.connect(self._edit_failed)
        self.view.activated.connect(self._activated)
        workspace.bulk_progress.connect(self._bulk_progress)
        workspace.bulk_planned.connect(self._planned)
        workspace.bulk_applied.connect(self._applied)
        self.history.changed.connect(self._update_undo_actions)
        self.history.busy_changed.connect(self._update_undo_actions)
        self.history.replayed.connect(self._replayed)
        self._update_count()
        self._update_undo_actions()

    # ------------------------------------------------------------------ columns and rows

    def show_column(self, key: str) -> None:
        self._columns_chosen = True
        if key not in self.model.columns:
            self.model.set_columns([*self.shown_columns(), key])
            self._state_changed()

    def hide_column(self, key: str) -> None:
        self._columns_chosen = True
        self.model.set_columns([c for c in self.shown_columns() if c != key])
        self._state_changed()

    def shown_columns(self) -> list[str]:
        """The column keys in the order the header shows them (columns can be dragged)."""
        columns = self.model.columns
        return [columns[i] for i in self.visual_columns()]

    def visual_columns(self) -> list[int]:
        """Model columns in the order shown, hidden ones left out."""
        header = self.view.horizontalHeader()
        logical = [header.logicalIndex(v) for v in range(header.count())]
        return [
            i for i in logical if 0 <= i < len(self.model.columns) and not header.isSectionHidden(i)
        ]

    def export_csv(self, path: str) -> int:
        """The current view (filtered rows, shown columns in their order) as CSV."""
        return self.model.export_csv(path, self.visual_columns())

    # ------------------------------------------------------------------ remembered columns

    def column_state(self) -> dict:
        """What to remember for this site: the columns chosen (in order) and the widths."""
        state: dict = {"widths": dict(self._widths)}
        if self._columns_chosen:
            state["columns"] = self.shown_columns()
        return state

    def restore_column_state(self, state: dict) -> None:
        """Columns and widths remembered for this site (``column_state``)."""
        self._widths = {}
        self._columns_chosen = False
        widths = state.get("widths")
        if isinstance(widths, dict):
            self._widths = {
                k: v
                for k, v in widths.items()
                if isinstance(k, str) and isinstance(v, int) and v > 0
            }
        columns = state.get("columns")
        if isinstance(columns, list) and all(isinstance(c, str) for c in columns) and columns:
            self._columns_chosen = True
            self.model.set_columns(columns)
        self._apply_widths()

    def _apply_widths(self) -> None:
        header = self.view.horizontalHeader()
        self._applying = True
        try:
            for index, key in enumerate(self.model.columns):
                if key in self._widths:
                    header.resizeSection(index, self._widths[key])
        finally:
            self._applying = False

    def _columns_moved(self, *_args) -> None:
        self._columns_chosen = True
        self._state_changed()

    def _column_resized(self, index: int, _old: int, new: int) -> None:
        if self._applying or not 0 <= index < len(self.model.columns):
            return
        self._widths[self.model.columns[index]] = new
        self._state_changed()

    def _state_changed(self) -> None:
        self.column_state_changed.emit(self.column_state())

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
        menu = StayOpenMenu(self)
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
        self._widths.clear()
        self._default_to_common_fields()
        self._state_changed()

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
        request = BulkRequest(
            kind=kind,
            count=len(paths),
            keys=self._workspace.field_names(),
            vocabulary=self._workspace.vocabulary,
            key=self._default_bulk_key(kind),
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

    def _default_bulk_key(self, kind: str) -> str:
        """The current column's key; for adding or removing a list value, a list field
        (the current column when it is one, else the site's most used list field)."""
        current = self.view.currentIndex()
        key = self.model.columns[current.column()] if current.isValid() else ""
        key = "" if key in (FILE_COLUMN, GIT_COLUMN) else key
        if kind not in ("add", "remove"):
            return key
        schema = self._workspace.schema
        if schema is None:
            return key
        lists = [
            name
            for name in self._workspace.field_names()
            if name in schema.fields and schema.fields[name].main_kind == "list"
        ]
        return key if key in lists else (lists[0] if lists else "")

    # ------------------------------------------------------------------ undo and redo

    def undo(self) -> bool:
        """Undo the site's last step (a cell edit or a bulk action) in the background;
        a table edit of the open post made since goes first (see ``document_undo``)."""
        if self.document_undo is not None and self.document_undo():
            return True
        return self._replay(self.history.undo, "Undoing…")

    def redo(self) -> bool:
        return self._replay(self.history.redo, "Redoing…")

    def undo_if_focused(self, redo: bool = False, focus_inside: bool = False) -> bool:
        """Edit > Undo (or Redo) while the table has focus undoes the site's last step;
        False (nothing done) when the focus is elsewhere (``focus_inside``: the caller
        knows it is on the site)."""
        focus = QApplication.focusWidget()
        if not focus_inside:
            if focus is None or not (focus is self.view or self.isAncestorOf(focus)):
                return False
            if focus is self.filter_edit:
                return False
        if redo:
            self.redo()
        else:
            self.undo()
        return True

    def _replay(self, start, label: str) -> bool:
        if self._workspace.bulk_running or self.history.busy:
            return False
        step = self.history.done[-1] if start == self.history.undo else None
        if not start():
            return False
        self._awaiting = "replay"
        self._open_progress(label, len(step.edits) if step is not None else 1)
        return True

    def _replayed(self, outcome: Replay) -> None:
        if self._awaiting == "replay":
            self._awaiting = None
            self._close_progress()
        if not outcome.ok:
            verb = "undo" if outcome.direction == "undo" else "redo"
            self._prompter.inform(f"Could not {verb} everything", outcome.message())

    def _update_undo_actions(self, *_args) -> None:
        done, undone = self.history.done, self.history.undone
        self.undo_action.setEnabled(self.history.can_undo())
        self.redo_action.setEnabled(self.history.can_redo())
        self.undo_action.setToolTip(f"Undo “{done[-1].name}” (Ctrl+Z)" if done else "Undo")
        self.redo_action.setToolTip(
            f"Redo “{undone[-1].name}” (Ctrl+Shift+Z)" if undone else "Redo"
        )

    def _planned(self, plan: bulk.BulkPlan) -> None:
        if self._awaiting != "plan":
            return
        self._awaiting = None
        self._close_progress()
        if plan.cancelled:
            return
        if not plan.changes:
            errors = "".join(
                f"\n{shown_path(i.path, plan.root)}: {i.message}" for i in plan.errors[:10]
            )
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
        if result.cancelled and result.written:
            self._cancelled_part_way(result)
            return
        lines = [f"{len(result.written)} file(s) written."]
        if result.cancelled:
            lines.append("Cancelled before all files were written.")
        root = result.plan.root
        lines += [f"Skipped {shown_path(i.path, root)}: {i.message}" for i in result.skipped[:10]]
        lines += [f"Failed {shown_path(i.path, root)}: {i.message}" for i in result.failed[:10]]
        self._prompter.inform("Bulk edit finished with problems", "\n".join(lines))

    def _cancelled_part_way(self, result: bulk.BulkResult) -> None:
        """A bulk write cancelled after some files: undo those, or write the rest."""
        plan = result.plan
        left = {os.fspath(c.path) for c in result.written}
        left |= {os.fspath(i.path) for i in [*result.skipped, *result.failed]}
        rest = [c for c in plan.changes if os.fspath(c.path) not in left]
        message = (
            f"“{plan.describe()}” was cancelled after {len(result.written):,} of "
            f"{len(plan.changes):,} files; {len(rest):,} were not written."
        )
        choice = self._prompter.ask_cancelled_bulk(message)
        if choice == "undo":
            self.undo()
        elif choice == "finish" and rest:
            remainder = bulk.BulkPlan(plan.action, changes=rest, root=plan.root)
            self._workspace.apply_bulk(remainder)
            self._awaiting = "apply"
            self._open_progress("Writing files…", len(rest))

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

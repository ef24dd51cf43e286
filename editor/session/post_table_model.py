"""Qt item models over the workspace index: one row per post, user-chosen columns.

``PostTableModel`` is virtual: it keeps the workspace's record list plus a list of visible
record positions (filtered by ``editor.core.site.query`` and sorted), and computes each cell in
``data()`` on demand. Filtering and sorting happen inside the model on plain Python data,
not through a QSortFilterProxyModel. The model keeps every record position in the
current sort order, so a filter keeps that order without sorting again, and a filter text
that narrows the previous one (a word typed further) tests only the previous matches. Edits made in a view go through
``Workspace.set_field`` (Post.set + atomic save); the row refreshes when the workspace
re-reads the file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from editor.core.errors import PostError
from editor.core.post.file_dates import file_name_date
from editor.core.site.csv_export import write_table_csv
from editor.core.site.query import matches, parse_query, search_text
from editor.core.site.query_fields import query_warnings
from editor.core.site.records import PostRecord
from editor.core.site.typed_values import field_type, read_value
from editor.core.values import dates
from editor.core.values.date_shapes import date_format_of
from editor.core.values.kinds import coerce_value, editor_kind
from editor.session.post_states import PostStates
from editor.session.row_order import (
    FILE_COLUMN,
    GIT_COLUMN,
    NAME_DATED_KEY,
    STATUS_COLUMN,
    format_value,
    sort_key,  # noqa: F401  (the table's sort key of a value, imported from here too)
    sort_key_of,
    sorted_positions,
)
from editor.session.workspace import Workspace

_PSEUDO_COLUMNS = (FILE_COLUMN, GIT_COLUMN, STATUS_COLUMN)
DEFAULT_COLUMNS = ("title", "date", FILE_COLUMN)

EditorKindRole = Qt.ItemDataRole.UserRole + 1
DateFormatRole = Qt.ItemDataRole.UserRole + 2
PathRole = Qt.ItemDataRole.UserRole + 3
ColumnKeyRole = Qt.ItemDataRole.UserRole + 4

_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_READ_ONLY_FLAGS = (
    Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
)
_VALUE_FLAGS = _READ_ONLY_FLAGS | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable
_ERROR_BRUSH = QBrush(QColor("#b3261e"))
_MISSING_BRUSH = QBrush(QColor("#9e9e9e"))


def column_title(key: str) -> str:
    return {FILE_COLUMN: "File", GIT_COLUMN: "Git", STATUS_COLUMN: "Status"}.get(key, key)


class PostTableModel(QAbstractTableModel):
    """Rows are posts (filtered and sorted), columns are front-matter keys or ``FILE_COLUMN``."""

    edit_failed = Signal(str, str)  # path, message
    filter_changed = Signal(str)  # the filter text now applied
    columns_changed = Signal()

    def __init__(
        self,
        workspace: Workspace,
        columns: Sequence[str] = DEFAULT_COLUMNS,
        parent: Any = None,
    ):
        super().__init__(parent)
        self._workspace = workspace
        self._columns: list[str] = list(columns)
        self._column_flags = _flags_of_columns(self._columns)
        self._records: list[Any] = []
        self._search_texts: list[str] | None = None  # what plain words search, by position
        self._position: dict[str, int] = {}
        self._rows: list[int] = []
        self._order: list[int] | None = None  # every position in sort order; None: stale
        self._filter_text = ""
        self._query: Any = None
        self._filter_error = ""
        self._filter_warning = ""
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        # The post open in the editor shows its unsaved values (see show_live_post).
        self._live_path: str | None = None
        self._live_metadata: dict[str, Any] | None = None
        self._live_position = -1
        workspace.git_states_changed.connect(self._on_git_states)
        self.post_states = PostStates(workspace)
        workspace.problems_changed.connect(self._on_problems)
        self._sort_keys: dict[str, list[Any]] = {}  # by column key, for self._records
        workspace.records_reset.connect(self._reload)
        workspace.records_partial.connect(self._reload)  # a first open's rows so far
        workspace.records_updated.connect(self._update_paths)
        self._reload()

    # ------------------------------------------------------------------ public API

    @property
    def workspace(self) -> Workspace:
        return self._workspace

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    def set_columns(self, columns: Sequence[str]) -> None:
        columns = list(dict.fromkeys(columns))
        if columns == self._columns:
            return
        sort_key_name = self._columns[self._sort_column] if self._sort_column >= 0 else None
        self.beginResetModel()
        self._columns = columns
        self._column_flags = _flags_of_columns(columns)
        self._sort_column = columns.index(sort_key_name) if sort_key_name in columns else -1
        self.endResetModel()
        self.columns_changed.emit()

    @property
    def filter_error(self) -> str:
        """Why the last filter text could not be parsed ('' when it was fine)."""
        return self._filter_error

    @property
    def filter_warning(self) -> str:
        """Fields the filter names that no post has, with the close match ('' if none)."""
        return self._filter_warning

    def set_filter(self, text: str) -> None:
        """Show only posts matching ``text`` (``editor.core.site.query`` syntax, e.g. ``tags:news``)."""
        try:
            marks = self.post_states.marks(text, self._records)
            query = parse_query(text, marks) if text.strip() else None
        except ValueError as exc:
            self._filter_error = str(exc)
            self.filter_changed.emit(self._filter_text)
            return
        self._filter_error = ""
        self._filter_warning = self._warning_of(query)
        self._filter_text = text
        previous, self._query = self._query, query
        narrowing = (
            query is not None
            and previous is not None
            and self._order is not None
            and query.narrows(previous)
        )
        rows = self._filtered_rows(self._rows if narrowing else None)
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        self.filter_changed.emit(text)

    @property
    def total_count(self) -> int:
        return len(self._records)

    def record_at(self, row: int) -> PostRecord:
        return self._records[self._rows[row]]

    def path_at(self, row: int) -> str:
        return os.fspath(self.record_at(row).path)

    def paths_for_rows(self, rows: Iterable[int]) -> list[str]:
        return [self.path_at(r) for r in sorted(set(rows)) if 0 <= r < len(self._rows)]

    def visible_paths(self) -> list[str]:
        return [os.fspath(self._records[i].path) for i in self._rows]

    def row_of(self, path: str | os.PathLike[str]) -> int:
        position = self._position.get(os.fspath(path))
        if position is None:
            return -1
        try:
            return self._rows.index(position)
        except ValueError:
            return -1

    def cell_text(self, row: int, column: int) -> str:
        """A cell as the table shows it, in words: a checkbox reads ``true`` or ``false``."""
        index = self.index(row, column)
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(value, bool) and self._columns[column] not in _PSEUDO_COLUMNS:
            return format_value(value)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        return "" if text is None else str(text)

    def export_csv(self, path: str | os.PathLike[str], columns: Sequence[int] | None = None) -> int:
        """Write the rows shown (filtered, in their order) as CSV, with these columns (by
        model column, in the order given; default: all); returns how many rows."""
        chosen = list(range(len(self._columns))) if columns is None else list(columns)
        header = [column_title(self._columns[c]) for c in chosen]
        rows = ([self.cell_text(r, c) for c in chosen] for r in range(len(self._rows)))
        return write_table_csv(path, header, rows)

    def show_live_post(self, path: str | None, metadata: dict[str, Any] | None) -> None:
        """Show ``metadata`` for the post at ``path`` instead of its indexed values: the
        post open in the editor, unsaved edits included (None: show the index again)."""
        old = self._live_position
        self._live_path = path
        self._live_metadata = metadata if path is not None else None
        self._live_position = self._position.get(path, -1) if path is not None else -1
        for position in {old, self._live_position} - {-1}:
            self._emit_position_changed(position)

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return column_title(self._columns[section])
            if role == ColumnKeyRole:
                return self._columns[section]
        return super().headerData(section, orientation, role)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        record = self._records[self._rows[index.row()]]
        key = self._columns[index.column()]
        error = record.error
        if key == GIT_COLUMN:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self._workspace.git_states.get(os.fspath(record.path), "")
            return None
        if key == STATUS_COLUMN:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.post_states.state(record)
            return None
        if key == FILE_COLUMN:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return record.rel
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{record.path}\n{error}" if error else os.fspath(record.path)
            if role == Qt.ItemDataRole.ForegroundRole and error:
                return _ERROR_BRUSH
            if role == PathRole:
                return os.fspath(record.path)
            return None
        value = self._metadata_at(self._rows[index.row()], record).get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, bool):
                return ""
            if value is None and key == "title":
                return record.display_title
            if value is None and key == NAME_DATED_KEY:
                return format_value(file_name_date(record.rel))  # greyed: not in the file
            return format_value(value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.CheckStateRole and isinstance(value, bool):
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if value is None and key == NAME_DATED_KEY and file_name_date(record.rel):
                return f"no “{key}”: the file name dates this post"
            return error or (format_value(value) if value is not None else f"no “{key}”")
        if role == Qt.ItemDataRole.ForegroundRole and value is None:
            return _MISSING_BRUSH
        if role == EditorKindRole:
            return editor_kind(value, self._date_format(record, key, value))
        if role == DateFormatRole:
            return self._date_format(record, key, value)
        if role == PathRole:
            return os.fspath(record.path)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        # Qt asks for every row on every re-layout (5,000 calls per filter keystroke), so
        # the answer depends on the column alone. Cells whose value cannot be edited in
        # place (maps, files that failed to parse) are refused in setData; a checkbox only
        # shows, and toggles, where data() gives a CheckStateRole value (booleans).
        column = index.column()
        if 0 <= column < len(self._column_flags):
            return self._column_flags[column]
        return _NO_FLAGS

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 2
    ) -> bool:
        if not index.isValid():
            return False
        record = self._records[self._rows[index.row()]]
        key = self._columns[index.column()]
        path = os.fspath(record.path)
        old = self._metadata_at(self._rows[index.row()], record).get(key)
        if key in _PSEUDO_COLUMNS or record.error or _is_map(old):
            return False
        if role == Qt.ItemDataRole.CheckStateRole and not isinstance(old, bool):
            return False
        try:
            if role == Qt.ItemDataRole.CheckStateRole:
                new = Qt.CheckState(value) == Qt.CheckState.Checked
            elif role == Qt.ItemDataRole.EditRole:
                new = self._typed(
                    old, value, self._date_format(record, key, old), key, self._workspace.schema
                )
            else:
                return False
            if new is _UNCHANGED:
                return False
            self._workspace.set_field(path, key, new)
        except (PostError, ValueError, TypeError, OSError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            self.edit_failed.emit(path, message)
            return False
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = column
        self._sort_order = order
        self._workspace.want_row_order(self, self._sort_wanted())
        self._order = None
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self._rows[i.row()], i.column()) for i in persistent]
        self._sort_rows()
        row_of = {position: row for row, position in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent, [self.index(row_of[position], col) for position, col in held]
        )
        self.layoutChanged.emit()

    # ------------------------------------------------------------------ internals

    def _on_git_states(self) -> None:
        """New git states: filter again where the filter asks for them; repaint the column."""
        if self._query is not None and any(t.key == "is" for t in self._query.terms):
            self._query = None  # the marks changed: nothing narrows the old result
            self.set_filter(self._filter_text)
        if GIT_COLUMN in self._columns and self._rows:
            column = self._columns.index(GIT_COLUMN)
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def _warning_of(self, query: Any) -> str:
        if query is None or self._workspace.schema is None:  # no fields known yet
            return ""
        return "; ".join(query_warnings(query, self._workspace.field_names()))

    def _on_problems(self) -> None:
        """New problems: a filter on ``is:error`` (or ``is:ok``) is applied again."""
        if self._query is not None and any(t.key == "is" for t in self._query.terms):
            self._query = None
            self.set_filter(self._filter_text)

    def _metadata_at(self, position: int, record: Any) -> Any:
        if position == self._live_position and self._live_metadata is not None:
            return self._live_metadata
        return record.metadata

    def _emit_position_changed(self, position: int) -> None:
        last_column = max(0, len(self._columns) - 1)
        for row, shown in enumerate(self._rows):
            if shown == position:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))

    @staticmethod
    def _date_format(record: Any, key: str, value: Any) -> str | None:
        if isinstance(value, str) and key in record.raw_dates:
            return date_format_of(value.strip())
        return None

    @staticmethod
    def _typed(
        old: Any, value: Any, date_format: str | None, key: str = "", schema: Any = None
    ) -> Any:
        """Convert what an editor produced into a value of the same kind as ``old``; an
        empty cell's text is read in the type the site gives the field (``schema``)."""
        if old is None:  # an empty cell
            if not isinstance(value, str) or not value.strip():
                return _UNCHANGED if value == "" else value
            return read_value(value, key, field_type(schema, key), "form")
        kind = editor_kind(old, date_format)
        if kind == "datefmt" and date_format and isinstance(value, dt.date):
            return dates.format(value, date_format)
        if kind == "datetime" and isinstance(value, dt.datetime):
            if old.tzinfo is not None and value.tzinfo is None:
                value = value.replace(tzinfo=old.tzinfo)
            return value
        if kind == "date" and isinstance(value, dt.datetime):
            return value.date()
        if not isinstance(value, str):
            return value
        if kind in ("list", "int", "float", "date", "datetime"):
            return coerce_value(value, kind)
        if old is None and value == "":
            return _UNCHANGED  # leaving an empty cell empty must not add the key
        return value

    def _reload(self) -> None:
        self.beginResetModel()
        self.post_states.reset()
        published = self._workspace.records
        self._records = list(published)
        self._sort_keys = {}  # made again per column when sorted
        self._search_texts = None  # made when a filter first needs them
        self._position = self._workspace.record_positions
        if len(self._position) != len(self._records):
            self._position = {os.fspath(r.path): i for i, r in enumerate(self._records)}
        self._live_position = self._position.get(self._live_path, -1) if self._live_path else -1
        self._order = self._presorted(published)
        self._rows = self._filtered_rows()
        self.endResetModel()

    def _texts(self) -> list[str]:
        """What plain words search, by position (made on first use)."""
        if self._search_texts is None:
            self._search_texts = [search_text(record) for record in self._records]
        return self._search_texts

    def _update_paths(self, paths: list[str]) -> None:
        changed_rows = []
        for path in paths:
            position = self._position.get(path)
            record = self._workspace.record_for(path)
            if position is None or record is None:
                self._reload()
                return
            self._records[position] = record
            self.post_states.forget(path)
            if self._search_texts is not None:
                self._search_texts[position] = search_text(record)
            for key, keys in self._sort_keys.items():
                keys[position] = sort_key_of(record, key)
            changed_rows.append(position)
        self._order = None  # sort keys may have changed; re-sorted at the next filter
        visible = set(changed_rows)
        last_column = max(0, len(self._columns) - 1)
        for row, position in enumerate(self._rows):
            if position in visible:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))

    def _filtered_rows(self, candidates: list[int] | None = None) -> list[int]:
        """Positions that pass the filter, in sort order; only candidates when given."""
        order = self._sorted_order()
        if self._query is None:
            return list(order)
        query, records = self._query, self._records
        if candidates is None:
            candidates = order
        words = query.plain_words
        if words is not None:  # the usual case, as fast as a list can be walked
            texts = self._texts()
            if len(words) == 1:
                word = words[0]
                return [i for i in candidates if word in texts[i]]
            return [i for i in candidates if all(w in texts[i] for w in words)]
        if query.needs_body:
            return [i for i in candidates if matches(records[i], query)]
        test = query.test
        return [i for i in candidates if test(records[i])]

    def _sorted_order(self) -> list[int]:
        if self._order is None:
            self._order = list(range(len(self._records)))
            self._sort_positions(self._order)
        return self._order

    def _sort_rows(self) -> None:
        """Sort the visible rows (and the full order) by the current sort column."""
        self._order = None
        order = self._sorted_order()
        visible = set(self._rows)
        self._rows = [i for i in order if i in visible]

    def _sort_positions(self, positions: list[int]) -> None:
        if not 0 <= self._sort_column < len(self._columns):
            return
        key = self._columns[self._sort_column]
        if key == GIT_COLUMN:  # git states change without the records changing
            states = self._workspace.git_states
            keys = [states.get(os.fspath(record.path), "~") for record in self._records]
        elif key == STATUS_COLUMN:  # computed from the records and the site's rules
            keys = [self.post_states.state(record) for record in self._records]
        else:
            keys = self._sort_keys.get(key)
        if keys is None:  # computed once per column until the records change
            keys = self._sort_keys[key] = [sort_key_of(r, key) for r in self._records]
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        sorted_positions(positions, keys, descending, missing_last=key != GIT_COLUMN)

    def _sort_wanted(self) -> tuple[str, bool] | None:
        """The sort this table shows (column key, descending), if any."""
        if not 0 <= self._sort_column < len(self._columns):
            return None
        return self._columns[self._sort_column], self._sort_order == Qt.SortOrder.DescendingOrder

    def _presorted(self, published: list[Any]) -> list[int] | None:
        """The sort order the workspace worked out with the records it ``published``
        (``row_order``), when it is this table's; its keys are kept for updates."""
        wanted = self._sort_wanted()
        orders = self._workspace.row_orders
        if wanted is None or orders is None:
            return None
        order = orders.order(published, *wanted)
        keys = orders.keys_of(published, wanted[0]) if order is not None else None
        if keys is None:
            return None
        self._sort_keys[wanted[0]] = keys
        return order


def _flags_of_columns(columns: Sequence[str]) -> list[Qt.ItemFlag]:
    return [_READ_ONLY_FLAGS if key in _PSEUDO_COLUMNS else _VALUE_FLAGS for key in columns]


def _is_map(value: Any) -> bool:
    """A mapping, or a list holding mappings or lists: not editable as one line of text."""
    if isinstance(value, dict):
        return True
    return isinstance(value, list | tuple) and any(isinstance(v, dict | list) for v in value)


class _Unchanged:
    pass


_UNCHANGED = _Unchanged()

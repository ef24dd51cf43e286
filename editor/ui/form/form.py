"""FrontMatterForm: one row per front-matter key, in file order, plus a raw text view.

Owns the layout of rows (label, editor chosen from the value's kind, remove button), the
add/rename/remove interactions (questions go through an injected Prompter) and the
Raw toggle. All data comes from, and all edits go to, the FrontMatterModel it is given.
Rows are kept across updates: ``changed(key)`` refreshes one row in place, and
``structure_changed`` reuses every row whose key and editor type still fit. New rows are
made a few per turn of the event loop (``ROW_SLICE_S``), so opening a post with many
fields never blocks the window for long; ``rows_built`` says when every key has its row,
and anything that asks for a row (or acts on them all) gets them all at once.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.errors import PostError
from editor.session.frontmatter_model import NEW_FIELD_TYPES, FrontMatterModel
from editor.ui.dialogs.prompter import FormPrompter
from editor.ui.form.base import FieldEditor
from editor.ui.form.chips import ChipListField
from editor.ui.form.datefield import DateField
from editor.ui.form.fields import BoolField, FloatField, IntField, LineField, TextField, YamlField
from editor.ui.form.imagefield import ImageField
from editor.ui.form.raw import RawFrontMatterEditor

LONG_STRING = 80
# New rows are made for at most this long per turn of the event loop (a row is 1-6 ms:
# a post with eight fields took 18 ms in one turn); the rest follow in the next turns.
ROW_SLICE_S = 0.004
_SCALARS = (str, int, float)


def editor_type_for(model: FrontMatterModel, key: str) -> type[FieldEditor]:
    """The editor that fits the value of ``key``."""
    kind = model.kind(key)
    value = model.value(key)
    if kind == "bool":
        return BoolField
    if kind == "int" and IntField.fits(value):
        return IntField
    if kind == "float" and FloatField.fits(value):
        return FloatField
    if kind == "date":
        return DateField if model.date_value(key) is not None else LineField
    if kind == "list" and all(
        isinstance(item, _SCALARS) and not isinstance(item, bool) for item in value
    ):
        return ChipListField
    if kind in ("str", "null") and model.is_image(key):
        return ImageField
    if kind == "text" or (kind == "str" and (len(value) > LONG_STRING or "\n" in value)):
        return TextField
    if kind in ("str", "null"):
        return LineField
    return YamlField


class KeyLabel(QLabel):
    """A row's key name: double-click to rename, right-click for rename/remove."""

    rename_requested = Signal(str)
    remove_requested = Signal(str)

    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(key, parent)
        self.key = key
        self.setToolTip(f"{key} — double-click to rename, right-click for more")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.setContentsMargins(0, 4, 0, 0)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_menu)

    def mouseDoubleClickEvent(self, event) -> None:
        self.rename_requested.emit(self.key)
        event.accept()

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction("Rename field…", lambda: self.rename_requested.emit(self.key))
        menu.addAction("Remove field", lambda: self.remove_requested.emit(self.key))
        return menu

    def _show_menu(self, position) -> None:
        self.context_menu().exec(self.mapToGlobal(position))


class _Row:
    def __init__(self, label: KeyLabel, editor: FieldEditor, remove_button: QToolButton):
        self.label = label
        self.editor = editor
        self.remove_button = remove_button

    def widgets(self) -> tuple[QWidget, QWidget, QWidget]:
        return self.label, self.editor, self.remove_button


class FrontMatterForm(QWidget):
    rows_built = Signal()  # every key has its row (a rebuild may take a few turns)

    def __init__(
        self,
        model: FrontMatterModel,
        prompter: FormPrompter,
        parent: QWidget | None = None,
        *,
        undo_shortcuts: bool = False,
    ):
        """``undo_shortcuts`` gives the form its own Ctrl+Z / Ctrl+Shift+Z. Leave it off inside
        a window that already has Undo on those keys (two actions on one key in scope are
        ambiguous and Qt then fires neither); such a window routes undo to the model."""
        super().__init__(parent)
        self.model = model
        self.prompter = prompter
        self._rows: dict[str, _Row] = {}
        # A rebuild under way: every key in order with its row (None: not made yet).
        self._plan: list[tuple[str, _Row | None]] = []
        self._slice_timer = QTimer(self)
        self._slice_timer.setSingleShot(True)
        self._slice_timer.setInterval(0)
        self._slice_timer.timeout.connect(self._build_slice)

        self.add_button = QToolButton()
        self.add_button.setText("+ Add field")
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_button.clicked.connect(self.add_field_interactively)
        self._raw_for_error = False  # raw shown because the post is broken, not by choice
        self.raw_button = QToolButton()
        self.raw_button.setText("Raw")
        self.raw_button.setCheckable(True)
        self.raw_button.setToolTip("Edit the front matter as text")
        self.raw_button.toggled.connect(self._on_raw_toggled)
        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(0, 0, 0, 0)
        toolbar.addWidget(self.add_button)
        toolbar.addStretch(1)
        toolbar.addWidget(self.raw_button)

        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setColumnStretch(1, 1)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(6)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self._grid_host)
        self.empty_label = QLabel("This post has no front matter. Use “+ Add field” to start one.")
        self.empty_label.setWordWrap(True)

        self.raw_editor = RawFrontMatterEditor(model)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.scroll_area)
        self.stack.addWidget(self.raw_editor)

        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(toolbar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error_label)
        self._install_undo_actions(undo_shortcuts)

        model.changed.connect(self._on_key_changed)
        model.structure_changed.connect(self._on_structure_changed)
        model.error.connect(self._show_error)
        model.post_edited.connect(self._clear_error)
        self.rebuild()

    # ---- queries (what the form shows) ---------------------------------------------------

    @property
    def building(self) -> bool:
        """True while some keys' rows are still to be made (``rows_built`` follows)."""
        return bool(self._plan)

    def shown_keys(self) -> list[str]:
        self.finish_rows()
        return list(self._rows)

    def editor_for(self, key: str) -> FieldEditor:
        self.finish_rows()
        return self._rows[key].editor

    def label_for(self, key: str) -> KeyLabel:
        self.finish_rows()
        return self._rows[key].label

    def remove_button_for(self, key: str) -> QToolButton:
        self.finish_rows()
        return self._rows[key].remove_button

    def is_raw_mode(self) -> bool:
        return self.stack.currentWidget() is self.raw_editor

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    # ---- interactions --------------------------------------------------------------------

    def set_raw_mode(self, raw: bool) -> None:
        self.raw_button.setChecked(raw)

    def show_raw_error(self, error: PostError) -> None:
        """Show the front matter as text, reloaded from the post, with error's line marked."""
        self._raw_for_error = self._raw_for_error or not self.is_raw_mode()
        self.set_raw_mode(True)
        self.raw_editor.reload()
        self.raw_editor.show_error(error)

    def leave_raw_for_error(self) -> None:
        """A valid post after a broken one: back to the form, when it was the broken post
        (not the user) that showed the raw text."""
        if self._raw_for_error:
            self._raw_for_error = False
            self.set_raw_mode(False)

    def add_field_interactively(self) -> None:
        name = self.prompter.ask_text("Add field", "Field name:", "")
        if not name or not name.strip():
            return
        type_name = self.prompter.ask_choice(
            "Add field", f"Type of “{name.strip()}”:", list(NEW_FIELD_TYPES), "text"
        )
        if type_name is None:
            return
        if self.model.add_field_of_type(name.strip(), type_name) is None:
            self.finish_rows()
            row = self._rows.get(name.strip())
            if row is not None:
                row.editor.focus_editor()
                self.scroll_area.ensureWidgetVisible(row.editor)

    def rename_interactively(self, key: str) -> None:
        new = self.prompter.ask_text("Rename field", f"New name for “{key}”:", key)
        if new is not None:
            self.model.rename_field(key, new)

    def remove_field(self, key: str) -> None:
        self.model.remove_field(key)

    def flush(self) -> None:
        """Commit any typed-but-pending edit (call before save)."""
        if self.is_raw_mode():
            self.raw_editor.flush()
            return
        self.finish_rows()
        for row in self._rows.values():
            row.editor.flush()

    # ---- building rows -------------------------------------------------------------------

    def rebuild(self) -> None:
        """Lay out one row per key in file order, reusing rows that still fit; new rows
        are made in slices (``ROW_SLICE_S`` per turn) from the next turn on, and
        ``rows_built`` once all are."""
        self._plan = []  # a rebuild under way: the rows it made may be reused
        keys = self.model.keys()
        old_rows = self._rows
        self._rows = {}
        for row in old_rows.values():
            for widget in row.widgets():
                self._grid.removeWidget(widget)
        plan: list[tuple[str, _Row | None]] = []
        for index, key in enumerate(keys):
            row = old_rows.pop(key, None)
            if row is not None and type(row.editor) is editor_type_for(self.model, key):
                row.editor.refresh()
                self._place(row, index)
            else:
                if row is not None:
                    old_rows[key] = row  # discarded below
                row = None
            plan.append((key, row))
        for row in old_rows.values():
            for widget in row.widgets():
                widget.hide()
                widget.deleteLater()
        self._grid.removeWidget(self.empty_label)
        if not keys:
            self._grid.addWidget(self.empty_label, 0, 0, 1, 3)
        self.empty_label.setVisible(not keys)
        self._plan = plan
        if all(row is not None for _, row in plan):
            self._build_slice()  # nothing to make: rows_built now
        else:
            # Not in this turn: opening a post is work enough for one (its body, its
            # spelling, the list and the table showing it).
            self._slice_timer.start()

    def finish_rows(self) -> None:
        """Make every row a rebuild still has to make, now."""
        if self._plan:
            self._build_slice(everything=True)

    def _build_slice(self, everything: bool = False) -> None:
        """Make the next rows of the rebuild under way, for ROW_SLICE_S (``everything``:
        all of them); the rest in a later turn."""
        deadline = None if everything else time.perf_counter() + ROW_SLICE_S
        plan = self._plan
        made = 0
        for index, (key, row) in enumerate(plan):
            if row is not None:
                continue
            if made and deadline is not None and time.perf_counter() >= deadline:
                break
            made += 1
            row = self._make_row(key)
            plan[index] = (key, row)
            self._place(row, index)
        self._rows = {key: row for key, row in plan if row is not None}
        if len(self._rows) < len(plan):
            self._slice_timer.start()
            return
        self._slice_timer.stop()
        self._plan = []
        self.rows_built.emit()

    def _place(self, row: _Row, index: int) -> None:
        self._grid.addWidget(row.label, index, 0)
        self._grid.addWidget(row.editor, index, 1)
        self._grid.addWidget(row.remove_button, index, 2, Qt.AlignmentFlag.AlignTop)

    def _make_row(self, key: str) -> _Row:
        label = KeyLabel(key)
        label.rename_requested.connect(self.rename_interactively)
        label.remove_requested.connect(self.remove_field)
        editor = editor_type_for(self.model, key)(self.model, key)
        editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        remove_button = QToolButton()
        remove_button.setText("×")
        remove_button.setAutoRaise(True)
        remove_button.setToolTip(f"Remove the field “{key}”")
        remove_button.clicked.connect(lambda: self.remove_field(key))
        return _Row(label, editor, remove_button)

    def _install_undo_actions(self, with_shortcuts: bool) -> None:
        stack = self.model.undo_stack
        self.undo_action = stack.createUndoAction(self, "Undo field edit")
        self.redo_action = stack.createRedoAction(self, "Redo field edit")
        if not with_shortcuts:
            return
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    # ---- model signals -------------------------------------------------------------------

    def _on_key_changed(self, key: str) -> None:
        self.finish_rows()
        row = self._rows.get(key)
        if row is None:
            self.rebuild()
        elif type(row.editor) is not editor_type_for(self.model, key):
            self.rebuild()
        else:
            row.editor.refresh()
        if self.is_raw_mode():
            self.raw_editor.refresh()

    def _on_structure_changed(self) -> None:
        self.rebuild()
        self.raw_editor.refresh()

    def _on_raw_toggled(self, raw: bool) -> None:
        if raw:
            self.finish_rows()
            for row in self._rows.values():
                row.editor.flush()
            self.raw_editor.reload()
            self.stack.setCurrentWidget(self.raw_editor)
            self.add_button.setEnabled(False)
            self.raw_editor.setFocus()
        else:
            self._raw_for_error = False
            if self.raw_editor.flush() is not None:
                # Invalid text is never written; stay in raw so the user's typing isn't lost.
                self.raw_button.blockSignals(True)
                self.raw_button.setChecked(True)
                self.raw_button.blockSignals(False)
                return
            self.rebuild()
            self.stack.setCurrentWidget(self.scroll_area)
            self.add_button.setEnabled(True)
        self._clear_error()

    def _show_error(self, err: PostError) -> None:
        if self.is_raw_mode():
            return  # the raw editor shows its own error under the text
        where = f"line {err.line}: " if err.line else ""
        self.error_label.setText(f"{where}{err.message}")
        self.error_label.show()

    def _clear_error(self) -> None:
        self.error_label.hide()
        self.error_label.clear()

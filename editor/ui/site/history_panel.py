"""HistoryPanel: the site's undo history as a list, with Undo, Redo and Undo to here.

Shows the steps of ``EditHistory`` in words, oldest first ("Set “featured” to false on
62 posts", "Edit title of posts/hello.md"), then the undone ones, greyed, in the order
Redo takes them. A step that could not be undone (or redone) is marked, and says which
files changed and why. Double-clicking a done step undoes back to it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.bulk.history import Step
from editor.session.edit_history import EditHistory

StepRole = Qt.ItemDataRole.UserRole + 1
DoneRole = Qt.ItemDataRole.UserRole + 2
_UNDONE_BRUSH = QBrush(QColor("#9e9e9e"))
_BLOCKED_BRUSH = QBrush(QColor("#b3261e"))
BLOCKED_MARK = "⚠ "
SHOWN_REASONS = 10


def step_tooltip(step: Step) -> str:
    """Which files a step wrote, and, when it could not be replayed, which changed and why."""
    root = step.root
    if step.blocked:
        lines = [f"{step.name}: cannot be replayed, these files changed:"]
        lines += [f"{_rel(path, root)}: {why}" for path, why in step.blocked[:SHOWN_REASONS]]
        if len(step.blocked) > SHOWN_REASONS:
            lines.append(f"… and {len(step.blocked) - SHOWN_REASONS:,} more")
        return "\n".join(lines)
    files = [_rel(path, root) for path in step.paths[:SHOWN_REASONS]]
    more = len(step.paths) - len(files)
    return "\n".join([step.name, *files] + ([f"… and {more:,} more"] if more > 0 else []))


def _rel(path, root) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return str(path)


class HistoryPanel(QWidget):
    """See the module docstring."""

    def __init__(self, history: EditHistory, parent: QWidget | None = None):
        super().__init__(parent)
        self.history = history
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.undo_button = QPushButton("Undo")
        self.redo_button = QPushButton("Redo")
        self.undo_to_button = QPushButton("Undo to here")
        self.undo_to_button.setToolTip("Undo every step after the selected one, and it")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addWidget(self.undo_to_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)

        self.undo_button.clicked.connect(history.undo)
        self.redo_button.clicked.connect(history.redo)
        self.undo_to_button.clicked.connect(self.undo_to_selected)
        self.list.itemDoubleClicked.connect(self._double_clicked)
        self.list.currentItemChanged.connect(self._show_note)
        history.changed.connect(self.refresh)
        history.busy_changed.connect(self._update_buttons)
        self.refresh()

    def names(self) -> list[str]:
        """The rows as shown (blocked steps carry their mark)."""
        return [self.list.item(row).text() for row in range(self.list.count())]

    def refresh(self) -> None:
        self.list.clear()
        for step in self.history.done:
            self._add(step, done=True)
        for step in reversed(self.history.undone):
            self._add(step, done=False)
        done = self.history.done
        if done:
            self.list.setCurrentRow(len(done) - 1)
        self._update_buttons()
        self._show_note(self.list.currentItem())

    def _add(self, step: Step, done: bool) -> None:
        text = (BLOCKED_MARK if step.blocked else "") + step.name
        if not done:
            text += "  (undone)"
        item = QListWidgetItem(text)
        item.setData(StepRole, step)
        item.setData(DoneRole, done)
        item.setToolTip(step_tooltip(step))
        if step.blocked:
            item.setForeground(_BLOCKED_BRUSH)
        elif not done:
            item.setForeground(_UNDONE_BRUSH)
        self.list.addItem(item)

    def undo_to_selected(self) -> bool:
        item = self.list.currentItem()
        if item is None or not item.data(DoneRole):
            return False
        return self.history.undo_to(item.data(StepRole))

    def _double_clicked(self, item: QListWidgetItem) -> None:
        if item.data(DoneRole):
            self.history.undo_to(item.data(StepRole))

    def _show_note(self, item: QListWidgetItem | None, _previous=None) -> None:
        step = item.data(StepRole) if item is not None else None
        self.note.setText(step_tooltip(step) if step is not None and step.blocked else "")
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        self.undo_button.setEnabled(self.history.can_undo())
        self.redo_button.setEnabled(self.history.can_redo())
        item = self.list.currentItem()
        self.undo_to_button.setEnabled(
            item is not None and bool(item.data(DoneRole)) and self.history.can_undo()
        )

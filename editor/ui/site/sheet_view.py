"""SheetView: a table view that edits like a spreadsheet and never writes by accident.

Typing on a selected cell does not start an edit (a stray word and Enter must never
replace a title on disk): editing starts with F2, Enter or a double-click. Enter on a
cell that cannot be edited (the file) activates it, as before. Ctrl+Z and Ctrl+Shift+Z
(or Ctrl+Y) while the view has focus ask for the site's undo and redo
(``undo_requested`` / ``redo_requested``) rather than the window's, which undoes the
open post. The column menu stays open while columns are ticked (``StayOpenMenu``), and
the header's sort arrow points up for an ascending sort (``SortArrowStyle``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
    QTableView,
    QWidget,
)

EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
)
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def undo_key(event: QKeyEvent) -> str | None:
    """ "undo" or "redo" when the key press is the platform's undo or redo, else None."""
    if event.matches(QKeySequence.StandardKey.Undo):
        return "undo"
    if event.matches(QKeySequence.StandardKey.Redo):
        return "redo"
    ctrl = Qt.KeyboardModifier.ControlModifier
    if event.key() == Qt.Key.Key_Y and event.modifiers() == ctrl:
        return "redo"
    return None


class SheetView(QTableView):
    """See the module docstring."""

    undo_requested = Signal()
    redo_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditTriggers(EDIT_TRIGGERS)

    def event(self, event: QEvent) -> bool:
        # Take Ctrl+Z before the window's shortcut does, while the view has focus.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if undo_key(event) is not None and self.state() != self.State.EditingState:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        which = undo_key(event)
        if which is not None and self.state() != self.State.EditingState:
            (self.undo_requested if which == "undo" else self.redo_requested).emit()
            event.accept()
            return
        if event.key() in _ENTER_KEYS and self.state() != self.State.EditingState:
            index = self.currentIndex()
            if index.isValid() and self._editable(index):
                self.edit(index, QAbstractItemView.EditTrigger.AllEditTriggers, event)
                event.accept()
                return
        super().keyPressEvent(event)

    def _editable(self, index: QModelIndex) -> bool:
        return bool(index.flags() & Qt.ItemFlag.ItemIsEditable)


class StayOpenMenu(QMenu):
    """A menu whose checkable items toggle without closing it (pick several columns)."""

    def mouseReleaseEvent(self, event) -> None:
        action = self.actionAt(event.position().toPoint())
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.activeAction()
        toggles = event.key() in (*_ENTER_KEYS, Qt.Key.Key_Space)
        if toggles and action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            event.accept()
            return
        super().keyPressEvent(event)


def arrow_for(order: Qt.SortOrder) -> QStyleOptionHeader.SortIndicator:
    """The arrow a header shows: up for ascending (A at the top), down for descending."""
    if order == Qt.SortOrder.AscendingOrder:
        return QStyleOptionHeader.SortIndicator.SortUp
    return QStyleOptionHeader.SortIndicator.SortDown


class SortArrowStyle(QProxyStyle):
    """Draws the header's sort arrow by ``arrow_for``: Qt's header asks for a down arrow
    on an ascending sort, which reads as the wrong way (issue 17)."""

    def drawPrimitive(self, element, option: QStyleOption, painter, widget=None) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
            option, QStyleOptionHeader
        ):
            flipped = QStyleOptionHeader(option)
            flipped.sortIndicator = flip(option.sortIndicator)
            option = flipped
        super().drawPrimitive(element, option, painter, widget)


def flip(indicator: QStyleOptionHeader.SortIndicator) -> QStyleOptionHeader.SortIndicator:
    """Qt's header option for a sort order, turned into ``arrow_for``'s."""
    up, down = QStyleOptionHeader.SortIndicator.SortUp, QStyleOptionHeader.SortIndicator.SortDown
    if indicator == up:
        return down
    if indicator == down:
        return up
    return indicator

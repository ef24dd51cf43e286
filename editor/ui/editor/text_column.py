"""The body editor's centred text column: viewport margins that follow the pane's width.

The column's width is counted in characters of the editor's font (the arithmetic is in
``editor.core.user.text_column``); the margins are set again when the editor is resized
or its font changes. The margins take the editor's base colour, so the column does not
look like a box.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFontMetricsF, QPalette
from PySide6.QtWidgets import QPlainTextEdit

from editor.core.user.text_column import column_margins


class TextColumn(QObject):
    """Keeps the editor's text in a centred column of the chosen width."""

    def __init__(self, editor: QPlainTextEdit, column: str = "full") -> None:
        super().__init__(editor)
        self._editor = editor
        self.column = column
        self.left_extra = 0  # room kept on the left for something else (a line-number gutter)
        editor.setBackgroundRole(QPalette.ColorRole.Base)
        editor.setAutoFillBackground(True)
        editor.installEventFilter(self)
        self.apply()

    def set_column(self, column: str) -> None:
        self.column = column
        self.apply()

    def set_left_extra(self, width: int) -> None:
        """Keep width pixels on the left outside the column (a gutter drawn there); the
        column is centred in what is left. The editor's left and right viewport margins
        are this object's: set the gutter's room here, not with setViewportMargins."""
        self.left_extra = max(0, width)
        self.apply()

    def margin(self) -> int:
        """The margin on each side for the editor's current width and font."""
        editor = self._editor
        available = editor.width() - 2 * editor.frameWidth() - self.left_extra
        scroll_bar = editor.verticalScrollBar()
        if scroll_bar.isVisible():
            available -= scroll_bar.width()
        padding = int(2 * editor.document().documentMargin()) + editor.cursorWidth() + 2
        return column_margins(
            available, QFontMetricsF(editor.font()).averageCharWidth(), self.column, padding
        )

    def apply(self) -> None:
        margin = self.margin()
        left = margin + self.left_extra
        margins = self._editor.viewportMargins()
        if (margins.left(), margins.right()) != (left, margin):
            self._editor.setViewportMargins(left, margins.top(), margin, margins.bottom())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange):
            self.apply()
        return False

"""An optional line-number gutter for a plain-text editor, numbered as the file is.

The body editor shows only the body, but the writer's tools (the checks, Ctrl+G, the
status bar, error messages) speak of file lines, so the gutter numbers each body line
``first_line() + index``: the front matter's lines are counted before it. The gutter
takes its room as a left viewport margin, added to whatever margin the editor already
has, and gives exactly that back when switched off.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QPlainTextEdit, QWidget

PADDING = 6


class LineNumberGutter(QWidget):
    """Paints file line numbers beside editor's visible blocks."""

    def __init__(self, editor: QPlainTextEdit, first_line: Callable[[], int]) -> None:
        super().__init__(editor)
        self.setObjectName("LineNumbers")
        self._editor = editor
        self._first_line = first_line
        self._margin = 0  # the width this gutter added to the editor's left margin
        editor.blockCountChanged.connect(self._fit)
        editor.updateRequest.connect(self._follow)
        editor.installEventFilter(self)
        self.hide()

    def set_shown(self, shown: bool) -> None:
        self.setVisible(shown)
        self._fit()

    def first_number(self) -> int:
        return self._first_line()

    def last_number(self) -> int:
        return self._first_line() + self._editor.blockCount() - 1

    def width_needed(self) -> int:
        digits = len(str(max(1, self.last_number())))
        return PADDING * 2 + self.fontMetrics().horizontalAdvance("9") * max(2, digits)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self.width_needed(), 0)

    def refresh(self) -> None:
        """The front matter's length changed: renumber (and widen if needed)."""
        self._fit()
        self.update()

    def _fit(self, *_args) -> None:
        wanted = self.width_needed() if not self.isHidden() else 0
        if wanted != self._margin:
            margins = self._editor.viewportMargins()
            self._editor.setViewportMargins(
                margins.left() - self._margin + wanted,
                margins.top(),
                margins.right(),
                margins.bottom(),
            )
            self._margin = wanted
        self._place()

    def _place(self) -> None:
        rect = self._editor.contentsRect()
        self.setGeometry(QRect(rect.left(), rect.top(), self._margin, rect.height()))

    def _follow(self, rect: QRect, dy: int) -> None:
        if self.isHidden():
            return
        if dy:
            self.scroll(0, dy)
        else:
            self.update(0, rect.y(), self.width(), rect.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self._editor and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._place()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        editor = self._editor
        painter = QPainter(self)
        palette = editor.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.setFont(editor.font())
        current = editor.textCursor().blockNumber()
        first = self._first_line()
        block = editor.firstVisibleBlock()
        offset = editor.contentOffset()
        top = round(editor.blockBoundingGeometry(block).translated(offset).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(editor.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                font = painter.font()
                font.setBold(block.blockNumber() == current)
                painter.setFont(font)
                painter.drawText(
                    0,
                    top,
                    self.width() - PADDING,
                    height,
                    Qt.AlignmentFlag.AlignRight,
                    str(first + block.blockNumber()),
                )
            block = block.next()
            top = bottom
        painter.end()

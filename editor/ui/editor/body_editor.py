"""The Markdown body editor: a plain-text editor on the Document's body, with its find bar.

Editing rules (bold/italic toggles, links, list continuation, go to line) are
plain functions over a QTextCursor so they are tested without a window. The
editor shows the Document's own QTextDocument, so undo history and the lazy
sync to ``post.body`` live in the Document; this widget only edits.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal, SignalInstance
from PySide6.QtGui import QFont, QFontDatabase, QKeyEvent, QTextCursor, QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from editor.core.post.markdown_commands import insert_link as link_command
from editor.core.post.markdown_commands import toggle_inline
from editor.ui.editor.formatting import apply_to_cursor
from editor.ui.editor.highlighter import MarkdownHighlighter
from editor.ui.theme import palette_is_dark

if TYPE_CHECKING:
    from editor.ui.editor.find_replace import FindReplaceBar

_LIST_ITEM = re.compile(r"^(\s*)([-*+]|(\d{1,9})([.)]))(\s+)(\[[ xX]\]\s+)?(.*)$")
_QUOTE_LINE = re.compile(r"^(\s*(?:>\s?)+)(.*)$")


# ---- editing rules over a QTextCursor ---------------------------------------------------


def toggle_wrap(cursor: QTextCursor, marker: str) -> None:
    """Wrap the selection (spaces around it trimmed), or the word at the cursor, in marker,
    or unwrap it if wrapped; one undo step (``editor.core.post.markdown_commands``).

    With nothing to wrap, inserts a pair of markers and leaves the cursor between them.
    """
    apply_to_cursor(cursor, toggle_inline(marker))


def insert_link(cursor: QTextCursor) -> None:
    """Turn the trimmed selection into a Markdown link, the cursor where typing goes next.

    A selected URL becomes '[](url)' with the cursor in the brackets; other text
    becomes '[text]()' with the cursor in the parentheses.
    """
    apply_to_cursor(cursor, link_command)


def continue_list(cursor: QTextCursor) -> bool:
    """Handle Enter at the end of a list item or quote line; False if it is not one.

    A non-empty item continues with the next marker (numbers count up, task
    boxes start unchecked); Enter on an empty item ends the list.
    """
    if cursor.hasSelection() or not cursor.atBlockEnd():
        return False
    text = cursor.block().text()
    item = _LIST_ITEM.match(text)
    if item:
        indent, marker, number, delimiter, space, task, content = item.groups()
        prefix_length = len(text) - len(content)
        if not content.strip():
            _end_list_line(cursor, prefix_length)
            return True
        if number is not None:
            marker = f"{int(number) + 1}{delimiter}"
        prefix = f"{indent}{marker}{space}{'[ ] ' if task else ''}"
        cursor.insertText("\n" + prefix)
        return True
    quote = _QUOTE_LINE.match(text)
    if quote and text.lstrip().startswith(">"):
        prefix, content = quote.groups()
        if not content.strip():
            _end_list_line(cursor, len(text))
            return True
        cursor.insertText("\n" + prefix if prefix.endswith(" ") else "\n" + prefix + " ")
        return True
    return False


def _end_list_line(cursor: QTextCursor, prefix_length: int) -> None:
    cursor.beginEditBlock()
    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
    cursor.movePosition(
        QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, prefix_length
    )
    cursor.removeSelectedText()
    cursor.endEditBlock()


def line_cursor(document: QTextDocument, line: int) -> QTextCursor:
    """A cursor at the start of 1-based body line `line`, clamped to the document."""
    count = document.blockCount()
    block = document.findBlockByNumber(min(max(line, 1), count) - 1)
    return QTextCursor(block)


# ---- widgets ----------------------------------------------------------------------------


class BodySource(Protocol):
    """What the body editor edits: a Document, or while a window starts, the
    OpeningPost whose body document the Document takes over (see ``follow``)."""

    body_document: QTextDocument
    reloaded: SignalInstance


class BodyEditor(QPlainTextEdit):
    """Edits the body of one Document; follows it when the post is replaced or reloaded."""

    first_visible_line_changed = Signal(int)  # 1-based body line at the top of the view
    cursor_line_changed = Signal(int)  # 1-based body line of the cursor

    def __init__(self, document: BodySource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        body = document.body_document
        if not isinstance(body.documentLayout(), QPlainTextDocumentLayout):
            body.setDocumentLayout(QPlainTextDocumentLayout(body))
        self.setDocument(body)
        self.highlighter = MarkdownHighlighter(body, dark=palette_is_dark(self.palette()))
        self.setObjectName("BodyEditor")
        self.setTabChangesFocus(False)
        self.setCenterOnScroll(False)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.set_soft_wrap(True)
        self.setPlaceholderText("Write the post here…")
        self.follow(document)
        self.verticalScrollBar().valueChanged.connect(self._emit_first_visible_line)
        self._cursor_line = 0
        self.cursorPositionChanged.connect(self._emit_cursor_line)
        # Takes the drops and pastes it can (files, image data): editor.ui.window.image_insert.
        self.mime_inserter = None

    def follow(self, document: BodySource) -> None:
        """Go back to the start when document's post is replaced or reloaded (its body
        document is the one shown: a Document made from an OpeningPost keeps it)."""
        document.reloaded.connect(self.move_to_start)

    def set_soft_wrap(self, enabled: bool) -> None:
        mode = (
            QPlainTextEdit.LineWrapMode.WidgetWidth
            if enabled
            else QPlainTextEdit.LineWrapMode.NoWrap
        )
        self.setLineWrapMode(mode)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

    def soft_wrap(self) -> bool:
        return self.lineWrapMode() != QPlainTextEdit.LineWrapMode.NoWrap

    def set_editor_font(self, font: QFont) -> None:
        """Write in font (see editor.ui.editor.editor_font); a tab is four spaces wide."""
        self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)

    def move_to_start(self) -> None:
        """Put the cursor at the start of the body and scroll there."""
        self.setTextCursor(QTextCursor(self.document()))
        # After setTextCursor: in a not-yet-laid-out (tiny) viewport it scrolls a line down.
        self.verticalScrollBar().setValue(0)

    def toggle_bold(self) -> None:
        self._apply(lambda c: toggle_wrap(c, "**"))

    def toggle_italic(self) -> None:
        self._apply(lambda c: toggle_wrap(c, "*"))

    def insert_link(self) -> None:
        self._apply(insert_link)

    def go_to_line(self, line: int) -> None:
        self.setTextCursor(line_cursor(self.document(), line))
        self.centerCursor()
        self.setFocus()

    def line_count(self) -> int:
        return self.document().blockCount()

    def current_line(self) -> int:
        return self.textCursor().blockNumber() + 1

    def first_visible_line(self) -> int:
        return self.firstVisibleBlock().blockNumber() + 1

    def _apply(self, rule) -> None:
        cursor = self.textCursor()
        rule(cursor)
        self.setTextCursor(cursor)
        self.setFocus()

    def _emit_cursor_line(self) -> None:
        line = self.textCursor().blockNumber() + 1
        if line != self._cursor_line:  # most keystrokes stay on their line
            self._cursor_line = line
            self.cursor_line_changed.emit(line)

    def _emit_first_visible_line(self) -> None:
        self.first_visible_line_changed.emit(self.first_visible_line())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        plain_enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        )
        if plain_enter:
            cursor = self.textCursor()
            if continue_list(cursor):
                self.setTextCursor(cursor)
                self.ensureCursorVisible()
                return
        super().keyPressEvent(event)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 (Qt override)
        inserter = self.mime_inserter
        if inserter is not None and inserter.can_insert(source):
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt override)
        inserter = self.mime_inserter
        if inserter is None or not inserter.insert(self, source):
            super().insertFromMimeData(source)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.set_dark(palette_is_dark(self.palette()))
        super().changeEvent(event)


class BodyPane(QWidget):
    """The body editor with its find/replace bar underneath.

    The bar is made the first time it is asked for (Find, Replace, F3): the window's first
    frame shows without it, and so without its line edits, buttons and icons.
    """

    def __init__(self, document: BodySource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = BodyEditor(document, self)
        self._find_bar: FindReplaceBar | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.editor, 1)

    @property
    def find_bar(self) -> FindReplaceBar:
        """The find/replace bar under the editor (hidden until opened); made on first use."""
        if self._find_bar is None:
            from editor.ui.editor.find_replace import FindReplaceBar

            self._find_bar = FindReplaceBar(self.editor, self)
            self._layout.addWidget(self._find_bar)
        return self._find_bar

    def open_find(self) -> None:
        self.find_bar.open_find(with_replace=False)

    def open_replace(self) -> None:
        self.find_bar.open_find(with_replace=True)

    def find_next(self) -> None:
        if not self.find_bar.find_edit.text():
            self.open_find()
            return
        self.find_bar.find_next()

    def find_previous(self) -> None:
        if not self.find_bar.find_edit.text():
            self.open_find()
            return
        self.find_bar.find_previous()

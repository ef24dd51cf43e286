"""Applies the Markdown formatting commands to a text editor, each as one undo step.

The commands themselves are pure text transformations
(``editor.core.post.markdown_commands``); this module only translates between Qt's
cursor positions (UTF-16 code units) and Python string offsets (code points), makes the
command's one replacement inside an edit block and shows the selection it returns. It
also gives a body editor Tab and Shift+Tab for list items (``attach_list_tabs``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from editor.core.post.markdown_commands import Command, indent_list, outdent_list
from editor.session.body_document import body_text
from editor.session.text_positions import utf16_length


class _Offsets:
    """Converts between code-point offsets into text and Qt's UTF-16 positions."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._simple = utf16_length(text) == len(text)  # nothing beyond the BMP

    def index(self, position: int) -> int:
        if self._simple:
            return position
        data = self._text.encode("utf-16-le")[: 2 * position]
        return len(data.decode("utf-16-le", errors="ignore"))

    def position(self, index: int) -> int:
        return index if self._simple else utf16_length(self._text[:index])


def apply_to_cursor(cursor: QTextCursor, command: Command) -> bool:
    """Run command on cursor's document and selection as one undo step, leaving cursor
    with the selection the command returns; False if the command did not apply."""
    text = body_text(cursor.document())
    before = _Offsets(text)
    start = before.index(cursor.selectionStart())
    end = before.index(cursor.selectionEnd())
    edit = command(text, start, end)
    if edit is None:
        return False
    new_text = text[: edit.start] + edit.replacement + text[edit.end :]
    after = _Offsets(new_text)
    if text[edit.start : edit.end] != edit.replacement:
        cursor.beginEditBlock()
        cursor.setPosition(before.position(edit.start))
        cursor.setPosition(before.position(edit.end), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(edit.replacement)
        cursor.endEditBlock()
    anchor, position = edit.selection
    cursor.setPosition(after.position(anchor))
    cursor.setPosition(after.position(position), QTextCursor.MoveMode.KeepAnchor)
    return True


def apply_command(editor: QPlainTextEdit, command: Command) -> bool:
    """Run command on the editor's selection (one undo step) and show the result."""
    cursor = editor.textCursor()
    applied = apply_to_cursor(cursor, command)
    if applied:
        editor.setTextCursor(cursor)
        editor.ensureCursorVisible()
    editor.setFocus()
    return applied


class _ListTabs(QObject):
    """Tab and Shift+Tab on list items indent and outdent them; elsewhere the keys do
    what the editor does by default."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self._editor = editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        modifiers = event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        )
        if modifiers or self._editor.isReadOnly():
            return False
        if event.key() == Qt.Key.Key_Tab and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            command = indent_list
        elif event.key() == Qt.Key.Key_Backtab:
            command = outdent_list
        else:
            return False
        cursor = self._editor.textCursor()
        if not apply_to_cursor(cursor, command):
            return False
        self._editor.setTextCursor(cursor)
        self._editor.ensureCursorVisible()
        return True


def attach_list_tabs(editor: QPlainTextEdit) -> QObject:
    """Give editor Tab/Shift+Tab for list items; returns the filter (owned by editor)."""
    tabs = _ListTabs(editor)
    editor.installEventFilter(tabs)
    return tabs

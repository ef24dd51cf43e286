"""Find and replace: search functions over a QTextDocument, and the bar that drives them.

Searching uses Python's `re` over the document's raw text. Raw-text offsets
are QTextDocument positions (each block separator is one character), so a match
maps straight to a QTextCursor. Replace-all is one undo step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from editor.session.body_document import body_text

BLOCK_SEPARATOR = "\u2029"


@dataclass(frozen=True)
class SearchOptions:
    regex: bool = False
    whole_word: bool = False
    case_sensitive: bool = False


def compile_query(query: str, options: SearchOptions) -> re.Pattern | None:
    """The compiled pattern, or None for an empty query. Raises re.error for a bad regex."""
    if not query:
        return None
    pattern = query if options.regex else re.escape(query)
    if options.whole_word:
        pattern = rf"(?<!\w)(?:{pattern})(?!\w)"
    flags = re.MULTILINE | (0 if options.case_sensitive else re.IGNORECASE)
    return re.compile(pattern, flags)


def find_all(document: QTextDocument, pattern: re.Pattern) -> list[tuple[int, int]]:
    """(start, end) of every non-empty match, in document order."""
    return [m.span() for m in pattern.finditer(body_text(document)) if m.end() > m.start()]


def find_next(
    document: QTextDocument, pattern: re.Pattern, position: int, backward: bool = False
) -> QTextCursor | None:
    """A cursor selecting the next match after `position` (or before it), wrapping around."""
    spans = find_all(document, pattern)
    if not spans:
        return None
    if backward:
        earlier = [s for s in spans if s[1] <= position]
        start, end = earlier[-1] if earlier else spans[-1]
    else:
        later = [s for s in spans if s[0] >= position]
        start, end = later[0] if later else spans[0]
    cursor = QTextCursor(document)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor


def expand_replacement(pattern: re.Pattern, matched: str, replacement: str, regex: bool) -> str:
    """The text that replaces `matched`: backreferences like \\1 expand in regex mode."""
    if not regex:
        return replacement
    match = pattern.fullmatch(matched) or pattern.search(matched)
    return match.expand(replacement) if match else replacement


def replace_all(document: QTextDocument, pattern: re.Pattern, replacement: str, regex: bool) -> int:
    """Replace every match as a single undo step; returns the number of replacements."""
    text = body_text(document)
    matches = [m for m in pattern.finditer(text) if m.end() > m.start()]
    if not matches:
        return 0
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for match in reversed(matches):
        cursor.setPosition(match.start())
        cursor.setPosition(match.end(), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(match.expand(replacement) if regex else replacement)
    cursor.endEditBlock()
    return len(matches)


def selection_matches(cursor: QTextCursor, pattern: re.Pattern) -> bool:
    selected = cursor.selectedText().replace(BLOCK_SEPARATOR, "\n")
    return bool(selected) and pattern.fullmatch(selected) is not None


def _option_button(text: str, tip: str) -> QToolButton:
    button = QToolButton(text=text, toolTip=tip)
    button.setCheckable(True)
    button.setAutoRaise(True)
    return button


class FindReplaceBar(QWidget):
    """A find (and optionally replace) bar acting on one QPlainTextEdit."""

    closed = Signal()

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self.find_edit = QLineEdit(placeholderText="Find")
        self.replace_edit = QLineEdit(placeholderText="Replace with")
        self.regex_box = _option_button(".*", "Regular expression")
        self.whole_word_box = _option_button("W", "Whole words only")
        self.case_box = _option_button("Aa", "Match case")
        self.status_label = QLabel()
        self.status_label.setMinimumWidth(70)
        previous_button = QToolButton(text="↑", toolTip="Find previous (Shift+F3)")
        next_button = QToolButton(text="↓", toolTip="Find next (F3)")
        self.replace_button = QToolButton(text="Replace", toolTip="Replace this match")
        self.replace_all_button = QToolButton(text="All", toolTip="Replace all matches")
        close_button = QToolButton(text="✕", toolTip="Close (Esc)")
        close_button.setAutoRaise(True)
        for edit in (self.find_edit, self.replace_edit):
            edit.setMinimumWidth(140)
            edit.setClearButtonEnabled(True)

        layout = QGridLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setVerticalSpacing(2)
        layout.setHorizontalSpacing(3)
        layout.addWidget(self.find_edit, 0, 0)
        layout.addWidget(self.regex_box, 0, 1)
        layout.addWidget(self.whole_word_box, 0, 2)
        layout.addWidget(self.case_box, 0, 3)
        layout.addWidget(previous_button, 0, 4)
        layout.addWidget(next_button, 0, 5)
        layout.addWidget(self.status_label, 0, 6)
        layout.addWidget(close_button, 0, 7)
        layout.addWidget(self.replace_edit, 1, 0)
        layout.addWidget(self.replace_button, 1, 1, 1, 3)
        layout.addWidget(self.replace_all_button, 1, 4, 1, 2)
        layout.setColumnStretch(0, 1)
        QWidget.setTabOrder(self.find_edit, self.replace_edit)
        self._search_origin = 0
        self._replace_widgets = [self.replace_edit, self.replace_button, self.replace_all_button]

        self.find_edit.textChanged.connect(self._search_as_you_type)
        self.find_edit.returnPressed.connect(self.find_next)
        self.replace_edit.returnPressed.connect(self.replace_current)
        for box in (self.regex_box, self.whole_word_box, self.case_box):
            box.toggled.connect(self._update_status)
        previous_button.clicked.connect(self.find_previous)
        next_button.clicked.connect(self.find_next)
        self.replace_button.clicked.connect(self.replace_current)
        self.replace_all_button.clicked.connect(self.replace_all)
        close_button.clicked.connect(self.close_bar)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.hide()

    def options(self) -> SearchOptions:
        return SearchOptions(
            regex=self.regex_box.isChecked(),
            whole_word=self.whole_word_box.isChecked(),
            case_sensitive=self.case_box.isChecked(),
        )

    def open_find(self, with_replace: bool = False) -> None:
        """Show the bar, seeded with the editor's single-line selection, and focus the query."""
        cursor = self._editor.textCursor()
        self._search_origin = cursor.selectionStart()
        selected = cursor.selectedText()
        if selected and BLOCK_SEPARATOR not in selected:
            self.find_edit.setText(selected)
        for widget in self._replace_widgets:
            widget.setVisible(with_replace)
        self.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()
        self._update_status()

    def close_bar(self) -> None:
        self.hide()
        self._editor.setFocus()
        self.closed.emit()

    def _pattern(self) -> re.Pattern | None:
        try:
            return compile_query(self.find_edit.text(), self.options())
        except re.error as error:
            self.status_label.setText(f"Bad regex: {error.msg}")
            return None

    def find_next(self) -> bool:
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, backward: bool) -> bool:
        pattern = self._pattern()
        if pattern is None:
            return False
        cursor = self._editor.textCursor()
        position = cursor.selectionStart() if backward else cursor.selectionEnd()
        found = find_next(self._editor.document(), pattern, position, backward)
        if found is not None:
            self._editor.setTextCursor(found)
            self._editor.centerCursor()
            self._search_origin = found.selectionStart()
        self._update_status()
        return found is not None

    def replace_current(self) -> None:
        """Replace the selected match (if it is one), then move to the next match."""
        pattern = self._pattern()
        if pattern is None:
            return
        cursor = self._editor.textCursor()
        if selection_matches(cursor, pattern):
            selected = cursor.selectedText().replace(BLOCK_SEPARATOR, "\n")
            cursor.insertText(
                expand_replacement(
                    pattern, selected, self.replace_edit.text(), self.options().regex
                )
            )
            self._editor.setTextCursor(cursor)
        self.find_next()

    def replace_all(self) -> int:
        pattern = self._pattern()
        if pattern is None:
            return 0
        count = replace_all(
            self._editor.document(), pattern, self.replace_edit.text(), self.options().regex
        )
        self.status_label.setText(f"Replaced {count}")
        return count

    def _search_as_you_type(self) -> None:
        pattern = self._pattern()
        if pattern is None:
            self._update_status()
            return
        # Incremental search starts where the bar was opened, not at the previous hit.
        found = find_next(self._editor.document(), pattern, self._search_origin)
        if found is not None:
            self._editor.setTextCursor(found)
            self._editor.centerCursor()
        self._update_status()

    def _update_status(self) -> None:
        if not self.isVisible():
            return
        pattern = self._pattern()
        if pattern is None:
            if not self.find_edit.text():
                self.status_label.clear()
            return
        spans = find_all(self._editor.document(), pattern)
        if not spans:
            self.status_label.setText("No matches")
            return
        start = self._editor.textCursor().selectionStart()
        index = next((i for i, s in enumerate(spans) if s[0] == start), None)
        if index is None:
            self.status_label.setText(f"{len(spans)} matches")
        else:
            self.status_label.setText(f"{index + 1} of {len(spans)}")

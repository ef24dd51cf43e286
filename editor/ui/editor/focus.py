"""Focus mode and typewriter scrolling in the body editor.

Focus mode keeps the caret's paragraph (or sentence) in the normal text colour and dims
the rest, with two extra selections (before and after the bright part) that set only the
foreground: the Markdown highlighter's formats and the spelling underlines stay as they
are, and other extra selections of the editor are kept. Which part is bright comes from
``editor.core.post.focus``. Typewriter scrolling keeps the caret's line in the middle of
the editor (scrolling past the end is allowed while it is on).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from editor.core.post.focus import paragraph_bounds, sentence_bounds
from editor.ui.editor.spelling import utf16_spans, utf16_to_index

FOCUS_PROPERTY = QTextFormat.Property.UserProperty + 71  # marks focus mode's selections
DIM_SHARE = 0.38  # how much of the text colour the dimmed text keeps (the rest: the base)
NEIGHBOURHOOD = 400  # lines looked at on each side of the caret for its paragraph


def dimmed_colour(palette: QPalette) -> QColor:
    """The text colour mixed with the base colour."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)

    def mix(a: int, b: int) -> int:
        return round(a * DIM_SHARE + b * (1 - DIM_SHARE))

    return QColor(
        mix(text.red(), base.red()), mix(text.green(), base.green()), mix(text.blue(), base.blue())
    )


class FocusMode(QObject):
    """Dims all but the caret's paragraph or sentence while ``enabled``."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self._editor = editor
        self.enabled = False
        self.unit = "paragraph"
        editor.cursorPositionChanged.connect(self.update)
        editor.textChanged.connect(self.update)
        editor.installEventFilter(self)  # a new palette (theme) needs a new dim colour

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.PaletteChange and self.enabled:
            self.update()
        return False

    def set_unit(self, unit: str) -> None:
        self.unit = unit
        self.update()

    def bright_range(self) -> tuple[int, int]:
        """The document positions (start, end) of the part kept bright."""
        cursor = self._editor.textCursor()
        block = cursor.block()
        before, after = [], []
        previous, following = block.previous(), block.next()
        while previous.isValid() and len(before) < NEIGHBOURHOOD:
            before.append(previous)
            if not previous.text().strip():
                break
            previous = previous.previous()
        while following.isValid() and len(after) < NEIGHBOURHOOD:
            after.append(following)
            if not following.text().strip():
                break
            following = following.next()
        blocks = [*reversed(before), block, *after]
        first, last = paragraph_bounds([b.text() for b in blocks], len(before))
        start = blocks[first].position()
        end = blocks[last].position() + blocks[last].length() - 1
        if self.unit != "sentence":
            return start, end
        text = "\n".join(b.text() for b in blocks[first : last + 1])
        offset = utf16_to_index(text, cursor.position() - start)
        s_start, s_end = sentence_bounds(text, offset)
        ((u_start, u_length),) = utf16_spans(text, [(s_start, s_end - s_start)])
        return start + u_start, start + u_start + u_length

    def update(self) -> None:
        editor = self._editor
        others = [s for s in editor.extraSelections() if not s.format.hasProperty(FOCUS_PROPERTY)]
        if not self.enabled:
            if len(others) != len(editor.extraSelections()):
                editor.setExtraSelections(others)
            return
        start, end = self.bright_range()
        last = editor.document().characterCount() - 1
        colour = dimmed_colour(editor.palette())
        mine = []
        for a, b in ((0, start), (end, last)):
            if b <= a:
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setForeground(colour)
            selection.format.setProperty(FOCUS_PROPERTY, True)
            selection.cursor = QTextCursor(editor.document())
            selection.cursor.setPosition(a)
            selection.cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            mine.append(selection)
        editor.setExtraSelections(others + mine)


class TypewriterScrolling(QObject):
    """Keeps the caret's line mid-editor while ``enabled``."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self._editor = editor
        self.enabled = False
        editor.cursorPositionChanged.connect(self._centre)

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self._editor.setCenterOnScroll(enabled)
        self._centre()

    def _centre(self) -> None:
        if self.enabled:
            self._editor.centerCursor()

"""Spell checking in the window: wavy underlines, suggestions, the language in the status bar.

``editor.session.spelling.SpellingSession`` holds the speller for the open post (its
language, the known words, what Add to Dictionary and Ignore add);
``attach_spelling(window)`` wires it into a window:

- the body: ``MarkdownHighlighter`` asks a ``SpellingLayer`` for the misspelled words of
  each line it highlights (outside fenced and indented code) and underlines them. A word
  seen for the first time is looked up later, in slices of at most ``SLICE_MS`` on a
  timer (a capitalised word's search for a word one edit away is spread over slices
  too), and the lines it was seen on are underlined then: typing never waits for the
  dictionary, and opening a 50,000-word post does not either. When every verdict
  changes (the language, the site's words), the lines are underlined again in slices
  too, from the first one on screen (rehighlighting a 50,000-word post at once took
  180-280 ms);
- the title, description and the other plain-text fields: the same for each QLineEdit
  (through input-method text formats, the way QLineEdit shows pre-edit text) and each
  multi-line text field (a highlighter of its own);
- right-click on a misspelled word: its suggestions, Add to Dictionary, Ignore;
- Edit ▸ Next Misspelling (Shift+F7; F7 toggles the form) selects the next one;
- the status bar shows the language (and why spelling is off, when it is), beside the
  saved state and taking no room the window would have to grow for; a click changes
  it for this post.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from PySide6.QtCore import QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QInputMethodEvent,
    QKeySequence,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)

from editor.core.spelling.tokens import line_words, plain_words, starts_sentence
from editor.session.spelling import SpellingSession
from editor.ui.editor.highlighter import SPELLING_UNDERLINE, MarkdownHighlighter
from editor.ui.first_paint import after_first_paint
from editor.ui.menus import menu_titled

log = logging.getLogger(__name__)

SLICE_MS = 4  # longest look-up slice on the GUI thread
UNDERLINE_COLOUR = SPELLING_UNDERLINE

NEXT_MISSPELLING_SHORTCUT = "Shift+F7"
# Fields whose text is not prose: no underlines there.
NOT_PROSE_FIELDS = frozenset(
    {
        "slug",
        "url",
        "permalink",
        "aliases",
        "layout",
        "template",
        "type",
        "id",
        "uuid",
        "lang",
        "language",
        "locale",
        "path",
        "image",
        "cover",
        "thumbnail",
        "featured_image",
        "banner",
        "canonical",
        "canonical_url",
        "redirect_from",
        "redirect_to",
        "date",
        "draft",
        "weight",
        "menu",
        "css",
        "js",
        "theme",
        "tags",
        "categories",
        "author",
        "authors",
        "email",
        "twitter",
    }
)
_INDENTED_CODE_PREFIXES = ("    ", "\t")


def underline_format(base: QTextCharFormat | None = None) -> QTextCharFormat:
    fmt = QTextCharFormat(base) if base is not None else QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    fmt.setUnderlineColor(QColor(UNDERLINE_COLOUR))
    return fmt


def utf16_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Code-point (start, length) spans as Qt's UTF-16 positions in text."""
    if not spans or all(ord(c) < 0x10000 for c in text):
        return spans

    def units(index: int) -> int:
        return index + sum(1 for c in text[:index] if ord(c) >= 0x10000)

    return [(units(start), units(start + length) - units(start)) for start, length in spans]


def utf16_to_index(text: str, units: int) -> int:
    """The code-point index in text of a UTF-16 position."""
    if all(ord(c) < 0x10000 for c in text):
        return units
    count = 0
    for index, char in enumerate(text):
        if count >= units:
            return index
        count += 2 if ord(char) >= 0x10000 else 1
    return len(text)


class SpellingLayer(QObject):
    """The misspelled words of a highlighted text, for a QSyntaxHighlighter that calls
    ``spans(line)`` from its highlightBlock (see the module docstring)."""

    def __init__(
        self,
        highlighter: QSyntaxHighlighter,
        session: SpellingSession,
        words: Callable[[str], Iterable[tuple[int, str]]] = line_words,
        first_shown: Callable[[], QTextBlock] | None = None,
    ) -> None:
        """first_shown: the first line on screen, where underlining everything again
        starts (default: the document's first line)."""
        super().__init__(highlighter)
        self._highlighter = highlighter
        self._session = session
        self._words = words
        # Words to look up, in the order seen, with the numbers of the lines they were
        # seen in. Numbers, not QTextBlocks: a block kept across turns dangles once the
        # text is replaced (another post opened), and using it crashed the window.
        self._pending: dict[str, list[int]] = {}
        # Words whose verdict waits for the companion dictionaries (loading on a worker).
        self._waiting: dict[str, list[int]] = {}
        self._search: tuple[str, Iterator[str]] | None = None  # a neighbour search under way
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._look_up_slice)
        # Underlining every line again (see _recheck_all): the number of the line it
        # goes on from, and how many lines are left.
        self._first_shown = first_shown
        self._sweep: int | None = None
        self._sweep_left = 0
        self._sweep_timer = QTimer(self, singleShot=True, interval=0)
        self._sweep_timer.timeout.connect(self._sweep_slice)
        session.changed.connect(self._recheck_all)
        session.words_accepted.connect(self._rehighlight_words)
        session.companions_loaded.connect(self._look_up_waiting)

    @property
    def document(self) -> QTextDocument:
        return self._highlighter.document()

    def words_of_line(self, text: str) -> Iterable[tuple[int, str]]:
        """The words to check: in the body, a capitalised word inside a sentence is taken
        for a name, as the site check takes it (``check.post_words``)."""
        if self._words is not line_words:
            return self._words(text)
        if text.startswith(_INDENTED_CODE_PREFIXES):
            stripped = text.lstrip()
            if stripped[:1] not in ("-", "*", "+") and not stripped[:1].isdigit():
                return ()  # an indented code line, as the highlighter shows it
        return [
            (offset, word)
            for offset, word in line_words(text)
            if not word[:1].isupper() or starts_sentence(text, offset)
        ]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, length) in UTF-16 units of each word of text known to be misspelled;
        words not looked up yet are queued."""
        session = self._session
        if not session.active:
            return []
        found = []
        line = None
        for offset, word in self.words_of_line(text):
            verdict = session.cached(word)
            if verdict is None:
                if line is None:
                    line = self._highlighter.currentBlock().blockNumber()
                self._pending.setdefault(word, []).append(line)
            elif verdict:
                found.append((offset, len(word)))
        if self._pending and not self._timer.isActive():
            self._timer.start()
        return utf16_spans(text, found)

    def misspellings_of_line(self, text: str) -> list[tuple[int, int, str]]:
        """(start, length, word) of every misspelled word of a line, looked up now."""
        session = self._session
        found = [
            (offset, len(word), word)
            for offset, word in self.words_of_line(text)
            if session.misspelled(word)
        ]
        spans = utf16_spans(text, [(s, n) for s, n, _ in found])
        return [(s, n, word) for (s, n), (_, _, word) in zip(spans, found, strict=True)]

    def _look_up_slice(self) -> None:
        clock = time.perf_counter
        deadline = clock() + SLICE_MS / 1000
        session = self._session
        speller = session.speller
        blocks: dict[int, QTextBlock] = {}
        while self._pending and clock() < deadline:
            word = next(iter(self._pending))
            # A capitalised word the dictionary lacks is a name unless a word is one edit
            # away: that search takes hundreds of look-ups, so it is spread over slices too.
            if self._search is None and session.active and speller.needs_near_search(word):
                self._search = (word, speller.near_candidates(word))
            if self._search is not None:
                searched, candidates = self._search
                found = finished = False
                for candidate in candidates:
                    if speller.is_dictionary_word(candidate):
                        found = True
                        break
                    if clock() >= deadline:
                        break
                else:
                    finished = True
                if not (found or finished):
                    break  # go on with it in the next slice
                speller.remember_near(searched, found)
                self._search = None
            seen_in = self._pending.pop(word)
            verdict = session.misspelled_now(word)
            if verdict is None:  # the companion dictionaries are loading: ask again then
                self._waiting.setdefault(word, []).extend(seen_in)
            elif verdict:
                document = self.document
                for line in seen_in:
                    block = document.findBlockByNumber(line)
                    if block.isValid() and word in block.text():
                        blocks[line] = block
        for block in blocks.values():  # only where a word just found misspelled was seen
            self._highlighter.rehighlightBlock(block)
        if self._pending:
            self._timer.start()

    def _rehighlight_words(self, words: Iterable[str]) -> None:
        """Rehighlight the blocks with one of the words (after Add to Dictionary, Ignore)."""
        pattern = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words))
        block = self.document.firstBlock()
        while block.isValid():
            if pattern.search(block.text()):
                self._highlighter.rehighlightBlock(block)
            block = block.next()

    def _recheck_all(self) -> None:
        """Every verdict may have changed: underline every line again, in slices of at
        most SLICE_MS, from the first line on screen round to the one before it."""
        self._pending.clear()
        self._waiting.clear()
        self._search = None
        document = self.document
        start = self._first_shown() if self._first_shown is not None else QTextBlock()
        self._sweep = start.blockNumber() if start.isValid() else 0
        self._sweep_left = document.blockCount()
        self._sweep_slice()

    def _sweep_slice(self) -> None:
        """Underline the next lines again for at most SLICE_MS. The lines are found by
        number in each slice: the text may have been replaced since the last one (the
        sweep then goes on over the new text, round to its top)."""
        if self._sweep is None:
            return
        deadline = time.perf_counter() + SLICE_MS / 1000
        document = self.document
        block = document.findBlockByNumber(self._sweep)
        while self._sweep_left > 0:
            if not block.isValid():
                block = document.firstBlock()  # round to the top
            self._highlighter.rehighlightBlock(block)
            self._sweep_left -= 1
            block = block.next()
            if time.perf_counter() >= deadline:
                break
        left = self._sweep_left > 0
        self._sweep = (block.blockNumber() if block.isValid() else 0) if left else None
        if self._sweep is not None:
            self._sweep_timer.start()

    def is_sweeping(self) -> bool:
        """Whether lines are still being underlined again after a change of verdicts."""
        return self._sweep is not None

    def _look_up_waiting(self) -> None:
        for word, seen_in in self._waiting.items():
            self._pending.setdefault(word, []).extend(seen_in)
        self._waiting.clear()
        if self._pending and not self._timer.isActive():
            self._timer.start()

    def is_pending(self) -> bool:
        return bool(self._pending or self._waiting) or self.is_sweeping()


class PlainSpellHighlighter(QSyntaxHighlighter):
    """Underlines misspelled words in a plain-text field (a QPlainTextEdit's document)."""

    def __init__(self, document: QTextDocument, session: SpellingSession) -> None:
        super().__init__(document)
        self.spelling = SpellingLayer(self, session, plain_words)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        fmt = underline_format()
        for start, length in self.spelling.spans(text):
            self.setFormat(start, length, fmt)


class LineEditSpelling(QObject):
    """Underlines misspelled words in a QLineEdit through input-method text formats."""

    def __init__(self, line_edit: QLineEdit, session: SpellingSession) -> None:
        super().__init__(line_edit)
        self.line_edit = line_edit
        self._session = session
        self.spans: list[tuple[int, int]] = []
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        line_edit.textChanged.connect(self._timer.start)
        session.changed.connect(self._timer.start)
        session.words_accepted.connect(self._timer.start)
        session.companions_loaded.connect(self._timer.start)
        self.refresh()

    def misspellings(self) -> list[tuple[int, int, str]]:
        text = self.line_edit.text()
        # A word waiting for the companion dictionaries (None) is looked at again when
        # they have loaded (companions_loaded), not waited for here.
        found = [
            (offset, len(word), word)
            for offset, word in plain_words(text)
            if self._session.misspelled_now(word)
        ]
        spans = utf16_spans(text, [(s, n) for s, n, _ in found])
        return [(s, n, word) for (s, n), (_, _, word) in zip(spans, found, strict=True)]

    def refresh(self) -> None:
        self.spans = [(s, n) for s, n, _ in self.misspellings()]
        cursor = self.line_edit.cursorPosition()
        fmt = underline_format()
        attributes = [
            QInputMethodEvent.Attribute(
                QInputMethodEvent.AttributeType.TextFormat, start - cursor, length, fmt
            )
            for start, length in self.spans
        ]
        QApplication.sendEvent(self.line_edit, QInputMethodEvent("", attributes))


# --- menus ----------------------------------------------------------------------------------


def add_spelling_actions(
    menu: QMenu, session: SpellingSession, word: str, replace: Callable[[str], None]
) -> None:
    """Put the word's suggestions, Add to Dictionary and Ignore at the top of a menu."""
    first = menu.actions()[0] if menu.actions() else None
    actions: list[QAction] = []
    suggestions = session.suggestions(word)
    for suggestion in suggestions:
        action = QAction(suggestion, menu)
        font = action.font()
        font.setBold(True)
        action.setFont(font)
        action.triggered.connect(lambda _=False, s=suggestion: replace(s))
        actions.append(action)
    if not suggestions:
        none = QAction("(no suggestions)", menu)
        none.setEnabled(False)
        actions.append(none)
    add = QAction(f"Add “{word}” to Dictionary", menu)
    add.setToolTip(str(session.dictionary_path()))
    add.triggered.connect(lambda: session.add_to_dictionary(word))
    ignore = QAction("Ignore", menu)
    ignore.triggered.connect(lambda: session.ignore(word))
    actions += [add, ignore]
    for action in actions:
        action.setObjectName("spellingAction")
        menu.insertAction(first, action)
    menu.insertSeparator(first)


def _text_edit_word_at(layer: SpellingLayer, cursor: QTextCursor) -> tuple[int, int, str] | None:
    """(start, length, word) in the cursor's block of a misspelled word under it."""
    block = cursor.block()
    if isinstance(layer._highlighter, MarkdownHighlighter) and _in_fence(block):
        return None
    at = cursor.positionInBlock()
    for start, length, word in layer.misspellings_of_line(block.text()):
        if start <= at <= start + length:
            return block.position() + start, length, word
    return None


def text_edit_menu(
    editor: QPlainTextEdit, layer: SpellingLayer, session: SpellingSession, pos: QPoint
) -> QMenu:
    """The context menu for pos (viewport coordinates): the standard one, with the
    spelling actions first when a misspelled word is there."""
    menu = editor.createStandardContextMenu(editor.viewport().mapToGlobal(pos))
    cursor = editor.cursorForPosition(pos)
    found = _text_edit_word_at(layer, cursor) if session.active else None
    if found is not None:
        start, length, word = found

        def replace(suggestion: str) -> None:
            edit = QTextCursor(editor.document())
            edit.setPosition(start)
            edit.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
            if edit.selectedText() == word:
                edit.insertText(suggestion)

        add_spelling_actions(menu, session, word, replace)
    return menu


def line_edit_menu(spelling: LineEditSpelling, session: SpellingSession, pos: QPoint) -> QMenu:
    line_edit = spelling.line_edit
    menu = line_edit.createStandardContextMenu()
    at = line_edit.cursorPositionAt(pos)
    for start, length, word in spelling.misspellings() if session.active else []:
        if start <= at <= start + length:

            def replace(suggestion: str, start=start, length=length, word=word) -> None:
                text = line_edit.text()
                if text[start : start + length] == word:
                    line_edit.setSelection(start, length)
                    line_edit.insert(suggestion)  # as typed: undoable, emits textEdited

            add_spelling_actions(menu, session, word, replace)
            break
    return menu


def _show_menu(menu: QMenu, at: QPoint) -> None:
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.popup(at)


# --- the window -------------------------------------------------------------------------------


class LanguageLabel(QLabel):
    """The spelling language in the status bar; a click opens the language menu."""

    clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("spellingLanguage")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setContentsMargins(0, 0, 10, 0)  # a gap before the saved/modified state

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        # It gives up its room before the window would have to grow for it.
        return QSize(0, super().minimumSizeHint().height())

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


class WindowSpelling(QObject):
    """Spell checking in one MainWindow (see the module docstring)."""

    def __init__(self, window: Any, defer: bool = False) -> None:
        """defer: take the open post (load its dictionary, check its words) only after
        the body editor's first paint, so the window shows without waiting for enchant."""
        super().__init__(window)
        self.window = window
        self.session = SpellingSession(self)
        editor = window.body_editor
        self.layer = SpellingLayer(
            editor.highlighter, self.session, first_shown=editor.firstVisibleBlock
        )
        editor.highlighter.spelling = self.layer
        editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        editor.customContextMenuRequested.connect(self._body_menu)
        self.field_spellers: dict[str, QObject] = {}

        self.next_action = QAction("Next &Misspelling", window)
        self.next_action.setShortcut(QKeySequence(NEXT_MISSPELLING_SHORTCUT))
        self.next_action.setStatusTip(
            f"Select the next misspelled word ({NEXT_MISSPELLING_SHORTCUT})"
        )
        self.next_action.triggered.connect(self.next_misspelling)
        window.addAction(self.next_action)
        edit_menu = menu_titled(window, "Edit")
        if edit_menu is not None:
            edit_menu.addSeparator()
            edit_menu.addAction(self.next_action)

        # A label, not a tool button: the status bar keeps the height of its other labels.
        # It shares the state label's place (no spacing of its own) and needs no room of
        # its own: the window never grows for it.
        self.language_button = LanguageLabel()
        self.language_menu = QMenu(self.language_button)
        self.language_menu.aboutToShow.connect(self._fill_language_menu)
        self.language_button.clicked.connect(
            lambda: self.language_menu.popup(
                self.language_button.mapToGlobal(self.language_button.rect().topLeft())
            )
        )
        status = window.status
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        status.removeWidget(status.state_label)
        row.addWidget(self.language_button)
        row.addWidget(status.state_label)
        status.state_label.show()
        status.addPermanentWidget(holder)
        self.session.status_changed.connect(self._show_status)

        window.document.reloaded.connect(self.take_post)
        window.document.path_changed.connect(self._take_post_at_new_path)
        window.form.rows_built.connect(self.attach_fields)
        window.form_model.changed.connect(self._on_field_changed)
        self._waiting_for_paint = defer
        if defer:
            after_first_paint(
                editor.viewport(),
                self._take_post_after_paint,
                painted=window.first_frame_shown,
            )
        else:
            self.take_post()

    # -- the post ------------------------------------------------------------------------

    def _take_post_after_paint(self) -> None:
        self._waiting_for_paint = False
        self.take_post()

    def _take_post_at_new_path(self, *_args) -> None:
        if not self.window.document.replacing:  # else reloaded follows: taken there
            self.take_post()

    def take_post(self, *_args) -> None:
        if self._waiting_for_paint:
            return  # the first paint takes whichever post is open then
        window = self.window
        path = window.document.path
        root = window._site_root()
        metadata = getattr(window.document.post, "metadata", None)
        self.session.set_post(
            path, root, metadata if isinstance(metadata, dict) else {}, self._site_vocabulary()
        )
        self.attach_fields()

    def _site_vocabulary(self) -> set[str]:
        vocabulary = getattr(self.window, "spelling_vocabulary", None)
        return set(vocabulary()) if callable(vocabulary) else set()

    def set_site_records(self, records: Iterable[Any]) -> None:
        """The site index's records: their tags, categories and authors are known words."""
        self.session.set_site_records(records)

    def set_site_words(self, words: Iterable[str]) -> None:
        """The site's own words, found already (``Workspace.site_words``)."""
        self.session.set_vocabulary(words)

    def _on_field_changed(self, key: str = "", *_args) -> None:
        if key in ("lang", "language", "locale"):
            self.take_post()

    # -- fields --------------------------------------------------------------------------

    def attach_fields(self, *_args) -> None:
        """Underline the form's plain-text fields (after the form rebuilt its rows)."""
        if self._waiting_for_paint:
            return  # take_post attaches them after the first paint
        if self.window.form.building:
            return  # the form's rows_built comes back here
        from editor.ui.form.fields import LineField, TextField
        from editor.ui.form.imagefield import ImageField

        form = self.window.form
        attached: dict[str, QObject] = {}
        for key in form.shown_keys():
            if key.lower() in NOT_PROSE_FIELDS:
                continue
            editor = form.editor_for(key)
            if isinstance(editor, ImageField):
                continue
            if isinstance(editor, LineField):
                widget = editor.line_edit
                speller = widget.findChild(LineEditSpelling)
                if speller is None:
                    speller = LineEditSpelling(widget, self.session)
                    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                    widget.customContextMenuRequested.connect(
                        lambda pos, s=speller: _show_menu(
                            line_edit_menu(s, self.session, pos), s.line_edit.mapToGlobal(pos)
                        )
                    )
                attached[key] = speller
            elif isinstance(editor, TextField):
                widget = editor.text_edit
                highlighter = widget.document().findChild(PlainSpellHighlighter)
                if highlighter is None:
                    highlighter = PlainSpellHighlighter(widget.document(), self.session)
                    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                    widget.customContextMenuRequested.connect(
                        lambda pos, w=widget, h=highlighter: _show_menu(
                            text_edit_menu(w, h.spelling, self.session, pos),
                            w.viewport().mapToGlobal(pos),
                        )
                    )
                attached[key] = highlighter
        self.field_spellers = attached

    # -- the body --------------------------------------------------------------------------

    def body_menu(self, pos: QPoint) -> QMenu:
        return text_edit_menu(self.window.body_editor, self.layer, self.session, pos)

    def _body_menu(self, pos: QPoint) -> None:
        editor = self.window.body_editor
        _show_menu(self.body_menu(pos), editor.viewport().mapToGlobal(pos))

    def next_misspelling(self) -> bool:
        """Select the next misspelled word after the cursor in the body (wrapping around);
        False, with a note in the status bar, when there is none."""
        editor = self.window.body_editor
        if not self.session.active:
            self.window.status.showMessage(self.session.note or "Spell checking is off", 6000)
            return False
        document = editor.document()
        cursor = editor.textCursor()
        start_block = cursor.block()
        after = max(cursor.position(), cursor.anchor()) - start_block.position()
        order = [(start_block, after, None)]
        block = start_block.next()
        while block.isValid():
            order.append((block, 0, None))
            block = block.next()
        block = document.firstBlock()
        while block.isValid() and block.blockNumber() < start_block.blockNumber():
            order.append((block, 0, None))
            block = block.next()
        order.append((start_block, 0, after))
        for block, low, high in order:
            if _in_fence(block):
                continue
            for start, length, _word in self.layer.misspellings_of_line(block.text()):
                if start >= low and (high is None or start < high):
                    found = QTextCursor(document)
                    found.setPosition(block.position() + start)
                    found.setPosition(
                        block.position() + start + length, QTextCursor.MoveMode.KeepAnchor
                    )
                    editor.setTextCursor(found)
                    editor.ensureCursorVisible()
                    return True
        self.window.status.showMessage("No misspellings found", 4000)
        return False

    # -- the status bar --------------------------------------------------------------------

    def _show_status(self) -> None:
        session = self.session
        self.language_button.setText(session.status_text())
        tip = f"Spelling: {session.language} ({session.source}). Click to change it for this post."
        if not session.active and session.note:
            tip = session.note
        self.language_button.setToolTip(tip)

    def _fill_language_menu(self) -> None:
        menu = self.language_menu
        menu.clear()
        default = menu.addAction("The post's or site's language")
        default.triggered.connect(lambda: self.session.set_language(None))
        menu.addSeparator()
        for tag in self.session.available_languages():
            action = menu.addAction(tag)
            action.setCheckable(True)
            action.setChecked(tag == self.session.language)
            action.triggered.connect(lambda _=False, t=tag: self.session.set_language(t))
        if not self.session.active and self.session.note:
            menu.addSeparator()
            note = menu.addAction(self.session.note)
            note.setEnabled(False)

    # -- problems ----------------------------------------------------------------------------

    def show_at(self, line: int, column: int, key: str = "") -> bool:
        """Select the word at a file's line and column (a spelling problem): in the body, or
        in the form's field ``key``."""
        window = self.window
        post = window.document.post
        if key and key in window.form.shown_keys():
            word = _word_in_file(post, line, column)
            editor = window.form.editor_for(key)
            widget = getattr(editor, "line_edit", None) or getattr(editor, "text_edit", None)
            if widget is None or not word:
                return False
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                at = widget.text().find(word)
                if at >= 0:
                    widget.setSelection(at, len(word))
                return at >= 0
            found = widget.document().find(word)
            if not found.isNull():
                widget.setTextCursor(found)
            return not found.isNull()
        body_start = getattr(post, "body_start_line", 1)
        if line < body_start:
            return False
        block = window.body_editor.document().findBlockByNumber(line - body_start)
        if not block.isValid():
            return False
        text = block.text()
        start = max(0, column - 1)
        end = start
        while end < len(text) and (text[end].isalnum() or text[end] in "'’"):
            end += 1
        units = utf16_spans(text, [(start, end - start)])[0]
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + units[0])
        cursor.setPosition(block.position() + units[0] + units[1], QTextCursor.MoveMode.KeepAnchor)
        window.body_editor.setTextCursor(cursor)
        window.body_editor.ensureCursorVisible()
        window.body_editor.setFocus()
        return True


def _in_fence(block) -> bool:
    previous = block.previous()
    return previous.isValid() and previous.userState() >= 1000


def _word_in_file(post: Any, line: int, column: int) -> str:
    try:
        lines = post.to_bytes().decode("utf-8", "replace").splitlines()
    except Exception as exc:  # a broken post: no word to show
        log.info("spelling: cannot find the word at %s:%s: %s", line, column, exc)
        return ""
    if not 0 < line <= len(lines):
        return ""
    text = lines[line - 1].removeprefix("\ufeff") if line == 1 else lines[line - 1]
    start = max(0, column - 1)
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] in "'’"):
        end += 1
    return text[start:end]


def attach_spelling(window: Any, defer: bool = False) -> WindowSpelling:
    """Spell checking in the window (see the module docstring). defer: load the
    dictionary and check the post after the window's first paint."""
    return WindowSpelling(window, defer=defer)


__all__ = [
    "LineEditSpelling",
    "PlainSpellHighlighter",
    "SpellingLayer",
    "SpellingSession",
    "WindowSpelling",
    "attach_spelling",
]

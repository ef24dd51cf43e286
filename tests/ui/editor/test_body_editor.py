"""Body editor: exact body fidelity through the widget, editing rules, find/replace, highlighting."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout, QPlainTextEdit

from editor.core.post.model import Post
from editor.session.document import Document
from editor.ui.editor.body_editor import (
    BodyEditor,
    BodyPane,
    continue_list,
    insert_link,
    line_cursor,
    toggle_wrap,
)
from editor.ui.editor.find_replace import (
    SearchOptions,
    compile_query,
    find_all,
    find_next,
    replace_all,
)
from editor.ui.editor.highlighter import MarkdownHighlighter
from tests.sample import SAMPLE

BODIES = {
    "tabs": "\tindented with a tab\n\t\tcode\nend\n",
    "crlf": "first line\r\nsecond line  \r\n\r\nthird\r\n",
    "line separator": "before\u2028after\nnext\n",
    "leading spaces": "   three spaces\n    four-space code\n",
    "no final newline": "last line without newline",
    "nbsp and hard breaks": "a\u00a0b\u00a0c  \nhard break above\n \u00a0\n",
    "trailing spaces": "trailing   \n\n  \n",
}


def post_with_body(body: str) -> Post:
    newline = "\r\n" if "\r\n" in body else "\n"
    return Post.from_bytes(f"---{newline}title: T{newline}---{newline}{body}".encode())


def sample_post() -> Post:
    return Post.load(SAMPLE)


def make_editor(qtbot, post: Post) -> tuple[Document, BodyEditor]:
    document = Document(post)
    editor = BodyEditor(document)
    qtbot.addWidget(editor)
    editor.show()
    return document, editor


def test_plain_text_edit_facts(qtbot):
    """The Qt behaviour the codec works around: toPlainText turns NBSP into a space and
    U+2028/U+2029/CRLF into '\\n', while toRawText keeps NBSP and U+2028."""
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText("a\u00a0b\u2028c\r\nd")
    assert edit.toPlainText() == "a b\nc\nd"
    assert edit.document().toRawText() == "a\u00a0b\u2028c\u2029d"


@pytest.mark.parametrize("name", ["sample", *BODIES])
def test_body_comes_back_exactly_without_edit(qtbot, name):
    """Loading a body into the editor and reading it back changes nothing."""
    post = sample_post() if name == "sample" else post_with_body(BODIES[name])
    original = post.body
    document, _editor = make_editor(qtbot, post)
    assert document.post.body == original
    assert document.post.to_bytes() == post.to_bytes()


@pytest.mark.parametrize("name", ["sample", *BODIES])
def test_body_comes_back_exactly_after_one_typed_character(qtbot, name):
    """Typing one character at the body start changes the body by exactly that character."""
    post = sample_post() if name == "sample" else post_with_body(BODIES[name])
    original = post.body
    document, editor = make_editor(qtbot, post)
    assert editor.textCursor().position() == 0
    qtbot.keyClicks(editor, "Z")
    assert document.post.body == "Z" + original


def test_typing_at_end_of_crlf_line_keeps_crlf(qtbot):
    """A character typed at the end of a CRLF line lands before the CRLF, which is kept."""
    document, editor = make_editor(qtbot, post_with_body(BODIES["crlf"]))
    editor.setTextCursor(line_cursor(editor.document(), 2))
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClicks(editor, "!")
    assert document.post.body == "first line\r\nsecond line  !\r\n\r\nthird\r\n"


def test_enter_in_crlf_body_writes_crlf(qtbot):
    """A new line typed into a CRLF post uses CRLF."""
    document, editor = make_editor(qtbot, post_with_body("one\r\ntwo\r\n"))
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "new")
    assert document.post.body == "one\r\nnew\r\ntwo\r\n"


def test_reload_puts_cursor_at_body_start(qtbot, tmp_path):
    """After the post is replaced the cursor is at the start of the body."""
    path = tmp_path / "p.md"
    path.write_text("---\ntitle: T\n---\nHello world\n", encoding="utf-8")
    document, editor = make_editor(qtbot, post_with_body("x\ny\n"))
    editor.moveCursor(QTextCursor.MoveOperation.End)
    document.load(path)
    assert editor.textCursor().position() == 0
    assert editor.document().toRawText().startswith("Hello world")


# ---- editing rules over a plain QTextDocument ------------------------------------------


_keep_alive: list[QTextDocument] = []


def cursor_over(text: str, start: int, end: int | None = None) -> QTextCursor:
    """A cursor over a fresh document (kept alive: a QTextCursor does not own its document)."""
    document = QTextDocument()
    _keep_alive.append(document)
    document.setPlainText(text)
    cursor = QTextCursor(document)
    cursor.setPosition(start)
    if end is not None:
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor


def test_bold_wraps_and_unwraps_selection():
    """Ctrl+B wraps the selection in ** and a second time removes them again."""
    cursor = cursor_over("make this bold", 5, 9)
    toggle_wrap(cursor, "**")
    assert cursor.document().toPlainText() == "make **this** bold"
    assert cursor.selectedText() == "this"
    toggle_wrap(cursor, "**")
    assert cursor.document().toPlainText() == "make this bold"


def test_bold_is_one_undo_step():
    """Undo after bold restores the text in one step."""
    cursor = cursor_over("word", 0, 4)
    toggle_wrap(cursor, "**")
    cursor.document().undo()
    assert cursor.document().toPlainText() == "word"


def test_italic_wraps_word_under_cursor():
    """Without a selection the word at the cursor is wrapped."""
    cursor = cursor_over("an important word", 6)
    toggle_wrap(cursor, "*")
    assert cursor.document().toPlainText() == "an *important* word"


def test_wrap_with_nothing_inserts_pair_and_places_cursor_inside():
    """On empty space a pair of markers is inserted with the cursor between them."""
    cursor = cursor_over("end ", 4)
    toggle_wrap(cursor, "**")
    assert cursor.document().toPlainText() == "end ****"
    assert cursor.position() == 6


def test_unwrap_selection_that_includes_markers():
    """Selecting '**x**' and toggling bold removes the markers."""
    cursor = cursor_over("a **x** b", 2, 7)
    toggle_wrap(cursor, "**")
    assert cursor.document().toPlainText() == "a x b"


def test_link_from_text_and_from_url():
    """Selected text becomes [text]() with the cursor in (); a URL becomes [](url)."""
    cursor = cursor_over("see docs", 4, 8)
    insert_link(cursor)
    assert cursor.document().toPlainText() == "see [docs]()"
    assert cursor.position() == len("see [docs](")
    cursor = cursor_over("https://example.com", 0, 19)
    insert_link(cursor)
    assert cursor.document().toPlainText() == "[](https://example.com)"
    assert cursor.position() == 1


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- item", "- item\n- "),
        ("  * nested", "  * nested\n  * "),
        ("9. ninth", "9. ninth\n10. "),
        ("- [x] done", "- [x] done\n- [ ] "),
        ("> quoted", "> quoted\n> "),
        ("- ", ""),
        ("> ", ""),
    ],
)
def test_enter_continues_or_ends_lists(line, expected):
    """Enter at the end of a list item continues the list; on an empty item it ends it."""
    cursor = cursor_over(line, len(line))
    assert continue_list(cursor)
    assert cursor.document().toPlainText() == expected


def test_enter_on_plain_text_is_not_handled():
    """Ordinary paragraphs get Qt's normal Enter."""
    assert not continue_list(cursor_over("just text", 9))
    assert not continue_list(cursor_over("- item", 3))  # not at the end of the line


def test_enter_in_editor_continues_list(qtbot):
    """The editor applies list continuation on Enter."""
    document, editor = make_editor(qtbot, post_with_body("- one"))
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "two")
    assert document.post.body == "- one\n- two"


def test_go_to_line_clamps():
    """Line numbers beyond the ends land on the first or last line."""
    document = QTextDocument()
    document.setPlainText("a\nb\nc")
    assert line_cursor(document, 2).block().text() == "b"
    assert line_cursor(document, 99).block().text() == "c"
    assert line_cursor(document, 0).block().text() == "a"


# ---- find and replace ------------------------------------------------------------------


def test_whole_word_and_case_options():
    """Whole word skips partial words; case sensitivity is optional."""
    document = QTextDocument()
    document.setPlainText("Cat cat concatenate\ncat")
    loose = compile_query("cat", SearchOptions())
    assert len(find_all(document, loose)) == 4
    words = compile_query("cat", SearchOptions(whole_word=True))
    assert len(find_all(document, words)) == 3
    exact = compile_query("cat", SearchOptions(whole_word=True, case_sensitive=True))
    assert find_all(document, exact) == [(4, 7), (20, 23)]


def test_literal_query_escapes_regex_characters():
    """Without regex mode, 'a.b' matches only the literal text."""
    document = QTextDocument()
    document.setPlainText("a.b axb")
    assert find_all(document, compile_query("a.b", SearchOptions())) == [(0, 3)]
    with pytest.raises(re.error):
        compile_query("(", SearchOptions(regex=True))


def test_find_next_wraps_around():
    """Searching past the last match starts again from the top, and backwards too."""
    document = QTextDocument()
    document.setPlainText("x one x two x")
    pattern = compile_query("x", SearchOptions())
    assert find_next(document, pattern, 13).selectionStart() == 0
    assert find_next(document, pattern, 0, backward=True).selectionStart() == 12


def test_replace_all_with_groups_is_one_undo_step():
    """Regex replacement expands groups across lines; undo restores everything at once."""
    document = QTextDocument()
    document.setPlainText("2020-09-30\nand 2021-01-02")
    pattern = compile_query(r"(\d{4})-(\d\d)-(\d\d)", SearchOptions(regex=True))
    assert replace_all(document, pattern, r"\3/\2/\1", regex=True) == 2
    assert document.toPlainText() == "30/09/2020\nand 02/01/2021"
    document.undo()
    assert document.toPlainText() == "2020-09-30\nand 2021-01-02"


def test_find_bar_replace_updates_body(qtbot):
    """The find bar's Replace All edits the document's body."""
    document = Document(post_with_body("red fish, red boat\n"))
    pane = BodyPane(document)
    qtbot.addWidget(pane)
    pane.show()
    pane.open_replace()
    assert pane.find_bar.isVisible() and pane.find_bar.replace_edit.isVisible()
    pane.find_bar.find_edit.setText("red")
    pane.find_bar.replace_edit.setText("blue")
    assert pane.find_bar.replace_all() == 2
    assert document.post.body == "blue fish, blue boat\n"


def test_find_bar_replace_one_then_moves_on(qtbot):
    """Replace changes the selected match and selects the next one."""
    document = Document(post_with_body("a b a b a\n"))
    pane = BodyPane(document)
    qtbot.addWidget(pane)
    pane.show()
    pane.open_replace()
    pane.find_bar.case_box.setChecked(True)
    pane.find_bar.find_edit.setText("a")
    pane.find_bar.replace_edit.setText("A")
    pane.find_bar.replace_current()
    assert document.post.body == "A b a b a\n"
    assert pane.editor.textCursor().selectionStart() == 4
    assert pane.find_bar.status_label.text() == "1 of 2"


# ---- highlighting ----------------------------------------------------------------------


def block_formats(document: QTextDocument, number: int):
    return document.findBlockByNumber(number).layout().formats()


def test_fenced_code_state_spans_lines(qtbot):
    """Lines inside a fence are code until the matching closing fence, not a shorter one."""
    document = QTextDocument()
    document.setDocumentLayout(QPlainTextDocumentLayout(document))
    highlighter = MarkdownHighlighter(document)
    document.setPlainText("text\n````py\n# not a heading\n```\nstill code\n````\n# heading")
    states = [document.findBlockByNumber(i).userState() for i in range(7)]
    assert states[0] == -1
    assert states[1] == states[2] == states[3] == states[4] > 0
    assert states[5] == states[6] == -1
    code = highlighter.format_for("code").foreground().color()
    assert block_formats(document, 2)[0].format.foreground().color() == code
    heading = highlighter.format_for("heading").foreground().color()
    assert any(r.format.foreground().color() == heading for r in block_formats(document, 6))


def formatted_texts(document: QTextDocument, highlighter, name: str) -> list[str]:
    """The pieces of the first block drawn with the highlighter's format `name`."""
    wanted = highlighter.format_for(name)
    block = document.firstBlock()
    return [
        block.text()[r.start : r.start + r.length]
        for r in block.layout().formats()
        if r.format == wanted
    ]


@pytest.mark.parametrize(
    ("line", "name", "expected"),
    [
        ("a `code` span", "code", ["`code`"]),
        ("an <em>html</em> tag", "html", ["<em>", "</em>"]),
        ("some __strong__ text", "strong", ["strong"]),
        ("some *soft* text", "emphasis", ["soft"]),
        ("some _soft_ text", "emphasis", ["soft"]),
        ("a ~~gone~~ word", "strike", ["~~gone~~"]),
        ("see [it](/x) now", "url", ["(/x)"]),
        ("at https://example.org/x now", "url", ["https://example.org/x"]),
        ("mail <mailto:a@b.org> me", "url", ["<mailto:a@b.org>"]),
        ("hard break  ", "hard_break", ["  "]),
        ("no break ", "hard_break", []),
        ("plain words only", "url", []),
    ],
)
def test_inline_rules_mark_their_spans(qtbot, line, name, expected):
    """Each inline rule still marks its span (rules are skipped only when their marker is absent)."""
    document = QTextDocument()
    document.setDocumentLayout(QPlainTextDocumentLayout(document))
    highlighter = MarkdownHighlighter(document)
    document.setPlainText(line)
    pieces = formatted_texts(document, highlighter, name)
    if name in ("strong", "emphasis"):  # the markers get the marker format instead
        pieces = [p for p in pieces if p.strip("*_")]
    assert pieces == expected


def test_cursor_line_signal_only_when_the_line_changes(qtbot):
    """Typing along a line reports its number once; moving to another line reports again."""
    _document, editor = make_editor(qtbot, post_with_body("one\ntwo\n"))
    lines: list[int] = []
    editor.cursor_line_changed.connect(lines.append)
    editor.setTextCursor(line_cursor(editor.document(), 2))
    qtbot.keyClicks(editor, "abc")
    editor.setTextCursor(line_cursor(editor.document(), 1))
    assert lines == [2, 1]


def test_dark_palette_changes_colours(qtbot):
    """Switching to dark swaps the colour set so text stays readable."""
    document = QTextDocument()
    highlighter = MarkdownHighlighter(document, dark=False)
    light = highlighter.format_for("heading").foreground().color().name()
    highlighter.set_dark(True)
    assert highlighter.format_for("heading").foreground().color().name() != light
    assert highlighter.format_for("heading").foreground().color().lightness() > 128


def test_find_bar_tab_goes_from_query_to_replacement(qtbot):
    """Tab in the find field moves to the replace field (not to the buttons)."""
    document = Document(post_with_body("one two\n"))
    pane = BodyPane(document)
    qtbot.addWidget(pane)
    pane.show()
    pane.open_replace()
    assert pane.find_bar.find_edit.nextInFocusChain() is pane.find_bar.replace_edit


def test_find_next_then_refining_the_query_stays_at_the_current_match(qtbot):
    """After F3 moved on, typing more of the query refines from the current match."""
    document = Document(post_with_body("cat cab cat cab\n"))
    pane = BodyPane(document)
    qtbot.addWidget(pane)
    pane.show()
    pane.open_find()
    qtbot.keyClicks(pane.find_bar.find_edit, "ca")
    assert pane.editor.textCursor().selectionStart() == 0
    pane.find_next()
    pane.find_next()
    assert pane.editor.textCursor().selectionStart() == 8
    qtbot.keyClicks(pane.find_bar.find_edit, "b")
    assert pane.editor.textCursor().selectionStart() == 12
    assert pane.find_bar.status_label.text() == "2 of 2"

"""The writing tools in the real window: formatting shortcuts (one undo step each), list
Tab, clipboard commands, the outline, file line numbers and the Help dialogs."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QApplication

from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
K = Qt.Key

FRONT = "---\ntitle: Notes\ndate: 2024-01-02\n---\n"  # the body starts on file line 5


@pytest.fixture
def post(tmp_path):
    def make(body: str):
        path = tmp_path / "post.md"
        path.write_text(FRONT + body, encoding="utf-8")
        return path

    return make


def select(editor, start: int, end: int | None = None) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(start)
    if end is not None:
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


@pytest.mark.parametrize(
    ("key", "modifiers", "body", "selection", "expected"),
    [
        (K.Key_1, CTRL, "Title line\n", (3, None), "# Title line\n"),
        (K.Key_2, CTRL, "# Title line\n", (3, None), "## Title line\n"),
        (K.Key_3, CTRL, "### Title\n", (5, None), "Title\n"),
        (K.Key_8, CTRL | SHIFT, "one\ntwo\n", (0, 7), "- one\n- two\n"),
        (K.Key_7, CTRL | SHIFT, "one\ntwo\n", (0, 7), "1. one\n2. two\n"),
        (K.Key_9, CTRL | SHIFT, "one\n", (1, None), "- [ ] one\n"),
        (K.Key_Q, CTRL | SHIFT, "said\n", (0, None), "> said\n"),
        (K.Key_QuoteLeft, CTRL, "run ls now\n", (4, 6), "run `ls` now\n"),
        (K.Key_K, CTRL | SHIFT, "x = 1\n", (0, None), "```\nx = 1\n```\n"),
        (K.Key_5, ALT | SHIFT, "gone now\n", (0, 5), "~~gone~~ now\n"),
        (K.Key_H, CTRL | SHIFT, "para\n", (4, None), "para\n\n---\n"),
        (
            K.Key_T,
            CTRL,
            "\n",
            (0, None),
            "| Column 1 | Column 2 |\n| -------- | -------- |\n|          |          |\n",
        ),
        (K.Key_I, CTRL, "a word here\n", (2, 7), "a *word* here\n"),
        (K.Key_B, CTRL, "a word here\n", (1, 7), "a **word** here\n"),
        (K.Key_K, CTRL, "see docs now\n", (4, 9), "see [docs]() now\n"),
    ],
)
def test_a_format_shortcut_edits_the_body_in_one_undo_step(
    qtbot, settings, post, key, modifiers, body, selection, expected
):
    """Each formatting shortcut changes the body as its command says, and one Ctrl+Z
    takes the whole change back."""
    window = open_window(qtbot, settings, FakePrompter(), [post(body)])
    editor = window.body_editor
    select(editor, *selection)
    qtbot.keyClick(editor, key, modifiers)
    assert editor.toPlainText() == expected
    qtbot.keyClick(editor, K.Key_Z, CTRL)
    assert editor.toPlainText() == body


def test_the_italic_shortcut_keeps_the_trailing_space_outside(qtbot, settings, post):
    """Ctrl+I on 'word ' gives '*word* ', never '*word *'; the word stays selected."""
    window = open_window(qtbot, settings, FakePrompter(), [post("word and more\n")])
    editor = window.body_editor
    select(editor, 0, 5)
    qtbot.keyClick(editor, K.Key_I, CTRL)
    assert editor.toPlainText().startswith("*word* and")
    assert editor.textCursor().selectedText() == "word"


def test_format_commands_count_utf16_positions_right(qtbot, settings, post):
    """A character outside the BMP before the selection does not shift the command."""
    window = open_window(qtbot, settings, FakePrompter(), [post("🙂 bold me\n")])
    editor = window.body_editor
    select(editor, 3, 7)  # Qt counts the emoji as two: "bold"
    qtbot.keyClick(editor, K.Key_B, CTRL)
    assert editor.toPlainText() == "🙂 **bold** me\n"
    assert editor.textCursor().selectedText() == "bold"


def test_tab_indents_list_items_and_shift_tab_outdents(qtbot, settings, post):
    """Tab on a list item nests it (four spaces), Shift+Tab brings it back, each one
    undo step; Tab on plain text still types a tab."""
    window = open_window(qtbot, settings, FakePrompter(), [post("- one\n- two\n\nplain\n")])
    editor = window.body_editor
    select(editor, 9)
    qtbot.keyClick(editor, K.Key_Tab)
    assert editor.toPlainText() == "- one\n    - two\n\nplain\n"
    assert editor.textCursor().position() == 13  # the caret moved with its text
    qtbot.keyClick(editor, K.Key_Backtab, SHIFT)
    assert editor.toPlainText() == "- one\n- two\n\nplain\n"
    qtbot.keyClick(editor, K.Key_Z, CTRL)
    assert editor.toPlainText() == "- one\n    - two\n\nplain\n"
    qtbot.keyClick(editor, K.Key_Backtab, SHIFT)
    select(editor, len("- one\n"), len("- one\n- two"))
    qtbot.keyClick(editor, K.Key_Tab)
    assert editor.toPlainText() == "- one\n    - two\n\nplain\n"
    select(editor, len(editor.toPlainText()) - 3)
    qtbot.keyClick(editor, K.Key_Tab)
    assert editor.toPlainText().endswith("\npla\tin\n")


def test_edit_menu_has_clipboard_commands_acting_on_the_focused_widget(qtbot, settings, post):
    """Select All, Copy, Cut and Paste act on the focused widget: the body, or the title."""
    window = open_window(qtbot, settings, FakePrompter(), [post("body text")])
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    texts = [a.text() for a in edit_menu.actions()]
    for name in ("Cu&t", "&Copy", "&Paste", "Select &All"):
        assert name in texts
    editor = window.body_editor
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    window.writing.actions.select_all.trigger()
    assert editor.textCursor().selectedText() == "body text"
    window.writing.actions.copy.trigger()
    assert QApplication.clipboard().text() == "body text"
    select(editor, 0, 4)
    window.writing.actions.cut.trigger()
    assert editor.toPlainText() == " text"
    select(editor, len(" text"))
    window.writing.actions.paste.trigger()
    assert editor.toPlainText() == " textbody"
    title = window.form.editor_for("title").line_edit
    title.setFocus()
    qtbot.waitUntil(title.hasFocus)
    window.writing.actions.select_all.trigger()
    window.writing.actions.copy.trigger()
    assert QApplication.clipboard().text() == "Notes"
    assert editor.toPlainText() == " textbody"


def test_no_two_actions_share_a_shortcut(qtbot, settings, post):
    """An ambiguous shortcut fires neither action: every window-wide key sequence has
    one owner (a widget's own shortcuts, such as the form's undo, may share one)."""
    window = open_window(qtbot, settings, FakePrompter(), [post("x\n")])
    keys = Counter(
        key.toString()
        for action in window.findChildren(QAction)
        if action.shortcutContext() == Qt.ShortcutContext.WindowShortcut
        for key in action.shortcuts()
        if not key.isEmpty()
    )
    assert [key for key, count in keys.items() if count > 1] == []


# ---- outline ----------------------------------------------------------------------------

OUTLINED = "# One\n\nText.\n\n## Two\n\n```\n# code\n```\n\nThree\n-----\n\nEnd.\n"


def test_outline_lists_nested_headings_and_a_click_moves_the_editor(qtbot, settings, post):
    """The outline shows the headings nested (not the one in code); clicking 'Three'
    puts the cursor on its line."""
    settings.outline_visible = True
    window = open_window(qtbot, settings, FakePrompter(), [post(OUTLINED)])
    outline = window.writing.outline
    qtbot.waitUntil(lambda: outline.topLevelItemCount() == 1)
    top = outline.topLevelItem(0)
    assert top.text(0) == "One"
    assert [top.child(i).text(0) for i in range(top.childCount())] == ["Two", "Three"]
    assert "line 15" in top.child(1).toolTip(0)  # file line: 4 front-matter lines first
    three = top.child(1)
    rect = outline.visualItemRect(three)
    scrolled: list[int] = []
    window.preview.scroll_to_line = scrolled.append  # the preview follows to the heading
    qtbot.mouseClick(outline.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.body_editor.current_line() == 11
    assert window.body_editor.hasFocus()
    assert scrolled[-1] == 11


def test_outline_highlights_the_section_of_the_cursor(qtbot, settings, post):
    """Moving the cursor selects the heading of the section it is in."""
    settings.outline_visible = True
    window = open_window(qtbot, settings, FakePrompter(), [post(OUTLINED)])
    outline = window.writing.outline
    qtbot.waitUntil(lambda: outline.topLevelItemCount() == 1)
    window.body_editor.go_to_line(6)
    assert outline.currentItem().text(0) == "Two"
    window.body_editor.go_to_line(14)
    assert outline.currentItem().text(0) == "Three"
    window.body_editor.go_to_line(1)
    assert outline.currentItem().text(0) == "One"


def test_outline_follows_typing_after_a_pause(qtbot, settings, post):
    """A heading typed into the body appears once typing pauses."""
    settings.outline_visible = True
    window = open_window(qtbot, settings, FakePrompter(), [post("# One\n")])
    outline = window.writing.outline
    select(window.body_editor, len("# One\n"))
    qtbot.keyClicks(window.body_editor, "## New")
    qtbot.waitUntil(lambda: [h.text for h in outline.headings] == ["One", "New"])


def test_ctrl_shift_o_focuses_the_outline_and_the_visibility_is_remembered(qtbot, settings, post):
    """Ctrl+Shift+O shows and focuses the outline; View > Outline hides it, and the
    choice is kept in the settings for the next window."""
    window = open_window(qtbot, settings, FakePrompter(), [post(OUTLINED)])
    assert not window.writing.outline_dock.isVisible()
    qtbot.keyClick(window.body_editor, K.Key_O, CTRL | SHIFT)
    qtbot.waitUntil(window.writing.outline.hasFocus)
    assert settings.outline_visible
    qtbot.waitUntil(lambda: window.writing.outline.topLevelItemCount() == 1)
    qtbot.keyClick(window.writing.outline, K.Key_Down)
    qtbot.keyClick(window.writing.outline, K.Key_Return)
    assert window.body_editor.current_line() == 5  # "## Two"
    window.writing.actions.outline.trigger()
    assert not window.writing.outline_dock.isVisible()
    assert not settings.outline_visible


# ---- line numbers -----------------------------------------------------------------------


def test_line_numbers_status_bar_and_ctrl_g_use_file_lines(qtbot, settings, post):
    """The gutter starts at the body's file line, the status bar names file lines, and
    Ctrl+G takes a file line."""
    window = open_window(qtbot, settings, FakePrompter(line_number=7), [post("a\nb\nc\nd\n")])
    editor = window.body_editor
    assert window.status.line_label.text() == "Line 5, Column 1"
    qtbot.keyClick(editor, K.Key_G, CTRL)
    assert editor.current_line() == 3
    assert window.status.line_label.text() == "Line 7, Column 1"
    assert not window.writing.gutter.isVisible()
    window.writing.actions.line_numbers.trigger()
    gutter = window.writing.gutter
    assert gutter.isVisible() and settings.line_numbers
    assert (gutter.first_number(), gutter.last_number()) == (5, 9)
    assert editor.viewportMargins().left() == gutter.width() > 0
    window.form_model.add_field("summary", "One more line")
    qtbot.waitUntil(lambda: gutter.first_number() == 6)
    assert window.status.line_label.text() == "Line 8, Column 1"
    window.writing.actions.line_numbers.trigger()
    assert editor.viewportMargins().left() == 0


# ---- help -------------------------------------------------------------------------------


def test_keyboard_shortcuts_dialog_lists_the_real_actions(qtbot, settings, post):
    """Help > Keyboard Shortcuts lists every action with its keys, read from the actions."""
    window = open_window(qtbot, settings, FakePrompter(), [post("x\n")])
    window.writing.actions.shortcuts.trigger()
    dialog = window.writing.shortcuts_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    rows = dialog.rows()
    assert ("Format", "Bold", "Ctrl+B") in rows
    assert ("Format", "Heading 2", "Ctrl+2") in rows
    assert ("View", "Go to Outline", "Ctrl+Shift+O") in rows
    assert ("File", "Open Folder", "Ctrl+Alt+O") in rows
    assert ("Body editor", "Indent the list item(s)", "Tab") in rows
    dialog.close()


def test_cheat_sheet_speaks_the_sites_dialect(qtbot, settings, tmp_path):
    """Help > Markdown Cheat Sheet in a Hugo site shows shortcodes and {#id} headings."""
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "x"\n', encoding="utf-8")
    path = site / "content" / "posts" / "a.md"
    path.write_text(FRONT + "Body.\n", encoding="utf-8")
    window = open_window(qtbot, settings, FakePrompter(), [path])
    window.writing.actions.cheat_sheet.trigger()
    dialog = window.writing.cheat_sheet_dialog
    assert dialog is not None and dialog.isVisible()
    assert "Hugo" in dialog.windowTitle()
    text = dialog.browser.toPlainText()
    assert "{{< figure" in text and "{#my-id" in text
    dialog.close()

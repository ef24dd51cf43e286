"""Spell checking in the window: underlines in the body and the fields, the right-click
menu, Shift+F7, the language in the status bar, and the Problems panel's findings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor

from editor.core.spelling.engine import new_speller
from editor.ui.editor.spelling import LineEditSpelling, PlainSpellHighlighter
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window

pytestmark = pytest.mark.skipif(
    not new_speller("en_US").ok, reason="no enchant or no en_US hunspell dictionary"
)

POST = """---
title: The harbour ferry retruns
description: |
  A long descripton of the ferry,
  on two lines.
tags: [Zorblattium]
slug: the-ferrry-slug
---
The ferry came back with a recieve on board.

```
a wrod in code
```

Zorblattium is a tag, so it is a word here. Anothr typo.
"""


@pytest.fixture
def post(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "masthead.toml").write_text("")
    path = tmp_path / "site" / "post.md"
    path.write_text(POST)
    return path


@pytest.fixture
def window(qtbot, settings, post):
    return open_window(qtbot, settings, FakePrompter(), [post])


def underlined_words(document) -> list[str]:
    """The words drawn with a spell-check underline, from the layout's formats."""
    found = []
    block = document.firstBlock()
    while block.isValid():
        for fmt_range in block.layout().formats():
            if (
                fmt_range.format.underlineStyle()
                == QTextCharFormat.UnderlineStyle.SpellCheckUnderline
            ):
                found.append(block.text()[fmt_range.start : fmt_range.start + fmt_range.length])
        block = block.next()
    return found


def wait_for_underlines(qtbot, window, expected):
    layer = window.spelling.layer
    qtbot.waitUntil(lambda: not layer.is_pending(), timeout=5000)
    qtbot.waitUntil(
        lambda: underlined_words(window.body_editor.document()) == expected, timeout=5000
    )


def test_planted_typos_are_underlined_in_the_body_and_code_is_not(qtbot, window):
    wait_for_underlines(qtbot, window, ["recieve", "Anothr"])


def test_typing_a_typo_underlines_it(qtbot, window):
    wait_for_underlines(qtbot, window, ["recieve", "Anothr"])
    editor = window.body_editor
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, " Agian and teh end.")
    wait_for_underlines(qtbot, window, ["recieve", "Anothr", "Agian", "teh"])


def test_title_and_description_fields_are_underlined_but_not_the_slug(qtbot, window):
    # The form makes its rows over a few turns; the fields are attached once it has.
    qtbot.waitUntil(lambda: "title" in window.spelling.field_spellers, timeout=5000)
    spellers = window.spelling.field_spellers
    title = spellers["title"]
    assert isinstance(title, LineEditSpelling)
    # A word en_US lacks waits for the en_GB companion, loaded on a worker.
    qtbot.waitUntil(
        lambda: [title.line_edit.text()[s : s + n] for s, n in title.spans] == ["retruns"],
        timeout=5000,
    )
    description = spellers["description"]
    assert isinstance(description, PlainSpellHighlighter)
    qtbot.waitUntil(lambda: not description.spelling.is_pending(), timeout=5000)
    assert underlined_words(description.document()) == ["descripton"]
    assert "slug" not in spellers


def test_right_click_offers_suggestions_add_and_ignore(qtbot, window, post):
    wait_for_underlines(qtbot, window, ["recieve", "Anothr"])
    editor = window.body_editor
    block = editor.document().findBlockByNumber(0)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + block.text().index("recieve") + 2)
    pos = editor.cursorRect(cursor).center()
    menu = window.spelling.body_menu(pos)
    texts = [a.text() for a in menu.actions() if a.objectName() == "spellingAction"]
    assert texts[0] == "receive" and "Ignore" in texts
    assert any(t.startswith("Add “recieve”") for t in texts)
    next(a for a in menu.actions() if a.text() == "receive").trigger()
    assert "with a receive on board" in window.document.body
    assert window.document.dirty
    wait_for_underlines(qtbot, window, ["Anothr"])

    # Add to Dictionary writes the site's sorted word list and the underline goes.
    block = editor.document().findBlockByNumber(6)
    cursor.setPosition(block.position() + block.text().index("Anothr") + 1)
    menu = window.spelling.body_menu(editor.cursorRect(cursor).center())
    next(a for a in menu.actions() if a.text().startswith("Add “Anothr”")).trigger()
    words = post.parent / ".masthead" / "words.txt"
    assert words.read_text() == "Anothr\n"
    wait_for_underlines(qtbot, window, [])


def test_ignore_removes_the_underline_for_this_session(qtbot, window):
    wait_for_underlines(qtbot, window, ["recieve", "Anothr"])
    window.spelling.session.ignore("recieve")
    wait_for_underlines(qtbot, window, ["Anothr"])


def test_shift_f7_selects_the_next_misspelling_and_wraps(qtbot, window):
    wait_for_underlines(qtbot, window, ["recieve", "Anothr"])
    editor = window.body_editor
    editor.setFocus()
    assert window.spelling.next_action.shortcut().toString() == "Shift+F7"
    qtbot.keyClick(editor, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert editor.textCursor().selectedText() == "recieve"
    qtbot.keyClick(editor, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert editor.textCursor().selectedText() == "Anothr"
    qtbot.keyClick(editor, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert editor.textCursor().selectedText() == "recieve"


def test_status_bar_shows_the_language_and_it_can_change_for_this_post(qtbot, window):
    button = window.spelling.language_button
    assert button.text() == window.spelling.session.language
    assert button.isVisible() and button.width() > 0
    window.spelling.session.set_language("en_GB")
    assert button.text() == "en_GB"
    window.spelling._fill_language_menu()
    checked = [a.text() for a in window.spelling.language_menu.actions() if a.isChecked()]
    assert checked == ["en_GB"]
    window.spelling.session.set_language("xx_YY")  # no dictionary: off, and it says so
    assert "spelling off" in button.text() and "no dictionary" in button.toolTip()
    wait_for_underlines(qtbot, window, [])
    window.spelling.session.set_language(None)
    wait_for_underlines(qtbot, window, ["recieve", "Anothr"])


def test_a_spelling_problem_opens_the_post_at_the_word(qtbot, window, post):
    assert window.spelling.show_at(15, 45)
    assert window.body_editor.textCursor().selectedText() == "Anothr"
    assert window.spelling.show_at(2, 26, "title")
    line_edit = window.form.editor_for("title").line_edit
    assert line_edit.selectedText() == "retruns"


def test_problems_panel_lists_spelling_and_a_click_selects_the_word(qtbot, isolated_dirs, post):
    from editor.app import build_window
    from editor.core.user.settings import Settings

    (post.parent / "other.md").write_text("---\ntitle: Clean post\n---\nNothing wrong.\n")
    win = build_window(
        Settings.load(isolated_dirs / "settings.json"),
        FakePrompter(save_changes=None),
        [str(post.parent)],
        use_webengine=False,
        cache_dir=isolated_dirs / "cache",
    )
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.site_session.workspace is not None, timeout=5000)
    workspace = win.site_session.workspace
    qtbot.waitUntil(lambda: any(p.code == "spelling" for p in workspace.problems), timeout=20000)
    spelling = [(p.line, p.column, p.message) for p in workspace.problems if p.code == "spelling"]
    assert spelling == [
        (2, 26, "'retruns' may be misspelled (returns, reruns)"),
        (4, 10, "'descripton' may be misspelled (descriptor, description)"),
        (9, 28, "'recieve' may be misspelled (receive, relieve)"),
        (15, 45, "'Anothr' may be misspelled (Another)"),
    ]
    panel = win.site_session.panel.problems_panel
    tree = panel.tree
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if "'Anothr'" in tree.topLevelItem(i).text(3)
    )
    with qtbot.waitSignal(panel.problem_activated) as signal:
        panel._clicked(item)
    assert signal.args == [str(post), 15, "", 45]
    qtbot.waitUntil(lambda: win.document.path == post, timeout=5000)
    assert win.body_editor.textCursor().selectedText() == "Anothr"


def test_deferred_spelling_waits_for_the_first_paint_then_underlines(qtbot, settings, post):
    """`masthead` starts with defer_preview: the dictionary is loaded, and the post checked,
    only after the body editor's first paint, and the post opened before that is the one
    checked."""
    from editor.app import build_window

    window = build_window(settings, FakePrompter(), [str(post)], defer_preview=True)
    qtbot.addWidget(window)
    assert window.spelling.session.language == ""
    assert not window.spelling.field_spellers
    assert underlined_words(window.body_editor.document()) == []
    window.show()
    qtbot.waitExposed(window)
    wait_for_underlines(qtbot, window, ["recieve", "Anothr"])
    assert "title" in window.spelling.field_spellers

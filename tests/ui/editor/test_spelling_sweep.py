"""When every spelling verdict changes (the language, the site's words), the body's
lines are underlined again in slices, from the first line on screen round to the one
before it, not all at once: on a 50,000-word post that took 180-280 ms (issue 16). The
end result is the same as underlining everything at once."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

from editor.core.spelling.engine import new_speller
from editor.ui.editor import spelling as spelling_ui
from tests.ui.editor.test_spelling_ui import underlined_words
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window

pytestmark = pytest.mark.skipif(
    not new_speller("en_US").ok, reason="no enchant or no en_US hunspell dictionary"
)

LINES = 400


@pytest.fixture
def window(qtbot, settings, tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "masthead.toml").write_text("")
    path = tmp_path / "site" / "long.md"
    body = "".join(f"Line {n} has a glorp in it.\n\n" for n in range(LINES))
    path.write_text("---\ntitle: Long\n---\n" + body)
    window = open_window(qtbot, settings, FakePrompter(), [path])
    qtbot.waitUntil(lambda: not window.spelling.layer.is_pending(), timeout=10000)
    qtbot.waitUntil(
        lambda: underlined_words(window.body_editor.document()).count("glorp") == LINES,
        timeout=10000,
    )
    return window


def test_a_change_of_verdicts_underlines_again_in_slices_from_the_screen(
    qtbot, window, monkeypatch
):
    editor = window.body_editor
    document = editor.document()
    middle = document.findBlockByNumber(LINES)  # a "Line 200" paragraph
    editor.setTextCursor(QTextCursor(middle))
    editor.centerCursor()
    first_shown = editor.firstVisibleBlock().blockNumber()
    assert first_shown > 0
    layer = window.spelling.layer
    highlighter = layer._highlighter
    swept: list[int] = []
    rehighlight_block = highlighter.rehighlightBlock

    def recording(block):
        swept.append(block.blockNumber())
        rehighlight_block(block)

    highlighter.rehighlightBlock = recording
    session = window.spelling.session
    session.speller.add_known(["glorp"])  # every verdict may change
    monkeypatch.setattr(spelling_ui, "SLICE_MS", 0)  # a first slice of one line
    session.changed.emit()
    monkeypatch.undo()
    assert swept == [first_shown]  # the screen first, and not all at once
    assert layer.is_sweeping()
    assert underlined_words(document).count("glorp") > 0  # the rest later
    qtbot.waitUntil(lambda: not layer.is_sweeping(), timeout=10000)
    count = document.blockCount()
    assert swept == [*range(first_shown, count), *range(first_shown)]  # each line once
    qtbot.waitUntil(lambda: not layer.is_pending(), timeout=10000)
    assert underlined_words(document) == []


def test_an_edit_during_the_sweep_is_underlined_as_usual(qtbot, window):
    editor = window.body_editor
    layer = window.spelling.layer
    window.spelling.session.changed.emit()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "A fresh wrod.")
    qtbot.waitUntil(lambda: not layer.is_pending(), timeout=10000)
    words = underlined_words(editor.document())
    assert words.count("glorp") == LINES and words[-1] == "wrod"


def test_another_post_opened_during_the_sweep_is_underlined_and_nothing_breaks(
    qtbot, window, monkeypatch, tmp_path
):
    """The sweep and the look-ups hold lines of the body, whose text is replaced when
    another post opens (the site's newest post opens just after the site's words
    arrive, which sweeps): they go on over the new text."""
    other = tmp_path / "site" / "short.md"
    other.write_text("---\ntitle: Short\n---\nA shrot post.\n\nWith a wrod or two.\n")
    layer = window.spelling.layer
    session = window.spelling.session
    monkeypatch.setattr(spelling_ui, "SLICE_MS", 0)  # one line a turn: the sweep lasts
    session.speller.add_known(["glorp"])
    session.changed.emit()
    assert layer.is_sweeping()
    qtbot.wait(20)  # some lines swept, most not
    assert layer.is_sweeping()
    window.document.load(other)
    monkeypatch.undo()
    qtbot.waitUntil(lambda: not layer.is_pending(), timeout=10000)
    assert underlined_words(window.body_editor.document()) == ["shrot", "wrod"]

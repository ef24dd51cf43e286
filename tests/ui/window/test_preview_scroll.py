"""Writing at the end of a post keeps the end of the preview in view."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from editor.session.scroll_sync import END, TOP
from editor.ui.window.preview_scroll import sync_preview_scroll
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window

LONG_BODY = "\n\n".join(f"Paragraph {i} with a few words in it." for i in range(150)) + "\n"


def long_post(tmp_path):
    path = tmp_path / "long.md"
    path.write_text(f"---\ntitle: Long\n---\n{LONG_BODY}", encoding="utf-8")
    return path


def caret_to_end(window) -> None:
    editor = window.body_editor
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.ensureCursorVisible()


def test_caret_at_the_end_scrolls_the_text_preview_to_its_bottom(qtbot, settings, tmp_path):
    """QTextBrowser preview: caret on the last line → preview at its bottom, and it stays
    there while the writer types and the page is replaced."""
    window = open_window(qtbot, settings, FakePrompter(), [long_post(tmp_path)])
    scroll = window.preview.text_browser.verticalScrollBar()
    qtbot.waitUntil(lambda: scroll.maximum() > 0, timeout=15000)
    caret_to_end(window)
    assert sync_preview_scroll(window.body_editor, window.preview) == END
    assert scroll.value() == scroll.maximum() > 0
    with qtbot.waitSignal(window.preview.updated, timeout=15000):
        qtbot.keyClicks(window.body_editor, " The end grows.")
    qtbot.waitUntil(lambda: "The end grows." in window.preview.text_browser.toPlainText())
    assert window.preview.follows_end
    assert scroll.value() == scroll.maximum()


def test_back_at_the_top_the_preview_shows_the_header(qtbot, settings, tmp_path):
    """Caret and view back at the start: the preview goes to its top and stops following."""
    window = open_window(qtbot, settings, FakePrompter(), [long_post(tmp_path)])
    scroll = window.preview.text_browser.verticalScrollBar()
    qtbot.waitUntil(lambda: scroll.maximum() > 0, timeout=15000)
    caret_to_end(window)
    window.body_editor.moveCursor(QTextCursor.MoveOperation.Start)
    window.body_editor.ensureCursorVisible()
    assert sync_preview_scroll(window.body_editor, window.preview) == TOP
    assert scroll.value() == 0 and not window.preview.follows_end


def test_webengine_preview_shows_the_end_while_typing_there(qtbot, settings, tmp_path):
    """With QtWebEngine: typing at the end, the page's bottom is on screen after updates."""
    window = open_window(qtbot, settings, FakePrompter(), [long_post(tmp_path)], use_webengine=True)
    if not window.preview.uses_webengine:
        pytest.skip("QtWebEngine is not available")
    page = window.preview.web_page
    from PySide6.QtWebEngineCore import QWebEngineScript

    def evaluate(script):
        box = []
        page.runJavaScript(
            f"JSON.stringify({script})", QWebEngineScript.ApplicationWorld, box.append
        )
        qtbot.waitUntil(lambda: bool(box), timeout=15000)
        return json.loads(box[0])

    qtbot.waitUntil(lambda: evaluate("document.querySelectorAll('.mh-block').length") > 100)
    caret_to_end(window)
    qtbot.keyClick(window.body_editor, Qt.Key.Key_Return)
    qtbot.keyClicks(window.body_editor, "Final words typed here.")
    at_end = (
        "(window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2)"
        " && document.body.innerText.includes('Final words typed here.')"
    )
    qtbot.waitUntil(lambda: evaluate(at_end), timeout=15000)

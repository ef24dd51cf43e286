"""The preview by keyboard (F6, PageDown) and its right-click menu (Copy, Select All,
Copy Link only)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window

BODY = "[A link](https://example.org/x)\n\n" + "\n\n".join(f"Paragraph {i}." for i in range(120))


def webengine_window(qtbot, settings, tmp_path):
    path = tmp_path / "post.md"
    path.write_text(f"---\ntitle: Keys\n---\n{BODY}\n", encoding="utf-8")
    window = open_window(qtbot, settings, FakePrompter(), [path], use_webengine=True)
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
    return window, evaluate


def test_f6_moves_to_the_preview_and_page_down_scrolls_it(qtbot, settings, tmp_path):
    """F6 focuses the preview; PageDown scrolls the page; F6 again returns to the editor."""
    window, evaluate = webengine_window(qtbot, settings, tmp_path)
    window.body_editor.setFocus()
    qtbot.keyClick(window.body_editor, Qt.Key.Key_F6)
    focus = QApplication.focusWidget()
    assert focus is not None and window.preview.isAncestorOf(focus)
    assert evaluate("window.scrollY") == 0
    QTest.keyClick(focus, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: evaluate("window.scrollY") > 0, timeout=15000)
    qtbot.keyClick(focus, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.body_editor


def right_click(widget, x, y) -> None:
    QTest.mouseClick(
        widget, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, QPoint(int(x), int(y))
    )


def close_popup() -> None:
    popup = QApplication.activePopupWidget()
    if popup is not None:
        popup.close()


def test_the_context_menu_offers_copy_select_all_and_copy_link(qtbot, settings, tmp_path):
    """Right-click on a link: Copy, Select All, Copy Link; no Back, Forward, Reload, Source."""
    window, evaluate = webengine_window(qtbot, settings, tmp_path)
    backend = window.preview._backend
    x, y = evaluate(
        "(function(){const r=document.querySelector('#mh-body a').getBoundingClientRect();"
        "return [r.left + r.width/2, r.top + r.height/2];})()"
    )
    target = backend.view.focusProxy()
    with qtbot.waitSignal(backend.view.customContextMenuRequested, timeout=15000):
        right_click(target, x, y)
    from PySide6.QtWebEngineCore import QWebEnginePage

    on_link = backend.context_menu()
    page_action = backend.page.action
    actions = QWebEnginePage.WebAction
    assert on_link.actions() == [
        page_action(actions.Copy),
        page_action(actions.SelectAll),
        page_action(actions.CopyLinkToClipboard),
    ]
    close_popup()
    with qtbot.waitSignal(backend.view.customContextMenuRequested, timeout=15000):
        right_click(target, x, y + 200)
    assert backend.context_menu().actions() == [
        page_action(actions.Copy),
        page_action(actions.SelectAll),
    ]
    close_popup()

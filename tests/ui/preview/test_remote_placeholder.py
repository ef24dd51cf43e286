"""A blocked remote image's placeholder is a click-to-load link to the preview itself."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtTest import QTest

from editor.core.render.link_policy import LOAD_REMOTE_URL
from tests.ui.preview.test_preview import (
    WAIT_MS,
    RecordingOpener,
    evaluate,
    make_view,
    needs_webengine,
    show_and_wait,
)

BODY = "Before\n\n![A cat](https://cdn.example.org/cat.png)\n"


@needs_webengine
def test_clicking_the_placeholder_asks_for_remote_images(qtbot, tmp_path):
    """A real click on the placeholder emits load_remote_requested; nothing is opened."""
    opener = RecordingOpener()
    controller, view = make_view(qtbot, tmp_path, opener=opener)
    show_and_wait(qtbot, view, controller, BODY, {"title": "Remote"})
    href = evaluate(qtbot, view, "document.querySelector('.mh-remote-blocked').href")
    assert href == LOAD_REMOTE_URL
    rect = evaluate(
        qtbot,
        view,
        "(function(){const r=document.querySelector('.mh-remote-blocked')"
        ".getBoundingClientRect(); return [r.left + r.width/2, r.top + r.height/2];})()",
    )
    from PySide6.QtWebEngineWidgets import QWebEngineView

    target = QWebEngineView.forPage(view.web_page).focusProxy()
    with qtbot.waitSignal(view.load_remote_requested, timeout=WAIT_MS):
        QTest.mouseClick(target, Qt.LeftButton, Qt.NoModifier, QPoint(int(rect[0]), int(rect[1])))
    assert opener.urls == []
    assert view.blocked_requests == ["https://cdn.example.org/cat.png"] or all(
        "cdn.example.org" in url for url in view.blocked_requests
    )


def test_the_text_browser_placeholder_asks_too(qtbot, tmp_path):
    """The fallback preview routes the placeholder's link the same way."""
    opener = RecordingOpener()
    controller, view = make_view(qtbot, tmp_path, use_webengine=False, opener=opener)
    show_and_wait(qtbot, view, controller, BODY, {"title": "Remote"})
    assert "click to load" in view.text_browser.toPlainText()
    with qtbot.waitSignal(view.load_remote_requested, timeout=WAIT_MS):
        view.text_browser.anchorClicked.emit(QUrl(LOAD_REMOTE_URL))
    assert opener.urls == []

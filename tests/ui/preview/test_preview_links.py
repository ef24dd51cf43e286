"""Preview links: only http, https and mailto go straight to the system opener; file:
and every other scheme asks first (through the injected prompter), naming the full
target, and opens only on yes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

from editor.core.render.link_policy import opens_without_asking
from editor.session.preview import PreviewController
from editor.ui.preview.preview_view import PreviewView, webengine_available
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window

DIRECT = ["https://example.org/page", "http://example.org/", "mailto:ann@example.org"]
ASKED = [
    "file:///etc/passwd",
    "smb://host/share/x",
    "ftp://example.org/x",
    "javascript:alert(1)",
    "x-scheme-handler://run",
    "HTTPS-not://really",
]


class Recorder:
    def __init__(self, answer: bool = False):
        self.answer = answer
        self.opened: list[str] = []
        self.questions: list[str] = []

    def open(self, url: QUrl) -> bool:
        self.opened.append(url.toString())
        return True

    def confirm(self, title: str, question: str) -> bool:
        self.questions.append(question)
        return self.answer


def _view(qtbot, tmp_path, recorder, use_webengine):
    controller = PreviewController(
        delay_ms=10, base_url=QUrl.fromLocalFile(f"{tmp_path}/").toString()
    )
    view = PreviewView(
        controller,
        link_opener=recorder.open,
        confirm_link=recorder.confirm,
        use_webengine=use_webengine,
    )
    qtbot.addWidget(view)
    return view


def _click(view, url: str) -> None:
    if view.uses_webengine:
        from PySide6.QtWebEngineCore import QWebEnginePage

        view.web_page.acceptNavigationRequest(
            QUrl(url), QWebEnginePage.NavigationType.NavigationTypeLinkClicked, True
        )
    else:
        view.text_browser.anchorClicked.emit(QUrl(url))


BACKENDS = [
    pytest.param(False, id="text-browser"),
    pytest.param(
        True,
        id="webengine",
        marks=pytest.mark.skipif(not webengine_available(), reason="QtWebEngine missing"),
    ),
]


def test_the_policy():
    assert all(opens_without_asking(QUrl(u).scheme()) for u in DIRECT)
    assert not any(opens_without_asking(QUrl(u).scheme()) for u in ASKED)


@pytest.mark.parametrize("use_webengine", BACKENDS)
def test_web_and_mail_links_open_without_a_question(qtbot, tmp_path, use_webengine):
    recorder = Recorder()
    view = _view(qtbot, tmp_path, recorder, use_webengine)
    for url in DIRECT:
        _click(view, url)
    assert recorder.opened == [QUrl(u).toString() for u in DIRECT]
    assert recorder.questions == []


@pytest.mark.parametrize("use_webengine", BACKENDS)
def test_other_schemes_ask_with_the_full_target_and_no_means_no(qtbot, tmp_path, use_webengine):
    recorder = Recorder(answer=False)
    view = _view(qtbot, tmp_path, recorder, use_webengine)
    for url in ASKED:
        _click(view, url)
    assert recorder.opened == []
    assert len(recorder.questions) == len(ASKED)
    for url, question in zip(ASKED, recorder.questions, strict=True):
        assert QUrl(url).toString() in question
    assert "/etc/passwd" in recorder.questions[0]


def test_yes_opens_it(qtbot, tmp_path):
    recorder = Recorder(answer=True)
    view = _view(qtbot, tmp_path, recorder, use_webengine=False)
    _click(view, "file:///etc/passwd")
    assert recorder.opened == ["file:///etc/passwd"]


def test_without_a_prompter_other_schemes_are_refused(qtbot, tmp_path):
    recorder = Recorder()
    controller = PreviewController(delay_ms=10)
    view = PreviewView(controller, link_opener=recorder.open, use_webengine=False)
    qtbot.addWidget(view)
    view.text_browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    view.text_browser.anchorClicked.emit(QUrl("https://example.org/"))
    assert recorder.opened == ["https://example.org/"]


def test_the_window_asks_through_its_prompter(qtbot, tmp_path, settings):
    opened = []
    path = tmp_path / "post.md"
    path.write_bytes(b"---\ntitle: Links\n---\n[x](file:///etc/passwd)\n")
    prompter = FakePrompter(confirm=False)
    window = open_window(qtbot, settings, prompter, [path])
    window.preview._link_opener = opened.append  # never the real desktop opener here
    window.preview._open_link(QUrl("file:///etc/passwd"))
    assert prompter.asked == ["confirm"] and opened == []

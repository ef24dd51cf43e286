"""The live preview: updates, patches, scroll, and that nothing in a post can run or phone home."""

from __future__ import annotations

import http.server
import json
import os
import threading

import pytest
from PySide6.QtCore import QUrl

from editor.core.render.worker import RenderRequest, RenderWorker
from editor.session.preview import PreviewController
from editor.ui.preview.preview_view import PreviewView, webengine_available

needs_webengine = pytest.mark.skipif(not webengine_available(), reason="QtWebEngine missing")
WAIT_MS = 20000


class RecordingOpener:
    """Stands in for QDesktopServices.openUrl."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url.toString())
        return True


class LoopbackServer:
    """A tiny HTTP server on 127.0.0.1 that records every request path."""

    def __init__(self) -> None:
        requests = self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/gif")
                self.end_headers()
                self.wfile.write(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")

            def log_message(self, *_args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.timeout = 1
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture(autouse=True)
def controllers(monkeypatch):
    """Every controller a test makes is shut down after it, ending its worker process."""
    made: list[PreviewController] = []
    original_init = PreviewController.__init__

    def recording_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(PreviewController, "__init__", recording_init)
    yield made
    for controller in made:
        try:
            controller.shutdown()
        except RuntimeError:
            pass  # already deleted with its parent


def process_alive(pid: int) -> bool:
    try:
        waited, _status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return False
    return waited == 0


def make_view(qtbot, tmp_path, *, use_webengine=True, opener=None):
    controller = PreviewController(
        delay_ms=10, base_url=QUrl.fromLocalFile(f"{tmp_path}/").toString()
    )
    view = PreviewView(
        controller, link_opener=opener or RecordingOpener(), use_webengine=use_webengine
    )
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    return controller, view


def evaluate(qtbot, view, script):
    """Run script in the isolated world and return its result (through JSON)."""
    from PySide6.QtWebEngineCore import QWebEngineScript

    box = []
    view.web_page.runJavaScript(
        f"JSON.stringify({script})", QWebEngineScript.ApplicationWorld, box.append
    )
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT_MS)
    return json.loads(box[0])


def show_and_wait(qtbot, view, controller, body, metadata=None):
    with qtbot.waitSignal(view.updated, timeout=WAIT_MS):
        if metadata is None:
            controller.set_body(body)
        else:
            controller.set_content(body, metadata)


@needs_webengine
def test_setting_text_updates_the_preview_and_patches_only_changed_blocks(qtbot, tmp_path):
    """The first render loads a page; an edit is patched into the same page."""
    controller, view = make_view(qtbot, tmp_path)
    updates = []
    controller.rendered.connect(updates.append)
    body = "\n\n".join(f"Paragraph {i}" for i in range(5))
    show_and_wait(qtbot, view, controller, body, {"title": "Hello"})
    assert evaluate(qtbot, view, "document.querySelector('.post-title').textContent") == "Hello"
    assert updates[-1].patch is None
    evaluate(qtbot, view, "(document.body.dataset.marker = 'same-page')")

    show_and_wait(qtbot, view, controller, body.replace("Paragraph 2", "Paragraph *two*"))
    patch = updates[-1].patch
    assert patch is not None and len(patch.html) == 1
    texts = evaluate(
        qtbot,
        view,
        "Array.from(document.querySelectorAll('.mh-block')).map(e => e.textContent.trim())",
    )
    assert texts == ["Paragraph 0", "Paragraph 1", "Paragraph two", "Paragraph 3", "Paragraph 4"]
    assert evaluate(qtbot, view, "document.body.dataset.marker") == "same-page"
    lines = evaluate(
        qtbot, view, "Array.from(document.querySelectorAll('.mh-block')).map(e => e.dataset.line)"
    )
    assert lines == ["1", "3", "5", "7", "9"]


@needs_webengine
def test_scroll_position_survives_updates_and_follows_lines(qtbot, tmp_path):
    """Edits keep the scroll position; scroll_to_line brings that block to the top."""
    controller, view = make_view(qtbot, tmp_path)
    body = "\n\n".join(f"Paragraph {i}\n\nwith words" for i in range(200))
    show_and_wait(qtbot, view, controller, body, {"title": "Long"})
    view.scroll_to_line(201)
    qtbot.waitUntil(lambda: evaluate(qtbot, view, "window.scrollY") > 100, timeout=WAIT_MS)
    top = evaluate(qtbot, view, "window.scrollY")
    assert (
        evaluate(
            qtbot,
            view,
            "Array.from(document.querySelectorAll('.mh-block'))"
            ".find(e => e.getBoundingClientRect().bottom > 1).dataset.line",
        )
        == "201"
    )
    show_and_wait(qtbot, view, controller, body.replace("Paragraph 150", "Changed 150"))
    assert evaluate(qtbot, view, "window.scrollY") == top
    with qtbot.waitSignal(view.updated, timeout=WAIT_MS):
        controller.set_metadata({"title": "Renamed"})  # a full reload
    qtbot.waitUntil(lambda: abs(evaluate(qtbot, view, "window.scrollY") - top) < 2, timeout=WAIT_MS)


@needs_webengine
def test_page_script_never_runs(qtbot, tmp_path):
    """Even unsanitised, a page's script cannot change the title (JavaScript is off)."""
    _controller, view = make_view(qtbot, tmp_path)
    hostile = (
        "<html><head><title>Original</title></head><body>"
        "<script>document.title = 'pwned'</script>"
        "<img src='data:,x' onerror=\"document.title = 'pwned'\">"
        "<p id=p>text</p></body></html>"
    )
    with qtbot.waitSignal(view.updated, timeout=WAIT_MS):
        view.show_page_html(hostile)
    assert evaluate(qtbot, view, "document.getElementById('p').textContent") == "text"
    assert view.web_page.title() == "Original"
    assert evaluate(qtbot, view, "document.title") == "Original"


@needs_webengine
def test_hostile_post_cannot_run_script_or_reach_the_network(qtbot, tmp_path):
    """A post with script, remote images and fetch leaves the title and the server untouched."""
    controller, view = make_view(qtbot, tmp_path)
    with LoopbackServer() as server:
        origin = f"http://127.0.0.1:{server.port}"
        body = (
            f"<script>document.title='pwned'; fetch('{origin}/fetch')</script>\n\n"
            f"![remote]({origin}/markdown.gif)\n\n"
            f'<img src="{origin}/raw.gif" onerror="document.title=\'pwned\'">\n\n'
            f'<p style="background: url({origin}/css.gif)">styled</p>\n\n'
            f'<iframe src="{origin}/frame"></iframe>'
        )
        show_and_wait(
            qtbot, view, controller, body, {"title": "Safe title", "image": f"{origin}/cover.gif"}
        )
        assert view.web_page.title() == "Safe title"
        assert server.requests == []
        # Bypassing the sanitiser, the page still fetches nothing from the server.
        raw = f'<html><body><img src="{origin}/unsanitised.gif"><p>x</p></body></html>'
        with qtbot.waitSignal(view.updated, timeout=WAIT_MS):
            view.show_page_html(raw)
        assert server.requests == []


@needs_webengine
def test_request_guard_allows_only_the_site_folder_and_opted_in_remote(qtbot, tmp_path):
    """data: and file:// inside the site pass; other files, remote and odd schemes do not."""
    _controller, view = make_view(qtbot, tmp_path)
    inside = QUrl.fromLocalFile(str(tmp_path / "images" / "a.png"))
    outside = QUrl.fromLocalFile("/etc/passwd")
    escape = QUrl(QUrl.fromLocalFile(str(tmp_path)).toString() + "/../../etc/passwd")
    remote = QUrl("https://example.org/x.png")
    assert view.request_allowed(QUrl("data:image/png;base64,AAAA"))
    assert view.request_allowed(inside)
    assert not view.request_allowed(outside)
    assert not view.request_allowed(escape)
    assert not view.request_allowed(remote)
    assert not view.request_allowed(QUrl("qrc:/x"))
    view.set_allow_remote(True)
    assert view.request_allowed(remote)
    assert not view.request_allowed(outside)


@needs_webengine
def test_clicked_link_goes_to_the_opener_and_the_preview_stays(qtbot, tmp_path):
    """A click on a link is handed to the opener; the page is not replaced."""
    opener = RecordingOpener()
    controller, view = make_view(qtbot, tmp_path, opener=opener)
    show_and_wait(qtbot, view, controller, "[Go](https://example.org/page)", {"title": "Links"})
    evaluate(qtbot, view, "(document.body.dataset.marker = 'still-here')")
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    rect = evaluate(
        qtbot,
        view,
        "(function(){const r=document.querySelector('#mh-body a').getBoundingClientRect();"
        "return [r.left + r.width/2, r.top + r.height/2];})()",
    )
    from PySide6.QtWebEngineWidgets import QWebEngineView

    target = QWebEngineView.forPage(view.web_page).focusProxy()
    QTest.mouseClick(target, Qt.LeftButton, Qt.NoModifier, QPoint(int(rect[0]), int(rect[1])))
    qtbot.waitUntil(lambda: opener.urls == ["https://example.org/page"], timeout=WAIT_MS)
    assert evaluate(qtbot, view, "document.body.dataset.marker") == "still-here"
    assert view.web_page.title() == "Links"


def test_text_browser_fallback_shows_text_and_routes_links(qtbot, tmp_path):
    """Without WebEngine the same interface updates a QTextBrowser and never follows links."""
    opener = RecordingOpener()
    controller, view = make_view(qtbot, tmp_path, use_webengine=False, opener=opener)
    assert not view.uses_webengine
    show_and_wait(
        qtbot, view, controller, "Hello **world**\n\n[Go](https://example.org/)", {"title": "T"}
    )
    assert "Hello world" in view.text_browser.toPlainText()
    show_and_wait(qtbot, view, controller, "Goodbye **world**\n\n[Go](https://example.org/)")
    assert "Goodbye world" in view.text_browser.toPlainText()
    view.text_browser.anchorClicked.emit(QUrl("https://example.org/"))
    assert opener.urls == ["https://example.org/"]
    assert "Goodbye world" in view.text_browser.toPlainText()


def test_controller_coalesces_and_drops_stale_results(qtbot):
    """A burst of edits yields renders whose last one shows the final text."""
    controller = PreviewController(delay_ms=30)
    updates = []
    controller.rendered.connect(updates.append)
    for i in range(20):
        controller.set_body(f"Version {i}")
    qtbot.waitUntil(lambda: not controller.busy and bool(updates), timeout=WAIT_MS)
    assert len(updates) < 20
    assert "Version 19" in updates[-1].page_html
    generations = [u.generation for u in updates]
    assert generations == sorted(set(generations))  # never an older result after a newer one


def test_rendering_happens_in_a_worker_process_that_ends_with_the_controller(qtbot):
    """The render runs in a child process; shutting the controller down ends that process."""
    controller = PreviewController(delay_ms=10, process_from_chars=0)
    updates = []
    controller.rendered.connect(updates.append)
    controller.set_content("Hello *worker*", {"title": "T"})
    qtbot.waitUntil(lambda: bool(updates), timeout=WAIT_MS)
    assert "<em>worker</em>" in updates[-1].page_html
    pid = controller.worker_pid
    assert pid is not None and pid != os.getpid()
    controller.shutdown()
    qtbot.waitUntil(lambda: not process_alive(pid), timeout=WAIT_MS)


def test_a_short_post_renders_in_this_process_and_a_long_one_starts_the_worker(qtbot):
    """Below the threshold no worker process runs; once the body reaches it, the worker
    starts and renders from then on, with the same HTML."""
    controller = PreviewController(delay_ms=10, process_from_chars=400)
    updates = []
    controller.rendered.connect(updates.append)
    controller.set_content("A short *post*.", {"title": "T"})
    qtbot.waitUntil(lambda: bool(updates), timeout=WAIT_MS)
    assert "<em>post</em>" in updates[-1].page_html
    assert controller.worker_pid is None
    long_body = "A short *post*.\n\n" + "Another paragraph of the harbour ferry.\n\n" * 12
    controller.set_body(long_body)
    qtbot.waitUntil(
        lambda: controller.worker_pid is not None and not controller.busy, timeout=WAIT_MS
    )
    pid = controller.worker_pid
    assert pid != os.getpid()
    controller.set_body(long_body[:50])  # shorter again: the running worker keeps rendering
    qtbot.waitUntil(lambda: not controller.busy and len(updates) >= 3, timeout=WAIT_MS)
    assert controller.worker_pid == pid
    controller.shutdown()
    qtbot.waitUntil(lambda: not process_alive(pid), timeout=WAIT_MS)


def test_worker_ends_when_its_pipe_closes():
    """A worker whose app vanished (stdin closed) exits by itself."""
    worker = RenderWorker()
    reply = worker.render(RenderRequest("# Hi", {}, None, False, None))
    assert reply.error is None and "Hi</h1>" in reply.page_html
    process = worker._process
    process.stdin.close()
    assert process.wait(timeout=30) == 0
    worker.close()


def test_without_a_worker_process_the_preview_renders_in_a_thread(qtbot):
    """With no worker process the same updates come from the in-process fallback."""
    controller = PreviewController(delay_ms=10, use_process=False)
    updates = []
    controller.rendered.connect(updates.append)
    controller.set_content("Fallback **works**", {})
    qtbot.waitUntil(lambda: bool(updates), timeout=WAIT_MS)
    assert controller.worker_pid is None
    assert "<strong>works</strong>" in updates[-1].page_html


def test_a_killed_worker_is_replaced(qtbot):
    """If the worker process dies, the next render starts a new one and still shows the text."""
    controller = PreviewController(delay_ms=10, process_from_chars=0)
    updates = []
    controller.rendered.connect(updates.append)
    controller.set_content("first", {})
    qtbot.waitUntil(lambda: bool(updates), timeout=WAIT_MS)
    first_pid = controller.worker_pid
    os.kill(first_pid, 9)
    qtbot.waitUntil(lambda: not process_alive(first_pid), timeout=WAIT_MS)
    controller.set_body("second *edit*")
    qtbot.waitUntil(lambda: "<em>edit</em>" in str(updates[-1].patch), timeout=WAIT_MS)
    assert controller.worker_pid not in (None, first_pid)


def test_body_changed_reads_the_body_only_when_rendering(qtbot):
    """body_changed marks the body stale; the source is read once per render, not per edit."""
    controller = PreviewController(delay_ms=30)
    reads = []
    text = {"body": ""}

    def source():
        reads.append(text["body"])
        return text["body"]

    controller.set_body_source(source)
    updates = []
    controller.rendered.connect(updates.append)
    for i in range(15):
        text["body"] = f"Edit {i}"
        controller.body_changed()
    assert reads == []
    qtbot.waitUntil(lambda: not controller.busy and bool(updates), timeout=WAIT_MS)
    assert "Edit 14" in updates[-1].page_html
    assert len(reads) < 15


def test_patches_carry_only_changed_blocks_across_the_process(qtbot):
    """After the first page, an edit's patch holds just the edited block's HTML."""
    controller = PreviewController(delay_ms=10)
    updates = []
    controller.rendered.connect(updates.append)
    body = "\n\n".join(f"Paragraph {i}[^1]" for i in range(30)) + "\n\n[^1]: A note."
    controller.set_content(body, {"title": "T"})
    qtbot.waitUntil(lambda: bool(updates), timeout=WAIT_MS)
    controller.set_body(body.replace("Paragraph 7[", "Paragraph *seven*["))
    qtbot.waitUntil(lambda: updates[-1].patch is not None, timeout=WAIT_MS)
    patch = updates[-1].patch
    assert len(patch.order) == 31  # 30 paragraphs and the footnotes list
    assert list(patch.html) != [] and len(patch.html) == 1
    assert "<em>seven</em>" in next(iter(patch.html.values()))


def test_a_new_header_is_shown_even_when_an_older_page_arrives_first(qtbot):
    """Issue 10: a page rendered before the post's metadata arrived (shown because the
    screen was empty) must not stand in for the new header: the header follows it."""
    controller = PreviewController(delay_ms=0, use_process=False)
    updates = []
    controller.rendered.connect(updates.append)
    slow_body = "\n\n".join(f"Paragraph {i} with *some* text." for i in range(4000))
    controller.set_content(slow_body, {})  # as the empty window feeds it
    qtbot.waitUntil(lambda: controller.rendering, timeout=WAIT_MS)
    controller.set_content("The real body.", {"title": "The Real Title"})  # the post opens
    qtbot.waitUntil(
        lambda: (
            not controller.busy
            and any("real body" in u.page_html for u in updates)
            or any(u.patch and "real body" in "".join(u.patch.html.values()) for u in updates)
        ),
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: not controller.busy, timeout=WAIT_MS)
    pages = [u.page_html for u in updates if u.page_html]
    assert "The Real Title" in pages[-1]
    assert "Untitled" not in pages[-1]

"""The window as `masthead` starts it: the preview's backend and render worker come after
the first paint, and the post and what is typed still reach the preview."""

from __future__ import annotations

import json
import warnings

import pytest
from PySide6.QtWidgets import QApplication

from editor.app import build_window
from editor.session.preview import PreviewController
from editor.ui.dialogs.prompter import SaveChoice
from editor.ui.preview.preview_view import PreviewView, webengine_available

WAIT_MS = 20000


class QuietPrompter:
    def ask_save_changes(self, document_name):
        return SaveChoice.DISCARD  # the typed text is dropped when the test ends

    def __getattr__(self, name):
        raise AssertionError(f"unexpected question: {name}")


def page_text(qtbot, view) -> str:
    """What the preview shows, as text."""
    if view.text_browser is not None:
        return view.text_browser.toPlainText()
    from PySide6.QtWebEngineCore import QWebEngineScript

    box = []
    view.web_page.runJavaScript(
        "JSON.stringify(document.body ? document.body.textContent : '')",
        QWebEngineScript.ApplicationWorld,
        box.append,
    )
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT_MS)
    return json.loads(box[0]) if box[0] else ""


def wait_for_text(qtbot, view, text: str) -> None:
    qtbot.waitUntil(lambda: text in page_text(qtbot, view), timeout=WAIT_MS)


@pytest.mark.parametrize(
    "use_webengine",
    [
        pytest.param(
            True,
            marks=pytest.mark.skipif(not webengine_available(), reason="QtWebEngine missing"),
        ),
        False,
    ],
)
def test_deferred_preview_is_created_after_the_first_paint_and_shows_typed_text(
    qtbot, settings, tmp_path, use_webengine
):
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Harbour ferry\n---\nThe ferry returns to the harbour.\n")
    window = build_window(
        settings, QuietPrompter(), [str(post)], use_webengine=use_webengine, defer_preview=True
    )
    qtbot.addWidget(window)
    preview, controller = window.preview, window.preview_controller
    # Nothing of the preview before the window is on screen: no backend, no worker.
    assert not preview.has_backend and preview.web_page is None
    assert preview.text_browser is None
    assert controller.held and controller.worker_pid is None
    with qtbot.waitSignal(preview.backend_created, timeout=WAIT_MS):
        window.show()
    assert preview.uses_webengine is use_webengine
    assert (preview.web_page is not None) is use_webengine
    assert not controller.held
    wait_for_text(qtbot, preview, "The ferry returns to the harbour.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(window)
    window.body_editor.setFocus()
    window.body_editor.move_to_start()
    qtbot.keyClicks(window.body_editor, "Zanzibar ")
    wait_for_text(qtbot, preview, "Zanzibar The ferry")
    assert controller.worker_pid is None  # a short post renders with no worker process


def test_a_deferred_view_never_shown_renders_nothing_and_starts_no_worker(qtbot):
    controller = PreviewController(delay_ms=5)
    updates = []
    controller.rendered.connect(updates.append)
    view = PreviewView(controller, use_webengine=False, defer=True)
    qtbot.addWidget(view)
    controller.set_content("Never *shown*", {})
    qtbot.wait(300)
    assert updates == [] and controller.worker_pid is None and not view.has_backend
    with qtbot.waitSignal(view.updated, timeout=WAIT_MS):
        view.show()  # its first paint creates the backend and releases the controller
    assert "Never shown" in view.text_browser.toPlainText()


def test_renders_that_came_before_the_backend_are_shown_once_it_exists(qtbot):
    controller = PreviewController(delay_ms=5)
    view = PreviewView(controller, use_webengine=False, defer=True)
    qtbot.addWidget(view)
    controller.release()  # renders run although the view has no backend yet
    updates = []
    controller.rendered.connect(updates.append)
    controller.set_content("Early *render*", {})
    qtbot.waitUntil(lambda: bool(updates), timeout=WAIT_MS)
    assert not view.has_backend
    view.create_backend()
    assert "Early render" in view.text_browser.toPlainText()


def test_masthead_defers_the_preview_and_the_workers(qtbot, qapp, monkeypatch, isolated_dirs):
    """run_gui (what `masthead` runs) makes the deferred preview and leaves the worker
    processes to the first folder asked for."""
    from editor import app as app_module
    from editor.ui.dialogs import recovery_dialog
    from editor.ui.window import file_safety

    built = []
    real_build_window = app_module.build_window

    def recording_build_window(settings, **kwargs):
        window = real_build_window(settings, QuietPrompter(), use_webengine=False, **kwargs)
        qtbot.addWidget(window)
        built.append((window, kwargs))
        return window

    monkeypatch.setattr(app_module, "build_window", recording_build_window)
    monkeypatch.setattr(file_safety, "install_exception_hook", lambda window: None)
    monkeypatch.setattr(recovery_dialog, "offer_recovery", lambda *args, **kwargs: None)
    monkeypatch.setattr(qapp, "exec", lambda: 0)
    assert app_module.run_gui([], settings_path=isolated_dirs / "settings.json") == 0
    [(window, kwargs)] = built
    assert kwargs.get("defer_preview") is True
    assert window.site_session.before_first_open is app_module.prepare_first_open


def test_the_first_folder_asked_for_prepares_the_workers_once(qtbot, settings):
    calls = []

    def ask_folder(start):
        calls.append("ask")
        return None  # the user cancels the dialog

    window = build_window(settings, QuietPrompter(), use_webengine=False, ask_folder=ask_folder)
    qtbot.addWidget(window)
    window.site_session.before_first_open = lambda: calls.append("prepare")
    window.open_folder_requested.emit("")
    window.open_folder_requested.emit("")
    assert calls == ["prepare", "ask", "ask"]

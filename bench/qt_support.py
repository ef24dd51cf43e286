"""Qt helpers for benchmark child processes: waiting without busy loops, a GUI-thread
heartbeat, a probe that asks a preview what it shows, and the synchronous baseline preview.

Waiting always runs a real ``QEventLoop`` (idle time is spent in Qt with the GIL
released), so a render worker thread is not starved by the benchmark itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QTextEdit, QWidget

from editor.ui.dialogs.prompter import ConflictChoice, SaveChoice
from tests.ui.fakes import FakePrompter as TestsFakePrompter


class FakePrompter(TestsFakePrompter):
    """The tests' fake prompter (tests/ui/fakes.py) with the benchmarks' answers: keep
    going, never save, never ask twice; errors are printed as well as recorded."""

    def __init__(self):
        super().__init__(
            save_changes=SaveChoice.DISCARD,
            conflict=ConflictChoice.OVERWRITE,
            accept_plan=False,
        )

    def show_error(self, title, message):
        print(f"[prompter error] {title}: {message}", flush=True)
        super().show_error(title, message)


def wait_until(condition: Callable[[], bool], timeout: float, poll_ms: int = 5) -> bool:
    """Run the event loop until condition() is true (checked every poll_ms) or timeout."""
    if condition():
        return True
    loop = QEventLoop()
    poll = QTimer(interval=poll_ms)
    poll.setTimerType(Qt.TimerType.PreciseTimer)
    poll.timeout.connect(lambda: condition() and loop.quit())
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    poll.start()
    loop.exec()
    poll.stop()
    return condition()


def settle(ms: int) -> None:
    """Let the event loop run for ms milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class Heartbeat:
    """A 1 ms precise timer on the GUI thread; a long gap between beats is a blocked stretch."""

    def __init__(self) -> None:
        self.beats: list[float] = []
        self._timer = QTimer(interval=1)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(lambda: self.beats.append(time.perf_counter()))

    def start(self) -> None:
        self.beats = [time.perf_counter()]
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.beats.append(time.perf_counter())

    def longest_after(self, start: float, end: float) -> float:
        """Longest blocked stretch (s) between start and end: gaps between beats, a gap
        that began before start counted from start."""
        longest = 0.0
        beats = self.beats
        for previous, current in zip(beats, beats[1:], strict=False):
            if start < current <= end:
                longest = max(longest, current - max(previous, start))
        return longest

    def longest_ending_in(self, start: float, end: float) -> float:
        """Longest gap (s) between beats whose later beat lies in (start, end]."""
        longest = 0.0
        beats = self.beats
        for previous, current in zip(beats, beats[1:], strict=False):
            if start < current <= end:
                longest = max(longest, current - previous)
        return longest


UNANSWERED_QUERY_S = 0.1
# Scripts in this world run even when the page itself has JavaScript disabled; the
# DOM is shared between worlds.
APPLICATION_WORLD = 1


class PreviewProbe:
    """Asks a preview widget whether its shown document contains a piece of text.

    For a QWebEngineView the page's ``document.body.textContent`` is read through
    ``runJavaScript`` (in the application world, asynchronously); for a QTextEdit/QTextBrowser
    the plain text is read directly.
    """

    def __init__(self, root: QWidget) -> None:
        self.web = None
        self.text_edit = None
        try:
            from PySide6.QtWebEngineWidgets import QWebEngineView

            views = (
                [root] if isinstance(root, QWebEngineView) else root.findChildren(QWebEngineView)
            )
            self.web = views[0] if views else None
        except ImportError:
            pass
        if self.web is None:
            edits = [root] if isinstance(root, QTextEdit) else root.findChildren(QTextEdit)
            self.text_edit = edits[0] if edits else None
        if self.web is None and self.text_edit is None:
            raise RuntimeError(f"no web view or text view inside the preview {type(root).__name__}")

    def wait_for(self, token: str, timeout: float) -> float | None:
        """Seconds (perf_counter) at which the token was first seen, or None on timeout."""
        seen_at: list[float] = []
        if self.text_edit is not None:

            def check() -> bool:
                if not seen_at and token in self.text_edit.toPlainText():
                    seen_at.append(time.perf_counter())
                return bool(seen_at)

            wait_until(check, timeout, poll_ms=1)
            return seen_at[0] if seen_at else None

        script = f"(document.body ? document.body.textContent : '').indexOf({token!r}) >= 0"
        # A query sent while the page is being replaced never answers: ask again after a while.
        asked = [0.0]

        def answered(result) -> None:
            asked[0] = 0.0
            if result is True and not seen_at:
                seen_at.append(time.perf_counter())

        def check() -> bool:
            now = time.perf_counter()
            if not seen_at and (not asked[0] or now - asked[0] > UNANSWERED_QUERY_S):
                asked[0] = now
                self.web.page().runJavaScript(script, APPLICATION_WORLD, answered)
            return bool(seen_at)

        def page_loaded(_ok: bool) -> None:  # ask the new page at once
            asked[0] = 0.0
            check()

        self.web.loadFinished.connect(page_loaded)
        try:
            wait_until(check, timeout, poll_ms=2)
        finally:
            self.web.loadFinished.disconnect(page_loaded)
        return seen_at[0] if seen_at else None


class SyncPreview:
    """The baseline preview: on every body change, Python-Markdown renders the whole post
    on the GUI thread and the result goes in with ``setHtml`` (what a naive editor does).

    ``widget`` is the QWebEngineView to put where the window's preview would be.
    """

    def __init__(self, document) -> None:
        import markdown
        from PySide6.QtWebEngineWidgets import QWebEngineView

        self.document = document
        self.widget = QWebEngineView()
        self._markdown = markdown.Markdown(
            extensions=["extra", "toc", "codehilite"],
            extension_configs={"codehilite": {"guess_lang": False}},
        )
        self._active = True
        self.loads = 0
        self.widget.loadFinished.connect(self._loaded)
        document.body_changed.connect(self.render)
        document.reloaded.connect(self.render)
        self.render()

    def _loaded(self, _ok: bool) -> None:
        self.loads += 1

    def set_active(self, active: bool) -> None:
        self._active = active
        if active:
            self.render()

    def render(self) -> None:
        if not self._active:
            return
        self._markdown.reset()
        body = self._markdown.convert(self.document.body)
        self.widget.setHtml(f"<!doctype html><html><body>{body}</body></html>")

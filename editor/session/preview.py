"""The live preview's controller: coalesces edits and renders them away from the GUI thread.

`PreviewController` takes the body and front matter on every change, waits a short
moment (one single-shot timer, so a burst of keystrokes makes one render), and renders in
a worker thread, one job at a time.  If the text changed while a job ran, that job's
result is dropped (unless the screen is more than `MAX_STALE_SECONDS` behind, so a
long burst of typing still shows progress) and the latest text is rendered next: the
last edit always wins, and typing never waits on rendering.

Each result is emitted as a `PreviewUpdate`: the whole page, plus, when the page
already shown can be patched, a `BodyPatch` naming only the blocks whose HTML changed.
Rendering is incremental (`editor.core.render_incremental`), so after the first render
a keystroke usually converts one block, which keeps the worker's hold on the GIL short.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from editor.core.render import render_page
from editor.core.render_incremental import IncrementalRenderer, RenderResult
from editor.core.sanitize import sanitize_html

DEFAULT_DELAY_MS = 120
# While the user keeps typing every result is already stale; show one anyway when the
# screen is this much behind, so the preview stays live (the newest text renders next).
MAX_STALE_SECONDS = 0.4


@dataclass(frozen=True)
class BodyPatch:
    """How to turn the blocks on screen into the new ones."""

    order: tuple[str, ...]
    """Every block key, in document order."""
    lines: tuple[int, ...]
    """The body line each block in `order` starts on."""
    html: Mapping[str, str]
    """Inner HTML for the keys that are new or changed; other keys keep their element."""


@dataclass(frozen=True)
class PreviewUpdate:
    generation: int
    page_html: str
    patch: BodyPatch | None
    """None when the page must be loaded whole (first render, front matter, options)."""
    block_lines: tuple[int, ...] = field(default=())


@dataclass(frozen=True)
class _Options:
    base_url: str | None
    allow_remote: bool
    dark: bool | None


@dataclass(frozen=True)
class _Job:
    generation: int
    body: str
    metadata: Mapping[str, Any]
    options: _Options
    renderer: IncrementalRenderer


class _Relay(QObject):
    """Carries results from the worker thread to the controller's thread (queued)."""

    finished = Signal(object, object, object)  # job, RenderResult | None, page html | error


class PreviewController(QObject):
    rendered = Signal(object)  # PreviewUpdate
    failed = Signal(str)  # a message, when rendering raised

    def __init__(
        self,
        *,
        delay_ms: int = DEFAULT_DELAY_MS,
        base_url: str | None = None,
        allow_remote: bool = False,
        dark: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._body = ""
        self._metadata: Mapping[str, Any] = {}
        self._options = _Options(base_url, allow_remote, dark)
        self._renderer = self._new_renderer()
        self._generation = 0
        self._has_content = False
        self._job: _Job | None = None
        self._needs_page = True
        self._shown_html: dict[str, str] = {}
        self._shown_at = 0.0
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="preview")
        self._relay = _Relay(self)
        self._relay.finished.connect(self._job_finished)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._start_job)
        self.destroyed.connect(partial(_shutdown, self._executor))

    # -- inputs -------------------------------------------------------------------------

    def set_content(self, body: str, metadata: Mapping[str, Any]) -> None:
        self._metadata = copy.deepcopy(dict(metadata))
        self._body = body
        self._needs_page = True
        self._changed()

    def set_body(self, body: str) -> None:
        if body == self._body and self._has_content:
            return
        self._body = body
        self._changed()

    def set_metadata(self, metadata: Mapping[str, Any]) -> None:
        self._metadata = copy.deepcopy(dict(metadata))
        self._needs_page = True
        self._changed()

    def set_allow_remote(self, allow: bool) -> None:
        self._set_options(_Options(self._options.base_url, allow, self._options.dark))

    def set_base_url(self, base_url: str | None) -> None:
        self._set_options(_Options(base_url, self._options.allow_remote, self._options.dark))

    def set_dark(self, dark: bool | None) -> None:
        self._set_options(_Options(self._options.base_url, self._options.allow_remote, dark))

    def request_page(self) -> None:
        """Render the whole page again (for a view that lost its page)."""
        self._needs_page = True
        self._changed()

    @property
    def allow_remote(self) -> bool:
        return self._options.allow_remote

    @property
    def base_url(self) -> str | None:
        return self._options.base_url

    @property
    def busy(self) -> bool:
        """True while a render is pending or running."""
        return self._job is not None or self._timer.isActive()

    # -- rendering ----------------------------------------------------------------------

    def _set_options(self, options: _Options) -> None:
        if options == self._options:
            return
        self._options = options
        self._renderer = self._new_renderer()
        self._needs_page = True
        self._changed()

    def _new_renderer(self) -> IncrementalRenderer:
        options = self._options
        return IncrementalRenderer(
            partial(sanitize_html, base_url=options.base_url, allow_remote=options.allow_remote)
        )

    def _changed(self) -> None:
        self._has_content = True
        self._generation += 1
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def _start_job(self) -> None:
        if self._job is not None or not self._has_content:
            return  # the running job's return starts the next one
        job = _Job(self._generation, self._body, self._metadata, self._options, self._renderer)
        self._job = job
        self._executor.submit(_run_job, job, self._relay)

    @Slot(object, object, object)
    def _job_finished(self, job: _Job, result: RenderResult | None, page_or_error: str) -> None:
        self._job = None
        if result is None:
            self.failed.emit(page_or_error)
        elif job.generation == self._generation or self._screen_too_old():
            self._emit(job, result, page_or_error)
        if job.generation != self._generation and not self._timer.isActive():
            self._start_job()

    def _screen_too_old(self) -> bool:
        return time.monotonic() - self._shown_at > MAX_STALE_SECONDS

    def _emit(self, job: _Job, result: RenderResult, page_html: str) -> None:
        new_html = {b.key: b.html for b in result.blocks}
        patch = None
        if not self._needs_page:
            patch = BodyPatch(
                order=tuple(b.key for b in result.blocks),
                lines=tuple(b.line for b in result.blocks),
                html={k: h for k, h in new_html.items() if self._shown_html.get(k) != h},
            )
        self._needs_page = False
        self._shown_html = new_html
        self._shown_at = time.monotonic()
        self.rendered.emit(
            PreviewUpdate(job.generation, page_html, patch, tuple(b.line for b in result.blocks))
        )


def _run_job(job: _Job, relay: _Relay) -> None:
    try:
        result = job.renderer.render(job.body)
        page = render_page(
            job.metadata,
            result.html,
            base_url=job.options.base_url,
            allow_remote=job.options.allow_remote,
            dark=job.options.dark,
            body_is_sanitized=True,
        )
        outcome: tuple[RenderResult | None, str] = (result, page)
    except Exception as error:  # noqa: BLE001 - reported to the UI, never kills the worker
        outcome = (None, f"The preview could not be rendered: {error}")
    try:
        relay.finished.emit(job, *outcome)
    except RuntimeError:
        pass  # the controller is gone (window closed while rendering)


def _shutdown(executor: ThreadPoolExecutor, *_args: object) -> None:
    executor.shutdown(wait=False, cancel_futures=True)


__all__ = ["BodyPatch", "PreviewController", "PreviewUpdate"]

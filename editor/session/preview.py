"""The live preview's controller: coalesces edits and renders them in a worker process.

`PreviewController` is told about every change (`body_changed` pulls the body from a
source only when a render starts, so a keystroke costs no copy of the text; `set_body`,
`set_metadata` and `set_content` hand values in).  Its single-shot timer restarts on each
change, so the render starts `delay_ms` after the last keystroke (or `MAX_WAIT_MS` after
the first one during a long burst).  This is the only delay between an edit and its
render: callers should not add their own.

A long post renders in a separate process (`editor.core.render.worker`), one job at a
time, so Python-Markdown never holds the GUI process's GIL for long; a job thread of the
controller's `Runner` only waits on the pipe. A post shorter than `PROCESS_FROM_CHARS`
renders in that job thread, so a window on an ordinary post starts no worker process.
If the process cannot run, the same job runs in that thread instead.  When the text
changed while a job ran, its result is dropped (unless the screen is more than
`MAX_STALE_SECONDS` behind, so a long burst of typing still shows progress) and the
latest text is rendered as soon as the job returns: the last edit always wins.

Each result is emitted as a `PreviewUpdate`: the whole page, plus, when the page
already shown can be patched, a `BodyPatch` naming only the blocks whose HTML changed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, cast

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal, Slot

from editor.core.render.worker import (
    PreviewRenderer,
    RenderReply,
    RenderRequest,
    RenderWorker,
    WorkerUnavailable,
    plain_metadata,
)
from editor.core.site.dialect import Dialect
from editor.session.runner import Job, Runner

logger = logging.getLogger(__name__)

DEFAULT_DELAY_MS = 40
# A burst of typing with no pause this long still renders: the timer stops restarting.
MAX_WAIT_MS = 250
# While the user keeps typing every result is already stale; show one anyway when the
# screen is this much behind, so the preview stays live (the newest text renders next).
MAX_STALE_SECONDS = 0.4
# A body this long (about 3,500 words) renders in the worker process; a shorter one in
# a job thread of this process, with no worker process started (see `_Renderer`).
PROCESS_FROM_CHARS = 20_000


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
    """The whole page; empty when `patch` is set, unless the controller makes full pages."""
    patch: BodyPatch | None
    """None when the page must be loaded whole (first render, front matter, options)."""
    block_lines: tuple[int, ...] = field(default=())


@dataclass(frozen=True)
class _Options:
    base_url: str | None
    allow_remote: bool
    dark: bool | None
    page_url: str | None = None  # the post's folder, for paths relative to the post
    dialect: Dialect | None = None  # the site's Markdown (None: Python-Markdown)
    mdx: bool = False


@dataclass(frozen=True)
class _Job:
    generation: int
    request: RenderRequest


class _Renderer:
    """Runs jobs in the worker process, or in the calling thread when it cannot run.

    A post shorter than ``process_from_chars`` renders in the calling thread (a job
    thread), so a window on an ordinary post runs no worker process: its few
    milliseconds of Python per render do not keep the GUI thread waiting for the GIL.
    The worker starts once a post reaches that length, and then renders everything.
    """

    def __init__(self, use_process: bool, process_from_chars: int = 0) -> None:
        self.worker: RenderWorker | None = RenderWorker() if use_process else None
        self._in_process: PreviewRenderer | None = None
        self._process_from_chars = process_from_chars

    def _wants_process(self, body_chars: int) -> bool:
        if self.worker is None:
            return False
        return self.worker.running or body_chars >= self._process_from_chars

    def start(self, body_chars: int = 0) -> None:
        """Warm up what will render a body of this length: the process, or this one."""
        if self.worker is not None and self._wants_process(body_chars):
            try:
                self.worker.start()
                return
            except WorkerUnavailable as exc:
                logger.warning("the preview worker did not start (%s); rendering here", exc)
                self.worker = None
        if self._in_process is None:
            self._in_process = PreviewRenderer()

    def render(self, request: RenderRequest) -> RenderReply:
        if self.worker is not None and self._wants_process(len(request.body)):
            try:
                return self.worker.render(request)
            except WorkerUnavailable:
                if not threading.main_thread().is_alive():  # the app is exiting
                    return RenderReply(error="the application is closing")
                try:  # one fresh start (the worker may have been killed)
                    return self.worker.render(request)
                except WorkerUnavailable as exc:
                    logger.warning("the preview worker failed twice (%s); rendering here", exc)
                    self.worker.close()
                    self.worker = None
        if self._in_process is None:
            self._in_process = PreviewRenderer()
        return self._in_process.render(request)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()


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
        use_process: bool = True,
        process_from_chars: int = PROCESS_FROM_CHARS,
        parent: QObject | None = None,
    ) -> None:
        """process_from_chars: bodies at least this long render in the worker process
        (0: every body does); shorter ones in a job thread (see `_Renderer`)."""
        super().__init__(parent)
        self._body = ""
        self._body_source: Callable[[], str] | None = None
        self._body_pending = False
        self._metadata: Mapping[str, Any] = {}
        self._options = _Options(base_url, allow_remote, dark)
        self._generation = 0
        self._has_content = False
        self._job: _Job | None = None
        self._needs_page = True
        self._page_generation = 0  # the page must show at least this generation's header
        self._shown_html: dict[str, str] = {}
        self._shown_at = 0.0
        self._latest_html: dict[str, str] = {}  # every block of the renderer's last reply
        self._restart_renderer = False
        self._full_pages = False
        self._renderer = _Renderer(use_process, process_from_chars)
        self._runner = Runner("preview", self)
        self._held = False
        self._warm = False
        # The worker warms up as soon as the event loop runs (unless held before that).
        QTimer.singleShot(0, self, self._warm_up)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._start_job)
        self._first_pending_change = QElapsedTimer()
        self._closed = False
        # After the running job (if any): closing the pipe under it would only make it fail.
        self.destroyed.connect(partial(_close_after, self._runner.after_work(), self._renderer))

    # -- inputs -------------------------------------------------------------------------

    def set_body_source(self, source: Callable[[], str] | None) -> None:
        """Where `body_changed` reads the body from when a render starts."""
        self._body_source = source

    def body_changed(self) -> None:
        """The body changed: it is read from the body source when the render starts."""
        if self._body_source is None:
            raise RuntimeError("body_changed needs a body source (set_body_source)")
        self._body_pending = True
        self._changed()

    def set_content(self, body: str, metadata: Mapping[str, Any]) -> None:
        self._metadata = plain_metadata(metadata)
        self._body = body
        self._body_pending = False
        self._page_changed()

    def set_body(self, body: str) -> None:
        if body == self._body and self._has_content and not self._body_pending:
            return
        self._body = body
        self._body_pending = False
        self._changed()

    def set_metadata(self, metadata: Mapping[str, Any]) -> None:
        self._metadata = plain_metadata(metadata)
        self._page_changed()

    def set_allow_remote(self, allow: bool) -> None:
        self._set_options(replace(self._options, allow_remote=allow))

    def set_base_url(self, base_url: str | None, page_url: str | None = None) -> None:
        """The site folder (local files outside it never load) and the post's own folder."""
        self._set_options(replace(self._options, base_url=base_url, page_url=page_url))

    def set_dialect(self, dialect: Dialect | None, mdx: bool = False) -> None:
        """Render with the site's Markdown from now on (the whole page is rendered again)."""
        self._set_options(replace(self._options, dialect=dialect, mdx=mdx))

    @property
    def dialect(self) -> Dialect | None:
        return self._options.dialect

    def set_dark(self, dark: bool | None) -> None:
        self._set_options(replace(self._options, dark=dark))

    def set_full_pages(self, full_pages: bool) -> None:
        """Build the whole page for every update (for a view that cannot patch)."""
        self._full_pages = full_pages

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

    def source_body(self) -> str:
        """The body the next render shows (read from the body source if an edit is pending)."""
        if self._body_pending and self._body_source is not None:
            return self._body_source()
        return self._body

    @property
    def rendering(self) -> bool:
        """True while a render job runs (its result not yet taken)."""
        return self._job is not None

    @property
    def worker_pid(self) -> int | None:
        """The render worker process's id (None when rendering in-process)."""
        worker = self._renderer.worker
        return worker.pid if worker is not None and worker.running else None

    def hold(self) -> None:
        """Start no render and no worker process until `release` (for a view that is not
        ready yet); edits meanwhile are kept and rendered on release."""
        self._held = True

    def release(self) -> None:
        """Undo `hold`: start the worker, and render what changed meanwhile."""
        if not self._held:
            return
        self._held = False
        self._warm_up()
        if self._has_content and not self._timer.isActive():
            self._start_job()

    @property
    def held(self) -> bool:
        return self._held

    def _warm_up(self) -> None:
        if self._held or self._warm or self._closed:
            return
        self._warm = True
        body_chars = len(self.source_body())
        self._runner.submit(
            partial(_start_renderer, self._renderer, body_chars), name="preview start"
        )

    def shutdown(self) -> None:
        """Stop rendering and end the worker process (also done when the object dies)."""
        self._closed = True
        self._timer.stop()
        self._runner.close(then=self._renderer.close)

    # -- rendering ----------------------------------------------------------------------

    def _set_options(self, options: _Options) -> None:
        if options == self._options:
            return
        self._options = options
        self._page_changed()

    def _page_changed(self) -> None:
        """The page around the body (header, options) changed: render the whole page."""
        self._needs_page = True
        self._changed()
        self._page_generation = self._generation

    def _changed(self) -> None:
        self._has_content = True
        self._generation += 1
        if self._closed:
            return
        if not self._timer.isActive():
            self._first_pending_change.start()
            self._timer.start()
        elif self._first_pending_change.elapsed() < MAX_WAIT_MS:
            self._timer.start()  # restart: render after the last change of a burst

    @Slot()
    def _start_job(self) -> None:
        if self._job is not None or not self._has_content or self._closed or self._held:
            return  # the running job's return starts the next one; release starts a held one
        if self._body_pending and self._body_source is not None:
            self._body = self._body_source()
            self._body_pending = False
        options = self._options
        request = RenderRequest(
            self._body,
            self._metadata,
            options.base_url,
            options.allow_remote,
            options.dark,
            want_page=self._needs_page or self._full_pages,
            restart=self._restart_renderer,
            page_url=options.page_url,
            dialect=options.dialect,
            mdx=options.mdx,
        )
        self._restart_renderer = False
        job = _Job(self._generation, request)
        self._job = job
        self._runner.submit(
            partial(_render, self._renderer, request),
            partial(self._job_finished, job),
            on_failed=partial(self._job_crashed, job),
            name="preview",
        )

    def _job_crashed(self, job: _Job, message: str) -> None:
        self._job_finished(job, RenderReply(error=message))

    def _job_finished(self, job: _Job, reply: RenderReply) -> None:
        self._job = None
        if self._closed:
            return
        if reply.error is not None:
            self._latest_html = {}
            self.failed.emit(reply.error)
        elif self._take_blocks(reply):
            current = job.generation == self._generation
            showable = reply.page_html is not None or not (self._needs_page or self._full_pages)
            if showable and (current or self._screen_too_old()):
                self._emit(job, reply)
            elif current:
                self._page_changed()  # the page is needed after all: render again with it
        if job.generation != self._generation and not self._timer.isActive():
            self._start_job()

    def _screen_too_old(self) -> bool:
        return time.monotonic() - self._shown_at > MAX_STALE_SECONDS

    def _take_blocks(self, reply: RenderReply) -> bool:
        """Bring the blocks up to date with the reply; False if some block's HTML is unknown."""
        latest = self._latest_html
        changed = reply.changed_html
        blocks = {key: changed[key] if key in changed else latest.get(key) for key in reply.keys}
        if None in blocks.values():  # out of step with the renderer: start it afresh
            self._latest_html = {}
            self._restart_renderer = True
            self._changed()
            return False
        self._latest_html = cast("dict[str, str]", blocks)  # no None left, checked above
        return True

    def _emit(self, job: _Job, reply: RenderReply) -> None:
        new_html = self._latest_html
        patch = None
        if not self._needs_page:
            shown = self._shown_html
            patch = BodyPatch(
                order=reply.keys,
                lines=reply.lines,
                html={k: h for k, h in new_html.items() if shown.get(k) != h},
            )
        # A page rendered before the last header change (shown because the screen was
        # too old to wait) does not settle the need for a page: the next render brings it.
        self._needs_page = self._needs_page and job.generation < self._page_generation
        self._shown_html = new_html
        self._shown_at = time.monotonic()
        self.rendered.emit(PreviewUpdate(job.generation, reply.page_html or "", patch, reply.lines))


def _start_renderer(renderer: _Renderer, body_chars: int, _job: Job) -> None:
    renderer.start(body_chars)


def _render(renderer: _Renderer, request: RenderRequest, _job: Job) -> RenderReply:
    return renderer.render(request)


def _close_after(
    after_work: Callable[[Callable[[], None]], None], renderer: _Renderer, *_args: object
) -> None:
    after_work(renderer.close)


__all__ = ["BodyPatch", "PreviewController", "PreviewUpdate"]

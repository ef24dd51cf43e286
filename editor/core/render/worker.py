"""Rendering the preview in a separate process, so the GUI process's GIL stays free.

Python-Markdown is pure Python: rendered in a thread of the GUI process it holds the GIL
and stalls typing.  `RenderWorker` starts one persistent worker, a fresh interpreter
running ``python -m editor.core.render.worker`` (never a fork of a process that has Qt
threads, and the app's ``__main__`` is not imported again), sends it one `RenderRequest`
at a time on its stdin and reads the `RenderReply` from its stdout.  The worker keeps
the `IncrementalRenderer` (and so the cache of converted blocks) of the latest options,
sanitises every block and builds the whole page; the GUI process only unpickles the
result.

The worker exits when its stdin closes: when `RenderWorker.close` runs, when the app
exits, and when the app dies (the kernel closes the pipe).  `PreviewRenderer` is the
job itself, also used in-process as the fallback when no worker can be started.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:  # the worker reads a Dialect off the pipe: no import at start-up
    from editor.core.site.dialect import Dialect

_HEADER = struct.Struct("!Q")
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[3])


class WorkerUnavailable(RuntimeError):
    """The worker process could not be started or stopped answering."""


@dataclass(frozen=True)
class RenderRequest:
    body: str
    metadata: Mapping[str, Any]
    """Plain Python values only (see `plain_metadata`): it crosses a process boundary."""
    base_url: str | None
    allow_remote: bool
    dark: bool | None
    want_page: bool = True
    """Build the whole page too (else only the blocks: enough to patch a shown page)."""
    restart: bool = False
    """Forget earlier renders, so the reply carries every block's HTML."""
    page_url: str | None = None
    """The post's own folder, for paths relative to the post."""
    dialect: Dialect | None = None
    """The site's Markdown (None: Python-Markdown with Markdown Extra)."""
    mdx: bool = False
    """The post is MDX (import lines and JSX components become placeholders)."""


@dataclass(frozen=True)
class RenderReply:
    keys: tuple[str, ...] = ()
    """Every block's key, in document order."""
    lines: tuple[int, ...] = ()
    """The body line each block starts on."""
    changed_html: Mapping[str, str] = field(default_factory=dict)
    """HTML of the blocks that are new or changed since this renderer's previous reply
    (all of them after a restart), so little crosses the pipe for a keystroke."""
    page_html: str | None = None
    """The whole page, when it was asked for."""
    error: str | None = None
    """Why rendering failed (then everything else is empty)."""


def plain_metadata(value: Any) -> Any:
    """A copy of front-matter values as builtin types (YAML/TOML wrappers stripped)."""
    if isinstance(value, Mapping):
        return {str(key): plain_metadata(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain_metadata(item) for item in value]
    if value is None or isinstance(value, bool):
        return value
    if type(value) in (datetime, date, time):
        return value
    # Subclasses (a str enum, a numpy number...) become the plain type.
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


class PreviewRenderer:
    """The render job itself: incremental body, sanitised block by block, then the page."""

    def __init__(self) -> None:
        self._options: tuple | None = None
        self._renderer = None

    def render(self, request: RenderRequest) -> RenderReply:
        # Imported here: the GUI process only needs Python-Markdown for the in-process
        # fallback, and importing it costs start-up time.
        from editor.core.render.dialects import new_renderer
        from editor.core.render.page import render_page
        from editor.core.render.sanitize import sanitize_html

        try:
            options = (
                request.base_url,
                request.allow_remote,
                request.page_url,
                request.dialect,
                request.mdx,
            )
            if self._renderer is None or options != self._options or request.restart:
                self._options = options
                self._renderer = new_renderer(
                    request.dialect,
                    partial(
                        sanitize_html,
                        base_url=request.base_url,
                        allow_remote=request.allow_remote,
                        page_url=request.page_url,
                    ),
                    mdx=request.mdx,
                )
            result = self._renderer.render(request.body)
            page = None
            if request.want_page:
                page = render_page(
                    request.metadata,
                    result.html,
                    base_url=request.base_url,
                    allow_remote=request.allow_remote,
                    dark=request.dark,
                    body_is_sanitized=True,
                    page_url=request.page_url,
                )
            return RenderReply(
                keys=tuple(b.key for b in result.blocks),
                lines=tuple(b.line for b in result.blocks),
                changed_html={b.key: b.html for b in result.blocks if b.key in result.changed_keys},
                page_html=page,
            )
        except Exception as error:  # noqa: BLE001 - reported to the UI, never kills the worker
            self._renderer = None  # start afresh: the next reply carries every block
            return RenderReply(error=f"The preview could not be rendered: {error}")


class RenderWorker:
    """One persistent worker process; `render` blocks the calling thread, not the GIL.

    Not thread-safe: one thread sends requests (the preview's job thread).
    """

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._finalizer: weakref.finalize | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the process (once); raises WorkerUnavailable when it cannot start."""
        with self._lock:
            if self.running:
                return
            self._stop_process()
            if not threading.main_thread().is_alive():  # the app is exiting: start nothing
                raise WorkerUnavailable("the application is closing")
            environment = dict(os.environ)
            environment["PYTHONPATH"] = os.pathsep.join(
                p for p in (_PACKAGE_PARENT, environment.get("PYTHONPATH")) if p
            )
            try:
                self._process = subprocess.Popen(
                    [sys.executable, "-m", "editor.core.render.worker"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    env=environment,
                    close_fds=True,
                )
            except OSError as error:
                self._process = None
                raise WorkerUnavailable(f"the render worker could not start: {error}") from error
            # Also runs at interpreter exit, so a closing app never leaves a worker behind.
            self._finalizer = weakref.finalize(self, _stop, self._process)

    def render(self, request: RenderRequest) -> RenderReply:
        """Send one request and wait for its reply; WorkerUnavailable if the worker is gone."""
        self.start()
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        try:
            _write_frame(process.stdin, request)
            reply = _read_frame(process.stdout)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError) as error:
            # ValueError: its pipes were closed under us (the app exiting stops the worker).
            self.close()
            raise WorkerUnavailable(f"the render worker stopped: {error}") from error
        if not isinstance(reply, RenderReply):
            self.close()
            raise WorkerUnavailable("the render worker sent something unexpected")
        return reply

    def close(self) -> None:
        """Stop the process (closing its stdin ends it; killed if it does not end)."""
        with self._lock:
            self._stop_process()

    def _stop_process(self) -> None:
        if self._finalizer is not None:
            self._finalizer()
            self._finalizer = None
        self._process = None


def _stop(process: subprocess.Popen) -> None:
    for stream in (process.stdin, process.stdout):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _write_frame(stream: IO[bytes], payload: object) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> object:
    header = _read_exactly(stream, _HEADER.size)
    return pickle.loads(_read_exactly(stream, _HEADER.unpack(header)[0]))


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            raise EOFError("the pipe closed")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def serve(requests: BinaryIO, replies: BinaryIO) -> None:
    """The worker's loop: one reply per request, until the requests pipe closes."""
    renderer = PreviewRenderer()
    while True:
        try:
            request = _read_frame(requests)
        except EOFError:
            return
        if isinstance(request, RenderRequest):
            reply = renderer.render(request)
        else:
            reply = RenderReply(error="The preview worker received an unknown request.")
        _write_frame(replies, reply)


def _main() -> None:
    # Typing matters more than the preview: on a busy machine the GUI gets the CPU first.
    try:
        os.nice(5)
    except (AttributeError, OSError):
        pass
    # Replies travel on the original stdout; anything printed goes to stderr instead.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        serve(sys.stdin.buffer, replies)
    except (BrokenPipeError, KeyboardInterrupt):
        pass


if __name__ == "__main__":
    # Run the imported module's loop, so requests unpickle as the classes it checks for.
    from editor.core.render import worker as render_worker

    render_worker._main()

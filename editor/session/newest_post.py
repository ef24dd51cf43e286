"""NewestPostOpener: when a site is ready with nothing open, its newest post opens.

It owns the choice of the post (the newest readable one by date, then by path) and the
timing: picking it from 10,000 records and the first look at its folder (the sweep
for temp files an interrupted save left, which lists every name in it) run on a
``Runner``'s worker thread, and the post opens on the GUI thread in a later turn of the
event loop, not inside the ``ready`` signal (which the workspace emits at the end of
its own work). So the window is never blocked by both at once.

A request is dropped when it is superseded (a newer request, ``cancel``), or when the
document is no longer idle when its answer arrives: the user opened a post, started
one, or typed meanwhile; the user's choice always wins.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from editor.core.platform.atomic import remove_stale_temp_files_if_changed
from editor.session.document import STALE_TEMP_MIN_AGE_S, Document
from editor.session.runner import Job, Runner

logger = logging.getLogger(__name__)


def newest_post(records: Iterable[Any]) -> str | None:
    """The path of the newest readable post (latest date, then the last path), or None."""
    readable = [r for r in records if not r.error]
    if not readable:
        return None
    return max(readable, key=lambda r: (r.date_key, r.rel)).path


class NewestPostOpener(QObject):
    """Opens a site's newest post in an idle document, off the ``ready`` signal's turn.

    ``open_post(path)`` is called on the GUI thread with the post to open (the window
    opens it and selects it in the list), only while ``document`` is still idle.
    """

    def __init__(
        self,
        document: Document,
        open_post: Callable[[str], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._open_post = open_post
        # Made now, not in the ready signal's turn: starting its thread waits for the GIL,
        # which the workspace's busy threads hold then (36 ms seen under a profiler).
        self._runner = Runner("newest post", self)
        self._generation = 0
        document.path_changed.connect(self.cancel)  # a post opened meanwhile wins

    def idle(self) -> bool:
        """True while nothing is open: no post, nothing typed."""
        return self._document.path is None and not self._document.dirty

    @property
    def pending(self) -> bool:
        """True while a request's answer has not arrived (or was not handled yet)."""
        return self._runner.busy

    def request(self, records: Iterable[Any]) -> bool:
        """Find the newest of ``records`` in the background and open it if still idle then;
        False (and nothing happens) when the document is not idle now."""
        if not self.idle():
            return False
        self._generation += 1
        generation = self._generation
        snapshot = tuple(records)

        def work(job: Job) -> str | None:
            path = newest_post(snapshot)
            if path is None or job.cancelled:
                return None
            # The load sweeps the post's folder too; done here, it finds it listed already.
            remove_stale_temp_files_if_changed(Path(path).parent, STALE_TEMP_MIN_AGE_S)
            return path

        self._runner.submit(
            work,
            lambda path: self._arrived(generation, path),
            on_failed=lambda message: logger.warning("could not find the newest post: %s", message),
            name="newest post",
        )
        return True

    def cancel(self, *_args: object) -> None:
        """Drop the request under way: its answer, when it comes, opens nothing."""
        self._generation += 1
        self._runner.cancel()

    def _arrived(self, generation: int, path: str | None) -> None:
        if path is None or generation != self._generation or not self.idle():
            return
        self._open_post(path)

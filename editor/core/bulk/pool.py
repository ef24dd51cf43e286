"""Planning a bulk action over many files in worker processes (``workers``).

Each post is read, edited and compared on its own, so the files split into one
contiguous share per worker; a worker sends back, every ``STEP`` files, what the action
does to each (``file_plan.plan_file``: the change with the old and new bytes, the path when
unchanged, or why it cannot). The outcomes come back in the files' order, exactly as
planning in this process gives them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from editor.core.bulk.file_plan import plan_file
from editor.core.platform.workers import map_in_workers

STEP = 100  # files per message a worker sends (progress moves in steps this big)


def _plan_share(
    connection: Connection, items: list[tuple[str, str]], action: Any, step: int
) -> None:
    """Worker task: the outcome of action on each (path, name), every step files a list
    of them, then None."""
    for start in range(0, len(items), step):
        connection.send(
            [plan_file(action, Path(path), name) for path, name in items[start : start + step]]
        )
    connection.send(None)


def plan_in_processes(
    action: Any,
    items: list[tuple[Path, str]],
    workers: int,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[Any] | None:
    """``plan_file`` of every (path, name), in order, planned in ``workers``
    processes; None when cancelled. Raises WorkerFailed (or OSError) when the workers
    cannot do it."""
    named = [(str(path), name) for path, name in items]
    outcomes = map_in_workers(
        _plan_share,
        named,
        workers,
        action,
        STEP,
        name="a planning worker",
        cancel=cancel,
        progress=progress,
    )
    if cancel is not None and cancel.is_set():
        return None
    return outcomes

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
from editor.core.platform.workers import Worker, WorkerFailed, receive, take_worker

STEP = 100  # files per message a worker sends (progress moves in steps this big)


def _plan_share(
    connection: Connection, action: Any, items: list[tuple[str, str]], step: int
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
    size = -(-len(items) // max(1, workers))
    shares = [
        [(str(path), name) for path, name in items[i : i + size]]
        for i in range(0, len(items), size)
    ]
    started: list[Worker] = []
    finished = False
    try:
        for share in shares:
            worker = take_worker()
            started.append(worker)
            worker.run(_plan_share, action, share, STEP)
        outcomes: list[list[Any]] = [[] for _ in shares]
        done = 0
        for index, batch in receive([w.results for w in started], cancel, "a planning worker"):
            if batch is None:
                if len(outcomes[index]) != len(shares[index]):
                    raise WorkerFailed("a planning worker stopped early")
                continue
            outcomes[index] += batch
            done += len(batch)
            if progress is not None:
                progress(done, len(items))
        if cancel is not None and cancel.is_set():
            return None
        finished = True
        return [outcome for share in outcomes for outcome in share]
    finally:
        for worker in started:
            worker.close(finished)

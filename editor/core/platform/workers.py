"""Worker processes that each run one task for this process, and the ones kept ready.

A ``Worker`` runs one call of a module-level function, ``function(results, *args)``, in
another process; what the function sends on ``results`` comes back to this process.
Workers are forked only from a single-threaded process without Qt (forking threads can
deadlock); elsewhere they come from the forkserver, which the window starts when a
folder is first asked for (``start_worker_server``) with the parser and the main script already
imported. The window also keeps a few workers started and waiting for a task
(``enable_spares``, ``keep_spares``), so opening a big site does not first wait for
processes to start.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any, Literal, cast

logger = logging.getLogger(__name__)

PIPE_BYTES = 1 << 20  # a results pipe this big holds a whole message of a worker
# Workers run this much nicer than the window: on a machine with few cores, a window
# thread that wakes up gets a core at once instead of waiting behind the parsers (the
# GUI thread waited up to 40 ms a turn for a CPU during a first open on two cores). A
# worker still has every idle core.
WORKER_NICENESS = 10


class WorkerFailed(RuntimeError):
    """A worker stopped or sent something unreadable: the caller does the work itself."""


def start_method() -> Literal["fork", "forkserver", "spawn"]:
    """Fork only a single-threaded process without Qt; forking threads can deadlock."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and "PySide6.QtCore" not in sys.modules:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


# Modules the forkserver imports before it forks a worker, so workers start with them
# loaded. "__main__" too: every new process otherwise imports the main script (the
# masthead command imports the whole post model) before it can start on its work.
# Modules whose functions run in workers add themselves: ``preload_in_workers(__name__)``.
_preload = ["__main__"]


def preload_in_workers(module_name: str) -> None:
    """Have a forkserver started from now on import ``module_name`` (a module's own
    ``__name__``) before it forks workers."""
    if module_name not in _preload:
        _preload.append(module_name)


def preloaded_modules() -> list[str]:
    """The modules a forkserver started now would import before forking workers."""
    return list(_preload)


def start_worker_server() -> None:
    """Start the forkserver in the background, with the modules of ``preloaded_modules``
    imported (for processes that cannot fork: see ``start_method``). Returns at once;
    harmless to call twice."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return
    from multiprocessing import forkserver

    multiprocessing.set_forkserver_preload(preloaded_modules())
    try:
        forkserver.ensure_running()
    except OSError as exc:
        # Workers will be started when a scan needs them, or the work stays here.
        logger.warning("the worker forkserver did not start: %s", exc)


class Worker:
    """One process that runs one task (see module docstring)."""

    def __init__(self, warm_up: Callable[[], None] | None = None) -> None:
        """Start the process; it runs ``warm_up()`` (module-level) before it is ready."""
        method = start_method()
        if method == "forkserver":
            start_worker_server()  # with the parser preloaded, if nothing started it yet
        context = multiprocessing.get_context(method)
        control_in, self._control = context.Pipe(duplex=False)
        self._ready, ready_out = context.Pipe(duplex=False)
        self.results, results_out = _roomy_pipe()
        try:
            # Every concrete context has Process; typeshed's BaseContext does not say so.
            self.process = context.Process(  # pyright: ignore[reportAttributeAccessIssue]
                target=_serve, args=(control_in, ready_out, results_out, warm_up), daemon=True
            )
            self.process.start()
        except BaseException:
            for connection in (self._control, self._ready, self.results):
                connection.close()
            raise
        finally:
            for connection in (control_in, ready_out, results_out):
                connection.close()

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the worker has started and waits for its task; False on timeout or
        if it stopped."""
        try:
            return self._ready.poll(timeout) and self._ready.recv_bytes() == b"ready"
        except (EOFError, OSError):
            return False

    def run(self, function: Callable[..., None], *args: Any) -> None:
        """Start ``function(results, *args)`` in the worker (function: module-level)."""
        self.send((function, args))

    def send(self, message: Any) -> None:
        """Send the running task a message (it reads them from ``task_input()``)."""
        try:
            self._control.send(message)
        except OSError as exc:  # the worker is gone already
            raise WorkerFailed("a worker stopped") from exc

    def close(self, finished: bool = True) -> None:
        """Stop listening; an unfinished worker is stopped first."""
        for connection in (self._control, self._ready, self.results):
            connection.close()
        if not finished:
            self.process.terminate()
        self.process.join()


def receive(
    receivers: list[Connection], cancel: threading.Event | None = None, name: str = "a worker"
) -> Iterator[tuple[int, Any]]:
    """(index of the receiver, message) as the workers' messages arrive, until each has
    sent None (yielded too, so the caller can check it had everything); ends early once
    ``cancel`` is set. WorkerFailed (naming ``name``) if a worker stops first."""
    waiting = {receiver: index for index, receiver in enumerate(receivers)}
    while waiting:
        if cancel is not None and cancel.is_set():
            return
        # wait() hands back the objects it was given: Connections here.
        for receiver in cast("list[Connection]", wait(list(waiting), timeout=0.1)):
            index = waiting[receiver]
            try:
                message = receiver.recv()
            except (EOFError, OSError) as exc:
                raise WorkerFailed(f"{name} stopped") from exc
            if message is None:
                del waiting[receiver]
            yield index, message


def _serve(
    control: Connection,
    ready: Connection,
    results: Connection,
    warm_up: Callable[[], None] | None = None,
) -> None:
    """Worker process: warm up, say it is ready, wait for one task and run it."""
    # Workers make many containers and no cycles: collections would only cost time, and
    # the process ends with its task.
    gc.disable()
    _be_nice()
    if warm_up is not None:
        try:
            warm_up()
        except Exception:  # a cold worker still works
            pass
    try:
        with ready:
            ready.send_bytes(b"ready")
    except OSError:
        pass  # nobody waits for it
    global _task_input
    try:
        function, args = control.recv()
    except (EOFError, OSError):  # never given a task: the spare is no longer wanted
        control.close()
        results.close()
        return
    _task_input = control
    try:
        function(results, *args)
    finally:
        control.close()
        results.close()


_task_input: Connection | None = None


def _be_nice() -> None:
    """Lower this worker's priority by WORKER_NICENESS, where the system allows."""
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # no nice() here, or not allowed
        pass


def task_input() -> Connection:
    """In a worker: the messages the caller sends the running task (``Worker.send``)."""
    if _task_input is None:
        raise RuntimeError("not in a worker task")
    return _task_input


def _roomy_pipe() -> tuple[Connection, Connection]:
    """(reading end, writing end) of a pipe that holds a whole message of a worker, where
    the system allows: a worker then never waits for this process to read."""
    read_fd, write_fd = os.pipe()
    try:
        import fcntl

        fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or over the system's limit: a normal pipe only waits more
    return Connection(read_fd, writable=False), Connection(write_fd, readable=False)


# --- spares -------------------------------------------------------------------------

_spares: list[Worker] = []
_spares_wanted = 0
_spares_warm_up: Callable[[], None] | None = None
_spares_lock = threading.Lock()


def enable_spares(
    count: int, wait: bool = False, warm_up: Callable[[], None] | None = None
) -> None:
    """Keep ``count`` workers started and waiting (the window does; scripts need not;
    0 stops those waiting); with ``wait``, return once they wait. Each runs ``warm_up``
    (module-level) first, while nothing waits for it."""
    global _spares_wanted, _spares_warm_up
    _spares_wanted, _spares_warm_up = count, warm_up
    keep_spares()
    if wait:
        with _spares_lock:
            waiting = list(_spares)
        for worker in waiting:
            worker.wait_ready(timeout=30)


def keep_spares() -> None:
    """Start (or stop) workers until the wanted number wait for a task."""
    with _spares_lock:
        _spares[:] = [w for w in _spares if w.process.is_alive()]
        while len(_spares) > _spares_wanted:
            _spares.pop().close(finished=False)
        while len(_spares) < _spares_wanted:
            try:
                _spares.append(Worker(_spares_warm_up))
            except (OSError, RuntimeError):
                return


def take_worker() -> Worker:
    """A waiting spare if there is one, else a new worker."""
    with _spares_lock:
        while _spares:
            worker = _spares.pop()
            if worker.process.is_alive():
                return worker
            worker.close()
    return Worker()


def map_in_workers(
    task: Callable[..., None],
    items: list[Any],
    workers: int,
    *args: Any,
    name: str = "a worker",
    cancel: threading.Event | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Any]:
    """The items cut into ``workers`` even shares, each run as ``task(connection, share,
    *args)`` in a worker of its own; ``task`` sends its results in lists, then None. The
    results come back in the items' order, ``progress(done, total)`` after each list.
    WorkerFailed if a worker stops, or ends with fewer results than items. Once ``cancel``
    is set it stops early: the workers are stopped and what came so far is returned (the
    caller tells by ``cancel``)."""
    size = -(-len(items) // max(1, workers))
    shares = [items[i : i + size] for i in range(0, len(items), size)]
    started: list[Worker] = []
    finished = False
    try:
        for share in shares:
            worker = take_worker()
            started.append(worker)
            worker.run(task, share, *args)
        results: list[list[Any]] = [[] for _ in shares]
        done = 0
        for index, batch in receive([w.results for w in started], cancel, name):
            if batch is None:
                if len(results[index]) != len(shares[index]):
                    raise WorkerFailed(f"{name} stopped early")
                continue
            results[index] += batch
            done += len(batch)
            if progress is not None:
                progress(done, len(items))
        finished = cancel is None or not cancel.is_set()
        return [result for share in results for result in share]
    finally:
        for worker in started:
            worker.close(finished)

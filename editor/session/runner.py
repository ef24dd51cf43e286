"""Runner: the one way to run a job off the GUI thread.

Every background job of the session layer (the workspace's scans, updates, analyses and
bulk edits, the preview's renders, the word counter) goes through a ``Runner``, which
keeps the README's rules for threads under Qt:

- garbage is collected on the GUI thread only: a runner installs the GUI-thread
  collector (``gc_guard``) for the application it runs in;
- results, failures and progress reach the GUI thread through a ``Mailbox`` that closes
  when the runner dies, so a worker thread never emits on a destroyed object;
- one job is in flight per runner, and the latest submitted job wins: a job submitted
  while another runs waits, replacing (and cancelling) any job already waiting;
- progress is throttled to one report per ``PROGRESS_INTERVAL_S`` (and the last one);
- partial results (``Job.partial``: a scan's records so far) are coalesced: the GUI
  thread takes only the latest one waiting, never a backlog, and none after the outcome;
- the GUI thread waits at most ``GIL_SWITCH_INTERVAL_S`` for the GIL while a job runs
  Python code: the interpreter's default (5 ms) let a busy worker thread add up to
  5 ms to every event the GUI thread handles, several times per frame.

A job's work gets a ``Job``: its ``cancel`` event, its ``progress(done, total)`` and its
``partial(value)``.
The work must not hold the runner's owner or any other QObject: the worker thread may
drop the last reference to what it holds, and a QObject destroyed there crashes Qt.
Callbacks (``on_done``, ``on_failed``, ``on_progress``) run on the runner's thread, for
the job that is current only: a job discarded by ``discard`` reports nothing.

superqt's ``create_worker`` (napari's) was considered: its workers emit their signals
from the worker thread on a QObject that can be destroyed meanwhile, and it leaves
collection, coalescing and throttling to the caller, which is what this module is for.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from editor.session.gc_guard import collect_on_gui_thread
from editor.session.mailbox import Mailbox

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.03
GIL_SWITCH_INTERVAL_S = 0.001
T = TypeVar("T")


class Job(Generic[T]):
    """One unit of background work, and what its worker thread may touch."""

    def __init__(self, name: str, work: Callable[[Job[T]], T], mailbox: Mailbox) -> None:
        self.name = name
        self.cancel = threading.Event()
        self._work: Callable[[Job[T]], T] | None = work
        self._mailbox = mailbox
        self._last_progress = 0.0
        self._partial_lock = threading.Lock()
        self._partial: Any = _NOTHING  # the latest partial result not yet taken

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()

    def progress(self, done: int, total: int) -> None:
        """Report progress (from the work); throttled, the last report always goes."""
        now = time.monotonic()
        if done >= total or now - self._last_progress >= PROGRESS_INTERVAL_S:
            self._last_progress = now
            self._mailbox.deliver("progress", self, done, total)

    def partial(self, value: Any) -> None:
        """Hand over a partial result (from the work): ``on_partial(value)`` follows on the
        runner's thread unless a later partial result, or the outcome, comes first."""
        with self._partial_lock:
            waiting = self._partial is not _NOTHING
            self._partial = value
        if not waiting:  # one delivery in the queue at a time takes the latest value
            self._mailbox.deliver("partial", self)

    def _take_partial(self) -> Any:
        with self._partial_lock:
            value, self._partial = self._partial, _NOTHING
        return value

    def _run(self) -> None:
        work, self._work = self._work, None
        try:
            outcome = work(self) if work is not None else None
        except Exception as exc:  # a crash must reach the GUI, not die with the thread
            if self.cancel.is_set():  # discarded or closed: what it used may be gone
                logger.debug("cancelled background job %s failed", self.name, exc_info=True)
            else:
                logger.exception("background job %s failed", self.name)
            self._mailbox.deliver("failed", self, f"{self.name} failed: {exc}")
        else:
            self._mailbox.deliver("done", self, outcome)


class _Nothing:
    """No partial result waiting."""


_NOTHING = _Nothing()


@dataclass(frozen=True)
class _Callbacks:
    """What to call on the runner's thread; kept there, never by the job (a worker thread
    holding the job must not hold the objects the callbacks belong to)."""

    on_done: Callable[[Any], None] | None
    on_failed: Callable[[str], None] | None
    on_progress: Callable[[int, int], None] | None
    on_partial: Callable[[Any], None] | None = None


class _Worker:
    """A runner's worker thread, shared with it and never holding the runner.

    It starts with the runner, so handing it a job never waits for a thread to start
    (``Thread.start`` waits for the new thread to take the GIL, which a busy thread holds
    for up to the switch interval), and it ends when the runner is destroyed."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._lock = threading.Condition()
        self._next: Job[Any] | None = None
        self._busy = False  # a job handed over and not yet returned
        self._stopping = False
        threading.Thread(target=self._main, daemon=True, name=f"masthead-{name}").start()

    def start(self, job: Job[Any]) -> None:
        """Run job after the one running (a discarded job may still run)."""
        with self._lock:
            self._next = job
            self._busy = True
            self._lock.notify_all()

    def stop(self, *_args: Any) -> None:
        """End the thread once the jobs handed over (cancelled by then) have returned."""
        with self._lock:
            self._stopping = True
            self._lock.notify_all()

    def _main(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._next is not None or self._stopping)
                job, self._next = self._next, None
                if job is None:
                    self._busy = False
                    self._lock.notify_all()
                    return
            try:
                job._run()
            finally:
                del job  # the runner holds the job until its result is handled
                with self._lock:
                    if self._next is None:
                        self._busy = False
                    self._lock.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        with self._lock:
            return self._lock.wait_for(lambda: not self._busy, timeout)

    def then(self, action: Callable[[], None]) -> None:
        """Run action on a thread of its own once no job runs."""

        def main() -> None:
            self.wait()
            try:
                action()
            except Exception:
                logger.exception("closing the %s runner failed", self._name)

        threading.Thread(target=main, daemon=True, name=f"masthead-{self._name}-close").start()


class _Relay(QObject):
    """Lives on the runner's thread; worker threads emit on it through the mailbox."""

    done = Signal(object, object)  # job, outcome
    failed = Signal(object, str)  # job, message
    progress = Signal(object, int, int)  # job, done, total
    partial = Signal(object)  # job (its latest partial result is taken on arrival)


class Runner(QObject):
    """Runs jobs on a worker thread, one in flight, the latest waiting one winning."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        app = QCoreApplication.instance()
        if app is not None:
            collect_on_gui_thread(app)
        if sys.getswitchinterval() > GIL_SWITCH_INTERVAL_S:
            sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
        self._name = name
        self._running: Job[Any] | None = None
        self._waiting: Job[Any] | None = None
        self._callbacks: dict[Job[Any], _Callbacks] = {}
        self._worker = _Worker(name)
        self.destroyed.connect(self._worker.stop)
        self._closed = False
        self._relay = _Relay(self)  # destroyed with the runner, on its thread
        self._mailbox = Mailbox(self._relay, owner=self)
        queued = Qt.ConnectionType.QueuedConnection
        self._relay.done.connect(self._on_done, queued)
        self._relay.failed.connect(self._on_failed, queued)
        self._relay.progress.connect(self._on_progress, queued)
        self._relay.partial.connect(self._on_partial, queued)

    # -- state

    @property
    def busy(self) -> bool:
        """True while a job runs or waits (until its result has been handled)."""
        return self._running is not None or self._waiting is not None

    @property
    def current(self) -> Job[Any] | None:
        """The job whose results will be reported next (running, else waiting)."""
        return self._running or self._waiting

    # -- control

    def submit(
        self,
        work: Callable[[Job[T]], T],
        on_done: Callable[[T], None] | None = None,
        *,
        on_failed: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        name: str | None = None,
        on_partial: Callable[[Any], None] | None = None,
    ) -> Job[T]:
        """Run ``work(job)`` now, or after the running job (replacing any waiting one)."""
        if self._closed:
            raise RuntimeError(f"the {self._name} runner is closed")
        job: Job[T] = Job(name or self._name, work, self._mailbox)
        self._callbacks[job] = _Callbacks(on_done, on_failed, on_progress, on_partial)
        if self._running is None:
            self._start(job)
        else:
            if self._waiting is not None:
                self._drop(self._waiting)
            self._waiting = job
        return job

    def cancel(self) -> None:
        """Ask the running job to stop and drop the waiting one; the running job still
        reports (its work decides what a cancelled result is)."""
        if self._waiting is not None:
            self._drop(self._waiting)
            self._waiting = None
        if self._running is not None:
            self._running.cancel.set()

    def discard(self) -> None:
        """Cancel everything and forget it: nothing reports any more."""
        self.cancel()
        if self._running is not None:
            self._drop(self._running)
            self._running = None

    def wait(self, timeout: float | None = None) -> bool:
        """Block until this runner's worker thread has no job (for tests and shutdown);
        the results are still handed over by the event loop. False on timeout."""
        return self._worker.wait(timeout)

    def close(self, then: Callable[[], None] | None = None) -> None:
        """Discard everything and stop taking jobs; ``then`` runs on a worker thread once
        the running work has returned (to free what the work was using)."""
        self._closed = True
        self.discard()
        self._mailbox.close()
        self._worker.stop()
        if then is not None:
            self._worker.then(then)

    def after_work(self) -> Callable[[Callable[[], None]], None]:
        """A plain callable, safe to keep and call after the runner is destroyed, that runs
        an action on a thread of its own once this runner's work has returned (to free
        what the work was using when the runner's owner dies)."""
        return self._worker.then

    # -- internals

    def _start(self, job: Job[Any]) -> None:
        self._running = job
        self._worker.start(job)

    def _drop(self, job: Job[Any]) -> None:
        job.cancel.set()
        self._callbacks.pop(job, None)

    def _finish(self, job: Job[Any]) -> _Callbacks | None:
        """job's callbacks if it is the running one (None: discarded); the waiting job starts."""
        if job is not self._running:
            return None
        job._take_partial()  # the outcome supersedes a partial result still waiting
        self._running = None
        callbacks = self._callbacks.pop(job, None)
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._start(waiting)
        return callbacks

    def _on_done(self, job: Job[Any], outcome: Any) -> None:
        callbacks = self._finish(job)
        if callbacks is not None and callbacks.on_done is not None:
            callbacks.on_done(outcome)

    def _on_failed(self, job: Job[Any], message: str) -> None:
        callbacks = self._finish(job)
        if callbacks is None:
            return
        if callbacks.on_failed is not None:
            callbacks.on_failed(message)
        else:
            logger.warning("%s", message)

    def _on_progress(self, job: Job[Any], done: int, total: int) -> None:
        callbacks = self._callbacks.get(job) if job is self._running else None
        if callbacks is not None and callbacks.on_progress is not None:
            callbacks.on_progress(done, total)

    def _on_partial(self, job: Job[Any]) -> None:
        callbacks = self._callbacks.get(job) if job is self._running else None
        value = job._take_partial()
        if callbacks is not None and callbacks.on_partial is not None and value is not _NOTHING:
            callbacks.on_partial(value)


__all__ = ["GIL_SWITCH_INTERVAL_S", "PROGRESS_INTERVAL_S", "Job", "Runner"]

"""Workspace: one open site folder, its post index, schema and problems, kept fresh.

Owns the background work for a site: the first scan (with progress and cancel), the
debounced re-index when files change on disk, schema inference and checks, single-field
edits from the metadata table, and bulk plan/apply/undo. All heavy work runs on Python
worker threads, one index job at a time; results come back to the GUI thread through
queued signals. The index object is only touched by the running index job, or by the GUI
thread when no index job runs. Widgets read the published snapshots (``records``,
``schema``, ``problems``) and listen to the change signals.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal

from editor.core import bulk, query, workers
from editor.core.checks import run_checks
from editor.core.date_shapes import date_format_of
from editor.core.discovery import discover_posts
from editor.core.index import SiteIndex
from editor.core.post import Post
from editor.core.schema import infer_schema
from editor.core.spelling.check import site_spelling_problems
from editor.session.mailbox import Mailbox

# Above this many posts, only folders are watched: inotify watches are a shared,
# limited resource. Folder watches still see atomic saves (rename into the folder).
MAX_WATCHED_FILES = 4000
DEBOUNCE_MS = 400
_PROGRESS_INTERVAL_S = 0.03


class _Relay(QObject):
    """Carries results from worker threads to the GUI thread (queued connections)."""

    progress = Signal(str, int, int)
    finished = Signal(object, object)
    crashed = Signal(object, str)


class _Job:
    """What a worker thread may hold. It must not reach the Workspace: if the thread held
    the last reference, the Workspace (and its file watcher) would be destroyed on that
    thread, which crashes Qt."""

    def __init__(self, kind: str):
        self.kind = kind
        self.cancel = threading.Event()


class Workspace(QObject):
    """A site folder being edited; see the module docstring."""

    scan_started = Signal()
    progress = Signal(int, int)  # posts indexed, total (first scan / rescan)
    ready = Signal()  # a scan finished and records, schema and problems are published
    scan_cancelled = Signal()
    busy_changed = Signal(bool)
    records_reset = Signal()  # the whole record list was replaced
    records_updated = Signal(list)  # absolute paths (str) whose records changed in place
    schema_changed = Signal()
    problems_changed = Signal()
    failed = Signal(str)  # a background job crashed; the message is for a person
    bulk_progress = Signal(int, int)
    bulk_planned = Signal(object)  # bulk.BulkPlan
    bulk_applied = Signal(object)  # bulk.BulkResult
    bulk_undone = Signal(object)  # bulk.UndoResult
    undo_available = Signal(bool)

    def __init__(
        self,
        cache_dir: str | os.PathLike[str] | None = None,
        *,
        watch: bool = True,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._cache_dir = cache_dir
        self._watch_enabled = watch
        self._root: Path | None = None
        self._index: Any = None
        self._records: list[Any] = []
        self._by_path: dict[str, Any] = {}
        self._schema: Any = None
        self._problems: list[Any] = []
        self._index_job: _Job | None = None
        self._analysis_job: _Job | None = None
        self._bulk_job: _Job | None = None
        self._analysis_wanted = False
        self._rescan_wanted = False
        self._pending_paths: set[str] = set()
        self._last_bulk: bulk.BulkResult | None = None
        self._jobs: dict[int, tuple[_Job, Callable[[Any], None]]] = {}

        self._relay = _Relay(self)  # destroyed with the workspace, on the GUI thread
        self._mailbox = Mailbox(self._relay, owner=self)  # worker threads post through it
        self._relay.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._relay.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._relay.crashed.connect(self._on_crashed, Qt.ConnectionType.QueuedConnection)

        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_disk_change)
        self._watcher.fileChanged.connect(self._on_disk_change)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._reindex_changed)

    # ------------------------------------------------------------------ state

    @property
    def root(self) -> Path | None:
        return self._root

    @property
    def records(self) -> list[Any]:
        """The published records (a snapshot list, in index order)."""
        return self._records

    def record_for(self, path: str | os.PathLike[str]) -> Any | None:
        return self._by_path.get(os.fspath(path))

    @property
    def schema(self) -> Any:
        return self._schema

    @property
    def problems(self) -> list[Any]:
        return self._problems

    @property
    def is_busy(self) -> bool:
        return self._index_job is not None

    @property
    def can_undo_bulk(self) -> bool:
        return self._last_bulk is not None and bool(self._last_bulk.written)

    @property
    def last_bulk(self) -> bulk.BulkResult | None:
        return self._last_bulk

    def field_names(self) -> list[str]:
        """Front-matter keys seen in the site, most used first."""
        return _field_names(self._schema)

    def vocabulary(self, key: str) -> list[str]:
        """Values already used for ``key`` (list items count one by one), most used first."""
        return _vocabulary(self._schema, key)

    # ------------------------------------------------------------------ opening and scanning

    def open(self, root: str | os.PathLike[str]) -> None:
        """Start indexing ``root`` in the background; ``ready`` follows (or ``scan_cancelled``)."""
        self.close()
        self._root = Path(root).resolve()
        self._index = SiteIndex(self._root, self._cache_dir)
        self._start_scan()

    def rescan(self) -> None:
        if self._root is None:
            return
        if self._index_job is not None:
            self._rescan_wanted = True
            return
        self._start_scan()

    def cancel(self) -> None:
        """Cancel the running scan or update (the records published so far stay)."""
        if self._index_job is not None:
            self._index_job.cancel.set()

    def close(self) -> None:
        for job in (self._index_job, self._analysis_job, self._bulk_job):
            if job is not None:
                job.cancel.set()
        self._index_job = self._analysis_job = self._bulk_job = None
        self._jobs.clear()
        self._debounce.stop()
        self._unwatch_all()
        self._root = None
        self._index = None
        self._pending_paths.clear()
        self._rescan_wanted = self._analysis_wanted = False
        self._last_bulk = None
        if self._records:
            self._publish_records([])
            self.records_reset.emit()

    def _start_scan(self) -> None:
        index, cache_dir = self._index, self._cache_dir
        self.scan_started.emit()

        progress = self._throttled_progress("scan")

        def work(job: _Job) -> Any:
            index.scan(progress=progress, cancel=job.cancel)
            records = index.records
            if job.cancel.is_set():
                return ("cancelled", records, None, None)
            query.prepare(records)  # here, not on the GUI thread at the first filter
            schema, problems = _analyse(records, index.root, cache_dir)
            return ("done", records, schema, problems)

        self._run_index_job("scan", work, self._scan_finished)

    def _scan_finished(self, outcome: tuple) -> None:
        status, records, schema, problems = outcome
        self._publish_records(records)
        self.records_reset.emit()
        if status == "cancelled":
            self.scan_cancelled.emit()
            self._request_analysis()
        else:
            self._publish_analysis(schema, problems)
            self.ready.emit()
        self._watch_folders()
        _replace_spare_workers()

    # ------------------------------------------------------------------ keeping fresh

    def refresh_paths(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        """Re-read these files now (after our own writes); queued while an index job runs."""
        wanted = {os.fspath(p) for p in paths}
        if not wanted or self._index is None:
            return
        if self._index_job is not None:
            self._pending_paths |= wanted
            return
        self._index.update(sorted(wanted))
        self._apply_update(self._index.records, wanted)

    def _on_disk_change(self, _path: str) -> None:
        self._debounce.start()

    def _reindex_changed(self) -> None:
        if self._index is None:
            return
        if self._index_job is not None:
            self._debounce.start()  # try again once the running job is done
            return
        index, root = self._index, self._root
        known = {os.fspath(r.path): (r.size, r.mtime_ns) for r in self._records}
        extra = set(self._pending_paths)
        self._pending_paths.clear()

        def work(job: _Job) -> Any:
            changed = set(extra)
            on_disk = {f.path: (f.size, f.mtime_ns) for f in discover_posts(root)}
            changed |= {p for p, stamp in on_disk.items() if known.get(p) != stamp}
            changed |= set(known) - set(on_disk)
            if changed:
                index.update(sorted(changed))
            return changed, index.records

        self._run_index_job("update", work, self._update_finished)

    def _update_finished(self, outcome: tuple) -> None:
        changed, records = outcome
        if changed:
            self._apply_update(records, changed)
        self._watch_folders()

    def _apply_update(self, records: list[Any], changed: set[str]) -> None:
        before = set(self._by_path)
        self._publish_records(records)
        if set(self._by_path) != before:
            self.records_reset.emit()
        else:
            self.records_updated.emit(sorted(changed))
        self._request_analysis()

    def _request_analysis(self) -> None:
        if self._analysis_job is not None:
            self._analysis_wanted = True
            return
        records, root, cache_dir = list(self._records), self._root, self._cache_dir

        def work(job: _Job) -> Any:
            return _analyse(records, root, cache_dir)

        self._analysis_job = self._start_job("analysis", work, self._analysis_finished)

    def _analysis_finished(self, outcome: tuple) -> None:
        self._analysis_job = None
        self._publish_analysis(*outcome)
        if self._analysis_wanted:
            self._analysis_wanted = False
            self._request_analysis()

    # ------------------------------------------------------------------ editing

    def set_field(self, path: str | os.PathLike[str], key: str, value: Any) -> bool:
        """Set one key in one post and save it atomically; raises PostError on failure.

        Returns False when the value was already equal (nothing written).
        """
        post = Post.load(path)
        post.set(key, value)
        if not post.modified:
            return False
        post.save()
        self.refresh_paths([path])
        return True

    def date_format(self, path: str | os.PathLike[str], key: str) -> str | None:
        """The strftime pattern the post uses for a date-like ``key``, if any."""
        record = self.record_for(path)
        return _date_format(record, key) if record is not None else None

    # ------------------------------------------------------------------ bulk edits

    def plan_bulk(self, action: bulk.BulkAction, paths: Sequence[str | os.PathLike[str]]) -> None:
        """Plan in the background; ``bulk_planned(plan)`` follows. Raises re.error early."""
        if isinstance(action, bulk.ReplaceInField):
            action.pattern()
        root = self._root
        files = [os.fspath(p) for p in paths]
        progress = self._throttled_progress("bulk")

        def work(job: _Job) -> Any:
            return bulk.plan_action(
                action,
                files,
                root=root,
                progress=progress,
                cancel=job.cancel,
            )

        self._start_bulk_job(work, lambda plan: self.bulk_planned.emit(plan))

    def apply_bulk(self, plan: bulk.BulkPlan) -> None:
        """Write a confirmed plan in the background; ``bulk_applied(result)`` follows."""
        progress = self._throttled_progress("bulk")

        def work(job: _Job) -> Any:
            return bulk.apply(plan, progress, job.cancel)

        self._start_bulk_job(work, self._bulk_applied)

    def undo_last_bulk(self) -> bool:
        """Restore the files of the last bulk action; ``bulk_undone(result)`` follows."""
        result = self._last_bulk
        if result is None or self._bulk_job is not None:
            return False
        progress = self._throttled_progress("bulk")

        def work(job: _Job) -> Any:
            return bulk.undo(result, progress, job.cancel)

        self._start_bulk_job(work, self._bulk_undone)
        return True

    def cancel_bulk(self) -> None:
        if self._bulk_job is not None:
            self._bulk_job.cancel.set()

    @property
    def bulk_running(self) -> bool:
        return self._bulk_job is not None

    def _start_bulk_job(self, work: Callable[[_Job], Any], on_done: Callable[[Any], None]) -> None:
        if self._bulk_job is not None:
            raise RuntimeError("a bulk action is already running")

        def finish(outcome: Any) -> None:
            self._bulk_job = None
            _replace_spare_workers()  # a big plan may have used them
            on_done(outcome)

        self._bulk_job = self._start_job("bulk", work, finish)

    def _bulk_applied(self, result: bulk.BulkResult) -> None:
        if result.written:
            self._last_bulk = result
            self.undo_available.emit(True)
            self.refresh_paths(os.fspath(c.path) for c in result.written)
        self.bulk_applied.emit(result)

    def _bulk_undone(self, result: bulk.UndoResult) -> None:
        self._last_bulk = None
        self.undo_available.emit(False)
        self.refresh_paths(result.restored)
        self.bulk_undone.emit(result)

    # ------------------------------------------------------------------ jobs

    def _run_index_job(self, kind: str, work: Callable[[_Job], Any], on_done: Callable) -> None:
        def finish(outcome: Any) -> None:
            self._index_job = None
            self.busy_changed.emit(False)
            on_done(outcome)
            self._after_index_job()

        self._index_job = self._start_job(kind, work, finish)
        self.busy_changed.emit(True)

    def _after_index_job(self) -> None:
        if self._index_job is not None or self._index is None:
            return
        if self._rescan_wanted:
            self._rescan_wanted = False
            self._start_scan()
        elif self._pending_paths:
            self._reindex_changed()

    def _start_job(self, kind: str, work: Callable[[_Job], Any], on_done: Callable) -> _Job:
        job = _Job(kind)
        self._jobs[id(job)] = (job, on_done)
        mailbox = self._mailbox

        def run() -> None:
            try:
                outcome = work(job)
            except Exception as exc:  # a crash must reach the GUI, not die with the thread
                mailbox.deliver("crashed", job, f"{kind} failed: {exc}")
            else:
                mailbox.deliver("finished", job, outcome)

        threading.Thread(target=run, name=f"masthead-{kind}", daemon=True).start()
        return job

    def _on_finished(self, job: _Job, outcome: Any) -> None:
        entry = self._jobs.pop(id(job), None)
        if entry is None or entry[0] is not job:
            return  # a job from a folder that was closed since
        entry[1](outcome)

    def _on_crashed(self, job: _Job, message: str) -> None:
        entry = self._jobs.pop(id(job), None)
        if entry is None or entry[0] is not job:
            return
        if job is self._index_job:
            self._index_job = None
            self.busy_changed.emit(False)
        if job is self._analysis_job:
            self._analysis_job = None
        if job is self._bulk_job:
            self._bulk_job = None
        self.failed.emit(message)

    def _throttled_progress(self, channel: str) -> Callable[[int, int], None]:
        last = [0.0]
        mailbox = self._mailbox

        def report(done: int, total: int) -> None:
            now = time.monotonic()
            if done >= total or now - last[0] >= _PROGRESS_INTERVAL_S:
                last[0] = now
                mailbox.deliver("progress", channel, done, total)

        return report

    def _on_progress(self, channel: str, done: int, total: int) -> None:
        if channel == "bulk":
            if self._bulk_job is not None:
                self.bulk_progress.emit(done, total)
        elif self._index_job is not None:
            self.progress.emit(done, total)

    # ------------------------------------------------------------------ publishing

    def _publish_records(self, records: list[Any]) -> None:
        self._records = list(records)
        self._by_path = {os.fspath(r.path): r for r in self._records}

    def _publish_analysis(self, schema: Any, problems: list[Any]) -> None:
        self._schema = schema
        self._problems = list(problems)
        self.schema_changed.emit()
        self.problems_changed.emit()

    # ------------------------------------------------------------------ watching

    def _watch_folders(self) -> None:
        if not self._watch_enabled or self._root is None:
            return
        folders = {os.fspath(self._root)}
        folders |= {os.path.dirname(os.fspath(r.path)) for r in self._records}
        files = {os.fspath(r.path) for r in self._records}
        if len(files) > MAX_WATCHED_FILES:
            files = set()
        wanted = folders | files
        watched = set(self._watcher.directories()) | set(self._watcher.files())
        stale = watched - wanted
        if stale:
            self._watcher.removePaths(sorted(stale))
        new = wanted - watched
        if new:
            self._watcher.addPaths(sorted(new))

    def _unwatch_all(self) -> None:
        watched = self._watcher.directories() + self._watcher.files()
        if watched:
            self._watcher.removePaths(watched)


# ---------------------------------------------------------------------- core adapters


def _analyse(records: list[Any], root: Path | None, cache_dir: Any = None) -> tuple[Any, list[Any]]:
    """Schema and problems for a record snapshot (runs on a worker thread), spelling too."""
    schema = infer_schema(records, root=root)
    problems = list(run_checks(records, schema, root))
    problems += site_spelling_problems(records, root, cache_dir)
    problems.sort(key=lambda p: (p.path, p.line or 0, p.code))
    return schema, problems


def _field_names(schema: Any) -> list[str]:
    if schema is None:
        return []
    ranked = sorted(schema.fields.values(), key=lambda stats: (-stats.count, stats.order))
    return [stats.name for stats in ranked]


def _vocabulary(schema: Any, key: str) -> list[str]:
    return schema.vocabulary(key) if schema is not None else []


def _date_format(record: Any, key: str) -> str | None:
    raw = record.raw_dates.get(key)
    return date_format_of(raw) if raw else None


def _replace_spare_workers() -> None:
    """Start new spare workers for those a job used (if the window keeps any), off the GUI
    thread: starting a process waits on the forkserver."""
    threading.Thread(target=workers.keep_spares, name="spare workers", daemon=True).start()

"""Workspace: one open site folder, its post index, schema and problems, kept fresh.

Owns the background work for a site: the first scan (with progress and cancel), the
debounced re-index when files change on disk, schema inference and checks, single-field
edits from the metadata table, and bulk plan/apply/undo. All heavy work runs on the
session's runners (``runner.Runner``: one for the index, one for the analysis, one for
bulk edits), one job at a time each; results come back to the GUI thread through their
mailboxes. The index object is only touched by the running index job: even a save's
update (``refresh_paths``) runs there, adjusting the index by the saved post's delta, and
the cache is written a while after the last update (``CACHE_WRITE_DELAY_MS``), so a save
does no work the size of the site on the GUI thread. Widgets read the published
snapshots (``records``, ``schema``, ``problems``) and listen to the change signals.
The analysis gives the dialect hints too (``site_hints``: cached per post, so a save
reads only the saved post), and runs again when the site's settings or the View menu's
dialect change.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from editor.core.bulk import actions as bulk
from editor.core.bulk import journal as bulk_journal
from editor.core.bulk.history import cell_step
from editor.core.errors import PostError
from editor.core.platform import workers
from editor.core.platform.regular_files import read_post_bytes
from editor.core.post.model import Post
from editor.core.site import query
from editor.core.site.build_output import SkippedFolder, skipped_folders
from editor.core.site.check_memo import CheckMemo
from editor.core.site.check_select import drop_ignored
from editor.core.site.checks import Problem, run_checks
from editor.core.site.confinement import outside_reason
from editor.core.site.discovery import discover_posts
from editor.core.site.index import SiteIndex
from editor.core.site.post_hints import HintCache
from editor.core.site.records import PostRecord
from editor.core.site.schema import Schema, infer_schema
from editor.core.spelling.check import site_spelling_problems
from editor.core.spelling.config import vocabulary_words
from editor.core.spelling.site_memo import SpellingMemo
from editor.core.values.date_shapes import date_format_of
from editor.session.edit_history import EditHistory
from editor.session.gc_guard import collections_paused, keep_out_of_collections
from editor.session.row_order import KeyMemo, RowOrders, presort
from editor.session.runner import Job, Runner
from editor.session.site_hints import hint_problems, settings_key, watched_settings

# Above this many posts, only folders are watched: inotify watches are a shared,
# limited resource. Folder watches still see atomic saves (rename into the folder).
MAX_WATCHED_FILES = 4000
DEBOUNCE_MS = 400
# The cache is written this long after the last update (a save, a table edit), on the
# index runner: one write for a burst of saves, and none on the GUI thread.
CACHE_WRITE_DELAY_MS = 2000
# A first open shows the posts parsed so far at most this often (each costs the index job
# a sort, and the window a reset of its post list).
PARTIAL_INTERVAL_S = 0.25
# The background work a scan's end starts (analysis, upkeep, search data) waits this
# long: the post list lays out and paints its rows without sharing the GIL with it.
AFTER_SCAN_MS = 40
# The scan job waits this long once it has handed over a first open's first rows, for
# the same reason.
FIRST_ROWS_PAUSE_S = 0.03


@dataclass(frozen=True)
class OwnWrite:
    """A file Masthead is about to write itself, so an open document need not take it for
    another program's change: the bytes, and the edit that makes them (None for an undo)."""

    path: str
    data: bytes
    edit: Callable[[Post], None] | None
    description: str


class Workspace(QObject):
    """A site folder being edited; see the module docstring."""

    scan_started = Signal()
    progress = Signal(int, int)  # posts indexed, total (first scan / rescan)
    ready = Signal()  # a scan finished and records, schema and problems are published
    scan_cancelled = Signal()
    busy_changed = Signal(bool)
    records_reset = Signal()  # the whole record list was replaced
    # A scan published records before its end (records_reset follows with its result): a
    # first open's parsed so far, in order; a big site's cached ones, before the check.
    records_partial = Signal()
    records_updated = Signal(list)  # absolute paths (str) whose records changed in place
    schema_changed = Signal()
    problems_changed = Signal()
    failed = Signal(str)  # a background job crashed; the message is for a person
    bulk_progress = Signal(int, int)
    bulk_planned = Signal(object)  # bulk.BulkPlan
    bulk_applied = Signal(object)  # bulk.BulkResult
    about_to_write = Signal(list)  # [OwnWrite]: emitted before a bulk write starts
    git_states_changed = Signal()
    # An earlier bulk edit of this site was killed midway (bulk_journal.InterruptedEdit).
    bulk_interrupted = Signal(object)
    interrupted_resolved = Signal(object)  # bulk_journal.ResolveResult

    def __init__(
        self,
        cache_dir: str | os.PathLike[str] | None = None,
        *,
        watch: bool = True,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._open_post_editor: Callable[[str, str, Any], bool] | None = None
        self._git_states: dict[str, str] = {}
        self._git_states_known = False
        self._cache_dir = cache_dir
        self._watch_enabled = watch
        self._root: Path | None = None
        self._index: SiteIndex | None = None
        self._records: list[PostRecord] = []
        self._snapshot: list[PostRecord] = []
        self._by_path: dict[str, PostRecord] = {}
        self._positions: dict[str, int] = {}  # path -> its place in records
        self._row_orders: RowOrders | None = None  # sorted on the job (row_order)
        self._wanted_orders: dict[int, tuple[str, bool]] = {}  # by table: its sort
        self._schema: Schema | None = None
        self._problems: list[Problem] = []
        self._check_memo = CheckMemo()
        self._spelling_memo = SpellingMemo()
        self._skipped: list[SkippedFolder] = []  # build-output folders holding Markdown
        self._site_words: set[str] = set()  # the site's own words, for spelling
        self._rescan_wanted = False
        self._scan_held = False  # opened with scan=False: start_scan starts it
        self._pending_paths: set[str] = set()
        # Files and folders as our own writes left them (path -> mtime_ns): their change
        # events are ours, already indexed by refresh_paths, and start no re-scan.
        self._own_writes: dict[str, int] = {}
        # The work these run must not hold the Workspace (see runner.Job).
        self._index_runner = Runner("index", self)
        self._analysis_runner = Runner("analysis", self)
        self._ready_after_analysis = False  # a scan finished: ready follows its analysis
        self._hints: HintCache | None = None  # the open site's dialect hints, per post
        self._dialect_choice: str | None = None  # the View menu's dialect (None: the site's)
        self._settings_key: Any = None  # masthead.toml and the dialect, as last analysed
        self._skipped_due = False  # a scan finished: the analysis finds the skipped folders
        self._bulk_runner = Runner("bulk", self)
        self._cache_timer = QTimer(self)
        self._cache_timer.setSingleShot(True)
        self._cache_timer.setInterval(CACHE_WRITE_DELAY_MS)
        self._cache_timer.timeout.connect(self._write_cache)
        self._upkeep_runner = Runner("upkeep", self)
        self._after_scan: tuple[bool, list[PostRecord]] | None = None  # (cancelled, records)
        self._after_scan_timer = QTimer(self)
        self._after_scan_timer.setSingleShot(True)
        self._after_scan_timer.setInterval(AFTER_SCAN_MS)
        self._after_scan_timer.timeout.connect(self._start_after_scan)
        self._upkeep_due = False  # the first scan of a folder is followed by its upkeep

        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_disk_change)
        self._watcher.fileChanged.connect(self._on_disk_change)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._reindex_changed)
        # Every write made here, named, undoable many levels deep (bulk and cell edits).
        self.history = EditHistory(self, OwnWrite)

    # ------------------------------------------------------------------ state

    @property
    def root(self) -> Path | None:
        return self._root

    @property
    def records(self) -> list[PostRecord]:
        """The published records (a snapshot list, in index order)."""
        return self._records

    def record_for(self, path: str | os.PathLike[str]) -> PostRecord | None:
        return self._by_path.get(os.fspath(path))

    @property
    def record_positions(self) -> dict[str, int]:
        """Each published record's place in ``records``, by absolute path (read only)."""
        return self._positions

    @property
    def row_orders(self) -> RowOrders | None:
        """The tables' sorts of the published records, worked out by the scan job."""
        return self._row_orders

    def want_row_order(self, table: object, sort: tuple[str, bool] | None) -> None:
        """The sort ``table`` shows (column key, descending): scans work it out ahead."""
        if sort is None:
            self._wanted_orders.pop(id(table), None)
        else:
            self._wanted_orders[id(table)] = sort

    @property
    def schema(self) -> Schema | None:
        return self._schema

    @property
    def problems(self) -> list[Problem]:
        return self._problems

    @property
    def skipped_folders(self) -> list[SkippedFolder]:
        """Build-output folders discovery skipped although they hold Markdown
        (``build_output``), found by the last full scan."""
        return self._skipped

    @property
    def site_words(self) -> set[str]:
        """The site's own words (tags, categories, authors: ``vocabulary_words``) in the
        records of the last scan, found by its analysis job (not on the GUI thread)."""
        return self._site_words

    @property
    def is_busy(self) -> bool:
        """True while the index works, or an open waits for its schema and checks."""
        return self._index_runner.busy or self._ready_after_analysis

    @property
    def idle(self) -> bool:
        """True when no job runs or waits: the index, analysis and cache are all current."""
        return not (
            self._index_runner.busy
            or self._analysis_runner.busy
            or self._bulk_runner.busy
            or self._cache_timer.isActive()
            or self._after_scan_timer.isActive()
        )

    def field_names(self) -> list[str]:
        """Front-matter keys seen in the site, most used first."""
        return _field_names(self._schema)

    def vocabulary(self, key: str) -> list[str]:
        """Values already used for ``key`` (list items count one by one), most used first."""
        return _vocabulary(self._schema, key)

    # ------------------------------------------------------------------ opening and scanning

    def open(self, root: str | os.PathLike[str], *, scan: bool = True) -> None:
        """Start indexing ``root`` in the background; ``ready`` follows (or ``scan_cancelled``).
        With ``scan`` False the folder is open but its scan waits for ``start_scan``."""
        self.close()
        self._root = Path(root).resolve()
        self._index = SiteIndex(self._root, self._cache_dir)
        self._hints = HintCache(self._root, self._cache_dir)
        self._settings_key = None
        self._check_memo = CheckMemo()  # what the checks found per post, for this site
        self._spelling_memo = SpellingMemo()
        self._upkeep_due = True
        self._scan_held = not scan
        if scan:
            self._start_scan()

    def start_scan(self) -> None:
        """Start the scan that ``open(root, scan=False)`` held back (once)."""
        if self._scan_held:
            self._scan_held = False
            self.rescan()

    def _start_upkeep(self) -> None:
        """In the background, once the first scan of a folder is over (not to slow it):
        remove temp files killed saves left anywhere in the site, and look for a bulk
        edit that was interrupted (``bulk_interrupted`` follows)."""
        self._upkeep_due = False
        root, cache_dir = self._root, self._cache_dir
        if root is None:
            return

        def work(job: Job) -> Any:
            bulk_journal.clean_stray_temp_files(root)
            return bulk_journal.find_interrupted(root, cache_dir)

        def done(edit: bulk_journal.InterruptedEdit | None) -> None:
            if edit is not None:
                self.bulk_interrupted.emit(edit)

        self._upkeep_runner.submit(work, done, on_failed=self.failed.emit)

    def _journal(self) -> Path | None:
        if self._root is None:
            return None
        return bulk_journal.journal_dir(self._root, self._cache_dir)

    def resolve_interrupted(self, edit: bulk_journal.InterruptedEdit, how: str) -> None:
        """Undo the written part (``how`` "undo") or finish the rest ("finish") of an
        interrupted bulk edit, in the background; ``interrupted_resolved`` follows."""
        resolve = {"undo": bulk_journal.undo_written, "finish": bulk_journal.finish_rest}[how]

        def work(job: Job) -> Any:
            return resolve(edit, job.progress, job.cancel)

        def done(result: bulk_journal.ResolveResult) -> None:
            self.refresh_paths(result.done)
            self.interrupted_resolved.emit(result)

        self._start_bulk_job(work, done)

    def rescan(self) -> None:
        if self._root is None:
            return
        if self._index_runner.busy:
            self._rescan_wanted = True
            return
        self._start_scan()

    def cancel(self) -> None:
        """Cancel the running scan or update (the records published so far stay)."""
        self._index_runner.cancel()

    def close(self) -> None:
        if self._cache_timer.isActive():
            self._write_cache()  # the last updates reach the cache before the site goes
        was_busy = self._index_runner.busy
        for runner in (
            self._index_runner,
            self._analysis_runner,
            self._bulk_runner,
            self._upkeep_runner,
        ):
            runner.discard()
        if was_busy:
            self.busy_changed.emit(False)
        self._debounce.stop()
        self._unwatch_all()
        self._root = None
        self._index = None
        self._hints = None
        self._pending_paths.clear()
        self._own_writes.clear()
        self._rescan_wanted = False
        self._scan_held = False
        self._ready_after_analysis = False
        self._after_scan_timer.stop()
        self._after_scan = None
        self.history.clear()
        if self._records:
            self._publish_records(_published([], {}))
            self.records_reset.emit()

    def _start_scan(self) -> None:
        index, before = self._index, self._by_path
        if index is None:
            return
        wanted, memo = set(self._wanted_orders.values()), KeyMemo()
        self.scan_started.emit()

        def work(job: Job) -> _Scanned:
            sent = 0.0

            def partial(records: list[PostRecord]) -> None:  # a first open's records so far
                nonlocal sent
                if time.monotonic() - sent >= PARTIAL_INTERVAL_S:  # the parsers need the CPU
                    job.partial(_published(records, before, wanted, memo, last=False))
                    if not sent:
                        # The window shows its first rows now: every cell it paints is a
                        # call into Python, each waiting for the GIL while this thread
                        # holds it (the first paint took 30-50 ms so).
                        time.sleep(FIRST_ROWS_PAUSE_S)
                    sent = time.monotonic()

            with collections_paused():  # the records are frozen once published
                index.scan(progress=job.progress, cancel=job.cancel, partial=partial)
            records = index.records
            if job.cancel.is_set():
                return _Scanned(True, _published(records, before))
            # The search data (query.prepare) follows on this runner, and the skipped
            # folders, the schema and the checks in the analysis job: the post list shows
            # its rows, sorted here, without waiting for them.
            published = _published(records, before, wanted, memo)
            return _Scanned(False, published, settings_key(index.root))

        self._run_index_job("scan", work, self._scan_finished, self._scan_partial)

    def _scan_partial(self, published: _Published) -> None:
        self._publish_records(published)
        self.records_partial.emit()

    def _scan_finished(self, outcome: _Scanned) -> None:
        published = outcome.published
        if outcome.settings is not None:
            self._settings_key = outcome.settings
        self._publish_records(published)
        self.records_reset.emit()
        if outcome.cancelled:
            self.scan_cancelled.emit()
        else:
            self._ready_after_analysis = True  # ready: the schema and checks are in
            self._skipped_due = True  # found by the analysis job, before ready
        self._watch_folders(published.folders)
        # The records stay: later collections need not walk them (nor this one: a
        # collection walks them all, blocking the window for tens of milliseconds).
        keep_out_of_collections()
        self._after_scan = (outcome.cancelled, published.records)
        self._after_scan_timer.start()

    def _start_after_scan(self) -> None:
        """The work a finished scan starts, a moment after it (``AFTER_SCAN_MS``): the
        analysis, the upkeep, the search data and the spare workers."""
        if self._after_scan is None or self._root is None:
            return
        (cancelled, records), self._after_scan = self._after_scan, None
        if self._upkeep_due:
            self._start_upkeep()
        self._request_analysis()
        _replace_spare_workers()
        if not cancelled:
            self._prepare_search(records)

    def _prepare_search(self, records: list[Any]) -> None:
        """Work out the records' search data in the background once the scan that found
        them has published them (not before: the post list waited for it; nor on the GUI
        thread at the first filter). On the upkeep runner: nothing waits for it."""

        def work(job: Job) -> None:
            for start in range(0, len(records), 500):
                if job.cancel.is_set():
                    return
                query.prepare(records[start : start + 500])

        self._upkeep_runner.submit(work, on_failed=self.failed.emit, name="search data")

    # ------------------------------------------------------------------ keeping fresh

    def refresh_paths(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        """Re-read these files (after our own writes) on the index runner, adjusting the
        index by their delta; ``records_updated`` (or ``records_reset``) follows. Queued
        while an index job runs."""
        wanted = {os.fspath(p) for p in paths}
        if not wanted or self._index is None:
            return
        self._note_own_writes(wanted)
        if self._index_runner.busy:
            self._pending_paths |= wanted
            return
        index, before = self._index, self._by_path

        def work(job: Job) -> Any:
            index.update(sorted(wanted), write_cache=False)
            return wanted, _published(index.records, before)

        self._run_index_job("update", work, self._saved_update_finished)

    def _saved_update_finished(self, outcome: tuple) -> None:
        changed, records = outcome
        self._apply_update(records, changed)
        self._cache_timer.start()

    def _write_cache(self) -> None:
        """Write the cache the updates left stale, on the index runner."""
        self._cache_timer.stop()
        index = self._index
        if index is None:
            return
        if self._index_runner.busy:
            self._cache_timer.start()  # after the running job
            return

        def work(job: Job) -> None:
            if index.cache_stale:
                index.save_cache()

        def finish(_outcome: None) -> None:
            self._after_index_job()

        self._index_runner.submit(work, finish, on_failed=self.failed.emit, name="cache")

    def _note_own_writes(self, paths: set[str]) -> None:
        """Remember how our own writes left these files and their folders. Another
        program's change in the same folder between our write and this stat (well under a
        millisecond) would be taken for ours, and seen at the folder's next change."""
        if not self._watch_enabled:
            return
        for path in paths | {os.path.dirname(p) for p in paths}:
            try:
                self._own_writes[path] = os.stat(path).st_mtime_ns
            except OSError:
                self._own_writes.pop(path, None)

    def _on_disk_change(self, path: str) -> None:
        stamp = self._own_writes.get(path)
        if stamp is not None:
            try:
                if os.stat(path).st_mtime_ns == stamp:
                    return  # as our own write left it: refresh_paths indexed that
            except OSError:
                pass
        self._debounce.start()

    def _reindex_changed(self) -> None:
        if self._index is None or self._root is None:
            return
        if self._index_runner.busy:
            self._debounce.start()  # try again once the running job is done
            return
        index, root, records, before = self._index, self._root, self._records, self._by_path
        extra = set(self._pending_paths)
        self._pending_paths.clear()

        def work(job: Job) -> Any:
            known = {os.fspath(r.path): (r.size, r.mtime_ns) for r in records}
            changed = set(extra)
            on_disk = {f.path: (f.size, f.mtime_ns) for f in discover_posts(root)}
            changed |= {p for p, stamp in on_disk.items() if known.get(p) != stamp}
            changed |= set(known) - set(on_disk)
            if changed:
                index.update(sorted(changed), write_cache=False)
            published = _published(index.records, before) if changed else None
            return changed, published, settings_key(root)

        self._run_index_job("update", work, self._update_finished)

    def _update_finished(self, outcome: tuple) -> None:
        changed, published, settings = outcome
        if changed:
            self._apply_update(published, changed)
            self._cache_timer.start()
        if settings != self._settings_key:  # masthead.toml or the generator's settings
            self._settings_key = settings
            self._watch_folders()  # a replaced masthead.toml is watched again
            if not changed:
                self._request_analysis()

    def _apply_update(self, published: _Published, changed: set[str]) -> None:
        self._publish_records(published)
        if published.paths_changed:
            self.records_reset.emit()
            self._watch_folders()
        else:
            self.records_updated.emit(sorted(changed))
        self._request_analysis()

    def _request_analysis(self) -> None:
        """Infer the schema and run the checks on the latest records (the latest wins)."""
        records, root, cache_dir = self._snapshot, self._root, self._cache_dir
        hints, choice, previous = self._hints, self._dialect_choice, self._problems
        memos = self._check_memo, self._spelling_memo
        after_scan = self._skipped_due

        def work(job: Job) -> Any:
            # The first analysis of a site fills the check memos, as big as the records,
            # which are frozen at ready: the GUI thread's collector need not walk them on
            # the way (it blocked the window up to 49 ms during a first open).
            with collections_paused() if after_scan else nullcontext():
                return analysis(job)

        def analysis(job: Job) -> Any:
            skipped = skipped_folders(root) if after_scan and root is not None else None
            words = _site_words(records) if after_scan else None
            schema, problems = _analyse(records, root, cache_dir, hints, choice, *memos)
            # The findings published already come back as that very list: a listener
            # tells "nothing changed" at a glance (thousands of hints in a big site).
            return schema, previous if problems == previous else problems, skipped, words

        self._analysis_runner.submit(
            work, self._analysis_finished, on_failed=self.failed.emit, name="analysis"
        )

    def _analysis_finished(self, outcome: tuple) -> None:
        *analysis, skipped, words = outcome
        if skipped is not None:
            self._skipped, self._skipped_due = list(skipped), False
        if words is not None:
            self._site_words = words
        if not self._analysis_runner.busy:  # a newer analysis replaces this one
            self._publish_analysis(*analysis)
            if self._ready_after_analysis:
                self._ready_after_analysis = False
                # The check memos are as big as the records: out of collections too
                # (collected first, they kept the window waiting 16-31 ms).
                keep_out_of_collections()
                self.ready.emit()

    def set_dialect_choice(self, name: str | None) -> None:
        """The dialect the View menu chose for the preview (None: the site's own); the
        dialect hints follow it (all posts are looked at again, in the background)."""
        if name != self._dialect_choice:
            self._dialect_choice = name
            if self._root is not None and self._snapshot:
                self._request_analysis()

    # ------------------------------------------------------------------ editing

    @property
    def git_states(self) -> dict[str, str]:
        """Each changed post's git state ("modified", "new", …) by absolute path."""
        return self._git_states

    @property
    def git_states_known(self) -> bool:
        """True while the site is in a git repository (its states are kept here)."""
        return self._git_states_known

    def set_git_states(self, states: dict[str, str], known: bool = True) -> None:
        """The changed posts' git states (``known``: the site is in a repository)."""
        self._git_states_known = known
        if states != self._git_states:
            self._git_states = dict(states)
            self.git_states_changed.emit()

    def set_open_post_editor(self, editor: Callable[[str, str, Any], bool] | None) -> None:
        """Route edits of the post open in the editor to ``editor(path, key, value)``.

        It returns True when the path is the open post and it took the edit (into that
        document, as an unsaved, undoable step), so the file is not written behind the
        open document's back: an edit made in Masthead never looks like another
        program's change.
        """
        self._open_post_editor = editor

    def set_field(self, path: str | os.PathLike[str], key: str, value: object) -> bool:
        """Set one key in one post and save it atomically; raises PostError on failure.

        The post open in the editor takes the edit itself, unsaved (see
        ``set_open_post_editor``). Returns False when the value was already equal
        (nothing written). A link to a file outside the site is refused: writes never
        leave the site.
        """
        if self._root is not None and (outside := outside_reason(path, self._root)):
            raise PostError(outside, path=path)
        if self._open_post_editor is not None and self._open_post_editor(
            os.fspath(path), key, value
        ):
            return True
        before = read_post_bytes(path)
        post = Post.from_bytes(before, path)
        post.set(key, value)
        if not post.modified:
            return False
        post.save()
        self.history.record(cell_step(path, key, before, post.to_bytes(), self._root))
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

        def work(job: Job) -> Any:
            return bulk.plan_action(
                action,
                files,
                root=root,
                progress=job.progress,
                cancel=job.cancel,
            )

        self._start_bulk_job(work, lambda plan: self.bulk_planned.emit(plan))

    def apply_bulk(self, plan: bulk.BulkPlan) -> None:
        """Write a confirmed plan in the background; ``bulk_applied(result)`` follows."""
        action = plan.action
        self.about_to_write.emit(
            [
                OwnWrite(os.fspath(c.path), c.new_bytes, action.apply_to, action.describe())
                for c in plan.changes
            ]
        )
        journal = self._journal()

        def work(job: Job) -> Any:
            return bulk.apply(plan, job.progress, job.cancel, journal)

        self._start_bulk_job(work, self._bulk_applied)

    def run_write_job(self, work: Callable[[Job], Any], on_done: Callable[[Any], None]) -> None:
        """Run ``work`` on the bulk runner (one write job at a time, with progress on
        ``bulk_progress``); RuntimeError while another runs."""
        self._start_bulk_job(work, on_done)

    def journal_folder(self) -> Path | None:
        """Where the journals of this site's writes go (None with no site open)."""
        return self._journal()

    def cancel_bulk(self) -> None:
        self._bulk_runner.cancel()

    @property
    def bulk_running(self) -> bool:
        return self._bulk_runner.busy

    def _start_bulk_job(self, work: Callable[[Job], Any], on_done: Callable[[Any], None]) -> None:
        if self._bulk_runner.busy:
            raise RuntimeError("a bulk action is already running")

        def finish(outcome: Any) -> None:
            _replace_spare_workers()  # a big plan may have used them
            on_done(outcome)

        self._bulk_runner.submit(
            work, finish, on_failed=self.failed.emit, on_progress=self.bulk_progress.emit
        )

    def _bulk_applied(self, result: bulk.BulkResult) -> None:
        if result.written:  # undone, many steps deep, through self.history
            self.refresh_paths(os.fspath(c.path) for c in result.written)
        self.bulk_applied.emit(result)

    # ------------------------------------------------------------------ jobs

    def _run_index_job(
        self,
        kind: str,
        work: Callable[[Job], Any],
        on_done: Callable,
        on_partial: Callable | None = None,
    ) -> None:
        """Run an index job (the caller checked that none runs); ``busy_changed`` brackets it."""

        def finish(outcome: Any) -> None:
            self.busy_changed.emit(False)
            on_done(outcome)
            self._after_index_job()

        def failed(message: str) -> None:
            self.busy_changed.emit(False)
            self.failed.emit(message)

        self._index_runner.submit(
            work,
            finish,
            on_failed=failed,
            on_progress=self.progress.emit,
            name=kind,
            on_partial=on_partial,
        )
        self.busy_changed.emit(True)

    def _after_index_job(self) -> None:
        if self._index_runner.busy or self._index is None:
            return
        if self._rescan_wanted:
            self._rescan_wanted = False
            self._start_scan()
        elif self._pending_paths:
            self._reindex_changed()

    # ------------------------------------------------------------------ publishing

    def _publish_records(self, published: _Published) -> None:
        self._snapshot = published.snapshot
        self._records = published.records
        self._by_path = published.by_path
        self._positions = published.positions
        self._row_orders = published.orders

    def _publish_analysis(self, schema: Schema | None, problems: list[Problem]) -> None:
        self._schema = schema
        self._problems = problems if problems is self._problems else list(problems)
        self.schema_changed.emit()
        self.problems_changed.emit()

    # ------------------------------------------------------------------ watching

    def _watch_folders(self, folders: set[str] | None = None) -> None:
        """Watch the site's folders (``folders``: those of the records, found on the job)."""
        if not self._watch_enabled or self._root is None:
            return
        if folders is None:
            folders = _folders_of(self._records)
        folders = folders | {os.fspath(self._root)}
        files = set()  # past MAX_WATCHED_FILES posts, not even made
        if len(self._records) <= MAX_WATCHED_FILES:
            files = {os.fspath(r.path) for r in self._records}
        files |= watched_settings(self._root)  # an edit in place re-runs the checks
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


class _Published(NamedTuple):
    """Records ready to publish, built on the worker thread (a 10,000-post list and map
    are too slow to build on the GUI thread during a save)."""

    snapshot: list[PostRecord]  # the index's snapshot, with the field stats it carries
    records: list[PostRecord]
    by_path: dict[str, PostRecord]
    paths_changed: bool  # not the set of paths published before
    positions: dict[str, int]  # path -> place in records
    orders: RowOrders | None = None  # the tables' sorts (a scan's)
    folders: set[str] | None = None  # the records' folders (a scan's)


class _Scanned(NamedTuple):
    """What a scan job hands back: whether it was cancelled, the records, and the site's
    settings key (``site_hints``; None when cancelled: the last one stays)."""

    cancelled: bool
    published: _Published
    settings: Any = None


def _published(
    snapshot: list[PostRecord],
    before: dict[str, PostRecord],
    wanted: set[tuple[str, bool]] | None = None,
    memo: KeyMemo | None = None,
    last: bool = True,
) -> _Published:
    """What to publish for a snapshot; with ``wanted`` (a scan's), sorted for the tables
    and with the folders to watch (``last``: not a partial list)."""
    records = list(snapshot)
    paths = [os.fspath(r.path) for r in records]
    by_path = dict(zip(paths, records, strict=True))
    positions = {path: i for i, path in enumerate(paths)}
    changed = by_path.keys() != before.keys()
    if wanted is None:
        return _Published(snapshot, records, by_path, changed, positions)
    orders = presort(records, wanted, memo, last)
    one_per_folder = {r.rel.rpartition("/")[0]: path for r, path in zip(records, paths)}  # noqa: B905
    folders = {os.path.dirname(path) for path in one_per_folder.values()}
    return _Published(snapshot, records, by_path, changed, positions, orders, folders)


def _folders_of(records: list[Any]) -> set[str]:
    return {os.path.dirname(os.fspath(r.path)) for r in records}


def _analyse(
    records: list[PostRecord],
    root: Path | None,
    cache_dir: str | os.PathLike[str] | None = None,
    hints: HintCache | None = None,
    choice: str | None = None,
    memo: CheckMemo | None = None,
    spelling: SpellingMemo | None = None,
) -> tuple[Schema, list[Problem]]:
    """Schema and problems for a record snapshot (runs on a worker thread), spelling and
    the dialect hints too (in the View menu's ``choice`` of dialect, else the site's);
    with the site's memos, only the posts changed since the last run are checked again."""
    schema = infer_schema(records, root=root)
    for stats in schema.fields.values():
        stats.top_values()  # for the fields panel: here, not on the GUI thread
    problems = list(run_checks(records, schema, root, memo=memo))
    if spelling is not None:
        problems += spelling.problems(records, root, cache_dir)
    else:
        problems += site_spelling_problems(records, root, cache_dir)
    problems += hint_problems(hints, records, root, choice)
    return schema, drop_ignored(problems, root)  # errors first; kinds the site turns off go


def _site_words(records: list[Any]) -> set[str]:
    return vocabulary_words(r.metadata for r in records if r.error is None)


def _field_names(schema: Schema | None) -> list[str]:
    if schema is None:
        return []
    ranked = sorted(schema.fields.values(), key=lambda stats: (-stats.count, stats.order))
    return [stats.name for stats in ranked]


def _vocabulary(schema: Schema | None, key: str) -> list[str]:
    return schema.vocabulary(key) if schema is not None else []


def _date_format(record: PostRecord, key: str) -> str | None:
    raw = record.raw_dates.get(key)
    return date_format_of(raw) if raw else None


def _replace_spare_workers() -> None:
    """Start new spare workers for those a job used (if the window keeps any), off the GUI
    thread: starting a process waits on the forkserver."""
    threading.Thread(target=workers.keep_spares, name="spare workers", daemon=True).start()

"""The site index: one light ``PostRecord`` per post, scanned fast and kept in step with disk.

``SiteIndex(root).scan()`` finds the posts (see ``discovery``), reuses records from
the on-disk cache (see ``cache``) for files whose size and mtime are unchanged, and
parses the rest (see ``records``). A file that fails to parse becomes a record with an
error message instead of stopping the scan.

On a big site both ends use the second core (see ``parse_pool``): a first open parses
in worker processes, whose encoded rows go straight into the new cache file; a reopen
finds and stats the files in a worker while this process loads the cache. The cache
keeps a stamp of every file's path, size and mtime, so an unchanged site is recognised
by one comparison.

The field statistics of the schema (``schema.collect_field_stats``) are computed once per
set of records and cached beside them. ``records`` snapshots carry them (``RecordList``).

Body text for full-text search is kept lowercased with whitespace collapsed. It is
stored apart from the records in the cache and loaded only when a search needs it,
so opening a site stays fast and light.
"""

from __future__ import annotations

import bisect
import gc
import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.core.platform.workers import WorkerFailed
from editor.core.site.cache import CacheFileWriter, SiteCache, encode_row_chunks
from editor.core.site.discovery import (
    DiscoveredColumns,
    DiscoveredFile,
    decode_stamp,
    discover_columns,
    discover_posts,
    encode_stamp,
    is_post_file,
)
from editor.core.site.parse_pool import (
    BackgroundDiscovery,
    ParsedFiles,
    columns_from_stamp,
    parse_in_processes,
)
from editor.core.site.records import PostRecord, parse_post_file, read_body_text
from editor.core.site.schema import (
    collect_field_stats,
    field_stats_from_plain,
    field_stats_to_plain,
)
from editor.core.site.stats_delta import FirstSeen, apply_post_delta

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# Records parsed so far on a first open (see SiteIndex.scan).
Partial = Callable[[list[PostRecord]], None]

POOL_MIN_FILES = 3000
POOL_MIN_CORES = 2
# A records cache this big (about 2,000 posts) is worth finding the files in a worker.
BACKGROUND_DISCOVERY_MIN_CACHE_BYTES = 1_000_000
# Files parsed in this process between two partial results of a first open.
PARTIAL_STEP = 1000


class RecordList(list):
    """A snapshot of the records, sorted by relative path, with what was derived from them.

    ``field_stats`` (or None) are the schema's field statistics (``collect_field_stats``)
    of the records in ``counted``; ``schema.infer_schema`` uses them instead of counting
    again while the list still holds exactly those records.
    """

    field_stats: Any = None
    counted: list[PostRecord] | None = None


@dataclass(slots=True)
class ScanStats:
    total: int = 0
    parsed: int = 0
    from_cache: int = 0
    removed: int = 0
    cancelled: bool = False


# --- the index ----------------------------------------------------------------------


class SiteIndex:
    """All posts of one site folder, with a persistent cache (see module docstring).

    ``scan`` and ``update`` may run on a worker thread; readers get snapshots
    (``records``) and never see a half-built index.
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        cache_dir: str | os.PathLike[str] | None = None,
        use_cache: bool = True,
    ):
        self.root = Path(os.path.abspath(os.fspath(root)))
        self.cache = SiteCache(self.root, cache_dir) if use_cache else None
        self._records: dict[str, PostRecord] = {}
        self._order: list[str] = []  # rels in the order discovery found them (for the stamp)
        self._order_stamp: bytes | None = None  # or the stamp that holds them (_set_order)
        self._snapshot = RecordList()  # _records sorted by rel, with their field stats
        self._bodies_loaded = False  # once a search needed bodies, keep them current
        self._first_seen: FirstSeen | None = None  # for stats deltas; None until needed
        self._cache_stale = False
        self._lock = threading.Lock()

    # reading

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self):
        return iter(self.records)

    @property
    def records(self) -> RecordList:
        """Records sorted by relative path (a snapshot; safe to keep)."""
        snapshot = self._snapshot
        copy = RecordList(snapshot)
        copy.field_stats, copy.counted = snapshot.field_stats, snapshot.counted
        return copy

    def get(self, path: str | os.PathLike[str]) -> PostRecord | None:
        """The record for a relative (posix) or absolute path, if indexed."""
        return self._records.get(self._rel(path))

    def body_text(self, record: PostRecord) -> str:
        """The lowercased body for full-text search, loading all bodies on first use."""
        if record.body_lower is None:
            self.load_bodies()
        if record.body_lower is None:  # a record that is not (or no longer) in the index
            record.body_lower = read_body_text(record.path)
        return record.body_lower

    def load_bodies(self) -> None:
        """Fill every record's body text from the cache, re-reading files it lacks or has stale."""
        self._bodies_loaded = True
        missing = [r for r in self._records.values() if r.body_lower is None]
        if not missing:
            return
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            stored = self.cache.load_bodies() if self.cache else {}
        finally:
            if gc_was_enabled:
                gc.enable()
        reread = 0
        for record in missing:
            entry = stored.get(record.rel)
            if entry is not None and entry[0] == record.size and entry[1] == record.mtime_ns:
                record.body_lower = entry[2]
            else:
                record.body_lower = read_body_text(record.path)
                reread += 1
        if reread or len(stored) != len(self._records):
            self._save_bodies()

    # scanning

    def scan(
        self,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        partial: Partial | None = None,
    ) -> ScanStats:
        """Bring the index in step with the folder. A cancelled scan changes nothing.

        When every file has to be parsed (a first open), ``partial(records)`` gets the
        records parsed so far as they come in (from the workers' chunks, or every
        ``PARTIAL_STEP`` files here): sorted by path, each list holding the records of the
        one before, all of them the very records ``records`` has once the scan is done.
        On a reopen of a big site (the files found in a worker), it gets the cached
        records, sorted by path, before the files are checked against them: ``records``
        then holds the same records unless files changed since the cache was written."""
        # Loading and parsing create many long-lived containers at once: cyclic GC passes
        # over them only cost time.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._scan(progress, cancel, partial)
        finally:
            # The records live as long as the index: move them (and all else) to the oldest
            # generation at once, so the next young collection does not walk them all.
            gc.freeze()
            gc.unfreeze()
            if gc_was_enabled:
                gc.enable()

    def _scan(
        self, progress: Progress | None, cancel: threading.Event | None, partial: Partial | None
    ) -> ScanStats:
        background = self._discover_in_background()
        try:
            cached = self.cache.load() if self.cache is not None else None
            cached_rows = cached.rows if cached is not None else []
            cached_stamp = cached.stamp if cached is not None else None
            reopening = bool(cached_rows) and not self._records
            # While a worker finds the files, turn the cached rows into records here.
            prepared = self._records_from_cache(cached) if reopening and background else None
            if prepared is not None and partial is not None:
                partial(list(prepared[0]))  # as cached, before the files are checked
        except BaseException:
            if background is not None:
                background.close()
            raise
        stamp, columns = self._find_files(
            background, cached_stamp if reopening else None, bool(cached_rows or self._records)
        )
        if reopening and stamp is not None and stamp == cached_stamp:
            # Every file has the path, size and mtime it had when the cache was saved.
            prepared = prepared or self._records_from_cache(cached)
            if prepared is not None:
                records, by_rel, field_stats = prepared
                self._set_order(stamp)
                self._publish(by_rel, field_stats, in_order=records)
                if progress:
                    progress(len(records), len(records))
                return ScanStats(total=len(records), from_cache=len(records))
            if columns is None:
                columns = columns_from_stamp(self.root, stamp)
        assert columns is not None  # left out only for the cached stamp, handled above
        return self._scan_files(columns, cached, reopening, progress, cancel, partial)

    def _find_files(
        self, background: BackgroundDiscovery | None, cached_stamp: bytes | None, stat: bool
    ) -> tuple[bytes | None, DiscoveredColumns | None]:
        """(the files' stamp, their columns): the columns are left out (None) when the stamp
        is the cached one, and the stamp when nothing cached needs it. Without ``stat``
        (nothing to compare sizes and mtimes with) they come from the parser's open."""
        if background is not None:
            try:
                stamp = background.stamp()
                return stamp, None if stamp == cached_stamp else columns_from_stamp(
                    self.root, stamp
                )
            except WorkerFailed as exc:
                logger.warning("the background file listing failed (%s); listing here", exc)
        columns = discover_columns(self.root, stat=stat)
        if cached_stamp is None:
            return None, columns
        return encode_stamp(columns.rels, columns.sizes, columns.mtimes), columns

    def _scan_files(
        self,
        columns: DiscoveredColumns,
        cached,
        reopening: bool,
        progress: Progress | None,
        cancel: threading.Event | None,
        partial: Partial | None = None,
    ) -> ScanStats:
        """Bring the index in step with the files found: reuse what is current (memory or
        cache), parse the rest, publish, and save the cache."""
        cached_rows = cached.rows if cached is not None else []
        found = list(map(DiscoveredFile._make, zip(*columns, strict=True)))
        stats = ScanStats(total=len(found))
        fresh, to_parse, from_memory = self._reuse(found, {row[0]: row for row in cached_rows})
        stats.from_cache = len(found) - len(to_parse)
        if progress:
            progress(stats.from_cache, stats.total)
        # Parsing everything: workers' chunks go to the new cache file as they arrive.
        everything = bool(to_parse) and len(to_parse) == len(found)
        writer = self.cache.records_writer() if everything and self.cache is not None else None
        try:
            result = self._parse_many(
                to_parse, stats, progress, cancel, writer, partial if everything else None
            )
        except BaseException:
            if writer is not None:
                writer.abandon()
            raise
        if result is None:
            if writer is not None:
                writer.abandon()
            stats.cancelled = True
            return stats
        parsed = result.records
        for record in parsed:
            fresh[record.rel] = record
        stats.parsed = len(parsed)
        stats.removed = len(self._records.keys() - fresh.keys())
        self._order, self._order_stamp = columns.rels, None
        if not parsed and from_memory == len(fresh) == len(self._records):
            if self._cache_stale:  # an update left the writing for later
                self.save_cache()
            return stats  # nothing changed since the last scan
        cache_current = not parsed and not from_memory and len(cached_rows) == len(fresh)
        cached_stats = (
            field_stats_from_plain(cached.field_stats)
            if cache_current and cached is not None
            else None
        )
        all_parsed = len(parsed) == len(fresh)
        if cached_stats is not None:
            field_stats = cached_stats
        else:  # counted by the workers when they parsed everything, else counted now
            field_stats = result.field_stats if all_parsed else None
        self._publish(fresh, field_stats)
        if writer is not None and result.chunks is not None:  # the chunks are written
            plain_stats = field_stats_to_plain(self._snapshot.field_stats)
            writer.finish(result.chunks, plain_stats, self._stamp())
            if self._bodies_loaded:
                self._save_bodies()
        else:
            if writer is not None:
                writer.abandon()
            if cached_stats is None or reopening:  # changed, or only the stamp is stale
                self.save_cache()
        return stats

    def _discover_in_background(self) -> BackgroundDiscovery | None:
        """On reopening a big site, find its files in a worker while the cache loads here."""
        if self._records or self.cache is None or (os.cpu_count() or 1) < POOL_MIN_CORES:
            return None
        try:
            if self.cache.records_path.stat().st_size < BACKGROUND_DISCOVERY_MIN_CACHE_BYTES:
                return None
            return BackgroundDiscovery(self.root)
        except (OSError, WorkerFailed, RuntimeError):
            return None

    def _records_from_cache(self, cached) -> tuple[list[PostRecord], dict, Any] | None:
        """The cached rows as records (sorted by path, as saved), by rel, and their field
        stats."""
        field_stats = field_stats_from_plain(cached.field_stats)
        if field_stats is None:
            return None
        prefix = os.path.join(str(self.root), "")  # discovery builds paths the same way
        try:
            if os.sep == "/":
                records = [PostRecord(prefix + row[0], *row) for row in cached.rows]
            else:  # pragma: no cover - not Linux
                records = [
                    PostRecord(prefix + row[0].replace("/", os.sep), *row) for row in cached.rows
                ]
        except TypeError:
            return None
        return records, {r.rel: r for r in records}, field_stats

    def update(
        self, paths: Iterable[str | os.PathLike[str]], *, write_cache: bool = True
    ) -> list[str]:
        """Re-read the given files or folders (changed, added or removed); returns changed rels.

        Files alone adjust the field stats by each post's delta (``stats_delta``) and the
        snapshot in place, so the work is the size of the change, not of the site; a folder
        counts the whole site again. Without ``write_cache`` the cache is left for a later
        ``save_cache`` (``cache_stale`` says one is due)."""
        changed: list[str] = []
        records = dict(self._records)
        deltas: list[tuple[PostRecord | None, PostRecord | None]] | None = []
        for raw_path in paths:
            path = Path(os.fspath(raw_path))
            path = Path(os.path.abspath(path if path.is_absolute() else self.root / path))
            rel = self._rel(path)
            if path.is_dir():
                deltas = None
                prefix = "" if rel == "." else rel + "/"
                present = {prefix + f.rel: f for f in discover_posts(path)}
                gone = [r for r in records if r.startswith(prefix) and r not in present]
                for r in gone:
                    del records[r]
                changed += gone
                for r, item in present.items():
                    records[r] = parse_post_file(
                        item.path, r, item.size, item.mtime_ns, self._bodies_loaded
                    )
                    changed.append(r)
                continue
            old = records.get(rel)
            if path.is_file() and is_post_file(path):
                new = records[rel] = parse_post_file(str(path), rel, with_body=self._bodies_loaded)
            elif old is not None:
                new = None
                del records[rel]
            else:
                continue
            changed.append(rel)
            if deltas is not None:
                deltas.append((old, new))
        if changed:
            order = self._discovery_order()
            known = set(order)
            self._order = [r for r in order if r in records]
            self._order += [r for r in records if r not in known]
            if deltas is None or self._snapshot.field_stats is None:
                self._publish(records, None)
            else:
                try:
                    self._publish_deltas(records, deltas)
                except ValueError:  # stats out of step with the records: count them all
                    logger.warning("field stats out of step; counting them again", exc_info=True)
                    self._publish(records, None)
            self._cache_stale = True
            if write_cache:
                self.save_cache()
        return changed

    @property
    def cache_stale(self) -> bool:
        """True when the records changed since the cache was last written."""
        return self._cache_stale

    def save_cache(self) -> None:
        """Write the records and their field stats (and the bodies, when loaded) to the cache.

        The rows are encoded in chunks (``cache.encode_row_chunks``): on a worker thread,
        each chunk holds the GIL only briefly, so the GUI thread is never kept waiting long."""
        if self.cache is None:
            return
        self._cache_stale = False
        snapshot = self._snapshot
        stats = snapshot.field_stats
        self.cache.save_record_chunks(
            encode_row_chunks([r.as_cache_tuple() for r in snapshot]),
            field_stats_to_plain(stats) if stats is not None else None,
            self._stamp(),
        )
        if self._bodies_loaded:
            self._save_bodies()

    # internals

    def _stamp(self) -> bytes:
        """The files' stamp (discovery.encode_stamp) in discovery order, as the cache keeps it."""
        records = self._records
        order = self._discovery_order()
        if len(order) != len(records) or not all(map(records.__contains__, order)):
            order = list(records)
        chosen = [records[rel] for rel in order]
        return encode_stamp(order, [r.size for r in chosen], [r.mtime_ns for r in chosen])

    def _set_order(self, stamp: bytes) -> None:
        """The discovery order is that of stamp, decoded when first needed."""
        self._order, self._order_stamp = [], stamp

    def _discovery_order(self) -> list[str]:
        if self._order_stamp is not None:
            decoded = decode_stamp(self._order_stamp)
            self._order = decoded[0] if decoded is not None else []
            self._order_stamp = None
        return self._order

    def _publish(
        self,
        records: dict[str, PostRecord],
        field_stats: Any,
        in_order: list[PostRecord] | None = None,
    ) -> None:
        """Make records current, with field stats counted now unless given for exactly them;
        in_order: the same records already sorted by path."""
        snapshot = RecordList(
            in_order if in_order is not None else (records[rel] for rel in sorted(records))
        )
        snapshot.field_stats = (
            field_stats if field_stats is not None else collect_field_stats(snapshot)
        )
        snapshot.counted = list(snapshot)
        self._first_seen = None  # counted afresh: worked out again when a delta needs it
        with self._lock:
            self._records = records
            self._snapshot = snapshot

    def _publish_deltas(
        self,
        records: dict[str, PostRecord],
        deltas: list[tuple[PostRecord | None, PostRecord | None]],
    ) -> None:
        """Make records current from the published snapshot and the posts that changed
        (old, new), each adjusting the field stats by its delta (``stats_delta``)."""
        published = self._snapshot
        snapshot = RecordList(published)
        field_stats = published.field_stats
        if self._first_seen is None:
            self._first_seen = FirstSeen(published)
        for old, new in deltas:
            rel = (new or old).rel  # type: ignore[union-attr]
            position = bisect.bisect_left(snapshot, rel, key=_rel_of)
            present = position < len(snapshot) and snapshot[position].rel == rel
            if new is None:
                if present:
                    del snapshot[position]
            elif present:
                snapshot[position] = new
            else:
                snapshot.insert(position, new)
            field_stats = apply_post_delta(field_stats, old, new, snapshot, self._first_seen)
        snapshot.field_stats = field_stats
        snapshot.counted = list(snapshot)
        with self._lock:
            self._records = records
            self._snapshot = snapshot

    def _save_bodies(self) -> None:
        if self.cache is not None:
            records = self._records.values()
            self.cache.save_bodies(
                {
                    r.rel: (r.size, r.mtime_ns, r.body_lower)
                    for r in records
                    if r.body_lower is not None
                }
            )

    def _rel(self, path: str | os.PathLike[str]) -> str:
        text = os.fspath(path)
        if not os.path.isabs(text):
            return Path(text).as_posix()
        return Path(os.path.relpath(text, self.root)).as_posix()

    def _reuse(self, found: list[DiscoveredFile], cached: dict[str, tuple]):
        """Split found files into reusable records (memory or cache) and files to parse;
        also says how many came from memory."""
        fresh: dict[str, PostRecord] = {}
        to_parse: list[DiscoveredFile] = []
        from_memory = 0
        current = self._records
        get_cached = cached.get
        for item in found:
            path, rel, size, mtime_ns = item
            if current:
                record = current.get(rel)
                if record is not None and record.size == size and record.mtime_ns == mtime_ns:
                    fresh[rel] = record
                    from_memory += 1
                    continue
            row = get_cached(rel)
            if row is not None and row[1] == size and row[2] == mtime_ns:
                fresh[rel] = PostRecord(path, *row)
            else:
                to_parse.append(item)
        return fresh, to_parse, from_memory

    def _parse_many(
        self,
        items: list[DiscoveredFile],
        stats: ScanStats,
        progress: Progress | None,
        cancel: threading.Event | None,
        writer: CacheFileWriter | None = None,
        partial: Partial | None = None,
    ):
        """The files parsed (``ParsedFiles``), or None when cancelled. With a writer, worker
        processes' chunks go to it as they arrive and ``chunks`` are their spots in it;
        ``partial`` gets the records parsed so far, sorted by path (see ``scan``)."""
        work = [(f.path, f.rel, f.size, f.mtime_ns, self._bodies_loaded) for f in items]
        workers = min(os.cpu_count() or 1, 8)
        if len(work) >= POOL_MIN_FILES and workers >= POOL_MIN_CORES:
            report: Callable[[int], None] | None = None
            if progress:

                def report_parsed(done: int) -> None:
                    progress(stats.from_cache + done, stats.total)

                report = report_parsed

            try:
                sink = writer.add_chunk if writer is not None else None
                return parse_in_processes(work, workers, report, cancel, sink, partial)
            except (WorkerFailed, OSError) as exc:
                # No usable workers (e.g. a __main__ that cannot be re-imported).
                logger.warning("parsing workers failed (%s); parsing here", exc)
        return self._parse_serial(work, stats, progress, cancel, partial)

    def _parse_serial(self, work, stats, progress, cancel, partial=None) -> ParsedFiles | None:
        out = []
        for i, item in enumerate(work, 1):
            if cancel is not None and i % 64 == 0 and cancel.is_set():
                return None
            out.append(parse_post_file(*item))
            if progress and i % 256 == 0:
                progress(stats.from_cache + i, stats.total)
            if partial is not None and i % PARTIAL_STEP == 0 and i < len(work):
                partial(sorted(out, key=_rel_of))
        if cancel is not None and cancel.is_set():
            return None
        if progress:
            progress(stats.total, stats.total)
        return ParsedFiles(out)


def _rel_of(record: PostRecord) -> str:
    return record.rel

"""Opening a big site in worker processes (``workers``): parsing many post files on a
first open, and finding them all (stat of every file) on a reopen while the cache loads.

The files, sorted by path, are split into one contiguous share per worker, handed over
once. Each worker parses its share and sends back, every ``STEP`` files, their cache
rows already encoded in chunks (``cache.encode_row_chunks``: the cache file takes those
bytes as they are, and each chunk decodes while holding the GIL only briefly) and their
field statistics, which merge in order into what counting all the sorted records would
give. Shipping PostRecords as pickles would cost more than parsing them,
and a pool that hands out small tasks leaves workers idle between them.
"""

from __future__ import annotations

import marshal
import os
import threading
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from operator import itemgetter
from typing import Any, cast

from editor.core.platform.workers import (
    Worker,
    WorkerFailed,
    preload_in_workers,
    receive,
    take_worker,
    task_input,
)
from editor.core.site.cache import decode_rows, encode_row_chunks
from editor.core.site.discovery import (
    DiscoveredColumns,
    decode_stamp,
    discover_columns,
    stat_paths,
)
from editor.core.site.records import PostRecord, parse_post_bytes, parse_post_file
from editor.core.site.schema import (
    collect_field_stats,
    field_stats_from_plain,
    field_stats_to_plain,
    merge_field_stats,
)

preload_in_workers(__name__)  # the forkserver imports this module for its workers

STEP = 1000  # files per message a worker sends (about 0.6-0.9 MB; progress moves by it)

WorkItem = tuple[str, str, int | None, int | None, bool]  # parse_post_file's arguments


@dataclass(slots=True)
class ParsedFiles:
    """Records parsed by a scan, with what worker processes already derived from them."""

    records: list[PostRecord]
    field_stats: Any = None  # of exactly these records, in their order; None: not counted
    chunks: list[Any] | None = None  # these records' encoded cache rows (or chunk_sink's tokens)


_WARM_UP_POSTS = (
    "---\ntitle: A post\ndate: 2020-09-30-07-25-20 \ncategories: [latest, news]\n"
    "featured: true\ncount: 3\n---\nBody  \n",
    "---\ntitle: 'Quoted'\ndate: 2020-09-30\ntags:\n  - a\n---\nBody\n",
    '+++\ntitle = "TOML"\ndate = 2020-09-30T07:25:20Z\n+++\nBody\n',
    '{"title": "JSON", "date": "Sep 30, 2020"}\nBody\n',
)


def warm_up() -> None:
    """For a spare worker, before it has a task: take a few posts of each kind through
    what a share takes them through (parse, encode, count), so the pages and lazily made
    things that costs are in place when a real share arrives."""
    records = [
        parse_post_bytes(f"/warm-up/{n}.md", f"{n}.md", text.encode())
        for n, text in enumerate(_WARM_UP_POSTS * 50)
    ]
    encode_row_chunks([r.as_cache_tuple() for r in records])
    field_stats_to_plain(collect_field_stats(records))


def _parse_share(connection: Connection, work: bytes, step: int) -> None:
    """Worker task: parse a share of work items (marshalled columns), sending for every
    step files (encoded rows, their plain field stats, their bodies or None), then None."""
    paths, rels, sizes, mtimes, with_body = marshal.loads(work)
    items = list(zip(paths, rels, sizes, mtimes, [with_body] * len(paths), strict=True))
    for start in range(0, len(items), step):
        batch = [parse_post_file(*item) for item in items[start : start + step]]
        chunks = encode_row_chunks([r.as_cache_tuple() for r in batch])
        stats = field_stats_to_plain(collect_field_stats(batch))
        connection.send((chunks, stats, [r.body_lower for r in batch] if with_body else None))
    connection.send(None)


def parse_in_processes(
    work: list[WorkItem],
    workers: int,
    progress: Callable[[int], None] | None = None,
    cancel: threading.Event | None = None,
    chunk_sink: Callable[[bytes], Any] | None = None,
    partial: Callable[[list[PostRecord]], None] | None = None,
) -> ParsedFiles | None:
    """Parse every work item in ``workers`` processes; records sorted by path, or None
    when cancelled. ``progress(files parsed so far)`` is called as results arrive, and so
    is ``chunk_sink(encoded rows)``, when given: ``chunks`` are then what it returned,
    in row order. ``partial(records)``, when given, gets the records parsed so far, sorted
    by path (each share is a run of the sorted files), after every chunk but the last.
    Raises WorkerFailed (or OSError) when the workers cannot do it."""
    if not work:
        return ParsedFiles([], (0, {}), [])
    size = -(-len(work) // max(1, workers))
    share_count = -(-len(work) // size)
    started: list[Worker] = []
    finished = False
    try:
        for _ in range(share_count):
            started.append(take_worker())
        # The work goes through a pipe, not as a Process argument: a big argument makes
        # starting a process wait until it has read it.
        work = sorted(work, key=itemgetter(1))
        shares = [work[i : i + size] for i in range(0, len(work), size)]
        for worker, items in zip(started, shares, strict=True):
            columns: list[Any] = [list(column) for column in zip(*items, strict=True)]
            columns[4] = bool(items[0][4])
            worker.run(_parse_share, marshal.dumps(columns), STEP)
        receivers = [worker.results for worker in started]
        collected = _collect(shares, receivers, progress, cancel, chunk_sink, partial)
        finished = collected is not None
        return collected
    finally:
        for worker in started:
            worker.close(finished)


def _collect(shares, receivers, progress, cancel, chunk_sink, partial=None) -> ParsedFiles | None:
    records: list[list[PostRecord]] = [[] for _ in shares]
    chunks: list[list[Any]] = [[] for _ in shares]
    stats: list[list[Any]] = [[] for _ in shares]
    done = 0
    total = sum(map(len, shares))
    for index, message in receive(receivers, cancel, "a parsing worker"):
        if message is None:  # the share is done
            if len(records[index]) != len(shares[index]):
                raise WorkerFailed("a parsing worker stopped early")
            continue
        encoded_chunks, plain_stats, bodies = message
        items = shares[index]
        at = len(records[index])
        batch = []
        for encoded in encoded_chunks:  # each a few hundred rows: the GIL held briefly
            rows = decode_rows(encoded)
            if rows is None or at + len(batch) + len(rows) > len(items):
                raise WorkerFailed("a parsing worker's records could not be read")
            start = at + len(batch)
            batch += [
                PostRecord(item[0], *row) for item, row in zip(items[start:], rows, strict=False)
            ]
            chunks[index].append(chunk_sink(encoded) if chunk_sink is not None else encoded)
        if bodies is not None:
            for record, body in zip(batch, bodies, strict=True):
                record.body_lower = body
        records[index] += batch
        stats[index].append(field_stats_from_plain(plain_stats))
        done += len(batch)
        if progress:
            progress(done)
        if partial is not None and done < total:
            partial([r for share in records for r in share])
    if cancel is not None and cancel.is_set():
        return None
    return ParsedFiles(
        [r for share in records for r in share],
        merge_field_stats(part for share in stats for part in share),
        [c for share in chunks for c in share],
    )


STAT_STEP = 500  # files stat-ed between looks at how far the other side has come


def _discover_share(connection: Connection, root: str, step: int) -> None:
    """Worker task: find the files under root (discover_columns without stat), send their
    names, then stat them from the first on, sending (start, sizes, mtimes) every
    step files, until reaching the first file the caller took on (it sends that index as
    it goes); then an empty message."""
    control = task_input()
    columns = discover_columns(root, stat=False)
    connection.send_bytes("\0".join(columns.rels).encode("utf-8", "surrogateescape"))
    limit = len(columns.paths)
    start = 0
    while True:
        while control.poll():
            limit = min(limit, control.recv())
        if start >= limit:
            break
        end = min(start + step, limit)
        sizes, mtimes = stat_paths(columns.paths[start:end])
        connection.send_bytes(start.to_bytes(8, "little") + sizes.tobytes() + mtimes.tobytes())
        start = end
    connection.send_bytes(b"")


class BackgroundDiscovery:
    """``discover_columns(root)`` (with stat) in a worker process while this process loads
    the cache: on a big site each takes tens of milliseconds. The worker lists the files
    and stats them from the first; whoever of the two is free first helps with the stat
    calls, this process from the last file back (``stamp``). The result is the files'
    stamp (discovery.encode_stamp), which compares with the cache's at once."""

    def __init__(self, root: str | os.PathLike[str], step: int = STAT_STEP):
        self.root = os.path.abspath(os.fspath(root))
        self._step = step
        self._worker = take_worker()
        try:
            self._worker.run(_discover_share, self.root, step)
        except BaseException:
            self._worker.close(finished=False)
            raise

    def stamp(self) -> bytes:
        """The stamp of the files found; WorkerFailed if the worker could not."""
        finished = False
        try:
            stamp = self._shared_stamp(self._worker)
            finished = True
            return stamp
        except (EOFError, OSError, ValueError) as exc:
            raise WorkerFailed("the discovery worker stopped") from exc
        finally:
            self._worker.close(finished)

    def _shared_stamp(self, worker: Worker) -> bytes:
        results = worker.results
        names = results.recv_bytes()
        rels = names.decode("utf-8", "surrogateescape").split("\0") if names else []
        count = len(rels)
        sizes, mtimes = array("q", [-1]) * count, array("q", [-1]) * count
        done = 0  # the worker has stat-ed every file before this index
        worker_finished = False

        def take(message: bytes) -> None:
            nonlocal done, worker_finished
            if not message:
                worker_finished = True
                return
            start = int.from_bytes(message[:8], "little")
            block = array("q")
            block.frombytes(message[8:])
            n = len(block) // 2
            if start + n > count:
                raise ValueError("a block beyond the files")
            sizes[start : start + n] = block[:n]
            mtimes[start : start + n] = block[n:]
            done = max(done, start + n)

        while not worker_finished and results.poll():
            take(results.recv_bytes())
        prefix = os.path.join(self.root, "")
        high = count
        while not worker_finished and high > done:
            low = max(done, high - self._step)
            try:
                worker.send(low)  # the worker stops before the files taken here
            except WorkerFailed:
                break  # it finished (or stopped): what it sent tells which
            part_sizes, part_mtimes = stat_paths(
                [prefix + rel.replace("/", os.sep) for rel in rels[low:high]]
            )
            sizes[low:high], mtimes[low:high] = part_sizes, part_mtimes
            high = low
            while not worker_finished and results.poll():
                take(results.recv_bytes())
        while not worker_finished:
            take(results.recv_bytes())
        return len(names).to_bytes(8, "little") + names + sizes.tobytes() + mtimes.tobytes()

    def close(self) -> None:
        """Stop the worker if stamp() was never asked for."""
        self._worker.close(finished=False)


def columns_from_stamp(root: str | os.PathLike[str], stamp: bytes) -> DiscoveredColumns:
    """The files a stamp of root's files stands for, as discover_columns gives them (less
    any whose stat failed); WorkerFailed for a stamp that is not one."""
    root = os.path.abspath(os.fspath(root))
    decoded = decode_stamp(stamp)
    if decoded is None:
        raise WorkerFailed("the discovery worker sent something unreadable")
    rels, sizes, mtimes = decoded
    if -1 in sizes:  # files whose stat failed (gone since they were listed)
        kept = [i for i, size in enumerate(sizes) if size != -1]
        rels = [rels[i] for i in kept]
        sizes = [sizes[i] for i in kept]
        mtimes = [mtimes[i] for i in kept]
    # discover_columns builds each path as the root, the separator and the parts.
    prefix = os.path.join(root, "")
    if os.sep == "/":
        paths = [prefix + rel for rel in rels]
    else:  # pragma: no cover - not Linux
        paths = [prefix + rel.replace("/", os.sep) for rel in rels]
    # The stamp has every size and mtime; the columns also allow None (not yet stat'ed).
    return DiscoveredColumns(
        paths, rels, cast("list[int | None]", sizes), cast("list[int | None]", mtimes)
    )

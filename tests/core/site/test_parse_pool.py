"""parse_pool: parsing post files in worker processes gives exactly the serial results
(records, field stats, encoded cache rows), and a failing worker falls back cleanly."""

from __future__ import annotations

import multiprocessing
import os
import random
import sys
import threading

import pytest

from editor.core.platform import workers
from editor.core.site import index as index_module
from editor.core.site import parse_pool
from editor.core.site.cache import decode_rows
from editor.core.site.discovery import discover_posts
from editor.core.site.index import SiteIndex
from editor.core.site.parse_pool import WorkerFailed, parse_in_processes
from editor.core.site.records import parse_post_file
from editor.core.site.schema import collect_field_stats, merge_field_stats
from tests.core.sitegen import generate_site

STEP = 3  # small, so that every worker sends several messages

BROKEN_YAML = "source/_posts/zz-broken.md"
NO_FRONT_MATTER = "source/_posts/aa-plain.md"
EXTRA_POSTS = {
    # Broken YAML: an error record, counted by no field.
    BROKEN_YAML: "---\ntitle: [unclosed\nauthor: Ann\n---\nbody\n",
    # No front matter at all: a record without a format.
    NO_FRONT_MATTER: "Just some words, no front matter.\n",
    # An unquoted YAML date (a datetime.date, which the row encoding pickles) and a field
    # that only appears late in the sort order.
    "source/_posts/zz-dated.md": "---\ntitle: Dated\npublished: 2021-03-04\nrating: 4\n---\nx\n",
    # Sorts first: its own field "summary" is first seen before the generated posts' ones.
    "source/_posts/0000-early.md": "---\nsummary: Early\ntitle: Early\n---\nbody\n",
    # TOML front matter.
    "source/_posts/mm-toml.md": '+++\ntitle = "Toml post"\ntags = ["a", "b"]\n+++\nbody\n',
}


@pytest.fixture
def site(tmp_path, isolated_dirs):
    """A generated site of 25 posts (one with a planted parse error) plus EXTRA_POSTS:
    30 posts, 28 of which parse."""
    generated = generate_site(tmp_path / "site", 25, seed=5, plant=("parse-error",))
    for rel, text in EXTRA_POSTS.items():
        (generated.root / rel).write_text(text, encoding="utf-8")
    return generated


@pytest.fixture
def small_step(monkeypatch):
    monkeypatch.setattr(parse_pool, "STEP", STEP)


def _work(root, stat=True, with_body=False, shuffle=True):
    """parse_post_file's argument tuples for every post under root, in a shuffled order
    (parse_in_processes sorts them by rel)."""
    work = [(f.path, f.rel, f.size, f.mtime_ns, with_body) for f in discover_posts(root, stat)]
    if shuffle:
        random.Random(1).shuffle(work)
    return work


def _serial(work):
    return [parse_post_file(*item) for item in sorted(work, key=lambda item: item[1])]


def _rows(records):
    return [r.as_cache_tuple() for r in records]


def test_pool_records_stats_and_chunks_equal_the_serial_parse(site, small_step):
    """Two workers give the serial records sorted by rel (error and no-front-matter records
    included), field stats equal to counting those records, and encoded chunks that decode
    to exactly those rows in order, at most STEP rows per chunk."""
    work = _work(site.root)
    serial = _serial(work)
    by_rel = {r.rel: r for r in serial}
    assert by_rel[BROKEN_YAML].error is not None
    assert by_rel[site.planted["parse-error"][0]].error is not None
    assert by_rel[NO_FRONT_MATTER].error is None and by_rel[NO_FRONT_MATTER].format is None

    result = parse_in_processes(work, workers=2)

    assert result is not None
    assert [r.rel for r in result.records] == sorted(item[1] for item in work)
    assert _rows(result.records) == _rows(serial)
    assert [r.path for r in result.records] == [r.path for r in serial]

    posts, fields = result.field_stats
    expected_posts, expected_fields = collect_field_stats(serial)
    assert posts == expected_posts == len(serial) - 2
    assert list(fields) == list(expected_fields)  # same first-seen order
    for name, stats in expected_fields.items():
        assert fields[name] == stats, name  # order, count, kinds, values, date_formats
    assert list(fields)[:2] == ["summary", "title"]
    assert "published" in fields and fields["published"].kinds == {"date": 1}

    decoded = [decode_rows(chunk) for chunk in result.chunks]
    assert all(rows is not None and 0 < len(rows) <= STEP for rows in decoded)
    assert len(decoded) > 2  # several messages per worker
    assert [row for rows in decoded for row in rows] == _rows(serial)


def test_more_workers_than_files(tmp_path, isolated_dirs, small_step):
    """With more workers than files each file gets its own share, and nothing is lost."""
    generated = generate_site(tmp_path / "site", 4, seed=2)
    work = _work(generated.root)
    result = parse_in_processes(work, workers=8)
    assert _rows(result.records) == _rows(_serial(work))
    assert len(result.chunks) == 4


def test_unknown_size_and_mtime_come_from_the_file(site, small_step):
    """Work items without size and mtime_ns get the file's real ones (as os.stat gives)."""
    work = _work(site.root, stat=False)
    assert all(item[2] is None and item[3] is None for item in work)
    result = parse_in_processes(work, workers=2)
    for record in result.records:
        st = os.stat(record.path)
        assert (record.size, record.mtime_ns) == (st.st_size, st.st_mtime_ns), record.rel
    assert _rows(result.records) == _rows(_serial(_work(site.root, stat=True)))


def test_with_body_items_bring_the_bodies_back(site, small_step):
    """Items asking for the body get the serial parser's body_lower; others get None."""
    work = _work(site.root, with_body=True)
    result = parse_in_processes(work, workers=2)
    expected = [r.body_lower for r in _serial(work)]
    assert [r.body_lower for r in result.records] == expected
    assert sum(1 for body in expected if body) >= 25
    without = parse_in_processes(_work(site.root), workers=2)
    assert all(r.body_lower is None for r in without.records)


def test_progress_counts_increase_to_the_total(site, small_step):
    """progress gets strictly increasing counts of parsed files, ending at len(work)."""
    work = _work(site.root)
    calls: list[int] = []
    parse_in_processes(work, workers=2, progress=calls.append)
    assert len(calls) > 2
    assert all(a < b for a, b in zip(calls, calls[1:], strict=False))
    assert calls[0] > 0 and calls[-1] == len(work)


def test_cancelled_before_start_returns_none_and_leaves_no_workers(site, small_step):
    """A cancel event already set gives None, and no worker process is left alive."""
    cancel = threading.Event()
    cancel.set()
    assert parse_in_processes(_work(site.root), workers=2, cancel=cancel) is None
    assert multiprocessing.active_children() == []


def test_cancelled_while_running_returns_none_and_leaves_no_workers(site, small_step):
    """A cancel set after the first results arrive gives None and stops every worker."""
    cancel = threading.Event()
    calls: list[int] = []

    def progress(done: int) -> None:
        calls.append(done)
        cancel.set()

    work = _work(site.root)
    assert parse_in_processes(work, workers=2, progress=progress, cancel=cancel) is None
    assert calls and calls[-1] < len(work)
    assert multiprocessing.active_children() == []


# Replacements for parse_pool._parse_share. They are module-level functions: a forked
# worker inherits the monkeypatch, and under forkserver or spawn the target is pickled by
# its qualified name and this module imported in the worker, so they run either way. The
# real share would succeed, so WorkerFailed proves the replacement ran.


def _exits_without_sending(connection, work, step):
    os._exit(3)


def _raises_without_sending(connection, work, step):
    raise RuntimeError("planted worker failure (expected in this test)")


def _sends_unreadable_rows(connection, work, step):
    connection.send((b"not encoded rows", None, None))
    connection.send(None)


def _stops_early(connection, work, step):
    connection.send(None)


@pytest.mark.parametrize(
    ("share", "message"),
    [
        (_exits_without_sending, "a parsing worker stopped"),
        (_raises_without_sending, "a parsing worker stopped"),
        (_sends_unreadable_rows, "could not be read"),
        (_stops_early, "stopped early"),
    ],
)
def test_failing_worker_raises_worker_failed(site, small_step, monkeypatch, share, message):
    """A worker that dies, raises, sends unreadable rows or stops short raises WorkerFailed,
    and every worker is gone afterwards."""
    monkeypatch.setattr(parse_pool, "_parse_share", share)
    with pytest.raises(WorkerFailed, match=message):
        parse_in_processes(_work(site.root), workers=2)
    assert multiprocessing.active_children() == []


def test_site_index_falls_back_to_serial_parsing_when_workers_fail(site, monkeypatch):
    """When the pool raises WorkerFailed, SiteIndex parses in-process and still gets every
    record, equal to a serial scan; its cache is saved and reused."""
    serial = SiteIndex(site.root, use_cache=False)
    serial.scan()
    monkeypatch.setattr(index_module, "POOL_MIN_FILES", 5)
    monkeypatch.setattr(index_module, "POOL_MIN_CORES", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(parse_pool, "STEP", STEP)
    monkeypatch.setattr(parse_pool, "_parse_share", _exits_without_sending)
    outcomes: list[str] = []

    def spying_pool(*args, **kwargs):
        try:
            result = parse_in_processes(*args, **kwargs)
        except WorkerFailed:
            outcomes.append("failed")
            raise
        outcomes.append("ok")
        return result

    monkeypatch.setattr(index_module, "parse_in_processes", spying_pool)
    calls: list[tuple[int, int]] = []
    fallback = SiteIndex(site.root)
    stats = fallback.scan(progress=lambda done, total: calls.append((done, total)))
    assert outcomes == ["failed"]  # the pool was tried, and failed
    assert stats.parsed == stats.total == len(serial) == 30
    assert _rows(fallback.records) == _rows(serial.records)
    assert calls[-1] == (30, 30)
    assert multiprocessing.active_children() == []
    warm = SiteIndex(site.root)
    assert warm.scan().parsed == 0
    assert _rows(warm.records) == _rows(serial.records)


def test_start_method_forks_only_without_qt_and_other_threads(monkeypatch):
    """Fork is chosen only in a single-threaded process without PySide6.QtCore loaded."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("this platform has no fork start method")
    monkeypatch.setitem(sys.modules, "PySide6.QtCore", sys)  # any module object will do
    assert workers.start_method() != "fork"
    monkeypatch.delitem(sys.modules, "PySide6.QtCore")
    if threading.active_count() != 1:
        pytest.skip("another thread is running in this test process")
    assert workers.start_method() == "fork"
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert workers.start_method() != "fork"
    finally:
        release.set()
        thread.join()


def test_merge_field_stats_of_consecutive_slices_equals_one_count(site):
    """Merging the stats of consecutive slices gives what counting all records gives
    (same field order, counts, kinds, values, date formats); a missing part gives None."""
    records = _serial(_work(site.root))
    expected_posts, expected_fields = collect_field_stats(records)
    cuts = [0, 1, 7, 8, 20, len(records)]
    parts = [collect_field_stats(records[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]
    # Field first-seen positions differ per slice (e.g. the late "published" field is 0 in
    # a slice of its own), so the merge really has to renumber them.
    assert parts[0][1] != expected_fields or parts[-1][1] != expected_fields
    posts, fields = merge_field_stats(parts)
    assert posts == expected_posts
    assert list(fields) == list(expected_fields)
    assert [s.order for s in fields.values()] == list(range(len(expected_fields)))
    for name, stats in expected_fields.items():
        assert fields[name] == stats, name
    halves = [collect_field_stats(records[:10]), None, collect_field_stats(records[10:])]
    assert merge_field_stats(halves) is None
    assert merge_field_stats([None]) is None


def test_discover_without_stat_finds_the_same_posts(site):
    """discover_posts(root, stat=False) finds the same rels as with stat, without sizes
    or mtimes."""
    with_stat = discover_posts(site.root)
    without = discover_posts(site.root, stat=False)
    assert sorted(f.rel for f in without) == sorted(f.rel for f in with_stat)
    assert len(without) == 30
    assert all(f.size is None and f.mtime_ns is None for f in without)
    assert all(f.size is not None and f.mtime_ns is not None for f in with_stat)
    assert sorted(f.path for f in without) == sorted(f.path for f in with_stat)


def test_no_work_gives_an_empty_result():
    """An empty work list gives no records, zero posts counted and no chunks."""
    parsed = parse_in_processes([], 2)
    assert parsed.records == [] and parsed.field_stats == (0, {}) and parsed.chunks == []


def test_a_dangling_link_is_not_a_post_with_or_without_stat(tmp_path):
    """A .md symlink to a missing file is skipped whether discovery stats or not, so a
    first open and a rescan agree on what the site holds."""
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\n")
    (tmp_path / "dangling.md").symlink_to(tmp_path / "missing.md")
    (tmp_path / "linked.md").symlink_to(tmp_path / "a.md")
    for stat in (True, False):
        assert sorted(f.rel for f in discover_posts(tmp_path, stat=stat)) == ["a.md", "linked.md"]
    index = SiteIndex(tmp_path, use_cache=False)
    assert index.scan().total == 2
    assert index.scan().removed == 0


@pytest.mark.parametrize("step", [1, 3, 1000])
def test_background_discovery_gives_the_stamp_discovery_gives(site, step):
    """The worker and this process share the stat calls (in steps of 1, 3 or all at
    once); the stamp is exactly discover_columns' and its columns give the same files."""
    from editor.core.site.discovery import discover_columns, encode_stamp

    columns = discover_columns(site.root)
    stamp = parse_pool.BackgroundDiscovery(site.root, step=step).stamp()
    assert stamp == encode_stamp(columns.rels, columns.sizes, columns.mtimes)
    assert parse_pool.columns_from_stamp(site.root, stamp) == columns
    assert multiprocessing.active_children() == []


def test_background_discovery_leaves_out_files_gone_before_their_stat(site):
    """A file listed but gone before it is stat-ed gets no size in the stamp (so it never
    matches a cache) and is left out of the columns."""
    from editor.core.site.discovery import decode_stamp, encode_stamp

    rels = ["a.md", "gone.md"]
    stamp = encode_stamp(rels, [5, -1], [7, -1])
    columns = parse_pool.columns_from_stamp(site.root, stamp)
    assert columns.rels == ["a.md"] and columns.sizes == [5] and columns.mtimes == [7]
    assert columns.paths == [os.path.join(os.path.abspath(site.root), "a.md")]
    assert decode_stamp(stamp)[1] == [5, -1]


def test_background_discovery_when_this_process_comes_late(site):
    """If the worker has stat-ed every file by the time the stamp is asked for, the stamp
    is still discovery's and the worker is gone."""
    import time

    from editor.core.site.discovery import discover_columns, encode_stamp

    columns = discover_columns(site.root)
    background = parse_pool.BackgroundDiscovery(site.root, step=1)
    time.sleep(0.5)
    assert background.stamp() == encode_stamp(columns.rels, columns.sizes, columns.mtimes)
    assert multiprocessing.active_children() == []


def test_partial_records_grow_in_path_order_into_the_result(site, small_step):
    """partial(records) gets the records parsed so far, sorted by path, each list the
    one before plus more, all of them the very records of the result; not the last."""
    seen = []
    result = parse_in_processes(_work(site.root), workers=2, partial=seen.append)
    assert result is not None and seen
    final = [id(r) for r in result.records]
    for before, after in zip([[], *seen], seen, strict=False):
        assert [r.rel for r in after] == sorted(r.rel for r in after)
        assert {id(r) for r in before} < {id(r) for r in after} <= set(final)
    assert len(seen[-1]) < len(final)

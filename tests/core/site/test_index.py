"""SiteIndex: fast front matter records, parse errors as data, cache reuse and updates."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from editor.core.errors import PostError
from editor.core.post.model import Post
from editor.core.site import index as index_module
from editor.core.site.discovery import decode_stamp, encode_stamp
from editor.core.site.index import SiteIndex, parse_post_file
from tests.core.sitegen import generate_site
from tests.sample import SAMPLE


@pytest.fixture
def site(tmp_path, isolated_dirs):
    return generate_site(tmp_path / "site", 40, seed=3)


def _bump_mtime(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_jigsaw_post_record(data_dir):
    """A Jigsaw post gives title, raw date, sortable date key, key lines and typed values."""
    path = data_dir / "posts/jigsaw-news.md"
    record = parse_post_file(str(path), "jigsaw-news.md")
    assert record.error is None and record.format == "yaml"
    assert record.title.startswith("Harbour ferry service returns")
    assert record.date_text == "2020-09-30-07-25-20"
    assert record.date_key == "2020-09-30T07:25:20"
    assert record.metadata["categories"] == ["latest", "news"]
    assert record.metadata["featured"] is True
    assert record.key_lines["extends"] == 2 and record.key_lines["featured"] == 9
    assert record.body_line == 11


def test_key_lines_match_the_post_model(data_dir):
    """Key lines agree with Post.key_line for every post in tests/data/posts."""
    for path in sorted((data_dir / "posts").glob("*.md")):
        record = parse_post_file(str(path), path.name)
        post = Post.load(path)
        assert record.error is None, path
        assert record.format == post.format, path
        for key in post.metadata:
            if key in record.key_lines:
                assert record.key_lines[key] == post.key_line(key), (path, key)
        assert set(record.metadata) == set(post.metadata), path


def test_toml_and_json_front_matter(data_dir):
    """TOML and JSON posts are parsed with tomllib and json."""
    toml = parse_post_file(str(data_dir / "posts/toml.md"), "toml.md")
    assert toml.format == "toml" and toml.title == "TOML front matter"
    assert toml.date_key == "2023-05-06T07:08:09" and toml.key_lines["params"] == 9
    js = parse_post_file(str(data_dir / "posts/json.md"), "json.md")
    assert js.format == "json" and js.metadata["tags"] == ["json", "hugo"]
    assert js.key_lines["draft"] == 5 and js.date_key == "2019-11-12T00:00:00"


def test_parse_errors_are_records_with_the_post_model_message(data_dir):
    """A bad file never raises; it carries the same message and line as Post.from_bytes."""
    for path in sorted((data_dir / "invalid").glob("*.md")):
        record = parse_post_file(str(path), path.name)
        with pytest.raises(PostError) as caught:
            Post.from_bytes(path.read_bytes(), path=path)
        assert record.error == caught.value.message, path
        assert record.error_line == caught.value.line, path


def test_sample_post_with_trailing_spaces(tmp_path):
    """The sample's trailing spaces after values and after the closing '--- ' are handled."""
    record = parse_post_file(str(SAMPLE), SAMPLE.name)
    assert record.error is None
    assert record.date_text == "2020-09-30-07-25-20"
    assert record.metadata["categories"] == ["latest", "news"]


def test_scan_then_warm_scan_reads_nothing(site, isolated_dirs):
    """A second index of the same site takes every record from the cache."""
    first = SiteIndex(site.root)
    stats = first.scan()
    assert (stats.total, stats.parsed, stats.from_cache) == (40, 40, 0)
    second = SiteIndex(site.root)
    stats = second.scan()
    assert (stats.parsed, stats.from_cache) == (0, 40)
    assert [r.metadata for r in second.records] == [r.metadata for r in first.records]
    assert [r.key_lines for r in second.records] == [r.key_lines for r in first.records]
    cache_root = Path(os.environ["XDG_CACHE_HOME"]) / "masthead" / "sites"
    assert any(cache_root.iterdir())


def test_cache_invalidation_on_touch_size_delete_add(site, isolated_dirs):
    """Only touched, resized or new files are re-read; deleted ones disappear."""
    SiteIndex(site.root).scan()
    touched, resized, deleted = site.posts[0], site.posts[1], site.posts[2]
    _bump_mtime(touched)
    resized.write_text(resized.read_text().replace("title: ", "title: Changed ", 1))
    deleted.unlink()
    added = site.posts_dir / "2030-01-01-new-post.md"
    added.write_text("---\ntitle: Brand new\ndate: 2030-01-01-00-00-00\n---\nhello\n")
    index = SiteIndex(site.root)
    stats = index.scan()
    assert stats.parsed == 3 and stats.from_cache == 37 and stats.total == 40
    assert index.get(str(deleted)) is None
    assert index.get(str(added)).title == "Brand new"
    assert index.get(str(resized)).title.startswith("Changed ")


def _no_per_file_reuse(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("compared file by file")

    monkeypatch.setattr(SiteIndex, "_reuse", refuse)


def test_unchanged_reopen_compares_the_whole_site_at_once(site, isolated_dirs, monkeypatch):
    """Reopening an unchanged site takes every record from the cache without comparing
    them file by file, and gives exactly the cold open's records and paths."""
    cold = SiteIndex(site.root)
    cold.scan()
    _no_per_file_reuse(monkeypatch)
    warm = SiteIndex(site.root)
    stats = warm.scan()
    assert (stats.total, stats.parsed, stats.from_cache) == (40, 0, 40)
    assert [r.as_cache_tuple() for r in warm.records] == [r.as_cache_tuple() for r in cold.records]
    assert [r.path for r in warm.records] == [r.path for r in cold.records]
    assert all(Path(r.path).is_file() for r in warm.records)


def test_a_same_size_edit_is_seen_on_reopen(site, isolated_dirs):
    """A file rewritten in place with the same size (only its mtime differs) is re-read."""
    SiteIndex(site.root).scan()
    post = site.posts[5]
    text = post.read_text()
    title_line = next(line for line in text.splitlines() if line.startswith("title: "))
    swapped = "title: " + title_line[len("title: ") :][::-1]
    post.write_text(text.replace(title_line, swapped, 1))
    _bump_mtime(post)
    index = SiteIndex(site.root)
    stats = index.scan()
    assert (stats.parsed, stats.from_cache) == (1, 39)
    assert index.get(str(post)).title == swapped[len("title: ") :].strip()


def test_a_rename_is_seen_on_reopen(site, isolated_dirs):
    """A renamed post is found under its new path and gone from the old one."""
    SiteIndex(site.root).scan()
    old = site.posts[7]
    new = old.with_name("2031-05-05-renamed.md")
    old.rename(new)
    index = SiteIndex(site.root)
    index.scan()
    assert index.get(str(old)) is None and index.get(str(new)) is not None
    assert len(index) == 40


def test_a_stale_stamp_falls_back_and_is_renewed(site, isolated_dirs, monkeypatch):
    """A cache whose saved discovery order no longer matches is still used file by file,
    and the reopen saves a fresh stamp so the next one is a single comparison again."""
    SiteIndex(site.root).scan()
    cache = SiteIndex(site.root).cache
    loaded = cache.load()
    rels, sizes, mtimes = decode_stamp(loaded.stamp)
    reordered = encode_stamp(rels[::-1], sizes[::-1], mtimes[::-1])
    cache.save_records(loaded.rows, loaded.field_stats, reordered)
    stats = SiteIndex(site.root).scan()
    assert (stats.parsed, stats.from_cache) == (0, 40)
    _no_per_file_reuse(monkeypatch)
    assert SiteIndex(site.root).scan().from_cache == 40


def test_rescan_in_memory_removes_and_reports(site, isolated_dirs):
    """Re-scanning the same index counts removed files."""
    index = SiteIndex(site.root, use_cache=False)
    index.scan()
    site.posts[5].unlink()
    stats = index.scan()
    assert stats.removed == 1 and stats.parsed == 0 and len(index) == 39


def test_update_paths(site, isolated_dirs):
    """update() re-reads a changed file, adds a new one, drops a deleted one, and saves."""
    index = SiteIndex(site.root)
    index.scan()
    changed = site.posts[0]
    changed.write_text("---\ntitle: Updated\n---\nnew body\n")
    new = site.posts_dir / "extra.md"
    new.write_text("---\ntitle: Extra\n---\n")
    gone = site.posts[1]
    gone.unlink()
    rels = index.update([changed, new, gone])
    assert len(rels) == 3
    assert index.get(changed).title == "Updated" and index.get(new).title == "Extra"
    assert index.get(gone) is None
    assert SiteIndex(site.root).scan().parsed == 0  # the cache was saved by update()


def test_update_folder(site, isolated_dirs):
    """update() of a folder picks up everything added or removed below it."""
    index = SiteIndex(site.root, use_cache=False)
    index.scan()
    shutil.rmtree(site.posts_dir)
    (site.root / "source/_posts").mkdir()
    (site.root / "source/_posts/only.md").write_text("---\ntitle: Only\n---\n")
    index.update([site.root / "source"])
    assert [r.rel for r in index.records] == ["source/_posts/only.md"]


def test_corrupt_cache_is_ignored_and_rebuilt(site, isolated_dirs):
    """A damaged cache file costs a re-parse, never an error."""
    index = SiteIndex(site.root)
    index.scan()
    index.cache.records_path.write_bytes(b"\x80\x05not a pickle")
    stats = SiteIndex(site.root).scan()
    assert stats.parsed == 40
    assert SiteIndex(site.root).scan().parsed == 0


def test_body_text_is_loaded_on_demand_and_cached(site, isolated_dirs):
    """Bodies are not kept after a scan; the first search loads them, later opens reuse them."""
    index = SiteIndex(site.root)
    index.scan()
    record = index.records[0]
    assert record.body_lower is None
    body = index.body_text(record)
    assert body and body == body.lower() and "\n" not in body
    warm = SiteIndex(site.root)
    warm.scan()
    warm.load_bodies()
    assert warm.records[0].body_lower == body


def test_cancel_leaves_index_unchanged(site, isolated_dirs):
    """A cancelled scan reports it and keeps the previous records."""
    index = SiteIndex(site.root, use_cache=False)
    cancel = threading.Event()
    cancel.set()
    stats = index.scan(cancel=cancel)
    assert stats.cancelled and len(index) == 0


def test_progress_reaches_total(site, isolated_dirs):
    """Progress is reported and ends at (total, total)."""
    calls = []
    SiteIndex(site.root, use_cache=False).scan(
        progress=lambda done, total: calls.append((done, total))
    )
    assert calls and calls[-1] == (40, 40)


def test_process_pool_gives_the_same_records(site, isolated_dirs, monkeypatch):
    """The pooled cold scan produces exactly what the serial one does."""
    serial = SiteIndex(site.root, use_cache=False)
    serial.scan()
    monkeypatch.setattr(index_module, "POOL_MIN_FILES", 5)
    monkeypatch.setattr(index_module, "POOL_MIN_CORES", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    pooled = SiteIndex(site.root, use_cache=False)
    assert pooled.scan().parsed == 40
    assert [r.as_cache_tuple() for r in pooled.records] == [
        r.as_cache_tuple() for r in serial.records
    ]


@pytest.mark.corpus
def test_corpus_scans_without_raising(corpus_dir, isolated_dirs):
    """Every real post in the corpus gives a record; most of them parse."""
    index = SiteIndex(corpus_dir)
    stats = index.scan()
    assert stats.total > 500
    ok = [r for r in index.records if r.error is None]
    assert len(ok) > 0.95 * stats.total


def test_warm_corpus_open_gives_the_cold_records_and_stats(corpus_dir, isolated_dirs):
    """Real posts (YAML dates, TOML datetimes, errors) come back from the cache exactly,
    with the same value types and the same field statistics."""
    from editor.core.site.schema import infer_schema

    cold = SiteIndex(corpus_dir)
    cold.scan()
    warm = SiteIndex(corpus_dir)
    assert warm.scan().parsed == 0
    cold_rows = [r.as_cache_tuple() for r in cold.records]
    warm_rows = [r.as_cache_tuple() for r in warm.records]
    assert warm_rows == cold_rows
    assert [type(v) for row in warm_rows for v in row[4].values()] == [
        type(v) for row in cold_rows for v in row[4].values()
    ]
    assert warm.records.field_stats is not None
    assert infer_schema(warm.records).fields == infer_schema(list(cold.records)).fields


def test_field_stats_travel_with_the_records_and_the_cache(site, isolated_dirs):
    """A scan counts the schema's fields once; a warm scan loads them; both equal a recount."""
    from editor.core.site.schema import infer_schema

    cold = SiteIndex(site.root)
    cold.scan()
    assert cold.records.field_stats is not None
    warm = SiteIndex(site.root)
    stats = warm.scan()
    assert stats.parsed == 0 and warm.records.field_stats is not None
    for index in (cold, warm):
        cached = infer_schema(index.records)
        recounted = infer_schema(list(index.records))  # a plain list carries nothing
        assert cached.posts == recounted.posts == 40
        assert list(cached.fields) == list(recounted.fields)
        for name, field_stats in cached.fields.items():
            assert field_stats == recounted.fields[name], name


def test_field_stats_follow_updates_and_are_reused_while_the_snapshot_holds(site, isolated_dirs):
    """After update() the stats count the new values; schemas of one unchanged snapshot
    share its (read-only) stats; a changed snapshot is recounted."""
    from editor.core.site.schema import infer_schema

    index = SiteIndex(site.root)
    index.scan()
    site.posts[0].write_text("---\ntitle: Updated\nauthor: Ann\n---\nbody\n")
    index.update([site.posts[0]])
    schema = infer_schema(index.records)
    assert schema.fields["author"].count == 1
    assert schema.fields["section"].count == 39
    assert infer_schema(index.records).fields["author"] is schema.fields["author"]
    snapshot = index.records
    snapshot[1] = snapshot[0]  # no longer the records the stats were counted over
    assert infer_schema(snapshot).fields["author"].count == 2
    assert SiteIndex(site.root).scan().parsed == 0  # update() saved records and stats


def test_unchanged_rescan_keeps_the_snapshot(site, isolated_dirs):
    """A rescan that finds nothing new reuses the records and their stats as they are."""
    index = SiteIndex(site.root)
    index.scan()
    before = index.records
    stats = index.scan()
    after = index.records
    assert stats.parsed == 0 and stats.removed == 0
    assert all(a is b for a, b in zip(before, after, strict=True))
    assert after.field_stats is before.field_stats


def test_scanned_records_join_the_oldest_gc_generation(site, isolated_dirs):
    """A scan leaves its records in the oldest generation, so the next young collection
    (on the GUI thread, in the window) does not walk every record just made."""
    import gc

    index = SiteIndex(site.root, use_cache=False)
    index.scan()
    oldest = {id(obj) for obj in gc.get_objects(generation=2)}
    assert all(id(record) in oldest for record in index.records)


def test_a_cache_without_a_stamp_is_still_used_file_by_file(site, isolated_dirs):
    """Rows saved without a stamp (as an older save wrote them) are still reused for every
    unchanged file; the reopen saves a stamp for next time."""
    SiteIndex(site.root).scan()
    cache = SiteIndex(site.root).cache
    loaded = cache.load()
    cache.save_records(loaded.rows, loaded.field_stats)  # no stamp
    assert cache.load().stamp is None
    stats = SiteIndex(site.root).scan()
    assert (stats.parsed, stats.from_cache) == (0, 40)
    assert cache.load().stamp is not None

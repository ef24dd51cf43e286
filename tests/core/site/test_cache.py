"""The site cache file and the user folders it lives in."""

from __future__ import annotations

import marshal
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from editor.core.platform import userdirs as paths
from editor.core.site import cache as cache_module
from editor.core.site.cache import (
    SiteCache,
    encode_payload,
    encode_rows,
    pack_trailer,
    site_cache_folder,
    unpack_file,
)


def test_user_folders_follow_xdg(isolated_dirs):
    """Config, cache and data folders live under the XDG variables set for the test."""
    assert paths.config_dir() == isolated_dirs / "xdg_config_home" / "masthead"
    assert paths.cache_dir() == isolated_dirs / "xdg_cache_home" / "masthead"
    assert paths.data_dir() == isolated_dirs / "xdg_data_home" / "masthead"


def test_user_folders_fall_back_to_home(monkeypatch, tmp_path):
    """Without XDG variables (or with a relative one) the usual dot-folders are used."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert paths.config_dir() == tmp_path / ".config" / "masthead"
    assert paths.cache_dir() == tmp_path / ".cache" / "masthead"
    assert paths.data_dir() == tmp_path / ".local" / "share" / "masthead"


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the XDG defaults are Linux's folders"
)
def test_the_xdg_defaults_are_the_folders_platformdirs_gives(monkeypatch, tmp_path):
    """Without platformdirs on Linux, the folders are still the ones it would give."""
    import platformdirs

    monkeypatch.setenv("HOME", str(tmp_path))
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(var, raising=False)
    name = paths.APP_DIR_NAME
    assert paths.config_dir() == Path(platformdirs.user_config_dir(name, appauthor=False))
    assert paths.cache_dir() == Path(platformdirs.user_cache_dir(name, appauthor=False))
    assert paths.data_dir() == Path(platformdirs.user_data_dir(name, appauthor=False))


def test_each_site_has_its_own_folder(isolated_dirs, tmp_path):
    """Two roots never share a cache folder; the folder is under the user's cache."""
    a = site_cache_folder(tmp_path / "a")
    b = site_cache_folder(tmp_path / "b")
    assert a != b and a.parent == paths.cache_dir() / "sites"


def test_round_trip_and_atomic_write(tmp_path):
    """Saved rows come back equal, and no temp files are left behind."""
    cache = SiteCache(tmp_path / "site", tmp_path / "cache")
    rows = [("a.md", 10, 123, "yaml", {"title": "A"})]
    assert cache.save_records(rows)
    assert cache.load_records() == rows
    assert cache.save_bodies({"a.md": (10, 123, "body")})
    assert cache.load_bodies() == {"a.md": (10, 123, "body")}
    assert sorted(p.name for p in cache.folder.iterdir()) == ["bodies.cache", "records.cache"]


def test_unusable_files_are_ignored(tmp_path, monkeypatch):
    """Corrupt, other-version and other-root files read as 'no cache'."""
    cache = SiteCache(tmp_path / "site", tmp_path / "cache")
    cache.save_records([("a.md",)])
    cache.records_path.write_bytes(b"garbage")
    assert cache.load_records() is None
    cache.save_records([("a.md",)])
    monkeypatch.setattr(cache_module, "CACHE_VERSION", 999)
    assert cache.load_records() is None
    monkeypatch.undo()
    _rewrite_payload(cache.records_path, root="/somewhere/else")
    assert cache.load_records() is None
    assert cache.load_bodies() == {}


def _rewrite_payload(path, **changes):
    """Rewrite a cache file with some payload values changed, its blobs kept."""
    payload, blobs = unpack_file(path.read_bytes())
    offsets, data = [], b""
    for blob in blobs:
        offsets.append((len(data), len(blob)))
        data += bytes(blob)
    path.write_bytes(data + pack_trailer({**payload, **changes}, offsets))


def test_truncated_or_foreign_files_are_ignored(tmp_path):
    """Every prefix of a valid file, a file of another marshal version, and rows that are
    not tuples all read as 'no cache'."""
    cache = SiteCache(tmp_path / "site", tmp_path / "cache")
    cache.save_records([("a.md", 1, 2, "yaml", {"d": date(2020, 1, 2)})], (1, []))
    whole = cache.records_path.read_bytes()
    for cut in range(0, len(whole), max(1, len(whole) // 50)):
        cache.records_path.write_bytes(whole[:cut])
        assert cache.load_records() is None, cut
    cache.records_path.write_bytes(whole)
    assert cache.load_records() is not None
    _rewrite_payload(cache.records_path)  # the rewriting itself keeps a valid file
    assert cache.load_records() is not None
    _rewrite_payload(cache.records_path, marshal=marshal.version + 1)
    assert cache.load_records() is None
    cache.records_path.write_bytes(whole[:-12] + (10**9).to_bytes(8, "little") + whole[-4:])
    assert cache.load_records() is None  # a payload length beyond the file
    cache.records_path.write_bytes(encode_payload(unpack_file(whole)[0]))
    assert cache.load_records() is None  # a bare payload, no end marker
    cache.save_record_chunks([encode_rows([["a.md", 1, 2]])])  # type: ignore[list-item]
    assert cache.load_records() is None
    cache.save_record_chunks([encode_rows([("a.md", 1, 2)]), b"not a chunk"])
    assert cache.load_records() is None
    cache.save_record_chunks([encode_rows([("a.md", 1, 2)])])
    assert cache.load_records() == [("a.md", 1, 2)]


def test_values_marshal_cannot_hold_come_back_exactly(tmp_path):
    """Rows with dates, times and sets (pickled apart) keep their place and their types;
    the other rows and parts stay plain; rows saved in several chunks load in order."""
    moment = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    rows = [
        ("a.md", 1, 10, "yaml", {"title": "A", "tags": ["x", "y"]}),
        ("b.md", 2, 20, "yaml", {"date": date(2020, 1, 2), "when": moment}),
        ("c.md", 3, 30, "toml", {"at": time(7, 30), "s": {1, 2}, "flag": True, "n": 1.5}),
        ("d.md", 4, 40, None, {}),
    ]
    stats = (3, [("date", 0, 1, {"date": 1}, {date(2020, 1, 2): 1}, {"%Y-%m-%d": 1})])
    cache = SiteCache(tmp_path / "site", tmp_path / "cache")
    assert cache.save_records(rows, stats)
    loaded, loaded_stats = cache.load_records_and_stats()
    assert loaded == rows and loaded_stats == stats
    assert cache.save_record_chunks([encode_rows(rows[:2]), encode_rows(rows[2:])], stats)
    assert cache.load_records_and_stats() == (rows, stats)
    assert type(loaded[1][4]["date"]) is date and loaded[2][4]["at"] == time(7, 30)
    assert type(loaded[2][4]["flag"]) is bool


def test_unwritable_cache_is_not_an_error(tmp_path):
    """If the cache folder cannot be created, saving reports False and nothing raises."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = SiteCache(tmp_path / "site", blocker)
    assert cache.save_records([]) is False


def test_chunks_written_as_they_arrive_load_in_row_order(tmp_path):
    """A records writer takes chunks in any order; finish gets their spots in row order,
    and loading gives the rows in that order. An abandoned writer leaves nothing behind."""
    cache = SiteCache(tmp_path / "site", tmp_path / "cache")
    first, second = [("a.md", 1, 2)], [("b.md", 3, 4), ("c.md", 5, 6)]
    writer = cache.records_writer()
    late = writer.add_chunk(encode_rows(second))
    early = writer.add_chunk(encode_rows(first))
    assert writer.finish([early, late], (3, []), [["c.md"], [5], [6]])
    loaded = cache.load()
    assert loaded.rows == first + second
    assert loaded.field_stats == (3, []) and loaded.stamp == [["c.md"], [5], [6]]
    abandoned = cache.records_writer()
    abandoned.add_chunk(encode_rows(first))
    abandoned.abandon()
    assert sorted(p.name for p in cache.folder.iterdir()) == ["records.cache"]
    assert cache.load().rows == first + second


def test_a_cache_that_cannot_be_written_says_so_in_the_log(tmp_path, caplog):
    """The index still works without its cache, but the fallback is never silent."""
    (tmp_path / "base").write_text("a file where the cache folder should be")
    cache = SiteCache(tmp_path / "site", base=tmp_path / "base")
    with caplog.at_level("WARNING", logger="editor.core.site.cache"):
        assert cache.records_writer() is None
        assert cache.save_bodies({}) is False
    assert len(caplog.records) == 2
    assert all("cannot be written" in r.getMessage() for r in caplog.records)

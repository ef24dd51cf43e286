"""The site cache file and the user folders it lives in."""

from __future__ import annotations

import pickle

from editor.core import cache as cache_module
from editor.core import paths
from editor.core.cache import SiteCache, site_cache_folder


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
    assert sorted(p.name for p in cache.folder.iterdir()) == ["bodies.pickle", "records.pickle"]


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
    payload = pickle.loads(cache.records_path.read_bytes())
    payload["root"] = "/somewhere/else"
    cache.records_path.write_bytes(pickle.dumps(payload))
    assert cache.load_records() is None
    assert cache.load_bodies() == {}


def test_unwritable_cache_is_not_an_error(tmp_path):
    """If the cache folder cannot be created, saving reports False and nothing raises."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = SiteCache(tmp_path / "site", blocker)
    assert cache.save_records([]) is False

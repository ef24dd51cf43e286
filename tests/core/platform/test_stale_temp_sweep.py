"""The sweep of temp files an interrupted save left: ``remove_stale_temp_files_if_changed``
lists a folder again only once it has changed since a listing found it clean."""

from __future__ import annotations

import os
import time

from editor.core.platform.atomic import (
    SWEEP_RACY_S,
    TEMP_SUFFIX,
    remove_stale_temp_files,
    remove_stale_temp_files_if_changed,
)

LONG_AGO = time.time() - 3600


def _settled(folder) -> None:
    """The folder as if last changed an hour ago (a listing of it can be remembered)."""
    os.utime(folder, (LONG_AGO, LONG_AGO))


def _temp(folder, name="post.md", age_s=3600.0):
    temp = folder / f".{name}.abc123{TEMP_SUFFIX}"
    temp.write_bytes(b"half a save")
    old = time.time() - age_s
    os.utime(temp, (old, old))
    return temp


def test_a_stale_temp_file_is_removed_and_posts_are_kept(tmp_path):
    (tmp_path / "post.md").write_bytes(b"x")
    stale = _temp(tmp_path)
    assert remove_stale_temp_files_if_changed(tmp_path, min_age_s=60) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


def test_a_young_temp_file_is_spared_and_removed_once_old(tmp_path):
    young = _temp(tmp_path, age_s=0)
    _settled(tmp_path)
    assert remove_stale_temp_files_if_changed(tmp_path, min_age_s=60) == []
    assert young.exists()
    # The folder is unchanged, but a listing that spared a file is not remembered.
    old = time.time() - 120
    os.utime(young, (old, old))
    assert remove_stale_temp_files_if_changed(tmp_path, min_age_s=60) == [young]


def test_a_temp_file_made_after_a_clean_listing_is_found(tmp_path):
    (tmp_path / "post.md").write_bytes(b"x")
    _settled(tmp_path)
    assert remove_stale_temp_files_if_changed(tmp_path, min_age_s=60) == []
    stale = _temp(tmp_path)  # a new name: the folder's mtime moves on
    assert remove_stale_temp_files_if_changed(tmp_path, min_age_s=60) == [stale]


def test_an_unchanged_folder_listed_clean_is_not_listed_again(tmp_path, monkeypatch):
    (tmp_path / "post.md").write_bytes(b"x")
    _settled(tmp_path)
    assert remove_stale_temp_files_if_changed(tmp_path) == []
    listed = []
    real_listdir = os.listdir
    monkeypatch.setattr(os, "listdir", lambda folder: listed.append(folder) or real_listdir(folder))
    assert remove_stale_temp_files_if_changed(tmp_path) == []
    assert listed == []
    # The plain sweep always lists.
    assert remove_stale_temp_files(tmp_path) == []
    assert len(listed) == 1


def test_a_folder_changed_just_before_its_listing_is_listed_again(tmp_path, monkeypatch):
    """Within SWEEP_RACY_S of the folder's last change, a name added in the same
    timestamp tick would not move its mtime: such a listing is not remembered."""
    (tmp_path / "post.md").write_bytes(b"x")
    now = time.time() - SWEEP_RACY_S / 2
    os.utime(tmp_path, (now, now))
    assert remove_stale_temp_files_if_changed(tmp_path) == []
    stale = _temp(tmp_path)
    os.utime(tmp_path, (now, now))  # the same mtime as at the listing
    assert remove_stale_temp_files_if_changed(tmp_path) == [stale]


def test_a_missing_folder_removes_nothing(tmp_path):
    assert remove_stale_temp_files_if_changed(tmp_path / "gone") == []

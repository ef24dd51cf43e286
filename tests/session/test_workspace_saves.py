"""A save in an open site: the index update runs off the GUI thread, adjusts the field
stats by the post's delta, and the cache is written a while later, in the background."""

from __future__ import annotations

import threading

import pytest

from editor.core.site import index as index_module
from editor.core.site.index import SiteIndex
from editor.core.site.schema import collect_field_stats, field_stats_to_plain
from editor.session import workspace as workspace_module
from editor.session.workspace import Workspace
from tests.core.sitegen import generate_site


@pytest.fixture
def opened(qtbot, tmp_path, isolated_dirs, monkeypatch):
    monkeypatch.setattr(workspace_module, "CACHE_WRITE_DELAY_MS", 50)
    site = generate_site(tmp_path / "site", 40, seed=5)
    ws = Workspace(cache_dir=tmp_path / "cache", watch=False)
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(site.root)
    yield site, ws
    ws.close()


def test_a_save_updates_the_index_off_the_gui_thread_and_the_cache_later(
    qtbot, opened, tmp_path, monkeypatch
):
    site, ws = opened
    threads: list[threading.Thread] = []
    update = index_module.SiteIndex.update

    def recording_update(self, *args, **kwargs):
        threads.append(threading.current_thread())
        return update(self, *args, **kwargs)

    monkeypatch.setattr(index_module.SiteIndex, "update", recording_update)
    path = site.posts[7]
    old_title = ws.record_for(path).title
    path.write_text("---\ntitle: Saved just now\nsubtitle: new field\n---\nbody\n")
    with qtbot.waitSignal(ws.records_updated, timeout=20000) as updated:
        ws.refresh_paths([path])
        assert ws.record_for(path).title == old_title  # nothing changed on the GUI thread yet
    assert updated.args == [[str(path)]]
    assert threads and threading.main_thread() not in threads
    assert ws.record_for(path).title == "Saved just now"
    qtbot.waitUntil(lambda: ws.idle, timeout=20000)
    assert "subtitle" in ws.field_names()
    recount = collect_field_stats(list(ws.records))
    assert field_stats_to_plain((ws.schema.posts, ws.schema.fields)) == field_stats_to_plain(
        recount
    )
    reopened = SiteIndex(site.root, tmp_path / "cache")
    assert reopened.scan().parsed == 0  # the cache was written after the save
    assert reopened.get(path).title == "Saved just now"


def test_saves_while_an_update_runs_are_all_indexed(qtbot, opened):
    site, ws = opened
    for n, path in enumerate(site.posts[:5]):
        path.write_text(f"---\ntitle: Burst {n}\n---\n")
        ws.refresh_paths([path])
    qtbot.waitUntil(lambda: ws.idle, timeout=20000)
    assert [ws.record_for(p).title for p in site.posts[:5]] == [f"Burst {n}" for n in range(5)]
    recount = collect_field_stats(list(ws.records))
    assert field_stats_to_plain((ws.schema.posts, ws.schema.fields)) == field_stats_to_plain(
        recount
    )


def test_our_own_save_starts_no_rescan_but_another_programs_change_does(
    qtbot, tmp_path, isolated_dirs, monkeypatch
):
    site = generate_site(tmp_path / "site", 30, seed=6)
    ws = Workspace(cache_dir=tmp_path / "cache", watch=True)
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(site.root)
    rescans: list[str] = []
    discover = workspace_module.discover_posts
    monkeypatch.setattr(
        workspace_module, "discover_posts", lambda root: rescans.append(root) or discover(root)
    )
    ours, theirs = site.posts[3], site.posts[4]
    ours.write_text("---\ntitle: Ours\n---\n")
    ws.refresh_paths([ours])
    qtbot.wait(workspace_module.DEBOUNCE_MS + 300)  # long enough for a change event's rescan
    qtbot.waitUntil(lambda: not ws.is_busy, timeout=20000)
    assert ws.record_for(ours).title == "Ours"
    assert rescans == []
    theirs.write_text("---\ntitle: Theirs\n---\n")
    qtbot.waitUntil(lambda: ws.record_for(theirs).title == "Theirs", timeout=20000)
    assert rescans
    ws.close()

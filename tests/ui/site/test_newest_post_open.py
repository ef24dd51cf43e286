"""A folder opened with nothing in the editor shows its newest post, selected in the list;
a post the user opened before the site was ready stays open."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.sitegen import generate_site
from tests.ui.site.support import site_window


@pytest.fixture
def site(tmp_path):
    return generate_site(tmp_path / "site", 30)


@pytest.fixture
def window(qtbot, isolated_dirs):
    return site_window(qtbot, isolated_dirs)


def _selected_path(window) -> str | None:
    post_list = window.site_session.panel.post_list
    index = post_list.view.currentIndex()
    return post_list.model.path_at(index.row()) if index.isValid() else None


def test_the_newest_post_opens_when_the_site_is_ready_and_is_selected(qtbot, window, site):
    session = window.site_session
    assert session.open_folder(str(site.root))
    with qtbot.waitSignal(session.workspace.ready, timeout=20000):
        pass
    records = session.workspace.records
    newest = max((r for r in records if not r.error), key=lambda r: (r.date_key, r.rel))
    qtbot.waitUntil(lambda: window.document.path == Path(newest.path), timeout=5000)
    assert not window.document.dirty
    qtbot.waitUntil(lambda: _selected_path(window) == newest.path, timeout=5000)


def test_a_post_opened_before_the_site_is_ready_stays_open(qtbot, window, site):
    session = window.site_session
    assert session.open_folder(str(site.root))
    chosen = site.posts[3]
    assert window.open_path(chosen)  # before the event loop ran: the site is not ready
    with qtbot.waitSignal(session.workspace.ready, timeout=20000):
        pass
    qtbot.waitUntil(lambda: not session._newest.pending, timeout=5000)
    qtbot.wait(50)
    assert window.document.path == Path(chosen)
    assert not window.document.dirty

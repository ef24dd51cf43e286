"""Open Folder on a site opened for the first time: the window's post list fills as the
posts are parsed, in its own order (newest first), with its count following, and ends
with every post; a reopen from the cache shows all the rows at once."""

from __future__ import annotations

import pytest

from editor.core.site import index as index_module
from editor.session import workspace as workspace_module
from tests.core.sitegen import generate_site
from tests.ui.site.support import site_window

POSTS = 24


@pytest.fixture
def site(tmp_path):
    return generate_site(tmp_path / "site", POSTS, seed=11, paragraphs=(1, 2))


@pytest.fixture
def window(qtbot, isolated_dirs, site, monkeypatch):
    monkeypatch.setattr(index_module, "PARTIAL_STEP", 5)  # the batches of a big site, small
    monkeypatch.setattr(workspace_module, "PARTIAL_INTERVAL_S", 0.0)
    return site_window(qtbot, isolated_dirs, ask_folder=lambda start: str(site.root))


def _watch_the_list(window) -> list[tuple[int, str, list[str]]]:
    """(rows, count label, the rows' dates) each time the post list is filled."""
    post_list = window.site_session.panel.post_list
    model = post_list.model
    seen: list[tuple[int, str, list[str]]] = []

    def filled():
        dates = [model.cell_text(row, 1) for row in range(model.rowCount())]
        seen.append((model.rowCount(), post_list.count_label.text(), dates))

    model.modelReset.connect(filled)
    return seen


def _open(qtbot, window) -> None:
    window.open_folder_requested.emit("")
    workspace = window.site_session.workspace
    qtbot.waitUntil(lambda: not workspace.is_busy and bool(workspace.records), timeout=30000)


def test_the_post_list_fills_progressively_newest_first(qtbot, window):
    window.open_folder_requested.emit("")  # creates the panel, starts the scan
    seen = _watch_the_list(window)
    workspace = window.site_session.workspace
    qtbot.waitUntil(
        lambda: not workspace.is_busy and len(workspace.records) == POSTS, timeout=30000
    )
    counts = [rows for rows, _, _ in seen]
    assert counts[-1] == POSTS
    growing = [rows for rows in counts if 0 < rows < POSTS]
    assert growing, f"the list never showed part of the posts: {counts}"
    assert growing == sorted(growing) and all(rows % 5 == 0 for rows in growing)
    for rows, label, dates in seen:
        assert label == f"{rows} posts"
        assert dates == sorted(dates, reverse=True)  # every batch newest first
    assert window.site_session.panel.post_list.view.isVisible()


def test_a_reopen_shows_all_rows_at_once(qtbot, window):
    _open(qtbot, window)
    seen = _watch_the_list(window)
    _open(qtbot, window)
    assert [rows for rows, _, _ in seen if rows] == [POSTS] * len([r for r, _, _ in seen if r])
    assert seen[-1][0] == POSTS

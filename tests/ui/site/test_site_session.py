"""A folder opened beside the editor: the newest post shown, clicks open posts and problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.app import build_window
from editor.core.user.settings import Settings
from tests.core.sitegen import generate_site
from tests.ui.window.test_window import FakePrompter


@pytest.fixture
def site(tmp_path):
    return generate_site(tmp_path / "site", 40, plant=("missing-field",))


@pytest.fixture
def window(qtbot, isolated_dirs, site):
    settings = Settings.load(isolated_dirs / "settings.json")
    win = build_window(
        settings,
        FakePrompter(save_changes=None),
        [str(site.root)],
        use_webengine=False,
        cache_dir=isolated_dirs / "cache",
    )
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.site_session.workspace is not None, timeout=5000)
    workspace = win.site_session.workspace
    qtbot.waitUntil(lambda: len(workspace.records) == 40 and not workspace.is_busy, timeout=20000)
    return win


def test_opening_a_folder_lists_posts_and_shows_the_newest(qtbot, window, site):
    """The sidebar appears, and the post with the latest date is opened in the editor."""
    records = window.site_session.workspace.records
    newest = max(records, key=lambda r: r.date_key)
    qtbot.waitUntil(lambda: window.document.path == Path(newest.path), timeout=5000)
    assert window.site_session.panel.isVisible()
    qtbot.wait(50)
    sizes = window.splitter.sizes()
    assert sizes[0] > 0 and sizes[2] >= sizes[1]  # the body keeps the room


def test_clicking_a_post_opens_it(qtbot, window, site):
    target = str(site.posts[3])
    window.site_session.panel.post_activated.emit(target)
    assert window.document.path == Path(target)
    assert window.document.post.metadata["title"]


def test_a_problem_opens_its_post_at_the_field(qtbot, window, site):
    rel = site.planted["missing-field"][0]
    path = str(site.root / rel)
    other = next(p for p in site.posts if str(p) != path)
    window.open_path(other)
    window.site_session.open_problem(path, 2, "title")
    assert window.document.path == Path(path)
    assert window.form.editor_for("title").hasFocus() or "title" not in window.form.shown_keys()


def test_form_autocomplete_draws_on_the_whole_site(qtbot, window):
    vocabulary = window.site_session.workspace.vocabulary("categories")
    assert vocabulary
    assert set(vocabulary) <= set(window.form_model.suggestions("categories"))


def test_saving_refreshes_the_index(qtbot, window, site):
    target = site.posts[0]
    window.open_path(target)
    window.form_model.set_value("title", "Renamed by the test")
    assert window.save()
    workspace = window.site_session.workspace
    qtbot.waitUntil(
        lambda: workspace.record_for(target).title == "Renamed by the test", timeout=10000
    )

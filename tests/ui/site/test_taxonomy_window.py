"""The taxonomy panel in the window: View → Taxonomy shows it, and a rename that touches
the post open in the editor keeps that document in step."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.app import build_window
from editor.core.user.settings import Settings
from tests.core.sitegen import generate_site
from tests.ui.fakes import FakePrompter


@pytest.fixture
def site(tmp_path):
    return generate_site(tmp_path / "site", 30, seed=5)


def view_menu_action(window, text: str):
    for menu_action in window.menuBar().actions():
        if menu_action.text().replace("&", "") == "View":
            for action in menu_action.menu().actions():
                if action.text().replace("&", "") == text:
                    return action
    return None


def test_view_taxonomy_shows_the_panel_and_a_rename_reaches_the_open_post(
    qtbot, isolated_dirs, site
):
    prompter = FakePrompter("headlines", save_changes=None)
    settings = Settings.load(isolated_dirs / "settings.json")
    window = build_window(
        settings, prompter, [str(site.root)], use_webengine=False, cache_dir=isolated_dirs / "c"
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.site_session.workspace is not None, timeout=5000)
    workspace = window.site_session.workspace
    qtbot.waitUntil(lambda: len(workspace.records) == 30 and not workspace.is_busy, timeout=20000)
    qtbot.waitUntil(lambda: window.document.path is not None, timeout=5000)
    opened = window.document.path
    action = view_menu_action(window, "Taxonomy")
    assert action is not None
    action.trigger()
    panel = window.site_session.panel
    assert panel.tabs.currentWidget() is panel.taxonomy_panel
    taxonomy_panel = panel.taxonomy_panel
    taxonomy_panel.set_prompter(prompter)  # the window's workspace asks with real dialogs
    taxonomy_panel.set_field("categories")
    category = window.document.post.metadata["categories"][0]
    holders = taxonomy_panel.current.find(category).paths
    assert str(opened) in holders
    taxonomy_panel.select_values([category])
    with qtbot.waitSignal(workspace.bulk_applied, timeout=30000):
        assert taxonomy_panel.rename_selected()
    qtbot.waitUntil(lambda: not workspace.is_busy, timeout=20000)
    for path in holders:
        assert category not in Path(path).read_text().split("---")[1].split("categories:")[1]
    # the open post shows the new value and is not taken for another program's change
    qtbot.waitUntil(
        lambda: "headlines" in window.document.post.metadata["categories"], timeout=5000
    )
    assert window.document.path == opened

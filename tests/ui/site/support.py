"""Helpers shared by the site tests: a shown window on fresh settings, its site cache in
the test's folders, a prompter that keeps no unsaved edits (FakePrompter), and, when
given, a fake folder dialog."""

from __future__ import annotations

from editor.app import build_window
from editor.core.user.settings import Settings
from tests.ui.fakes import FakePrompter


def site_window(qtbot, isolated_dirs, ask_folder=None):
    settings = Settings.load(isolated_dirs / "settings.json")
    window = build_window(
        settings,
        FakePrompter(save_changes=None),
        use_webengine=False,
        cache_dir=isolated_dirs / "cache",
        ask_folder=ask_folder,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window

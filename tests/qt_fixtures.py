"""Qt test setup for tests/ui and tests/session: GC on the GUI thread, shared fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from editor.app import share_gl_contexts_for_webengine
from editor.core.user.settings import Settings
from editor.session.gc_guard import collect_on_gui_thread
from tests.sample import SAMPLE

# Before pytest-qt makes the QApplication, as the app does: QtWebEngine is imported
# only when a preview backend is created.
share_gl_contexts_for_webengine()


@pytest.fixture(autouse=True, scope="session")
def _gc_on_gui_thread(qapp):
    collect_on_gui_thread(qapp)
    yield


@pytest.fixture
def sample(tmp_path) -> Path:
    """A copy of the sample post (tests/data/sample) in tmp_path/posts."""
    folder = tmp_path / "posts"
    folder.mkdir()
    target = folder / SAMPLE.name
    shutil.copyfile(SAMPLE, target)
    return target


@pytest.fixture
def settings(isolated_dirs) -> Settings:
    """Fresh settings in a temp folder."""
    return Settings.load(isolated_dirs / "settings.json")

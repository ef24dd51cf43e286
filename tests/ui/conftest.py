"""UI test setup: garbage is collected on the GUI thread, as in the app."""

from __future__ import annotations

import pytest

from editor.session.gc_guard import collect_on_gui_thread


@pytest.fixture(autouse=True, scope="session")
def _gc_on_gui_thread(qapp):
    collect_on_gui_thread(qapp)
    yield

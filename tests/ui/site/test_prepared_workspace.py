"""The site workspace's parts are made while the Open Folder dialog is up, so the pick
does not wait for them (issue 16); nothing of a site shows until a folder opens."""

from __future__ import annotations

import pytest

from tests.core.sitegen import generate_site
from tests.ui.site.support import site_window


@pytest.fixture
def site(tmp_path):
    return generate_site(tmp_path / "site", 6, seed=3, paragraphs=(1, 1))


def test_the_parts_are_made_while_the_dialog_is_up_and_used_by_the_pick(qtbot, isolated_dirs, site):
    made_during_dialog = []

    def dialog(start):  # a modal dialog runs the event loop while the user looks
        qtbot.wait(30)
        made_during_dialog.append(window.site_session._prepared)
        return str(site.root)

    window = site_window(qtbot, isolated_dirs, dialog)
    session = window.site_session
    assert session._prepared is None and session.workspace is None
    window.open_folder_requested.emit("")
    prepared = made_during_dialog[0]
    assert prepared is not None  # made before the pick
    assert (session.workspace, session.panel, session.git, session.changes) == prepared
    qtbot.waitUntil(lambda: len(session.workspace.records) == 6, timeout=30000)
    assert window.window_actions.table_mode.isEnabled()
    assert session.panel.isVisibleTo(window)


def test_a_cancelled_dialog_shows_nothing_of_a_site_and_a_later_pick_uses_the_parts(
    qtbot, isolated_dirs, site
):
    answers = ["", str(site.root)]

    def dialog(start):
        qtbot.wait(30)
        return answers.pop(0)

    window = site_window(qtbot, isolated_dirs, dialog)
    session = window.site_session
    window.open_folder_requested.emit("")
    prepared = session._prepared
    assert prepared is not None
    assert session.workspace is None  # no site is open
    assert not window.window_actions.table_mode.isEnabled()
    assert not prepared[1].isVisibleTo(window)
    session.prepare_workspace()  # once is enough
    assert session._prepared is prepared
    window.open_folder_requested.emit("")
    assert session.workspace is prepared[0] and session.panel is prepared[1]
    qtbot.waitUntil(lambda: len(session.workspace.records) == 6, timeout=30000)


def test_a_folder_named_at_start_opens_without_a_dialog(qtbot, isolated_dirs, site):
    window = site_window(qtbot, isolated_dirs, lambda start: pytest.fail("no dialog"))
    session = window.site_session
    assert session.open_folder(str(site.root))
    assert session.workspace is not None and session._prepared is None
    qtbot.waitUntil(lambda: len(session.workspace.records) == 6, timeout=30000)

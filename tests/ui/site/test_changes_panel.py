"""The Changes tab of a site in a git repository: states in the post list, is:changed,
field-aware diffs, commit of the checked posts only, a bulk edit's offer, discard, and
publish over a teammate's newer commit. Real repositories in a temporary folder, with a
bare remote on local disk."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from editor.app import build_window
from editor.core.bulk import actions as bulk
from editor.core.user.settings import Settings
from editor.core.vcs.git import git_available
from editor.session.post_table_model import GIT_COLUMN
from tests.core.sitegen import generate_site
from tests.ui.fakes import FakePrompter

pytestmark = pytest.mark.skipif(not git_available(), reason="git is not installed")
WAIT_MS = 20000


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repo_site(tmp_path, git_identity):
    site = generate_site(tmp_path / "site", 12)
    git(site.root, "init", "--quiet")
    git(site.root, "add", ".")
    git(site.root, "commit", "--quiet", "-m", "First")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(site.root, "remote", "add", "origin", str(remote))
    git(site.root, "push", "--quiet", "-u", "origin", "main")
    return site, remote


@pytest.fixture
def window(qtbot, isolated_dirs, repo_site):
    site, _remote = repo_site
    prompter = FakePrompter(save_changes=None, confirm=True)
    win = build_window(
        Settings.load(isolated_dirs / "settings.json"),
        prompter,
        [str(site.root)],
        use_webengine=False,
        cache_dir=isolated_dirs / "cache",
    )
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.site_session.git is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: win.site_session.git.available, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not win.site_session.workspace.is_busy, timeout=WAIT_MS)
    win.prompter_for_tests = prompter
    return win


def changes_panel(window):
    return window.site_session.changes


def wait_changes(qtbot, window, count):
    qtbot.waitUntil(lambda: changes_panel(window).list.count() == count, timeout=WAIT_MS)


def test_a_saved_edit_shows_as_modified_and_commits_alone(qtbot, window, repo_site):
    """Edit and save one post, leave another changed outside: the list marks both, the
    diff reads field by field, the message is prefilled, and Commit takes only the one
    checked."""
    site, _remote = repo_site
    target, other = site.posts[0], site.posts[1]
    panel = window.site_session.panel
    assert panel.tabs.indexOf(changes_panel(window)) >= 0
    assert window.open_path(target)
    old_title = window.document.post.metadata["title"]
    window.form_model.set_value("title", "A corrected title")
    assert window.save()
    other.write_text(other.read_text() + "\nA line from elsewhere.\n")
    window.site_session.git.refresh()
    wait_changes(qtbot, window, 2)

    states = window.site_session.workspace.git_states
    assert states == {os.fspath(target): "modified", os.fspath(other): "modified"}
    posts = panel.post_list.model
    column = posts.columns.index(GIT_COLUMN)
    assert posts.data(posts.index(posts.row_of(target), column)) == "modified"
    posts.set_filter("is:changed")
    assert sorted(posts.visible_paths()) == sorted([os.fspath(target), os.fspath(other)])
    posts.set_filter("-is:changed")
    assert len(posts.visible_paths()) == len(site.posts) - 2

    changes = changes_panel(window)
    row = next(
        i
        for i in range(changes.list.count())
        if changes.list.item(i).data(Qt.ItemDataRole.UserRole + 1) == os.fspath(target)
    )
    changes.list.setCurrentRow(row)
    qtbot.waitUntil(lambda: "→" in changes.diff_view.toPlainText(), timeout=WAIT_MS)
    assert f"title: {old_title} → A corrected title" in changes.diff_view.toPlainText()
    changes.set_checked([os.fspath(target)])
    qtbot.waitUntil(
        lambda: changes.message_edit.text() == "Edit 'A corrected title'", timeout=WAIT_MS
    )
    changes.commit_checked()
    wait_changes(qtbot, window, 1)
    assert git(site.root, "log", "-1", "--format=%s").strip() == "Edit 'A corrected title'"
    assert git(site.root, "show", "--name-only", "--format=", "HEAD").split() == [
        os.path.relpath(target, site.root)
    ]
    assert "Committed 1 post" in changes.result_label.text()


def test_a_bulk_edit_offers_to_commit_exactly_its_files(qtbot, window, repo_site):
    site, _remote = repo_site
    untouched = site.posts[5]
    untouched.write_text(untouched.read_text() + "\nNot part of the bulk edit.\n")
    workspace = window.site_session.workspace
    chosen = [os.fspath(p) for p in site.posts[:3]]
    with qtbot.waitSignal(workspace.bulk_planned, timeout=WAIT_MS) as planned:
        workspace.plan_bulk(bulk.SetField("section", "archive"), chosen)
    with qtbot.waitSignal(workspace.bulk_applied, timeout=WAIT_MS):
        workspace.apply_bulk(planned.args[0])
    changes = changes_panel(window)
    qtbot.waitUntil(changes.offer_row.isVisible, timeout=WAIT_MS)
    assert "3 posts" in changes.offer_label.text()
    wait_changes(qtbot, window, 4)
    changes.offer_button.click()
    wait_changes(qtbot, window, 1)
    assert git(site.root, "log", "-1", "--format=%s").strip() == "Set section to archive on 3 posts"
    assert sorted(git(site.root, "show", "--name-only", "--format=", "HEAD").split()) == sorted(
        os.path.relpath(p, site.root) for p in chosen
    )


def test_discard_asks_then_restores_the_post(qtbot, window, repo_site):
    site, _remote = repo_site
    post = site.posts[2]
    committed = post.read_bytes()
    post.write_text("scribbled")
    window.site_session.git.refresh()
    wait_changes(qtbot, window, 1)
    changes = changes_panel(window)
    changes.list.setCurrentRow(0)
    changes.discard_selected()
    wait_changes(qtbot, window, 0)
    assert post.read_bytes() == committed
    assert "confirm" in window.prompter_for_tests.asked


def test_publish_over_a_teammates_newer_commit(qtbot, window, repo_site, tmp_path):
    site, remote = repo_site
    mate = tmp_path / "mate"
    git(tmp_path, "clone", "--quiet", str(remote), str(mate))
    rel = os.path.relpath(site.posts[7], site.root)
    (mate / rel).write_text((mate / rel).read_text() + "\nTeammate's line.\n")
    git(mate, "commit", "--quiet", "-am", "Teammate edit")
    git(mate, "push", "--quiet")
    mine = site.posts[0]
    mine.write_text(mine.read_text() + "\nMy line.\n")
    window.site_session.git.refresh()
    wait_changes(qtbot, window, 1)
    changes = changes_panel(window)
    changes.set_checked([os.fspath(mine)])
    changes.message_edit.setText("Add my line")
    changes.publish_checked()
    qtbot.waitUntil(lambda: "published" in changes.result_label.text(), timeout=WAIT_MS)
    assert changes.result_label.text() == (
        "1 post published; the site had 1 newer change, merged in"
    )
    assert git(remote, "log", "--format=%s", "main").split("\n")[:2] == [
        "Add my line",
        "Teammate edit",
    ]


def test_commit_on_save_is_opt_in_per_site(qtbot, window, repo_site):
    """Saving commits nothing by default; with [git] commit_on_save in masthead.toml, a
    save commits that post alone with the message template filled in."""
    site, _remote = repo_site
    first, second = site.posts[0], site.posts[1]
    head = git(site.root, "rev-parse", "HEAD")
    assert window.open_path(first)
    window.form_model.set_value("title", "Saved, not committed")
    assert window.save()
    wait_changes(qtbot, window, 1)
    assert git(site.root, "rev-parse", "HEAD") == head
    (site.root / "masthead.toml").write_text(
        '[git]\ncommit_on_save = true\nmessage = "Fix {title}"\n'
    )
    git(site.root, "add", "masthead.toml")
    git(site.root, "commit", "--quiet", "-m", "Commit on save")
    assert window.open_path(second)
    window.form_model.set_value("title", "Saved and committed")
    assert window.save()
    qtbot.waitUntil(
        lambda: git(site.root, "log", "-1", "--format=%s").strip() == "Fix Saved and committed",
        timeout=WAIT_MS,
    )
    assert git(site.root, "show", "--name-only", "--format=", "HEAD").split() == [
        os.path.relpath(second, site.root)
    ]
    assert os.fspath(first) in window.site_session.workspace.git_states  # left as it was

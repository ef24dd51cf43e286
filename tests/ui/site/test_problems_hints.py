"""Dialect hints in the Problems panel: a row of their own level, worded as `masthead
check` words them, a click puts the cursor on the line; the View menu's dialect and a
save of the open post bring them up to date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from editor.app import build_window
from editor.core.site.checks import check_paths
from editor.core.user.settings import Settings
from tests.ui.fakes import FakePrompter

DATA = Path(__file__).resolve().parents[2] / "data"
LIST = "Riders can use:\n- the ferry\n- the bridge\n"


@pytest.fixture
def site(tmp_path) -> Path:
    """A Jigsaw site of two real posts; the newer one has a list right after a paragraph."""
    root = tmp_path / "site"
    posts = root / "source" / "_posts"
    posts.mkdir(parents=True)
    (root / "config.php").write_text("<?php return [];\n")
    (root / "bootstrap.php").write_text("<?php\n")
    (root / "masthead.toml").write_text("[spelling]\noff = true\n")
    shutil.copy(DATA / "posts" / "jigsaw-news.md", posts / "2019-01-01-news.md")
    sample = DATA / "sample" / "2020-09-30-harbour-ferry-returns.md"
    (posts / sample.name).write_bytes(sample.read_bytes() + ("\n" + LIST).encode())
    return root


@pytest.fixture
def window(qtbot, isolated_dirs, site):
    settings = Settings.load(isolated_dirs / "settings.json")
    win = build_window(
        settings,
        FakePrompter(save_changes=None),
        [str(site)],
        use_webengine=False,
        cache_dir=isolated_dirs / "cache",
    )
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.site_session.workspace is not None, timeout=5000)
    workspace = win.site_session.workspace
    qtbot.waitUntil(lambda: len(workspace.records) == 2 and workspace.idle, timeout=20000)
    qtbot.waitUntil(lambda: win.document.path is not None, timeout=5000)  # the newest post
    return win


def _rows(panel) -> list[tuple[str, str, int, str, str]]:
    tree = panel.tree
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return [
        (it.text(0), it.text(1), it.data(2, Qt.ItemDataRole.DisplayRole), it.text(3), it.text(4))
        for it in items
    ]


def _hint_rows(panel):
    return [row for row in _rows(panel) if row[4] == "dialect-hint"]


def test_a_hint_row_worded_as_masthead_check_and_left_out_of_the_count(qtbot, window, site):
    panel = window.site_session.panel
    checked = [p for p in check_paths([site]) if p.code == "dialect-hint"]
    assert len(checked) == 1
    rel = "source/_posts/2020-09-30-harbour-ferry-returns.md"
    assert _hint_rows(panel.problems_panel) == [
        ("hint", rel, checked[0].line, checked[0].message, "dialect-hint")
    ]
    assert "PHP Markdown Extra will not see a list here" in checked[0].message
    assert panel.problems_panel.summary_label.text().endswith("1 hint")
    tab = panel.tabs.tabText(panel.tabs.indexOf(panel.problems_panel))
    assert tab == "Problems"  # hints are not counted as problems to fix
    problems = panel.problems_panel
    problems.level_box.setCurrentIndex(problems.level_box.findData("warning"))
    assert _hint_rows(problems) == []
    problems.level_box.setCurrentIndex(problems.level_box.findData("hint"))
    assert [row[0] for row in _rows(problems)] == ["hint"]


def test_clicking_a_hint_puts_the_cursor_on_its_line(qtbot, window, site):
    window.open_path(site / "source" / "_posts" / "2019-01-01-news.md")
    problems = window.site_session.panel.problems_panel
    window.site_session.panel.tabs.setCurrentWidget(problems)
    item = next(
        problems.tree.topLevelItem(i)
        for i in range(problems.tree.topLevelItemCount())
        if problems.tree.topLevelItem(i).text(4) == "dialect-hint"
    )
    line = item.data(2, Qt.ItemDataRole.DisplayRole)
    rect = problems.tree.visualItemRect(item)
    qtbot.mouseClick(problems.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.document.path.name == "2020-09-30-harbour-ferry-returns.md"
    body_line = window.body_editor.current_line()
    assert body_line == line - window.document.post.body_start_line + 1
    assert window.body_editor.textCursor().block().text() == "- the ferry"


def test_the_view_menus_dialect_changes_the_hints(qtbot, window):
    problems = window.site_session.panel.problems_panel
    window.set_preview_dialect("hugo")
    qtbot.waitUntil(lambda: not _hint_rows(problems), timeout=20000)
    window.set_preview_dialect(None)
    qtbot.waitUntil(lambda: len(_hint_rows(problems)) == 1, timeout=20000)


def test_saving_the_open_post_brings_its_hints_up_to_date(qtbot, window):
    """Typing leaves the hints alone; the save looks at the post again."""
    problems = window.site_session.panel.problems_panel
    workspace = window.site_session.workspace
    line = _hint_rows(problems)[0][2]
    window.body_editor.go_to_line(line - window.document.post.body_start_line + 1)
    window.body_editor.textCursor().insertText("\n")
    qtbot.wait(200)
    assert len(_hint_rows(problems)) == 1  # not per keystroke
    assert window.save()
    qtbot.waitUntil(lambda: not _hint_rows(problems) and workspace.idle, timeout=20000)


def test_the_list_is_built_again_only_when_the_problems_change(qtbot, window, site):
    """A save that leaves the problems as they were (most saves) does not rebuild the list."""
    problems = window.site_session.panel.problems_panel
    workspace = window.site_session.workspace
    first = problems.tree.topLevelItem(0)
    workspace.problems_changed.emit()
    assert problems.tree.topLevelItem(0) is first
    other = site / "source" / "_posts" / "2019-01-01-news.md"
    other.write_bytes(other.read_bytes() + b"\nSee:\n- a\n")
    workspace.refresh_paths([other])
    qtbot.waitUntil(lambda: len(_hint_rows(problems)) == 2 and workspace.idle, timeout=20000)

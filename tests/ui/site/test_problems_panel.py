"""The Problems panel: errors first, the message shown, a kind filter, info hidden until
asked for; is:error in the post table matches the panel's errors; the Status column."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from editor.session.post_table_model import STATUS_COLUMN, PostTableModel
from editor.session.workspace import Workspace
from editor.ui.site.problems_panel import MESSAGE_COLUMN, ProblemsPanel
from tests.core.sitegen import POSTS_DIR, generate_site


@pytest.fixture
def workspace(qtbot, tmp_path, isolated_dirs):
    site = generate_site(
        tmp_path / "site", 40, seed=12, plant=("missing-image", "parse-error", "duplicate-title")
    )
    draft = site.root / POSTS_DIR / "2001-01-01-draft.md"
    text = site.posts[3].read_text().replace("featured: ", "draft: true \nfeatured: ", 1)
    draft.write_text(text.replace("title: ", "title: Draft of ", 1))
    (site.root / "masthead.toml").write_text("[spelling]\noff = true\n")
    ws = Workspace(cache_dir=tmp_path / "cache", watch=False)
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(site.root)
    qtbot.waitUntil(lambda: ws.idle, timeout=10000)
    yield ws
    ws.close()


def _rows(panel: ProblemsPanel) -> list[tuple[str, str, str]]:
    tree = panel.tree
    return [
        (tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(4), tree.topLevelItem(i).text(3))
        for i in range(tree.topLevelItemCount())
    ]


def test_errors_first_message_shown_and_info_hidden(qtbot, workspace):
    """Errors sort before warnings, each row shows its message, info waits to be asked."""
    panel = ProblemsPanel(workspace)
    qtbot.addWidget(panel)
    rows = _rows(panel)
    levels = [level for level, _, _ in rows]
    assert levels == sorted(levels, key=["error", "warning"].index) and levels[0] == "error"
    assert "info" not in levels
    assert all(message for _, _, message in rows)
    header = panel.tree.header()
    assert header.sectionResizeMode(MESSAGE_COLUMN) == QHeaderView.ResizeMode.Stretch
    assert panel.summary_label.text() == "2 errors, 2 warnings; 1 info finding not shown"
    panel.level_box.setCurrentIndex(panel.level_box.findData("info"))
    assert [(level, code) for level, code, _ in _rows(panel)] == [("info", "not-live")]
    panel.level_box.setCurrentIndex(panel.level_box.findData(""))
    assert _rows(panel)[-1][0] == "info"


def test_sorting_by_level_keeps_errors_together(qtbot, workspace):
    """Clicking the level header orders by level rank, not alphabetically."""
    panel = ProblemsPanel(workspace)
    qtbot.addWidget(panel)
    panel.level_box.setCurrentIndex(panel.level_box.findData(""))
    panel.tree.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [row[0] for row in _rows(panel)][:1] == ["info"]
    panel.tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [row[0] for row in _rows(panel)] == ["error", "error", "warning", "warning", "info"]


def test_kind_filter(qtbot, workspace):
    """The kind box lists the kinds found, with counts; choosing one shows only it."""
    panel = ProblemsPanel(workspace)
    qtbot.addWidget(panel)
    offered = [panel.kind_box.itemText(i) for i in range(panel.kind_box.count())]
    assert offered[0] == "All kinds"
    assert "duplicate-title (2)" in offered and "missing-image (1)" in offered
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("duplicate-title"))
    assert {code for _, code, _ in _rows(panel)} == {"duplicate-title"}
    assert panel.summary_label.text().startswith("2 shown of 2 errors, 2 warnings")
    panel.show_kind("")
    assert len(_rows(panel)) == 4


def test_is_error_matches_the_panels_errors(qtbot, workspace):
    """The post table's is:error shows exactly the posts the panel counts as errors."""
    errors = {os.fspath(p.path) for p in workspace.problems if p.level == "error"}
    assert len(errors) == 2  # the parse error and the missing image
    model = PostTableModel(workspace)
    model.set_filter("is:error")
    assert set(model.visible_paths()) == errors
    model.set_filter("-is:error")
    assert not set(model.visible_paths()) & errors


def test_status_column_and_is_draft(qtbot, workspace):
    """The Status column shows the publish state; is:draft filters on it."""
    model = PostTableModel(workspace, columns=("title", STATUS_COLUMN))
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Status"
    model.set_filter("is:draft")
    assert [os.path.basename(p) for p in model.visible_paths()] == ["2001-01-01-draft.md"]
    assert model.data(model.index(0, 1)) == "draft"
    model.set_filter("is:published")
    assert model.rowCount() == len(workspace.records) - 2  # not the draft, not the broken post
    assert model.data(model.index(0, 1)) == "published"

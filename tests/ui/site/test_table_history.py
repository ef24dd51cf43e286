"""Nothing is written by accident, and everything can be undone (issue 17): keys typed on
a table cell never edit it; F2, Enter and a double-click do; Ctrl+Z in the table undoes
cell edits and bulk actions many levels deep, byte for byte; the History tab names each
step; a bulk write cancelled part-way offers to undo the written part or finish the rest.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from editor.app import build_window
from editor.core.bulk import actions as bulk
from editor.core.bulk import writes
from editor.core.user.settings import Settings
from editor.session.workspace import Workspace
from editor.ui.site.history_panel import BLOCKED_MARK, HistoryPanel
from editor.ui.site.metadata_table import MetadataTable
from tests.core.sitegen import generate_site
from tests.ui.fakes import FakePrompter

POSTS = 12


@pytest.fixture
def site(tmp_path):
    return generate_site(tmp_path / "site", POSTS, seed=3)


@pytest.fixture
def workspace(qtbot, site, tmp_path, isolated_dirs):
    ws = Workspace(cache_dir=tmp_path / "cache", watch=False)
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(site.root)
    yield ws
    ws.close()


def settle(qtbot, workspace) -> None:
    qtbot.waitUntil(lambda: workspace.idle, timeout=20000)


def disk(site) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in site.posts}


def make_table(qtbot, workspace, prompter=None) -> MetadataTable:
    table = MetadataTable(workspace, prompter or FakePrompter(), ("title", "date", "@file"))
    qtbot.addWidget(table)
    table.show()
    qtbot.waitExposed(table)
    return table


def focus_cell(table: MetadataTable, row: int, key: str) -> None:
    index = table.model.index(row, table.model.columns.index(key))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(table.window())  # offscreen: no window manager
    table.view.setFocus()
    table.view.setCurrentIndex(index)


def open_editor(table: MetadataTable) -> QLineEdit:
    editor = table.view.indexWidget(table.view.currentIndex())
    assert isinstance(editor, QLineEdit), editor
    return editor


def test_typing_on_a_selected_cell_never_edits_it(qtbot, workspace, site):
    """`oops` then Enter on a title: nothing on disk changes, nothing enters the history."""
    table = make_table(qtbot, workspace)
    before = disk(site)
    focus_cell(table, 0, "title")
    qtbot.keyClicks(table.view, "oops")
    assert table.view.state() != table.view.State.EditingState
    qtbot.keyClick(table.view, Qt.Key.Key_Return)  # starts an edit: nothing is typed in it
    assert table.view.state() == table.view.State.EditingState
    qtbot.keyClick(open_editor(table), Qt.Key.Key_Escape)
    qtbot.keyClicks(table.view, "x")
    qtbot.keyClick(table.view, Qt.Key.Key_Delete)
    settle(qtbot, workspace)
    assert disk(site) == before
    assert workspace.history.done == []


def test_f2_and_enter_start_an_edit_and_enter_commits_it(qtbot, workspace, site):
    table = make_table(qtbot, workspace)
    for key in (Qt.Key.Key_F2, Qt.Key.Key_Return):
        focus_cell(table, 1, "title")
        qtbot.keyClick(table.view, key)
        assert table.view.state() == table.view.State.EditingState
        editor = open_editor(table)
        editor.setText(f"Typed after {key.name}")  # (keys typed would open the completer)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        path = Path(table.model.path_at(1))
        # The delegate commits on Enter through a queued call.
        line = f"title: Typed after {key.name}"
        qtbot.waitUntil(lambda p=path, t=line: t in p.read_text(), timeout=5000)
        settle(qtbot, workspace)
    rel = Path(table.model.path_at(1)).relative_to(site.root).as_posix()
    assert [s.name for s in workspace.history.done] == [f"Edit title of {rel}"] * 2


def test_ctrl_z_in_the_table_undoes_a_cell_edit_byte_for_byte(qtbot, workspace, site):
    table = make_table(qtbot, workspace)
    path = Path(table.model.path_at(2))
    original = path.read_bytes()
    column = table.model.columns.index("title")
    assert table.model.setData(table.model.index(2, column), "Wrong", Qt.ItemDataRole.EditRole)
    assert path.read_bytes() != original
    focus_cell(table, 2, "title")
    with qtbot.waitSignal(workspace.history.replayed, timeout=20000):
        qtbot.keyClick(table.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert path.read_bytes() == original
    with qtbot.waitSignal(workspace.history.replayed, timeout=20000):
        qtbot.keyClick(
            table.view,
            Qt.Key.Key_Z,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert "title: Wrong" in path.read_text()


def run_bulk(qtbot, workspace, table, prompter, action, rows) -> None:
    prompter.answers["action"] = action
    table.view.clearSelection()
    selection = table.view.selectionModel()
    for row in rows:
        selection.select(table.model.index(row, 0), selection.SelectionFlag.Select)
    with qtbot.waitSignal(workspace.bulk_applied, timeout=20000):
        assert table.start_bulk("set")
    settle(qtbot, workspace)


def test_two_bulk_actions_and_a_cell_edit_undo_three_levels_and_the_panel_names_them(
    qtbot, workspace, site
):
    prompter = FakePrompter()
    table = make_table(qtbot, workspace, prompter)
    panel = HistoryPanel(workspace.history)
    qtbot.addWidget(panel)
    original = disk(site)
    run_bulk(qtbot, workspace, table, prompter, bulk.SetField("featured", False), range(POSTS))
    after_first = disk(site)
    run_bulk(qtbot, workspace, table, prompter, bulk.SetField("section", "archive"), [0, 1, 2])
    after_second = disk(site)
    path = Path(table.model.path_at(4))
    column = table.model.columns.index("title")
    row = table.model.row_of(path)
    assert table.model.setData(table.model.index(row, column), "Cell", Qt.ItemDataRole.EditRole)
    rel = path.relative_to(site.root).as_posix()
    assert panel.names() == [
        f"Set “featured” to false on {sum(b'featured: false' not in b for b in original.values())} posts",
        "Set “section” to “archive” on 3 posts",
        f"Edit title of {rel}",
    ]
    for expected in (after_second, after_first, original):
        with qtbot.waitSignal(workspace.history.replayed, timeout=20000):
            assert table.undo()
        settle(qtbot, workspace)
        assert disk(site) == expected
    assert not table.undo_action.isEnabled()
    assert all(name.endswith("(undone)") for name in panel.names())
    with qtbot.waitSignal(workspace.history.replayed, timeout=20000):
        assert table.redo()
    assert disk(site) == after_first


def test_undo_to_here_and_a_step_that_cannot_be_undone_says_which_file(qtbot, workspace, site):
    prompter = FakePrompter()
    table = make_table(qtbot, workspace, prompter)
    panel = HistoryPanel(workspace.history)
    qtbot.addWidget(panel)
    original = disk(site)
    run_bulk(qtbot, workspace, table, prompter, bulk.SetField("section", "a"), [0, 1])
    run_bulk(qtbot, workspace, table, prompter, bulk.SetField("section", "b"), [2, 3])
    panel.list.setCurrentRow(0)
    with qtbot.waitSignal(workspace.history.replayed, timeout=20000):
        assert panel.undo_to_selected()
    qtbot.waitUntil(lambda: not workspace.history.done, timeout=20000)
    settle(qtbot, workspace)
    assert disk(site) == original
    run_bulk(qtbot, workspace, table, prompter, bulk.SetField("section", "c"), [0, 1])
    changed = Path(table.model.path_at(0))
    changed.write_bytes(changed.read_bytes() + b"\nEdited elsewhere.\n")
    with qtbot.waitSignal(workspace.history.replayed, timeout=20000):
        assert table.undo()
    [(title, message)] = prompter.informed
    rel = changed.relative_to(site.root).as_posix()
    assert "nothing was written" in message and f"{rel}: the file changed since" in message
    assert panel.names()[0].startswith(BLOCKED_MARK)
    assert rel in panel.note.text() or rel in panel.list.item(0).toolTip()


@pytest.fixture
def cut_after_two(monkeypatch):
    """Bulk writes go two files at a time; the first one is cancelled after two files."""
    real_apply = bulk.apply
    monkeypatch.setattr(writes, "WRITE_CHUNK", 2)
    calls = []

    def apply(plan, progress=None, cancel=None, journal_dir=None):
        calls.append(plan)
        first = len(calls) == 1

        def progress_then_cancel(done, total):
            if progress is not None:
                progress(done, total)
            if first and cancel is not None:
                cancel.set()

        return real_apply(plan, progress_then_cancel, cancel, journal_dir)

    monkeypatch.setattr(bulk, "apply", apply)
    return calls


@pytest.mark.parametrize("answer", ["undo", "finish"])
def test_a_cancelled_bulk_write_offers_undo_or_finish(
    qtbot, workspace, site, cut_after_two, answer
):
    prompter = FakePrompter(cancelled=answer)
    table = make_table(qtbot, workspace, prompter)
    original = disk(site)
    prompter.answers["action"] = bulk.SetField("section", "cut")
    assert table.start_bulk("set")
    if answer == "undo":
        qtbot.waitUntil(lambda: len(workspace.history.undone) == 1, timeout=20000)
    else:
        qtbot.waitUntil(lambda: len(workspace.history.done) == 2, timeout=20000)
    settle(qtbot, workspace)
    [message] = prompter.cancelled
    assert f"cancelled after 2 of {POSTS} files" in message
    if answer == "undo":
        assert disk(site) == original
    else:
        assert all(b"section: cut" in data for data in disk(site).values())
        assert [len(s.edits) for s in workspace.history.done] == [2, POSTS - 2]


def test_edit_undo_in_the_window_undoes_the_table_step_while_the_table_has_focus(
    qtbot, isolated_dirs, site
):
    settings = Settings.load(isolated_dirs / "settings.json")
    window = build_window(
        settings,
        FakePrompter(save_changes=None),
        [str(site.root)],
        use_webengine=False,
        cache_dir=isolated_dirs / "cache",
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.site_session.workspace is not None, timeout=5000)
    workspace = window.site_session.workspace
    qtbot.waitUntil(lambda: len(workspace.records) == POSTS and workspace.idle, timeout=20000)
    qtbot.waitUntil(lambda: window.document.path is not None, timeout=5000)
    table = window.site_session.panel.metadata_table
    window.site_session.panel.tabs.setCurrentWidget(table)
    model = table.model
    row = next(r for r in range(model.rowCount()) if Path(model.path_at(r)) != window.document.path)
    path = Path(model.path_at(row))
    original = path.read_bytes()
    column = model.columns.index("title")
    assert model.setData(model.index(row, column), "Changed", Qt.ItemDataRole.EditRole)
    body = window.document.body
    table.view.setFocus()
    with qtbot.waitSignal(workspace.history.replayed, timeout=20000):
        window.window_actions.undo.trigger()
    assert path.read_bytes() == original
    assert window.document.body == body
    assert os.fspath(path) in {os.fspath(p) for p in workspace.history.undone[0].paths}


def test_ctrl_z_in_the_table_undoes_an_edit_of_the_open_post_first(qtbot, isolated_dirs, site):
    """A table edit of the open post is a step of its document: Ctrl+Z in the table undoes
    it there first, then the older site step on disk."""
    settings = Settings.load(isolated_dirs / "settings.json")
    window = build_window(
        settings,
        FakePrompter(save_changes=None),
        [str(site.root)],
        use_webengine=False,
        cache_dir=isolated_dirs / "cache",
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.site_session.workspace is not None, timeout=5000)
    workspace = window.site_session.workspace
    qtbot.waitUntil(lambda: len(workspace.records) == POSTS and workspace.idle, timeout=20000)
    qtbot.waitUntil(lambda: window.document.path is not None, timeout=5000)
    table = window.site_session.panel.metadata_table
    model = table.model
    column = model.columns.index("title")
    other_row = next(
        r for r in range(model.rowCount()) if Path(model.path_at(r)) != window.document.path
    )
    other = Path(model.path_at(other_row))
    other_bytes = other.read_bytes()
    assert model.setData(model.index(other_row, column), "On disk", Qt.ItemDataRole.EditRole)
    settle(qtbot, workspace)
    open_row = model.row_of(window.document.path)
    title = window.document.post.metadata["title"]
    assert model.setData(model.index(open_row, column), "In the doc", Qt.ItemDataRole.EditRole)
    assert window.document.post.metadata["title"] == "In the doc"
    table.view.setFocus()
    assert table.undo()
    assert window.document.post.metadata["title"] == title
    assert "title: On disk" in other.read_text()
    with qtbot.waitSignal(workspace.history.replayed, timeout=20000):
        assert table.undo()
    assert other.read_bytes() == other_bytes

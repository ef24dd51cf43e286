"""Workspace widgets: table over a generated site, filter, in-place edits, bulk edits, undo."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtWidgets import QDateTimeEdit, QLineEdit, QStyleOptionViewItem

from editor.core.bulk import actions as bulk
from editor.core.post.model import Post
from editor.session.post_table_model import FILE_COLUMN, PostTableModel
from editor.session.workspace import Workspace
from editor.ui.site.bulk_dialog import BulkDialog
from editor.ui.site.metadata_table import MetadataDelegate, MetadataTable, qt_date_format
from editor.ui.site.post_list import PostList
from editor.ui.site.workspace_panel import WorkspacePanel
from tests.core.sitegen import generate_site
from tests.ui.fakes import FakePrompter


@pytest.fixture
def site(tmp_path):
    return generate_site(tmp_path / "site", 60, seed=1)


@pytest.fixture
def workspace(qtbot, site, tmp_path, isolated_dirs):
    ws = Workspace(cache_dir=tmp_path / "cache", watch=False)
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(site.root)
    yield ws
    ws.close()


def settle(qtbot, workspace) -> None:
    """Wait for the index update a save or edit started (it runs off the GUI thread)."""
    qtbot.waitUntil(lambda: not workspace.is_busy, timeout=20000)


def metadata_of(path) -> dict:
    return dict(Post.load(path).metadata)


def changed_lines(old: bytes, new: bytes) -> list[tuple[str, str]]:
    a, b = old.decode().splitlines(), new.decode().splitlines()
    assert len(a) == len(b)
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


def column(model: PostTableModel, key: str) -> int:
    return model.columns.index(key)


def test_table_shows_every_post_of_a_generated_site(qtbot, workspace, site):
    """One row per post; the title and file cells come from the files."""
    table = MetadataTable(workspace, FakePrompter())
    qtbot.addWidget(table)
    model = table.model
    assert model.rowCount() == len(site.posts) == model.total_count
    for row in range(model.rowCount()):
        path = model.path_at(row)
        title = model.index(row, column(model, "title")).data()
        assert title == metadata_of(path)["title"].strip()
        rel = model.index(row, column(model, FILE_COLUMN)).data()
        assert Path(site.root, rel) == Path(path)
    assert table.count_label.text() == f"{len(site.posts)} posts"


def test_filter_syntax_narrows_the_rows(qtbot, workspace, site):
    """`featured:true` keeps exactly the featured posts; clearing shows all again."""
    table = MetadataTable(workspace, FakePrompter())
    qtbot.addWidget(table)
    featured = {os.fspath(p) for p in site.posts if metadata_of(p).get("featured") is True}
    assert 0 < len(featured) < len(site.posts)
    table.filter_edit.setText("featured:true")
    assert set(table.model.visible_paths()) == featured
    assert table.count_label.text() == f"{len(featured)} of {len(site.posts)} posts"
    table.filter_edit.setText("")
    assert table.model.rowCount() == len(site.posts)


def test_sorting_by_a_column_orders_rows(qtbot, workspace):
    model = PostTableModel(workspace, ("title", "date", FILE_COLUMN))
    model.sort(0, Qt.SortOrder.AscendingOrder)
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert titles == sorted(titles, key=str.casefold)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == titles[::-1]


def test_typing_a_filter_key_by_key_matches_a_fresh_filter(qtbot, workspace):
    """Narrowing the previous matches (a word typed further) gives exactly what filtering
    all posts gives, in the sorted order; backspacing widens again."""
    typed = PostTableModel(workspace, ("title", "date", FILE_COLUMN))
    typed.sort(1, Qt.SortOrder.DescendingOrder)
    text = "ha ri"
    steps = [text[:end] for end in range(1, len(text) + 1)] + ["ha r", "ha", "h", ""]
    for step in steps:
        typed.set_filter(step)
        fresh = PostTableModel(workspace, ("title", "date", FILE_COLUMN))
        fresh.sort(1, Qt.SortOrder.DescendingOrder)
        fresh.set_filter(step)
        assert typed.visible_paths() == fresh.visible_paths(), step
    assert typed.rowCount() == typed.total_count
    typed.set_filter("ha")
    dates = [typed.index(r, 1).data() for r in range(typed.rowCount())]
    assert 0 < len(dates) < typed.total_count and dates == sorted(dates, reverse=True)


def test_cell_flags_depend_on_the_column_and_unsafe_edits_are_refused(qtbot, workspace, site):
    """File cells are read-only, value cells editable; setData refuses maps, broken files
    and a checkbox toggle on a value that is not a boolean."""
    model = PostTableModel(workspace, ("title", "extra", FILE_COLUMN))
    editable = Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 2)) & editable
    assert model.flags(model.index(0, 0)) & editable and model.flags(model.index(5, 1)) & editable
    path = model.path_at(0)
    text = Path(path).read_text()
    Path(path).write_text(text.replace("section: content", "extra: {a: 1}", 1))
    workspace.refresh_paths([path])
    settle(qtbot, workspace)
    row = model.row_of(path)
    assert model.index(row, 1).data(Qt.ItemDataRole.EditRole) == {"a": 1}
    before = Path(path).read_bytes()
    assert not model.setData(model.index(row, 1), "flat text", Qt.ItemDataRole.EditRole)
    checked = Qt.CheckState.Checked.value
    assert not model.setData(model.index(row, 0), checked, Qt.ItemDataRole.CheckStateRole)
    assert Path(path).read_bytes() == before
    Path(path).write_text("---\ntitle: [broken\n---\n")
    workspace.refresh_paths([path])
    settle(qtbot, workspace)
    row = model.row_of(path)
    assert model.record_at(row).error
    assert not model.setData(model.index(row, 0), "New title", Qt.ItemDataRole.EditRole)
    assert Path(path).read_text() == "---\ntitle: [broken\n---\n"


def test_in_place_text_edit_writes_a_minimal_diff(qtbot, workspace):
    """Editing a title cell changes only the title line on disk, and the row shows it."""
    model = PostTableModel(workspace, ("title", "categories", FILE_COLUMN))
    path = model.path_at(3)
    before = Path(path).read_bytes()
    index = model.index(3, 0)
    assert model.setData(index, "A corrected headline", Qt.ItemDataRole.EditRole)
    after = Path(path).read_bytes()
    [(old_line, new_line)] = changed_lines(before, after)
    assert old_line.startswith("title: ") and new_line.startswith("title: A corrected headline")
    settle(qtbot, workspace)
    assert model.index(model.row_of(path), 0).data() == "A corrected headline"


def test_list_and_checkbox_edits_keep_types(qtbot, workspace):
    """A list cell takes comma-separated text; a boolean toggles through its checkbox."""
    model = PostTableModel(workspace, ("categories", "featured"))
    path = model.path_at(0)
    assert model.setData(model.index(0, 0), "news, archive", Qt.ItemDataRole.EditRole)
    assert metadata_of(path)["categories"] == ["news", "archive"]
    was = metadata_of(path)["featured"]
    state = Qt.CheckState.Unchecked if was else Qt.CheckState.Checked
    assert model.setData(model.index(0, 1), state.value, Qt.ItemDataRole.CheckStateRole)
    assert metadata_of(path)["featured"] is (not was)
    settle(qtbot, workspace)
    assert model.index(0, 1).data(Qt.ItemDataRole.CheckStateRole) == state


def test_date_editor_uses_the_site_format(qtbot, workspace):
    """The date cell edits `2020-09-30-07-25-20` style dates and writes them back that way."""
    model = PostTableModel(workspace, ("date",))
    assert qt_date_format("%Y-%m-%d-%H-%M-%S") == "yyyy-MM-dd-HH-mm-ss"
    delegate = MetadataDelegate(workspace)
    index = model.index(0, 0)
    path = model.path_at(0)
    before = Path(path).read_bytes()
    editor = delegate.createEditor(None, QStyleOptionViewItem(), index)
    assert isinstance(editor, QDateTimeEdit)
    assert editor.displayFormat() == "yyyy-MM-dd-HH-mm-ss"
    delegate.setEditorData(editor, index)
    assert editor.dateTime().toString("yyyy-MM-dd-HH-mm-ss") == index.data()
    editor.setDateTime(QDateTime.fromString("2021-02-03-04-05-06", "yyyy-MM-dd-HH-mm-ss"))
    delegate.setModelData(editor, model, index)
    [(old_line, new_line)] = changed_lines(before, Path(path).read_bytes())
    assert old_line.startswith("date: ") and new_line.rstrip() == "date: 2021-02-03-04-05-06"


def test_list_editor_completes_from_the_sites_vocabulary(qtbot, workspace):
    model = PostTableModel(workspace, ("categories",))
    editor = MetadataDelegate(workspace).createEditor(
        None, QStyleOptionViewItem(), model.index(0, 0)
    )
    assert isinstance(editor, QLineEdit)
    words = editor.completer().model().stringList()
    assert "news" in words and "politics" in words


def test_failed_edit_is_reported_through_the_prompter(qtbot, workspace):
    prompter = FakePrompter()
    table = MetadataTable(workspace, prompter)
    qtbot.addWidget(table)
    path = table.model.path_at(0)
    os.unlink(path)
    assert not table.model.setData(table.model.index(0, 0), "x", Qt.ItemDataRole.EditRole)
    assert prompter.informed and path in prompter.informed[0][1]


def test_bulk_action_confirmed_writes_and_undo_restores(qtbot, workspace):
    """Selected rows → fake prompter sees the plan → confirming writes → undo restores."""
    prompter = FakePrompter(action=bulk.AddListValue("categories", "archive"), confirm=True)
    table = MetadataTable(workspace, prompter)
    qtbot.addWidget(table)
    settle(qtbot, workspace)  # the checks after opening may still refresh the rows
    table.view.selectRow(0)
    for row in (1, 2, 3, 4):
        index = table.model.index(row, 0)
        table.view.selectionModel().select(index, table.view.selectionModel().SelectionFlag.Select)
    chosen = table.selected_paths()
    assert len(chosen) == 5
    originals = {p: Path(p).read_bytes() for p in chosen}
    with qtbot.waitSignal(workspace.bulk_applied, timeout=20000):
        assert table.start_bulk("add")
    assert prompter.requests[0].count == 5 and prompter.requests[0].kind == "add"
    [plan] = prompter.plans
    assert sorted(os.fspath(c.path) for c in plan.changes) == sorted(chosen)
    for path in chosen:
        assert "archive" in metadata_of(path)["categories"]
    assert table.undo_action.isEnabled()
    settle(qtbot, workspace)
    table.filter_edit.setText("categories:archive")
    assert sorted(table.model.visible_paths()) == sorted(chosen)
    with qtbot.waitSignal(workspace.history.replayed, timeout=20000):
        assert table.undo()
    assert {p: Path(p).read_bytes() for p in chosen} == originals
    assert not table.undo_action.isEnabled() and table.redo_action.isEnabled()


def test_declined_plan_writes_nothing(qtbot, workspace, site):
    prompter = FakePrompter(action=bulk.DeleteKey("section"), accept_plan=False)
    table = MetadataTable(workspace, prompter)
    qtbot.addWidget(table)
    originals = {p: p.read_bytes() for p in site.posts}
    with qtbot.waitSignal(workspace.bulk_planned, timeout=20000):
        table.start_bulk("delete")  # nothing selected: every shown row
    assert len(prompter.plans[0].changes) == len(site.posts)
    qtbot.wait(50)
    assert {p: p.read_bytes() for p in site.posts} == originals
    assert not workspace.history.done and not workspace.history.can_undo()


def _diff_chunks(text: str) -> list[str]:
    """A multi-file unified diff cut into its files, sorted."""
    chunks: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith("--- ") or not chunks:
            chunks.append("")
        chunks[-1] += line
    return sorted(chunks)


def test_the_window_and_the_command_line_print_the_same_diff(qtbot, workspace, site, capsys):
    """One edit, planned by the window's bulk edit and by ``masthead set --dry-run``."""
    from editor.cli import main

    prompter = FakePrompter(action=bulk.SetField("section", "archive"), accept_plan=False)
    table = MetadataTable(workspace, prompter)
    qtbot.addWidget(table)
    with qtbot.waitSignal(workspace.bulk_planned, timeout=20000):
        table.start_bulk("set")  # nothing selected: every shown row
    [plan] = prompter.plans
    assert plan.changes
    window = "".join(change.diff for change in plan.changes)
    capsys.readouterr()
    assert main(["set", "--dry-run", str(site.root), "section=archive"]) == 0
    assert _diff_chunks(capsys.readouterr().out) == _diff_chunks(window)


def test_bulk_dialog_lists_files_and_colours_the_diff(qtbot, site):
    plan = bulk.plan_action(bulk.SetField("section", "archive"), site.posts[:3], root=site.root)
    plan.errors.append(bulk.FileIssue(site.root / "broken.md", "the front matter is not closed"))
    dialog = BulkDialog(plan)
    qtbot.addWidget(dialog)
    assert dialog.file_list.count() == 4
    assert dialog.write_button.isEnabled() and "3" in dialog.write_button.text()
    assert dialog.diff_view.toPlainText() == plan.changes[0].diff
    block = dialog.diff_view.document().begin()
    colours = {}
    while block.isValid():
        formats = block.layout().formats()
        if formats:
            colours[block.text()[:1]] = formats[0].format.foreground().color().name()
        block = block.next()
    assert colours["+"] != colours["-"]
    dialog.file_list.setCurrentRow(3)
    assert "not closed" in dialog.diff_view.toPlainText()
    empty = BulkDialog(bulk.BulkPlan(bulk.DeleteKey("nothing")))
    qtbot.addWidget(empty)
    assert not empty.write_button.isEnabled()


def test_post_list_click_emits_the_path(qtbot, workspace):
    post_list = PostList(workspace)
    qtbot.addWidget(post_list)
    post_list.show()
    view = post_list.view
    rect = view.visualRect(post_list.model.index(2, 0))
    with qtbot.waitSignal(post_list.post_activated) as signal:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [post_list.model.path_at(2)]
    assert post_list.select_path(post_list.model.path_at(5))


def test_panel_shows_fields_and_problems_and_forwards_clicks(qtbot, tmp_path, isolated_dirs):
    site = generate_site(tmp_path / "s", 30, seed=2, plant=("parse-error",))
    ws = Workspace(cache_dir=tmp_path / "c", watch=False)
    panel = WorkspacePanel(ws, FakePrompter())
    qtbot.addWidget(panel)
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(site.root)
    fields = {
        panel.fields_panel.tree.topLevelItem(i).text(0)
        for i in range(panel.fields_panel.tree.topLevelItemCount())
    }
    assert {"title", "date", "categories", "featured"} <= fields
    tree = panel.problems_panel.tree
    assert tree.topLevelItemCount() >= 1
    broken = {os.fspath(site.root / rel) for rel in site.planted["parse-error"]}
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if os.fspath(site.root / tree.topLevelItem(i).text(1)) in broken
    )
    with qtbot.waitSignal(panel.problem_activated) as signal:
        panel.problems_panel._clicked(item)
    assert signal.args[0] in broken
    panel.fields_panel.field_activated.emit("categories")
    assert "categories" in panel.metadata_table.model.columns
    ws.close()


def test_external_change_is_picked_up(qtbot, tmp_path, site, isolated_dirs):
    """A file rewritten by another program shows its new title after the debounce."""
    ws = Workspace(cache_dir=tmp_path / "cache", watch=True)
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(site.root)
    target = site.posts[7]
    post = Post.load(target)
    post.set("title", "Changed elsewhere")
    with qtbot.waitSignal(ws.records_updated, timeout=10000):
        post.save()
    assert ws.record_for(target).title == "Changed elsewhere"
    ws.close()


def test_gui_thread_keeps_ticking_while_a_large_site_is_indexed(qtbot, tmp_path, isolated_dirs):
    """Indexing 3,000 posts runs off the GUI thread; reports the longest gap between ticks."""
    site = generate_site(tmp_path / "big", 3000, seed=5)
    ws = Workspace(cache_dir=tmp_path / "cache", watch=False)
    panel = WorkspacePanel(ws, FakePrompter())
    qtbot.addWidget(panel)
    panel.show()
    ticks = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()
    with qtbot.waitSignal(ws.ready, timeout=300000):
        ws.open(site.root)
    finished = time.perf_counter()
    timer.stop()
    during = [t for t in ticks if started <= t <= finished]
    points = [started, *during, finished]
    longest = max(b - a for a, b in zip(points, points[1:], strict=False))
    print(
        f"\nindexed {len(ws.records)} posts in {finished - started:.2f}s; "
        f"{len(during)} GUI ticks, longest gap {longest * 1000:.0f} ms"
    )
    assert len(ws.records) == 3000
    assert panel.post_list.model.rowCount() == 3000
    assert during, "the GUI thread never ticked while indexing"
    ws.close()


def test_table_defaults_to_the_common_fields_until_the_user_chooses(
    qtbot, site, tmp_path, isolated_dirs
):
    """Common short fields become columns; long text and layout keys do not; a choice sticks."""
    ws = Workspace(cache_dir=tmp_path / "cache2", watch=False)
    table = MetadataTable(ws, FakePrompter())
    qtbot.addWidget(table)
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(site.root)
    qtbot.waitUntil(lambda: "categories" in table.model.columns, timeout=10000)
    columns = table.model.columns
    assert columns[:2] == ["title", "date"] and columns[-1] == FILE_COLUMN
    assert "featured" in columns
    assert "description" not in columns and "extends" not in columns
    table.hide_column("featured")
    ws.schema_changed.emit()
    assert "featured" not in table.model.columns
    ws.close()


def test_the_post_count_is_shown_once_under_the_list(qtbot, tmp_path, isolated_dirs):
    """The panel's status names the site; only the list says how many posts it shows."""
    site = generate_site(tmp_path / "s", 9, seed=2)
    ws = Workspace(cache_dir=tmp_path / "c", watch=False)
    panel = WorkspacePanel(ws, FakePrompter())
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(site.root)
    qtbot.waitUntil(lambda: panel.post_list.count_label.text() == "9 posts")
    assert "posts" not in panel.status_label.text()
    assert panel.status_label.text().startswith(site.root.name)
    ws.close()

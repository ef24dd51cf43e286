"""A table for a whole site (issue 17): table mode across the window and back, columns
kept per site, the view exported as CSV; and the small defects: the sort arrow, the
column menu that stays open, the bulk Key default, date editors wide enough for the
seconds, full relative paths in the review, the form back from Raw after a broken post.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDateTimeEdit, QStyleOptionViewItem

from editor.app import build_window
from editor.core.bulk import actions as bulk
from editor.core.site.csv_export import ENCODING
from editor.core.user.settings import Settings
from editor.session.post_table_model import FILE_COLUMN
from editor.session.workspace import Workspace
from editor.ui.dialogs.prompter import BulkRequest
from editor.ui.site.bulk_dialog import BulkActionForm, BulkDialog
from editor.ui.site.metadata_table import MetadataTable
from editor.ui.site.sheet_view import SortArrowStyle
from tests.core.sitegen import generate_site
from tests.ui.fakes import FakePrompter

POSTS = 10


@pytest.fixture
def site(tmp_path):
    return generate_site(tmp_path / "site", POSTS, seed=5)


@pytest.fixture
def workspace(qtbot, site, tmp_path, isolated_dirs):
    ws = Workspace(cache_dir=tmp_path / "cache", watch=False)
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(site.root)
    yield ws
    ws.close()


def open_site_window(qtbot, isolated_dirs, root, prompter=None, settings=None):
    settings = settings or Settings.load(isolated_dirs / "settings.json")
    window = build_window(
        settings,
        prompter or FakePrompter(save_changes=None),
        [str(root)],
        use_webengine=False,
        cache_dir=isolated_dirs / "cache",
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.site_session.workspace is not None, timeout=5000)
    workspace = window.site_session.workspace
    qtbot.waitUntil(lambda: len(workspace.records) == POSTS and workspace.idle, timeout=20000)
    return window


def test_table_mode_hides_the_editor_and_brings_it_back(qtbot, isolated_dirs, site):
    window = open_site_window(qtbot, isolated_dirs, site.root)
    panel = window.site_session.panel
    action = window.window_actions.table_mode
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+Shift+T"
    qtbot.wait(50)
    sizes = window.splitter.sizes()
    action.trigger()
    assert action.isChecked()
    assert window.body_pane.isHidden() and window.form.isHidden()
    assert panel.tabs.currentWidget() is panel.metadata_table
    assert window.splitter.sizes()[0] == sum(window.splitter.sizes()) > 0
    action.trigger()
    assert not action.isChecked()
    assert not window.body_pane.isHidden() and not window.form.isHidden()
    assert all(abs(a - b) <= 8 for a, b in zip(window.splitter.sizes(), sizes, strict=True))


def test_table_mode_needs_a_site(qtbot, isolated_dirs):
    settings = Settings.load(isolated_dirs / "settings.json")
    window = build_window(settings, FakePrompter(), [], use_webengine=False)
    qtbot.addWidget(window)
    assert not window.window_actions.table_mode.isEnabled()
    window.set_table_mode(True)
    assert not window.window_actions.table_mode.isChecked() and not window.body_pane.isHidden()


def test_columns_and_widths_are_kept_per_site(qtbot, isolated_dirs, site):
    settings = Settings.load(isolated_dirs / "settings.json")
    window = open_site_window(qtbot, isolated_dirs, site.root, settings=settings)
    table = window.site_session.panel.metadata_table
    qtbot.waitUntil(lambda: "featured" in table.model.columns, timeout=10000)
    table.hide_column("featured")
    table.show_column("description")
    header = table.view.horizontalHeader()
    header.moveSection(table.model.columns.index(FILE_COLUMN), 0)
    header.resizeSection(table.model.columns.index("title"), 333)
    chosen = table.shown_columns()
    assert chosen[0] == FILE_COLUMN and "featured" not in chosen and "description" in chosen
    window.store_settings()
    window.close()
    again = open_site_window(
        qtbot, isolated_dirs, site.root, settings=Settings.load(isolated_dirs / "settings.json")
    )
    table = again.site_session.panel.metadata_table
    qtbot.wait(50)
    assert table.shown_columns() == chosen
    title = table.model.columns.index("title")
    assert table.view.horizontalHeader().sectionSize(title) == 333


def test_export_writes_the_view_as_shown(qtbot, isolated_dirs, site, tmp_path):
    target = tmp_path / "view.csv"
    prompter = FakePrompter(save_changes=None, save_path=str(target))
    window = open_site_window(qtbot, isolated_dirs, site.root, prompter)
    table = window.site_session.panel.metadata_table
    table.model.set_columns(["title", "featured", FILE_COLUMN])
    header = table.view.horizontalHeader()
    header.moveSection(2, 0)  # the file first
    table.filter_edit.setText("-featured:true")
    shown = table.model.visible_paths()
    assert 0 < len(shown)
    window.window_actions.export_csv.trigger()
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode(ENCODING), newline="")))
    assert rows[0] == ["File", "title", "featured"]
    assert [Path(site.root, r[0]) for r in rows[1:]] == [Path(p) for p in shown]
    assert {r[2] for r in rows[1:]} == {"false"}
    assert rows[1][1] == table.model.index(0, 0).data()


def test_the_sort_arrow_points_up_for_an_ascending_sort(qtbot, workspace):
    """Qt asks an ascending header for a down arrow; the table's header draws it up."""
    table = MetadataTable(workspace, FakePrompter(), ("title", "date", FILE_COLUMN))
    qtbot.addWidget(table)
    table.resize(600, 300)
    table.show()
    header = table.view.horizontalHeader()
    assert isinstance(header.style(), SortArrowStyle)

    def arrow_rows(order) -> list[int]:
        table.view.sortByColumn(1, order)
        image = header.grab().toImage()
        right = header.sectionViewportPosition(1) + header.sectionSize(1)
        widths = []
        for y in range(image.height()):
            dark = sum(
                1 for x in range(right - 24, right) if image.pixelColor(x, y).lightness() < 120
            )
            if dark:
                widths.append(dark)
        return widths

    up = arrow_rows(Qt.SortOrder.AscendingOrder)
    assert len(up) >= 2 and up[0] < up[-1]  # narrow at the top: ▲
    down = arrow_rows(Qt.SortOrder.DescendingOrder)
    assert len(down) >= 2 and down[0] > down[-1]


def test_the_column_menu_stays_open_while_columns_are_ticked(qtbot, workspace):
    table = MetadataTable(workspace, FakePrompter(), ("title", FILE_COLUMN))
    qtbot.addWidget(table)
    table.show()
    menu = table.build_column_menu()
    menu.popup(QPoint(10, 10))
    qtbot.waitExposed(menu)
    for key in ("featured", "section"):
        action = next(a for a in menu.actions() if a.text() == key)
        center = menu.actionGeometry(action).center()
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=center)
        assert menu.isVisible()
        assert key in table.model.columns and action.isChecked()
    menu.close()


def test_the_bulk_key_defaults_to_a_list_field_for_list_values(qtbot, workspace):
    prompter = FakePrompter()
    table = MetadataTable(workspace, prompter, ("title", "featured", FILE_COLUMN))
    qtbot.addWidget(table)
    table.view.setCurrentIndex(table.model.index(0, 0))  # on the title column
    for kind in ("set", "add", "remove"):
        table.start_bulk(kind)
    assert [r.key for r in prompter.requests] == ["title", "categories", "categories"]
    table.model.set_columns(["categories", "title"])
    table.view.setCurrentIndex(table.model.index(0, 0))
    table.start_bulk("add")
    assert prompter.requests[-1].key == "categories"


def test_bulk_form_titles_and_plans_read_values_as_yaml(qtbot, site):
    form = BulkActionForm(BulkRequest("set", 3, ["featured"], lambda _k: [], "featured"))
    qtbot.addWidget(form)
    form.value_edit.setText("true")
    form.kind_box.setCurrentText("bool")
    action = form.build_action()
    assert action.describe() == "Set “featured” to true"
    plan = bulk.plan_action(action, site.posts[:2], root=site.root)
    dialog = BulkDialog(plan)
    qtbot.addWidget(dialog)
    assert "True" not in dialog.summary_label.text() and "to true" in dialog.summary_label.text()


def test_the_review_lists_paths_from_the_site_root(qtbot, tmp_path):
    """Hugo bundles: every row would read index.md without its folders."""
    root = tmp_path / "hugo"
    (root / "config.toml").parent.mkdir(parents=True)
    (root / "config.toml").write_text("title = 't'\n")
    paths = []
    for name in ("one", "two"):
        path = root / "content" / "posts" / name / "index.md"
        path.parent.mkdir(parents=True)
        path.write_text(f"---\ntitle: {name}\n---\n")
        paths.append(path)
    plan = bulk.plan_action(bulk.SetField("draft", False), paths, root=root)
    plan.errors.append(bulk.FileIssue(root / "content" / "three" / "index.md", "broken"))
    dialog = BulkDialog(plan)
    qtbot.addWidget(dialog)
    texts = [dialog.file_list.item(i).text() for i in range(dialog.file_list.count())]
    assert texts[0].startswith("content/posts/one/index.md")
    assert texts[1].startswith("content/posts/two/index.md")
    assert texts[2].startswith("⚠ content/three/index.md: broken")


def test_a_date_editor_is_wide_enough_for_the_seconds(qtbot, workspace):
    table = MetadataTable(workspace, FakePrompter(), ("date", "title"))
    qtbot.addWidget(table)
    table.show()
    header = table.view.horizontalHeader()
    header.resizeSection(0, 40)  # a narrow date column
    index = table.model.index(0, 0)
    table.view.setCurrentIndex(index)
    table.view.edit(index)
    editor = table.view.indexWidget(index)
    assert isinstance(editor, QDateTimeEdit) and editor.displayFormat().endswith("ss")
    assert editor.width() >= editor.sizeHint().width() > 40
    delegate = table.view.itemDelegate()
    option = QStyleOptionViewItem()
    option.rect = table.view.visualRect(index)
    delegate.updateEditorGeometry(editor, option, index)
    assert editor.width() >= editor.sizeHint().width()


def test_the_form_leaves_raw_view_for_the_next_valid_post(qtbot, isolated_dirs, tmp_path):
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\nBody\n")
    valid = tmp_path / "valid.md"
    valid.write_text("---\ntitle: Fine\n---\nBody\n")
    settings = Settings.load(isolated_dirs / "settings.json")
    window = build_window(settings, FakePrompter(), [str(broken)], use_webengine=False)
    qtbot.addWidget(window)
    assert window.form.is_raw_mode()
    assert window.open_path(valid)
    assert not window.form.is_raw_mode()
    assert "title" in window.form.shown_keys()
    window.form.set_raw_mode(True)  # the user's own choice stays
    other = tmp_path / "other.md"
    other.write_text("---\ntitle: Other\n---\n")
    assert window.open_path(other)
    assert window.form.is_raw_mode()

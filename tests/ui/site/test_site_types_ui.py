"""The window reads typed values in the site's types, and warns of unknown filter fields."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from editor.core.post.model import Post
from editor.core.site.typed_values import field_type
from editor.session.post_table_model import PostTableModel
from editor.session.workspace import Workspace
from editor.ui.dialogs.prompter import BulkRequest
from editor.ui.site.bulk_dialog import BulkActionForm
from editor.ui.site.metadata_table import MetadataTable
from editor.ui.site.post_list import PostList
from tests.ui.fakes import FakePrompter


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "masthead.toml").write_text("")
    for i in range(4):
        featured = f"featured: {'true' if i % 2 else 'false'}\n" if i else ""
        (root / f"p{i}.md").write_text(f"---\ntitle: Post {i}\n{featured}tags: [t{i}]\n---\nBody\n")
    return root


@pytest.fixture
def workspace(qtbot, site, tmp_path, isolated_dirs):
    ws = Workspace(cache_dir=tmp_path / "cache", watch=False)
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(site)
    yield ws
    ws.close()


def _request(workspace, kind="set", key="featured") -> BulkRequest:
    return BulkRequest(
        kind=kind,
        count=4,
        keys=workspace.field_names(),
        vocabulary=workspace.vocabulary,
        key=key,
        field_type=lambda name: field_type(workspace.schema, name),
    )


def test_set_field_defaults_to_a_bool_for_a_bool_field(qtbot, workspace):
    form = BulkActionForm(_request(workspace))
    qtbot.addWidget(form)
    assert form.kind_box.currentText() == "bool"
    form.value_edit.setText("true")
    action = form.build_action()
    assert action.value is True  # not the text "true"
    form.key_box.setCurrentText("title")
    assert form.kind_box.currentText() == "text"
    form.key_box.setCurrentText("tags")
    assert form.kind_box.currentText() == "list"


def test_set_field_refuses_a_value_its_type_cannot_hold(qtbot, workspace):
    form = BulkActionForm(_request(workspace))
    qtbot.addWidget(form)
    form.value_edit.setText("maybe")
    form.accept()
    assert form.action() is None
    assert form.error_label.text() == "'featured' should be true or false, but 'maybe' is text"
    form.kind_box.setCurrentText("text")  # the user's choice wins
    form.accept()
    assert form.action().value == "maybe"


def test_the_table_asks_the_dialog_with_the_sites_types(qtbot, workspace):
    prompter = FakePrompter(action=None)
    table = MetadataTable(workspace, prompter)
    qtbot.addWidget(table)
    table.start_bulk("set")
    [request] = prompter.requests
    assert request.field_type("featured").kind == "bool"
    assert request.field_type("nope") is None


def test_an_empty_cell_takes_the_fields_type(qtbot, workspace, site):
    model = PostTableModel(workspace, ("title", "featured"))
    row = model.row_of(os.fspath(site / "p0.md"))  # the post without "featured"
    failures = []
    model.edit_failed.connect(lambda path, message: failures.append(message))
    assert not model.setData(model.index(row, 1), "maybe", Qt.ItemDataRole.EditRole)
    assert failures == ["'featured' is true or false in 3 of 3 posts, but 'maybe' is text"]
    assert "featured" not in Post.load(site / "p0.md").metadata
    assert model.setData(model.index(row, 1), "true", Qt.ItemDataRole.EditRole)
    assert Post.load(site / "p0.md").metadata["featured"] is True


def test_filter_boxes_warn_of_a_field_no_post_has(qtbot, workspace):
    table = MetadataTable(workspace, FakePrompter())
    qtbot.addWidget(table)
    table.filter_edit.setText("tag:t1")
    assert "⚠ no post has a field 'tag'; did you mean 'tags'?" in table.count_label.text()
    assert "did you mean 'tags'?" in table.count_label.toolTip()
    table.filter_edit.setText("tags:t1")
    assert "⚠" not in table.count_label.text() and table.count_label.toolTip() == ""
    posts = PostList(workspace)
    qtbot.addWidget(posts)
    posts.filter_edit.setText("-featurd:true")
    assert "did you mean 'featured'?" in posts.count_label.text()

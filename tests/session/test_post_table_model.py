"""The table model of a site: posts dated only by their file name sort by that date (and
show it, greyed); the view exports as CSV with the cells as the table shows them."""

from __future__ import annotations

import csv
import io

import pytest
from PySide6.QtCore import Qt

from editor.core.site.csv_export import ENCODING
from editor.session.post_table_model import FILE_COLUMN, PostTableModel
from editor.session.workspace import Workspace

POSTS = {
    "_posts/2019-05-01-named-only.md": "---\ntitle: Named only\n---\nBody\n",
    "_posts/2018-01-01-dated.md": "---\ntitle: Dated early\ndate: 2018-01-01\nfeatured: true\n---\n",
    "_posts/2020-01-01-dated.md": "---\ntitle: Dated late, with a comma\ndate: 2020-01-01\n---\n",
    "_posts/undated.md": "---\ntitle: Undated\nfeatured: false\n---\n",
}


@pytest.fixture
def workspace(qtbot, tmp_path, isolated_dirs):
    root = tmp_path / "site"
    for rel, text in POSTS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    (root / "_config.yml").write_text("title: t\n")
    ws = Workspace(cache_dir=tmp_path / "cache", watch=False)
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(root)
    yield ws
    ws.close()


def titles(model: PostTableModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_a_post_dated_only_by_its_file_name_sorts_by_that_date(qtbot, workspace):
    model = PostTableModel(workspace, ("title", "date", FILE_COLUMN))
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert titles(model) == ["Dated early", "Named only", "Dated late, with a comma", "Undated"]
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert titles(model)[:3] == ["Dated late, with a comma", "Named only", "Dated early"]
    row = titles(model).index("Named only")
    index = model.index(row, 1)
    assert index.data() == "2019-05-01"
    assert index.data(Qt.ItemDataRole.EditRole) is None  # nothing in the file
    assert "file name" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed


def test_export_writes_the_filtered_rows_and_the_given_columns_as_shown(qtbot, workspace, tmp_path):
    model = PostTableModel(workspace, ("title", "date", "featured", FILE_COLUMN))
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_filter("dated")
    target = tmp_path / "out.csv"
    assert model.export_csv(target, [3, 0, 2]) == 3
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode(ENCODING), newline="")))
    assert rows == [
        ["File", "title", "featured"],
        ["_posts/2018-01-01-dated.md", "Dated early", "true"],
        ["_posts/2020-01-01-dated.md", "Dated late, with a comma", ""],
        ["_posts/undated.md", "Undated", "false"],
    ]

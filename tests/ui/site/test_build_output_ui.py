"""The workspace says which build-output folders holding Markdown it left out."""

from __future__ import annotations

from editor.session.workspace import Workspace
from editor.ui.site.workspace_panel import WorkspacePanel
from tests.core.sitegen import generate_site
from tests.ui.fakes import FakePrompter


def test_status_names_a_skipped_build_folder_and_an_empty_site(qtbot, tmp_path, isolated_dirs):
    """public/ with posts: skipped, and the status row says so (the tooltip says how to
    include it); a folder without posts says so too."""
    site = generate_site(tmp_path / "site", 12, seed=1)
    built = site.root / "public" / "2020"
    built.mkdir(parents=True)
    for i in range(2):
        (built / f"p{i}.md").write_text("---\ntitle: Built\n---\n")
    ws = Workspace(cache_dir=tmp_path / "cache", watch=False)
    panel = WorkspacePanel(ws, FakePrompter())
    qtbot.addWidget(panel)
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(site.root)
    qtbot.waitUntil(lambda: not ws.is_busy, timeout=10000)
    assert [(f.rel, f.posts) for f in ws.skipped_folders] == [("public", 2)]
    assert len(ws.records) == 12
    text = panel.status_label.text()
    assert text == "site; skipped public/ (2 Markdown files, build output)"  # the list counts posts
    assert 'include = ["public"]' in panel.status_label.toolTip()
    empty = tmp_path / "empty"
    empty.mkdir()
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(empty)
    qtbot.waitUntil(lambda: not ws.is_busy, timeout=10000)
    assert panel.status_label.text() == "empty: no posts found"
    assert panel.status_label.toolTip() == ""
    ws.close()

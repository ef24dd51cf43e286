"""Opening a site: the post list's records are published as soon as the index has them
(sorted for the tables on the scan job), before the schema, the checks and the skipped
folders; a first open publishes the records parsed so far in growing, ordered batches,
whose last list is the full scan's."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from editor.core.site import index as index_module
from editor.core.site.index import SiteIndex
from editor.session import workspace as workspace_module
from editor.session.post_table_model import PostTableModel
from editor.session.row_order import MISSING_KEY, sort_key_of
from editor.session.workspace import Workspace
from tests.core.sitegen import generate_site


@pytest.fixture
def site(tmp_path, isolated_dirs):
    generated = generate_site(tmp_path / "site", 30, seed=7, paragraphs=(1, 2))
    public = generated.root / "public"  # build output holding Markdown: skipped
    public.mkdir()
    (public / "built.md").write_text("---\ntitle: Built\n---\nx\n")
    return generated


@pytest.fixture
def workspace(qtbot, tmp_path):
    ws = Workspace(cache_dir=tmp_path / "cache", watch=False)
    yield ws
    ws.close()


def _record_publishing(ws: Workspace) -> list[tuple]:
    """(signal, record rels, schema known, skipped folders known) as each arrives."""
    seen: list[tuple] = []

    def note(name):
        return lambda *_: seen.append(
            (name, [r.rel for r in ws.records], ws.schema is not None, bool(ws.skipped_folders))
        )

    for name in ("records_partial", "records_reset", "schema_changed", "ready"):
        getattr(ws, name).connect(note(name))
    return seen


def test_records_are_published_before_the_analysis(qtbot, site, workspace):
    seen = _record_publishing(workspace)
    with qtbot.waitSignal(workspace.ready, timeout=30000):
        workspace.open(site.root)
    names = [s[0] for s in seen]
    reset = names.index("records_reset")
    assert reset < names.index("schema_changed") < names.index("ready")
    _, rels, schema_known, skipped_known = seen[reset]
    assert len(rels) == 30 and not schema_known and not skipped_known
    assert [(f.rel, f.posts) for f in workspace.skipped_folders] == [("public", 1)]
    assert seen[-1][2:] == (True, True)


def test_a_reopen_publishes_the_cached_records_at_once(qtbot, site, workspace):
    with qtbot.waitSignal(workspace.ready, timeout=30000):
        workspace.open(site.root)
    first = [r.as_cache_tuple() for r in workspace.records]
    seen = _record_publishing(workspace)
    with qtbot.waitSignal(workspace.ready, timeout=30000):
        workspace.open(site.root)
    assert "records_partial" not in [s[0] for s in seen]
    assert [r.as_cache_tuple() for r in workspace.records] == first


def test_a_first_open_publishes_growing_ordered_batches_ending_in_the_full_scan(
    qtbot, site, workspace, monkeypatch
):
    monkeypatch.setattr(index_module, "PARTIAL_STEP", 4)
    monkeypatch.setattr(workspace_module, "PARTIAL_INTERVAL_S", 0.0)
    table = PostTableModel(workspace, ("title", "date"))
    table.sort(1, Qt.SortOrder.DescendingOrder)  # as the post list: newest first
    batches: list[list] = []
    shown: list[list[str]] = []

    def partial():
        batches.append(list(workspace.records))
        shown.append([table.path_at(row) for row in range(table.rowCount())])

    workspace.records_partial.connect(partial)
    with qtbot.waitSignal(workspace.ready, timeout=30000):
        workspace.open(site.root)
    assert batches, "no partial batch reached the GUI thread"
    final = workspace.records
    for before, after in zip([[], *batches], batches, strict=False):
        assert [r.rel for r in after] == sorted(r.rel for r in after)
        assert {id(r) for r in before} < {id(r) for r in after} < {id(r) for r in final}
    full = SiteIndex(site.root, use_cache=False)
    full.scan()
    assert [r.as_cache_tuple() for r in final] == [r.as_cache_tuple() for r in full.records]
    # Each batch showed in the table in the table's order (newest first, undated last).
    for batch, paths in zip(batches, shown, strict=True):
        keys = {r.path: sort_key_of(r, "date") for r in batch}
        dated = sorted(
            (r for r in batch if keys[r.path] != MISSING_KEY),
            key=lambda r: keys[r.path],
            reverse=True,
        )
        expected = dated + [r for r in batch if keys[r.path] == MISSING_KEY]
        assert paths == [r.path for r in expected]


def test_the_sites_own_words_are_found_by_the_analysis_job(qtbot, site, workspace):
    """The spelling's site vocabulary (tags, categories...) comes with ready, worked out
    off the GUI thread."""
    from editor.core.spelling.config import vocabulary_words

    with qtbot.waitSignal(workspace.ready, timeout=30000):
        workspace.open(site.root)
    expected = vocabulary_words(r.metadata for r in workspace.records if r.error is None)
    assert workspace.site_words == expected and expected


def test_an_open_can_hold_its_scan_until_asked(qtbot, site, workspace):
    """open(root, scan=False) opens the folder (its root is known at once) and scans
    nothing until start_scan; a second start_scan starts nothing more."""
    started = []
    workspace.scan_started.connect(lambda: started.append(True))
    workspace.open(site.root, scan=False)
    assert workspace.root == site.root.resolve()
    qtbot.wait(50)
    assert started == [] and workspace.records == [] and not workspace.is_busy
    with qtbot.waitSignal(workspace.ready, timeout=30000):
        workspace.start_scan()
    assert len(workspace.records) == 30 and started == [True]
    workspace.start_scan()
    assert started == [True] and not workspace.is_busy


def test_another_open_drops_the_held_scan(qtbot, site, tmp_path, workspace):
    other = generate_site(tmp_path / "other", 4, seed=2, paragraphs=(1, 1))
    workspace.open(site.root, scan=False)
    with qtbot.waitSignal(workspace.ready, timeout=30000):
        workspace.open(other.root)
    assert len(workspace.records) == 4
    workspace.start_scan()  # the held scan was of the folder before: nothing starts
    assert not workspace.is_busy

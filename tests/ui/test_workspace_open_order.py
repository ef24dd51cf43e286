"""Opening a site shows its posts first; the search data, schema and checks follow."""

from __future__ import annotations

import sys
from pathlib import Path

from editor.session.post_models import PostTableModel
from editor.session.workspace import Workspace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from sitegen import generate_site  # noqa: E402

WAIT_MS = 30000


def test_records_are_published_before_the_analysis_and_ready_comes_last(qtbot, tmp_path):
    site = generate_site(tmp_path / "site", 50, seed=3, plant=("parse-error",))
    workspace = Workspace(cache_dir=tmp_path / "cache", watch=False)
    model = PostTableModel(workspace)
    events = []
    workspace.records_reset.connect(
        lambda: events.append(("records", len(workspace.records), workspace.schema is None))
    )
    workspace.schema_changed.connect(lambda: events.append(("schema", workspace.is_busy)))
    workspace.busy_changed.connect(lambda busy: events.append(("busy", busy)))
    workspace.ready.connect(lambda: events.append(("ready", workspace.is_busy)))
    with qtbot.waitSignal(workspace.ready, timeout=WAIT_MS):
        workspace.open(site.root)
    assert events[0] == ("busy", True)
    # The posts come with no schema yet: the list can show them at once.
    assert ("records", 50, True) in events
    records_at = events.index(("records", 50, True))
    schema_at = next(i for i, e in enumerate(events) if e[0] == "schema")
    assert records_at < schema_at
    # Busy until the schema and problems are published; ready last, not busy.
    assert events[schema_at] == ("schema", True)
    assert events[-2:] == [("busy", False), ("ready", False)]
    assert model.rowCount() == 50
    assert workspace.problems, "the planted parse error is reported once ready"
    # The search data was prepared off the GUI thread for every record.
    assert all(r.search_text is not None and r.search_fields is not None for r in workspace.records)
    workspace.close()


def test_sort_keys_follow_a_record_changed_in_place(qtbot, tmp_path):
    site = generate_site(tmp_path / "site", 12, seed=4)
    workspace = Workspace(cache_dir=tmp_path / "cache", watch=False)
    model = PostTableModel(workspace, ["title"])
    with qtbot.waitSignal(workspace.ready, timeout=WAIT_MS):
        workspace.open(site.root)
    model.sort(0)
    titles = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
    assert titles == sorted(titles, key=str.casefold)
    target = Path(workspace.records[5].path)
    assert workspace.set_field(target, "title", "Aaaa first of all")
    qtbot.waitUntil(
        lambda: workspace.record_for(target).title == "Aaaa first of all", timeout=WAIT_MS
    )
    model.sort(0)
    assert model.data(model.index(0, 0)) == "Aaaa first of all"
    workspace.close()


def test_the_scan_hands_the_lists_their_first_sort_keys(qtbot, tmp_path):
    from editor.session.post_models import sort_key

    site = generate_site(tmp_path / "site", 20, seed=5)
    workspace = Workspace(cache_dir=tmp_path / "cache", watch=False)
    with qtbot.waitSignal(workspace.ready, timeout=WAIT_MS):
        workspace.open(site.root)
    keys = workspace.sort_keys()
    assert set(keys) == {"date", "title"}
    for key, values in keys.items():
        assert values == [sort_key(r.metadata.get(key)) for r in workspace.records]
    model = PostTableModel(workspace, ["date", "title"])
    model.sort(0)
    dates = [sort_key(model.record_at(row).metadata.get("date")) for row in range(model.rowCount())]
    assert dates == sorted(dates)
    target = Path(workspace.records[0].path)
    assert workspace.set_field(target, "title", "Changed")
    qtbot.waitUntil(lambda: workspace.record_for(target).title == "Changed", timeout=WAIT_MS)
    assert workspace.sort_keys() == {}  # an update publishes records without them
    workspace.close()

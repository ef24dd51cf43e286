"""Planning a bulk action in worker processes gives exactly the plan made in-process."""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from editor.core.bulk import actions as bulk
from editor.core.bulk import pool as bulk_pool
from editor.core.bulk.pool import plan_in_processes
from editor.core.platform.workers import WorkerFailed
from tests.core.sitegen import generate_site


@pytest.fixture
def site(tmp_path):
    generated = generate_site(tmp_path / "site", 30, seed=7)
    (generated.posts_dir / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    (generated.posts_dir / "archived.md").write_text("---\nsection: archive\n---\nbody\n")
    return generated


def _paths(site):
    return sorted(site.posts_dir.glob("*.md"))


def _summary(plan):
    return (
        [(c.path, c.old_bytes, c.new_bytes, c.name, c.stamp) for c in plan.changes],
        plan.unchanged,
        [(e.path, e.message) for e in plan.errors],
        plan.cancelled,
    )


@pytest.fixture
def pooled(monkeypatch):
    """Plans of any size go to the workers, a few files per message."""
    monkeypatch.setattr(bulk, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(bulk_pool, "STEP", 4)


def test_the_pooled_plan_equals_the_serial_one(site, pooled, monkeypatch):
    """Changes (bytes, names, stamps), unchanged files and errors come back in the files'
    order, as planning in this process gives them; progress reaches the total."""
    action = bulk.SetField("section", "archive")
    calls = []
    pooled_plan = bulk.plan_action(action, _paths(site), root=site.root,
                                   progress=lambda done, total: calls.append((done, total)))  # fmt: skip
    monkeypatch.setattr(bulk, "POOL_MIN_FILES", 10**9)
    serial_plan = bulk.plan_action(action, _paths(site), root=site.root)
    assert _summary(pooled_plan) == _summary(serial_plan)
    assert serial_plan.changes and serial_plan.unchanged and serial_plan.errors
    assert calls[-1] == (len(_paths(site)), len(_paths(site)))
    assert multiprocessing.active_children() == []


def test_the_pooled_plan_applies(site, pooled):
    """A plan made by workers applies like any other."""
    plan = bulk.plan_action(bulk.SetField("featured", True), _paths(site))
    result = bulk.apply(plan)
    assert len(result.written) == len(plan.changes) > 0
    assert all(c.path.read_bytes() == c.new_bytes for c in plan.changes)


def test_cancel_returns_a_cancelled_plan_and_stops_the_workers(site, pooled):
    """A cancelled pooled plan has nothing to apply, and no worker is left."""
    cancel = threading.Event()
    cancel.set()
    plan = bulk.plan_action(bulk.SetField("section", "x"), _paths(site), cancel=cancel)
    assert plan.cancelled and not plan.changes
    assert multiprocessing.active_children() == []


def _dies(connection, action, items, step):
    raise SystemExit(3)


def test_failing_workers_fall_back_to_planning_here(site, pooled, monkeypatch):
    """When the workers fail, plan_in_processes raises WorkerFailed and plan_action plans
    in this process instead, with the same result."""
    monkeypatch.setattr(bulk_pool, "_plan_share", _dies)
    action = bulk.SetField("section", "archive")
    items = [(path, path.name) for path in _paths(site)]
    with pytest.raises(WorkerFailed):
        plan_in_processes(action, items, 2)
    plan = bulk.plan_action(action, _paths(site))
    assert len(plan.changes) + len(plan.unchanged) + len(plan.errors) == len(items)
    assert multiprocessing.active_children() == []

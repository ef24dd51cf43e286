"""Worker processes: one task each, results back on a pipe, and spares kept waiting."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from editor.core.platform import workers
from editor.core.platform.workers import Worker, WorkerFailed


def _send_pid_and_sum(connection, numbers):
    connection.send((os.getpid(), sum(numbers)))


@pytest.fixture(autouse=True)
def no_spares_left():
    yield
    workers.enable_spares(0)
    for child in multiprocessing.active_children():
        child.join(timeout=5)
    assert multiprocessing.active_children() == []


def test_a_worker_runs_one_task_in_another_process():
    """The function runs in the worker (another pid) and what it sends comes back."""
    worker = Worker()
    worker.run(_send_pid_and_sum, [1, 2, 3])
    pid, total = worker.results.recv()
    worker.close()
    assert pid != os.getpid() and pid == worker.process.pid and total == 6
    assert not worker.process.is_alive()


def _send_niceness(connection):
    connection.send(os.nice(0))


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here")
def test_a_worker_runs_nicer_than_the_window():
    """Workers give way to the window's threads when the cores are all busy."""
    worker = Worker()
    worker.run(_send_niceness)
    niceness = worker.results.recv()
    worker.close()
    assert niceness >= os.nice(0) + workers.WORKER_NICENESS or niceness == 19


def test_spares_wait_and_are_used_then_replaced():
    """Enabled spares are started ahead; take_worker hands one out instead of starting a
    process; keep_spares starts a replacement; 0 stops those waiting."""
    workers.enable_spares(2)
    waiting = {w.process.pid for w in workers._spares}
    assert len(waiting) == 2 and all(w.process.is_alive() for w in workers._spares)
    worker = workers.take_worker()
    assert worker.process.pid in waiting and len(workers._spares) == 1
    worker.run(_send_pid_and_sum, [4])
    assert worker.results.recv() == (worker.process.pid, 4)
    worker.close()
    workers.keep_spares()
    assert len(workers._spares) == 2
    assert {w.process.pid for w in workers._spares} != waiting
    workers.enable_spares(0)
    assert workers._spares == []


def test_without_spares_take_worker_starts_one():
    """With no spares enabled, take_worker starts a fresh worker that works."""
    worker = workers.take_worker()
    worker.run(_send_pid_and_sum, [])
    assert worker.results.recv()[1] == 0
    worker.close()


def test_a_dead_worker_refuses_a_task():
    """Giving a task to a worker that has stopped raises WorkerFailed."""
    worker = Worker()
    worker.process.terminate()
    worker.process.join()
    with pytest.raises(WorkerFailed):
        worker.run(_send_pid_and_sum, list(range(100_000)))  # more than a pipe holds
    worker.close(finished=False)


def test_a_worker_says_when_it_is_ready_and_spares_can_be_awaited():
    """wait_ready returns once the worker waits for its task; enable_spares(wait=True)
    returns with every spare waiting."""
    worker = Worker()
    assert worker.wait_ready(timeout=30)
    worker.close(finished=False)
    workers.enable_spares(2, wait=True)
    assert all(w.process.is_alive() for w in workers._spares) and len(workers._spares) == 2


_warmed = False


def _warm():
    global _warmed
    _warmed = True


def _fail_to_warm():
    raise RuntimeError("planted warm-up failure (expected in this test)")


def _send_warmed(connection):
    connection.send(_warmed)


def test_spares_warm_up_before_they_are_ready():
    """A spare runs its warm-up before it says it is ready; a warm-up that fails leaves a
    worker that still takes its task."""
    workers.enable_spares(1, wait=True, warm_up=_warm)
    worker = workers.take_worker()
    worker.run(_send_warmed)
    assert worker.results.recv() is True
    worker.close()
    workers.enable_spares(0)
    workers.enable_spares(1, wait=True, warm_up=_fail_to_warm)
    worker = workers.take_worker()
    worker.run(_send_warmed)
    assert worker.results.recv() is False
    worker.close()


def test_the_parser_warm_up_covers_every_kind_of_post():
    """The warm-up's sample posts parse without errors, with YAML (flat and not), TOML,
    JSON and a date among them, so a warm worker has been through each path."""
    from editor.core.site import parse_pool
    from editor.core.site.records import parse_post_bytes

    records = [
        parse_post_bytes("/w.md", "w.md", text.encode()) for text in parse_pool._WARM_UP_POSTS
    ]
    assert all(r.ok for r in records)
    assert {r.format for r in records} == {"yaml", "toml", "json"}
    assert all(r.date_key for r in records)
    parse_pool.warm_up()


def test_modules_that_run_in_workers_are_preloaded_by_their_own_name():
    """parse_pool and the bulk actions add their __name__ to the forkserver's preload list,
    after the main script; every name there imports."""
    import importlib

    from editor.core.bulk import actions
    from editor.core.site import parse_pool

    names = workers.preloaded_modules()
    assert names[0] == "__main__"
    assert {parse_pool.__name__, actions.__name__} <= set(names)
    for name in names[1:]:
        assert importlib.import_module(name).__name__ == name


def _square_in_pairs(connection, share, offset):
    for start in range(0, len(share), 2):
        connection.send([n * n + offset for n in share[start : start + 2]])
    connection.send(None)


def _send_one_less(connection, share):
    connection.send([n for n in share[1:]])
    connection.send(None)


def test_map_in_workers_gives_the_results_in_the_items_order():
    items = list(range(11))
    assert workers.map_in_workers(_square_in_pairs, items, 3, 1) == [n * n + 1 for n in items]


def test_map_in_workers_refuses_a_worker_that_ends_short():
    with pytest.raises(workers.WorkerFailed, match="a test worker stopped early"):
        workers.map_in_workers(_send_one_less, list(range(6)), 2, name="a test worker")

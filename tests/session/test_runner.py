"""The runner: results on the GUI thread, one job in flight, the latest waiting job wins,
throttled progress, failures reported, nothing reported once discarded or destroyed."""

from __future__ import annotations

import gc
import sys
import threading

import pytest
from PySide6.QtCore import QObject

from editor.session import runner as runner_module
from editor.session.gc_guard import MainThreadCollector
from editor.session.runner import Runner


def _blocking(gate: threading.Event, value):
    def work(job):
        assert gate.wait(10)
        return value

    return work


def test_results_arrive_on_the_gui_thread_in_order_and_the_latest_waiting_job_wins(qtbot):
    runner = Runner("test")
    gate = threading.Event()
    results: list = []
    threads: list = []

    def done(value):
        results.append(value)
        threads.append(threading.current_thread())

    first = runner.submit(_blocking(gate, "first"), done)
    second = runner.submit(lambda job: "second", done)
    third = runner.submit(lambda job: "third", done)
    assert runner.busy and runner.current is first
    assert second.cancelled and not third.cancelled  # replaced while waiting
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert results == ["first", "third"]
    assert threads == [threading.main_thread()] * 2


def test_a_failure_is_reported_and_the_next_job_still_runs(qtbot):
    runner = Runner("test")
    failures: list[str] = []
    results: list = []

    def broken(job):
        raise ValueError("no such thing")

    runner.submit(broken, results.append, on_failed=failures.append, name="broken job")
    runner.submit(lambda job: 42, results.append)
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert failures == ["broken job failed: no such thing"]
    assert results == [42]


def test_progress_is_throttled_and_the_last_report_always_arrives(qtbot, monkeypatch):
    clock = [0.0]
    monkeypatch.setattr(runner_module.time, "monotonic", lambda: clock[0])
    runner = Runner("test")
    seen: list[tuple[int, int]] = []

    def work(job):
        for done in range(1, 101):
            clock[0] += runner_module.PROGRESS_INTERVAL_S / 4
            job.progress(done, 100)

    runner.submit(work, on_progress=lambda done, total: seen.append((done, total)))
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert seen[-1] == (100, 100)
    assert 20 <= len(seen) <= 30  # one report per interval: every fourth call, plus the last


def test_cancel_tells_the_running_work_and_drops_the_waiting_job(qtbot):
    runner = Runner("test")
    results: list = []

    def until_cancelled(job):
        assert job.cancel.wait(10)
        return "stopped"

    runner.submit(until_cancelled, results.append)
    runner.submit(lambda job: "never", results.append)
    runner.cancel()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert results == ["stopped"]


def test_discarded_jobs_report_nothing(qtbot):
    runner = Runner("test")
    gate = threading.Event()
    results: list = []
    runner.submit(_blocking(gate, "old"), results.append)
    runner.discard()
    assert not runner.busy
    runner.submit(lambda job: "new", results.append)
    gate.set()
    qtbot.waitUntil(lambda: results == ["new"], timeout=10000)
    assert runner.wait(10)
    qtbot.wait(50)  # any late delivery of the discarded result would land now
    assert results == ["new"]


def test_a_runner_destroyed_while_its_job_runs_drops_the_result(qtbot):
    owner = QObject()
    runner = Runner("test", owner)
    gate = threading.Event()
    results: list = []
    after: list = []
    runner.submit(_blocking(gate, "late"), results.append)
    runner.after_work()(lambda: after.append(True))
    with qtbot.waitSignal(owner.destroyed, timeout=5000):
        owner.deleteLater()
    del owner, runner
    gate.set()
    qtbot.waitUntil(lambda: after == [True], timeout=10000)
    qtbot.wait(50)
    assert results == []


def test_a_closed_runner_takes_no_jobs_and_runs_its_last_action_after_the_work(qtbot):
    runner = Runner("test")
    gate = threading.Event()
    order: list[str] = []

    def work(job):
        assert gate.wait(10)
        order.append("work")

    runner.submit(work)
    runner.close(then=lambda: order.append("then"))
    with pytest.raises(RuntimeError):
        runner.submit(lambda job: None)
    gate.set()
    qtbot.waitUntil(lambda: len(order) == 2, timeout=10000)
    assert order == ["work", "then"]


def test_a_runner_collects_garbage_on_the_gui_thread_only(qapp):
    Runner("test")
    assert qapp.findChild(MainThreadCollector) is not None
    assert not gc.isenabled()


def test_a_runner_keeps_the_gui_threads_wait_for_the_gil_short(qapp, monkeypatch):
    monkeypatch.setattr(sys, "getswitchinterval", lambda: 0.005)
    chosen: list[float] = []
    monkeypatch.setattr(sys, "setswitchinterval", chosen.append)
    Runner("test")
    assert chosen == [runner_module.GIL_SWITCH_INTERVAL_S]


def test_partial_results_arrive_in_order_the_latest_one_waiting_and_none_after_the_outcome(
    qtbot,
):
    """A job's partial results reach on_partial on the GUI thread, oldest first; of those
    handed over while the GUI thread was busy only the latest arrives, and one still
    waiting when the outcome arrives is dropped (the outcome supersedes it)."""
    runner = Runner("test")
    gate, handed = threading.Event(), threading.Event()
    seen: list = []
    results: list = []
    threads: list = []

    def on_partial(value):
        seen.append(value)
        threads.append(threading.current_thread())

    def work(job):
        job.partial(1)
        handed.set()
        assert gate.wait(10)
        for value in (2, 3, 4):  # while the GUI thread is not looking: only 4 is kept
            job.partial(value)
        return "done"

    runner.submit(work, results.append, on_partial=on_partial)
    qtbot.waitUntil(lambda: seen == [1], timeout=10000)
    assert handed.is_set()
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert seen == [1, 4] and results == ["done"]  # the partial signal is queued first
    assert set(threads) == {threading.main_thread()}

    late: list = []

    def partial_then_done(job):
        job.partial("late")
        return "outcome"

    runner.submit(partial_then_done, results.append, on_partial=late.append)
    runner.wait(10)  # both delivered before the GUI thread looks
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert late == ["late"] and results[-1] == "outcome"  # the partial came first, in order


def test_a_discarded_job_hands_over_no_partial_result(qtbot):
    runner = Runner("test")
    gate = threading.Event()
    seen: list = []

    def work(job):
        assert gate.wait(10)
        job.partial("stale")

    runner.submit(work, on_partial=seen.append)
    runner.discard()
    gate.set()
    runner.wait(10)
    qtbot.wait(50)
    assert seen == [] and not runner.busy

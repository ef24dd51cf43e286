"""Garbage holding Qt objects is collected on the GUI thread, never on a worker thread."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject

from editor.session.gc_guard import collect_on_gui_thread


class _Cyclic(QObject):
    def __init__(self, seen: list):
        super().__init__()
        self.me = self  # a reference cycle: only the cyclic collector can free it
        self.destroyed.connect(lambda *_: seen.append(threading.current_thread()))


def test_automatic_collection_is_off_and_the_gui_timer_collects(qtbot, qapp):
    collector = collect_on_gui_thread(qapp)
    assert not gc.isenabled()
    seen: list = []
    _Cyclic(seen)

    def allocate_in_worker():
        junk = [[] for _ in range(50_000)]  # would trigger a collection here if gc were on
        del junk

    worker = threading.Thread(target=allocate_in_worker)
    worker.start()
    worker.join()
    assert seen == []  # nothing was destroyed on the worker thread
    pending = [[] for _ in range(gc.get_threshold()[0] * 2)]  # past the threshold, kept alive
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)  # the GUI thread's timer collects
    del pending
    assert collector.parent() is qapp
    assert seen == [threading.main_thread()]


def test_long_lived_objects_leave_the_collections_but_are_still_freed(qapp):
    from editor.session.gc_guard import keep_out_of_collections

    kept = [[n] for n in range(1000)]
    before = gc.get_freeze_count()
    keep_out_of_collections()
    assert gc.get_freeze_count() >= before + len(kept)
    probe = _Freed()
    alive = weakref.ref(probe)
    keep_out_of_collections()
    del probe  # no cycle: reference counting frees it, frozen or not
    assert alive() is None


class _Freed:
    pass


def test_start_up_holds_automatic_collection_and_the_collector_takes_over(qapp):
    import gc

    from editor.session.gc_guard import collect_on_gui_thread, hold_collections_for_start_up

    was_enabled = gc.isenabled()
    try:
        gc.enable()
        hold_collections_for_start_up()
        assert not gc.isenabled()
        collector = collect_on_gui_thread(qapp)
        assert not gc.isenabled()  # still off: the collector collects on its timer
        assert collector is qapp.findChild(type(collector))
    finally:
        if was_enabled:
            gc.enable()
        else:
            gc.disable()


def test_the_collector_is_installed_once_per_application(qapp):
    from editor.session.gc_guard import MainThreadCollector

    first = collect_on_gui_thread(qapp)
    assert collect_on_gui_thread(qapp) is first
    assert qapp.findChildren(MainThreadCollector) == [first]

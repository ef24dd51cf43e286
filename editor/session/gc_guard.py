"""Python's garbage collector runs on the GUI thread only.

The cyclic collector runs in whichever thread happens to allocate when a
threshold is crossed. If that is a worker thread (indexing, rendering) and
the garbage holds a Qt object, the object is destroyed on the wrong thread
and the process crashes. So automatic collection is switched off, and a
timer on the GUI thread collects instead, as often as the thresholds would.

A full collection walks every tracked object: with a big site open (a few hundred
thousand objects for 10,000 posts) that blocks the GUI thread for tens of
milliseconds, where CPython itself would have skipped most of them. Once a site's
records are loaded, ``keep_out_of_collections`` moves them into the permanent generation
(``gc.freeze``), which collections do not walk. They
are still freed by reference counting when they go; only a reference cycle among them
would wait, which is what the records never form. While a worker thread loads such a
structure, ``collections_paused`` keeps the timer from walking its new objects.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer
from shiboken6 import isValid

CHECK_INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds, like gc would
        (not while a worker thread loads a big structure: see ``collections_paused``)."""
        if _paused:
            return
        counts = gc.get_count()
        if counts[0] > self._thresholds[0]:
            generation = 0
            if counts[1] > self._thresholds[1]:
                generation = 1
                if counts[2] > self._thresholds[2]:
                    generation = 2
            gc.collect(generation)


def hold_collections_for_start_up() -> None:
    """No automatic collection while the window's modules load and it is built (start-up
    allocates much and frees little); the QApplication's collector takes over from there.
    Call before any other thread starts."""
    gc.disable()


_paused = 0  # how many collections_paused blocks are running
_pause_lock = threading.Lock()


@contextmanager
def collections_paused() -> Iterator[None]:
    """No collection on the GUI thread while the block runs (on a worker thread loading a
    big structure, e.g. a site's records, whose new objects a young collection would walk,
    blocking the window, only for them to be frozen just after)."""
    global _paused
    with _pause_lock:
        _paused += 1
    try:
        yield
    finally:
        with _pause_lock:
            _paused -= 1


def keep_out_of_collections() -> None:
    """Keep every object alive now out of later collections (``gc.freeze``), on the GUI
    thread, after loading a big, long-lived structure such as a site's records.

    No collection first: it would walk the very objects about to be frozen (tens of
    milliseconds for 10,000 posts). The few reference cycles that are garbage at that
    moment stay frozen until the next unfreeze (``SiteIndex.scan`` unfreezes at its end)
    and the full collection that follows it."""
    gc.freeze()


_installed: list[MainThreadCollector] = []  # the latest application's collector


def collect_on_gui_thread(app: QObject) -> MainThreadCollector:
    """Install the collector once for ``app`` (the QApplication). The one installed is
    remembered: looking for it among the application's children (``findChild``) cost
    7 ms at start-up."""
    if _installed and isValid(_installed[0]) and _installed[0].parent() is app:
        return _installed[0]
    collector = MainThreadCollector(app)
    _installed[:] = [collector]
    return collector

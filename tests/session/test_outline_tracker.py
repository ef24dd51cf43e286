"""OutlineTracker: headings rescanned off the GUI thread after a pause, only while active,
announced only when they change."""

from __future__ import annotations

import threading

from editor.session import outline as outline_module
from editor.session.outline import OutlineTracker


class Body:
    def __init__(self, text: str) -> None:
        self.text = text
        self.reads = 0

    def __call__(self) -> str:
        self.reads += 1
        return self.text


def test_an_inactive_tracker_reads_nothing_and_catches_up_when_activated(qtbot):
    """While the outline is hidden no text is read; showing it scans at once."""
    body = Body("# One\n")
    tracker = OutlineTracker(body, lambda: 5)
    tracker.changed()
    tracker.rescan()
    assert body.reads == 0
    with qtbot.waitSignal(tracker.headings_changed) as emitted:
        tracker.set_active(True)
    assert [(h.text, h.line) for h in emitted.args[0]] == [("One", 5)]


def test_a_change_rescans_after_the_pause_on_a_worker_thread(qtbot, monkeypatch):
    """The scan runs off the GUI thread, once typing pauses; equal headings are not
    announced again."""
    threads = []
    real = outline_module.headings

    def spy(text, first_line):
        threads.append(threading.current_thread())
        return real(text, first_line)

    monkeypatch.setattr(outline_module, "headings", spy)
    body = Body("# One\n")
    tracker = OutlineTracker(body, lambda: 1)
    with qtbot.waitSignal(tracker.headings_changed):
        tracker.set_active(True)
    body.text = "# One\n## Two\n"
    for _ in range(5):  # keystrokes: one scan after the pause
        tracker.changed()
    with qtbot.waitSignal(tracker.headings_changed) as emitted:
        pass
    assert [h.text for h in emitted.args[0]] == ["One", "Two"]
    assert len(threads) == 2
    assert all(thread is not threading.main_thread() for thread in threads)
    again: list = []
    tracker.headings_changed.connect(again.append)
    body.text = "# One\n## Two\nmore text\n"
    tracker.changed()
    assert tracker.busy
    qtbot.waitUntil(lambda: not tracker.busy)
    assert len(threads) == 3
    assert again == []

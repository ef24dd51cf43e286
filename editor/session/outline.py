"""OutlineTracker: the body's headings, kept current off the GUI thread.

Each edit re-arms one single-shot timer; when typing pauses, the body's text is taken
on the GUI thread (a copy, a few milliseconds for 50,000 words) and scanned by
``editor.core.post.outline.headings`` on a ``Runner`` (one job in flight, the latest
text wins), so a long post never stalls typing. While nobody watches (the outline is
hidden) nothing is scanned; `set_active(True)` catches up at once. ``headings_changed``
is emitted only when the headings differ.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core.post.outline import Heading, headings
from editor.session.runner import Runner

RESCAN_DELAY_MS = 300


class OutlineTracker(QObject):
    """The headings of the body that body_text() returns (file lines from first_line())."""

    headings_changed = Signal(object)  # list[Heading]

    def __init__(
        self,
        body_text: Callable[[], str],
        first_line: Callable[[], int],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._body_text = body_text
        self._first_line = first_line
        self._active = False
        self._stale = True
        self._generation = 0
        self.headings: list[Heading] = []
        self._runner = Runner("outline", self)
        self._timer = QTimer(self, singleShot=True, interval=RESCAN_DELAY_MS)
        self._timer.timeout.connect(self.rescan)

    def set_active(self, active: bool) -> None:
        """Scan only while active (the outline is shown); becoming active catches up."""
        self._active = active
        if active and self._stale:
            self.rescan()
        elif not active:
            self._timer.stop()

    def changed(self) -> None:
        """The body (or the front matter's length) changed: rescan once typing pauses."""
        self._stale = True
        if self._active:
            self._timer.start()

    def rescan(self) -> None:
        """Scan now (after a reload), if active; else when next active."""
        self._timer.stop()
        if not self._active:
            self._stale = True
            return
        self._stale = False
        self._generation += 1
        generation = self._generation
        text, first_line = self._body_text(), self._first_line()

        def work(_job) -> list[Heading]:
            return headings(text, first_line)

        self._runner.submit(work, lambda found: self._take(generation, found))

    @property
    def busy(self) -> bool:
        """A rescan is due, running, or its result not yet taken."""
        return self._timer.isActive() or self._runner.busy

    def wait(self) -> None:
        """Block until the worker is idle (for tests and shutdown)."""
        self._runner.wait()

    def _take(self, generation: int, found: list[Heading]) -> None:
        if generation != self._generation or found == self.headings:
            return
        self.headings = found
        self.headings_changed.emit(found)

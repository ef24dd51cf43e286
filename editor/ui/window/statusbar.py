"""The window's status bar: file path, saved/modified state, cursor line, words and reading time.

Word counting is coalesced: each edit re-arms one idle timer, and the count
runs on a worker thread with one job in flight; a stale result is dropped and
the latest text is counted next, so typing in a long post never waits for it.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QStatusBar,
    QWidget,
)

from editor.core.post.textstats import DEFAULT_WORDS_PER_MINUTE, TextStats, text_stats
from editor.session.document import Document
from editor.session.runner import Runner

STATS_DELAY_MS = 600


class BodyStatsCounter(QObject):
    """Counts the document body's words off the GUI thread (on a ``Runner``: one job in
    flight, the latest text counted next, a stale result dropped)."""

    stats_ready = Signal(object)  # TextStats

    def __init__(
        self,
        document: Document,
        words_per_minute: int = DEFAULT_WORDS_PER_MINUTE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._words_per_minute = words_per_minute
        self._generation = 0
        self._runner = Runner("word count", self)
        self._timer = QTimer(self, singleShot=True, interval=STATS_DELAY_MS)
        self._timer.timeout.connect(self.count_now)
        document.body_changed.connect(self._timer.start)
        document.reloaded.connect(self.count_now)
        document.front_matter_repaired.connect(self.count_now)  # the body may have moved
        self.last: TextStats | None = None

    def count_now(self) -> None:
        self._timer.stop()
        self._generation += 1
        text, words_per_minute = self._document.body, self._words_per_minute

        def work(_job) -> TextStats:
            return text_stats(text, words_per_minute)

        self._runner.submit(work, partial(self._on_done, self._generation))

    def wait(self) -> None:
        """Block until the worker is idle (for tests and shutdown)."""
        self._runner.wait()

    def _on_done(self, generation: int, stats: TextStats) -> None:
        if generation == self._generation:
            self.last = stats
            self.stats_ready.emit(stats)


class _PathArea(QWidget):
    """The path, and at its right the preview's dialect, which never widens the window.

    Its minimum is the path's alone: the dialect's label gives way when room is short.
    """

    def __init__(self, path_label: QLabel, dialect_label: QLabel) -> None:
        super().__init__()
        self._path_label = path_label
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(path_label)
        # The room the path leaves, and only that: the label shows at the right end and
        # is cut short (never pushes) when the window is narrow.
        dialect_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        dialect_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(dialect_label, 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self._path_label.minimumSizeHint()


class StatusBar(QStatusBar):
    """Shows the document's path and state and the body's statistics."""

    def __init__(
        self,
        document: Document,
        words_per_minute: int = DEFAULT_WORDS_PER_MINUTE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self.path_label = QLabel()
        self.state_label = QLabel()
        self.line_label = QLabel()
        self.stats_label = QLabel()
        self.dialect_label = QLabel()
        self.addWidget(_PathArea(self.path_label, self.dialect_label), 1)
        self.addPermanentWidget(self.line_label)
        self.addPermanentWidget(self.stats_label)
        self.addPermanentWidget(self.state_label)
        self.counter = BodyStatsCounter(document, words_per_minute, self)
        self.counter.stats_ready.connect(self._show_stats)
        document.path_changed.connect(self._show_path)
        document.dirty_changed.connect(self._show_state)
        document.saved.connect(self._show_saved)
        self._show_path()
        self._show_state(document.dirty)
        self.counter.count_now()

    def _show_saved(self, path: str) -> None:
        self.showMessage(f"Saved {path}", 4000)

    def show_cursor_line(self, line: int, column: int = 0) -> None:
        """The cursor's line in the file (front matter counted), and its column."""
        self.line_label.setText(f"Line {line}, Column {column}" if column else f"Line {line}")

    def show_dialect(self, label: str, source: str = "") -> None:
        """ "Preview: Hugo (Goldmark)", and where that was found."""
        self.dialect_label.setText(f"Preview: {label}")
        self.dialect_label.setToolTip(
            f"The preview renders Markdown as {label} does"
            + (f" (from {source})" if source else " (no generator found: the default)")
        )

    def _show_path(self, *_args) -> None:
        path = self._document.path
        self.path_label.setText(str(path) if path else "Untitled post")
        self.path_label.setToolTip(str(path) if path else "")

    def _show_state(self, dirty: bool) -> None:
        self.state_label.setText("Modified" if dirty else "Saved")

    def _show_stats(self, stats: TextStats) -> None:
        self.stats_label.setText(stats.summary())

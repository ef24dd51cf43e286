"""Work put off until a widget's first frame is on screen.

``after_first_paint(widget, then)`` calls ``then`` once, in the event-loop turn after
the widget's first paint: the window shows its first frame before paying for what can
wait (the rest of the window, the preview's engine, the spelling dictionary). The
window builds in two steps this way (``MainWindow.finish_building``), and so do the
preview pane and the spell checker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    """Watches one widget for its first paint event, then lets go of it."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # Next turn: the paint is flushed to the screen before the work starts.
            QTimer.singleShot(0, self._then)
            self.deleteLater()
        return False


def after_first_paint(widget: QWidget, then: Callable[[], None], *, painted: bool = False) -> None:
    """Call ``then`` once, in the event-loop turn after ``widget`` first paints.

    painted: the widget's window has shown its first frame already (the widget may not
    paint again soon), so ``then`` runs in the next turn.
    """
    if painted:
        QTimer.singleShot(0, then)
    else:
        _FirstPaint(widget, then)

"""The body editor's font: proportional or monospace, a chosen family, and its size.

A proportional font by default, as in ghostwriter; the family named in the settings wins
over the kind's default. ``FontZoom`` turns Ctrl+wheel on the editor into size steps
(Ctrl+= / Ctrl+- / Ctrl+0 are window actions, see ``editor.ui.window.comfort``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontDatabase, QWheelEvent
from PySide6.QtWidgets import QPlainTextEdit

MIN_SIZE, MAX_SIZE = 6, 72
DEFAULT_MIN_SIZE = 11  # the default size: the system's, but at least this


def default_point_size(kind: str) -> int:
    """The size used when none is chosen: the kind's system font size, at least 11 pt."""
    return max(DEFAULT_MIN_SIZE, round(_system_font(kind).pointSizeF()))


def editor_font(kind: str, family: str = "", point_size: int = 0) -> QFont:
    """The font for kind ("proportional" or "monospace"), family when named, and
    point_size when above 0 (else the default size)."""
    font = _system_font(kind)
    if family:
        font.setFamily(family)
    if kind == "monospace":
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setFixedPitch(True)
    size = point_size if point_size > 0 else default_point_size(kind)
    font.setPointSize(min(MAX_SIZE, max(MIN_SIZE, size)))
    return font


def stepped_size(current: int, step: int) -> int:
    """current point size moved by step, kept within MIN_SIZE..MAX_SIZE."""
    return min(MAX_SIZE, max(MIN_SIZE, current + step))


def _system_font(kind: str) -> QFont:
    which = (
        QFontDatabase.SystemFont.FixedFont
        if kind == "monospace"
        else QFontDatabase.SystemFont.GeneralFont
    )
    return QFont(QFontDatabase.systemFont(which))


class FontZoom(QObject):
    """Ctrl+wheel over the editor calls ``step(+1)`` (away from the user) or ``step(-1)``."""

    def __init__(self, editor: QPlainTextEdit, step: Callable[[int], None]) -> None:
        super().__init__(editor)
        self._step = step
        self._pending = 0  # high-resolution wheels send eighths of a notch
        editor.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.Wheel or not isinstance(event, QWheelEvent):
            return False
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        self._pending += event.angleDelta().y()
        while abs(self._pending) >= 120:
            sign = 1 if self._pending > 0 else -1
            self._pending -= 120 * sign
            self._step(sign)
        return True

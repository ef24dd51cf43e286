"""Fits a restored window to the screen it opens on (the arithmetic is in
``editor.core.user.screen_fit``): never bigger than the screen's available area, never
outside it, never smaller than a usable minimum."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

from editor.core.user.screen_fit import Rect, fit_to_screen

log = logging.getLogger(__name__)


def fit_window_to_screen(window: QWidget) -> None:
    """Move and resize a normal (not maximised, not full-screen) window onto its screen."""
    screen = window.screen()
    if screen is None or window.windowState() & (
        Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen
    ):
        return
    area = screen.availableGeometry()
    current = window.geometry()
    saved = Rect(current.x(), current.y(), current.width(), current.height())
    fitted = fit_to_screen(saved, Rect(area.x(), area.y(), area.width(), area.height()))
    if fitted != saved:
        log.info("window geometry %s fitted to the screen's %s: %s", saved, area, fitted)
        window.setGeometry(QRect(*fitted))

"""Helpers shared by the window tests: a shown, active window built the way the app does."""

from __future__ import annotations

import warnings

from PySide6.QtWidgets import QApplication

from editor.app import build_window


def open_window(qtbot, settings, prompter, paths=(), use_webengine=False):
    # The light QTextBrowser preview keeps most tests fast; one test uses QtWebEngine.
    window = build_window(settings, prompter, [str(p) for p in paths], use_webengine=use_webengine)
    qtbot.addWidget(window)
    window.show()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        # Offscreen has no window manager: shortcuts only reach a window made active here.
        QApplication.setActiveWindow(window)
    qtbot.waitExposed(window)
    return window

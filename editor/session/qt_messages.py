"""Qt's own messages (qWarning and friends, from Qt and QtWebEngine) to a Python logger.

``route_qt_messages(logger)`` installs a Qt message handler that logs each message at
the matching level instead of printing it; the app uses it with
``editor.core.user.engine_log.qt_log`` unless ``MASTHEAD_DEBUG`` is set. A fatal message
still reaches stderr too, since Qt aborts right after it.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


class QtMessageRouter:
    """The installed handler (kept alive by `route_qt_messages`'s caller)."""

    def __init__(self, logger: logging.Logger) -> None:
        self.logger = logger

    def __call__(self, kind: QtMsgType, context, message: str) -> None:
        category = getattr(context, "category", None) or "default"
        level = LEVELS.get(kind, logging.WARNING)
        try:
            self.logger.log(level, "[%s] %s", category, message)
        except Exception:  # noqa: BLE001 - a log that cannot be written must not crash Qt
            sys.stderr.write(f"{message}\n")
        if kind == QtMsgType.QtFatalMsg:
            sys.stderr.write(f"{message}\n")


def route_qt_messages(logger: logging.Logger) -> QtMessageRouter:
    """Send Qt's messages to logger from now on; returns the handler (keep it)."""
    router = QtMessageRouter(logger)
    qInstallMessageHandler(router)
    return router

"""Qt messages routed to a logger at their own level (the app's qt.log, see engine_log)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QtMsgType

from editor.session.qt_messages import QtMessageRouter


class Context:
    category = "qt.webenginecontext"


def test_each_kind_is_logged_at_its_level(caplog):
    """Info, warning and critical messages keep their level and name their category."""
    logger = logging.getLogger("test.qt_messages")
    router = QtMessageRouter(logger)
    with caplog.at_level(logging.DEBUG, logger=logger.name):
        router(QtMsgType.QtInfoMsg, Context(), "Sandboxing disabled by user.")
        router(QtMsgType.QtWarningMsg, Context(), "Failed to load vulkan")
        router(QtMsgType.QtCriticalMsg, None, "bad")
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.INFO, "[qt.webenginecontext] Sandboxing disabled by user."),
        (logging.WARNING, "[qt.webenginecontext] Failed to load vulkan"),
        (logging.ERROR, "[default] bad"),
    ]

"""Start-up noise from Qt and the preview's Chromium: into a log file, not the terminal.

QtWebEngine's Chromium prints alarming but harmless lines at every start (no Vulkan,
the GPU vendor, no D-Bus). Some come from Chromium's own logging in the helper
processes, which write to the inherited stderr: ``--log-level=3`` (fatal only) in
``QTWEBENGINE_CHROMIUM_FLAGS`` silences those. The rest are Qt messages of this
process; the session layer routes them to ``qt.log`` in the data folder
(``editor.session.qt_messages``). With ``MASTHEAD_DEBUG`` set nothing changes: every
line reaches the terminal as before.

``quiet_environment`` computes the variables to set (pure); ``qt_log`` opens the log.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from logging.handlers import RotatingFileHandler
from pathlib import Path

from editor.core.platform.userdirs import data_dir

DEBUG_VARIABLE = "MASTHEAD_DEBUG"
CHROMIUM_FLAGS_VARIABLE = "QTWEBENGINE_CHROMIUM_FLAGS"
QUIET_CHROMIUM_FLAGS = ("--log-level=3",)  # 3: fatal only (0 info, 1 warning, 2 error)
QT_LOG_NAME = "qt.log"
QT_LOG_MAX_BYTES = 256 * 1024
LOGGER_NAME = "masthead.qt"


def debugging(environ: Mapping[str, str]) -> bool:
    """True when MASTHEAD_DEBUG asks for everything on the terminal."""
    return environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0")


def quiet_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The variables to set before Qt starts so Chromium keeps quiet (empty when
    debugging). Flags the user set are kept, and a log level they chose wins."""
    if debugging(environ):
        return {}
    flags = environ.get(CHROMIUM_FLAGS_VARIABLE, "").split()
    added = [
        flag
        for flag in QUIET_CHROMIUM_FLAGS
        if not any(f.split("=")[0] == flag.split("=")[0] for f in flags)
    ]
    if not added:
        return {}
    return {CHROMIUM_FLAGS_VARIABLE: " ".join([*flags, *added])}


def qt_log(folder: Path | None = None) -> logging.Logger:
    """The logger whose records go to ``qt.log`` in the data folder (rotated once past
    QT_LOG_MAX_BYTES); it does not pass them on to the root logger's terminal output."""
    logger = logging.getLogger(LOGGER_NAME)
    folder = Path(folder) if folder is not None else data_dir()
    target = folder / QT_LOG_NAME
    for handler in logger.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == target:
            return logger
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        target, maxBytes=QT_LOG_MAX_BYTES, backupCount=1, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    return logger

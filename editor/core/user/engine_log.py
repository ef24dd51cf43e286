"""The preview's QtWebEngine environment: quiet at start-up, and drawing in software.

Start-up noise from Qt and the preview's Chromium goes into a log file, not the terminal.

QtWebEngine's Chromium prints alarming but harmless lines at every start (no Vulkan,
the GPU vendor, no D-Bus). Some come from Chromium's own logging in the helper
processes, which write to the inherited stderr: ``--log-level=3`` (fatal only) in
``QTWEBENGINE_CHROMIUM_FLAGS`` silences those. The rest are Qt messages of this
process; the session layer routes them to ``qt.log`` in the data folder
(``editor.session.qt_messages``). With ``MASTHEAD_DEBUG`` set nothing changes: every
line reaches the terminal as before.

The preview shows one rendered post: text and a few images, no video, no WebGL. Drawing
it on the GPU costs more than it gives: Chromium starts a GPU process, and the window's
process draws through OpenGL. Software compositing (Chromium's ``--disable-gpu``, Qt
Quick's ``software`` backend) draws the same page with one process fewer: 10 s after
opening the sample post on an idle machine (Xvfb, Mesa llvmpipe), the whole process tree
took 325 MiB of PSS instead of 363-370 MiB. ``MASTHEAD_PREVIEW_GPU=1`` keeps
QtWebEngine's default GPU drawing.

Even then, on X11 the window's process still loaded Mesa (``swrast_dri`` and its 40 MiB
``libLLVM``) and made OpenGL contexts it never drew with: the xcb platform's GLX
integration serves the shared context QtWebEngine asks for and a probe of the widgets'
OpenGL composition. ``QT_XCB_GL_INTEGRATION=none`` leaves OpenGL out of the xcb platform,
so widgets and the preview flush through the raster backing store: the whole tree took
40 to 60 MiB less (the same page drawn, the sample post, Xvfb). Qt then logs that it
cannot create an OpenGL context, once, to ``qt.log``. The variable has to stay set while
the app runs (programs it starts inherit it, as they do the other variables here): the
xcb platform reads it at its first OpenGL use, and with it taken out of the environment
once the QApplication existed, Mesa was loaded again when the preview appeared.

Where Chromium's sandbox is off anyway (``QTWEBENGINE_DISABLE_SANDBOX``, which running
as root requires), its zygote processes serve no purpose for one preview page: they exist
to fork sandboxed renderers. ``--no-zygote`` starts the renderer directly, two processes
fewer and about 10 MiB less over the tree. With the sandbox on it is not added (Chromium
refuses it there).

``quiet_environment`` and ``software_drawing_environment`` compute the variables to set
(pure; flags the user set are kept); ``qt_log`` opens the log.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from editor.core.platform.userdirs import data_dir

DEBUG_VARIABLE = "MASTHEAD_DEBUG"
CHROMIUM_FLAGS_VARIABLE = "QTWEBENGINE_CHROMIUM_FLAGS"
QUIET_CHROMIUM_FLAGS = ("--log-level=3",)  # 3: fatal only (0 info, 1 warning, 2 error)
GPU_VARIABLE = "MASTHEAD_PREVIEW_GPU"
QUICK_BACKEND_VARIABLE = "QT_QUICK_BACKEND"
XCB_GL_VARIABLE = "QT_XCB_GL_INTEGRATION"
SOFTWARE_DRAWING_FLAGS = ("--disable-gpu",)
SANDBOX_VARIABLE = "QTWEBENGINE_DISABLE_SANDBOX"
UNSANDBOXED_FLAGS = ("--no-zygote",)  # only valid (and only useful) with no sandbox
QT_LOG_NAME = "qt.log"
QT_LOG_MAX_BYTES = 256 * 1024
LOGGER_NAME = "masthead.qt"


def debugging(environ: Mapping[str, str]) -> bool:
    """True when MASTHEAD_DEBUG asks for everything on the terminal."""
    return environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0")


def _with_chromium_flags(environ: Mapping[str, str], wanted: tuple[str, ...]) -> dict[str, str]:
    """QTWEBENGINE_CHROMIUM_FLAGS with the wanted flags added, unless the user set the
    same flag (with any value); empty when nothing needs adding."""
    flags = environ.get(CHROMIUM_FLAGS_VARIABLE, "").split()
    added = [
        flag for flag in wanted if not any(f.split("=")[0] == flag.split("=")[0] for f in flags)
    ]
    if not added:
        return {}
    return {CHROMIUM_FLAGS_VARIABLE: " ".join([*flags, *added])}


def quiet_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The variables to set before Qt starts so Chromium keeps quiet (empty when
    debugging). Flags the user set are kept, and a log level they chose wins."""
    if debugging(environ):
        return {}
    return _with_chromium_flags(environ, QUIET_CHROMIUM_FLAGS)


def sandbox_disabled(environ: Mapping[str, str]) -> bool:
    """True when Chromium's sandbox is off: QTWEBENGINE_DISABLE_SANDBOX set (not "0"),
    or --no-sandbox among the flags."""
    if environ.get(SANDBOX_VARIABLE, "").strip() not in ("", "0"):
        return True
    return "--no-sandbox" in environ.get(CHROMIUM_FLAGS_VARIABLE, "").split()


def software_drawing_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The variables to set before Qt starts so the preview draws in software, and with
    the sandbox off runs no zygote (empty when MASTHEAD_PREVIEW_GPU asks for the GPU:
    QtWebEngine as it comes). A Qt Quick backend or an xcb GL integration the user
    chose wins."""
    if environ.get(GPU_VARIABLE, "").strip() not in ("", "0"):
        return {}
    wanted = SOFTWARE_DRAWING_FLAGS
    if sandbox_disabled(environ):
        wanted = (*wanted, *UNSANDBOXED_FLAGS)
    changes = _with_chromium_flags(environ, wanted)
    if QUICK_BACKEND_VARIABLE not in environ:
        changes[QUICK_BACKEND_VARIABLE] = "software"
    if XCB_GL_VARIABLE not in environ:
        changes[XCB_GL_VARIABLE] = "none"
    return changes


def qt_log(folder: Path | None = None) -> logging.Logger:
    """The logger whose records go to ``qt.log`` in the data folder (rotated once past
    QT_LOG_MAX_BYTES); it does not pass them on to the root logger's terminal output."""
    from logging.handlers import RotatingFileHandler  # here: the window starts without it

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

"""How QtWebEngine is set up before the QApplication exists: found, and told to draw in software.

The preview shows one rendered post: text, a few images, no video and no WebGL. Drawing it
on the GPU costs more than it gives: Chromium starts a GPU process, and the window's own
process loads the OpenGL stack (with Mesa's llvmpipe on a machine without a GPU, the
LLVM library alone is about 37 MiB). Software compositing (Chromium's ``--disable-gpu``,
Qt Quick's ``software`` backend) draws the same page; measured here 8 s after opening
the sample post, the whole process tree took 268 MiB instead of 335 MiB.

``MASTHEAD_PREVIEW_GPU=1`` keeps QtWebEngine's default GPU drawing; settings the user
made in ``QT_QUICK_BACKEND`` or ``QTWEBENGINE_CHROMIUM_FLAGS`` are kept and added to.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import MutableMapping

SOFTWARE_CHROMIUM_FLAG = "--disable-gpu"


def webengine_available() -> bool:
    """Whether QtWebEngine is installed (found without importing it)."""
    try:
        return importlib.util.find_spec("PySide6.QtWebEngineWidgets") is not None
    except (ImportError, ValueError):
        return False


def software_preview_environment(environ: MutableMapping[str, str]) -> None:
    """Ask QtWebEngine and Qt Quick to draw in software, unless MASTHEAD_PREVIEW_GPU is set."""
    if environ.get("MASTHEAD_PREVIEW_GPU", "").strip() not in ("", "0"):
        return
    environ.setdefault("QT_QUICK_BACKEND", "software")
    flags = environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
    if SOFTWARE_CHROMIUM_FLAG not in flags:
        environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join([*flags, SOFTWARE_CHROMIUM_FLAG])


def prepare_webengine() -> None:
    """Before the QApplication is made: software drawing, and (as QtWebEngine requires when
    it is imported after the QApplication, which the deferred preview does) shared GL
    contexts."""
    if not webengine_available():
        return
    software_preview_environment(os.environ)
    from PySide6.QtCore import QCoreApplication, Qt

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)

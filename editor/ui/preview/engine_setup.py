"""How QtWebEngine is set up before the QApplication exists: found, and told to draw in
software (the variables come from `editor.core.user.engine_log`, which says why)."""

from __future__ import annotations

import importlib.util
import os


def webengine_available() -> bool:
    """Whether QtWebEngine is installed (found without importing it)."""
    try:
        return importlib.util.find_spec("PySide6.QtWebEngineWidgets") is not None
    except (ImportError, ValueError):
        return False


def prepare_webengine() -> None:
    """Before the QApplication is made: software drawing, and (as QtWebEngine requires when
    it is imported after the QApplication, which the deferred preview does) shared GL
    contexts."""
    if not webengine_available():
        return
    from PySide6.QtCore import QCoreApplication, Qt

    from editor.core.user.engine_log import software_drawing_environment

    os.environ.update(software_drawing_environment(os.environ))
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)

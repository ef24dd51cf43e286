"""Composition root: builds the settings, the QApplication, the document and the main window.

``run_gui(paths, settings_path=None)`` is what ``masthead PATH`` and
``python -m editor PATH`` call. Everything the window needs is created here and
passed in; nothing is created at import time.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

ICON_SIZES = (16, 32, 48, 64, 128, 256)


def app_icon():
    """The application icon: the SVG plus pre-rendered PNG sizes for small icons."""
    from PySide6.QtGui import QIcon

    from editor.core.resources import resource_path

    icon = QIcon()
    try:
        for size in ICON_SIZES:
            png = resource_path(f"icon-{size}.png")
            if png.exists():
                icon.addFile(str(png))
        svg = resource_path("icon.svg")
        if icon.isNull() and svg.exists():
            icon.addFile(str(svg))
    except FileNotFoundError:
        pass  # a broken installation still runs, with the platform's default icon
    return icon


def _prepare_qt_environment() -> None:
    # QtWebEngine refuses to run as root without its sandbox disabled.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")


def create_application(argv: Sequence[str] | None = None):
    """The QApplication (reused if one exists), named and with its icon."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    _prepare_qt_environment()
    existing = QApplication.instance()
    if existing is not None:
        return existing
    try:  # WebEngine must be imported and GL contexts shared before the app exists
        import PySide6.QtWebEngineWidgets  # noqa: F401

        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    except ImportError:
        pass
    app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
    app.setApplicationName("Masthead")
    app.setApplicationDisplayName("Masthead")
    app.setOrganizationName("Masthead")
    app.setDesktopFileName("masthead")
    app.setWindowIcon(app_icon())
    return app


def build_window(
    settings,
    prompter=None,
    paths: Sequence[str] = (),
    *,
    with_preview: bool = True,
    use_webengine: bool | None = None,
):
    """The main window on the first post in paths (or an empty post), ready to show.

    use_webengine=None picks QtWebEngine when installed, else the QTextBrowser preview.
    """
    from PySide6.QtCore import QTimer

    from editor.core.errors import PostError
    from editor.core.post import Post
    from editor.session.document import Document
    from editor.ui.main_window import MainWindow
    from editor.ui.prompter import DialogPrompter

    document = Document(Post.new())
    own_prompter = prompter is None
    if own_prompter:
        prompter = DialogPrompter()
    window = MainWindow(
        document, settings, prompter, with_preview=with_preview, use_webengine=use_webengine
    )
    if own_prompter:
        prompter.set_owner(window)
    files = [Path(p) for p in paths if not Path(p).is_dir()]
    folders = [Path(p).absolute() for p in paths if Path(p).is_dir()]
    if folders:
        settings.last_folder = str(folders[0])
        # Emitted once the event loop runs, so whoever browses folders can connect first.
        QTimer.singleShot(0, lambda: window.open_folder_requested.emit(str(folders[0])))
    if files:
        try:
            document.load(files[0])
            window.remember_path(document.path)
        except PostError as error:
            prompter.show_error("Cannot open the post", str(error))
    window.body_editor.move_to_start()
    window.body_editor.setFocus()
    return window


def run_gui(paths: Sequence[str] = (), settings_path: str | os.PathLike | None = None) -> int:
    """Open the window on paths (files: the first is opened; a folder is offered to the
    folder browser); returns the application's exit code."""
    from editor.core.settings import Settings, default_settings_path

    app = create_application()
    settings = Settings.load(settings_path or default_settings_path())
    window = build_window(settings, paths=paths)
    window.show()
    window.raise_()
    window.activateWindow()
    code = app.exec()
    return int(code)

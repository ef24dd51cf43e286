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
    from editor.session.gc_guard import collect_on_gui_thread

    collect_on_gui_thread(app)  # worker threads must never destroy Qt objects
    return app


def build_window(
    settings,
    prompter=None,
    paths: Sequence[str] = (),
    *,
    with_preview: bool = True,
    use_webengine: bool | None = None,
    ask_folder=None,
    cache_dir=None,
):
    """The main window on the first post in paths (or an empty post), ready to show.

    A folder in paths opens in the site workspace beside the editor.

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
    window.site_session = SiteSession(window, ask_folder=ask_folder, cache_dir=cache_dir)
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


class SiteSession:
    """The site workspace beside the editor: created when a folder is first opened.

    Wires the post list, table and problems panel to the window: a clicked post
    opens in the editor (which asks about unsaved edits first), a clicked
    problem opens the post at its field, a save refreshes the index, and the
    form's autocomplete draws on the whole site's vocabulary.
    """

    def __init__(self, window, ask_folder=None, cache_dir=None) -> None:
        self.window = window
        self.workspace = None
        self.panel = None
        self._ask_folder = ask_folder or self._ask_folder_with_dialog
        self._cache_dir = cache_dir
        window.open_folder_requested.connect(self.open_folder)

    def _ask_folder_with_dialog(self, start: str) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        return (
            QFileDialog.getExistingDirectory(self.window, "Open a folder of posts", start) or None
        )

    def open_folder(self, folder: str = "") -> bool:
        from editor.core.paths import cache_dir
        from editor.session.workspace import Workspace
        from editor.ui.bulk_dialog import DialogPrompter as BulkPrompter
        from editor.ui.workspace_panel import WorkspacePanel

        if not folder:
            start = self.window.settings.last_folder or str(Path.home())
            folder = self._ask_folder(start) or ""
            if not folder:
                return False
        root = Path(folder).absolute()
        if not root.is_dir():
            self.window.prompter.show_error("Cannot open the folder", f"{root} is not a folder.")
            return False
        if self.workspace is None:
            self.workspace = Workspace(cache_dir=self._cache_dir or cache_dir(), parent=self.window)
            self.panel = WorkspacePanel(self.workspace, BulkPrompter(self.window))
            self.panel.post_activated.connect(self.window.open_path)
            self.panel.problem_activated.connect(self.open_problem)
            self.window.document.saved.connect(lambda path: self.workspace.refresh_paths([path]))
            self.window.form_model.set_vocabulary(self.workspace.vocabulary)
            self.workspace.ready.connect(self._open_newest_post_if_idle)
            self.workspace.ready.connect(
                lambda: self.window.spelling.set_site_records(self.workspace.records)
            )
            self.window.set_sidebar(self.panel)
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self._give_the_body_room)  # once the splitter has its width
        self.window.settings.last_folder = str(root)
        self.workspace.open(root)
        self.window.setWindowTitle(f"{root.name} — Masthead")
        return True

    def _give_the_body_room(self) -> None:
        """Make room for the sidebar from the form and preview, not from the body."""
        splitter = self.window.splitter
        sizes = splitter.sizes()
        total = sum(sizes)
        sidebar, form = min(280, total * 22 // 100), min(300, total * 24 // 100)
        preview = (total - sidebar - form) * 2 // 5 if sizes[3] else 0
        splitter.setSizes([sidebar, form, total - sidebar - form - preview, preview])

    def _open_newest_post_if_idle(self, *_args) -> None:
        """With nothing open yet, show the site's newest post so the window isn't empty."""
        document = self.window.document
        if document.path is not None or document.dirty or not self.workspace.records:
            return
        readable = [r for r in self.workspace.records if not r.error]
        if readable:
            newest = max(readable, key=lambda r: (r.date_key, r.rel))
            self.window.open_path(newest.path)
            self.panel.post_list.select_path(newest.path)

    def open_problem(self, path: str, line: int, key: str, column: int = 0) -> None:
        """Open the post with the problem, then put the cursor on the field or line (on the
        word, for a spelling problem, which has a column)."""
        window = self.window
        if window.document.path is None or Path(path) != window.document.path:
            if not window.open_path(path):
                return
        if column and line and window.spelling.show_at(line, column, key):
            return
        if key and key in window.form.shown_keys():
            window.form.editor_for(key).setFocus()
        elif line and line >= window.document.post.body_start_line:
            window.body_editor.go_to_line(line - window.document.post.body_start_line + 1)
            window.body_editor.setFocus()


def _open_another(settings, keep: list):
    """A further window, for a further recovered document; ``keep`` holds it alive."""
    window = build_window(settings)
    window.show()
    keep.append(window)
    return window


SPARE_WORKERS = 2  # workers kept waiting: a first open of a big site parses in two


def start_workers() -> None:
    """Start the worker forkserver and the spare workers (editor.core.workers), without
    blocking: the spares wait until the server has started."""
    import threading

    from editor.core import parse_pool, workers

    workers.start_worker_server()
    threading.Thread(
        target=workers.enable_spares,
        kwargs={"count": SPARE_WORKERS, "warm_up": parse_pool.warm_up},
        name="spare workers",
        daemon=True,
    ).start()


def run_gui(paths: Sequence[str] = (), settings_path: str | os.PathLike | None = None) -> int:
    """Open the window on paths (files: the first is opened; a folder is offered to the
    folder browser); returns the application's exit code."""
    from editor.core.settings import Settings, default_settings_path

    app = create_application()
    settings = Settings.load(settings_path or default_settings_path())
    window = build_window(settings, paths=paths)
    from PySide6.QtCore import QTimer

    from editor.ui.file_safety import install_exception_hook
    from editor.ui.recovery_dialog import offer_recovery

    # Not inside the window: tests rely on pytest-qt's own exception capture.
    install_exception_hook(window)
    window.show()
    more_windows: list = []
    QTimer.singleShot(
        0, lambda: offer_recovery(window, open_window=lambda: _open_another(settings, more_windows))
    )
    window.raise_()
    window.activateWindow()
    # After the first paint, so their start-up does not compete with the window's; a big
    # site opened before they are ready waits for them.
    QTimer.singleShot(0, start_workers)
    code = app.exec()
    return int(code)

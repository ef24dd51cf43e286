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

# On X11 every size of a window's icon is copied into the window's _NET_WM_ICON property
# when it is shown: the 512 px one alone is 1 MiB of pixels and took 14 ms of the first
# show (the window appeared that much later). Launchers and docks take the hicolor icons
# that ``masthead desktop-install`` puts in place, at any size.
WINDOW_ICON_LARGEST_PX = 256


def app_icon():
    """The application and window icon: the hicolor PNGs from 16 to WINDOW_ICON_LARGEST_PX
    px (the scalable SVG where no PNG is found)."""
    from PySide6.QtGui import QIcon

    from editor import APP_ID
    from editor.core.platform.resources import resource_path

    icon = QIcon()
    try:
        hicolor = resource_path("icons/hicolor")
        for png in sorted(hicolor.glob(f"*x*/apps/{APP_ID}.png")):
            if int(png.parent.parent.name.split("x")[0]) <= WINDOW_ICON_LARGEST_PX:
                icon.addFile(str(png))
        svg = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
        if icon.isNull() and svg.exists():
            icon.addFile(str(svg))
    except FileNotFoundError:
        pass  # a broken installation still runs, with the platform's default icon
    return icon


def _prepare_qt_environment() -> None:
    # QtWebEngine refuses to run as root without its sandbox disabled.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from editor.core.user.engine_log import quiet_environment

    os.environ.update(quiet_environment(os.environ))  # Chromium's start-up noise: off


def route_qt_messages_to_log():
    """Qt's messages go to qt.log in the data folder, unless MASTHEAD_DEBUG is set;
    returns the handler to keep alive (None when nothing was routed)."""
    from editor.core.user.engine_log import debugging, qt_log

    if debugging(os.environ):
        return None
    from editor.session.qt_messages import route_qt_messages

    try:
        return route_qt_messages(qt_log())
    except OSError:
        return None  # no writable data folder: the messages stay on the terminal


def share_gl_contexts_for_webengine() -> None:
    """Set up QtWebEngine before the QApplication exists (editor/ui/preview/engine_setup.py):
    software drawing and shared GL contexts; the module itself is imported later, when the
    preview is first shown (see preview_view)."""
    from editor.ui.preview.engine_setup import prepare_webengine

    prepare_webengine()


def create_application(argv: Sequence[str] | None = None):
    """The QApplication (reused if one exists), named and with its icon."""
    from PySide6.QtWidgets import QApplication

    _prepare_qt_environment()
    existing = QApplication.instance()
    if existing is not None:
        return existing
    share_gl_contexts_for_webengine()
    app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
    app.setApplicationName("Masthead")
    # No display name: Qt would append " — Masthead" to every dialog's title, cutting
    # short titles such as "Go to line"; the main window names the app itself.
    app.setOrganizationName("Masthead")
    from editor import APP_ID

    app.setDesktopFileName(APP_ID)  # the desktop entry's id
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
    defer_preview: bool = False,
    reopen_last: bool = False,
    staged: bool = False,
):
    """The main window on the first post in paths (or an empty post), ready to show.

    A folder in paths opens in the site workspace beside the editor.

    use_webengine=None picks QtWebEngine when installed, else the QTextBrowser preview.
    defer_preview: the preview's QtWebEngine view and render worker are created after
    the window's first paint (what ``masthead`` does, so the window shows sooner).
    reopen_last: without paths, open the site and post open at the last close, unless
    the user turned that off (what ``masthead`` does; see core.user.recent).
    staged: the window holds the body editor on the post (read without parsing it:
    editor.session.opening_post), its menus and toolbar; the caller shows it and then
    calls ``window.finish_building()``, which opens the post's Document (what
    ``masthead`` does, see run_gui); a folder opens once the window is built.
    """
    from PySide6.QtCore import QTimer

    from editor.ui.dialogs.dialog_prompter import DialogPrompter
    from editor.ui.window.main_window import MainWindow

    if reopen_last and not paths:
        from editor.core.user.recent import startup_paths

        paths = startup_paths(settings)
    files = [Path(p) for p in paths if not Path(p).is_dir()]
    folders = [Path(p).absolute() for p in paths if Path(p).is_dir()]
    if staged:
        from editor.session.opening_post import OpeningPost

        document = OpeningPost(files[0] if files else None)
    else:
        from editor.core.post.model import Post
        from editor.session.document import Document

        document = Document(Post.new())
    own_prompter = prompter is None
    if own_prompter:
        prompter = DialogPrompter()
    window = MainWindow(
        document,
        settings,
        prompter,
        with_preview=with_preview,
        use_webengine=use_webengine,
        defer_preview=defer_preview,
        staged=staged,
    )
    if own_prompter:
        prompter.set_owner(window)
    window.site_session = SiteSession(window, ask_folder=ask_folder, cache_dir=cache_dir)
    if folders:
        settings.last_folder = str(folders[0])
        # Emitted once the event loop runs, so whoever browses folders can connect first.
        window.when_built(
            lambda: QTimer.singleShot(0, lambda: window.open_folder_requested.emit(str(folders[0])))
        )
    if files and not staged:
        _open_first_file(window, files[0])
    window.body_editor.move_to_start()
    window.body_editor.setFocus()
    return window


def _open_first_file(window, path: Path) -> None:
    from editor.core.errors import PostError

    try:
        window.document.load(path)
        window.remember_path(window.document.path)
    except PostError as error:
        window.prompter.show_error("Cannot open the post", str(error))


DOCK_AFTER_MS = 1  # the site panel docks this long after the pick (SiteSession.open_folder)


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
        self.git = None  # GitSession, once a folder is open
        self.changes = None  # its ChangesPanel
        self._prepared = None  # (workspace, panel, git, changes) made before the first open
        self._ask_folder = ask_folder or self._ask_folder_with_dialog
        self._cache_dir = cache_dir
        self._open_post_edits = 0  # table edits of the open post since the last site step
        self._newest = None  # its NewestPostOpener, once a folder is open
        # Called once, when a folder is first asked for (before the dialog): the window
        # starts its worker processes there, not before anyone opens a site.
        self.before_first_open = None
        window.open_folder_requested.connect(self.open_folder)

    def _ask_folder_with_dialog(self, start: str) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        return (
            QFileDialog.getExistingDirectory(self.window, "Open a folder of posts", start) or None
        )

    def prepare_workspace(self) -> None:
        """Make the site workspace's parts (the workspace, its panel, the git session and
        its Changes panel) before a folder is picked: open_folder asks for this while the
        folder dialog is up, so the pick does not wait for them (20-30 ms for a big
        site's window). Nothing shows until a folder opens; once is enough."""
        if self.workspace is not None or self._prepared is not None:
            return
        from editor.core.platform.userdirs import cache_dir
        from editor.session.git_session import GitSession
        from editor.session.newest_post import NewestPostOpener
        from editor.session.workspace import Workspace
        from editor.ui.site.bulk_dialog import WorkspaceDialogPrompter
        from editor.ui.site.changes_panel import ChangesPanel
        from editor.ui.site.workspace_panel import WorkspacePanel

        workspace = Workspace(cache_dir=self._cache_dir or cache_dir(), parent=self.window)
        panel = WorkspacePanel(workspace, WorkspaceDialogPrompter(self.window))
        git = GitSession(workspace, parent=self.window)
        changes = ChangesPanel(git, self.window.prompter)
        panel.ensurePolished()  # styled now, not when it first shows
        # Its runner starts a thread: here, not in the pick's turn.
        self._newest = NewestPostOpener(self.window.document, self._show_post, self.window)
        self._prepared = (workspace, panel, git, changes)

    def open_folder(self, folder: str = "") -> bool:
        from PySide6.QtCore import QTimer

        prepare, self.before_first_open = self.before_first_open, None
        if prepare is not None:
            prepare()
        if not folder:
            start = self.window.settings.last_folder or str(Path.home())
            QTimer.singleShot(0, self.prepare_workspace)  # while the dialog is up
            folder = self._ask_folder(start) or ""
            if not folder:
                return False
        root = Path(folder).absolute()
        if not root.is_dir():
            self.window.prompter.show_error("Cannot open the folder", f"{root} is not a folder.")
            return False
        first_open = self.workspace is None
        if first_open:
            self.prepare_workspace()
            assert self._prepared is not None
            self.workspace, self.panel, self.git, self.changes = self._prepared
            self._prepared = None
            self.panel.post_activated.connect(self._open_from_list)
            self.panel.problem_activated.connect(self.window.show_problem)
            self.window.document.saved.connect(lambda path: self.workspace.refresh_paths([path]))
            self.workspace.set_dialect_choice(self.window.preview_dialect_choice)  # the hints'
            self.window.preview_dialect_chosen.connect(self.workspace.set_dialect_choice)
            self.workspace.set_open_post_editor(self._edit_open_post)
            self.workspace.about_to_write.connect(self._expect_own_writes)
            self.window.form_model.post_edited.connect(self._show_open_post_in_table)
            self.window.document.reloaded.connect(self._show_open_post_in_table)
            self.window.document.path_changed.connect(self._show_post_at_new_path_in_table)
            self.workspace.records_reset.connect(self._show_open_post_in_table)
            self.window.form_model.set_vocabulary(self.workspace.vocabulary)
            self.workspace.ready.connect(self._open_newest_post_if_idle)
            self.window.undo_routes.append(self.panel.undo_if_focused)
            self._wire_table()
            self._start_git()
            self.workspace.ready.connect(
                lambda: self.window.spelling.set_site_words(self.workspace.site_words)
            )
            # The panel docks in a turn of its own (laying out and painting the window
            # with it is 10-20 ms), and the scan starts in the turn after: a scan
            # reading its cache holds the GIL, which the docking's layout and paint wait
            # for (28-40 ms then). Timers, not queued calls: the window takes its input
            # and paints in between.
            QTimer.singleShot(DOCK_AFTER_MS, self.window, self._dock_panel)
        assert self._newest is not None
        self._newest.cancel()  # another folder's newest post is no answer now
        self.window.settings.last_folder = str(root)
        self._restore_columns(root)
        self.window.remember_site(root)
        # A first open scans once the panel has docked (_start_docked_scan).
        self.workspace.open(root, scan=not first_open)
        self.window.setWindowTitle(f"{root.name} — Masthead")
        return True

    def _dock_panel(self) -> None:
        """Show the site panel beside the editor, and View → Taxonomy (a first open);
        then, in the next turn, the scan of the folder picked."""
        from PySide6.QtCore import QTimer

        from editor.ui.site.taxonomy_panel import add_view_menu_item

        self.window.dock_sidebar(self.panel)
        add_view_menu_item(self.window, self.panel.show_taxonomy)
        QTimer.singleShot(DOCK_AFTER_MS, self.window, self._start_docked_scan)

    def _start_docked_scan(self) -> None:
        if self.workspace is not None:
            self.workspace.start_scan()

    def _wire_table(self) -> None:
        """Table mode and CSV export (View and File menus), the columns kept per site."""
        table = self.panel.metadata_table
        self.window.table_mode.show_table = lambda: self.panel.tabs.setCurrentWidget(table)
        self.window.export_table = self.export_table
        self.window.window_actions.table_mode.setEnabled(True)
        self.window.window_actions.export_csv.setEnabled(True)
        table.column_state_changed.connect(self._remember_columns)
        table.document_undo = self._undo_open_post_edit
        self.workspace.history.recorded.connect(self._forget_open_post_edits)

    def _restore_columns(self, root: Path) -> None:
        state = self.window.settings.table_columns.get(str(root.resolve()))
        self.panel.metadata_table.restore_column_state(state if isinstance(state, dict) else {})

    def _remember_columns(self, state: dict) -> None:
        if self.workspace is not None and self.workspace.root is not None:
            self.window.settings.table_columns[str(self.workspace.root)] = state

    def _undo_open_post_edit(self) -> bool:
        """Ctrl+Z in the table after a table edit of the open post undoes that edit (an
        unsaved step of its document), before any older step of the site."""
        form_model = self.window.form_model
        if self._open_post_edits <= 0 or not form_model.can_undo():
            self._open_post_edits = 0
            return False
        self._open_post_edits -= 1
        form_model.undo()
        self.window.status.showMessage("Undid the table edit of the open post", 6000)
        return True

    def _forget_open_post_edits(self) -> None:
        self._open_post_edits = 0

    def export_table(self) -> bool:
        """File > Export Table as CSV…: the table as shown, to a file the user names."""
        from editor.core.errors import WriteError

        root = self.workspace.root if self.workspace is not None else None
        if root is None:
            return False
        answer = self.window.prompter.ask_save_path(str(root.parent / f"{root.name}.csv"))
        if not answer:
            return False
        try:
            count = self.panel.metadata_table.export_csv(answer)
        except (WriteError, OSError) as error:
            self.window.prompter.show_error("Could not export the table", str(error))
            return False
        self.window.status.showMessage(f"Exported {count:,} posts to {answer}", 8000)
        return True

    def _open_from_list(self, path: str) -> bool:
        """Open a post clicked in the list; when that is cancelled (the "save changes?"
        question) or fails, the list goes back to the post that stays open."""
        if self.window.open_path(path):
            return True
        if self.window.document.path is not None:
            self.panel.post_list.select_path(self.window.document.path)
        return False

    def _start_git(self) -> None:
        """Git features for a site in a repository: the Changes tab, the state column
        (the git session and its panel are made by prepare_workspace)."""
        from editor.session.post_table_model import GIT_COLUMN
        from editor.ui.site.post_list import LIST_COLUMNS

        self.changes.post_activated.connect(self.window.open_path)
        self.window.document.saved.connect(self.git.post_saved)
        list_model = self.panel.post_list.model

        def available(ok: bool) -> None:
            self.panel.set_changes_panel(self.changes if ok else None)
            list_model.set_columns([*LIST_COLUMNS, GIT_COLUMN] if ok else list(LIST_COLUMNS))

        self.git.availability_changed.connect(available)
        self.git.bulk_commit_offered.connect(lambda *_: self.panel.show_changes())

    def _edit_open_post(self, path: str, key: str, value) -> bool:
        """A table edit of the post open in the editor goes into that document as one
        undoable, unsaved step (PostError if the value cannot be set); True if taken."""
        document = self.window.document
        if document.path is None or Path(path) != document.path or document.is_broken:
            return False
        error = self.window.form_model.set_value(key, value)
        if error is not None:
            raise error
        self._open_post_edits += 1
        self.window.status.showMessage(
            f"Changed “{key}” in the open post: save it to write the change", 8000
        )
        return True

    def _expect_own_writes(self, writes) -> None:
        """A bulk edit is about to write the open post: it must not look like another
        program's change (see Document.expect_own_write)."""
        document = self.window.document
        for write in writes:
            if document.path is not None and Path(write.path) == document.path:
                document.expect_own_write(write.data, write.edit, write.description)

    def _show_post_at_new_path_in_table(self, *_args) -> None:
        if not self.window.document.replacing:  # else reloaded follows: shown there
            self._show_open_post_in_table()

    def _show_open_post_in_table(self, *_args) -> None:
        document = self.window.document
        table = self.panel.metadata_table.model
        if document.path is None or document.is_broken:
            table.show_live_post(None, None)
        else:
            table.show_live_post(str(document.path), dict(document.post.metadata))

    def _open_newest_post_if_idle(self, *_args) -> None:
        """With nothing open yet, show the site's newest post so the window isn't empty:
        found in the background, opened in a later turn (editor/session/newest_post.py)."""
        if self.workspace.records:
            self._newest.request(self.workspace.records)

    def _show_post(self, path: str) -> None:
        if self.window.open_path(path):
            self.panel.post_list.select_path(path)


def _open_another(settings, keep: list):
    """A further window, for a further recovered document; ``keep`` holds it alive."""
    window = build_window(settings)
    window.show()
    keep.append(window)
    return window


SPARE_WORKERS = 2  # workers kept waiting: a first open of a big site parses in two


def start_workers() -> None:
    """Start the worker forkserver and the spare workers (editor.core.platform.workers), without
    blocking: the spares wait until the server has started. The window calls this when a
    folder is first asked for, so a window on one post runs none of these processes."""
    import threading

    # Imported first: each adds itself to the modules the forkserver preloads.
    from editor.core.bulk import actions  # noqa: F401
    from editor.core.platform import workers
    from editor.core.site import parse_pool

    workers.start_worker_server()
    threading.Thread(
        target=workers.enable_spares,
        kwargs={"count": SPARE_WORKERS, "warm_up": parse_pool.warm_up},
        name="spare workers",
        daemon=True,
    ).start()


def prepare_first_open() -> None:
    """What the window does once a folder is first asked for, while the folder dialog is
    up: start the workers (``start_workers``), and import the site workspace's modules
    once the dialog's event loop runs (compiling them took about 50 ms without cached
    bytecode, which then came after the user's pick)."""
    from PySide6.QtCore import QTimer

    start_workers()
    QTimer.singleShot(0, _import_site_modules)


def _import_site_modules() -> None:
    import editor.session.git_session  # noqa: F401
    import editor.session.newest_post  # noqa: F401
    import editor.session.workspace  # noqa: F401
    import editor.ui.site.bulk_dialog  # noqa: F401
    import editor.ui.site.changes_panel  # noqa: F401
    import editor.ui.site.taxonomy_panel  # noqa: F401
    import editor.ui.site.workspace_panel  # noqa: F401


def run_gui(
    paths: Sequence[str] = (),
    settings_path: str | os.PathLike | None = None,
    quit_after_ms: int | None = None,
) -> int:
    """Open the window on paths (files: the first is opened; a folder is offered to the
    folder browser); returns the application's exit code. With quit_after_ms, the
    window closes by itself that long after it is shown (to check an installation)."""
    from editor.session.gc_guard import hold_collections_for_start_up

    hold_collections_for_start_up()  # until collect_on_gui_thread, in create_application
    from editor.core.user.settings import Settings, default_settings_path
    from editor.session.import_sources import read_import_sources_uncached

    read_import_sources_uncached()  # first: PySide6 would keep every module's source
    app = create_application()
    settings = Settings.load(settings_path or default_settings_path())
    window = build_window(settings, paths=paths, defer_preview=True, reopen_last=True, staged=True)
    # Only once a site is wanted (the folder dialog, or a folder given on the command
    # line): a window on one post runs no worker; a big site opened before they are
    # ready waits for them.
    window.site_session.before_first_open = prepare_first_open
    window.show()
    window.raise_()
    window.activateWindow()
    from PySide6.QtCore import QTimer

    from editor.ui.first_paint import after_first_paint

    kept: list = []
    finish = _once(lambda: _finish_start(window, settings, kept, quit_after_ms))
    after_first_paint(window.body_editor.viewport(), finish)
    # A window that never paints (started minimised) is still finished, a moment later.
    QTimer.singleShot(FINISH_WITHOUT_PAINT_MS, finish)
    code = app.exec()
    return int(code)


FINISH_WITHOUT_PAINT_MS = 1000


def _once(call):
    """call, made to run at most once however often it is invoked."""
    done: list[bool] = []

    def run() -> None:
        if not done:
            done.append(True)
            call()

    return run


def _finish_start(window, settings, keep: list, quit_after_ms: int | None) -> None:
    """After the window's first frame: the rest of the window, then the recovery offer;
    keep holds what must live as long as the app (further windows, the Qt log)."""
    from PySide6.QtCore import QTimer

    from editor.ui.dialogs.recovery_dialog import offer_recovery
    from editor.ui.window.file_safety import install_exception_hook

    # Not inside the window: tests rely on pytest-qt's own exception capture.
    install_exception_hook(window)
    # From here Qt's messages go to qt.log (QtWebEngine starts after this).
    keep.append(route_qt_messages_to_log())
    window.finish_building(after_first_frame=True)
    QTimer.singleShot(
        0, lambda: offer_recovery(window, open_window=lambda: _open_another(settings, keep))
    )
    if quit_after_ms is not None:
        QTimer.singleShot(max(0, quit_after_ms), window.close)

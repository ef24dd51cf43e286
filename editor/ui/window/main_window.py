"""MainWindow: the one place where the document, form, body editor, preview and menus meet.

Layout: [sidebar] | front-matter form | body editor | preview, in one splitter.
Owns the menus, toolbar and window state (geometry, splitter sizes, recent
files via Settings); every question to the user goes through the injected
prompter, so nothing modal is opened outside it. File safety (autosave to the
recovery area, conflicts, write failures, external changes, broken front
matter) is wired by ``file_safety.FileSafety``; its notices appear in the
``NoticeBar`` above the panes.

The window builds in two steps. The first makes what its first frame shows: the
body editor on the post, the menus, the toolbar and the panes at their remembered
sizes. ``finish_building`` makes the rest: the form, the preview, the status bar,
file safety and the writing tools. ``masthead`` shows the window between the two
(``staged=True``), so the post is on screen before the rest is imported; anything
else builds both at once. Input that arrives before the second step finishes it first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QSplitter,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from editor.core.errors import PostError
from editor.core.site.confinement import link_target
from editor.core.site.layout import find_site_root
from editor.session.dialect_choice import choose_dialect
from editor.session.opening_post import OpeningPost
from editor.ui.dialogs.prompter import SaveChoice
from editor.ui.editor.body_editor import BodyPane
from editor.ui.editor.editor_font import editor_font
from editor.ui.editor.text_column import TextColumn
from editor.ui.theme import apply_theme
from editor.ui.window.notice_bar import NoticeBar
from editor.ui.window.preview_scroll import sync_preview_scroll
from editor.ui.window.recent_menu import fill_recent_menu
from editor.ui.window.screen_fit import fit_window_to_screen
from editor.ui.window.table_mode import TableMode
from editor.ui.window.window_actions import APP_NAME, build_actions, build_menus, build_toolbar

if TYPE_CHECKING:  # the second building step imports these (finish_building)
    from editor.core.user.recovery import RecoveryEntry, RecoverySession
    from editor.core.user.settings import Settings
    from editor.session.document import Document
    from editor.session.frontmatter_model import FrontMatterModel
    from editor.session.preview import PreviewController
    from editor.ui.dialogs.prompter import Prompter
    from editor.ui.form.form import FrontMatterForm
    from editor.ui.preview.preview_view import PreviewView
    from editor.ui.window.statusbar import StatusBar

SIDEBAR, FORM, BODY, PREVIEW = range(4)
DEFAULT_SIZES = [0, 360, 560, 420]


class MainWindow(QMainWindow):
    """The editor window for one post at a time."""

    open_folder_requested = Signal(str)  # a folder to browse, or "" to ask the user
    preview_dialect_chosen = Signal(object)  # the View menu's dialect name, or None

    def __init__(
        self,
        document: Document | OpeningPost,
        settings: Settings,
        prompter: Prompter,
        with_preview: bool = True,
        use_webengine: bool | None = None,
        parent: QWidget | None = None,
        recovery: RecoverySession | None = None,
        defer_preview: bool = False,
        staged: bool = False,
    ) -> None:
        """recovery: where unsaved edits are kept; default: this process's session under
        the user's data folder. defer_preview: create the preview's backend (QtWebEngine)
        and its render worker only after the window's first paint. staged: build only
        what the first frame shows; the caller calls ``finish_building`` after it.
        document may then be an OpeningPost: finish_building opens its Document."""
        super().__init__(parent)
        if document.parent() is None:
            document.setParent(self)  # its timers and watcher must not outlive the window
        self.document: Document = document  # type: ignore[assignment] # see finish_building
        self.settings = settings
        self.prompter = prompter
        self._with_preview = with_preview
        self._use_webengine = use_webengine
        self._defer_preview = defer_preview
        self._recovery = recovery
        self._built = False
        self._when_built: list[Callable[[], None]] = []
        self.first_frame_shown = False  # finish_building ran after the first frame was shown
        self.preview_dialect_choice: str | None = None  # None: the site's own dialect
        # Made by finish_building:
        self.form_model: FrontMatterModel
        self.form: FrontMatterForm
        self.status: StatusBar
        self.preview_controller: PreviewController | None = None
        self.preview: PreviewView | None = None
        self.real_path: Path | None = None  # where the open file really is, when a link
        self.export_table = None
        # Panes that take Edit > Undo / Redo while they have focus (the site's table):
        # each is called with redo=False/True and returns True when it took it.
        self.undo_routes: list = []

        dark = apply_theme(settings.theme)  # before the editor: its colours follow it
        self.body_pane = BodyPane(document)
        self.body_editor = self.body_pane.editor
        self.body_editor.highlighter.set_dark(dark)
        self._sidebar_holder = QWidget()
        QVBoxLayout(self._sidebar_holder).setContentsMargins(0, 0, 0, 0)
        self._sidebar: QWidget | None = None
        preview_slot = QWidget()  # the preview pane's room until the preview exists
        preview_slot.setBackgroundRole(QPalette.ColorRole.Base)
        preview_slot.setAutoFillBackground(with_preview)
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(True)
        self.splitter.addWidget(self._sidebar_holder)
        self.splitter.addWidget(QWidget())  # the form's room until the form exists
        self.splitter.addWidget(self.body_pane)
        self.splitter.addWidget(preview_slot)
        self.splitter.setCollapsible(BODY, False)
        for index, stretch in ((SIDEBAR, 0), (FORM, 0), (BODY, 1), (PREVIEW, 1)):
            self.splitter.setStretchFactor(index, stretch)
        self._sidebar_holder.hide()
        # The site's table across the window (View > Table Mode); the site session sets
        # table_mode.show_table and export_table (File > Export Table as CSV…).
        self.table_mode = TableMode(self.splitter, SIDEBAR, lambda: self._sidebar is not None)
        self.notice_bar = NoticeBar()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.notice_bar)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.setStatusBar(QStatusBar())  # the status bar's room until it exists

        self.window_actions = build_actions(self, self, with_preview)
        self.recent_menu, self.dialect_actions = build_menus(
            self, self.window_actions, self.set_preview_dialect, with_preview
        )
        self.toolbar = build_toolbar(self, self.window_actions)
        self.rebuild_recent_menu()
        self.setWindowIcon(QApplication.windowIcon())
        self._restore_layout()
        self._update_title()
        if staged:
            self._input_guard = _FinishOnInput(self)
        else:
            self.finish_building()

    def finish_building(self, after_first_frame: bool = False) -> None:
        """Build what the first frame did not show (see the module docstring); once.
        after_first_frame: the window has shown its first frame (what waits for it, such
        as the spell checker's first check, then runs in the next turn)."""
        if self._built:
            return
        self._built = True
        self.first_frame_shown = after_first_frame
        from editor.session.autosave import Autosaver, shared_recovery_session
        from editor.session.frontmatter_model import FrontMatterModel
        from editor.session.preview import PreviewController
        from editor.ui.editor.spelling import attach_spelling
        from editor.ui.form.form import FrontMatterForm
        from editor.ui.preview.preview_view import PreviewView
        from editor.ui.theme import application_is_dark
        from editor.ui.window.comfort import attach_comfort
        from editor.ui.window.export_actions import attach_export
        from editor.ui.window.file_safety import FileSafety
        from editor.ui.window.image_insert import attach_images
        from editor.ui.window.preview_focus import attach_preview_focus
        from editor.ui.window.remote_images import attach_remote_images
        from editor.ui.window.statusbar import StatusBar
        from editor.ui.window.writing import attach_writing

        if isinstance(self.document, OpeningPost):
            self.document = self._open_first_post(self.document)
        document, settings, prompter = self.document, self.settings, self.prompter
        self.form_model = FrontMatterModel(
            lambda: self.document.post,
            site_root=self._site_root(),
            allow_remote=settings.allow_remote_content,
            parent=self,
        )
        self.form = FrontMatterForm(self.form_model, prompter)
        self.splitter.replaceWidget(FORM, self.form).deleteLater()  # keeps size, visibility
        if self._with_preview:
            self.preview_controller = PreviewController(
                allow_remote=settings.allow_remote_content,
                dark=application_is_dark(),
                parent=self,
            )
            self.preview = PreviewView(
                self.preview_controller,
                confirm_link=lambda title, question: self.prompter.confirm(title, question),
                use_webengine=self._use_webengine,
                defer=self._defer_preview,
            )
            self.splitter.replaceWidget(PREVIEW, self.preview).deleteLater()
            # The controller pulls the body when a render starts: its timer is the only delay.
            self.preview_controller.set_body_source(self._preview_body_text)
        self.status = StatusBar(document, settings.words_per_minute, self)
        self.setStatusBar(self.status)
        self.autosaver = Autosaver(
            document,
            self._recovery if self._recovery is not None else shared_recovery_session(),
            save_to_file=settings.autosave_to_file,
            parent=self,
        )
        self.autosaver.message.connect(self._show_status_note)
        self.window_actions.autosave.setChecked(self.autosaver.save_to_file)
        self.safety = FileSafety(
            document=document,
            prompter=prompter,
            notice_bar=self.notice_bar,
            status=self.status,
            autosaver=self.autosaver,
            form=self.form,
            form_model=self.form_model,
            body_editor=self.body_editor,
            host=self,
            parent=self,
        )
        self.form.raw_button.toggled.connect(self.window_actions.raw.setChecked)
        self.writing = attach_writing(self)  # formatting, outline, line numbers, help
        self.spelling = attach_spelling(self, defer=self._defer_preview)
        self.images = attach_images(self)
        self.export = attach_export(self)
        self.remote_images = attach_remote_images(self)
        self.preview_focus = attach_preview_focus(self)
        self._connect_document()
        self._restore_panes()
        self.comfort = attach_comfort(self)  # font, column, focus, full screen, Preferences
        self._note_link()
        self._update_title()
        self._feed_preview_all()
        self.safety.show_broken_state()
        callbacks, self._when_built = self._when_built, []
        for callback in callbacks:
            callback()

    def _open_first_post(self, opening: OpeningPost) -> Document:
        """The Document of the post the first frame showed (its body document kept);
        an error opening it is shown once the window is built."""
        document, error = opening.open_document(self)
        self.body_editor.follow(document)
        opening.deleteLater()
        if error is not None:
            self.when_built(lambda: self.prompter.show_error("Cannot open the post", str(error)))
        elif document.path is not None:
            self.when_built(lambda: self.remember_path(document.path))
        return document

    @property
    def built(self) -> bool:
        """Whether finish_building has run."""
        return self._built

    def when_built(self, callback: Callable[[], None]) -> None:
        """Call callback once the window is fully built (at once if it is)."""
        if self._built:
            callback()
        else:
            self._when_built.append(callback)

    # ---- public API -------------------------------------------------------------------

    def dock_sidebar(self, widget: QWidget | None) -> None:
        """Show widget (e.g. a site's post list) in the left pane; None hides the pane.

        The pane's room comes from the form and the preview, not from the body: once the
        splitter has its width, the sidebar and the form get about a quarter each.
        """
        layout = self._sidebar_holder.layout()
        if self._sidebar is not None:
            layout.removeWidget(self._sidebar)
            self._sidebar.setParent(None)
        self._sidebar = widget
        if widget is None:
            self._sidebar_holder.hide()
            return
        layout.addWidget(widget)
        self._sidebar_holder.show()
        sizes = self.splitter.sizes()
        if self.splitter.isVisible() and sum(sizes) > 0:
            # The splitter has its width: the final sizes at once (the body is wrapped
            # again once, not twice: a long post's wrap is tens of milliseconds).
            self._give_the_body_room()
            return
        if sizes[SIDEBAR] == 0:
            sizes[SIDEBAR] = 260
            sizes[BODY] = max(200, sizes[BODY] - 260)
            self.splitter.setSizes(sizes)
        QTimer.singleShot(0, self._give_the_body_room)

    def _give_the_body_room(self) -> None:
        if self._sidebar is None:
            return
        sizes = self.splitter.sizes()
        total = sum(sizes)
        sidebar, form = min(280, total * 22 // 100), min(300, total * 24 // 100)
        preview = (total - sidebar - form) * 2 // 5 if sizes[PREVIEW] else 0
        self.splitter.setSizes([sidebar, form, total - sidebar - form - preview, preview])

    def show_problem(self, path: str | Path, line: int, key: str, column: int = 0) -> bool:
        """Open the post with a problem (asking about unsaved edits first), then put the
        cursor on its field, or on its line (1-based in the file) in the body; a problem
        with a column (a spelling one) selects its word. False if the post was not opened."""
        if self.document.path is None or Path(path) != self.document.path:
            if not self.open_path(path):
                return False
        if column and line and self.spelling.show_at(line, column, key):
            return True
        start = self.document.post.body_start_line
        if key and key in self.form.shown_keys():
            self.form.editor_for(key).setFocus()
        elif line and line >= start:
            self.body_editor.go_to_line(line - start + 1)
            self.body_editor.setFocus()
        return True

    def open_path(self, path: str | Path) -> bool:
        """Open a post after offering to save unsaved changes; False if cancelled or failed."""
        if not self.maybe_save():
            return False
        return self._load(path)

    def maybe_save(self) -> bool:
        """True if it is fine to drop the current post (saved, discarded or clean)."""
        self.form.flush()
        if not self.document.dirty:
            return True
        choice = self.prompter.ask_save_changes(self.document.display_name)
        if choice is SaveChoice.SAVE:
            return self.save()
        return choice is SaveChoice.DISCARD

    def save(self) -> bool:
        self.form.flush()
        if self.document.path is None:
            return self.save_as()
        return self._save_to(None)

    def save_as(self) -> bool:
        self.form.flush()
        suggested = (
            self.document.path or Path(self.settings.last_folder or Path.home()) / "untitled.md"
        )
        answer = self.prompter.ask_save_path(str(suggested))
        if not answer:
            return False
        return self._save_to(Path(answer))

    def revert(self) -> None:
        if self.document.path is None or not self.document.path.exists():
            return
        if self.document.dirty and not self.prompter.confirm(
            "Revert", f"Discard your changes to “{self.document.display_name}” and reload it?"
        ):
            return
        try:
            self.document.revert()
        except PostError as error:
            self.prompter.show_error("Cannot revert", str(error))

    def new_post(self) -> bool:
        """Start a post shaped like the current one, in its folder; the title is asked."""
        if not self.maybe_save():
            return False
        title = self.prompter.ask_text("New post", "Title of the new post:")
        if not title or not title.strip():
            return False
        template = self.document.post
        template_path = self.document.path
        folder = (
            template_path.parent if template_path else Path(self.settings.last_folder or Path.cwd())
        )
        try:
            self.document.start_new_from(template, template_path, folder, title.strip())
        except PostError as error:
            self.prompter.show_error("Cannot create the post", str(error))
            return False
        self.body_editor.setFocus()
        return True

    def open_dialog(self) -> bool:
        folder = str(self.document.path.parent) if self.document.path else self.settings.last_folder
        answer = self.prompter.ask_open_path(folder or str(Path.home()))
        return bool(answer) and self.open_path(answer)

    def _connect_document(self) -> None:
        doc = self.document
        doc.dirty_changed.connect(self._update_title)
        doc.path_changed.connect(self._on_path_changed)
        doc.reloaded.connect(self._on_reloaded)
        doc.body_changed.connect(self._preview_body_changed)
        # A repair swaps in the real post after the form's edit signal has fed the preview
        # the broken one's (empty) metadata: give the preview the real post.
        doc.front_matter_repaired.connect(self._feed_preview_all)
        doc.own_write_arrived.connect(self._merge_own_write)
        self.form_model.post_edited.connect(self._feed_preview_metadata)
        self.form_model.remote_policy_changed.connect(self._set_allow_remote)
        self.body_editor.first_visible_line_changed.connect(self._sync_preview_scroll)
        self.body_editor.cursor_line_changed.connect(self._sync_preview_scroll)
        QApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme_changed)
        self.form_model.post_edited.connect(self.document.notify_post_edited)
        self.form_model.error.connect(self._show_form_error)
        self.form_model.unapplied_changed.connect(self._on_unapplied_front_matter)

    # ---- reactions ----------------------------------------------------------------------

    def _site_root(self) -> Path | None:
        path = self.document.path
        if path is None:
            return None
        return find_site_root(path) or path.parent

    def _on_reloaded(self) -> None:
        self.form_model.set_site_root(self._site_root())
        self.form_model.reset()
        if not self.safety.restore_view_after_reload():
            self.body_editor.move_to_start()
        self._feed_preview_all()
        self.notice_bar.clear()
        self.safety.show_broken_state()

    def _show_status_note(self, text: str) -> None:
        self.status.showMessage(text, 8000)

    def set_raw_front_matter(self, raw: bool) -> None:
        """View > Raw Front Matter: the form's fields, or its text."""
        self.form.set_raw_mode(raw)

    def set_autosave_to_file(self, enabled: bool) -> None:
        """Also save the post itself when typing stops (never over a file changed on disk)."""
        self.settings.autosave_to_file = bool(enabled)
        self.autosaver.set_save_to_file(bool(enabled))

    def restore_recovered(self, entry: RecoveryEntry, session: RecoverySession) -> bool:
        """Open recovered edits in this window (unsaved); False if they could not be read."""
        return self.safety.restore_recovered(entry, session)

    def _merge_own_write(self, edit, description: str) -> None:
        """A bulk edit wrote this post while it has unsaved edits: make the same edit here."""
        error = self.form_model.apply_edit(description, edit)
        if error is None:
            self.status.showMessage(
                f"{description}: done here too, with your unsaved edits kept", 8000
            )
        else:
            self.status.showMessage(f"{description}: could not be made here: {error}", 10000)

    def _on_unapplied_front_matter(self) -> None:
        unapplied = self.form_model.unapplied_edit
        if unapplied is None:
            self.document.hold_unapplied_front_matter(None, None)
        else:
            self.document.hold_unapplied_front_matter(unapplied.text, unapplied.error)

    def _show_form_error(self, error: PostError) -> None:
        self.status.showMessage(str(error), 6000)

    def _note_link(self) -> None:
        """A link opened by its own path is the user's choice; its real path is shown in
        the title and the status bar."""
        self.real_path = link_target(self.document.path)
        if self.real_path is not None:
            self.status.showMessage(
                f"{self.document.display_name} is a link to {self.real_path}: saves write there"
            )

    def _on_path_changed(self, *_args) -> None:
        self._note_link()
        self._update_title()
        if self.document.path is not None and self.document.path.exists():
            self.remember_path(self.document.path)

    def _update_title(self, *_args) -> None:
        shown = self.document.display_name
        if self.real_path is not None:
            shown += f" → {self.real_path}"
        self.setWindowTitle(f"{shown}[*] — {APP_NAME}")
        self.setWindowModified(self.document.dirty)
        if self.document.path is not None:
            self.setWindowFilePath(str(self.document.path))

    def _load(self, path: str | Path) -> bool:
        try:
            self.document.load(path)
        except PostError as error:
            self.prompter.show_error("Cannot open the post", str(error))
            if not Path(path).exists():
                self.settings.remove_recent_file(path)
                self.rebuild_recent_menu()
            return False
        self.remember_path(self.document.path)
        self.body_editor.move_to_start()
        self.body_editor.setFocus()
        return True

    def _save_to(self, path: Path | None, force: bool = False) -> bool:
        return self.safety.save_to(path, force)

    def remember_path(self, path: Path | None) -> None:
        """Put path first in Open Recent and remember its folder."""
        if path is None:
            return
        self.settings.add_recent_file(path)
        self.settings.last_folder = str(path.parent)
        self.rebuild_recent_menu()

    def remember_site(self, root: Path) -> None:
        """Put a site (its folder) first in Open Recent."""
        self.settings.add_recent_file(root)
        self.rebuild_recent_menu()

    def rebuild_recent_menu(self) -> None:
        """Posts and sites by short name, the full path as tooltip (recent_menu)."""
        fill_recent_menu(
            self.recent_menu,
            self.settings.recent_files,
            self.open_path,
            self.open_folder_requested.emit,
            self._clear_recent,
        )

    def _clear_recent(self) -> None:
        self.settings.recent_files = []
        self.rebuild_recent_menu()

    def undo(self) -> None:
        if any(route(False) for route in self.undo_routes):
            return
        if self.form.isAncestorOf(QApplication.focusWidget()) and self.form_model.can_undo():
            self.form_model.undo()
        else:
            self.body_editor.undo()

    def redo(self) -> None:
        if any(route(True) for route in self.undo_routes):
            return
        if self.form.isAncestorOf(QApplication.focusWidget()) and self.form_model.can_redo():
            self.form_model.redo()
        else:
            self.body_editor.redo()

    def go_to_line(self) -> None:
        """Ask for a file line (front matter counted, as the checks and the status bar
        count); a line in the front matter goes to the body's first line."""
        offset = self.document.body_start_line() - 1
        line = self.prompter.ask_line_number(
            self.body_editor.current_line() + offset, self.body_editor.line_count() + offset
        )
        if line is not None:
            self.body_editor.go_to_line(max(1, line - offset))

    def set_table_mode(self, on: bool) -> None:
        self.window_actions.table_mode.setChecked(self.table_mode.set_enabled(on))

    def export_table_csv(self) -> None:
        if self.export_table is not None:
            self.export_table()

    def set_form_visible(self, visible: bool) -> None:
        self._set_pane_visible(FORM, visible)

    def set_preview_visible(self, visible: bool) -> None:
        if self.preview is not None:
            self._set_pane_visible(PREVIEW, visible)
            if visible:
                self._feed_preview_all()

    # ---- preview feeding ----------------------------------------------------------------

    def _preview_shown(self) -> bool:
        # Not while the window is torn down: the body editor still signals a scroll
        # after the preview's widgets are gone.
        preview = self.preview
        return preview is not None and isValid(preview) and self.window_actions.preview.isChecked()

    def _feed_preview_all(self) -> None:
        """Give the preview the whole post (after open, revert, or showing the pane)."""
        if not self._preview_shown():
            return
        root = self._site_root()
        # Local files load only from inside the site; the worker finds /assets/x.png in
        # source/ or static/ and cover.jpg beside the post (editor.core.site.layout).
        base_url = QUrl.fromLocalFile(str(root) + "/").toString() if root else None
        path = self.document.path
        page_url = QUrl.fromLocalFile(str(path.parent) + "/").toString() if path else None
        self.preview_controller.set_base_url(base_url, page_url)
        dialect, mdx = choose_dialect(root, path, self.preview_dialect_choice)
        self.preview_controller.set_dialect(dialect, mdx)
        self.status.show_dialect(dialect.label, dialect.source)
        post = self.document.post
        self.preview_controller.set_content(post.body, post.metadata)

    def site_root(self) -> Path | None:
        """The open post's site folder (its own folder outside a site; None if untitled)."""
        return self._site_root()

    def current_dialect(self):
        """The dialect the preview renders the open post in, and whether it is MDX."""
        return choose_dialect(self._site_root(), self.document.path, self.preview_dialect_choice)

    def set_preview_dialect(self, name: str | None) -> None:
        """Preview in the named dialect (View menu), or None for the site's own."""
        self.preview_dialect_choice = name
        for key, action in self.dialect_actions.items():
            action.setChecked(key == name)
        self._feed_preview_all()
        self.preview_dialect_chosen.emit(name)

    def _preview_body_changed(self) -> None:
        if self._preview_shown():
            self.preview_controller.body_changed()

    def _preview_body_text(self) -> str:
        return self.document.body

    def _feed_preview_metadata(self) -> None:
        if self._preview_shown():
            self.preview_controller.set_metadata(self.document.post.metadata)

    def _sync_preview_scroll(self, *_args) -> None:
        if self._preview_shown():
            sync_preview_scroll(self.body_editor, self.preview)  # top, a line, or the end

    def _set_allow_remote(self, allowed: bool) -> None:
        # Remembered per site by View > Allow Remote Images (remote_images.py).
        if self.preview is not None:
            self.preview.set_allow_remote(allowed)

    def _on_system_scheme_changed(self, *_args) -> None:
        if self.settings.theme == "system":
            self.set_theme("system")

    def _on_color_scheme_changed(self, dark: bool) -> None:
        self.body_editor.highlighter.set_dark(dark)
        if self.preview_controller is not None:
            self.preview_controller.set_dark(dark)

    def _set_pane_visible(self, index: int, visible: bool) -> None:
        widget = self.splitter.widget(index)
        widget.setVisible(visible)
        if visible and self.splitter.sizes()[index] == 0:
            sizes = self.splitter.sizes()
            sizes[index] = DEFAULT_SIZES[index]
            self.splitter.setSizes(sizes)

    def set_soft_wrap(self, enabled: bool) -> None:
        self.body_editor.set_soft_wrap(enabled)
        self.settings.soft_wrap = enabled

    def set_theme(self, theme: str) -> None:
        """'system' follows the desktop's colour scheme; 'light'/'dark' force one."""
        self.settings.theme = theme
        for name, action in self.window_actions.themes.items():
            action.setChecked(name == theme)
        self._on_color_scheme_changed(apply_theme(theme))

    def show_about(self) -> None:
        from editor import __version__

        self.prompter.show_about(
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>A desktop editor for static-site posts: "
            "front matter, Markdown body and live preview, saved without touching what you "
            "did not change.",
        )

    # ---- window state -------------------------------------------------------------------

    def _restore_layout(self) -> None:
        """The remembered geometry, pane sizes and visibility, wrapping and font (what the
        first frame shows)."""
        s = self.settings
        if s.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(s.window_geometry.encode("ascii")))
            fit_window_to_screen(self)  # saved on a bigger screen, or saved tiny
        else:
            self._fit_default_size()
        sizes = (
            s.splitter_sizes if len(s.splitter_sizes) == self.splitter.count() else DEFAULT_SIZES
        )
        self.splitter.setSizes(sizes)
        self.window_actions.form.setChecked(s.form_visible)
        self.splitter.widget(FORM).setVisible(s.form_visible)
        preview_visible = s.preview_visible and self._with_preview
        self.window_actions.preview.setChecked(preview_visible)
        self.splitter.widget(PREVIEW).setVisible(preview_visible)
        self.window_actions.wrap.setChecked(s.soft_wrap)
        self.body_editor.set_soft_wrap(s.soft_wrap)
        self.body_editor.set_editor_font(
            editor_font(s.editor_font_kind, s.editor_font_family, s.editor_font_size)
        )
        # The text column's margins (View > Text Column); the comfort tools change it.
        self.text_column = TextColumn(self.body_editor, s.text_column)

    def _restore_panes(self) -> None:
        """The remembered state of what finish_building makes: raw front matter, theme."""
        s = self.settings
        self.window_actions.raw.setChecked(s.raw_front_matter)
        self.form.set_raw_mode(s.raw_front_matter)
        self.set_theme(s.theme)

    def _fit_default_size(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1280, 820
        if screen is not None:
            width = min(width, int(screen.width() * 0.95))
            height = min(height, int(screen.height() * 0.92))
        self.resize(width, height)

    def store_settings(self) -> None:
        """Copy the window's state into settings and write the file."""
        s = self.settings
        self.set_table_mode(False)  # the panes' own sizes are the ones to keep
        self.comfort.store(s)  # leaves distraction-free mode; notes the open site and post
        s.window_geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")
        s.splitter_sizes = self.splitter.sizes()
        s.form_visible = self.window_actions.form.isChecked()
        s.preview_visible = (
            self.window_actions.preview.isChecked() if self.preview else s.preview_visible
        )
        s.raw_front_matter = self.form.is_raw_mode()
        if s.path is not None:
            try:
                s.save()
            except OSError as error:
                self.status.showMessage(f"Could not save settings: {error}", 6000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.finish_building()  # closed before it was: the same questions as ever
        if not self.maybe_save():
            event.ignore()
            return
        self.store_settings()
        self.autosaver.forget()  # saved, discarded or clean: no recovery copy to keep
        self.status.counter.wait()
        event.accept()


class _FinishOnInput(QObject):
    """Until a staged window is built, the first input event (a key, a click, a close)
    finishes building it before it is delivered: nothing reaches a half-built window."""

    _INPUT = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
            QEvent.Type.Shortcut,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.Wheel,
            QEvent.Type.InputMethod,
            QEvent.Type.DragEnter,
            QEvent.Type.Drop,
            QEvent.Type.Close,
        }
    )

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if self._window.built:
            QApplication.instance().removeEventFilter(self)
        elif event.type() in self._INPUT:
            QApplication.instance().removeEventFilter(self)
            self._window.finish_building()
        return False

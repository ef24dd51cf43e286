"""The main window's actions, menus and toolbar: names, shortcuts, icons, and where they go.

Split from main_window.py by responsibility: this module only creates QActions
wired to the window's public slots and arranges them; the behaviour lives in
MainWindow. ``build_actions`` returns them as one ``WindowActions``, which the window
holds (``window.window_actions.save``); the menus and the toolbar are built from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, Protocol

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QToolBar

from editor.core.site.dialect import DIALECTS

if TYPE_CHECKING:  # the window builds its actions before the form and the preview exist
    from editor.ui.editor.body_editor import BodyEditor, BodyPane

APP_NAME = "Masthead"
INSERT_MENU = "InsertMenu"  # the Insert menu's object name: see insert_menu()


def themed_icon(name: str, fallback: str | None = None) -> QIcon:
    """The desktop theme's icon, or else Qt's standard one named fallback (a
    ``QStyle.StandardPixmap`` name such as ``"SP_DirIcon"``).

    QStyle is only touched for a fallback: making its Python class builds its eleven
    enums, 10 ms of the first frame where the desktop's icon theme has every icon."""
    icon = QIcon.fromTheme(name)
    if icon.isNull() and fallback is not None:
        style = QApplication.style()
        if style is not None:
            from PySide6.QtWidgets import QStyle

            icon = style.standardIcon(getattr(QStyle.StandardPixmap, fallback))
    return icon


def _action(
    window,
    text,
    slot,
    shortcut=None,
    icon: QIcon | None = None,
    checkable=False,
    tip: str | None = None,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    if icon is not None and not icon.isNull():
        action.setIcon(icon)
    action.setCheckable(checkable)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


class ActionHost(Protocol):
    """The window's parts and slots that the actions trigger."""

    body_editor: BodyEditor
    body_pane: BodyPane
    open_folder_requested: SignalInstance

    def new_post(self) -> bool: ...
    def open_dialog(self) -> bool: ...
    def save(self) -> bool: ...
    def save_as(self) -> bool: ...
    def revert(self) -> None: ...
    def set_autosave_to_file(self, enabled: bool) -> None: ...
    def set_raw_front_matter(self, raw: bool) -> None: ...
    def close(self) -> bool: ...
    def undo(self) -> None: ...
    def redo(self) -> None: ...
    def go_to_line(self) -> None: ...
    def set_form_visible(self, visible: bool) -> None: ...
    def set_preview_visible(self, visible: bool) -> None: ...
    def set_soft_wrap(self, enabled: bool) -> None: ...
    def set_theme(self, theme: str) -> None: ...
    def show_about(self) -> None: ...
    def set_table_mode(self, on: bool) -> None: ...
    def export_table_csv(self) -> None: ...


THEME_LABELS = (("system", "Follow &System"), ("light", "&Light"), ("dark", "&Dark"))


@dataclass(frozen=True)
class WindowActions:
    """Every action of the window's menus and toolbar, by what it does."""

    new: QAction
    open: QAction
    open_folder: QAction
    save: QAction
    save_as: QAction
    revert: QAction
    autosave: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    replace: QAction
    find_next: QAction
    find_previous: QAction
    go_to_line: QAction
    bold: QAction
    italic: QAction
    link: QAction
    form: QAction
    preview: QAction
    raw: QAction
    wrap: QAction
    about: QAction
    themes: dict[str, QAction]  # by theme name: "system", "light", "dark"
    table_mode: QAction  # the site's table across the window (enabled once a site opens)
    export_csv: QAction  # the table's current view as CSV (enabled once a site opens)


def build_actions(window: QMainWindow, host: ActionHost, with_preview: bool) -> WindowActions:
    """The window's actions, parented to and shortcut-active in window, calling host.

    Only the body editor needs to exist: the window checks Autosave and follows the
    form's raw mode once the rest of it is built (MainWindow.finish_building)."""
    key = QKeySequence.StandardKey
    editor = host.body_editor
    pane = host.body_pane
    autosave = _action(
        window,
        "A&utosave to File",
        host.set_autosave_to_file,
        checkable=True,
        tip="Save the post itself a moment after typing stops (unsaved edits are always "
        "kept in a recovery copy)",
    )
    quit_action = _action(window, "&Quit", host.close, "Ctrl+Q", themed_icon("application-exit"))
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    raw = _action(
        window,
        "&Raw Front Matter",
        host.set_raw_front_matter,
        "Ctrl+Shift+R",
        checkable=True,
        tip="Edit the front matter as text",
    )
    preview = _action(
        window,
        "&Preview",
        host.set_preview_visible,
        ["F8", "Ctrl+Shift+P"],
        themed_icon("document-print-preview"),
        checkable=True,
        tip="Show or hide the preview (F8)",
    )
    if not with_preview:
        preview.setEnabled(False)
        preview.setToolTip("Preview not available")
    about = _action(window, f"&About {APP_NAME}", host.show_about, icon=themed_icon("help-about"))
    about.setMenuRole(QAction.MenuRole.AboutRole)
    themes = {}
    for theme, label in THEME_LABELS:
        action = QAction(label, window)
        action.setCheckable(True)
        action.triggered.connect(lambda _checked=False, t=theme: host.set_theme(t))
        themes[theme] = action
    table_mode = _action(
        window,
        "T&able Mode",
        host.set_table_mode,
        "Ctrl+Shift+T",
        checkable=True,
        tip="Show the site's table across the whole window, or bring the editor back",
    )
    table_mode.setEnabled(False)
    export_csv = _action(
        window,
        "Export &Table as CSV…",
        host.export_table_csv,
        tip="Save the table as it is shown (filtered rows, shown columns) as a CSV file",
    )
    export_csv.setEnabled(False)
    return WindowActions(
        new=_action(
            window,
            "&New Post…",
            host.new_post,
            key.New,
            themed_icon("document-new", "SP_FileIcon"),
        ),
        open=_action(
            window,
            "&Open…",
            host.open_dialog,
            key.Open,
            themed_icon("document-open", "SP_DialogOpenButton"),
        ),
        open_folder=_action(
            window,
            "Open &Folder…",
            lambda: host.open_folder_requested.emit(""),
            "Ctrl+Alt+O",  # Ctrl+Shift+O goes to the outline (editor/ui/window/writing.py)
            themed_icon("folder-open", "SP_DirOpenIcon"),
        ),
        save=_action(
            window,
            "&Save",
            host.save,
            key.Save,
            themed_icon("document-save", "SP_DialogSaveButton"),
        ),
        save_as=_action(
            window, "Save &As…", host.save_as, "Ctrl+Shift+S", themed_icon("document-save-as")
        ),
        revert=_action(
            window,
            "Re&vert to Saved",
            host.revert,
            icon=themed_icon("document-revert", "SP_BrowserReload"),
        ),
        autosave=autosave,
        quit=quit_action,
        undo=_action(window, "&Undo", host.undo, key.Undo, themed_icon("edit-undo")),
        redo=_action(window, "&Redo", host.redo, key.Redo, themed_icon("edit-redo")),
        find=_action(
            window,
            "&Find…",
            pane.open_find,
            key.Find,
            themed_icon("edit-find", "SP_FileDialogContentsView"),
        ),
        replace=_action(
            window,
            "Find and Rep&lace…",
            pane.open_replace,
            "Ctrl+H",
            themed_icon("edit-find-replace"),
        ),
        find_next=_action(window, "Find &Next", pane.find_next, "F3"),
        find_previous=_action(window, "Find Pre&vious", pane.find_previous, "Shift+F3"),
        go_to_line=_action(
            window, "&Go to Line…", host.go_to_line, "Ctrl+G", themed_icon("go-jump")
        ),
        bold=_action(
            window,
            "&Bold",
            editor.toggle_bold,
            key.Bold,
            themed_icon("format-text-bold"),
            tip="Bold (Ctrl+B)",
        ),
        italic=_action(
            window,
            "&Italic",
            editor.toggle_italic,
            key.Italic,
            themed_icon("format-text-italic"),
            tip="Italic (Ctrl+I)",
        ),
        link=_action(
            window,
            "&Link",
            editor.insert_link,
            "Ctrl+K",
            themed_icon("insert-link"),
            tip="Link (Ctrl+K)",
        ),
        form=_action(
            window,
            "Front &Matter Form",
            host.set_form_visible,
            "F7",
            themed_icon("document-properties"),
            checkable=True,
            tip="Show or hide the front-matter form (F7)",
        ),
        preview=preview,
        raw=raw,
        wrap=_action(window, "Soft &Wrap", host.set_soft_wrap, checkable=True),
        about=about,
        themes=themes,
        table_mode=table_mode,
        export_csv=export_csv,
    )


class Menus(NamedTuple):
    recent: QMenu  # Open Recent, which the window fills
    dialects: dict[str | None, QAction]  # View > Preview Dialect, by dialect name


def build_menus(
    window: QMainWindow,
    actions: WindowActions,
    choose_dialect: Callable[[str | None], None],
    dialect_enabled: bool,
) -> Menus:
    """The menu bar; returns the menus the window keeps."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([actions.new, actions.open, actions.open_folder])
    recent_menu = file_menu.addMenu("Open &Recent")
    file_menu.addSeparator()
    file_menu.addActions([actions.save, actions.save_as, actions.revert])
    file_menu.addAction(actions.autosave)
    file_menu.addAction(actions.export_csv)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([actions.undo, actions.redo])
    edit_menu.addSeparator()
    edit_menu.addActions(
        [
            actions.find,
            actions.replace,
            actions.find_next,
            actions.find_previous,
            actions.go_to_line,
        ]
    )
    format_menu = bar.addMenu("F&ormat")
    format_menu.addActions([actions.bold, actions.italic, actions.link])
    insert_menu(window)
    view_menu = bar.addMenu("&View")
    view_menu.addActions([actions.form, actions.preview, actions.raw])
    view_menu.addAction(actions.table_mode)
    view_menu.addSeparator()
    view_menu.addAction(actions.wrap)
    theme_menu = view_menu.addMenu("&Theme")
    theme_menu.addActions(list(actions.themes.values()))
    dialects = build_dialect_menu(view_menu, choose_dialect, dialect_enabled)
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(actions.about)
    return Menus(recent_menu, dialects)


def insert_menu(window: QMainWindow) -> QMenu:
    """The menu bar's Insert menu, made on first use: what inserts into the body adds its
    actions here (``insert_menu(window).addAction(...)``)."""
    bar = window.menuBar()
    menu = bar.findChild(QMenu, INSERT_MENU)
    if menu is None:
        menu = bar.addMenu("&Insert")
        menu.setObjectName(INSERT_MENU)
    return menu


def build_dialect_menu(
    view_menu: QMenu, choose: Callable[[str | None], None], enabled: bool
) -> dict[str | None, QAction]:
    """View > Preview Dialect: the site's own (as detected) or any named dialect; returns
    the checkable actions by dialect name (None: as detected)."""
    menu = view_menu.addMenu("Preview &Dialect")
    actions: dict[str | None, QAction] = {}
    choices = [(None, "As &Detected")] + [(name, d.label) for name, d in DIALECTS.items()]
    for name, label in choices:
        action = menu.addAction(label)
        action.setCheckable(True)
        action.setChecked(name is None)
        action.triggered.connect(lambda _checked=False, n=name: choose(n))
        actions[name] = action
        if name is None:
            menu.addSeparator()
    menu.setEnabled(enabled)
    return actions


def build_toolbar(window: QMainWindow, actions: WindowActions) -> QToolBar:
    toolbar = QToolBar("Main toolbar", window)
    toolbar.setObjectName("MainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonFollowStyle)
    toolbar.addActions([actions.new, actions.open, actions.save])
    toolbar.addSeparator()
    for action, label in ((actions.bold, "B"), (actions.italic, "I"), (actions.link, "Link")):
        if action.icon().isNull():
            action.setIconText(label)
        toolbar.addAction(action)
        button = toolbar.widgetForAction(action)
        if action.icon().isNull() and button is not None:
            font = button.font()
            font.setBold(action is actions.bold)
            font.setItalic(action is actions.italic)
            button.setFont(font)
    toolbar.addSeparator()
    toolbar.addActions([actions.find, actions.form, actions.preview])
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return toolbar

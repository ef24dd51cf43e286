"""The main window's actions, menus and toolbar: names, shortcuts, icons, and where they go.

Split from main_window.py by responsibility: this module only creates QActions
wired to the window's public slots and arranges them; the behaviour lives in
MainWindow. Actions are stored on the window (``window.save_action`` ...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QStyle, QToolBar

from editor.core.site.dialect import DIALECTS

if TYPE_CHECKING:
    from editor.ui.window.main_window import MainWindow

APP_NAME = "Masthead"


def themed_icon(name: str, fallback: QStyle.StandardPixmap | None = None) -> QIcon:
    """The desktop theme's icon, or Qt's standard one when the theme has none."""
    icon = QIcon.fromTheme(name)
    if icon.isNull() and fallback is not None:
        style = QApplication.style()
        if style is not None:
            icon = style.standardIcon(fallback)
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


def build_actions(window: MainWindow) -> None:
    sp = QStyle.StandardPixmap
    key = QKeySequence.StandardKey
    editor = window.body_editor
    pane = window.body_pane
    window.new_action = _action(
        window, "&New Post…", window.new_post, key.New, themed_icon("document-new", sp.SP_FileIcon)
    )
    window.open_action = _action(
        window,
        "&Open…",
        window.open_dialog,
        key.Open,
        themed_icon("document-open", sp.SP_DialogOpenButton),
    )
    window.open_folder_action = _action(
        window,
        "Open &Folder…",
        lambda: window.open_folder_requested.emit(""),
        "Ctrl+Shift+O",
        themed_icon("folder-open", sp.SP_DirOpenIcon),
    )
    window.save_action = _action(
        window, "&Save", window.save, key.Save, themed_icon("document-save", sp.SP_DialogSaveButton)
    )
    window.save_as_action = _action(
        window, "Save &As…", window.save_as, "Ctrl+Shift+S", themed_icon("document-save-as")
    )
    window.revert_action = _action(
        window,
        "&Revert to Saved",
        window.revert,
        icon=themed_icon("document-revert", sp.SP_BrowserReload),
    )
    window.autosave_action = _action(
        window,
        "Autosave to &File",
        window.set_autosave_to_file,
        checkable=True,
        tip="Save the post itself a moment after typing stops (unsaved edits are always "
        "kept in a recovery copy)",
    )
    window.autosave_action.setChecked(window.autosaver.save_to_file)
    window.quit_action = _action(
        window, "&Quit", window.close, "Ctrl+Q", themed_icon("application-exit")
    )
    window.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    window.undo_action = _action(window, "&Undo", window.undo, key.Undo, themed_icon("edit-undo"))
    window.redo_action = _action(window, "&Redo", window.redo, key.Redo, themed_icon("edit-redo"))
    window.find_action = _action(
        window,
        "&Find…",
        pane.open_find,
        key.Find,
        themed_icon("edit-find", sp.SP_FileDialogContentsView),
    )
    window.replace_action = _action(
        window, "Find and &Replace…", pane.open_replace, "Ctrl+H", themed_icon("edit-find-replace")
    )
    window.find_next_action = _action(window, "Find &Next", pane.find_next, "F3")
    window.find_previous_action = _action(window, "Find Pre&vious", pane.find_previous, "Shift+F3")
    window.go_to_line_action = _action(
        window, "&Go to Line…", window.go_to_line, "Ctrl+G", themed_icon("go-jump")
    )

    window.bold_action = _action(
        window,
        "&Bold",
        editor.toggle_bold,
        key.Bold,
        themed_icon("format-text-bold"),
        tip="Bold (Ctrl+B)",
    )
    window.italic_action = _action(
        window,
        "&Italic",
        editor.toggle_italic,
        key.Italic,
        themed_icon("format-text-italic"),
        tip="Italic (Ctrl+I)",
    )
    window.link_action = _action(
        window,
        "&Link",
        editor.insert_link,
        "Ctrl+K",
        themed_icon("insert-link"),
        tip="Link (Ctrl+K)",
    )

    window.form_action = _action(
        window,
        "Front &Matter Form",
        window.set_form_visible,
        "F7",
        themed_icon("document-properties"),
        checkable=True,
        tip="Show or hide the front-matter form (F7)",
    )
    window.preview_action = _action(
        window,
        "&Preview",
        window.set_preview_visible,
        ["F8", "Ctrl+Shift+P"],
        themed_icon("document-print-preview"),
        checkable=True,
        tip="Show or hide the preview (F8)",
    )
    window.raw_action = _action(
        window,
        "&Raw Front Matter",
        window.form.set_raw_mode,
        "Ctrl+Shift+R",
        checkable=True,
        tip="Edit the front matter as text",
    )
    window.wrap_action = _action(window, "Soft &Wrap", window.set_soft_wrap, checkable=True)
    window.about_action = _action(
        window, f"&About {APP_NAME}", window.show_about, icon=themed_icon("help-about")
    )
    window.about_action.setMenuRole(QAction.MenuRole.AboutRole)
    window.form.raw_button.toggled.connect(window.raw_action.setChecked)
    if window.preview is None:
        window.preview_action.setEnabled(False)
        window.preview_action.setToolTip("Preview not available")


def build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([window.new_action, window.open_action, window.open_folder_action])
    window.recent_menu = file_menu.addMenu("Open &Recent")
    file_menu.addSeparator()
    file_menu.addActions([window.save_action, window.save_as_action, window.revert_action])
    file_menu.addAction(window.autosave_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([window.undo_action, window.redo_action])
    edit_menu.addSeparator()
    edit_menu.addActions(
        [
            window.find_action,
            window.replace_action,
            window.find_next_action,
            window.find_previous_action,
            window.go_to_line_action,
        ]
    )
    format_menu = bar.addMenu("F&ormat")
    format_menu.addActions([window.bold_action, window.italic_action, window.link_action])
    view_menu = bar.addMenu("&View")
    view_menu.addActions([window.form_action, window.preview_action, window.raw_action])
    view_menu.addSeparator()
    view_menu.addAction(window.wrap_action)
    window.theme_menu = view_menu.addMenu("&Theme")
    window.theme_actions = {}
    for theme, label in (("system", "Follow &System"), ("light", "&Light"), ("dark", "&Dark")):
        action = window.theme_menu.addAction(label)
        action.setCheckable(True)
        action.triggered.connect(lambda _checked=False, t=theme: window.set_theme(t))
        window.theme_actions[theme] = action
    _build_dialect_menu(window, view_menu)
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(window.about_action)
    window.rebuild_recent_menu()


def _build_dialect_menu(window: MainWindow, view_menu) -> None:
    """View > Preview Dialect: the site's own (as detected) or any named dialect."""
    window.dialect_menu = view_menu.addMenu("Preview &Dialect")
    window.dialect_actions = {}
    choices = [(None, "As &Detected")] + [(name, d.label) for name, d in DIALECTS.items()]
    for name, label in choices:
        action = window.dialect_menu.addAction(label)
        action.setCheckable(True)
        action.setChecked(name is None)
        action.triggered.connect(lambda _checked=False, n=name: window.set_preview_dialect(n))
        window.dialect_actions[name] = action
        if name is None:
            window.dialect_menu.addSeparator()
    window.dialect_menu.setEnabled(window.preview is not None)


def build_toolbar(window: MainWindow) -> None:
    toolbar = QToolBar("Main toolbar", window)
    toolbar.setObjectName("MainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonFollowStyle)
    toolbar.addActions([window.new_action, window.open_action, window.save_action])
    toolbar.addSeparator()
    for action, label in (
        (window.bold_action, "B"),
        (window.italic_action, "I"),
        (window.link_action, "Link"),
    ):
        if action.icon().isNull():
            action.setIconText(label)
        toolbar.addAction(action)
        button = toolbar.widgetForAction(action)
        if action.icon().isNull() and button is not None:
            font = button.font()
            font.setBold(action is window.bold_action)
            font.setItalic(action is window.italic_action)
            button.setFont(font)
    toolbar.addSeparator()
    toolbar.addActions([window.find_action, window.form_action, window.preview_action])
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    window.toolbar = toolbar

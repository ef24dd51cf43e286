"""The window's writing tools: formatting commands, clipboard commands, the outline, line
numbers in the file's numbering, and the Help dialogs.

``attach_writing(window)`` is called once by MainWindow after its menus exist. It adds
its actions to the Format, Edit, View and Help menus (found by title, created if
missing), docks the outline, puts the line-number gutter on the body editor, shows the
cursor's file line and column in the status bar, and gives the body editor Tab and
Shift+Tab for list items. The text transformations live in
``editor.core.post.markdown_commands`` and ``markdown_blocks``;
``editor.ui.editor.formatting`` applies them to the editor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu, QMenuBar

from editor.core.post import markdown_blocks as blocks
from editor.core.post import markdown_commands as md
from editor.core.site.layout import find_site_root
from editor.core.user.settings import Settings
from editor.session.dialect_choice import choose_dialect
from editor.session.document import Document
from editor.session.outline import OutlineTracker
from editor.ui.editor.body_editor import BodyEditor
from editor.ui.editor.formatting import apply_command, attach_list_tabs
from editor.ui.editor.line_numbers import LineNumberGutter
from editor.ui.editor.outline import OutlinePanel
from editor.ui.menus import menu_titled
from editor.ui.preview.preview_view import PreviewView
from editor.ui.window.statusbar import StatusBar
from editor.ui.window.window_actions import WindowActions, themed_icon

if TYPE_CHECKING:  # the dialogs load when first shown
    from editor.ui.dialogs.help_dialogs import CheatSheetDialog, ShortcutsDialog


class MainWindow(Protocol):
    """What the writing tools use of the main window (a QMainWindow)."""

    document: Document
    settings: Settings
    body_editor: BodyEditor
    status: StatusBar
    preview: PreviewView | None
    window_actions: WindowActions
    preview_dialect_choice: str | None

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 (Qt's name)
    def addAction(self, action: QAction) -> None: ...  # noqa: N802
    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget) -> None: ...  # noqa: N802
    def resizeDocks(  # noqa: N802
        self, docks: list[QDockWidget], sizes: list[int], orientation: Qt.Orientation
    ) -> None: ...


FOCUS_OUTLINE_KEYS = "Ctrl+Shift+O"

# (attribute, menu text, command, shortcut, theme icon)
FORMAT_COMMANDS: tuple[tuple[str, str, md.Command, str, str], ...] = (
    ("strikethrough", "&Strikethrough", md.toggle_strikethrough, "Alt+Shift+5", ""),
    ("code_span", "&Code Span", md.toggle_code_span, "Ctrl+`", ""),
    ("heading_1", "Heading &1", md.set_heading(1), "Ctrl+1", ""),
    ("heading_2", "Heading &2", md.set_heading(2), "Ctrl+2", ""),
    ("heading_3", "Heading &3", md.set_heading(3), "Ctrl+3", ""),
    ("bullets", "B&ulleted List", md.toggle_bullets, "Ctrl+Shift+8", "format-list-unordered"),
    ("numbers", "&Numbered List", md.toggle_numbers, "Ctrl+Shift+7", "format-list-ordered"),
    ("tasks", "&Task List", md.toggle_tasks, "Ctrl+Shift+9", ""),
    ("quote", "&Quote", md.toggle_quote, "Ctrl+Shift+Q", ""),
    ("code_block", "Code Bloc&k", blocks.toggle_code_block, "Ctrl+Shift+K", ""),
    ("rule", "&Horizontal Rule", blocks.insert_rule, "Ctrl+Shift+H", ""),
    ("table", "T&able", blocks.insert_table, "Ctrl+T", "insert-table"),
)
GROUPS = (("strikethrough", "code_span"), ("heading_1", "heading_2", "heading_3"))


@dataclass(frozen=True)
class WritingActions:
    """The actions this module adds, by what they do."""

    format: dict[str, QAction]  # by FORMAT_COMMANDS attribute
    cut: QAction
    copy: QAction
    paste: QAction
    select_all: QAction
    outline: QAction  # show or hide the outline dock (checkable)
    focus_outline: QAction
    line_numbers: QAction
    shortcuts: QAction
    cheat_sheet: QAction


def _plain(title: str) -> str:
    return title.replace("&", "")


def _menu(window: MainWindow, title: str) -> QMenu:
    """The menu bar's menu titled title (access keys ignored), made if missing."""
    return menu_titled(window, title) or window.menuBar().addMenu(title)


class Writing(QObject):
    """The writing tools of one window (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)  # type: ignore[arg-type] (a QMainWindow)
        self._window = window
        editor = window.body_editor
        document = window.document
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.cheat_sheet_dialog: CheatSheetDialog | None = None

        self.outline_tracker = OutlineTracker(
            document.body_document.toPlainText, self.first_line, self
        )
        self.outline = OutlinePanel(self.outline_tracker)
        self.outline_dock = QDockWidget("Outline", window)
        self.outline_dock.setObjectName("OutlineDock")
        self.outline_dock.setWidget(self.outline)
        self.outline_dock.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.outline_dock)
        window.resizeDocks([self.outline_dock], [200], Qt.Orientation.Horizontal)
        self.outline_dock.setVisible(window.settings.outline_visible)
        self.outline.heading_chosen.connect(self.go_to_heading)
        editor.cursor_line_changed.connect(self.outline.show_cursor_line)
        document.body_changed.connect(self.outline_tracker.changed)
        for signal in (document.reloaded, document.front_matter_repaired):
            signal.connect(self.outline_tracker.rescan)
        document.metadata_changed.connect(self.outline_tracker.changed)

        self.gutter = LineNumberGutter(editor, self.first_line)
        self.gutter.set_shown(window.settings.line_numbers)
        for signal in (document.reloaded, document.front_matter_repaired):
            signal.connect(self._front_matter_moved)
        document.metadata_changed.connect(self._front_matter_moved)
        editor.cursorPositionChanged.connect(self.show_cursor_position)
        self.list_tabs = attach_list_tabs(editor)

        self.actions = self._build_actions()
        self._build_menus()
        self.show_cursor_position()

    # ---- numbering ----------------------------------------------------------------------

    def first_line(self) -> int:
        """The file line of the body's first line."""
        return self._window.document.body_start_line()

    def show_cursor_position(self) -> None:
        cursor = self._window.body_editor.textCursor()
        line = self.first_line() + cursor.blockNumber()
        self._window.status.show_cursor_line(line, cursor.positionInBlock() + 1)

    def _front_matter_moved(self, *_args) -> None:
        self.gutter.refresh()
        self.show_cursor_position()

    # ---- actions ------------------------------------------------------------------------

    def _action(
        self, text: str, slot: Callable, keys=None, icon: str = "", checkable: bool = False
    ) -> QAction:
        action = QAction(text, self._window)
        if keys is not None:
            action.setShortcuts(keys if isinstance(keys, list) else [QKeySequence(keys)])
        if icon:
            themed = themed_icon(icon)
            if not themed.isNull():
                action.setIcon(themed)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self._window.addAction(action)
        return action

    def _build_actions(self) -> WritingActions:
        editor = self._window.body_editor
        key = QKeySequence.StandardKey
        formats = {}
        for name, text, command, keys, icon in FORMAT_COMMANDS:
            formats[name] = self._action(
                text, lambda _checked=False, c=command: apply_command(editor, c), keys, icon
            )
            formats[name].setToolTip(f"{_plain(text)} ({keys})")
        outline = self.outline_dock.toggleViewAction()
        outline.setText("&Outline")
        outline.toggled.connect(self._remember_outline)
        line_numbers = self._action("&Line Numbers", self.set_line_numbers, checkable=True)
        line_numbers.setChecked(self._window.settings.line_numbers)
        return WritingActions(
            format=formats,
            cut=self._action("Cu&t", lambda: self._on_focus("cut"), key.Cut, "edit-cut"),
            copy=self._action("&Copy", lambda: self._on_focus("copy"), key.Copy, "edit-copy"),
            paste=self._action("&Paste", lambda: self._on_focus("paste"), key.Paste, "edit-paste"),
            select_all=self._action(
                "Select &All", lambda: self._on_focus("selectAll"), key.SelectAll
            ),
            outline=outline,
            focus_outline=self._action("&Go to Outline", self.focus_outline, FOCUS_OUTLINE_KEYS),
            line_numbers=line_numbers,
            shortcuts=self._action("&Keyboard Shortcuts", self.show_shortcuts),
            cheat_sheet=self._action("&Markdown Cheat Sheet", self.show_cheat_sheet),
        )

    def _build_menus(self) -> None:
        window, actions = self._window, self.actions
        formats = actions.format
        format_menu = _menu(window, "Format")
        link = window.window_actions.link
        if link in format_menu.actions():
            format_menu.insertActions(link, [formats[n] for n in GROUPS[0]])
        else:
            format_menu.addActions([formats[n] for n in GROUPS[0]])
        format_menu.addSeparator()
        format_menu.addActions([formats[n] for n in GROUPS[1]])
        format_menu.addSeparator()
        for name in ("bullets", "numbers", "tasks", "quote", "code_block"):
            format_menu.addAction(formats[name])
        format_menu.addSeparator()
        format_menu.addActions([formats["rule"], formats["table"]])

        edit_menu = _menu(window, "Edit")
        clipboard = [actions.cut, actions.copy, actions.paste, actions.select_all]
        find = window.window_actions.find
        if find in edit_menu.actions():
            edit_menu.insertActions(find, clipboard)
            edit_menu.insertSeparator(find)
        else:
            edit_menu.addActions(clipboard)

        view_menu = _menu(window, "View")
        view_menu.addSeparator()
        view_menu.addActions([actions.outline, actions.focus_outline, actions.line_numbers])

        help_menu = _menu(window, "Help")
        about = window.window_actions.about
        extras = [actions.shortcuts, actions.cheat_sheet]
        if about in help_menu.actions():
            help_menu.insertActions(about, extras)
            help_menu.insertSeparator(about)
        else:
            help_menu.addActions(extras)

    # ---- slots --------------------------------------------------------------------------

    def _on_focus(self, method: str) -> None:
        """Cut, copy, paste or select all in whatever widget has the focus."""
        widget = QApplication.focusWidget()
        target = getattr(widget, method, None) if widget is not None else None
        if callable(target):
            target()

    def go_to_heading(self, body_line: int) -> None:
        """Put the editor's cursor on the heading and bring the preview there too."""
        window = self._window
        window.body_editor.go_to_line(body_line)
        if window.preview is not None and window.window_actions.preview.isChecked():
            window.preview.scroll_to_line(body_line)

    def focus_outline(self) -> None:
        self.outline_dock.show()
        self.outline_dock.raise_()
        self.outline.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _remember_outline(self, shown: bool) -> None:
        self._window.settings.outline_visible = bool(shown)

    def set_line_numbers(self, shown: bool) -> None:
        self._window.settings.line_numbers = bool(shown)
        self.actions.line_numbers.setChecked(bool(shown))
        self.gutter.set_shown(bool(shown))

    def show_shortcuts(self) -> ShortcutsDialog:
        from editor.ui.dialogs.help_dialogs import ShortcutsDialog, shortcut_rows

        if self.shortcuts_dialog is not None:
            self.shortcuts_dialog.close()
        self.shortcuts_dialog = ShortcutsDialog(shortcut_rows(self._window), self._window)
        self.shortcuts_dialog.show()
        return self.shortcuts_dialog

    def show_cheat_sheet(self) -> CheatSheetDialog:
        from editor.core.render.cheatsheet import cheat_sheet
        from editor.ui.dialogs.help_dialogs import CheatSheetDialog

        window = self._window
        path = window.document.path
        root = (find_site_root(path) or path.parent) if path is not None else None
        dialect, _mdx = choose_dialect(root, path, window.preview_dialect_choice)
        if self.cheat_sheet_dialog is not None:
            self.cheat_sheet_dialog.close()
        self.cheat_sheet_dialog = CheatSheetDialog(dialect.label, cheat_sheet(dialect), window)
        self.cheat_sheet_dialog.show()
        return self.cheat_sheet_dialog


def attach_writing(window: MainWindow) -> Writing:
    """Add the writing tools to window (once its menus and status bar exist)."""
    return Writing(window)

"""Help → Keyboard Shortcuts and Help → Markdown Cheat Sheet: two non-modal dialogs.

The shortcut list is read from the window's own QActions (menu by menu, then any action
that is in no menu), so it always shows the keys that really work; only the keys the
body editor handles itself (Enter in a list, Tab on a list item) are listed by hand.
The cheat sheet shows ``editor.core.render.cheatsheet`` entries for the preview's dialect.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from editor.core.render.cheatsheet import CheatEntry

EDITOR_KEYS = (
    ("Body editor", "Continue a list or quote (on an empty item: end it)", "Enter"),
    ("Body editor", "Indent the list item(s)", "Tab"),
    ("Body editor", "Outdent the list item(s)", "Shift+Tab"),
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _keys(action: QAction) -> str:
    return ", ".join(
        key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()
    )


def _menu_rows(menu: QMenu, path: str, seen: set[int]) -> list[tuple[str, str, str]]:
    rows = []
    for action in menu.actions():
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            rows += _menu_rows(submenu, f"{path} › {_plain(submenu.title())}", seen)
            continue
        if action.isSeparator() or not action.shortcuts():
            continue
        seen.add(id(action))
        rows.append((path, _plain(action.text()), _keys(action)))
    return rows


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(where, what, keys) for every action of window that has a shortcut."""
    seen: set[int] = set()
    rows: list[tuple[str, str, str]] = []
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            rows += _menu_rows(menu, _plain(menu.title()), seen)
    for action in window.findChildren(QAction):
        if id(action) not in seen and action.shortcuts() and action.text():
            seen.add(id(action))
            rows.append(("Window", _plain(action.text()), _keys(action)))
    return rows + list(EDITOR_KEYS)


class ShortcutsDialog(QDialog):
    """Every shortcut in a table: where it is, what it does, its keys."""

    def __init__(self, rows: Iterable[tuple[str, str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.setObjectName("ShortcutsDialog")
        rows = list(rows)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Menu", "Command", "Keys"])
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        _finish(self, self.table)
        self.resize(560, 620)

    def rows(self) -> list[tuple[str, str, str]]:
        return [
            tuple(self.table.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(self.table.rowCount())
        ]


def cheat_sheet_html(entries: Iterable[CheatEntry]) -> str:
    """The entries as HTML tables, one per section."""
    parts = []
    section = None
    for entry in entries:
        if entry.section != section:
            if section is not None:
                parts.append("</table>")
            section = entry.section
            parts.append(f"<h3>{html.escape(section)}</h3><table cellpadding='4'>")
        parts.append(
            f"<tr><td><pre style='margin:0'>{html.escape(entry.syntax)}</pre></td>"
            f"<td>{html.escape(entry.meaning)}</td></tr>"
        )
    if section is not None:
        parts.append("</table>")
    return "".join(parts)


class CheatSheetDialog(QDialog):
    """The Markdown cheat sheet of one dialect."""

    def __init__(self, label: str, entries: Iterable[CheatEntry], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Markdown Cheat Sheet: {label}")
        self.setObjectName("CheatSheetDialog")
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setHtml(cheat_sheet_html(entries))
        _finish(self, self.browser)
        self.resize(620, 680)


def _finish(dialog: QDialog, content: QWidget) -> None:
    layout = QVBoxLayout(dialog)
    layout.addWidget(content, 1)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.close)
    layout.addWidget(buttons)

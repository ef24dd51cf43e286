"""Edit ▸ Copy as HTML and File ▸ Export HTML…: the post as the preview renders it.

The HTML comes from ``editor.core.render.export`` (the same dialect renderer and page
template as the preview, CSS inlined, URLs as written); this module only adds the two
menu items, asks where to export through the window's prompter, and puts the body's
HTML on the clipboard (as text/html, and its source as plain text).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from editor.core.errors import PostError
from editor.ui.menus import menu_titled

log = logging.getLogger(__name__)


class ExportActions(QObject):
    """The two export actions of one MainWindow, added to its File and Edit menus."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self.copy_html = QAction("Copy as &HTML", window)
        self.copy_html.setStatusTip("Copy the post's body as HTML, as the preview renders it")
        self.copy_html.triggered.connect(self.copy_body_html)
        self.export_html = QAction("&Export HTML…", window)
        self.export_html.setStatusTip(
            "Save the post as one HTML page, as the preview shows it, with its styles inside"
        )
        self.export_html.triggered.connect(self.export_page)
        window.addAction(self.copy_html)
        window.addAction(self.export_html)
        file_menu = menu_titled(window, "File")
        if file_menu is not None:
            quit_action = window.window_actions.quit
            file_menu.insertAction(quit_action, self.export_html)
            file_menu.insertSeparator(quit_action)
        edit_menu = menu_titled(window, "Edit")
        if edit_menu is not None:
            edit_menu.addSeparator()
            edit_menu.addAction(self.copy_html)

    def _source(self):
        window = self._window
        window.form.flush()
        post = window.document.post
        dialect, mdx = window.current_dialect()
        return post.metadata, window.document.body, dialect, mdx

    def copy_body_html(self) -> str:
        """Put the body's HTML on the clipboard; returns it."""
        from editor.core.render.export import body_html  # the renderers: not at start-up

        _metadata, body, dialect, mdx = self._source()
        html = body_html(body, dialect, mdx=mdx)
        mime = QMimeData()
        mime.setHtml(html)
        mime.setText(html)
        QApplication.clipboard().setMimeData(mime)
        self._window.status.showMessage("Copied the post's HTML", 4000)
        return html

    def export_page(self) -> Path | None:
        """Ask where, then write the standalone page; the path written, or None."""
        from editor.core.render.export import export_name, standalone_page, write_page

        window = self._window
        folder = window.settings.last_folder or str(Path.home())
        suggested = export_name(window.document.path, folder)
        answer = window.prompter.ask_export_path(str(suggested))
        if not answer:
            return None
        target = Path(answer)
        metadata, body, dialect, mdx = self._source()
        try:
            write_page(target, standalone_page(metadata, body, dialect, mdx=mdx))
        except (OSError, PostError) as error:
            log.warning("export to %s failed: %s", target, error)
            window.prompter.show_error("Could not export", f"{target}: {error}")
            return None
        window.status.showMessage(f"Exported {target}", 6000)
        return target


def attach_export(window: Any) -> ExportActions:
    """Copy as HTML and Export HTML… in the window's menus."""
    return ExportActions(window)

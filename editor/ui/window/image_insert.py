"""Images into the body and the form: drop a file, paste one or a screenshot, Insert ▸ Image….

``attach_images(window)`` wires ``WindowImages`` into a MainWindow:

- the body editor hands the drops and pastes it cannot take as text to this object (its
  ``mime_inserter``): each local file is copied into the site
  (``editor.session.image_import``; where it goes and what it is called is
  ``editor.core.site.images``'), and ``![alt](url)`` for an image, ``[name](url)`` for
  any other file, goes into the body as one undoable edit. A paste goes in at the caret; a
  drop between words, never inside one, with spaces added where it touches text. Image
  data without text (a screenshot) becomes ``<slug>-1.png``;
- Insert ▸ Image… (``INSERT_IMAGE_SHORTCUT``) asks for a file through the prompter, then
  the same at the caret;
- the alt text is asked for through the prompter, with one made from the file name as
  the default; cancelling copies and inserts nothing;
- an image field in the form takes a dropped image file the same way and is set to its
  URL (one undoable field edit; no alt text to ask for).

The work starts just after the drop event returns: a question asked inside a drop would
keep the program the file came from waiting for the drop to finish.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject, QTimer
from PySide6.QtGui import QAction, QDropEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QWidget

from editor.core.errors import PostError
from editor.core.site.images import ImportPlan, fit_into_line, is_image_name
from editor.session.image_import import (
    ImageImporter,
    carries_image_only,
    local_files,
    pasted_png,
)
from editor.session.text_positions import utf16_length
from editor.ui.editor.body_editor import BodyEditor
from editor.ui.form.imagefield import ImageField
from editor.ui.window.window_actions import insert_menu, themed_icon

log = logging.getLogger(__name__)

INSERT_IMAGE_SHORTCUT = "Ctrl+Shift+I"
_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove)


def insert_snippet(cursor: QTextCursor, snippet: str, *, between_words: bool) -> None:
    """Insert snippet at the cursor (replacing a selection) as one undo step, spaced from
    the text it touches; ``between_words`` first moves a cursor inside a word to its end."""
    cursor.beginEditBlock()
    if cursor.hasSelection():
        cursor.removeSelectedText()
    block = cursor.block()
    line = block.text()
    column = _code_points(line, cursor.positionInBlock())
    column, text = fit_into_line(line, column, snippet, to_word_end=between_words)
    cursor.setPosition(block.position() + utf16_length(line[:column]))
    cursor.insertText(text)
    cursor.endEditBlock()


def _code_points(line: str, utf16_column: int) -> int:
    """A QTextCursor's column (UTF-16 units) as an index into the Python string."""
    units = 0
    for index, char in enumerate(line):
        if units >= utf16_column:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(line)


class WindowImages(QObject):
    """Drops, pastes and Insert ▸ Image… in one MainWindow (see the module docstring)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.importer = ImageImporter(window.document)
        self.editor: BodyEditor = window.body_editor
        self.editor.mime_inserter = self
        self._dropping = False
        self._viewport = self.editor.viewport()
        self._viewport.installEventFilter(self)
        self.insert_action = QAction("&Image…", window)
        self.insert_action.setShortcut(QKeySequence(INSERT_IMAGE_SHORTCUT))
        self.insert_action.setIcon(themed_icon("insert-image"))
        tip = f"Copy an image into the site and insert it here ({INSERT_IMAGE_SHORTCUT})"
        self.insert_action.setStatusTip(tip)
        self.insert_action.triggered.connect(self.insert_from_dialog)
        window.addAction(self.insert_action)
        insert_menu(window).addAction(self.insert_action)
        window.form.rows_built.connect(self.attach_fields)
        self.attach_fields()

    # -- the body -------------------------------------------------------------------------

    def can_insert(self, mime: QMimeData) -> bool:
        return bool(local_files(mime)) or carries_image_only(mime)

    def insert(self, editor: BodyEditor, mime: QMimeData) -> bool:
        """Take a drop or paste of files or image data (False: let it paste as text)."""
        dropped, self._dropping = self._dropping, False
        files = local_files(mime)
        data = None
        if not files:
            data = pasted_png(mime) if carries_image_only(mime) else None
            if data is None:
                return False
        # A copy of the cursor: it follows any edit made before the work starts.
        cursor = QTextCursor(editor.textCursor())
        QTimer.singleShot(0, self, lambda: self.bring_in(cursor, files, data, dropped))
        return True

    def insert_from_dialog(self) -> None:
        """Insert ▸ Image…: a file chosen through the prompter, inserted at the caret."""
        path = self.window.document.path
        folder = str(path.parent) if path is not None else str(Path.home())
        answer = self.window.prompter.ask_image_path(folder)
        if answer:
            self.bring_in(QTextCursor(self.editor.textCursor()), [Path(answer)], None, False)

    def bring_in(
        self, cursor: QTextCursor, files: list[Path], data: bytes | None, dropped: bool
    ) -> None:
        """Copy the files (or save the image data), asking each image's alt text, then
        insert their Markdown at cursor as one edit."""
        snippets: list[str] = []
        stored: list[ImportPlan] = []
        try:
            for source in files:
                plan = self.importer.plan_file(source)
                text = self._ask_alt(plan, source.name) if plan.is_image else plan.text
                if text is None:
                    continue
                done = self.importer.store_file(source)
                stored.append(done)
                snippets.append(done.markdown(text))
            if data is not None:
                plan = self.importer.plan_png(data)
                text = self._ask_alt(plan, "the pasted image")
                if text is not None:
                    done = self.importer.store_png(data)
                    stored.append(done)
                    snippets.append(done.markdown(text))
        except PostError as error:
            self.window.prompter.show_error("Cannot add the file", str(error))
        if not snippets:
            return
        insert_snippet(cursor, " ".join(snippets), between_words=dropped)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()
        self._report(stored)

    def _ask_alt(self, plan: ImportPlan, what: str) -> str | None:
        return self.window.prompter.ask_text(
            "Image description", f"Describe {what} for readers who cannot see it:", plan.text
        )

    def _report(self, stored: list[ImportPlan]) -> None:
        names = ", ".join(plan.target.name for plan in stored)
        folder = stored[-1].target.parent
        reused = all(plan.reuse for plan in stored)
        verb = "Already in" if reused else "Copied to"
        self.window.status.showMessage(f"{verb} {folder}: {names}", 8000)

    # -- the form's image fields ------------------------------------------------------------

    def attach_fields(self, *_args) -> None:
        """Let every image field of the form take dropped image files (once the form has
        made its rows: ``rows_built`` comes back here)."""
        form = self.window.form
        if form.building:
            return
        for key in form.shown_keys():
            field = form.editor_for(key)
            if isinstance(field, ImageField):
                field.line_edit.installEventFilter(self)  # once: Qt drops a repeat

    def _field_image(self, mime: QMimeData) -> Path | None:
        return next((p for p in local_files(mime) if is_image_name(p.name)), None)

    def set_field(self, field: ImageField, source: Path) -> None:
        """Copy the image into the site and set the field to its URL."""
        try:
            done = self.importer.store_file(source)
        except PostError as error:
            self.window.prompter.show_error("Cannot add the image", str(error))
            return
        error = field.model.set_value(field.key, done.url)
        if error is not None:
            self.window.prompter.show_error("Cannot set the field", str(error))
            return
        self._report([done])

    # -- events ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if watched is self._viewport:
            if kind == QEvent.Type.Drop:
                self._dropping = True  # read (and cleared) by insert() within this drop
                QTimer.singleShot(0, self, self._drop_over)
            return False
        field = _image_field_of(watched)
        if field is None or kind not in (*_DRAG_EVENTS, QEvent.Type.Drop):
            return False
        assert isinstance(event, QDropEvent)  # QDragEnterEvent and QDragMoveEvent are too
        source = self._field_image(event.mimeData())
        if source is None:
            return False
        event.acceptProposedAction()
        if kind == QEvent.Type.Drop:
            QTimer.singleShot(0, self, lambda: self.set_field(field, source))
        return True

    def _drop_over(self) -> None:
        self._dropping = False


def _image_field_of(widget: QObject) -> ImageField | None:
    parent = widget.parent() if isinstance(widget, QWidget) else None
    while parent is not None and not isinstance(parent, ImageField):
        parent = parent.parent()
    return parent


def attach_images(window: Any) -> WindowImages:
    """Drops, pastes and Insert ▸ Image… in the window (see the module docstring)."""
    return WindowImages(window)

"""The QTextDocument that holds a post's body for the body editor.

``new_body_document()`` makes it the one way: with the plain-text layout a
QPlainTextEdit needs (without any layout a QTextDocument never emits contentsChange,
which the Document's lazy body sync relies on) and the editor's margin. The Document
owns one; a starting window makes one first (``editor.session.opening_post``) and the
Document takes it over.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

MARGIN = 10  # pixels around the body's text


def new_body_document(parent: QObject | None = None) -> QTextDocument:
    """An empty body document, ready for a QPlainTextEdit."""
    body = QTextDocument(parent)
    body.setDocumentLayout(QPlainTextDocumentLayout(body))
    # Set before any text: setDocumentMargin marks a QTextDocument modified.
    body.setDocumentMargin(MARGIN)
    # Text set once, even none: a document whose text was never set comes out modified
    # from its highlighter's first rehighlight() (an untitled post shown as unsaved).
    set_body_text(body, "")
    return body


def set_body_text(body: QTextDocument, text: str) -> None:
    """Put text in body as its clean, unmodified state with no undo history."""
    body.setPlainText(text)
    body.clearUndoRedoStacks()
    body.setModified(False)


def body_text(body: QTextDocument) -> str:
    """body's text with lines separated by '\\n' (as BodyCodec.editor_text has it)."""
    return body.toRawText().replace("\u2029", "\n")

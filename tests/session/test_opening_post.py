"""OpeningPost: the post a starting window shows before it is parsed, and the Document
that takes its body document over (issue 16)."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from editor.core.post.model import Post
from editor.session.body_document import body_text
from editor.session.document import Document
from editor.session.opening_post import OpeningPost


def test_the_body_shows_before_parsing_and_the_document_keeps_it(qtbot, sample):
    opening = OpeningPost(sample)
    body = opening.body_document
    shown = body_text(body)
    assert shown and shown == body_text(Document.open(sample).body_document)
    revision = body.revision()
    document, error = opening.open_document()
    assert error is None
    assert document.body_document is body  # the same text document: nothing re-laid out
    assert body.revision() == revision  # its text was not set again
    assert document.path == sample.absolute()
    assert not document.dirty and not body.isModified()
    assert not body.isUndoAvailable()
    assert document.post.to_bytes() == sample.read_bytes()


def test_a_file_changed_before_parsing_gives_the_parsed_text(qtbot, sample):
    opening = OpeningPost(sample)
    sample.write_text("---\ntitle: Changed\n---\nNew body\n", encoding="utf-8")
    document, error = opening.open_document()
    assert error is None
    assert body_text(document.body_document) == "New body\n"
    assert document.body == "New body\n"
    assert not document.dirty and not document.body_document.isUndoAvailable()


def test_typing_after_the_take_over_is_an_edit_saved_exactly(qtbot, sample):
    original = sample.read_bytes()
    document, _ = OpeningPost(sample).open_document()
    cursor_end = document.body_document.characterCount() - 1
    cursor = QTextCursor(document.body_document)
    cursor.setPosition(cursor_end)
    cursor.insertText("Typed.\n")
    assert document.dirty
    document.save()
    assert sample.read_bytes() == original + b"Typed.\n"


def test_a_file_that_is_no_post_opens_an_empty_document_and_the_error(qtbot, tmp_path):
    path = tmp_path / "binary.md"
    path.write_bytes(b"\x00\x01 not text")
    opening = OpeningPost(path)
    assert body_text(opening.body_document) == ""
    document, error = opening.open_document()
    assert error is not None and "binary" in str(error)
    assert document.path is None and document.body == ""
    assert document.body_document is opening.body_document


def test_a_missing_file_and_no_file_give_empty_documents(qtbot, tmp_path):
    document, error = OpeningPost(tmp_path / "gone.md").open_document()
    assert error is not None and document.path is None
    untitled, error = OpeningPost(None).open_document()
    assert error is None and untitled.path is None
    assert untitled.post.to_bytes() == Post.new().to_bytes()
    assert OpeningPost(None).display_name == untitled.display_name

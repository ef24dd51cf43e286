"""Document: dirty tracking, exact body sync, saving with conflict detection, revert, new posts."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor

from editor.core.errors import PostError
from editor.core.post.bodytext import BodyCodec
from editor.core.post.model import Post
from editor.core.post.newpost import new_post_file_name, slugify
from editor.session.document import Document, SaveConflict
from tests.sample import SAMPLE


@pytest.fixture
def sample(tmp_path) -> Path:
    target = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, target)
    return target


def type_at(document: Document, position: int, text: str) -> None:
    cursor = QTextCursor(document.body_document)
    cursor.setPosition(position)
    cursor.insertText(text)


def test_open_is_clean_and_exact(qtbot, sample):
    """A freshly opened post is not dirty and would write back the same bytes."""
    document = Document.open(sample)
    assert not document.dirty
    assert document.post.to_bytes() == sample.read_bytes()
    assert document.display_name == sample.name


def test_body_edit_marks_dirty_and_save_writes_only_that(qtbot, sample):
    """Typing makes the document dirty; saving writes the original plus exactly the typed text."""
    original = sample.read_bytes()
    document = Document.open(sample)
    with qtbot.waitSignal(document.dirty_changed) as dirty:
        type_at(document, 0, "Breaking: ")
    assert dirty.args == [True]
    with qtbot.waitSignal(document.saved):
        document.save()
    written = sample.read_bytes()
    body_start = original.index(b"Kittlehaven ferries")
    assert written == original[:body_start] + b"Breaking: " + original[body_start:]
    assert not document.dirty


def test_undo_to_clean_clears_dirty(qtbot, sample):
    """Undoing every edit returns the document to clean without saving."""
    document = Document.open(sample)
    type_at(document, 5, "xyz")
    assert document.dirty
    document.body_document.undo()
    assert not document.dirty


def test_edit_then_manual_delete_becomes_clean_after_idle_sync(qtbot, sample):
    """Typing and deleting the same text ends clean once the idle sync compares with disk."""
    document = Document.open(sample)
    type_at(document, 0, "x")
    cursor = QTextCursor(document.body_document)
    cursor.setPosition(0)
    cursor.setPosition(1, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    assert document.dirty  # cheap path: any edit counts until the idle sync
    qtbot.waitUntil(lambda: not document.dirty)


def test_metadata_edit_changes_only_its_line(qtbot, sample):
    """set_metadata marks dirty, reports the key, and the save changes one line only."""
    original = sample.read_text(encoding="utf-8").splitlines(keepends=True)
    document = Document.open(sample)
    with qtbot.waitSignal(document.metadata_changed) as changed:
        document.set_metadata("featured", False)
    assert changed.args == ["featured"]
    assert document.dirty
    document.save()
    written = sample.read_text(encoding="utf-8").splitlines(keepends=True)
    differing = [i for i, (a, b) in enumerate(zip(original, written, strict=True)) if a != b]
    assert len(differing) == 1 and "featured" in written[differing[0]]


def test_a_body_edit_survives_a_later_metadata_save(qtbot, sample):
    """Regression (issue 10): a saved body edit is kept by the next save after a form edit.

    The editor was marked clean before its baseline was updated, so the body as first
    loaded went back into the post and the second save silently undid the typed text.
    """
    original = sample.read_bytes()
    document = Document.open(sample)
    type_at(document, 0, "Breaking: ")
    document.save()
    body_start = original.index(b"Kittlehaven ferries")
    with_sentence = original[:body_start] + b"Breaking: " + original[body_start:]
    assert sample.read_bytes() == with_sentence
    assert document.body.startswith("Breaking: ")
    document.set_metadata("featured", False)
    document.save()
    assert sample.read_bytes() == with_sentence.replace(b"featured: true", b"featured: false")
    assert document.body.startswith("Breaking: ")
    assert not document.dirty


def test_save_detects_external_change(qtbot, sample):
    """If another program changed the file, save refuses; force overwrites."""
    document = Document.open(sample)
    type_at(document, 0, "Mine. ")
    sample.write_bytes(sample.read_bytes().replace(b"ferries", b"FERRIES", 1) + b"\n")
    theirs = sample.read_bytes()
    with pytest.raises(SaveConflict):
        document.save()
    assert sample.read_bytes() == theirs
    document.save(force=True)
    assert sample.read_bytes().count(b"Mine. ") == 1
    assert b"TRUMP" not in sample.read_bytes()


def test_touching_the_file_is_not_a_conflict(qtbot, sample):
    """Only the bytes matter: a new mtime with the same content saves normally."""
    document = Document.open(sample)
    type_at(document, 0, "A")
    stat = sample.stat()
    os.utime(sample, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    document.save()
    assert sample.read_bytes().startswith(b"---")


def test_write_error_comes_back_as_post_error(qtbot, sample, tmp_path):
    """A failed write raises PostError with a reason, and the document stays dirty."""
    document = Document.open(sample)
    type_at(document, 0, "A")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(PostError):
        document.save(blocker / "post.md")
    assert document.dirty
    assert document.path == sample


def test_save_as_moves_the_document(qtbot, sample, tmp_path):
    """Save As writes the new file, leaves the old one alone and reports the new path."""
    original = sample.read_bytes()
    document = Document.open(sample)
    type_at(document, 0, "Copy. ")
    target = tmp_path / "copy.md"
    with qtbot.waitSignal(document.path_changed) as moved:
        document.save(target)
    assert moved.args == [str(target)]
    assert sample.read_bytes() == original
    assert target.read_bytes() == original.replace(b"Kittlehaven", b"Copy. Kittlehaven", 1)
    assert document.path == target and not document.dirty


def test_revert_restores_disk_text(qtbot, sample):
    """Revert drops unsaved edits, reloads the file and emits reloaded."""
    document = Document.open(sample)
    type_at(document, 0, "junk")
    document.set_metadata("featured", False)
    with qtbot.waitSignal(document.reloaded):
        document.revert()
    assert not document.dirty
    assert document.post.to_bytes() == sample.read_bytes()
    assert not document.body_document.toRawText().startswith("junk")


def test_clean_document_reloads_when_changed_on_disk(qtbot, sample):
    """A clean document picks up another program's change silently."""
    document = Document.open(sample)
    with qtbot.waitSignal(document.reloaded, timeout=5000):
        sample.write_bytes(sample.read_bytes().replace(b"Kittlehaven", b"Mr Kittlehaven", 1))
    assert document.body.startswith("Mr Kittlehaven")


def test_dirty_document_reports_change_on_disk(qtbot, sample):
    """A dirty document keeps the user's text and signals the external change."""
    document = Document.open(sample)
    type_at(document, 0, "Mine. ")
    with qtbot.waitSignal(document.changed_on_disk, timeout=5000):
        sample.write_bytes(sample.read_bytes() + b"more\n")
    assert document.body.startswith("Mine. ")


def test_load_failure_leaves_document_unchanged(qtbot, sample, tmp_path):
    """Opening a broken file raises PostError and keeps the current post."""
    document = Document.open(sample)
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(PostError):
        document.load(bad)
    assert document.path == sample


@pytest.mark.parametrize(
    "body",
    [
        "plain\ntext\n",
        "crlf line\r\nsecond\r\n",
        "tab\tindent\n\tcode\n",
        "  leading spaces\n    code block\n",
        "no final newline",
        "line\u2028separator\n",
        "nbsp\u00a0here  \nhard break\n",
        "mixed\r\nendings\nhere\r\n",
        "old mac\rline\r",
        "para\u2029separator\n",
        "",
    ],
)
def test_body_codec_round_trip(body):
    """Encoding for the editor and decoding gives the body back, unedited and after an edit."""
    codec = BodyCodec(body, "\r\n" if "\r\n" in body else "\n")
    assert "\r" not in codec.editor_text and "\u2029" not in codec.editor_text
    assert codec.decode(codec.editor_text) == body
    assert codec.decode("X" + codec.editor_text) == "X" + body


def test_body_codec_keeps_each_lines_ending_when_mixed():
    """Editing one line of a mixed-ending body keeps every other line's own ending."""
    body = "one\r\ntwo\nthree\r\nfour\n"
    codec = BodyCodec(body, "\n")
    edited = codec.editor_text.replace("three", "THREE")
    assert codec.decode(edited) == "one\r\ntwo\nTHREE\r\nfour\n"


def test_slugify():
    """Slugs are lowercase ASCII words joined by hyphens."""
    assert (
        slugify("ICE preparing: Trump's 'law & order' image!")
        == "ice-preparing-trump-s-law-order-image"
    )
    assert slugify("Café crème") == "cafe-creme"
    assert slugify("???") == "untitled"


def test_new_post_name_follows_dated_siblings(tmp_path):
    """In a folder of date-prefixed posts the new name gets the date; taken names get a number."""
    for name in ("2020-01-01-a.md", "2020-02-01-b.md", "notes.md"):
        (tmp_path / name).write_text("x")
    when = datetime(2021, 3, 4, 5, 6, 7)
    assert new_post_file_name(tmp_path, "Hello World", when) == "2021-03-04-hello-world.md"
    (tmp_path / "2021-03-04-hello-world.md").write_text("x")
    assert new_post_file_name(tmp_path, "Hello World", when) == "2021-03-04-hello-world-2.md"


def test_new_post_name_follows_plain_siblings(tmp_path):
    """Without dated siblings the name is just the slug, with the siblings' extension."""
    for name in ("first.markdown", "second.markdown"):
        (tmp_path / name).write_text("x")
    assert new_post_file_name(tmp_path, "Third one", datetime(2021, 1, 1)) == "third-one.markdown"


def test_new_from_copies_keys_with_empty_values(qtbot, sample):
    """A new post keeps the template's keys in order, empties them, dates it now in the same format."""
    template = Document.open(sample)
    now = datetime(2021, 1, 2, 3, 4, 5)
    document = Document.new_from(template, sample.parent, "My New Post", now=now)
    post = document.post
    assert list(post.metadata) == list(template.post.metadata)
    assert post.metadata["title"] == "My New Post"
    assert post.metadata["date"] == "2021-01-02-03-04-05"
    assert post.metadata["categories"] == []
    assert post.metadata["description"] == ""
    assert post.metadata["extends"] == "_layouts.post"  # layout keys are kept
    assert document.path == sample.parent / "2021-01-02-my-new-post.md"
    assert document.dirty and not document.path.exists()
    document.save()
    assert Post.load(document.path).metadata["title"] == "My New Post"


def test_new_from_native_yaml_date_stays_a_date(qtbot, tmp_path):
    """A template with a YAML date gets today's date written the same way."""
    template_path = tmp_path / "a.md"
    template_path.write_text("---\ntitle: A\ndate: 2020-05-06\n---\nBody\n", encoding="utf-8")
    document = Document.new_from(
        Document.open(template_path), tmp_path, "B", now=datetime(2022, 7, 8, 9, 10)
    )
    assert document.post.to_bytes().decode().splitlines()[2] == "date: 2022-07-08"


def test_new_from_a_post_without_title_adds_one(qtbot, tmp_path):
    """A template with no title key (or an empty start-up post) still gets the asked title."""
    empty = Document(Post.new())
    document = Document.new_from(empty, tmp_path, "Fresh start", now=datetime(2022, 1, 1))
    assert dict(document.post.metadata) == {"title": "Fresh start"}
    assert document.path == tmp_path / "fresh-start.md"


def test_reading_the_post_in_the_middle_of_the_first_edit_loses_nothing(qtbot, sample):
    """A slot that reads .post while the first edit is applied (before Qt marks the text
    modified) must not freeze the body at its original text."""
    document = Document.open(sample)
    seen = []
    document.body_document.contentsChange.connect(lambda *_: seen.append(document.post.body))
    cursor = QTextCursor(document.body_document)
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.insertText("Hello *there*\n")
    assert seen  # the slot did read the post mid-edit
    assert document.body == "Hello *there*\n"
    assert document.dirty


def test_a_new_posts_path_change_says_a_reload_follows_and_save_as_does_not(
    qtbot, sample, tmp_path
):
    """Listeners to both path_changed and reloaded can leave a load to reloaded."""
    other = tmp_path / "other.md"
    shutil.copyfile(sample, other)
    document = Document.open(sample)
    seen: list[tuple[str, bool]] = []
    document.path_changed.connect(lambda _path: seen.append(("path", document.replacing)))
    document.reloaded.connect(lambda: seen.append(("reloaded", document.replacing)))
    document.load(other)
    assert seen == [("path", True), ("reloaded", False)]
    seen.clear()
    document.save(tmp_path / "copy.md")
    assert seen == [("path", False)]

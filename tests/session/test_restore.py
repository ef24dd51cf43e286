"""Restoring a crashed session's edits into a document, without a window."""

from __future__ import annotations

import pytest

from editor.core.errors import PostError
from editor.core.post.model import Post
from editor.core.user.recovery import RecoverySession
from editor.session.autosave import Autosaver
from editor.session.document import Document
from editor.session.restore import restore_recovered

TYPED = b"Typed before the crash. "


def crashed_entry(tmp_path, sample, data: bytes):
    """An entry left by a session that died: its lock gone, its copy in place."""
    root = tmp_path / "recovery"
    crashed = RecoverySession(root)
    crashed.write(
        RecoverySession.new_entry_id(),
        data,
        original_path=sample,
        disk_sha256=None,
        never_saved=False,
        display_name=sample.name,
    )
    crashed.abandon()
    session = RecoverySession(root)
    [entry] = session.claim_orphans()
    return entry, session


def test_restore_opens_the_edits_unsaved_and_keeps_the_copy_current(qtbot, tmp_path, sample):
    original = sample.read_bytes()
    start = original.index(b"Kittlehaven")
    edited = original[:start] + TYPED + original[start:]
    entry, session = crashed_entry(tmp_path, sample, edited)
    document = Document(Post.new())
    autosaver = Autosaver(document, session)
    restore_recovered(document, autosaver, entry, session)
    assert document.path == sample and document.dirty
    assert document.post.to_bytes() == edited and sample.read_bytes() == original
    [adopted] = session.entries()
    assert adopted.entry_id == entry.entry_id == autosaver.entry_id
    assert autosaver.write_now()  # the copy the autosaver keeps is the adopted one
    assert [e.read_bytes() for e in session.entries()] == [edited]
    session.close()


def test_an_unreadable_copy_changes_nothing(qtbot, tmp_path, sample):
    entry, session = crashed_entry(tmp_path, sample, b"\xff\xfe not a text post \x00")
    document = Document(Post.new())
    autosaver = Autosaver(document, session)
    before = autosaver.entry_id
    with pytest.raises(PostError):
        restore_recovered(document, autosaver, entry, session)
    assert document.path is None and not document.dirty
    assert autosaver.entry_id == before and session.entries() == []
    entry.data_path.unlink()
    with pytest.raises(OSError):
        restore_recovered(document, autosaver, entry, session)
    session.close()

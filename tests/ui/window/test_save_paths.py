"""Every way a post gets written keeps the edits other ways made before it (issue 10).

The form, the raw editor, the metadata table, bulk edits, autosave to file and a
restored recovery copy all end in a write. Each test here makes an edit by one path,
then an edit and a write by another, and checks the file holds both and nothing else
changed. (The form and raw editor are also driven at random by test_editing_sequences.)
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from editor.core.bulk import actions as bulk
from editor.core.post.model import Post
from editor.core.user.recovery import RecoverySession
from editor.session import autosave
from editor.session.document import Document
from editor.ui.dialogs.prompter import RecoveryChoice
from editor.ui.dialogs.recovery_dialog import offer_recovery
from editor.ui.window.main_window import MainWindow
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window

FIRST = "Typed first. "


def move_to_end(window) -> None:
    window.body_editor.moveCursor(QTextCursor.MoveOperation.End)


def lines_changed(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def body_line_with(data: bytes, text: bytes) -> bytes:
    return next(line for line in data.splitlines(keepends=True) if text in line)


def test_autosave_to_file_keeps_a_body_edit_through_a_form_edit(qtbot, sample, settings):
    """Autosave to file after typing, then after a form edit, then after more typing:
    the file holds all three edits, the no-break spaces, and nothing else changed."""
    original = sample.read_bytes()
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    window.set_autosave_to_file(True)
    qtbot.keyClicks(window.body_editor, FIRST)
    window.autosaver.on_idle()
    assert FIRST.encode() in sample.read_bytes()
    window.form.editor_for("featured").check_box.click()
    window.autosaver.on_idle()
    move_to_end(window)
    qtbot.keyClicks(window.body_editor, " The end.")
    window.autosaver.on_idle()
    body_start = original.index(b"--- \n", 4) + len(b"--- \n")
    expected = (
        original[:body_start].replace(b"featured: true \n", b"featured: false \n")
        + FIRST.encode()
        + original[body_start:]
        + b" The end."
    )
    assert sample.read_bytes() == expected
    assert not window.document.dirty


def test_a_restored_recovery_copy_keeps_its_text_through_a_form_edit_and_save(
    qtbot, sample, settings
):
    """Recovered typing, then a title edit in the form, then Save: both are in the file."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    qtbot.keyClicks(window.body_editor, FIRST)
    window.autosaver.on_idle()
    session = window.autosaver.session
    session.abandon()  # what a crash leaves: the lock gone, the copy in place
    autosave._sessions.clear()
    original = sample.read_bytes()
    prompter = FakePrompter(recovery=RecoveryChoice.RESTORE)
    restored = MainWindow(
        Document(Post.new()),
        settings,
        prompter,
        with_preview=False,
        recovery=RecoverySession(session.root),
    )
    qtbot.addWidget(restored)
    assert offer_recovery(restored) == [restored]
    assert restored.document.body.startswith(FIRST)
    assert restored.form_model.set_value("title", "Retitled after the crash") is None
    assert restored.save()
    written = sample.read_bytes()
    changed = lines_changed(original, written)
    assert len(changed) == 2
    assert changed[0][1].startswith(b"title: Retitled after the crash")
    assert changed[1][1].startswith(FIRST.encode())


def test_a_bulk_edit_keeps_a_saved_body_edit_and_the_open_post_shows_both(
    qtbot, sample, settings, tmp_path
):
    """Type and save, then a bulk edit sets a field on the open post's file: the file and
    the window hold both edits, and a later save keeps them."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    qtbot.keyClicks(window.body_editor, FIRST)
    assert window.save()
    saved = sample.read_bytes()
    plan = bulk.plan_action(bulk.SetField("featured", False), [sample], root=sample.parent)
    result = bulk.apply(plan)
    assert [change.path for change in result.written] == [sample]
    after_bulk = sample.read_bytes()
    assert lines_changed(saved, after_bulk) == [(b"featured: true \n", b"featured: false \n")]
    qtbot.waitUntil(lambda: window.document.post.metadata["featured"] is False, timeout=5000)
    assert window.document.body.startswith(FIRST)
    assert not window.document.dirty
    move_to_end(window)
    qtbot.keyClicks(window.body_editor, "More.")
    assert window.save()
    assert sample.read_bytes() == after_bulk + b"More."


def test_the_issue_10_sequence_keeps_every_edit_and_every_no_break_space(qtbot, sample, settings):
    """Type at the start, save; retitle in the form, save; type at the end, save; tick a
    box, save; type and undo, save: each save holds every earlier edit, all the no-break
    spaces, and nothing else changes."""
    original = sample.read_bytes()
    nbsp = original.count("\u00a0".encode())
    body_start = original.index(b"--- \n", 4) + len(b"--- \n")
    window = open_window(qtbot, settings, FakePrompter(), [sample])

    def saved_equals(expected: bytes) -> None:
        assert window.save()
        assert sample.read_bytes() == expected
        assert expected.count("\u00a0".encode()) == nbsp
        assert not window.document.dirty and window.status.state_label.text() == "Saved"

    qtbot.keyClicks(window.body_editor, FIRST)
    expected = original[:body_start] + FIRST.encode() + original[body_start:]
    saved_equals(expected)

    title = window.form.editor_for("title")
    old_title = Post.from_bytes(original).metadata["title"]
    if hasattr(title, "line_edit"):  # a long title gets a wrapping text box
        title.line_edit.setText("A calmer title")
    else:
        title.text_edit.setPlainText("A calmer title")
    title.flush()
    expected = expected.replace(f"title: {old_title}".encode(), b"title: A calmer title", 1)
    saved_equals(expected)

    move_to_end(window)
    qtbot.keyClicks(window.body_editor, "Last words.")
    expected += b"Last words."
    saved_equals(expected)

    window.form.editor_for("featured").check_box.click()
    expected = expected.replace(b"featured: true \n", b"featured: false \n", 1)
    saved_equals(expected)

    qtbot.keyClicks(window.body_editor, " and undone")
    window.body_editor.undo()
    saved_equals(expected)

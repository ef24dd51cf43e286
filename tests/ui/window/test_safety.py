"""Never lose work: recovery copies, restore after a crash, external changes, bad files,
write failures and unexpected errors, each checked through the window as a user meets it."""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from editor.core.platform import atomic
from editor.core.post.model import Post
from editor.core.user.recovery import RecoverySession, read_entries
from editor.session.autosave import AUTOSAVE_IDLE_MS
from editor.session.document import Document
from editor.ui.dialogs.prompter import (
    ConflictChoice,
    RecoveryChoice,
    SaveChoice,
    WriteFailureChoice,
)
from editor.ui.dialogs.recovery_dialog import RecoveryDialog, offer_recovery
from editor.ui.window.file_safety import install_exception_hook
from editor.ui.window.main_window import MainWindow
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window

TYPED = "Typed before the crash. "


def recovery_entries(window):
    return window.autosaver.session.entries()


def typed_window(qtbot, settings, sample, prompter=None, text="mine "):
    window = open_window(qtbot, settings, prompter or FakePrompter(), [sample])
    qtbot.keyClicks(window.body_editor, text)
    return window


def window_on_session(qtbot, settings, prompter, session) -> MainWindow:
    window = MainWindow(
        Document(Post.new()), settings, prompter, with_preview=False, recovery=session
    )
    qtbot.addWidget(window)
    return window


# ---- autosave to the recovery area ------------------------------------------------------


def test_typing_arms_an_idle_timer_of_at_most_five_seconds(qtbot, sample, settings):
    """Unsaved edits are copied a few seconds after typing stops (debounce ≤ 5 s)."""
    window = typed_window(qtbot, settings, sample)
    assert window.autosaver.is_pending()
    assert window.autosaver._timer.interval() == AUTOSAVE_IDLE_MS <= 5000


def test_idle_writes_the_exact_post_bytes_to_recovery_not_the_file(qtbot, sample, settings):
    """The recovery copy holds front matter and body as Save would write them; the user's
    file is untouched."""
    original = sample.read_bytes()
    window = typed_window(qtbot, settings, sample)
    window.form_model.set_value("title", "Changed title")
    window.autosaver.on_idle()
    [entry] = recovery_entries(window)
    assert entry.read_bytes() == window.document.post.to_bytes()
    assert b"mine Kittlehaven" in entry.read_bytes() and b"Changed title" in entry.read_bytes()
    assert entry.original_path == sample
    assert entry.disk_sha256 == window.document.disk_sha256
    assert sample.read_bytes() == original


def test_idle_timer_fires_by_itself(qtbot, sample, settings):
    """Without any call, the copy appears once typing stops."""
    window = typed_window(qtbot, settings, sample)
    qtbot.waitUntil(lambda: len(recovery_entries(window)) == 1, timeout=10000)


@pytest.mark.parametrize("how", ["save", "revert", "discard-on-close", "undo"])
def test_recovery_copy_is_removed_when_the_edits_are_settled(qtbot, sample, settings, how):
    """A clean save, a revert, a discard on close, or undoing to clean removes the copy."""
    prompter = FakePrompter(confirm=True, save_changes=SaveChoice.DISCARD)
    window = typed_window(qtbot, settings, sample, prompter)
    window.autosaver.on_idle()
    assert recovery_entries(window)
    if how == "save":
        assert window.save()
    elif how == "revert":
        window.revert()
    elif how == "discard-on-close":
        assert window.close()
    else:
        while window.document.dirty:
            window.body_editor.undo()
    assert recovery_entries(window) == []


def test_a_new_post_is_recovered_too(qtbot, sample, settings):
    """A post that was never saved gets a recovery copy marked as new."""
    window = open_window(qtbot, settings, FakePrompter(text="Brand new"), [sample])
    assert window.new_post()
    qtbot.keyClicks(window.body_editor, "First words.")
    window.autosaver.on_idle()
    [entry] = recovery_entries(window)
    assert entry.never_saved and b"First words." in entry.read_bytes()
    assert b"Brand new" in entry.read_bytes()
    assert not entry.original_path.exists()


def test_autosave_to_file_saves_on_idle_but_never_over_a_changed_file(qtbot, sample, settings):
    """With Autosave to File on, idle saves the post; if another program changed the file,
    it is not overwritten and the edits go to recovery instead."""
    window = typed_window(qtbot, settings, sample)
    window.window_actions.autosave.trigger()
    assert settings.autosave_to_file is True
    window.autosaver.on_idle()
    assert b"mine Kittlehaven" in sample.read_bytes() and not window.document.dirty
    qtbot.keyClicks(window.body_editor, "again ")
    theirs = sample.read_bytes() + b"\nTheirs.\n"
    sample.write_bytes(theirs)
    window.autosaver.on_idle()
    assert sample.read_bytes() == theirs
    assert b"again" in recovery_entries(window)[0].read_bytes()
    assert "changed on disk" in window.status.currentMessage()


# ---- restore after a crash --------------------------------------------------------------


def crash_with_typing(qtbot, settings, sample):
    window = typed_window(qtbot, settings, sample, text=TYPED)
    window.autosaver.on_idle()
    session = window.autosaver.session
    session.abandon()  # what SIGKILL leaves: the lock gone, the entries in place
    from editor.session import autosave

    autosave._sessions.clear()
    return session.root


def test_restore_after_crash_opens_recovered_text_unsaved(qtbot, sample, settings):
    """The next start offers the crashed session's edits with a diff; Restore opens them,
    dirty, against the original file, which is still untouched."""
    original = sample.read_bytes()
    root = crash_with_typing(qtbot, settings, sample)
    prompter = FakePrompter(recovery=RecoveryChoice.RESTORE)
    window = window_on_session(qtbot, settings, prompter, RecoverySession(root))
    assert offer_recovery(window) == [window]
    [offer] = prompter.offers
    assert offer.status == "unsaved edits" and f"+{TYPED}Kittlehaven" in offer.diff
    assert window.document.path == sample and window.document.dirty
    assert window.document.body.startswith(TYPED)
    assert sample.read_bytes() == original
    assert [e.read_bytes() for e in recovery_entries(window)] == [window.document.post.to_bytes()]
    assert window.save() and sample.read_bytes().startswith(
        original[: original.index(b"Kittlehaven")]
    )
    assert recovery_entries(window) == []


def test_discard_and_later(qtbot, sample, settings):
    """Discard deletes the recovered copy; Later keeps it for the next start."""
    root = crash_with_typing(qtbot, settings, sample)
    later = FakePrompter(recovery=RecoveryChoice.LATER)
    window = window_on_session(qtbot, settings, later, RecoverySession(root))
    assert offer_recovery(window) == []
    assert not window.document.dirty
    discard = FakePrompter(recovery=RecoveryChoice.DISCARD)
    window2 = window_on_session(qtbot, settings, discard, RecoverySession(root))
    offer_recovery(window2)
    assert "recovery" in discard.asked
    assert [p for p in root.rglob("*.post")] == []


def test_restored_copy_of_a_file_changed_since_asks_before_saving(qtbot, sample, settings):
    """If the file changed on disk after the edits began, saving the restored text asks."""
    root = crash_with_typing(qtbot, settings, sample)
    theirs = sample.read_bytes() + b"\nChanged after the crash.\n"
    sample.write_bytes(theirs)
    prompter = FakePrompter(recovery=RecoveryChoice.RESTORE, conflict=ConflictChoice.CANCEL)
    window = window_on_session(qtbot, settings, prompter, RecoverySession(root))
    offer_recovery(window)
    assert "changed on disk" in prompter.offers[0].status
    assert not window.save() and "conflict" in prompter.asked
    assert sample.read_bytes() == theirs


def test_recovery_dialog_lists_entries_and_records_choices(qtbot, sample, settings):
    """The dialog shows each entry's diff and returns the choice made per entry."""
    root = crash_with_typing(qtbot, settings, sample)
    session = RecoverySession(root)
    from editor.core.user.recovery import offer_for

    offers = [offer_for(e) for e in session.claim_orphans()]
    dialog = RecoveryDialog(offers)
    qtbot.addWidget(dialog)
    assert TYPED in dialog.diff.toPlainText()
    dialog.set_choice(0, RecoveryChoice.DISCARD)
    dialog.accept()
    assert dialog.choices() == {offers[0].entry.entry_id: RecoveryChoice.DISCARD}


# ---- changes made by other programs -----------------------------------------------------


def test_clean_post_reloads_silently_keeping_cursor_and_scroll(qtbot, sample, settings):
    """A clean post changed on disk reloads without a question, cursor and scroll kept."""
    prompter = FakePrompter()
    window = open_window(qtbot, settings, prompter, [sample])
    editor = window.body_editor
    block = editor.document().findBlockByNumber(13)
    assert len(block.text()) > 4  # a line of text, not a blank line between paragraphs
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + 4)
    editor.setTextCursor(cursor)
    qtbot.waitUntil(lambda: editor.verticalScrollBar().maximum() > 0)
    QApplication.processEvents()  # the editor lays out its text lazily: let it finish
    editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum() // 2)
    QApplication.processEvents()
    scroll = editor.verticalScrollBar().value()
    assert scroll > 0
    with qtbot.waitSignal(window.document.reloaded, timeout=5000):
        sample.write_bytes(
            sample.read_bytes().replace(b"Kittlehaven ferries", b"The Kittlehaven", 1)
        )
    assert window.document.body.startswith("The Kittlehaven")
    assert editor.textCursor().blockNumber() == 13
    assert editor.textCursor().positionInBlock() == 4
    assert editor.verticalScrollBar().value() == scroll
    assert prompter.asked == [] and not window.notice_bar.message()


def test_keep_mine_then_save_writes_mine(qtbot, sample, settings):
    """Keep mine hides the bar; the next Save writes the user's version."""
    prompter = FakePrompter()
    window = typed_window(qtbot, settings, sample, prompter)
    sample.write_bytes(sample.read_bytes() + b"\nTheirs.\n")
    qtbot.waitUntil(lambda: bool(window.notice_bar.message()), timeout=5000)
    assert window.notice_bar.button_labels() == ["Reload", "Keep mine", "Show diff"]
    window.notice_bar.click("Show diff")
    assert "+mine Kittlehaven" in prompter.diffs[0] and "-Theirs." in prompter.diffs[0]
    window.notice_bar.click("Keep mine")
    assert not window.notice_bar.message()
    assert window.save()
    assert b"mine Kittlehaven" in sample.read_bytes() and b"Theirs." not in sample.read_bytes()


def test_save_over_changed_file_can_save_as(qtbot, sample, settings, tmp_path):
    """Saving over a file changed since load asks; Save As writes elsewhere, theirs stays."""
    target = tmp_path / "mine.md"
    prompter = FakePrompter(conflict=ConflictChoice.SAVE_AS, save_path=str(target))
    window = typed_window(qtbot, settings, sample, prompter)
    theirs = sample.read_bytes() + b"\nTheirs.\n"
    window.document._unwatch()  # no bar for this test: only the save question
    sample.write_bytes(theirs)
    assert window.save()
    assert sample.read_bytes() == theirs
    assert b"mine Kittlehaven" in target.read_bytes() and window.document.path == target


def test_deleted_file_is_marked_and_save_recreates_it(qtbot, sample, settings):
    """A file deleted outside: the bar says so, the text stays, Save recreates it."""
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    text = window.document.post.to_bytes()
    sample.unlink()
    qtbot.waitUntil(lambda: "deleted or moved" in window.notice_bar.message(), timeout=5000)
    assert window.document.dirty and window.document.file_missing
    assert window.notice_bar.button_labels() == ["Save", "Save As…"]
    window.notice_bar.click("Save")
    assert sample.read_bytes() == text and not window.document.dirty
    assert not window.notice_bar.message()


def test_our_own_save_does_not_look_like_an_external_change(qtbot, sample, settings):
    """Saving (an atomic replace) reloads nothing and shows no bar, and the watch survives."""
    window = typed_window(qtbot, settings, sample)
    with qtbot.assertNotEmitted(window.document.reloaded, wait=600):
        with qtbot.assertNotEmitted(window.document.changed_on_disk, wait=600):
            assert window.save()
    assert not window.notice_bar.message()
    assert str(sample) in window.document._watcher.files()


# ---- bad files --------------------------------------------------------------------------

BAD = b"---\ntitle: A post\ntags: [one, two\ndate: 2020-01-01\n---\nThe body.\n"


def test_malformed_front_matter_opens_raw_with_error_line_and_refuses_to_save(
    qtbot, settings, tmp_path
):
    """Bad YAML opens: raw front matter, the error line highlighted, the message shown, the
    body editable; Save explains and writes nothing until the front matter is fixed."""
    bad = tmp_path / "bad.md"
    bad.write_bytes(BAD)
    prompter = FakePrompter()
    window = open_window(qtbot, settings, prompter, [bad])
    assert window.document.is_broken and window.form.is_raw_mode()
    raw = window.form.raw_editor
    assert "tags: [one, two" in raw.text()
    assert raw.error_line() is not None and 2 <= raw.error_line() <= 4
    assert "not valid" in window.notice_bar.message()
    qtbot.keyClicks(window.body_editor, "Edited ")
    assert window.document.body.startswith("Edited The body.")
    assert not window.save()
    assert "not valid" in prompter.errors[-1]
    assert bad.read_bytes() == BAD
    raw.text_edit.setPlainText("title: A post\ntags: [one, two]\ndate: 2020-01-01\n")
    assert raw.flush() is None
    assert not window.document.is_broken and not window.notice_bar.message()
    assert window.save()
    assert bad.read_bytes() == (
        b"---\ntitle: A post\ntags: [one, two]\ndate: 2020-01-01\n---\nEdited The body.\n"
    )


@pytest.mark.parametrize(
    "data, words",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"---\ntitle: caf\xe9\n---\nbody\n", "not UTF-8"),
        (b"\xff\xfe-\x00-\x00-\x00", "UTF-16"),
    ],
)
def test_files_that_are_not_text_posts_are_refused_and_untouched(
    qtbot, sample, settings, tmp_path, data, words
):
    """Binary, non-UTF-8 and UTF-16 files are refused with a clear message, never written."""
    bad = tmp_path / "bad.md"
    bad.write_bytes(data)
    prompter = FakePrompter()
    window = open_window(qtbot, settings, prompter, [sample])
    assert not window.open_path(bad)
    assert words in prompter.errors[0] and window.document.path == sample
    assert bad.read_bytes() == data


def test_huge_file_is_refused(qtbot, sample, settings, tmp_path):
    """A file over 20 MB is refused with a message naming the limit."""
    big = tmp_path / "big.md"
    with open(big, "wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    prompter = FakePrompter()
    window = open_window(qtbot, settings, prompter, [sample])
    assert not window.open_path(big)
    assert "20 MB" in prompter.errors[0]


def test_unexpected_exception_is_shown_and_logged_not_printed(qtbot, sample, settings, capsys):
    """The exception hook shows the error, keeps a recovery copy and writes errors.log in
    the data folder; nothing reaches stderr."""
    prompter = FakePrompter()
    window = typed_window(qtbot, settings, sample, prompter)
    previous = sys.excepthook
    try:
        install_exception_hook(window)
        try:
            raise RuntimeError("something broke")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    assert "RuntimeError: something broke" in prompter.errors[-1]
    log = Path(os.environ["XDG_DATA_HOME"]) / "masthead" / "errors.log"
    assert "RuntimeError: something broke" in log.read_text()
    assert recovery_entries(window)
    assert capsys.readouterr().err == ""


# ---- write failures ---------------------------------------------------------------------


def _fail(code):
    def raiser(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    return raiser


@pytest.mark.parametrize(
    "target, code, reason",
    [
        ("tempfile.mkstemp", errno.EACCES, "permission denied"),
        ("tempfile.mkstemp", errno.EROFS, "read-only"),
        ("tempfile.mkstemp", errno.ENOSPC, "disk is full"),
        ("os.replace", errno.ENOENT, "no longer exists"),
    ],
)
def test_write_failure_keeps_original_and_edits_and_offers_retry(
    qtbot, sample, settings, monkeypatch, target, code, reason
):
    """A failed save names the reason, leaves the file intact and no temp file, keeps the
    edits in memory and in recovery, and Retry saves once the problem is gone."""
    original = sample.read_bytes()
    seen_at_question = []

    class Prompter(FakePrompter):
        def ask_write_failure(self, document_name, reason):
            copies = [e.read_bytes() for e in recovery_entries(window)]
            seen_at_question.append((sample.read_bytes(), copies, window.document.dirty))
            return super().ask_write_failure(document_name, reason)

    prompter = Prompter(write_failure=[WriteFailureChoice.RETRY])
    window = typed_window(qtbot, settings, sample, prompter)
    module, name = target.split(".")
    real = getattr(getattr(atomic, module), name)
    calls = []

    def fail_once(*args, **kwargs):  # only the post's first write fails, not recovery copies
        into_post_folder = sample.parent in (Path(a).parent for a in args[1:2]) or (
            Path(kwargs.get("dir", "/")) == sample.parent
        )
        if into_post_folder and not calls:
            calls.append(1)
            _fail(code)()
        return real(*args, **kwargs)

    monkeypatch.setattr(f"editor.core.platform.atomic.{target}", fail_once)
    assert window.save()
    assert reason in prompter.errors[0]
    [(on_disk, copies, dirty)] = seen_at_question
    assert on_disk == original and dirty
    assert len(copies) == 1 and b"mine Kittlehaven" in copies[0]
    assert b"mine Kittlehaven" in sample.read_bytes()
    assert not list(sample.parent.glob("*" + atomic.TEMP_SUFFIX))
    assert calls and recovery_entries(window) == []  # saved at last: the copy is gone


def test_write_failure_cancel_keeps_everything_and_save_as_works(
    qtbot, sample, settings, monkeypatch, tmp_path
):
    """Cancel after a failure: the original is intact, the edits dirty and in recovery;
    Save As then puts them in another folder."""
    original = sample.read_bytes()
    prompter = FakePrompter(write_failure=[WriteFailureChoice.CANCEL])
    window = typed_window(qtbot, settings, sample, prompter)
    real = atomic.tempfile.mkstemp

    def refuse_post_folder(*args, **kwargs):  # the post's folder refuses; the data folder works
        if Path(kwargs["dir"]) == sample.parent:
            _fail(errno.EACCES)()
        return real(*args, **kwargs)

    monkeypatch.setattr("editor.core.platform.atomic.tempfile.mkstemp", refuse_post_folder)
    assert not window.save()
    assert sample.read_bytes() == original and window.document.dirty
    [entry] = recovery_entries(window)
    assert b"mine Kittlehaven" in entry.read_bytes()
    monkeypatch.undo()
    elsewhere = tmp_path / "elsewhere.md"
    prompter.answers["save_path"] = str(elsewhere)
    assert window.save_as() and b"mine Kittlehaven" in elsewhere.read_bytes()


def test_crash_between_temp_and_replace_leaves_original_and_next_open_cleans(
    qtbot, sample, settings
):
    """A temp file written but never renamed (a crash) leaves the post intact, and the
    next open of a post in that folder removes the stray temp file."""
    original = sample.read_bytes()
    pending = atomic.write_temp(sample, b"half of a save")
    stray = Path(pending.temp)
    old = time.time() - 3600
    os.utime(stray, (old, old))
    assert sample.read_bytes() == original
    window = open_window(qtbot, settings, FakePrompter(), [sample])
    assert window.document.post.to_bytes() == original
    assert not stray.exists()


def test_second_instance_does_not_take_a_live_instances_entries(qtbot, sample, settings):
    """A second window process-session does not offer the first one's live copies."""
    window = typed_window(qtbot, settings, sample)
    window.autosaver.on_idle()
    prompter = FakePrompter(recovery=RecoveryChoice.RESTORE)
    other = window_on_session(
        qtbot, settings, prompter, RecoverySession(window.autosaver.session.root)
    )
    assert offer_recovery(other) == []
    assert "recovery" not in prompter.asked
    assert len(read_entries(window.autosaver.session.folder)) == 1


def test_a_repaired_post_previews_and_counts_its_real_header_and_body(qtbot, settings, tmp_path):
    """Issue 10: once broken front matter is fixed in the window, the preview header shows
    the post's title and the word count the body's words, before and after saving."""
    bad = tmp_path / "bad.md"
    bad.write_bytes(BAD)
    window = open_window(qtbot, settings, FakePrompter(), [bad])
    raw = window.form.raw_editor
    raw.text_edit.setPlainText("title: Mended at last\ntags: [one, two]\ndate: 2020-01-01\n")
    assert raw.flush() is None
    browser = window.preview.text_browser
    qtbot.waitUntil(lambda: "Mended at last" in browser.toPlainText(), timeout=10000)
    qtbot.keyClicks(window.body_editor, "Three more words ")
    assert window.save()
    window.status.counter.count_now()
    window.status.counter.wait()
    expected = len(window.document.body.split())
    qtbot.waitUntil(lambda: window.status.counter.last.words == expected, timeout=5000)
    qtbot.waitUntil(lambda: "Three more words" in browser.toPlainText(), timeout=10000)
    assert "Mended at last" in browser.toPlainText()

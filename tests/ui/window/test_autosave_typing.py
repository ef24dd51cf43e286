"""Recovery while typing continues: a copy goes to the recovery area at most
AUTOSAVE_MAX_DELAY_MS after the first edit not yet copied, even with no pause at all.

The timers are made short (and the idle one very long, so it can never be the one that
writes): simulated typing then shows that the copy comes while keys are still arriving,
and that later keystrokes do not push the deadline back."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

from editor.core.user.recovery import read_entries
from editor.session.autosave import AUTOSAVE_IDLE_MS, AUTOSAVE_MAX_DELAY_MS
from tests.ui.fakes import FakePrompter
from tests.ui.window.support import open_window

POST = b"---\ntitle: Typing\n---\nBody\n"
KEY_GAP_MS = 20  # far below the idle delay: typing never pauses
DEADLINE_MS = 300
NEVER_IDLE_MS = 600_000


@pytest.fixture
def window(qtbot, tmp_path, settings):
    path = tmp_path / "post.md"
    path.write_bytes(POST)
    window = open_window(qtbot, settings, FakePrompter(), [path])
    autosaver = window.autosaver
    autosaver._timer.setInterval(NEVER_IDLE_MS)
    autosaver._deadline.setInterval(DEADLINE_MS)
    return window


def _entries(window):
    return read_entries(window.autosaver.session.folder)


def _type_until(qtbot, window, done, max_keys=500) -> int:
    """Type one character every KEY_GAP_MS until done() (or max_keys); keys typed."""
    editor = window.body_editor
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    for typed in range(1, max_keys + 1):
        editor.textCursor().insertText("x")
        qtbot.wait(KEY_GAP_MS)
        if done():
            return typed
    return max_keys


def test_the_bound_is_at_most_five_seconds():
    assert AUTOSAVE_IDLE_MS <= AUTOSAVE_MAX_DELAY_MS <= 5000


def test_continuous_typing_is_copied_without_a_pause(qtbot, window):
    typed = _type_until(qtbot, window, lambda: len(_entries(window)) == 1)
    [entry] = _entries(window)
    assert typed < 500, "no recovery copy while typing went on"
    copied = entry.read_bytes()
    assert copied.startswith(b"---\ntitle: Typing\n---\nBody") and b"x" in copied
    assert window.document.dirty  # the copy went to recovery, not to the file


def test_typing_keeps_being_copied_after_the_first_copy(qtbot, window):
    """After a copy, the next keystroke starts a new deadline: each further copy holds
    more of what was typed, still without a pause."""
    sizes = []

    def another_copy() -> bool:
        entries = _entries(window)
        if entries and (not sizes or len(entries[0].read_bytes()) > sizes[-1]):
            sizes.append(len(entries[0].read_bytes()))
        return len(sizes) >= 3

    typed = _type_until(qtbot, window, another_copy, max_keys=1500)
    assert typed < 1500 and len(sizes) >= 3
    assert sizes == sorted(sizes)


def test_keystrokes_do_not_restart_the_deadline(qtbot, window):
    autosaver = window.autosaver
    window.body_editor.textCursor().insertText("a")
    assert autosaver._deadline.isActive()
    qtbot.wait(DEADLINE_MS // 2)
    before = autosaver._deadline.remainingTime()
    window.body_editor.textCursor().insertText("b")
    assert autosaver._deadline.isActive()
    assert autosaver._deadline.remainingTime() <= before


def test_a_save_stops_the_deadline_and_the_next_edit_rearms_it(qtbot, window):
    autosaver = window.autosaver
    window.body_editor.textCursor().insertText("a")
    assert autosaver._deadline.isActive()
    assert window.save()
    assert not autosaver._deadline.isActive() and _entries(window) == []
    window.body_editor.textCursor().insertText("b")
    assert autosaver._deadline.isActive()
    qtbot.waitUntil(lambda: len(_entries(window)) == 1, timeout=10_000)


def test_the_deadline_writes_only_the_recovery_copy_never_the_file(qtbot, window, tmp_path):
    """With Autosave to File on, continuous typing is copied to the recovery area while
    the post itself still waits for a pause."""
    window.set_autosave_to_file(True)
    path = tmp_path / "post.md"
    typed = _type_until(qtbot, window, lambda: len(_entries(window)) == 1)
    assert typed < 500
    assert path.read_bytes() == POST and window.document.dirty
    assert window.autosaver._timer.isActive()  # the pause that saves the file is still due

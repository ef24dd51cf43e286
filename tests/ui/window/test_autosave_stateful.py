"""The recovery bound, as a state machine: however typing, pauses, the deadline and
saves interleave, an edit not yet copied always has the deadline running (so it is
copied within AUTOSAVE_MAX_DELAY_MS), and whenever a timer fires on a dirty post the
recovery copy holds exactly what Save would write.

The timers are driven by hand (their ``timeout`` signals are emitted by the rules), so
no rule waits for real time."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from editor.core.user.recovery import RecoverySession, read_entries
from editor.session.autosave import Autosaver
from editor.session.document import Document

NEVER_MS = 3_600_000  # the timers only fire when a rule says so


class AutosaveMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        import tempfile
        from pathlib import Path

        assert QApplication.instance() is not None
        self.folder = Path(tempfile.mkdtemp(prefix="masthead-autosave-"))
        path = self.folder / "post.md"
        path.write_bytes(b"---\ntitle: T\n---\nBody\n")
        self.document = Document.open(path)
        self.session = RecoverySession(self.folder / "recovery")
        self.autosaver = Autosaver(
            self.document, self.session, idle_ms=NEVER_MS, max_delay_ms=NEVER_MS
        )
        self.uncopied = False  # edits made since the last copy (or save)

    def _copy(self) -> bytes | None:
        entries = read_entries(self.session.folder)
        return entries[0].read_bytes() if entries else None

    @rule(text=st.text(alphabet="abc \n", min_size=1, max_size=3))
    def type(self, text):
        cursor = QTextCursor(self.document.body_document)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        self.uncopied = True

    @rule()
    def deadline_passes(self):
        if self.autosaver._deadline.isActive():
            self.autosaver._deadline.stop()
            self.autosaver._deadline.timeout.emit()
            if self.document.dirty:
                assert self._copy() == self.document.post.to_bytes()
            self.uncopied = False

    @rule()
    def typing_pauses(self):
        if self.autosaver._timer.isActive():
            self.autosaver._timer.stop()
            self.autosaver._timer.timeout.emit()
            if self.document.dirty:
                assert self._copy() == self.document.post.to_bytes()
            self.uncopied = False

    @rule()
    def save(self):
        self.document.save()
        self.uncopied = False
        assert self._copy() is None

    @invariant()
    def an_uncopied_edit_has_its_deadline_running(self):
        if self.uncopied and self.document.dirty:
            assert self.autosaver._deadline.isActive()

    def teardown(self):
        import shutil

        self.autosaver.forget()
        self.session.close(keep_entries=False)
        shutil.rmtree(self.folder, ignore_errors=True)


AutosaveMachine.TestCase.settings = settings(max_examples=30, stateful_step_count=25, deadline=None)


def test_autosave_state_machine(qapp):
    AutosaveMachine.TestCase().runTest()

"""Editing sequences through the real window, checked against a plain reference model.

Issue 10 was a bug that survived because every test did one edit and one save: a body
edit, a save, then a form edit and a second save silently put the body back as first
loaded. This hypothesis state machine drives a real ``MainWindow`` (form, raw editor,
body editor, status bar, QTextBrowser preview) through random sequences of body edits,
form and raw front-matter edits (valid and not), Save, Save As, Revert, undo and redo,
and another program's changes answered with Reload or Keep mine.

The reference is plain data: the bytes on disk, and the text the window holds
(front matter and body) as the user sees it. Body edits are splices of a string;
front-matter edits are the same call on a ``Post`` parsed from the reference's bytes
(the post model's own edits are checked against real posts elsewhere). Undo and redo
are checked against the history: what they bring back must be a state the user had.

After every step: the file holds exactly the reference bytes; the dirty flag, the title
bar's mark and the status bar's "Saved" tell the truth; and the word count and the
preview's source text are the editor's text.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from editor.app import build_window
from editor.core.post.model import Post
from editor.core.post.textstats import text_stats
from editor.core.user.settings import Settings
from editor.ui.dialogs.prompter import SaveChoice
from tests.ui.fakes import FakePrompter

DATA = Path(__file__).resolve().parents[2] / "data" / "posts"
# An LF post shaped like the shared sample (odd date, flow list, trailing spaces, hard
# breaks, no-break spaces at line ends), a CRLF post, and one with no final newline.
STARTING_POSTS = ("jigsaw-news.md", "crlf.md", "no-final-newline.md")
NBSP = "\u00a0"
typed_text = st.text(alphabet=f"abc XYZ.,'{NBSP}\n-*", min_size=1, max_size=12)
field_values = st.text(alphabet="abcdefgh xyz", min_size=1, max_size=10).map(str.strip).filter(bool)
EDIT_WAIT_MS = 5000


def _editor_body(window) -> str:
    """The body as the user sees it in the editor, with "\\n" line ends (raw text: the
    plain text would turn no-break spaces into spaces)."""
    return window.body_editor.document().toRawText().replace("\u2029", "\n")


class EditingSequences(RuleBasedStateMachine):
    """One window, one post, a reference model of disk and screen."""

    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="masthead-seq-"))
        self.window = None

    # ---- the reference ----------------------------------------------------------------

    def _expected_bytes(self) -> bytes:
        """What Save must write: the reference front matter and body, in the file's way."""
        post = Post.from_bytes(self.base)
        post.set_front_matter_text(self.front_matter)
        post.body = self.body.replace("\n", self.newline)
        return post.to_bytes()

    def _adopt_bytes(self, data: bytes) -> None:
        """The window now shows the file's bytes (open, reload, revert)."""
        post = Post.from_bytes(data)
        self.base = data
        self.front_matter = post.front_matter_text
        self.newline = post.newline
        self.body = post.body.replace("\r\n", "\n")
        self.body_history = [self.body]
        self.front_matter_history = [self.front_matter]

    def _edit_front_matter(self, edit) -> None:
        post = Post.from_bytes(self._expected_bytes())
        edit(post)
        self.front_matter = post.front_matter_text
        self.front_matter_history.append(self.front_matter)

    # ---- setup ------------------------------------------------------------------------

    @initialize(name=st.sampled_from(STARTING_POSTS))
    def open_a_post(self, name):
        self.path = self.folder / name
        shutil.copyfile(DATA / name, self.path)
        self.disk = self.path.read_bytes()
        self._adopt_bytes(self.disk)
        self.kept_mine = False
        self.added: list[str] = []
        self.counter = 0
        config = self.folder / "config"
        config.mkdir(exist_ok=True)
        self.prompter = FakePrompter(save_changes=SaveChoice.DISCARD, confirm=True)
        self.window = build_window(
            Settings.load(config / "settings.json"),
            self.prompter,
            [str(self.path)],
            use_webengine=False,
        )
        self.window.show()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(self.window)

    def teardown(self):
        if self.window is not None:
            self.window.close()  # unsaved edits are discarded (the prompter says so)
            self.window.deleteLater()
            QApplication.processEvents()
        shutil.rmtree(self.folder, ignore_errors=True)

    # ---- body -------------------------------------------------------------------------

    @rule(where=st.floats(0, 1), text=typed_text)
    def type_in_the_body(self, where, text):
        position = round(where * len(self.body))
        cursor = QTextCursor(self.window.body_editor.document())
        cursor.setPosition(position)
        cursor.insertText(text)
        self.body = self.body[:position] + text + self.body[position:]
        self.body_history.append(self.body)

    @rule(text=typed_text)
    def type_at_the_very_end(self, text):
        cursor = self.window.body_editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.window.body_editor.setTextCursor(cursor)
        cursor.insertText(text)
        self.body += text
        self.body_history.append(self.body)

    @rule(start=st.floats(0, 1), length=st.integers(1, 20))
    def delete_in_the_body(self, start, length):
        position = round(start * len(self.body))
        end = min(len(self.body), position + length)
        cursor = QTextCursor(self.window.body_editor.document())
        cursor.setPosition(position)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self.body = self.body[:position] + self.body[end:]
        self.body_history.append(self.body)

    @rule()
    def undo_in_the_body(self):
        self.window.body_editor.undo()
        self._take_body_from_history()

    @rule()
    def redo_in_the_body(self):
        self.window.body_editor.redo()
        self._take_body_from_history()

    def _take_body_from_history(self):
        shown = _editor_body(self.window)
        assert shown in self.body_history, "undo or redo showed a body the user never had"
        self.body = shown

    # ---- front matter -----------------------------------------------------------------

    @precondition(lambda self: "title" in self.window.form.shown_keys())
    @rule(value=field_values)
    def type_a_title_in_the_form(self, value):
        field = self.window.form.editor_for("title")
        if hasattr(field, "line_edit"):
            field.line_edit.setText(value)
        else:
            field.text_edit.setPlainText(value)
        field.flush()
        self._edit_front_matter(lambda post: post.set("title", value))

    @precondition(lambda self: "featured" in self.window.form.shown_keys())
    @rule()
    def toggle_a_checkbox(self):
        box = self.window.form.editor_for("featured").check_box
        box.click()
        self._edit_front_matter(lambda post: post.set("featured", box.isChecked()))

    @rule(value=field_values)
    def add_a_field(self, value):
        self.counter += 1
        key = f"note{self.counter}"
        assert self.window.form_model.add_field(key, value) is None
        self.added.append(key)
        self._edit_front_matter(lambda post: post.set(key, value))

    @precondition(lambda self: bool(self.added))
    @rule(data=st.data())
    def rename_a_field(self, data):
        old = data.draw(st.sampled_from(self.added))
        self.counter += 1
        new = f"renamed{self.counter}"
        assert self.window.form_model.rename_field(old, new) is None
        self.added[self.added.index(old)] = new
        self._edit_front_matter(lambda post: post.rename(old, new))

    @precondition(lambda self: bool(self.added))
    @rule(data=st.data())
    def delete_a_field(self, data):
        key = data.draw(st.sampled_from(self.added))
        self.window.form.remove_field(key)
        self.added.remove(key)
        self._edit_front_matter(lambda post: post.delete(key))

    @rule(comment=field_values, then_fix=st.booleans(), valid=st.booleans())
    def edit_the_raw_front_matter(self, comment, then_fix, valid):
        """Raw text that parses is applied; text that does not is an unsaved edit that
        Save refuses, until it is fixed or dropped."""
        form = self.window.form
        form.set_raw_mode(True)
        raw = form.raw_editor
        good = raw.text() + f"# {comment}\n"
        if valid:
            raw.text_edit.setPlainText(good)
            assert raw.flush() is None
            self._edit_front_matter(lambda post: post.set_front_matter_text(self._fm(good)))
        else:
            raw.text_edit.setPlainText(raw.text() + "broken: [unclosed\n")
            assert raw.flush() is not None
            assert self.window.document.dirty and self.window.isWindowModified()
            before = self.path.read_bytes() if self.path.exists() else None
            assert not self.window.save()
            assert "nothing was written" in self.prompter.errors[-1]
            assert (self.path.read_bytes() if self.path.exists() else None) == before
            if then_fix:
                raw.text_edit.setPlainText(good)
                assert raw.flush() is None
                self._edit_front_matter(lambda post: post.set_front_matter_text(self._fm(good)))
            else:
                raw.reload()
        form.set_raw_mode(False)
        assert not form.is_raw_mode()

    def _fm(self, widget_text: str) -> str:
        return widget_text.replace("\n", self.newline)

    @rule()
    def undo_in_the_form(self):
        self.window.form_model.undo()
        self._take_front_matter_from_history()

    @rule()
    def redo_in_the_form(self):
        self.window.form_model.redo()
        self._take_front_matter_from_history()

    def _take_front_matter_from_history(self):
        shown = self.window.document.post.front_matter_text
        assert shown in self.front_matter_history, "form undo gave front matter never had"
        self.front_matter = shown
        self.added = [k for k in self.added if k in self.window.form.shown_keys()]

    # ---- saving and reverting ---------------------------------------------------------

    @rule()
    def save(self):
        assert self.window.save()
        self.disk = self._expected_bytes()
        self.kept_mine = False

    @rule()
    def save_as(self):
        self.counter += 1
        target = self.folder / f"copy-{self.counter}{self.path.suffix}"
        self.prompter.answers["save_path"] = str(target)
        assert self.window.save_as()
        self.path = target
        self.disk = self._expected_bytes()
        self.kept_mine = False

    @rule()
    def revert(self):
        self.window.revert()
        self._adopt_bytes(self.disk)
        self.kept_mine = False
        self.added = [k for k in self.added if k in self.window.form.shown_keys()]

    @rule()
    def hide_and_show_the_preview(self):
        self.window.window_actions.preview.trigger()
        self.window.window_actions.preview.trigger()

    # ---- another program --------------------------------------------------------------

    @rule(reload=st.booleans())
    def another_program_changes_the_file(self, reload):
        document = self.window.document
        document.settle()
        was_dirty = document.dirty
        theirs = self.disk + f"{self.newline}Added elsewhere.{self.newline}".encode()
        self.path.write_bytes(theirs)
        self.disk = theirs
        if not was_dirty:  # a clean post takes the disk's text by itself
            QApplication.processEvents()
            self._wait(lambda: _editor_body(self.window).endswith("Added elsewhere.\n"))
            self._adopt_bytes(theirs)
            self.added = [k for k in self.added if k in self.window.form.shown_keys()]
            return
        bar = self.window.notice_bar
        self._wait(lambda: "Reload" in bar.button_labels())
        if reload:
            bar.click("Reload")
            self._adopt_bytes(theirs)
            self.kept_mine = False
            self.added = [k for k in self.added if k in self.window.form.shown_keys()]
        else:
            bar.click("Keep mine")
            self.kept_mine = True

    def _wait(self, condition) -> None:
        from pytestqt.qtbot import QtBot

        QtBot(QApplication.instance()).waitUntil(condition, timeout=EDIT_WAIT_MS)

    # ---- what must hold after every step ----------------------------------------------

    @invariant()
    def the_file_holds_exactly_what_was_saved(self):
        if self.window is None:
            return
        assert self.path.read_bytes() == self.disk

    @invariant()
    def the_window_shows_the_reference(self):
        if self.window is None:
            return
        assert _editor_body(self.window) == self.body
        assert self.window.document.post.to_bytes() == self._expected_bytes()

    @invariant()
    def dirty_marks_tell_the_truth(self):
        if self.window is None:
            return
        document = self.window.document
        document.settle()
        unsaved = self._expected_bytes() != self.disk or self.kept_mine
        assert document.dirty == unsaved
        assert self.window.isWindowModified() == unsaved
        assert self.window.status.state_label.text() == ("Modified" if unsaved else "Saved")

    @invariant()
    def word_count_and_preview_use_the_editors_text(self):
        if self.window is None:
            return
        body = self.body.replace("\n", self.newline)
        counter = self.window.status.counter
        words = text_stats(body).words
        counter.count_now()
        self._wait(lambda: counter.last is not None and counter.last.words == words)
        assert self.window.preview_controller.source_body() == body


EditingSequences.TestCase.settings = settings(
    max_examples=int(os.environ.get("MASTHEAD_SEQUENCE_EXAMPLES", "25")),
    stateful_step_count=25,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def test_editing_sequences_keep_every_edit(qtbot, isolated_dirs):
    """Random sequences of edits, saves, undos and outside changes keep every edit."""
    run_state_machine_as_test(EditingSequences, settings=EditingSequences.TestCase.settings)

"""Formatting commands applied to a real QTextDocument: random sequences of selections,
commands and undos against the pure commands on a plain string (a reference model)."""

from __future__ import annotations

from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from PySide6.QtGui import QTextCursor, QTextDocument

from editor.core.post import markdown_blocks as blocks
from editor.core.post import markdown_commands as md
from editor.session.body_document import body_text
from editor.ui.editor.formatting import apply_to_cursor

COMMANDS = [
    md.toggle_bold,
    md.toggle_italic,
    md.toggle_strikethrough,
    md.toggle_code_span,
    md.insert_link,
    md.set_heading(1),
    md.set_heading(2),
    md.toggle_bullets,
    md.toggle_numbers,
    md.toggle_tasks,
    md.toggle_quote,
    blocks.toggle_code_block,
    blocks.insert_rule,
    blocks.insert_table,
    md.indent_list,
    md.outdent_list,
]
TEXT = st.text(alphabet="ab -\n🙂\u00a0", max_size=30)


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


class FormattingMachine(RuleBasedStateMachine):
    """The document always holds what the pure commands say, one undo step per command,
    and the cursor shows the selection the command returned."""

    @initialize(text=TEXT)
    def start(self, text):
        self.document = QTextDocument()
        self.document.setPlainText(text)
        self.document.clearUndoRedoStacks()
        self.cursor = QTextCursor(self.document)
        self.text = text
        self.selection = (0, 0)
        self.history: list[str] = []

    @rule(data=st.data())
    def select(self, data):
        a = data.draw(st.integers(0, len(self.text)))
        b = data.draw(st.integers(0, len(self.text)))
        self.selection = (min(a, b), max(a, b))
        self.cursor.setPosition(utf16(self.text, self.selection[0]))
        self.cursor.setPosition(
            utf16(self.text, self.selection[1]), QTextCursor.MoveMode.KeepAnchor
        )

    @rule(command=st.sampled_from(COMMANDS))
    def format(self, command):
        edit = command(self.text, *self.selection)
        applied = apply_to_cursor(self.cursor, command)
        assert applied == (edit is not None)
        if edit is None:
            return
        new = md.apply_edit(self.text, edit)
        if new != self.text:
            self.history.append(self.text)
        self.text = new
        self.selection = edit.selection
        assert (self.cursor.anchor(), self.cursor.position()) == (
            utf16(new, edit.selection[0]),
            utf16(new, edit.selection[1]),
        )

    @rule()
    def undo(self):
        if not self.history:
            return
        self.document.undo()
        self.text = self.history.pop()
        self.cursor = QTextCursor(self.document)
        self.selection = (0, 0)

    @invariant()
    def document_matches_the_model(self):
        if hasattr(self, "document"):
            assert body_text(self.cursor.document()) == self.text


FormattingMachine.TestCase.settings = hypothesis_settings(
    max_examples=60, stateful_step_count=25, deadline=None
)
test_formatting_sequences_match_the_pure_commands = FormattingMachine.TestCase

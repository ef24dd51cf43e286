"""Prompter: how the form asks the user a question, kept behind a small interface.

The form never opens a dialog itself; it calls an injected prompter. The window's
``editor.ui.dialogs.prompter.DialogPrompter`` answers with real dialogs; tests pass a fake.
"""

from __future__ import annotations

from typing import Protocol


class Prompter(Protocol):
    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        """A line of text, or None when the user cancelled."""
        ...

    def ask_choice(
        self, title: str, label: str, choices: list[str], default: str = ""
    ) -> str | None:
        """One of ``choices``, or None when the user cancelled."""
        ...

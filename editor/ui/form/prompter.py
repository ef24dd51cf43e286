"""Prompter: how the form asks the user a question, kept behind a small interface.

The form never opens a dialog itself; it calls an injected prompter. ``DialogPrompter``
asks with Qt's input dialogs; tests pass a fake with scripted answers.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


class Prompter(Protocol):
    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        """A line of text, or None when the user cancelled."""
        ...

    def ask_choice(
        self, title: str, label: str, choices: list[str], default: str = ""
    ) -> str | None:
        """One of ``choices``, or None when the user cancelled."""
        ...


class DialogPrompter:
    """Asks with modal QInputDialogs parented to ``owner``."""

    def __init__(self, owner: QWidget | None = None):
        self._owner = owner

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        text, ok = QInputDialog.getText(
            self._owner, title, label, QLineEdit.EchoMode.Normal, default
        )
        return text if ok else None

    def ask_choice(
        self, title: str, label: str, choices: list[str], default: str = ""
    ) -> str | None:
        current = choices.index(default) if default in choices else 0
        item, ok = QInputDialog.getItem(self._owner, title, label, choices, current, False)
        return item if ok else None

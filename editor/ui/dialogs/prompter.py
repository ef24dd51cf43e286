"""How the window asks the user things: the Prompter protocol and the real dialog version.

Window code never opens a dialog directly; it calls an injected prompter, so
tests pass a small fake with scripted answers and nothing modal ever blocks.
``DialogPrompter`` also satisfies the front-matter form's prompter
(``ask_text``/``ask_choice``), so one object can serve the whole window.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from editor.core.post.files import POST_SUFFIXES

if TYPE_CHECKING:
    from editor.core.user.recovery import RecoveryOffer

MARKDOWN_FILTER = f"Markdown posts ({' '.join('*' + s for s in POST_SUFFIXES)});;All files (*)"


class SaveChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class ConflictChoice(Enum):
    OVERWRITE = "overwrite"
    SAVE_AS = "save_as"
    RELOAD = "reload"
    CANCEL = "cancel"


class WriteFailureChoice(Enum):
    RETRY = "retry"
    SAVE_AS = "save_as"
    CANCEL = "cancel"


class RecoveryChoice(Enum):
    RESTORE = "restore"
    DISCARD = "discard"
    LATER = "later"


class Prompter(Protocol):
    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        """A line of text, or None when the user cancelled."""
        ...

    def ask_choice(
        self, title: str, label: str, choices: list[str], default: str = ""
    ) -> str | None:
        """One of choices, or None when the user cancelled."""
        ...

    def ask_save_changes(self, document_name: str) -> SaveChoice:
        """Save, discard or cancel before closing or replacing a modified post."""
        ...

    def ask_open_path(self, folder: str) -> str | None:
        """A post file to open, or None."""
        ...

    def ask_save_path(self, suggested_path: str) -> str | None:
        """Where to save (the dialog confirms overwriting), or None."""
        ...

    def ask_line_number(self, current: int, maximum: int) -> int | None:
        """A 1-based line number to go to, or None."""
        ...

    def ask_conflict(self, document_name: str, reason: str) -> ConflictChoice:
        """Saving over a file changed on disk: overwrite it, save elsewhere, or cancel."""
        ...

    def ask_write_failure(self, document_name: str, reason: str) -> WriteFailureChoice:
        """Saving failed (reason names why; the file is intact): retry, Save As, or cancel."""
        ...

    def ask_recovery(self, offers: Sequence[RecoveryOffer]) -> dict[str, RecoveryChoice]:
        """After a crash: restore, discard or keep for later, per entry id (missing: later)."""
        ...

    def show_diff(self, title: str, diff_text: str) -> None:
        """Show a unified diff (without blocking the editor)."""
        ...

    def confirm(self, title: str, question: str) -> bool:
        """Yes/no before a destructive step (e.g. revert)."""
        ...

    def show_error(self, title: str, message: str) -> None: ...

    def show_about(self, title: str, text: str) -> None: ...


class DialogPrompter:
    """Asks with Qt's standard modal dialogs, parented to owner."""

    def __init__(self, owner: QWidget | None = None) -> None:
        self._owner = owner

    def set_owner(self, owner: QWidget | None) -> None:
        """The window dialogs are centred on (set once the window exists)."""
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

    def ask_save_changes(self, document_name: str) -> SaveChoice:
        box = QMessageBox(self._owner)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save the changes to “{document_name}”?")
        box.setInformativeText("Your changes will be lost if you don't save them.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return SaveChoice.SAVE
        if answer == QMessageBox.StandardButton.Discard:
            return SaveChoice.DISCARD
        return SaveChoice.CANCEL

    def ask_open_path(self, folder: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self._owner, "Open post", folder, MARKDOWN_FILTER)
        return path or None

    def ask_save_path(self, suggested_path: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(
            self._owner, "Save post as", suggested_path, MARKDOWN_FILTER
        )
        return path or None

    def ask_line_number(self, current: int, maximum: int) -> int | None:
        line, ok = QInputDialog.getInt(
            self._owner, "Go to line", f"Line (1–{maximum}):", current, 1, max(1, maximum)
        )
        return line if ok else None

    def ask_conflict(self, document_name: str, reason: str) -> ConflictChoice:
        box = QMessageBox(self._owner)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("File changed on disk")
        box.setText(f"“{document_name}”: {reason}.")
        box.setInformativeText(
            "Overwrite it with your version, save your version under another name, or cancel "
            "and keep editing?"
        )
        overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        clicked = box.clickedButton()
        if clicked is overwrite:
            return ConflictChoice.OVERWRITE
        if clicked is save_as:
            return ConflictChoice.SAVE_AS
        return ConflictChoice.CANCEL

    def ask_write_failure(self, document_name: str, reason: str) -> WriteFailureChoice:
        box = QMessageBox(self._owner)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Could not save")
        box.setText(f"“{document_name}” was not saved: {reason}.")
        box.setInformativeText(
            "The file on disk is unchanged, and your edits are kept here and in a "
            "recovery copy. Try again, or save them somewhere else?"
        )
        retry = box.addButton(QMessageBox.StandardButton.Retry)
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        clicked = box.clickedButton()
        if clicked is retry:
            return WriteFailureChoice.RETRY
        if clicked is save_as:
            return WriteFailureChoice.SAVE_AS
        return WriteFailureChoice.CANCEL

    def ask_recovery(self, offers: Sequence[RecoveryOffer]) -> dict[str, RecoveryChoice]:
        from editor.ui.dialogs.recovery_dialog import RecoveryDialog

        dialog = RecoveryDialog(offers, self._owner)
        dialog.exec()
        return dialog.choices()

    def show_diff(self, title: str, diff_text: str) -> None:
        from editor.ui.dialogs.recovery_dialog import DiffDialog

        dialog = DiffDialog(title, diff_text, self._owner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(
            self._owner,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.critical(self._owner, title, message)

    def show_about(self, title: str, text: str) -> None:
        QMessageBox.about(self._owner, title, text)

"""The window's prompter with Qt's standard dialogs (``editor.ui.dialogs.prompter.Prompter``).

It also answers the front-matter form's questions (``ask_text``/``ask_choice``), so one
object serves the whole window.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # each dialog class is made on first use
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from editor.ui.dialogs.prompter import (
    IMAGE_FILTER,
    ConflictChoice,
    RecoveryChoice,
    SaveChoice,
    WriteFailureChoice,
)

if TYPE_CHECKING:
    from editor.core.user.recovery import RecoveryOffer

MARKDOWN_FILTER = "Markdown posts (*.md *.markdown *.mdx *.mkd);;All files (*)"
HTML_FILTER = "HTML pages (*.html *.htm);;All files (*)"


class DialogPrompter:
    """Asks with Qt's standard modal dialogs, parented to owner."""

    def __init__(self, owner: QWidget | None = None) -> None:
        self._owner = owner

    def set_owner(self, owner: QWidget | None) -> None:
        """The window dialogs are centred on (set once the window exists)."""
        self._owner = owner

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        text, ok = QtWidgets.QInputDialog.getText(
            self._owner, title, label, QtWidgets.QLineEdit.EchoMode.Normal, default
        )
        return text if ok else None

    def ask_choice(
        self, title: str, label: str, choices: list[str], default: str = ""
    ) -> str | None:
        current = choices.index(default) if default in choices else 0
        item, ok = QtWidgets.QInputDialog.getItem(
            self._owner, title, label, choices, current, False
        )
        return item if ok else None

    def ask_save_changes(self, document_name: str) -> SaveChoice:
        box = QtWidgets.QMessageBox(self._owner)
        box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save the changes to “{document_name}”?")
        box.setInformativeText("Your changes will be lost if you don't save them.")
        box.setStandardButtons(
            QtWidgets.QMessageBox.StandardButton.Save
            | QtWidgets.QMessageBox.StandardButton.Discard
            | QtWidgets.QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QtWidgets.QMessageBox.StandardButton.Save:
            return SaveChoice.SAVE
        if answer == QtWidgets.QMessageBox.StandardButton.Discard:
            return SaveChoice.DISCARD
        return SaveChoice.CANCEL

    def ask_open_path(self, folder: str) -> str | None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self._owner, "Open post", folder, MARKDOWN_FILTER
        )
        return path or None

    def ask_save_path(self, suggested_path: str) -> str | None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self._owner, "Save post as", suggested_path, MARKDOWN_FILTER
        )
        return path or None

    def ask_image_path(self, folder: str) -> str | None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self._owner, "Insert image", folder, IMAGE_FILTER
        )
        return path or None

    def ask_export_path(self, suggested_path: str) -> str | None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self._owner, "Export HTML", suggested_path, HTML_FILTER
        )
        return path or None

    def ask_line_number(self, current: int, maximum: int) -> int | None:
        line, ok = QtWidgets.QInputDialog.getInt(
            self._owner, "Go to line", f"Line (1–{maximum}):", current, 1, max(1, maximum)
        )
        return line if ok else None

    def ask_conflict(self, document_name: str, reason: str) -> ConflictChoice:
        box = QtWidgets.QMessageBox(self._owner)
        box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
        box.setWindowTitle("File changed on disk")
        box.setText(f"“{document_name}”: {reason}.")
        box.setInformativeText(
            "Overwrite it with your version, save your version under another name, or cancel "
            "and keep editing?"
        )
        overwrite = box.addButton("Overwrite", QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
        save_as = box.addButton("Save As…", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        clicked = box.clickedButton()
        if clicked is overwrite:
            return ConflictChoice.OVERWRITE
        if clicked is save_as:
            return ConflictChoice.SAVE_AS
        return ConflictChoice.CANCEL

    def ask_write_failure(self, document_name: str, reason: str) -> WriteFailureChoice:
        box = QtWidgets.QMessageBox(self._owner)
        box.setIcon(QtWidgets.QMessageBox.Icon.Critical)
        box.setWindowTitle("Could not save")
        box.setText(f"“{document_name}” was not saved: {reason}.")
        box.setInformativeText(
            "The file on disk is unchanged, and your edits are kept here and in a "
            "recovery copy. Try again, or save them somewhere else?"
        )
        retry = box.addButton(QtWidgets.QMessageBox.StandardButton.Retry)
        save_as = box.addButton("Save As…", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
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
        answer = QtWidgets.QMessageBox.question(
            self._owner,
            title,
            question,
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            QtWidgets.QMessageBox.StandardButton.No,
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def show_error(self, title: str, message: str) -> None:
        QtWidgets.QMessageBox.critical(self._owner, title, message)

    def show_about(self, title: str, text: str) -> None:
        QtWidgets.QMessageBox.about(self._owner, title, text)

"""The main window's file-safety reactions: saving with conflicts and write failures,
changes made by other programs, broken front matter, restoring recovered edits, and the
handler for unexpected exceptions.

Split from main_window.py by responsibility (as window_actions.py is). ``FileSafety``
is created by the window and given the parts it works with, not the window: the
document, the prompter, the notice bar, the status bar, the autosaver, the form (through
the small ``FrontMatterView``), the body editor, and a ``SaveHost`` for Save As and Open
Recent. It talks to the user only through the prompter, the notice bar and the status
bar; the document detects, this module decides, and ``editor.session.restore`` restores.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QStatusBar

from editor.core.errors import PostError
from editor.core.user.recovery import (
    RecoveryEntry,
    RecoverySession,
    log_unexpected_error,
    unified_diff,
)
from editor.session.autosave import Autosaver
from editor.session.document import Document, SaveConflict
from editor.session.frontmatter_model import FrontMatterModel
from editor.session.restore import restore_recovered
from editor.ui.dialogs.prompter import ConflictChoice, Prompter, WriteFailureChoice
from editor.ui.window.notice_bar import NoticeBar

CHANGED, MISSING, BROKEN = "changed-on-disk", "file-missing", "broken-front-matter"


class SaveHost(Protocol):
    """What FileSafety asks of the window it serves."""

    def save(self) -> bool: ...

    def save_as(self) -> bool: ...

    def remember_path(self, path: Path | None) -> None:
        """A post was saved at path: put it first in Open Recent."""
        ...


class FrontMatterView(Protocol):
    """The front-matter form, as far as FileSafety shows broken front matter in it."""

    def set_raw_mode(self, raw: bool) -> None: ...

    def show_raw_error(self, error: PostError) -> None:
        """Show the front matter as text with the error's line marked."""
        ...


class ErrorHost(Protocol):
    """The window's parts that report an unexpected error and keep the edits safe."""

    autosaver: Autosaver
    prompter: Prompter
    status: QStatusBar


class FileSafety(QObject):
    """Wires the document to the notice bar and the save questions."""

    def __init__(
        self,
        *,
        document: Document,
        prompter: Prompter,
        notice_bar: NoticeBar,
        status: QStatusBar,
        autosaver: Autosaver,
        form: FrontMatterView,
        form_model: FrontMatterModel,
        body_editor: QPlainTextEdit,
        host: SaveHost,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.prompter = prompter
        self.notice_bar = notice_bar
        self.status = status
        self.autosaver = autosaver
        self.form = form
        self.form_model = form_model
        self.body_editor = body_editor
        self.host = host
        self._kept_view: tuple[int, int, int, int] | None = None
        doc = document
        doc.changed_on_disk.connect(self.on_changed_on_disk)
        doc.file_went_missing.connect(self.on_file_missing)
        doc.external_reload_started.connect(self._remember_view)
        doc.front_matter_repaired.connect(self.on_front_matter_repaired)
        doc.saved.connect(self._on_saved)

    # ---- saving -------------------------------------------------------------------------

    def save_to(self, path: Path | None, force: bool = False) -> bool:
        """Save, asking on a conflict and offering Retry / Save As when the write fails."""
        doc = self.document
        blocker = doc.save_blocker
        if blocker is not None:
            self.prompter.show_error("Cannot save yet", blocker)
            self.status.showMessage("Not saved: the front matter is not valid", 10000)
            return False
        while True:
            try:
                doc.save(path, force=force)
            except SaveConflict as conflict:
                choice = self.prompter.ask_conflict(doc.display_name, conflict.reason)
                if choice is ConflictChoice.OVERWRITE:
                    force = True
                    continue
                if choice is ConflictChoice.SAVE_AS:
                    return self.host.save_as()
                if choice is ConflictChoice.RELOAD:
                    self.reload_from_disk()
                return False
            except PostError as error:
                self.autosaver.write_now()  # the edits stay safe whatever is chosen
                reason = error.message.removeprefix("could not save: ")
                self.status.showMessage(f"Not saved: {reason}", 10000)
                choice = self.prompter.ask_write_failure(doc.display_name, reason)
                if choice is WriteFailureChoice.RETRY:
                    continue
                if choice is WriteFailureChoice.SAVE_AS:
                    return self.host.save_as()
                return False
            self.host.remember_path(doc.path)
            return True

    def _on_saved(self, _path: str) -> None:
        self.notice_bar.clear(CHANGED)
        self.notice_bar.clear(MISSING)

    # ---- other programs -----------------------------------------------------------------

    def on_changed_on_disk(self) -> None:
        self.notice_bar.show_notice(
            CHANGED,
            f"“{self.document.display_name}” changed on disk. "
            "Your unsaved edits are kept until you choose.",
            [
                ("Reload", self.reload_from_disk),
                ("Keep mine", self.keep_mine),
                ("Show diff", self.show_disk_diff),
            ],
        )

    def on_file_missing(self) -> None:
        self.notice_bar.show_notice(
            MISSING,
            f"“{self.document.display_name}” was deleted or moved by another program. "
            "Your text is kept: Save recreates the file, or Save As puts it elsewhere.",
            [("Save", self.host.save), ("Save As…", self.host.save_as)],
        )

    def reload_from_disk(self) -> None:
        try:
            self.document.revert()
        except PostError as error:
            self.prompter.show_error("Cannot reload", str(error))
            return
        self.notice_bar.clear(CHANGED)

    def keep_mine(self) -> None:
        self.document.keep_mine()
        self.notice_bar.clear(CHANGED)
        self.status.showMessage("Keeping your version: Save writes it over theirs", 8000)

    def show_disk_diff(self) -> None:
        doc = self.document
        disk = doc.disk_text()
        mine = doc.post.to_bytes().decode("utf-8", "replace")
        diff = unified_diff(disk or "", mine, "on disk", "your version")
        self.prompter.show_diff(f"{doc.display_name}: disk and your version", diff)

    def _remember_view(self) -> None:
        editor = self.body_editor
        cursor = editor.textCursor()
        self._kept_view = (
            cursor.blockNumber(),
            cursor.positionInBlock(),
            editor.verticalScrollBar().value(),
            editor.horizontalScrollBar().value(),
        )

    def restore_view_after_reload(self) -> bool:
        """After a silent reload: put the cursor and scroll back; False if none was kept."""
        if self._kept_view is None:
            return False
        block_number, column, vertical, horizontal = self._kept_view
        self._kept_view = None
        editor = self.body_editor
        document = editor.document()
        block = document.findBlockByNumber(min(block_number, document.blockCount() - 1))
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + min(column, max(0, block.length() - 1)))
        editor.setTextCursor(cursor)
        editor.verticalScrollBar().setValue(vertical)
        editor.horizontalScrollBar().setValue(horizontal)
        return True

    # ---- broken front matter ------------------------------------------------------------

    def show_broken_state(self) -> None:
        """After a load: a broken post shows its raw front matter with the error line."""
        error = self.document.front_matter_error
        if error is None:
            self.notice_bar.clear(BROKEN)
            self.form.leave_raw_for_error()
            return
        self.form.show_raw_error(error)
        where = f"line {error.line}: " if error.line else ""
        self.notice_bar.show_notice(
            BROKEN,
            f"The front matter is not valid ({where}{error.message}). It is shown as text with "
            "the line highlighted; the body can be edited. Nothing is saved until it is fixed.",
            [("Show front matter", lambda: self.form.set_raw_mode(True))],
            level="error",
            closable=False,
        )

    def on_front_matter_repaired(self) -> None:
        self.notice_bar.clear(BROKEN)
        self.form_model.reset()
        self.status.showMessage("The front matter is valid again: you can save", 8000)

    # ---- recovery -----------------------------------------------------------------------

    def restore_recovered(self, entry: RecoveryEntry, session: RecoverySession) -> bool:
        """Open a recovered entry in this window, unsaved; it becomes this window's copy."""
        try:
            restore_recovered(self.document, self.autosaver, entry, session)
        except (OSError, PostError) as error:
            self.status.showMessage(f"Could not restore {entry.display_name}: {error}", 10000)
            return False
        self.status.showMessage(
            f"Restored unsaved edits of {entry.display_name} (from {entry.saved_at_text()}): "
            "save to keep them",
            10000,
        )
        return True


def install_exception_hook(window: ErrorHost, log_folder: Path | None = None) -> None:
    """Route unexpected exceptions to the user (status bar and a dialog) and to errors.log
    in the data folder, instead of a traceback on stderr. Call once, from the app."""
    previous = sys.excepthook
    busy = False

    def hook(exc_type, exc_value, exc_traceback) -> None:
        nonlocal busy
        if issubclass(exc_type, KeyboardInterrupt) or busy:
            previous(exc_type, exc_value, exc_traceback)
            return
        busy = True
        try:
            try:
                log = log_unexpected_error(exc_type, exc_value, exc_traceback, log_folder)
                where = f"Details were written to {log}."
            except OSError as error:
                where = f"(The error log could not be written: {error})"
            try:
                window.autosaver.write_now()
            except Exception:  # noqa: BLE001 — reporting must not fail on a second error
                pass
            summary = f"{exc_type.__name__}: {exc_value}"
            window.status.showMessage(f"Unexpected error: {summary}", 15000)
            window.prompter.show_error(
                "Unexpected error",
                f"Something went wrong inside Masthead: {summary}\n\nYour edits are kept "
                f"(a recovery copy was written). {where}",
            )
        finally:
            busy = False

    sys.excepthook = hook

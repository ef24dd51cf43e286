"""Autosaver: copies a document's unsaved edits to the recovery area, while typing too.

A few seconds after the last edit (AUTOSAVE_IDLE_MS), and at the latest
AUTOSAVE_MAX_DELAY_MS after the first edit not yet copied even when typing never pauses,
a dirty document's bytes — what
``post.to_bytes()`` would write, front matter and body — go to this process's
``RecoverySession`` (see ``editor.core.user.recovery``), never to the user's file. A clean
save, revert, discard or close removes the copy. Only when "autosave to file" is on is
the post itself saved on the same timer, and then never over a file that changed on
disk, a broken post, or a new post that was never saved by hand.

Quiet by design: no dialogs. Problems are reported through ``message(str)`` for the
status bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from editor.core.errors import PostError
from editor.core.user.recovery import RecoveryEntry, RecoverySession, recovery_root
from editor.session.document import Document, SaveConflict

AUTOSAVE_IDLE_MS = 2000
AUTOSAVE_MAX_DELAY_MS = 5000  # a copy at most this long after the first uncopied edit
_sessions: dict[Path, RecoverySession] = {}


def shared_recovery_session() -> RecoverySession:
    """This process's recovery session for the current data folder (one lock per process)."""
    root = recovery_root()
    session = _sessions.get(root)
    if session is None:
        session = _sessions[root] = RecoverySession(root)
    return session


class Autosaver(QObject):
    """Keeps one document's recovery copy current (see module docstring)."""

    message = Signal(str)  # a short note for the status bar
    recovery_written = Signal(str)  # the entry id

    def __init__(
        self,
        document: Document,
        session: RecoverySession | None,
        *,
        save_to_file: bool = False,
        idle_ms: int = AUTOSAVE_IDLE_MS,
        max_delay_ms: int = AUTOSAVE_MAX_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.session = session
        self.save_to_file = save_to_file
        self.entry_id = RecoverySession.new_entry_id()
        self._has_copy = False
        self._timer = QTimer(self, singleShot=True, interval=idle_ms)
        self._timer.timeout.connect(self.on_idle)
        # Straight to the timer's C++ slot: no Python call on each keystroke.
        document.body_changed.connect(self._timer.start)
        # The deadline starts on the first edit not yet copied and is not restarted by
        # the next ones, so continuous typing is copied too. A one-shot connection starts
        # it (again no Python call per keystroke); it is made anew each time the deadline
        # stops.
        self._deadline = QTimer(self, singleShot=True, interval=max_delay_ms)
        self._deadline.timeout.connect(self._on_deadline)
        self._deadline_link = None
        self._arm_deadline()
        document.metadata_changed.connect(self._on_edit)
        document.dirty_changed.connect(self._on_dirty_changed)
        document.saved.connect(self._on_saved)
        document.reloaded.connect(self._on_reloaded)

    # ---- public -------------------------------------------------------------------------

    def set_save_to_file(self, enabled: bool) -> None:
        self.save_to_file = enabled

    def is_pending(self) -> bool:
        return self._timer.isActive() or self._deadline.isActive()

    def has_copy(self) -> bool:
        return self._has_copy

    def adopt(self, entry: RecoveryEntry) -> None:
        """Continue an entry restored from a crashed session (its id, its files)."""
        if self._has_copy and entry.entry_id != self.entry_id:
            self.forget()
        self.entry_id = entry.entry_id
        self._has_copy = True

    def write_now(self) -> bool:
        """Write the recovery copy now if the document is dirty; True if it was written."""
        self._stop_timers()
        return self._write_copy()

    def _write_copy(self) -> bool:
        if self.session is None or not self.document.dirty:
            return False
        doc = self.document
        try:
            data = doc.recovery_bytes()
            self.session.write(
                self.entry_id,
                data,
                original_path=doc.path,
                disk_sha256=doc.disk_sha256,
                never_saved=doc.never_saved,
                display_name=doc.display_name,
            )
        except (OSError, PostError, ValueError) as error:
            self.message.emit(f"Could not keep a recovery copy: {error}")
            return False
        self._has_copy = True
        self.recovery_written.emit(self.entry_id)
        return True

    def forget(self) -> None:
        """Remove the recovery copy (the edits were saved or deliberately dropped)."""
        self._stop_timers()
        if self.session is not None and self._has_copy:
            self.session.remove(self.entry_id)
        self._has_copy = False

    def on_idle(self) -> None:
        """Typing stopped: save to the file if asked and safe, else keep a recovery copy."""
        if not self.document.dirty:
            self.forget()
            return
        if self.save_to_file and self._save_to_file():
            return
        self.write_now()

    # ---- internals ----------------------------------------------------------------------

    def _save_to_file(self) -> bool:
        doc = self.document
        if doc.path is None or doc.never_saved or doc.is_broken or doc.file_missing:
            return False
        if doc.disk_changed():
            self.message.emit(
                "Not autosaved to the file: it was changed on disk by another program"
            )
            return False
        try:
            doc.save()
        except SaveConflict:
            self.message.emit(
                "Not autosaved to the file: it was changed on disk by another program"
            )
            return False
        except PostError as error:
            self.message.emit(f"Autosave to the file failed: {error.message}")
            return False
        self.message.emit(f"Autosaved {doc.display_name}")
        return True

    def _arm_deadline(self) -> None:
        """Let the next body edit start the deadline (once)."""
        self._disarm_deadline()
        self._deadline_link = self.document.body_changed.connect(
            self._deadline.start, Qt.ConnectionType.SingleShotConnection
        )

    def _disarm_deadline(self) -> None:
        if self._deadline_link is not None:
            QObject.disconnect(self._deadline_link)  # False when already used: fine
            self._deadline_link = None

    def _start_timers(self) -> None:
        self._timer.start()
        if not self._deadline.isActive():
            self._disarm_deadline()
            self._deadline.start()

    def _stop_timers(self) -> None:
        self._timer.stop()
        self._deadline.stop()
        self._arm_deadline()

    def _on_deadline(self) -> None:
        """Edits have waited AUTOSAVE_MAX_DELAY_MS: copy them to the recovery area even
        though typing goes on. Only the copy: the idle timer keeps running, and saving
        to the file (when that is on) still waits for a pause."""
        self._arm_deadline()
        self._write_copy()

    def _on_edit(self, *_args) -> None:
        self._start_timers()

    def _on_dirty_changed(self, dirty: bool) -> None:
        if dirty:
            self._start_timers()
        else:
            self.forget()

    def _on_saved(self, _path: str) -> None:
        self.forget()

    def _on_reloaded(self) -> None:
        if self.document.dirty:
            self._start_timers()  # restored or new: keep it safe too
        else:
            self.forget()

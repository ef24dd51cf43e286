"""Restoring a recovered post: the edits of a crashed session, back in a document.

The window (through ``editor.ui.window.file_safety``) says what happened; this module
does it: the recovered text goes into the document unsaved, tied to its original file,
and the entry moves into this session, where the document's autosaver keeps it current.
"""

from __future__ import annotations

from editor.core.user.recovery import RecoveryEntry, RecoverySession
from editor.session.autosave import Autosaver
from editor.session.document import Document


def restore_recovered(
    document: Document, autosaver: Autosaver, entry: RecoveryEntry, session: RecoverySession
) -> None:
    """Open entry's text in document (dirty, unsaved); the entry becomes autosaver's copy.

    Raises OSError when the copy cannot be read or moved, PostError when it is not a text
    post; the document is unchanged when the copy cannot be read.
    """
    data = entry.read_bytes()
    document.restore_recovered(data, entry.original_path, entry.disk_sha256, entry.never_saved)
    autosaver.adopt(session.adopt(entry))

"""A save respects the file it replaces: its write permission, mode, owner and group.

``atomic`` writes a temp file and renames it over the post. The rename only needs write
permission on the folder, so without these checks a save would silently replace a file
its user may not write (mode 0444, someone else's file), and a save as root would leave
a user's 0640 file owned by ``root:root``.

- ``is_read_only``: a file with no write bit at all is read-only to everyone, root
  included (a ``chmod -w`` is a clear statement); otherwise ``os.access`` decides, which
  also says no for an immutable (``chattr +i``) file. Either raises ``ReadOnlyFile``, a
  write failure the window offers Retry and Save As for.
- ``copy_identity``: the temp file takes the original's owner and group (``fchown``; as
  root always, otherwise the group when the user may), then its mode bits.

Hard links: a save writes a new file and renames it into place, so a post with several
hard links is split: the saved name holds the new text, the other names keep the old.
Writing in place would keep the links but give up the no-half-written-file promise.
"""

from __future__ import annotations

import logging
import os
import stat

from editor.core.errors import PostError

log = logging.getLogger(__name__)

READ_ONLY = "the file is read-only"
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


class WriteFailure(PostError):
    """A save that could not be done; ``kind`` names why ("read-only", ...)."""

    def __init__(self, kind: str, reason: str, path: str | os.PathLike | None = None):
        self.kind = kind
        self.reason = reason
        super().__init__(f"could not save: {reason}", path=path)


class ReadOnlyFile(WriteFailure):
    """The file may not be written by this user; it was left as it is."""

    def __init__(self, path: str | os.PathLike | None = None):
        super().__init__("read-only", READ_ONLY, path)


def is_read_only(path: str | os.PathLike, st: os.stat_result) -> bool:
    """Whether the user may not write the file (see the module docstring)."""
    if not st.st_mode & _WRITE_BITS:
        return True
    return not os.access(path, os.W_OK)


def copy_identity(fd: int, original: os.stat_result | None, default_mode: int) -> None:
    """Give the open temp file the original's owner, group and mode bits (or
    ``default_mode`` for a new file). Raises OSError when root cannot chown."""
    if original is not None:
        current = os.fstat(fd)
        uid, gid = original.st_uid, original.st_gid
        if (current.st_uid, current.st_gid) != (uid, gid):
            if os.geteuid() == 0:
                os.fchown(fd, uid, gid)
            elif current.st_gid != gid:
                try:
                    os.fchown(fd, -1, gid)  # allowed when the user is in that group
                except OSError as exc:
                    log.info("a save could not keep the group of %s: %s", fd, exc)
        mode = stat.S_IMODE(original.st_mode)
    else:
        mode = default_mode
    os.fchmod(fd, mode)  # after fchown, which may clear set-id bits

"""Atomic file replacement: the only way Masthead writes over a user's file.

The new bytes go to a temp file in the same folder, are flushed and fsynced,
take the old file's permission bits, and are moved over the original with
``os.replace``. A crash at any point leaves either the old file or the new
one, never half of either. Temp files carry a recognisable suffix so a later
start can remove the ones a crash left behind.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from editor.core.errors import PostError

TEMP_SUFFIX = ".masthead-tmp"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno == errno.ENOENT:
        return "the folder no longer exists"
    return exc.strerror or str(exc)


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; raise PostError and leave it intact on failure."""
    target = Path(path)
    if target.is_symlink():
        # Write through the link so the symlink itself survives.
        target = target.resolve()
    folder = target.parent
    try:
        old_mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        old_mode = None
    except OSError as exc:
        raise PostError(f"could not save: {_reason(exc)}", path=path) from exc

    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if old_mode is not None:
            os.chmod(tmp_name, old_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_dir(folder)
    except OSError as exc:
        raise PostError(f"could not save: {_reason(exc)}", path=path) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temp_files(folder: str | os.PathLike) -> list[Path]:
    """Delete temp files that an interrupted save left in ``folder``; return what was removed."""
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for entry in entries:
        if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
            try:
                entry.unlink()
                removed.append(entry)
            except OSError:
                pass
    return removed

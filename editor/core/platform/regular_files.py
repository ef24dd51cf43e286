"""Only regular files are posts: the one way Masthead reads a post's bytes.

A site cloned from a stranger can hold a FIFO named ``post.md`` (reading it blocks
for ever), a device node, or a ``*.md`` link to ``/dev/zero`` (reading it never
ends). Every reader of post files comes through here:

- the file is ``stat``-ed first and anything that is not a regular file (a folder,
  a FIFO, a socket, a character or block device) is refused with a sentence saying
  what it is, without ever being opened;
- the file is opened with ``O_NONBLOCK``, so a FIFO swapped in between the ``stat``
  and the ``open`` cannot block the reader (it reads as empty);
- at most ``limit + 1`` bytes are read, so the size limit holds for the bytes
  actually read, whatever ``stat`` said.
"""

from __future__ import annotations

import os
import stat
from stat import S_ISREG

from editor.core.errors import PostError

MAX_POST_BYTES = 20 * 1024 * 1024
TOO_BIG = f"the file is larger than {MAX_POST_BYTES // (1024 * 1024)} MB; Masthead opens posts up to 20 MB"

_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_READ_FLAGS = os.O_RDONLY | _O_NONBLOCK | _O_CLOEXEC | getattr(os, "O_NOCTTY", 0)


class NotRegularFileError(PostError):
    """The path names something other than a regular file; it was not opened."""

    def __init__(self, kind: str, path: str | os.PathLike | None = None):
        self.kind = kind
        super().__init__(not_regular_message(kind), path=path)


def file_kind(mode: int) -> str | None:
    """None for a regular file, else what it is, as words ("a named pipe (FIFO)")."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def not_regular_message(kind: str) -> str:
    if kind == "not a regular file":
        return "this is not a regular file; Masthead reads and writes regular files only"
    return f"this is {kind}, not a regular file; Masthead reads and writes regular files only"


def read_regular(
    path: str | os.PathLike, limit: int = MAX_POST_BYTES
) -> tuple[bytes | None, os.stat_result]:
    """(the bytes, the stat) of a regular file; (None, the stat) when it holds more than
    ``limit`` bytes. Raises NotRegularFileError without opening anything that is not a
    regular file, and OSError when it cannot be read. (The index reads every post of a
    site through here: the common case takes one stat, one open and one read.)"""
    st = os.stat(path)
    if not S_ISREG(st.st_mode):
        raise NotRegularFileError(file_kind(st.st_mode) or "not a regular file", path)
    size = st.st_size
    if size > limit:
        return None, st  # already too big when stat-ed: nothing needs reading
    fd = os.open(path, _READ_FLAGS)
    try:
        data = os.read(fd, size + 1)
        if len(data) <= size:  # a short read of a regular file: the end
            return data, st
        return _read_rest(fd, data, limit), st  # it grew since the stat
    finally:
        os.close(fd)


def _read_rest(fd: int, data: bytes, limit: int) -> bytes | None:
    """data and the rest of the file, or None past ``limit`` bytes (never reading more
    than limit + 1)."""
    chunks = [data]
    total = len(data)
    while total <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return None if total > limit else b"".join(chunks)


def read_head(path: str | os.PathLike, count: int) -> bytes:
    """The first ``count`` bytes of a regular file (fewer if it is shorter). Raises
    NotRegularFileError without opening anything else, OSError when it cannot be read."""
    kind = file_kind(os.stat(path).st_mode)
    if kind is not None:
        raise NotRegularFileError(kind, path)
    fd = os.open(path, _READ_FLAGS)
    try:
        return os.read(fd, count)
    finally:
        os.close(fd)


def read_post_bytes(path: str | os.PathLike, limit: int = MAX_POST_BYTES) -> bytes:
    """The bytes of a post file, or a PostError (with the path) saying why not."""
    try:
        data, _ = read_regular(path, limit)
    except PostError:
        raise
    except FileNotFoundError:
        raise PostError("the file does not exist", path=path) from None
    except PermissionError:
        raise PostError("permission denied reading the file", path=path) from None
    except OSError as exc:
        raise PostError(f"could not read the file: {exc.strerror or exc}", path=path) from None
    if data is None:
        raise PostError(TOO_BIG, path=path)
    return data


def is_regular_file(path: str | os.PathLike) -> bool:
    """Whether path (followed through links) is a regular file; False when it cannot be stat-ed."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False

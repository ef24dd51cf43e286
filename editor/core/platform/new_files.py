"""Files created without ever replacing one: images and attachments copied into a site.

``create_new(target, data=…)`` or ``create_new(target, source=…)`` writes the bytes to a
temp file beside ``target`` (with the atomic module's temp suffix, so a crash's leftover
is cleaned up like a save's), fsyncs it, and then hard-links it to ``target``. The link
fails when a file of that name exists, even one that appeared a moment ago, so nothing
is ever overwritten: the caller gets ``FileExistsError`` and picks another name. Where
the file system has no hard links (FAT, some network shares) the name is reserved with
an exclusive create and the finished temp file is moved over that empty reservation.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import tempfile
from pathlib import Path

from editor.core.errors import WriteError
from editor.core.platform.atomic import TEMP_SUFFIX, fsync_dir

log = logging.getLogger(__name__)

_NO_LINKS = (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK)


def create_new(
    target: str | os.PathLike, *, data: bytes | None = None, source: str | os.PathLike | None = None
) -> None:
    """Create ``target`` with ``data`` (or a copy of the file ``source``), never replacing
    a file: ``FileExistsError`` when the name is taken, ``WriteError`` for other failures
    (nothing is left behind then)."""
    if (data is None) == (source is None):
        raise ValueError("give either data or source")
    target = Path(target)
    if target.exists() or target.is_symlink():
        raise FileExistsError(errno.EEXIST, "file exists", str(target))
    temp = _write_temp(target, data, source)
    try:
        _claim(temp, target)
    finally:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        except OSError as error:
            log.warning("could not remove the temp file %s: %s", temp, error)
    fsync_dir(target.parent)


def _write_temp(target: Path, data: bytes | None, source: str | os.PathLike | None) -> str:
    try:
        fd, temp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent
        )
    except OSError as error:
        raise WriteError(
            f"could not create a file: {error.strerror or error}", path=target
        ) from error
    try:
        with os.fdopen(fd, "wb") as out:
            if data is not None:
                out.write(data)
            else:
                assert source is not None
                with open(source, "rb") as inp:
                    shutil.copyfileobj(inp, out, 1024 * 1024)
            out.flush()
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(out.fileno(), 0o666 & ~umask)
            os.fsync(out.fileno())
    except OSError as error:
        os.unlink(temp)
        raise WriteError(f"could not write: {error.strerror or error}", path=target) from error
    return temp


def _claim(temp: str, target: Path) -> None:
    """Give the finished temp file the name ``target``, unless that name is taken."""
    try:
        os.link(temp, target)
        return
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise WriteError(f"could not write: {error.strerror or error}", path=target) from error
    # No hard links here: reserve the name, then move the finished file over the reservation.
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise
    except OSError as error:
        raise WriteError(f"could not write: {error.strerror or error}", path=target) from error
    os.close(fd)
    try:
        os.replace(temp, target)
    except OSError as error:
        os.unlink(target)
        raise WriteError(f"could not write: {error.strerror or error}", path=target) from error

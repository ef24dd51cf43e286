"""Atomic file replacement: the only way Masthead writes over a user's file.

The new bytes go to a temp file in the same folder, take the old file's owner,
group and permission bits (``file_respect``: a file the user may not write is
refused as read-only), are flushed and fsynced, and are moved over the original
with ``os.replace``. A crash at any point leaves either the old file or the new
one, never half of either. Temp files carry a recognisable suffix so a later
start can remove the ones a crash left behind; opening a post sweeps its folder,
listing it again only once it has changed (``remove_stale_temp_files_if_changed``).
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import stat
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from editor.core.errors import WriteError
from editor.core.platform.file_respect import ReadOnlyFile, copy_identity, is_read_only
from editor.core.platform.regular_files import NotRegularFileError, file_kind

logger = logging.getLogger(__name__)

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


@dataclass
class PendingWrite:
    """New bytes written to a temp file beside ``target``, not yet moved over it."""

    target: Path
    temp: str
    mode: int | None


def _resolve(path: str | os.PathLike) -> Path:
    target = Path(path)
    # Write through a symlink so the link itself survives.
    return target.resolve() if target.is_symlink() else target


def write_temp(path: str | os.PathLike, data: bytes, *, sync: bool = True) -> PendingWrite:
    """Write ``data`` to a temp file in ``path``'s folder (fsynced unless ``sync`` is False)."""
    target = _resolve(path)
    try:
        old = target.stat()
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise WriteError(f"could not save: {_reason(exc)}", path=path) from exc
    if old is not None:
        if (kind := file_kind(old.st_mode)) is not None:
            raise NotRegularFileError(kind, path)
        if is_read_only(target, old):
            raise ReadOnlyFile(path)
    old_mode = stat.S_IMODE(old.st_mode) if old is not None else None
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent
        )
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if old_mode is None:
                umask = os.umask(0)
                os.umask(umask)
                old_mode = 0o666 & ~umask
            copy_identity(fd, old, old_mode)
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        if tmp_name is not None:
            _unlink_quietly(tmp_name)
        raise WriteError(f"could not save: {_reason(exc)}", path=path) from exc
    return PendingWrite(target, tmp_name, old_mode)


def commit(pending: PendingWrite) -> None:
    """Move the temp file over its target; on failure remove it and raise WriteError."""
    try:
        os.replace(pending.temp, pending.target)
    except OSError as exc:
        _unlink_quietly(pending.temp)
        raise WriteError(f"could not save: {_reason(exc)}", path=pending.target) from exc


def discard(pending: PendingWrite) -> None:
    _unlink_quietly(pending.temp)


def _unlink_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; raise WriteError and leave it intact on failure."""
    pending = write_temp(path, data)
    commit(pending)
    fsync_dir(pending.target.parent)


def atomic_write_many(items: Sequence[tuple[Path, bytes]]) -> list[WriteError | None]:
    """Atomically replace many files, with one flush to disk for all of them.

    Every temp file is written first, the file systems holding them are
    synced once (instead of one fsync per file, which dominates a bulk edit),
    and only then is each moved over its target. The result lists None or the
    WriteError for each item, in order.
    """
    results: list[WriteError | None] = [None] * len(items)
    pending: list[tuple[int, PendingWrite]] = []
    for index, (path, data) in enumerate(items):
        try:
            pending.append((index, write_temp(path, data, sync=False)))
        except WriteError as exc:
            results[index] = exc
    folders = {p.target.parent for _, p in pending}
    for folder in _one_per_device(folders):
        _sync_filesystem(folder)
    for index, write in pending:
        try:
            commit(write)
        except WriteError as exc:
            results[index] = exc
    for folder in folders:
        fsync_dir(folder)
    return results


def _one_per_device(folders: set[Path]) -> list[Path]:
    seen: dict[int, Path] = {}
    for folder in folders:
        try:
            seen.setdefault(os.stat(folder).st_dev, folder)
        except OSError:
            continue
    return list(seen.values())


def _sync_filesystem(folder: Path) -> None:
    """syncfs(2) on Linux: flush one file system; elsewhere, os.sync()."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        if _syncfs is not None and _syncfs(fd) == 0:
            return
        os.sync()
    finally:
        os.close(fd)


def _load_syncfs():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.syncfs
    except (OSError, AttributeError):
        return None


_syncfs = _load_syncfs()


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a new or renamed name) to disk; best effort."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        logger.info("could not open %s to flush its entries: %s", folder, exc)
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        logger.info("could not flush the entries of %s: %s", folder, exc)
    finally:
        os.close(fd)


def remove_stale_temp_files(folder: str | os.PathLike, min_age_s: float = 0.0) -> list[Path]:
    """Delete temp files that an interrupted save left in ``folder``; return what was removed.

    ``min_age_s`` spares younger ones, which another running instance may be about
    to rename over its file.
    """
    return _sweep(folder, min_age_s)[0]


# A folder listed with no temp file in it, by path: its (device, inode, mtime_ns) then.
_swept_clean: dict[str, tuple[int, int, int]] = {}
_swept_lock = threading.Lock()
# A folder changed this shortly before it was listed may change again within the same
# timestamp tick (coarse on some file systems): such a listing is not remembered.
SWEEP_RACY_S = 2.0


def remove_stale_temp_files_if_changed(
    folder: str | os.PathLike, min_age_s: float = 0.0
) -> list[Path]:
    """``remove_stale_temp_files``, skipping a folder already listed clean that has not
    changed since: opening post after post in a folder of 10,000 lists it once.

    Adding or removing a name changes a folder's mtime, so a folder whose (device,
    inode, mtime) is what it was when a listing found no temp file at all still has
    none. A listing that found one (removed, spared as young or not removable), or came
    within ``SWEEP_RACY_S`` of the folder's last change, is not remembered.
    """
    key = os.path.abspath(folder)
    try:
        info = os.stat(key)
    except OSError:
        return []
    stamp = (info.st_dev, info.st_ino, info.st_mtime_ns)
    with _swept_lock:
        if _swept_clean.get(key) == stamp:
            return []
    listed_at = time.time()
    removed, found = _sweep(key, min_age_s)
    if not found and info.st_mtime_ns < (listed_at - SWEEP_RACY_S) * 1e9:
        with _swept_lock:
            _swept_clean[key] = stamp
    return removed


def _sweep(folder: str | os.PathLike, min_age_s: float) -> tuple[list[Path], int]:
    """The temp files removed from folder, and how many temp files it held."""
    cutoff = time.time() - min_age_s
    removed: list[Path] = []
    try:
        names = os.listdir(folder)  # names only: a folder of 10,000 posts lists in ms
    except OSError:
        return removed, 0
    found = 0
    for name in names:
        if name.startswith(".") and name.endswith(TEMP_SUFFIX):
            found += 1
            entry = Path(folder, name)
            try:
                if min_age_s and entry.stat().st_mtime >= cutoff:
                    continue
                entry.unlink()
                removed.append(entry)
            except OSError as exc:
                logger.info("could not remove the stray temp file %s: %s", entry, exc)
    return removed, found

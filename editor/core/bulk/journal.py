"""Interrupted bulk edits are noticed: a journal next to the site's cache.

Before a bulk edit (the window's bulk actions and their undo, ``masthead set``) writes
its first file, it writes a journal into the site's cache folder
(``cache.site_cache_folder``; one file per edit, so edits from two processes never
share one): what the edit is, and for every file it plans to write the path, the bytes
it had and the bytes it will get. The journal is locked (``flock``) before it gets its
name, flushed to disk before the first file is touched, held locked while the edit
runs, and removed when the edit ends. A journal that is there and not locked is an
edit that was killed or crashed: the next open of the site (window or command line)
finds the oldest with ``find_interrupted``, which tells, from each file's current
bytes, which were written (``after N of M files``), which were not, and which changed
since. Then
``undo_written`` puts back the old bytes of the written ones, ``finish_rest`` writes
the rest, each only over a file that still holds what the journal expects, and the
journal is removed.

``clean_stray_temp_files`` removes, across the whole site, temp files a killed save of
any Masthead writer left (see ``atomic.TEMP_SUFFIX``).
"""

from __future__ import annotations

import contextlib
import logging
import marshal
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.bulk.writes import WriteJob, run_writes
from editor.core.errors import PostError
from editor.core.platform.atomic import TEMP_SUFFIX, fsync_dir
from editor.core.site.cache import site_cache_folder
from editor.core.site.discovery import is_skipped_dir_name
from editor.core.site.layout import find_site_root

try:
    import fcntl
except ImportError:  # not on Windows: no lock, a journal found is taken as interrupted
    fcntl = None

log = logging.getLogger(__name__)

JOURNAL_PREFIX = "bulk-edit-"
JOURNAL_SUFFIX = ".journal"
_VERSION = 1
STRAY_MIN_AGE_S = 60.0  # younger temp files may belong to a save still running


def journal_root(path: str | os.PathLike) -> Path:
    """The site a bulk edit over ``path`` (a folder or a file) belongs to: the nearest
    folder with a site marker, else the folder itself (a file's folder)."""
    target = Path(os.path.abspath(os.fspath(path)))
    folder = target if target.is_dir() else target.parent
    return (find_site_root(folder) or folder).resolve()


def journal_dir(root: str | os.PathLike, cache_base: str | os.PathLike | None = None) -> Path:
    """Where the journals of the site at ``root`` live (beside its index cache)."""
    return site_cache_folder(journal_root(root), cache_base)


def _journals(folder: Path) -> list[Path]:
    """The journals in folder, oldest first (their names start with the time)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [
        folder / name
        for name in sorted(names)
        if name.startswith(JOURNAL_PREFIX) and name.endswith(JOURNAL_SUFFIX)
    ]


# ----------------------------------------------------------------------------- recording


@contextlib.contextmanager
def recording(
    folder: Path | None, description: str, items: Sequence[tuple[Path, bytes, bytes]]
) -> Iterator[Path | None]:
    """Keep a journal of (path, old bytes, new bytes) in ``folder`` (``journal_dir``)
    while the body writes them; removed when the body ends normally, left behind by a
    crash or kill. ``folder`` None records nothing. Yields the journal's path."""
    if folder is None or not items:
        yield None
        return
    journal, lock = _write_journal(folder, description, items)
    try:
        yield journal
    except BaseException:
        _unlock(lock)
        raise
    _remove(journal)
    _unlock(lock)


def _write_journal(folder: Path, description: str, items) -> tuple[Path, int]:
    """Write the journal under a temp name, lock it, flush it and only then give it its
    name: a journal is never seen unlocked while its edit runs."""
    payload = {
        "version": _VERSION,
        "description": description,
        "started": time.time(),
        "pid": os.getpid(),
        "paths": [os.fspath(os.path.abspath(p)) for p, _, _ in items],
        "old": [bytes(old) for _, old, _ in items],
        "new": [bytes(new) for _, _, new in items],
    }
    name = f"{JOURNAL_PREFIX}{time.time_ns():020d}-{os.getpid()}{JOURNAL_SUFFIX}"
    journal = folder / name
    temp = folder / f".{name}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(temp, flags, 0o600)
    except OSError as exc:
        raise PostError(
            f"could not keep a journal of the bulk edit, so nothing was written: "
            f"{exc.strerror or exc}",
            path=folder,
        ) from None
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        view = memoryview(marshal.dumps(payload))
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        os.replace(temp, journal)
        fsync_dir(folder)
    except BaseException as exc:
        os.close(fd)
        _remove(temp)
        if isinstance(exc, OSError):
            raise PostError(
                f"could not keep a journal of the bulk edit, so nothing was written: "
                f"{exc.strerror or exc}",
                path=folder,
            ) from None
        raise
    return journal, fd


def _lock(journal: Path, blocking: bool) -> int | None:
    """An open descriptor holding an exclusive lock on the journal; None when another
    process holds it (or there is no journal)."""
    if fcntl is None:
        return -1
    try:
        fd = os.open(journal, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except OSError:
        os.close(fd)
        return None
    return fd


def _unlock(fd: int | None) -> None:
    if fd is not None and fd >= 0:
        os.close(fd)


def _remove(journal: Path) -> None:
    try:
        os.unlink(journal)
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not remove the bulk-edit journal %s: %s", journal, exc)


# ----------------------------------------------------------------------------- finding


@dataclass
class InterruptedEdit:
    """A bulk edit that did not finish: which of its files were written, which not."""

    journal: Path
    root: Path  # the site: no file outside it is written, even through a link
    description: str
    paths: list[Path]
    old: list[bytes]
    new: list[bytes]
    written: list[int] = field(default_factory=list)  # hold the new bytes
    pending: list[int] = field(default_factory=list)  # still hold the old bytes
    changed: list[int] = field(default_factory=list)  # hold neither: edited since, or gone

    @property
    def total(self) -> int:
        return len(self.paths)

    @property
    def message(self) -> str:
        text = (
            f"A bulk edit was interrupted after {len(self.written):,} of {self.total:,} files"
            f" ({self.description})."
        )
        if self.changed:
            text += (
                f" {len(self.changed):,} of its files changed since and will be left as they are."
            )
        return text


def find_interrupted(
    root: str | os.PathLike, cache_base: str | os.PathLike | None = None
) -> InterruptedEdit | None:
    """The oldest interrupted bulk edit of the site at ``root``, or None (none, or only
    ones still running in other processes)."""
    site = journal_root(root)
    for journal in _journals(journal_dir(site, cache_base)):
        lock = _lock(journal, blocking=False)
        if lock is None:
            continue  # a running edit holds it
        try:
            edit = _read(journal, site)
        finally:
            _unlock(lock)
        if edit is not None:
            return edit
    return None


def _read(journal: Path, root: Path) -> InterruptedEdit | None:
    try:
        payload = marshal.loads(journal.read_bytes())
        paths = [Path(p) for p in payload["paths"]]
        old, new = list(payload["old"]), list(payload["new"])
        description = str(payload.get("description", "a bulk edit"))
        if payload.get("version") != _VERSION or not len(paths) == len(old) == len(new):
            raise ValueError("unknown journal layout")
    except (OSError, ValueError, EOFError, TypeError, KeyError) as exc:
        log.warning("ignoring an unreadable bulk-edit journal %s: %s", journal, exc)
        return None
    edit = InterruptedEdit(journal, root, description, paths, old, new)
    from editor.core.platform.regular_files import MAX_POST_BYTES, read_regular

    for index, path in enumerate(paths):
        try:
            now, _ = read_regular(path, MAX_POST_BYTES)
        except (OSError, ValueError):
            now = None
        if now is not None and now == new[index]:
            edit.written.append(index)
        elif now is not None and now == old[index]:
            edit.pending.append(index)
        else:
            edit.changed.append(index)
    return edit


# ----------------------------------------------------------------------------- resolving


@dataclass
class ResolveResult:
    """What undo_written or finish_rest did."""

    done: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    busy: bool = False  # another process is resolving (or running) this edit

    @property
    def ok(self) -> bool:
        return not self.failed and not self.busy


def undo_written(edit: InterruptedEdit, progress=None, cancel=None) -> ResolveResult:
    """Put back the old bytes of every file the edit wrote (only where they still hold
    what it wrote); the journal goes once nothing failed."""
    jobs = [WriteJob(edit.paths[i], edit.new[i], edit.old[i], None) for i in edit.written]
    return _resolve(edit, jobs, progress, cancel)


def finish_rest(edit: InterruptedEdit, progress=None, cancel=None) -> ResolveResult:
    """Write the new bytes of every file the edit had not written yet (only where they
    still hold the old ones); the journal goes once nothing failed."""
    jobs = [WriteJob(edit.paths[i], edit.old[i], edit.new[i], None) for i in edit.pending]
    return _resolve(edit, jobs, progress, cancel)


def _resolve(edit: InterruptedEdit, jobs, progress, cancel) -> ResolveResult:
    result = ResolveResult()
    lock = _lock(edit.journal, blocking=False)
    if lock is None:
        result.busy = True
        return result
    try:
        ok, skipped, failed, cancelled = run_writes(jobs, progress, cancel, edit.root)
        result.done = [jobs[i][0] for i in ok]
        result.skipped = [(jobs[i][0], why) for i, why in skipped]
        result.failed = [(jobs[i][0], why) for i, why in failed]
        if not failed and not cancelled:
            _remove(edit.journal)
    finally:
        _unlock(lock)
    return result


def discard(edit: InterruptedEdit) -> None:
    """Forget an interrupted edit, leaving every file as it is."""
    _remove(edit.journal)


# ----------------------------------------------------------------------------- temp files


def clean_stray_temp_files(
    root: str | os.PathLike, min_age_s: float = STRAY_MIN_AGE_S
) -> list[Path]:
    """Remove the temp files killed saves left anywhere in the site (folders discovery
    skips, such as .git or node_modules, are not entered; links to folders are not
    followed). Younger ones than ``min_age_s`` are spared: a save may still be running."""
    cutoff = time.time() - min_age_s
    removed: list[Path] = []
    stack = [os.fspath(root)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not is_skipped_dir_name(name):
                        stack.append(entry.path)
                elif name.startswith(".") and name.endswith(TEMP_SUFFIX):
                    if entry.stat(follow_symlinks=False).st_mtime >= cutoff:
                        continue
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
            except OSError as exc:
                log.info("could not remove stray temp file %s: %s", entry.path, exc)
    if removed:
        log.info("removed %d stray temp files under %s", len(removed), root)
    return removed

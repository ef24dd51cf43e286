"""Writing planned bytes over posts safely: the one write loop of every bulk edit.

A bulk edit (``actions.apply``/``undo``), a replayed table step (``history``) and the
resolution of an interrupted edit (``journal``) all hand this module ``WriteJob``s: a
path, the bytes it must still hold, the bytes to write. Each file is checked first
(``precheck``: unchanged since it was read, still a regular file inside the site, not
read-only), then written atomically in chunks, each flushed to disk once. Pure Python.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from editor.core.errors import PostError
from editor.core.platform.atomic import atomic_write_many
from editor.core.platform.regular_files import MAX_POST_BYTES, read_regular
from editor.core.site.confinement import outside_reason

Progress = Callable[[int, int], None]

# Files written per flush to disk: one syncfs per chunk instead of one fsync per file.
WRITE_CHUNK = 200


def error_reason(exc: BaseException) -> str:
    """The sentence a person reads for why a file could not be planned or written."""
    if isinstance(exc, PostError):
        return getattr(exc, "message", None) or str(exc)
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


class Verdict(Enum):
    """Why a planned file is not written: it changed since (SKIP), or cannot be (FAIL)."""

    SKIP = "skip"
    FAIL = "fail"


class Refusal(NamedTuple):
    verdict: Verdict
    reason: str


def precheck(
    path: Path, expected: bytes, stamp: tuple[int, int] | None, root: Path | None = None
) -> Refusal | None:
    """Why ``path`` must not be written now, or None.

    A file whose size and mtime are those seen when it was read is taken as unchanged;
    otherwise its bytes are compared. With the site ``root``, a file that has become a
    link out of the site since the plan is skipped.
    """
    if root is not None and (outside := outside_reason(path, root)) is not None:
        return Refusal(Verdict.SKIP, outside)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return Refusal(Verdict.SKIP, "the file is no longer a regular file")
        if stamp is None or (info.st_size, info.st_mtime_ns) != stamp:
            if read_regular(path, MAX_POST_BYTES)[0] != expected:
                return Refusal(Verdict.SKIP, "the file changed on disk since the plan was made")
    except FileNotFoundError:
        return Refusal(Verdict.SKIP, "the file no longer exists")
    except OSError as exc:
        return Refusal(Verdict.FAIL, error_reason(exc))
    # Mode bits, not os.access alone: as root os.access says yes, but a chmod -w file is
    # a clear statement that the user does not want it rewritten.
    writable = info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    if not writable or not os.access(path, os.W_OK):
        return Refusal(Verdict.FAIL, "the file is read-only")
    return None


class WriteJob(NamedTuple):
    path: Path
    expected: bytes  # what the file must still hold
    data: bytes  # what to write
    stamp: tuple[int, int] | None  # (size, mtime_ns) when expected was read


class WriteRun(NamedTuple):
    """What a run of write jobs did, by job index."""

    written: list[int]
    skipped: list[tuple[int, str]]  # (index, why): changed since
    failed: list[tuple[int, str]]  # (index, why): could not be written
    cancelled: bool


def run_writes(
    jobs: Sequence[WriteJob],
    progress: Progress | None,
    cancel: threading.Event | None,
    root: Path | None = None,
) -> WriteRun:
    """Write (path, expected, data, stamp) jobs in chunks, each flushed to disk once."""
    done_ok: list[int] = []
    skipped: list[tuple[int, str]] = []
    failed: list[tuple[int, str]] = []
    total = len(jobs)
    done = 0
    for start in range(0, total, WRITE_CHUNK):
        if cancel is not None and cancel.is_set():
            return WriteRun(done_ok, skipped, failed, True)
        ready: list[int] = []
        for index in range(start, min(start + WRITE_CHUNK, total)):
            path, expected, _data, stamp = jobs[index]
            refusal = precheck(path, expected, stamp, root)
            if refusal is None:
                ready.append(index)
            elif refusal.verdict is Verdict.SKIP:
                skipped.append((index, refusal.reason))
            else:
                failed.append((index, refusal.reason))
        errors = atomic_write_many([(jobs[i][0], jobs[i][2]) for i in ready])
        for index, error in zip(ready, errors, strict=True):
            if error is None:
                done_ok.append(index)
            else:
                failed.append((index, error_reason(error)))
        done = min(start + WRITE_CHUNK, total)
        if progress is not None:
            progress(done, total)
    failed.sort()
    skipped.sort()
    return WriteRun(done_ok, skipped, failed, False)

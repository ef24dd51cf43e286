"""The undo history of a site: bulk actions and cell edits, many levels deep, with redo.

A ``Step`` is one named write ("Set “featured” to false on 62 posts", "Edit title of
posts/hello.md"): for every file it wrote, the bytes it had before and the bytes it
got (the journal's entries). ``History`` holds the steps done (oldest first) and the
steps undone (for redo); it is plain data and never touches a file.

``replay`` undoes or redoes one step on disk: every file must still hold exactly what
the step left (for an undo) or what it found (for a redo), else nothing is written and
the answer names each file and why (changed since, gone, now a link out of the site).
Otherwise it writes the other bytes back through the bulk writer (atomic, journaled,
so a crash midway is noticed like any bulk edit). ``History.settle`` then moves the
step across: what was written goes to the other side, what could not be written stays
where it was, marked with the reasons. Pure Python: no Qt.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from editor.core.bulk import journal as bulk_journal
from editor.core.bulk.actions import BulkResult
from editor.core.bulk.writes import Progress, WriteJob, run_writes
from editor.core.platform.regular_files import MAX_POST_BYTES, read_regular
from editor.core.site.confinement import outside_reason
from editor.core.site.layout import shown_path

log = logging.getLogger(__name__)

UNDO = "undo"
REDO = "redo"
DEFAULT_LIMIT = 200  # steps kept; the oldest go first
# Bytes kept (before and after of every file of every step): a bulk edit of a
# 10,000-post site holds about 100 MB. Past this the oldest steps go (the last stays).
DEFAULT_MAX_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class FileEdit:
    """One file of a step: its bytes before the step wrote it, and after."""

    path: Path
    before: bytes
    after: bytes


@dataclass(frozen=True)
class Step:
    """One named write of one or more files; ``blocked`` says why the last try to undo
    or redo it wrote nothing for some files (path, why)."""

    name: str
    edits: tuple[FileEdit, ...]
    root: Path | None = None  # the site: no file outside it is written, even through a link
    blocked: tuple[tuple[Path, str], ...] = ()

    @property
    def paths(self) -> list[Path]:
        return [edit.path for edit in self.edits]

    @property
    def size(self) -> int:
        """The bytes this step holds."""
        return sum(len(edit.before) + len(edit.after) for edit in self.edits)


def cell_step(
    path: str | os.PathLike[str],
    key: str,
    before: bytes,
    after: bytes,
    root: str | os.PathLike[str] | None = None,
) -> Step:
    """The step of one table cell edit: "Edit title of posts/hello.md"."""
    target = Path(path)
    site = Path(root) if root is not None else None
    return Step(
        f"Edit {key} of {shown_path(target, site)}", (FileEdit(target, before, after),), site
    )


def bulk_step(result: BulkResult) -> Step | None:
    """The step of a bulk action's written files (None when it wrote none):
    "Set “featured” to false on 62 posts"."""
    if not result.written:
        return None
    count = len(result.written)
    name = f"{result.plan.describe()} on {count:,} post{'s' if count != 1 else ''}"
    edits = tuple(FileEdit(c.path, c.old_bytes, c.new_bytes) for c in result.written)
    return Step(name, edits, result.plan.root)


# ----------------------------------------------------------------------------- replaying


@dataclass
class Replay:
    """What undoing (or redoing) a step did on disk."""

    step: Step
    direction: str  # UNDO or REDO
    done: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)  # nothing was written
    failed: list[tuple[Path, str]] = field(default_factory=list)  # could not be written
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.refused and not self.failed and not self.cancelled

    def message(self, limit: int = 10) -> str:
        """For a person: what was done, and each file left alone with why."""
        verb = "undone" if self.direction == UNDO else "redone"
        if self.refused:
            lines = [f"“{self.step.name}” was not {verb}: nothing was written."]
        else:
            lines = [f"“{self.step.name}”: {len(self.done):,} file(s) {verb}."]
        root = self.step.root
        problems = self.refused + self.failed
        lines += [f"{shown_path(path, root)}: {why}" for path, why in problems[:limit]]
        if len(problems) > limit:
            lines.append(f"… and {len(problems) - limit:,} more")
        if self.cancelled:
            lines.append("Cancelled before every file was written.")
        return "\n".join(lines)


def blockers(step: Step, direction: str) -> list[tuple[Path, str]]:
    """The files of ``step`` that do not hold what undoing (or redoing) it expects, each
    with why; empty when it can be replayed."""
    found: list[tuple[Path, str]] = []
    for edit in step.edits:
        expected = edit.after if direction == UNDO else edit.before
        why = _why_not(edit.path, expected, step.root)
        if why is not None:
            found.append((edit.path, why))
    return found


def _why_not(path: Path, expected: bytes, root: Path | None) -> str | None:
    if root is not None and (outside := outside_reason(path, root)) is not None:
        return outside
    try:
        now, _stat = read_regular(path, MAX_POST_BYTES)
    except FileNotFoundError:
        return "the file no longer exists"
    except (OSError, ValueError) as exc:
        return f"the file cannot be read ({getattr(exc, 'strerror', None) or exc})"
    if now != expected:
        return "the file changed since (edited in another program or by a later step)"
    return None


def replay(
    step: Step,
    direction: str,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    journal_dir: Path | None = None,
) -> Replay:
    """Undo (``UNDO``) or redo (``REDO``) ``step`` on disk: all its files, or none when
    any changed since (see the module docstring). Safe to run off the GUI thread."""
    outcome = Replay(step, direction)
    refused = blockers(step, direction)
    if refused:
        outcome.refused = refused
        return outcome
    undo = direction == UNDO
    jobs = [
        WriteJob(e.path, e.after if undo else e.before, e.before if undo else e.after, None)
        for e in step.edits
    ]
    items = [(job.path, job.expected, job.data) for job in jobs]
    with bulk_journal.recording(journal_dir, f"{direction} of {step.name}", items):
        run = run_writes(jobs, progress, cancel, step.root)
    outcome.done = [jobs[i].path for i in sorted(run.written)]
    outcome.failed = [(jobs[i].path, why) for i, why in [*run.skipped, *run.failed]]
    outcome.cancelled = run.cancelled
    return outcome


# ----------------------------------------------------------------------------- the history


class History:
    """Steps done (oldest first) and steps undone (the next to redo last); plain data."""

    def __init__(self, limit: int = DEFAULT_LIMIT, max_bytes: int = DEFAULT_MAX_BYTES):
        self.limit = limit
        self.max_bytes = max_bytes
        self._done: list[Step] = []
        self._undone: list[Step] = []

    @property
    def done(self) -> list[Step]:
        """Steps that can be undone, oldest first."""
        return list(self._done)

    @property
    def undone(self) -> list[Step]:
        """Steps that can be redone, the next one last."""
        return list(self._undone)

    def next_undo(self) -> Step | None:
        return self._done[-1] if self._done else None

    def next_redo(self) -> Step | None:
        return self._undone[-1] if self._undone else None

    def record(self, step: Step | None) -> None:
        """A new write: it can be undone; what was undone before can no longer be redone."""
        if step is None or not step.edits:
            return
        self._done.append(step)
        self._undone.clear()
        if len(self._done) > self.limit:
            del self._done[: len(self._done) - self.limit]
        held = sum(s.size for s in self._done)
        while held > self.max_bytes and len(self._done) > 1:
            oldest = self._done.pop(0)
            held -= oldest.size
            log.info("undo history full: “%s” can no longer be undone", oldest.name)

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()

    def settle(self, outcome: Replay) -> None:
        """Take what ``replay`` did: the written files move to the other side (redo after
        an undo, undo after a redo), the rest stay, marked with why they were not written."""
        source, target = (
            (self._done, self._undone) if outcome.direction == UNDO else (self._undone, self._done)
        )
        step = outcome.step
        position = next((i for i, s in enumerate(source) if s is step), None)
        if position is None:
            log.warning("a replayed step is no longer in the history: %s", step.name)
            return
        written = set(outcome.done)
        moved = tuple(e for e in step.edits if e.path in written)
        kept = tuple(e for e in step.edits if e.path not in written)
        reasons = tuple(outcome.refused + outcome.failed)
        if kept:
            source[position] = replace(step, edits=kept, blocked=_reasons_for(kept, reasons))
        else:
            del source[position]
        if moved:
            target.append(replace(step, edits=moved, blocked=()))

    def index_of(self, step: Step) -> int | None:
        """The position of a done step (0: the oldest), or None."""
        return next((i for i, s in enumerate(self._done) if s is step), None)


def _reasons_for(
    edits: Iterable[FileEdit], reasons: tuple[tuple[Path, str], ...]
) -> tuple[tuple[Path, str], ...]:
    paths = {edit.path for edit in edits}
    return tuple((path, why) for path, why in reasons if path in paths)

"""Bulk metadata edits across many posts: plan (with per-file diffs), apply, undo.

This module owns the bulk-edit actions (set a field, add/remove a list value, rename or
delete a key, find and replace inside a field), turning an action plus a list of files
into a reviewable ``BulkPlan``, writing that plan safely, and reverting it. Every edit
goes through ``Post.set/delete/rename`` so a diff touches only the lines that changed.
Pure Python: no Qt.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from editor.core.bulk import journal as bulk_journal
from editor.core.bulk.file_plan import (
    ActionSkipped,
    FileChange,
    FileIssue,
    link_target,
    plan_file,
)
from editor.core.bulk.list_values import ReplaceListValue
from editor.core.bulk.pool import plan_in_processes
from editor.core.bulk.writes import Progress, WriteJob, run_writes
from editor.core.platform.workers import WorkerFailed, preload_in_workers
from editor.core.post.formats.yaml_write import FlowList
from editor.core.post.model import Post
from editor.core.site.confinement import outside_reason
from editor.core.site.layout import shown_path

logger = logging.getLogger(__name__)

preload_in_workers(__name__)  # the forkserver imports this module for its workers

POOL_MIN_FILES = 400  # plans of this many files or more are made in worker processes


# ----------------------------------------------------------------------------- actions


def _same(a: Any, b: Any) -> bool:
    return a == b or str(a) == str(b)


@dataclass(frozen=True)
class SetField:
    key: str
    value: Any

    def describe(self) -> str:
        return f"Set “{self.key}” to {_short(self.value)}"

    def apply_to(self, post: Post) -> None:
        post.set(self.key, self.value)


@dataclass(frozen=True)
class AddListValue:
    key: str
    value: Any
    # A list made where there was none: flow ([a]) where the site writes flow lists
    # (usual_list_flow, found when planned if None); a post's own lists come first.
    flow: bool | None = None

    def describe(self) -> str:
        return f"Add {_short(self.value)} to “{self.key}”"

    def apply_to(self, post: Post) -> None:
        current = post.metadata.get(self.key)
        new_list = FlowList if self.flow else list
        if current is None:
            post.set(self.key, new_list([self.value]))
        elif isinstance(current, list):
            if not any(_same(item, self.value) for item in current):
                post.set(self.key, [*current, self.value])
        elif isinstance(current, str | int | float):
            # A lone scalar ("categories: news") becomes a list; the diff shows it.
            if not _same(current, self.value):
                post.set(self.key, new_list([current, self.value]))
        else:
            raise ActionSkipped(f"“{self.key}” is a {type(current).__name__}, not a list")


@dataclass(frozen=True)
class RemoveListValue:
    key: str
    value: Any

    def describe(self) -> str:
        return f"Remove {_short(self.value)} from “{self.key}”"

    def apply_to(self, post: Post) -> None:
        current = post.metadata.get(self.key)
        if isinstance(current, list):
            kept = [item for item in current if not _same(item, self.value)]
            if len(kept) != len(current):
                post.set(self.key, kept)
        elif current is not None and _same(current, self.value):
            post.set(self.key, [])


@dataclass(frozen=True)
class RenameKey:
    old: str
    new: str

    def describe(self) -> str:
        return f"Rename key “{self.old}” to “{self.new}”"

    def apply_to(self, post: Post) -> None:
        if self.old not in post.metadata or self.old == self.new:
            return
        if self.new in post.metadata:
            raise ActionSkipped(f"already has a “{self.new}” key")
        post.rename(self.old, self.new)


@dataclass(frozen=True)
class DeleteKey:
    key: str

    def describe(self) -> str:
        return f"Delete key “{self.key}”"

    def apply_to(self, post: Post) -> None:
        if self.key in post.metadata:
            post.delete(self.key)


@dataclass(frozen=True)
class ReplaceInField:
    key: str
    find: str
    replace: str
    regex: bool = False
    ignore_case: bool = False

    def describe(self) -> str:
        how = "regex" if self.regex else "text"
        return f"Replace {how} {self.find!r} with {self.replace!r} in “{self.key}”"

    def pattern(self) -> re.Pattern[str]:
        """The compiled search; raises ``re.error`` for a bad regex (check before planning)."""
        return _compile(self.find, self.regex, self.ignore_case)

    def apply_to(self, post: Post) -> None:
        current = post.metadata.get(self.key)
        if current is None:
            return
        pattern = self.pattern()
        # A plain replacement must not interpret backslashes or group references.
        replacement: Any = self.replace if self.regex else (lambda _m: self.replace)
        if isinstance(current, str):
            new = pattern.sub(replacement, current)
        elif isinstance(current, list) and all(isinstance(i, str) for i in current):
            new = [pattern.sub(replacement, item) for item in current]
        else:
            return  # dates, numbers and maps are not text; leave them alone
        if new != current:
            post.set(self.key, new)


@dataclass(frozen=True)
class SetFields:
    """Several fields set at once (``masthead set a=1 b=2``), in order, as one plan."""

    steps: tuple[SetField, ...]

    def describe(self) -> str:
        return "; ".join(step.describe() for step in self.steps)

    def apply_to(self, post: Post) -> None:
        for step in self.steps:
            step.apply_to(post)


@functools.lru_cache(maxsize=32)
def _compile(find: str, regex: bool, ignore_case: bool) -> re.Pattern[str]:
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(find if regex else re.escape(find), flags)


BulkAction = (
    SetField | SetFields | AddListValue | RemoveListValue | RenameKey | DeleteKey | ReplaceInField
) | ReplaceListValue  # the taxonomy manager's (list_values)


def _short(value: Any, limit: int = 40) -> str:
    text = value_text(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def value_text(value: Any) -> str:
    """A value as a person reads it in YAML, not as Python shows it: ``true``, ``null``,
    ``2020-09-30``, ``[a, b]``; text in quotes: “news”."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_plain(v)}" for k, v in value.items()) + "}"
    return str(value)


def _plain(value: Any) -> str:
    return value if isinstance(value, str) else value_text(value)


# ----------------------------------------------------------------------------- plans


@dataclass
class BulkPlan:
    action: BulkAction
    changes: list[FileChange] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    errors: list[FileIssue] = field(default_factory=list)
    cancelled: bool = False
    root: Path | None = None  # the site: no file outside it is written, even through a link

    def describe(self) -> str:
        return self.action.describe()


@dataclass
class BulkResult:
    plan: BulkPlan
    written: list[FileChange] = field(default_factory=list)
    skipped: list[FileIssue] = field(default_factory=list)  # changed on disk since planning
    failed: list[FileIssue] = field(default_factory=list)  # could not be written
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.skipped and not self.failed and not self.cancelled


@dataclass
class UndoResult:
    restored: list[Path] = field(default_factory=list)
    skipped: list[FileIssue] = field(default_factory=list)  # edited again since the bulk write
    failed: list[FileIssue] = field(default_factory=list)


def _usual_list_flow(paths: list[Path], root: Path | None) -> bool:
    """Whether the site writes flow lists: by the posts planned, else by the site's."""
    from editor.core.site.list_style import usual_list_flow

    flow = usual_list_flow(paths)
    if flow is None and root is not None:
        from editor.core.site.discovery import discover_posts

        flow = usual_list_flow(found.path for found in discover_posts(root, stat=False))
    return bool(flow)


def plan_action(
    action: BulkAction,
    paths: Iterable[str | os.PathLike[str]],
    *,
    root: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> BulkPlan:
    """Compute what ``action`` would do to each file, without writing anything. Many
    files are planned in worker processes (``bulk_pool``), with the same result."""
    if isinstance(action, ReplaceInField):
        action.pattern()  # a bad regex is one error for the whole plan, not one per file
    paths = [Path(p) for p in paths]
    root_path = Path(root) if root is not None else None
    if isinstance(action, AddListValue) and action.flow is None:
        action = dataclasses.replace(action, flow=_usual_list_flow(paths, root_path))
    result = BulkPlan(action, root=root_path)
    if root_path is not None:
        # Writes never leave the site: a link to a file outside it is listed, not planned.
        kept = []
        for path in paths:
            reason = outside_reason(path, root_path)
            if reason is None:
                kept.append(path)
            else:
                result.errors.append(FileIssue(path, reason, link_target(path)))
        paths = kept
    items = [(path, shown_path(path, root_path)) for path in paths]
    workers = min(os.cpu_count() or 1, 8)
    if len(items) >= POOL_MIN_FILES and workers >= 2:
        try:
            outcomes = plan_in_processes(action, items, workers, progress, cancel)
        except (WorkerFailed, OSError) as exc:
            logger.warning("bulk planning workers failed (%s); planning here", exc)
            outcomes = []  # no usable workers: plan here
        if outcomes is None:
            result.cancelled = True
            return result
        if outcomes:
            for outcome in outcomes:
                _add_outcome(result, outcome)
            return result
    total = len(items)
    for done, (path, name) in enumerate(items, 1):
        if cancel is not None and cancel.is_set():
            result.cancelled = True
            break
        _add_outcome(result, plan_file(action, path, name))
        if progress is not None:
            progress(done, total)
    return result


def _add_outcome(result: BulkPlan, outcome: FileChange | Path | FileIssue) -> None:
    if isinstance(outcome, FileChange):
        result.changes.append(outcome)
    elif isinstance(outcome, FileIssue):
        result.errors.append(outcome)
    else:
        result.unchanged.append(outcome)


# ----------------------------------------------------------------------------- writing


def apply(
    plan: BulkPlan,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    journal_dir: Path | None = None,
) -> BulkResult:
    """Write every planned change whose file is untouched since planning; keep going on errors.

    The returned ``BulkResult`` is also the undo record for ``undo``. With
    ``journal_dir`` (``bulk_journal.journal_dir``) a crash midway is noticed at the
    next open.
    """
    jobs = [WriteJob(c.path, c.old_bytes, c.new_bytes, c.stamp) for c in plan.changes]
    items = [(c.path, c.old_bytes, c.new_bytes) for c in plan.changes]
    with bulk_journal.recording(journal_dir, plan.describe(), items):
        ok, skipped, failed, cancelled = run_writes(jobs, progress, cancel, plan.root)
    return BulkResult(
        plan=plan,
        written=[plan.changes[i] for i in ok],
        skipped=[FileIssue(plan.changes[i].path, why) for i, why in skipped],
        failed=[FileIssue(plan.changes[i].path, why) for i, why in failed],
        cancelled=cancelled,
    )


def undo(
    result: BulkResult,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    journal_dir: Path | None = None,
) -> UndoResult:
    """Put back the old bytes of every file that still holds what the bulk action wrote
    (journaled like ``apply``)."""
    jobs = [WriteJob(c.path, c.new_bytes, c.old_bytes, None) for c in result.written]
    items = [(c.path, c.new_bytes, c.old_bytes) for c in result.written]
    with bulk_journal.recording(journal_dir, "undo of " + result.plan.describe(), items):
        ok, skipped, failed, _cancelled = run_writes(jobs, progress, cancel, result.plan.root)
    written = result.written
    return UndoResult(
        restored=[written[i].path for i in ok],
        skipped=[
            FileIssue(written[i].path, "edited again since the bulk action; left as it is")
            for i, _why in skipped
        ],
        failed=[FileIssue(written[i].path, why) for i, why in failed],
    )

"""What one bulk action does to one file: its change, the file unchanged, or why not.

``plan_file`` is the unit of every bulk plan: ``actions.plan_action`` calls it for
each file in this process, ``pool`` in worker processes, and both hand back the same
outcomes (``FileChange`` with the old and new bytes, the ``Path`` when nothing
changes, ``FileIssue`` when the file cannot be edited). An action is anything with
``apply_to(post)`` that edits a ``Post`` in place. Pure Python: no Qt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

from editor.core.bulk.writes import error_reason
from editor.core.errors import PostError
from editor.core.platform.regular_files import read_regular
from editor.core.post.diff import unified_diff
from editor.core.post.files import MAX_BYTES as MAX_POST_BYTES
from editor.core.post.files import MAX_MEGABYTES
from editor.core.post.model import Post
from editor.core.site.confinement import is_link, real_path


class ActionSkipped(Exception):
    """Raised by an action when a post holds something it cannot edit (reported per file)."""


class PostEdit(Protocol):
    """A bulk action, as planning one file sees it."""

    def apply_to(self, post: Post) -> None: ...


@dataclass(frozen=True)
class FileChange:
    path: Path
    old_bytes: bytes
    new_bytes: bytes
    name: str
    stamp: tuple[int, int] | None = None  # (size, mtime_ns) of the file when it was read
    link: str | None = None  # where the file really is, when it is a symlink

    @cached_property
    def diff(self) -> str:
        """The unified diff, made when first shown: a scripted apply never needs it."""
        return unified_diff(
            self.old_bytes.decode("utf-8", "replace"),
            self.new_bytes.decode("utf-8", "replace"),
            self.name,
        )

    @property
    def added_lines(self) -> int:
        return sum(
            1 for ln in self.diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")
        )

    @property
    def removed_lines(self) -> int:
        return sum(
            1 for ln in self.diff.splitlines() if ln.startswith("-") and not ln.startswith("---")
        )


@dataclass(frozen=True)
class FileIssue:
    path: Path
    message: str
    link: str | None = None  # where the file really is, when it is a symlink


def link_target(path: Path) -> str | None:
    """Where ``path`` really is when it is a symlink, else None."""
    return os.fspath(real_path(path)) if is_link(path) else None


def plan_file(action: PostEdit, path: Path, name: str) -> FileChange | Path | FileIssue:
    """What ``action`` does to one file: its change, the path when unchanged, or why not."""
    try:
        change = _plan_one(action, path, name)
    except (PostError, OSError, ActionSkipped, ValueError, TypeError) as exc:
        return FileIssue(path, error_reason(exc), link_target(path))
    return path if change is None else change


def _plan_one(action: PostEdit, path: Path, name: str) -> FileChange | None:
    old, before = read_regular(path, MAX_POST_BYTES)
    if old is None:
        raise PostError(f"file is larger than {MAX_MEGABYTES} MB")
    post = Post.from_bytes(old, path)
    action.apply_to(post)
    new = post.to_bytes()
    if new == old:
        return None
    stamp = (before.st_size, before.st_mtime_ns) if before.st_size == len(old) else None
    return FileChange(path, old, new, name, stamp, link_target(path))

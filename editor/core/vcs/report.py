"""The changed posts of a site's work tree, with their field-level changes.

Serves ``masthead changes SITE`` and the Changes panel: each changed post with its
state against HEAD and its ``PostDiff`` (see post_diff).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from editor.core.post.files import POST_SUFFIXES
from editor.core.vcs.git import Change, FileState, Repo
from editor.core.vcs.post_diff import PostDiff, diff_posts


@dataclass
class PostChange:
    """One changed post: where it is, its state, and what changed in it."""

    path: Path
    rel: str
    state: FileState
    diff: PostDiff


def is_post(path: Path) -> bool:
    return path.suffix.lower() in POST_SUFFIXES


def read_change(repo: Repo, change: Change) -> PostChange:
    """The field-level change of one changed file against HEAD."""
    path = change.path
    head = repo.head_bytes(change.head_path or path)
    try:
        now = path.read_bytes() if change.state is not FileState.DELETED else None
    except OSError:
        now = None
    rel = os.path.relpath(path, repo.root)
    return PostChange(path, rel, change.state, diff_posts(head, now, rel))


def changed_posts(repo: Repo, under: Path | None = None) -> list[PostChange]:
    """Every changed post in the work tree (below ``under`` if given), sorted by path."""
    folder = Path(under).absolute() if under is not None else None
    out = []
    for path, change in sorted(repo.status().items()):
        if not is_post(path):
            continue
        if folder is not None and folder != path and folder not in path.parents:
            continue
        out.append(read_change(repo, change))
    return out


def format_changes(changes: list[PostChange]) -> str:
    """``path (state)`` then the change's lines, indented, for each post."""
    lines = []
    for change in changes:
        lines.append(f"{change.rel} ({change.state.value})")
        lines.extend(f"    {line}" for line in change.diff.lines())
    return "\n".join(lines)


def changes_as_json(changes: list[PostChange]) -> list[dict]:
    from editor.core.vcs.post_diff import MISSING, show_value

    def value(v):
        return None if v is MISSING else show_value(v)

    return [
        {
            "path": change.rel,
            "state": change.state.value,
            "title": change.diff.title,
            "fields": [
                {"key": f.key, "change": f.kind, "old": value(f.old), "new": value(f.new)}
                for f in change.diff.fields
            ],
            "body_changed": change.diff.body_changed,
        }
        for change in changes
    ]

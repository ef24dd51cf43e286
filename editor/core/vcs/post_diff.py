"""A post's change read the way a writer thinks of it: "title: old → new", then the body.

``diff_posts(old, new)`` compares two versions of a post file (bytes, None where the
file does not exist on that side). Front matter is compared field by field, in the new
file's key order, so a changed field reads as one line whatever YAML style it has; the
body is a unified text diff. A side whose front matter does not parse falls back to a
plain text diff of the whole file. ``suggest_message`` turns a set of such diffs into a
commit message: "Edit 'Harbour ferry returns'", or "Set featured=false on 412 posts".
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from editor.core.errors import PostError
from editor.core.post.model import Post

MISSING: Any = object()
_VALUE_LIMIT = 60


@dataclass(frozen=True)
class FieldChange:
    key: str
    old: Any = MISSING  # MISSING: the field was added
    new: Any = MISSING  # MISSING: the field was removed

    @property
    def kind(self) -> str:
        if self.old is MISSING:
            return "added"
        if self.new is MISSING:
            return "removed"
        return "changed"

    def describe(self) -> str:
        if self.old is MISSING:
            return f"{self.key}: added {show_value(self.new)}"
        if self.new is MISSING:
            return f"{self.key}: removed (was {show_value(self.old)})"
        return f"{self.key}: {show_value(self.old)} → {show_value(self.new)}"


@dataclass
class PostDiff:
    """A post's change: its fields, its body, and whether the post is new or deleted."""

    fields: list[FieldChange] = field(default_factory=list)
    body_diff: list[str] = field(default_factory=list)  # unified diff lines of the body
    created: bool = False
    deleted: bool = False
    title: str = ""
    text_only: bool = False  # front matter did not parse: body_diff is the whole file

    @property
    def body_changed(self) -> bool:
        return bool(self.body_diff)

    def lines(self) -> list[str]:
        """The change as lines for a person: fields first, then the body's diff."""
        out: list[str] = []
        if self.created:
            out.append("new post")
        if self.deleted:
            out.append("deleted")
        out.extend(change.describe() for change in self.fields)
        if self.body_diff:
            out.append("body:" if not self.text_only else "text:")
            out.extend(line.rstrip("\n") for line in self.body_diff)
        return out


def show_value(value: Any) -> str:
    """A short one-line text for a front-matter value."""
    if value is None:
        text = "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dt.date | dt.datetime):
        text = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, default=str, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= _VALUE_LIMIT else text[: _VALUE_LIMIT - 1] + "…"


def _parse(data: bytes | None) -> Post | None:
    if data is None:
        return None
    return Post.from_bytes(data)


def _title(post: Post | None) -> str:
    if post is None:
        return ""
    for key, value in post.metadata.items():
        if key.lower() == "title" and isinstance(value, str):
            return value
    return ""


def _text_diff(old: str, new: str, name: str) -> list[str]:
    return list(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            f"a/{name}",
            f"b/{name}",
            n=2,
        )
    )[2:]  # the ---/+++ header says nothing a reader of one post needs


def diff_posts(old: bytes | None, new: bytes | None, name: str = "post") -> PostDiff:
    """How ``new`` differs from ``old`` (None: that side does not exist)."""
    try:
        old_post, new_post = _parse(old), _parse(new)
    except PostError:
        old_text = (old or b"").decode("utf-8", "replace")
        new_text = (new or b"").decode("utf-8", "replace")
        return PostDiff(
            body_diff=_text_diff(old_text, new_text, name),
            created=old is None,
            deleted=new is None,
            text_only=True,
        )
    result = PostDiff(created=old is None, deleted=new is None)
    result.title = _title(new_post) or _title(old_post)
    old_meta = dict(old_post.metadata) if old_post else {}
    new_meta = dict(new_post.metadata) if new_post else {}
    for key, value in new_meta.items():
        if key not in old_meta:
            result.fields.append(FieldChange(key, new=value))
        elif not _same(old_meta[key], value):
            result.fields.append(FieldChange(key, old_meta[key], value))
    for key, value in old_meta.items():
        if key not in new_meta:
            result.fields.append(FieldChange(key, old=value))
    result.body_diff = _text_diff(
        old_post.body if old_post else "", new_post.body if new_post else "", name
    )
    return result


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def suggest_message(diffs: Sequence[PostDiff], action: str | None = None) -> str:
    """A commit message for these posts' changes.

    ``action`` names a bulk action that made them ("Set “featured” to false"); otherwise
    a single shared field change is named, then a single post by its title.
    """
    count = len(diffs)
    noun = "post" if count == 1 else "posts"
    if action and count:
        return f"{action.replace('“', '').replace('”', '')} on {count} {noun}"
    if count == 1:
        only = diffs[0]
        title = only.title or "a post"
        if only.created:
            return f"Add '{title}'"
        if only.deleted:
            return f"Delete '{title}'"
        return f"Edit '{title}'"
    shared = _shared_field_change(diffs)
    if shared is not None:
        if shared.new is MISSING:
            return f"Remove {shared.key} from {count} {noun}"
        return f"Set {shared.key}={show_value(shared.new)} on {count} {noun}"
    return f"Edit {count} {noun}"


def _shared_field_change(diffs: Sequence[PostDiff]) -> FieldChange | None:
    if not diffs or any(d.body_changed or len(d.fields) != 1 for d in diffs):
        return None
    first = diffs[0].fields[0]
    for diff in diffs[1:]:
        other = diff.fields[0]
        if other.key != first.key or not _same(other.new, first.new):
            return None
    return first

"""The bulk action behind the taxonomy manager: replace values inside one list field.

``ReplaceListValue(key, old_values, new_values)`` finds every item of the field equal to
one of ``old_values`` and puts ``new_values`` in its place. One action covers the four
taxonomy edits:

- rename: ``("js",) -> ("javascript",)``
- merge: ``("js", "JavaScript", "javascript") -> ("javascript",)``
- split: ``("web",) -> ("html", "css")``
- delete: ``("misc",) -> ()``

A value the post already holds is not added twice: ``[js, javascript]`` merged into
``javascript`` becomes ``[javascript]``. Items that are not touched stay where they are,
even duplicates the post had before. The list is edited item by item in the file's own
style (``list_items``); a field holding one value rather than a list (``tags: js``)
keeps being a single value on a rename, becomes a list on a split and ``[]`` on a
delete, as "Remove list value" does. ``key`` may name a nested field with dots
(``taxonomies.tags``), as ``masthead set`` does. Pure Python: no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from editor.core.post.formats.cli_values import key_path, lookup
from editor.core.post.formats.list_items import edit_list_items, edited_list
from editor.core.post.model import Post

SCALARS = (str, int, float, date)  # list items a taxonomy counts (bool is an int)


def same_value(a: Any, b: Any) -> bool:
    """Whether a list item holds a value: equal, or equal as text (``2020`` and ``"2020"``),
    as the other list actions compare."""
    return a == b or str(a) == str(b)


def replacement_edits(
    items: Sequence[Any], old_values: Sequence[Any], new_values: Sequence[Any]
) -> dict[int, list[Any]]:
    """Item index -> the values that replace it, for the items holding one of
    ``old_values``; a new value the list already holds (or got from an earlier item) is
    left out, so no duplicate is created. Edits that change nothing are not listed."""

    def is_old(item: Any) -> bool:
        return isinstance(item, SCALARS) and any(same_value(item, old) for old in old_values)

    kept = [item for item in items if not is_old(item)]
    added: list[Any] = []
    edits: dict[int, list[Any]] = {}
    for index, item in enumerate(items):
        if not is_old(item):
            continue
        replacement = []
        for value in new_values:
            if any(same_value(value, other) for other in [*kept, *added]):
                continue
            replacement.append(value)
            added.append(value)
        if len(replacement) == 1 and type(replacement[0]) is type(item) and replacement[0] == item:
            continue  # renamed to itself
        edits[index] = replacement
    return edits


@dataclass(frozen=True)
class ReplaceListValue:
    """Replace ``old_values`` with ``new_values`` in the list field ``key`` (see the
    module docstring). Frozen and made of tuples: plans in worker processes pickle it."""

    key: str
    old_values: tuple[Any, ...]
    new_values: tuple[Any, ...]

    def describe(self) -> str:
        old = ", ".join(_quoted(v) for v in self.old_values)
        new = ", ".join(_quoted(v) for v in self.new_values)
        field = f"“{self.key}”"
        if not self.new_values:
            return f"Delete {old} from {field}"
        if len(self.old_values) > 1 and len(self.new_values) == 1:
            return f"Merge {old} into {new} in {field}"
        if len(self.old_values) == 1 and len(self.new_values) > 1:
            return f"Split {old} into {new} in {field}"
        return f"Rename {old} to {new} in {field}"

    def apply_to(self, post: Post) -> None:
        metadata = post.metadata
        found, current = lookup(metadata, self.key)
        if not found:
            return
        path = key_path(metadata, self.key)
        path = (path,) if isinstance(path, str) else path
        if isinstance(current, list):
            edits = replacement_edits(current, self.old_values, self.new_values)
            if not edits:
                return
            text = edit_list_items(post.format, post.front_matter_text, path, edits)
            if text is not None:
                post.set_front_matter_text(text)
            else:
                post.set(path, edited_list(current, edits))
        elif isinstance(current, SCALARS) and any(same_value(current, o) for o in self.old_values):
            new = list(self.new_values)
            if len(new) == 1:
                if not (type(new[0]) is type(current) and new[0] == current):
                    post.set(path, new[0])
            else:
                post.set(path, new)


def _quoted(value: Any) -> str:
    return f"‘{value}’"


# --------------------------------------------------------------------------- the four edits


def _distinct(values: Sequence[Any]) -> tuple[Any, ...]:
    kept: list[Any] = []
    for value in values:
        if not any(type(value) is type(k) and value == k for k in kept):
            kept.append(value)
    return tuple(kept)


def _checked_new(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError("A value cannot be empty.")
    return value


def rename_value(key: str, old: Any, new: Any) -> ReplaceListValue:
    """``old`` becomes ``new`` (a merge when posts hold ``new`` already);
    ValueError with a reason for the user when ``new`` is empty or the same."""
    new = _checked_new(new)
    if type(new) is type(old) and new == old:
        raise ValueError(f"‘{old}’ already has that name.")
    return ReplaceListValue(key, (old,), (new,))


def merge_values(key: str, olds: Sequence[Any], target: Any) -> ReplaceListValue:
    """Every value in ``olds`` becomes ``target`` (one of them, or a new name)."""
    target = _checked_new(target)
    olds = _distinct(olds)
    if not olds:
        raise ValueError("Choose the values to merge.")
    return ReplaceListValue(key, olds, (target,))


def split_value(key: str, old: Any, parts: Sequence[Any]) -> ReplaceListValue:
    """``old`` becomes the values ``parts`` (at least one)."""
    parts = _distinct([_checked_new(part) for part in parts])
    if not parts:
        raise ValueError("Enter the values to split into.")
    return ReplaceListValue(key, (old,), parts)


def delete_value(key: str, old: Any) -> ReplaceListValue:
    """``old`` leaves every post's list (a single value becomes ``[]``)."""
    return delete_values(key, [old])


def delete_values(key: str, olds: Sequence[Any]) -> ReplaceListValue:
    """Every value in ``olds`` leaves every post's list."""
    olds = _distinct(olds)
    if not olds:
        raise ValueError("Choose the values to delete.")
    return ReplaceListValue(key, olds, ())


def split_list_text(text: str) -> list[str]:
    """Values typed as ``a, b, c``: split at commas, spaces trimmed, empties and repeats
    dropped."""
    return list(_distinct([part.strip() for part in text.split(",") if part.strip()]))

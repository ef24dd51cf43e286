"""A site's taxonomies: the list-valued fields (tags, categories, authors…), every value
with the number of posts that carry it, and its near-duplicates.

Counted from the site index's records (``records.PostRecord``), not from the schema's
statistics: those count every list item (a post with ``[a, a]`` counts twice), skip
values over 100 characters and strip spaces, where a taxonomy needs each exact value
(the text a rename must find) and the posts that hold it (the files a rename plans).

A field is a taxonomy when some post holds a list with a scalar item in it; a post that
holds a single value instead (``tags: news``) counts that value. Fields one map deep are
named with a dot (Zola's ``taxonomies.tags``). Values compare as the bulk list actions
compare them (``list_values.same_value``). Near-duplicates are grouped by
``similar_values``. Pure Python: no Qt.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from editor.core.bulk.list_values import SCALARS, same_value
from editor.core.site.records import PostRecord
from editor.core.site.similar_values import similar_groups


@dataclass(frozen=True)
class ValueCount:
    """One value of a taxonomy: how many posts carry it, which, and its group of
    near-duplicates (a 1-based number shared by the group, None when it has none)."""

    value: Any
    count: int
    paths: tuple[str, ...]
    group: int | None = None

    @property
    def text(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class Taxonomy:
    """Every value of one field, most used first (ties by name, case-insensitively)."""

    field: str
    values: tuple[ValueCount, ...]
    posts: int  # posts that have the field at all

    @property
    def groups(self) -> list[list[ValueCount]]:
        """The groups of near-duplicates, in the order of their numbers."""
        found: dict[int, list[ValueCount]] = {}
        for entry in self.values:
            if entry.group is not None:
                found.setdefault(entry.group, []).append(entry)
        return [found[number] for number in sorted(found)]

    def find(self, value: Any) -> ValueCount | None:
        """The entry for ``value`` (exactly, else equal as text)."""
        for entry in self.values:
            if type(entry.value) is type(value) and entry.value == value:
                return entry
        return next((entry for entry in self.values if same_value(entry.value, value)), None)


def field_value(metadata: Mapping[str, Any], field: str) -> tuple[bool, Any]:
    """(found, value) of a top-level field or one dotted level down (``taxonomies.tags``)."""
    if field in metadata:
        return True, metadata[field]
    head, dot, tail = field.partition(".")
    if dot and isinstance(metadata.get(head), Mapping) and tail in metadata[head]:
        return True, metadata[head][tail]
    return False, None


def _is_taxonomy_list(value: Any) -> bool:
    return isinstance(value, list) and any(
        isinstance(item, SCALARS) and not isinstance(item, bool) for item in value
    )


def list_fields(records: Iterable[PostRecord]) -> list[str]:
    """The fields that hold a list of values in some post, most posts first (ties in the
    order first seen)."""
    counts: dict[str, int] = {}
    for record in records:
        if record.error is not None:
            continue
        for name, value in record.metadata.items():
            if _is_taxonomy_list(value):
                counts[name] = counts.get(name, 0) + 1
            elif isinstance(value, Mapping):
                for inner, item in value.items():
                    if isinstance(inner, str) and _is_taxonomy_list(item):
                        dotted = f"{name}.{inner}"
                        counts[dotted] = counts.get(dotted, 0) + 1
    order = {name: i for i, name in enumerate(counts)}
    return sorted(counts, key=lambda name: (-counts[name], order[name]))


def _items(value: Any) -> list[Any]:
    """The distinct values a field's value carries (a list's scalar items, or itself)."""
    if isinstance(value, list):
        candidates = value
    elif value is None:
        candidates = []
    else:
        candidates = [value]
    seen: dict[tuple[type, Any], Any] = {}
    for item in candidates:
        if isinstance(item, SCALARS) and not isinstance(item, bool):
            seen.setdefault((type(item), item), item)
    return list(seen.values())


def taxonomy(records: Iterable[PostRecord], field: str) -> Taxonomy:
    """Every value of ``field`` with its posts, sorted and grouped (see the module docstring)."""
    paths: dict[tuple[type, Any], list[str]] = {}
    values: dict[tuple[type, Any], Any] = {}
    posts = 0
    for record in records:
        if record.error is not None:
            continue
        found, value = field_value(record.metadata, field)
        if not found:
            continue
        posts += 1
        for item in _items(value):
            key = (type(item), item)
            values.setdefault(key, item)
            paths.setdefault(key, []).append(record.path)
    ordered = sorted(
        values, key=lambda key: (-len(paths[key]), str(values[key]).casefold(), str(values[key]))
    )
    numbers: dict[tuple[type, Any], int] = {}
    groups = similar_groups(ordered, text=lambda key: values[key])  # type: ignore[index]
    for number, group in enumerate(groups, 1):
        for key in group:
            numbers[key] = number  # type: ignore[index]
    entries = tuple(
        ValueCount(values[key], len(paths[key]), tuple(paths[key]), numbers.get(key))
        for key in ordered
    )
    return Taxonomy(field, entries, posts)


def posts_holding(tax: Taxonomy, values: Sequence[Any]) -> list[str]:
    """The posts (absolute paths, each once, sorted) carrying any of ``values``."""
    found: set[str] = set()
    for entry in tax.values:
        if any(same_value(entry.value, value) for value in values):
            found.update(entry.paths)
    return sorted(found)


def close_field_names(name: str, fields: Iterable[str]) -> list[str]:
    """Known field names close to a mistyped ``name`` (``tag`` -> ``tags``), best first."""
    return difflib.get_close_matches(name, list(fields), n=3, cutoff=0.6)

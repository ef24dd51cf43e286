"""Required fields that are present but empty: the other half of ``required = true``.

A field pinned ``required = true`` in ``masthead.toml`` is missing when the post lacks
the key (``checks._missing_fields``), and empty when the key is there with nothing in it:
``description: ""``, only spaces, ``~``/``null``, or an empty list or mapping. A new post
starts with such empty fields, so this is what catches one left unfilled.
``empty_required_fields`` finds them for one post; ``empty_required`` for many records,
as ``(path, line, key, message)`` that the checks turn into ``missing-field`` errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from editor.core.site.index import PostRecord
from editor.core.site.schema import SchemaConfig


def is_empty(value: Any) -> bool:
    """True for null, text of only whitespace, and an empty list or mapping."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | Mapping):
        return len(value) == 0
    return False


def required_names(config: SchemaConfig) -> list[str]:
    """The fields masthead.toml marks ``required = true``, in its order."""
    return [name for name, rule in config.fields.items() if rule.required]


def empty_required_fields(metadata: Mapping[str, Any], config: SchemaConfig) -> list[str]:
    """The required fields the post has but leaves empty, in masthead.toml's order."""
    return [
        name for name in required_names(config) if name in metadata and is_empty(metadata[name])
    ]


def empty_required(
    records: Iterable[PostRecord], config: SchemaConfig
) -> list[tuple[str, int | None, str, str]]:
    """``(path, line, key, message)`` for each empty required field of each record."""
    found = []
    for record in records:
        for name in empty_required_fields(record.metadata, config):
            message = f"field '{name}' is empty (required by masthead.toml)"
            found.append((record.path, record.key_lines.get(name, 1), name, message))
    return found

"""Editing the items of one list field in place, item by item, in each format's own style.

``edit_list_items(fmt, text, path, edits)`` takes a front-matter text and returns it with
the list at ``path`` edited: ``edits`` maps an item's index to the values that replace it
(an empty sequence removes the item, several values split it). Only the edited items'
characters change: the other items keep their text, the separators between them theirs,
and an item that is renamed keeps its own quoting (``'js'`` becomes ``'javascript'``).

- YAML flow lists (``[a, b]``) and JSON arrays: the items between the brackets are
  rewritten with the list's own separators.
- YAML block lists (``- a`` lines): a removed item's line goes, a split item gets more
  lines with the same ``  - `` prefix.
- TOML arrays: through tomlkit's array, which keeps the other items, their comments and
  the array's layout.

The result is read back and must hold exactly the intended list with every other field
unchanged; when it cannot be done in place (an alias, a nested JSON field, a block list
emptied, odd layouts) the answer is None and the caller sets the whole value instead
(``Post.set``, which keeps the untouched items' text too).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from editor.core.errors import PostError
from editor.core.post.formats.fm_json import JsonFrontMatter
from editor.core.post.formats.fm_toml import TomlFrontMatter
from editor.core.post.formats.fm_yaml import YamlFrontMatter
from editor.core.post.formats.yaml_write import Writer, line_end, line_start, node_end, values_match

logger = logging.getLogger(__name__)

Edits = Mapping[int, Sequence[Any]]
_WS = " \t\r\n"


def edited_list(items: Sequence[Any], edits: Edits) -> list[Any]:
    """The list ``items`` becomes under ``edits`` (see the module docstring)."""
    result: list[Any] = []
    for index, item in enumerate(items):
        result.extend(edits[index] if index in edits else (item,))
    return result


def edit_list_items(fmt: str | None, text: str, path: tuple[str, ...], edits: Edits) -> str | None:
    """``text`` with the list at ``path`` edited item by item, or None when that cannot be
    done in place (see the module docstring)."""
    if not edits or fmt not in _EDITORS:
        return None
    try:
        handler = _HANDLERS[fmt](text)
        old_list = _value_at(handler.metadata, path)
        if not isinstance(old_list, list) or any(not 0 <= i < len(old_list) for i in edits):
            return None
        expected = edited_list(old_list, edits)
        if not expected:
            return _emptied(fmt, text, handler, path)
        new_text = _EDITORS[fmt](text, handler, path, edits)
    except (PostError, ValueError, KeyError, IndexError, TypeError) as exc:
        logger.debug("list items of %s not edited in place: %s", path, exc)
        return None
    if new_text is None or not _reads_as(fmt, new_text, handler.metadata, path, expected):
        return None
    return new_text


def _value_at(metadata: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = metadata
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def _reads_as(
    fmt: str, text: str, old: Mapping[str, Any], path: tuple[str, ...], expected: list
) -> bool:
    """Does ``text`` hold ``expected`` at ``path`` and everything else as ``old`` had it?"""
    try:
        new = _HANDLERS[fmt](text).metadata
    except PostError:
        return False
    if not values_match(expected, _value_at(new, path)):
        return False
    return _without(new, path) == _without(old, path)


def _without(metadata: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    """The metadata with the value at ``path`` taken out (for comparing everything else)."""
    if not path or not isinstance(metadata, Mapping):
        return metadata
    head, rest = path[0], path[1:]
    copy = dict(metadata)
    if head in copy:
        copy[head] = _without(copy[head], rest) if rest else None
    return copy


# --------------------------------------------------------------------------- flow lists


def _flow_items(
    text: str,
    spans: list[tuple[int, int]],
    edits: Edits,
    render: Callable[[Any, int], str],
    single_separator: str,
) -> tuple[int, int, str]:
    """(start, end, replacement) for the items of a bracketed list: untouched items keep
    their text, neighbours keep the separator that followed the first of them."""

    def separator_after(index: int) -> str:
        if index + 1 < len(spans):
            return text[spans[index][1] : spans[index + 1][0]]
        if index > 0:
            return text[spans[index - 1][1] : spans[index][0]]
        return single_separator

    parts: list[tuple[int, str]] = []  # (anchor: the old item's index, text)
    for index, (start, end) in enumerate(spans):
        if index in edits:
            parts.extend((index, render(value, index)) for value in edits[index])
        else:
            parts.append((index, text[start:end]))
    out = [parts[0][1]]
    for (anchor, _), (_, piece) in zip(parts, parts[1:], strict=False):
        out.append(separator_after(anchor) + piece)
    return spans[0][0], spans[-1][1], "".join(out)


def _single_separator(text: str, open_index: int, first_start: int) -> str:
    """How a one-item list separates a second item: as it sits after its bracket."""
    gap = text[open_index + 1 : first_start]
    return "," + gap if "\n" in gap else ", "


# --------------------------------------------------------------------------- YAML


def _yaml_node(root: Node | None, path: tuple[str, ...]) -> Node | None:
    node = root
    for key in path:
        if not isinstance(node, MappingNode):
            return None
        found = None
        for key_node, value_node in node.value:  # the LAST occurrence: the one read
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                found = value_node
        node = found
    return node


def _yaml(text: str, handler: Any, path: tuple[str, ...], edits: Edits) -> str | None:
    node = _yaml_node(handler.root, path)
    if not isinstance(node, SequenceNode) or len(node.value) != len(
        _value_at(handler.metadata, path)
    ):
        return None
    items = node.value
    if any(not isinstance(items[i], ScalarNode) for i in edits):
        return None
    writer = Writer(text, handler.root)
    if node.flow_style:
        spans = [(item.start_mark.index, node_end(item, text)) for item in items]
        open_index = node.start_mark.index

        def render(value: Any, index: int) -> str:
            return writer.scalar(value, items[index], True, "")

        start, end, replacement = _flow_items(
            text, spans, edits, render, _single_separator(text, open_index, spans[0][0])
        )
        return text[:start] + replacement + text[end:]
    newline = "\r\n" if "\r\n" in text else "\n"
    for index in sorted(edits, reverse=True):  # from the end: earlier offsets stay valid
        item = items[index]
        start, end = item.start_mark.index, node_end(item, text)
        first = line_start(text, start)
        prefix = text[first:start]
        if prefix.strip(" \t") != "-" or "\n" in text[start:end]:
            return None  # not a plain '- item' line
        values = edits[index]
        if not values:
            text = text[:first] + text[line_end(text, end) :]
            continue
        indent = " " * len(prefix)
        pieces = [writer.scalar(value, item, False, indent) for value in values]
        text = text[:start] + (newline + prefix).join(pieces) + text[end:]
    return text


# --------------------------------------------------------------------------- JSON


def _json_spans(text: str, open_index: int) -> list[tuple[int, int]] | None:
    decoder = json.JSONDecoder()
    spans: list[tuple[int, int]] = []
    i = _skip(text, open_index + 1)
    if text[i] == "]":
        return spans
    while True:
        _, end = decoder.raw_decode(text, i)
        spans.append((i, end))
        i = _skip(text, end)
        if text[i] == ",":
            i = _skip(text, i + 1)
        elif text[i] == "]":
            return spans
        else:
            return None


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def _json(text: str, handler: Any, path: tuple[str, ...], edits: Edits) -> str | None:
    if len(path) != 1:
        return None  # a nested JSON field is set whole (fm_json edits top-level members)
    member = next((m for m in reversed(handler.members) if m.key == path[0]), None)
    if member is None or text[member.value_start] != "[":
        return None
    spans = _json_spans(text, member.value_start)
    if not spans:
        return None

    def render(value: Any, _index: int) -> str:
        return json.dumps(value, ensure_ascii=handler.ascii, default=str)

    start, end, replacement = _flow_items(
        text, spans, edits, render, _single_separator(text, member.value_start, spans[0][0])
    )
    return text[:start] + replacement + text[end:]


# --------------------------------------------------------------------------- TOML


def _toml(text: str, handler: Any, path: tuple[str, ...], edits: Edits) -> str | None:
    import tomlkit
    import tomlkit.items

    document = tomlkit.parse(text)
    container: Any = document
    for key in path[:-1]:
        container = container[key]
    array = container[path[-1]]
    if not isinstance(array, tomlkit.items.Array):
        return None
    for index in sorted(edits, reverse=True):
        old = array[index]
        values = edits[index]
        if not values:
            del array[index]
            continue
        array[index] = _toml_item(values[0], old)
        for offset, value in enumerate(values[1:], 1):
            array.insert(index + offset, _toml_item(value, old))
    return tomlkit.dumps(document)


def _toml_item(value: Any, old: Any) -> Any:
    import tomlkit
    import tomlkit.items

    if isinstance(value, str) and isinstance(old, tomlkit.items.String):
        literal = old.as_string().startswith("'") and "'" not in value and "\n" not in value
        return tomlkit.string(value, literal=literal)
    return tomlkit.item(value)


# --------------------------------------------------------------------------- emptied


def _emptied(fmt: str, text: str, handler: Any, path: tuple[str, ...]) -> str | None:
    """Every item removed: a bracketed list becomes ``[]``; a block list is set whole."""
    if fmt == "yaml":
        node = _yaml_node(handler.root, path)
        if isinstance(node, SequenceNode) and node.flow_style:
            new_text = text[: node.start_mark.index] + "[]" + text[node.end_mark.index :]
            return new_text if _reads_as(fmt, new_text, handler.metadata, path, []) else None
        return None
    if fmt == "json" and len(path) == 1:
        member = next((m for m in reversed(handler.members) if m.key == path[0]), None)
        if member is None or text[member.value_start] != "[":
            return None
        new_text = text[: member.value_start] + "[]" + text[member.value_end :]
        return new_text if _reads_as(fmt, new_text, handler.metadata, path, []) else None
    if fmt == "toml":
        old = _value_at(handler.metadata, path)
        new_text = _toml(text, handler, path, {i: () for i in range(len(old))})
        if new_text is not None and _reads_as(fmt, new_text, handler.metadata, path, []):
            return new_text
    return None


_HANDLERS: dict[str, Callable[[str], Any]] = {
    "yaml": YamlFrontMatter,
    "toml": TomlFrontMatter,
    "json": JsonFrontMatter,
}
_EDITORS: dict[str, Callable[[str, Any, tuple[str, ...], Edits], str | None]] = {
    "yaml": _yaml,
    "toml": _toml,
    "json": _json,
}

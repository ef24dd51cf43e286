"""YAML front matter: parsed safely with libyaml, edited by patching the text in place.

Nothing here re-emits a whole document. An edit finds the character spans of
the one key it changes (libyaml's node marks), writes the new value in the
style of the old one (quotes, flow or block list, block scalar, date
pattern), and splices it in. The result is parsed again and compared with
what was asked for; when a style cannot carry a value the writer falls back
to a double-quoted form rather than change its meaning.

A key written twice (which the site generators accept, keeping the last value)
is read and edited at its LAST occurrence, so the generator reads what was set;
deleting or renaming such a key does so at every occurrence, so an earlier one
cannot come back into effect.

Loading is in ``yaml_load``; the style-keeping writers are in ``yaml_write``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from editor.core.errors import PostError
from editor.core.post.formats.flat_yaml import flat_yaml_text
from editor.core.post.formats.yaml_load import parse, parse_uncached
from editor.core.post.formats.yaml_tolerance import FrontMatterWarning, find_warnings
from editor.core.post.formats.yaml_write import (
    Writer,
    column,
    json_like,
    line_end,
    line_start,
    node_end,
    quoted,
    same_value,
    values_match,
)


class YamlFrontMatter:
    """One YAML front-matter text, its parse, and edits that return new text."""

    format = "yaml"

    def __init__(self, text: str, *, verified: bool = False):
        """Parse ``text`` now, or on first use when an edit has ``verified`` it already."""
        self.text = text
        self._parsed: tuple[MappingNode | None, dict[str, Any]] | None = None
        if not verified:
            self._parsed = parse(text)

    @property
    def root(self) -> MappingNode | None:
        if self._parsed is None:
            self._parsed = parse(self.text)
        return self._parsed[0]

    @property
    def metadata(self) -> dict[str, Any]:
        if self._parsed is None:
            self._parsed = parse(self.text)
        return self._parsed[1]

    # ---- reading

    def _pairs(self, node: MappingNode | None) -> list[tuple[Node, Node]]:
        return list(node.value) if node is not None else []

    def _find(self, node: MappingNode | None, key: str) -> int | None:
        """The index of ``key``'s LAST occurrence: the one YAML loaders keep."""
        pairs = self._pairs(node)
        for index in range(len(pairs) - 1, -1, -1):
            key_node = pairs[index][0]
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return index
        return None

    def _find_all(self, node: MappingNode | None, key: str) -> list[int]:
        return [
            index
            for index, (key_node, _) in enumerate(self._pairs(node))
            if isinstance(key_node, ScalarNode) and key_node.value == key
        ]

    @property
    def warnings(self) -> list[FrontMatterWarning]:
        """Keys written twice and impossible dates; lines 1-based within the text."""
        return find_warnings(self.root)

    def _mapping_at(self, path: tuple[str, ...]) -> tuple[MappingNode | None, Mapping]:
        node, value = self.root, self.metadata
        for key in path:
            index = self._find(node, key)
            if index is None:
                raise PostError(f"there is no field '{key}'")
            node = node.value[index][1]
            value = value.get(key) if isinstance(value, Mapping) else None
            if not isinstance(node, MappingNode) or not isinstance(value, Mapping):
                raise PostError(f"'{key}' is not a map of fields")
        return node, value

    def key_lines(self) -> dict[str, int]:
        return {
            key_node.value: key_node.start_mark.line + 1
            for key_node, _ in self._pairs(self.root)
            if isinstance(key_node, ScalarNode)
        }

    def raw_value_text(self, key: str) -> str | None:
        index = self._find(self.root, key)
        if index is None:
            return None
        node = self.root.value[index][1]
        if isinstance(node, ScalarNode):
            return node.value
        return self.text[node.start_mark.index : node_end(node, self.text)]

    def is_block_text(self, key: str) -> bool:
        index = self._find(self.root, key)
        if index is None:
            return False
        node = self.root.value[index][1]
        return isinstance(node, ScalarNode) and node.style in ("|", ">")

    # ---- editing: each returns the new text; the caller re-parses it

    def with_set(self, path: tuple[str, ...], value: Any) -> str:
        parent, parent_value = self._mapping_at(path[:-1])
        key = path[-1]
        index = self._find(parent, key)
        if index is None:
            new_text = self._with_added(parent, key, value)
            if self._carries(new_text, path, value):
                return new_text
            raise PostError(f"cannot write this value for '{key}'")
        key_node, value_node = parent.value[index]
        old_value = parent_value.get(key)
        if same_value(old_value, value):
            return self.text
        if (
            isinstance(value, Mapping)
            and value
            and isinstance(value_node, MappingNode)
            and not value_node.flow_style
            and isinstance(old_value, Mapping)
        ):
            return self._with_map_merged(path, old_value, value)
        start, end, replacement = self._replacement(parent, key_node, value_node, old_value, value)
        new_text = self.text[:start] + replacement + self.text[end:]
        if self._carries(new_text, path, value):
            return new_text
        # The preferred style could not carry the value: fall back to quoted flow text.
        colon = self._colon_after(key_node)
        end = max(colon + 1, node_end(value_node, self.text))
        fallback = " " + json_like(value)
        new_text = self.text[: colon + 1] + fallback + self.text[end:]
        if self._carries(new_text, path, value):
            return new_text
        raise PostError(f"cannot write this value for '{key}'")

    def _carries(self, text: str, path: tuple[str, ...], value: Any) -> bool:
        """Does ``text`` read back with ``value`` at ``path``?

        A top-level key of a block mapping is checked by parsing just its own
        lines: an edit replaced characters inside them only, at their own
        indentation, so nothing outside can read differently.
        """
        try:
            metadata = self._parse_edited_lines(text, path)
        except PostError:
            return False
        current: Any = metadata
        for key in path:
            if not isinstance(current, Mapping) or key not in current:
                return False
            current = current[key]
        return values_match(value, current)

    def _parse_edited_lines(self, text: str, path: tuple[str, ...]) -> dict[str, Any]:
        root = self.root
        if len(path) != 1 or root is None or root.flow_style:
            return parse(text)[1]
        index = self._find(root, path[0])
        if index is None:
            return parse(text)[1]
        start = line_start(self.text, root.value[index][0].start_mark.index)
        old_end = line_end(self.text, self._value_end(*root.value[index]))
        tail = len(self.text) - old_end  # the text after the key's lines is unchanged
        if text[:start] != self.text[:start] or text[len(text) - tail :] != self.text[old_end:]:
            return parse(text)[1]
        lines = text[start : len(text) - tail]
        flat = flat_yaml_text(lines, lines.split("\n"), 1)
        # Flat lines read as flat_yaml reads them, exactly; the library reads the rest.
        return flat[0] if flat is not None else parse_uncached(lines)[1]

    def _with_map_merged(self, path: tuple[str, ...], old: Mapping, new: Mapping) -> str:
        current = self
        for key in old:
            if key not in new:
                current = YamlFrontMatter(current.with_delete(path + (key,)))
        for key, value in new.items():
            current = YamlFrontMatter(current.with_set(path + (str(key),), value))
        return current.text

    def _colon_after(self, key_node: Node) -> int:
        colon = self.text.find(":", key_node.end_mark.index)
        if colon < 0:
            raise PostError("cannot find the ':' after a key")
        return colon

    def _replacement(
        self, parent: MappingNode, key_node: Node, value_node: Node, old_value: Any, value: Any
    ) -> tuple[int, int, str]:
        text = self.text
        writer = Writer(text, self.root)
        start = value_node.start_mark.index
        end = node_end(value_node, text)
        if parent.flow_style:
            return start, end, writer.nested_flow(value)
        empty = (
            isinstance(value_node, ScalarNode) and not value_node.style and value_node.value == ""
        )
        key_indent = " " * column(text, key_node.start_mark.index)
        if isinstance(value, list | tuple):
            items = list(value)
            old_items = old_value if isinstance(old_value, list) else None
            if isinstance(value_node, SequenceNode) and value_node.flow_style:
                return start, end, writer.flow_list(items, value_node, old_items)
            if isinstance(value_node, SequenceNode) and items:
                dash = " " * column(text, start)
                return start, end, writer.block_list(items, value_node, dash, old_items)
        elif isinstance(value, Mapping):
            if isinstance(value_node, MappingNode) and value_node.flow_style:
                return start, end, writer.nested_flow(value)
        elif isinstance(value_node, ScalarNode) and not empty:
            return (
                start,
                end,
                writer.scalar(value, value_node, False, self._block_indent(value_node, key_indent)),
            )
        colon = self._colon_after(key_node)
        end = colon + 1 if empty else end
        return colon + 1, end, writer.value_after_colon(value, key_indent)

    def _block_indent(self, node: ScalarNode, key_indent: str) -> str:
        if node.style in ("|", ">"):
            for line in self.text[node.start_mark.index : node.end_mark.index].split("\n")[1:]:
                if line.strip():
                    return line[: len(line) - len(line.lstrip(" "))]
        return key_indent + "  "

    def _with_added(self, parent: MappingNode | None, key: str, value: Any) -> str:
        text = self.text
        writer = Writer(text, self.root)
        newline = writer.style.newline
        if parent is not None and parent.flow_style:
            close = parent.end_mark.index - 1
            sep = ", " if parent.value else ""
            return (
                text[:close] + f"{sep}{writer.key(key)}: {writer.nested_flow(value)}" + text[close:]
            )
        pairs = self._pairs(parent)
        if pairs:
            indent = " " * column(text, pairs[0][0].start_mark.index)
            last_key, last_value = pairs[-1]
            at = line_end(text, self._value_end(last_key, last_value))
        else:
            indent, at = "", len(text)
        prefix = newline if at > 0 and not text[:at].endswith("\n") else ""
        line = indent + writer.key(key) + ":" + writer.value_after_colon(value, indent) + newline
        return text[:at] + prefix + line + text[at:]

    def _value_end(self, key_node: Node, value_node: Node) -> int:
        if isinstance(value_node, ScalarNode) and not value_node.style and value_node.value == "":
            return self._colon_after(key_node) + 1
        return node_end(value_node, self.text)

    def with_delete(self, path: tuple[str, ...]) -> str:
        """Delete the field; a key written twice goes at every occurrence (deleting only
        the last would bring the earlier value back into effect)."""
        parent, _ = self._mapping_at(path[:-1])
        count = len(self._find_all(parent, path[-1]))
        text = self._with_one_deleted(path)
        for _ in range(count - 1):  # the last occurrence went first; then the one before
            text = YamlFrontMatter(text)._with_one_deleted(path)
        return text

    def _with_one_deleted(self, path: tuple[str, ...]) -> str:
        parent, _ = self._mapping_at(path[:-1])
        index = self._find(parent, path[-1])
        if index is None:
            raise PostError(f"there is no field '{path[-1]}'")
        key_node, value_node = parent.value[index]
        text = self.text
        if parent.flow_style:
            start, end = key_node.start_mark.index, value_node.end_mark.index
            if index + 1 < len(parent.value):
                end = parent.value[index + 1][0].start_mark.index
            elif index > 0:
                start = node_end(parent.value[index - 1][1], text)
            return text[:start] + text[end:]
        start = line_start(text, key_node.start_mark.index)
        if text[start : key_node.start_mark.index].strip():
            start = key_node.start_mark.index
        end = line_end(text, self._value_end(key_node, value_node))
        return text[:start] + text[end:]

    def with_rename(self, path: tuple[str, ...], new_key: str) -> str:
        """Rename the field; a key written twice is renamed at every occurrence, so the
        new name reads the same (last) value and the old name is gone."""
        parent, _ = self._mapping_at(path[:-1])
        indexes = self._find_all(parent, path[-1])
        if not indexes:
            raise PostError(f"there is no field '{path[-1]}'")
        if self._find(parent, new_key) is not None:
            raise PostError(f"a field named '{new_key}' already exists")
        text = self.text
        for index in reversed(indexes):  # from the end, so earlier offsets stay valid
            key_node = parent.value[index][0]
            if key_node.style in ("'", '"'):
                written = quoted(new_key, key_node.style)
            else:
                written = Writer(self.text, self.root).key(new_key)
            text = text[: key_node.start_mark.index] + written + text[key_node.end_mark.index :]
        return text

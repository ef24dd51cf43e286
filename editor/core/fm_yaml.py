"""YAML front matter: parsed safely with libyaml, edited by patching the text in place.

Nothing here re-emits a whole document. An edit finds the character spans of
the one key it changes (libyaml's node marks), writes the new value in the
style of the old one (quotes, flow or block list, block scalar, date
pattern), and splices it in. The result is parsed again and compared with
what was asked for; when a style cannot carry a value the writer falls back
to a double-quoted form rather than change its meaning.

Loading never constructs arbitrary objects (safe tags only), refuses alias
bombs and recursive aliases, and reports duplicate keys as errors, so a save
can never drop one of them silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from editor.core import dates
from editor.core.errors import PostError

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_EXPANDED_NODES = 100_000
# YAML front matter always follows the opening '---' line; messages that name
# another line inside the text add this to speak in file lines.
FILE_LINE_OFFSET = 1
MAX_NESTING = 200
_STR_TAG = "tag:yaml.org,2002:str"
_resolver = Resolver()
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_BOOL_WORDS = {
    "true": ("true", "false"),
    "false": ("true", "false"),
    "yes": ("yes", "no"),
    "no": ("yes", "no"),
    "on": ("on", "off"),
    "off": ("on", "off"),
    "y": ("y", "n"),
    "n": ("y", "n"),
}


# --------------------------------------------------------------------------- parsing


def _yaml_error(exc: yaml.YAMLError, text: str) -> PostError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    at_tab = mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"
    if at_tab or "'\\t'" in problem:
        problem = "a tab character is used for indentation, and YAML allows only spaces"
    elif getattr(exc, "context", None) and "constructor" in type(exc).__module__:
        problem = f"{exc.context}: {problem}" if exc.context else problem
    line = mark.line + 1 if mark is not None else None
    return PostError(f"invalid YAML in front matter: {problem}", line=line)


def _nesting_depth(text: str) -> int:
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return 0  # cannot nest deeper than the number of openers
    depth = best = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return best


def _check_graph(root: Node) -> None:
    """Refuse alias bombs, recursive aliases, deep nesting and duplicate keys."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    # Iterative post-order walk, so hostile nesting cannot exhaust the Python stack.
    stack: list[tuple[Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, expanded = stack.pop()
        key = id(node)
        if expanded:
            in_progress.discard(key)
            total = 1
            for child in _children(node):
                total += sizes[id(child)]
            sizes[key] = total
            if total > MAX_EXPANDED_NODES:
                raise PostError(
                    "front matter expands to too many values (an alias bomb?)",
                    line=node.start_mark.line + 1,
                )
            continue
        if key in sizes:
            continue
        if key in in_progress:
            raise PostError(
                "front matter contains a recursive alias", line=node.start_mark.line + 1
            )
        if depth > MAX_NESTING:
            raise PostError("front matter is nested too deeply", line=node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            _check_duplicate_keys(node)
        in_progress.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            if id(child) not in sizes:
                stack.append((child, depth + 1, False))


def _check_duplicates_in_tree(root: Node) -> None:
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            _check_duplicate_keys(node)
            stack.extend(value for _, value in node.value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_duplicate_keys(node: MappingNode) -> None:
    seen: dict[tuple[str, str], int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.value == "<<":
            continue
        ident = (key_node.tag, key_node.value)
        if ident in seen:
            raise PostError(
                f"duplicate key '{key_node.value}' (first on line {seen[ident] + FILE_LINE_OFFSET})",
                line=key_node.start_mark.line + 1,
            )
        seen[ident] = key_node.start_mark.line + 1


_last_parse: tuple[str, MappingNode | None, dict[str, Any]] | None = None


def parse(text: str) -> tuple[MappingNode | None, dict[str, Any]]:
    """Compose and construct ``text``; lines in errors are 1-based within ``text``.

    The last successful result is remembered, because an edit verifies its new
    text by parsing it and the Post then adopts that same text.
    """
    global _last_parse
    cached = _last_parse
    if cached is not None and cached[0] == text:
        return cached[1], cached[2]
    root, metadata = _parse(text)
    _last_parse = (text, root, metadata)
    return root, metadata


def _parse(text: str) -> tuple[MappingNode | None, dict[str, Any]]:
    if _nesting_depth(text) > MAX_NESTING:
        raise PostError("front matter is nested too deeply")
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        if not isinstance(node, MappingNode):
            kind = "a list" if isinstance(node, SequenceNode) else "a single value"
            if isinstance(node, ScalarNode) and node.value == "" and node.tag != _STR_TAG:
                return None, {}
            raise PostError(
                f"front matter is {kind}, not a set of key: value fields",
                line=node.start_mark.line + 1,
            )
        if "*" in text:
            _check_graph(node)
        else:  # without aliases the graph is a tree no bigger than the text
            _check_duplicates_in_tree(node)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text) from None
    except PostError:
        raise
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML's timestamp constructor raises plain errors for dates like 2021-13-04.
        raise PostError(
            f"invalid value in front matter: {exc}", line=_bad_value_line(node)
        ) from None
    except RecursionError:
        raise PostError("front matter is nested too deeply") from None
    finally:
        loader.dispose()
    metadata: dict[str, Any] = {}
    for key, value in data.items():
        metadata[key if isinstance(key, str) else _key_text(key)] = value
    return node, metadata


def _bad_value_line(root: Node) -> int | None:
    """The line of the first timestamp-looking scalar that is not a real date."""
    stack = [root]
    while stack:
        node = stack.pop(0)
        if isinstance(node, ScalarNode) and node.tag.endswith(":timestamp"):
            try:
                yaml.constructor.SafeConstructor().construct_yaml_timestamp(node)
            except (ValueError, TypeError, OverflowError):
                return node.start_mark.line + 1
        stack.extend(_children(node))
    return None


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


# --------------------------------------------------------------------------- text helpers


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Index just past the line break of the line holding ``index``."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def _column(text: str, index: int) -> int:
    return index - _line_start(text, index)


def node_end(node: Node, text: str) -> int:
    """Where a value's own text ends: block nodes exclude what follows their last line."""
    if isinstance(node, ScalarNode):
        end = node.end_mark.index
        if node.style in ("|", ">"):
            while end > node.start_mark.index and text[end - 1] in " \t\r\n":
                end -= 1
        return end
    if node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return node_end(last[1] if isinstance(node, MappingNode) else last, text)


class _Style:
    """What the file does by habit: newline, quote, list style and indentation."""

    def __init__(self, text: str, root: MappingNode | None):
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.quote = '"'
        self.flow_lists = False
        self.dash_offset = 2
        singles = doubles = flows = blocks = 0
        dash_offsets: list[int] = []
        if root is not None:
            for key_node, value in root.value:
                if isinstance(value, SequenceNode):
                    if value.flow_style:
                        flows += 1
                    else:
                        blocks += 1
                        dash_offsets.append(
                            _column(text, value.start_mark.index)
                            - _column(text, key_node.start_mark.index)
                        )
                    items = value.value
                else:
                    items = [value]
                for item in items:
                    if isinstance(item, ScalarNode):
                        singles += item.style == "'"
                        doubles += item.style == '"'
        if singles > doubles:
            self.quote = "'"
        self.flow_lists = flows > blocks
        if dash_offsets:
            self.dash_offset = dash_offsets[0]


# --------------------------------------------------------------------------- scalar writers


def plain_ok(value: str, flow: bool = False) -> bool:
    """Can ``value`` be written unquoted and still read back as this same string?"""
    if not value or value != value.strip() or value[0] in _INDICATORS:
        return False
    if any(ch in value for ch in "\n\r\t") or not value.isprintable():
        return False
    if ": " in value or " #" in value or value.endswith(":"):
        return False
    if flow and any(ch in value for ch in ",[]{}"):
        return False
    return _resolver.resolve(ScalarNode, value, (True, False)) == _STR_TAG


def single_quoted(value: str) -> str | None:
    if "\n" in value or "\r" in value or not value.isprintable():
        return None
    return "'" + value.replace("'", "''") + "'"


_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\0": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def double_quoted(value: str) -> str:
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif not ch.isprintable() and ch != " ":
            code = ord(ch)
            if code < 0x100:
                out.append(f"\\x{code:02X}")
            elif code < 0x10000:
                out.append(f"\\u{code:04X}")
            else:
                out.append(f"\\U{code:08X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _quoted(value: str, quote: str) -> str:
    if quote == "'":
        text = single_quoted(value)
        if text is not None:
            return text
    return double_quoted(value)


def _block_scalar(value: str, indicator: str, indent: str, newline: str) -> str | None:
    """A literal/folded block scalar for ``value`` (header first), or None if it can't be one."""
    if not value or value[0] in " \t" or not value.strip("\n"):
        return None
    if any(ch in value for ch in "\r\x85\u2028\u2029") or not value.replace("\n", "").isprintable():
        return None
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    lines = body.split("\n")
    if indicator == ">":
        if any(line.startswith((" ", "\t")) for line in lines):
            indicator = "|"
        else:
            # Folding joins single breaks, so each break in the value becomes a blank line.
            lines = "\n\n".join(lines).split("\n")
    out = [indicator + chomp]
    out.extend(indent + line if line else "" for line in lines)
    text = newline.join(out)
    if chomp == "+":
        text += newline * (trailing - 1)
    return text


def _bool_text(value: bool, old_text: str | None) -> str:
    if old_text:
        words = _BOOL_WORDS.get(old_text.lower())
        if words:
            word = words[0] if value else words[1]
            if old_text.isupper():
                return word.upper()
            if old_text[0].isupper():
                return word.capitalize()
            return word
    return "true" if value else "false"


def _float_text(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "e" in text and "." not in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


class Writer:
    """Writes values into a YAML text in the style of the value they replace."""

    def __init__(self, text: str, root: MappingNode | None):
        self.text = text
        self.style = _Style(text, root)

    def scalar(self, value: Any, old: Node | None, flow: bool, indent: str) -> str:
        """Inline text for a scalar value (may be a block scalar header + lines)."""
        old_style = old.style if isinstance(old, ScalarNode) else None
        old_text = old.value if isinstance(old, ScalarNode) else None
        if isinstance(value, bool):
            return _bool_text(value, old_text if old_style in ("", None) else None)
        if value is None:
            if (
                old_text is not None
                and old_style in ("", None)
                and old_text in ("~", "null", "Null", "NULL")
            ):
                return old_text
            return "null"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return _float_text(value)
        if isinstance(value, date):
            fmt = dates.detect_format(old_text) if old_text else None
            if (
                fmt
                and isinstance(value, datetime)
                and not dates.has_time(fmt)
                and value.time() != time()
            ):
                fmt = dates.format_for_value(value)  # never drop a time the caller gave
            text = dates.format(value, fmt or dates.format_for_value(value))
            if old_style in ("'", '"') and fmt is not None:
                return _quoted(text, old_style)  # a date the site keeps as a quoted string
            if fmt is None and isinstance(value, datetime) and value.tzinfo is None:
                return text
            return text if _plain_or_timestamp(text, flow) else _quoted(text, self.style.quote)
        if not isinstance(value, str):
            value = str(value)
        if not flow and (old_style in ("|", ">") or "\n" in value):
            block = _block_scalar(
                value, old_style if old_style in ("|", ">") else "|", indent, self.style.newline
            )
            if block is not None:
                return block
        if old_style in ("'", '"'):
            return _quoted(value, old_style)
        if plain_ok(value, flow):
            return value
        return _quoted(value, self.style.quote)

    def flow_list(
        self, items: list, old: SequenceNode | None, old_values: list | None = None
    ) -> str:
        inner_pad, sep = "", ", "
        old_items: list[tuple[Any, str]] = []
        quote_style = None
        if old is not None and old.flow_style:
            start, end = old.start_mark.index, old.end_mark.index
            body = self.text[start + 1 : end - 1]
            if body.startswith(" ") and body.endswith(" ") and body.strip():
                inner_pad = " "
            if len(old.value) >= 2:
                between = self.text[old.value[0].end_mark.index : old.value[1].start_mark.index]
                if "\n" not in between:
                    sep = between
            for node, value in zip(old.value, old_values or [], strict=False):
                old_items.append(
                    (value, self.text[node.start_mark.index : node_end(node, self.text)])
                )
                if (
                    isinstance(node, ScalarNode)
                    and node.style in ("'", '"')
                    and quote_style is None
                ):
                    quote_style = node.style
        parts = [
            self._item(item, old_items, flow=True, quote=quote_style, indent="") for item in items
        ]
        if not parts:
            return "[]"
        return "[" + inner_pad + sep.join(parts) + inner_pad + "]"

    def block_list(
        self,
        items: list,
        old: SequenceNode | None,
        dash_indent: str,
        old_values: list | None = None,
    ) -> str:
        """Items as '- x' lines; the first line carries no indentation (it sits in place)."""
        old_items: list[tuple[Any, str]] = []
        quote_style = None
        if old is not None and not old.flow_style:
            for node, value in zip(old.value, old_values or [], strict=False):
                old_items.append(
                    (value, self.text[node.start_mark.index : node_end(node, self.text)])
                )
                if (
                    isinstance(node, ScalarNode)
                    and node.style in ("'", '"')
                    and quote_style is None
                ):
                    quote_style = node.style
        nl = self.style.newline
        lines = []
        for item in items:
            text = self._item(
                item, old_items, flow=False, quote=quote_style, indent=dash_indent + "  "
            )
            lines.append("- " + text)
        return (nl + dash_indent).join(lines)

    def _item(self, item: Any, old_items: list, flow: bool, quote: str | None, indent: str) -> str:
        for i, (old_value, text) in enumerate(old_items):
            if _same_value(old_value, item):
                del old_items[i]
                return text
        if isinstance(item, Mapping | list | tuple):
            return self.nested_flow(item) if flow else self.nested_block(item, indent)
        if isinstance(item, str) and quote:
            # A list whose items are quoted gets its new items quoted the same way.
            return _quoted(item, quote)
        return self.scalar(item, None, flow, indent)

    def nested_flow(self, value: Any) -> str:
        if isinstance(value, Mapping):
            inner = ", ".join(
                f"{self.key(str(k))}: {self.nested_flow(v)}" for k, v in value.items()
            )
            return "{" + inner + "}"
        if isinstance(value, list | tuple):
            return self.flow_list(list(value), None)
        return self.scalar(value, None, True, "")

    def nested_block(self, value: Any, indent: str) -> str:
        """Block text for a map or list; the first line carries no indentation."""
        nl = self.style.newline
        if isinstance(value, Mapping):
            if not value:
                return "{}"
            lines = []
            for k, v in value.items():
                lines.append(self.key(str(k)) + ":" + self.value_after_colon(v, indent))
            return (nl + indent).join(lines)
        if isinstance(value, list | tuple):
            if not value:
                return "[]"
            return self.block_list(list(value), None, indent)
        return self.scalar(value, None, False, indent + "  ")

    def value_after_colon(self, value: Any, indent: str) -> str:
        """' value' or a newline and an indented block, for text right after 'key:'."""
        nl = self.style.newline
        child = indent + "  "
        if isinstance(value, Mapping) and value:
            return nl + child + self.nested_block(value, child)
        if isinstance(value, list | tuple) and value:
            if self.style.flow_lists and all(
                not isinstance(v, Mapping | list | tuple) for v in value
            ):
                return " " + self.flow_list(list(value), None)
            dash = indent + " " * self.style.dash_offset
            return nl + dash + self.block_list(list(value), None, dash)
        if isinstance(value, Mapping):
            return " {}"
        if isinstance(value, list | tuple):
            return " []"
        return " " + self.scalar(value, None, False, child)

    def key(self, key: str) -> str:
        return key if plain_ok(key) else double_quoted(key)


def _plain_or_timestamp(text: str, flow: bool) -> bool:
    if not text or text[0] in _INDICATORS or ": " in text or " #" in text:
        return False
    return not (flow and any(ch in text for ch in ",[]{}"))


def _same_value(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


# --------------------------------------------------------------------------- the document


def values_match(expected: Any, actual: Any) -> bool:
    """Does the re-parsed ``actual`` carry what was asked for? Dates compare in the field's format."""
    if isinstance(expected, tuple):
        expected = list(expected)
    if isinstance(expected, date):
        if isinstance(actual, str):
            fmt = dates.detect_format(actual)
            return fmt is not None and dates.format(expected, fmt) == actual
        if isinstance(actual, date):
            fmt = dates.format_for_value(actual)
            return dates.format(expected, fmt) == dates.format(actual, fmt)
        return False
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping) or len(expected) != len(actual):
            return False
        by_name = {str(k): v for k, v in actual.items()}
        return all(
            str(k) in by_name and values_match(v, by_name[str(k)]) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(values_match(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, float) and expected != expected:
        return isinstance(actual, float) and actual != actual
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    return expected == actual


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
        for index, (key_node, _) in enumerate(self._pairs(node)):
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return index
        return None

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
        if _same_value(old_value, value):
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
        fallback = " " + _json_like(value)
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
        start = _line_start(self.text, root.value[index][0].start_mark.index)
        old_end = _line_end(self.text, self._value_end(*root.value[index]))
        tail = len(self.text) - old_end  # the text after the key's lines is unchanged
        if text[:start] != self.text[:start] or text[len(text) - tail :] != self.text[old_end:]:
            return parse(text)[1]
        return _parse(text[start : len(text) - tail])[1]

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
        key_indent = " " * _column(text, key_node.start_mark.index)
        if isinstance(value, list | tuple):
            items = list(value)
            old_items = old_value if isinstance(old_value, list) else None
            if isinstance(value_node, SequenceNode) and value_node.flow_style:
                return start, end, writer.flow_list(items, value_node, old_items)
            if isinstance(value_node, SequenceNode) and items:
                dash = " " * _column(text, start)
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
            indent = " " * _column(text, pairs[0][0].start_mark.index)
            last_key, last_value = pairs[-1]
            at = _line_end(text, self._value_end(last_key, last_value))
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
        start = _line_start(text, key_node.start_mark.index)
        if text[start : key_node.start_mark.index].strip():
            start = key_node.start_mark.index
        end = _line_end(text, self._value_end(key_node, value_node))
        return text[:start] + text[end:]

    def with_rename(self, path: tuple[str, ...], new_key: str) -> str:
        parent, _ = self._mapping_at(path[:-1])
        index = self._find(parent, path[-1])
        if index is None:
            raise PostError(f"there is no field '{path[-1]}'")
        if self._find(parent, new_key) is not None:
            raise PostError(f"a field named '{new_key}' already exists")
        key_node = parent.value[index][0]
        if key_node.style in ("'", '"'):
            written = _quoted(new_key, key_node.style)
        else:
            written = Writer(self.text, self.root).key(new_key)
        return (
            self.text[: key_node.start_mark.index] + written + self.text[key_node.end_mark.index :]
        )


def _json_like(value: Any) -> str:
    if isinstance(value, Mapping):
        return (
            "{"
            + ", ".join(f"{double_quoted(str(k))}: {_json_like(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_json_like(v) for v in value) + "]"
    if isinstance(value, str):
        return double_quoted(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, date):
        return dates.format(value, dates.format_for_value(value))
    return double_quoted(str(value))

"""Writing YAML values in the style of the values they replace.

A quoted string stays quoted the same way, a flow list stays a flow list with
its spacing, a block list keeps its dash indentation and the text of items
that did not change, a block scalar keeps its indicator, a date keeps its
pattern and a boolean its spelling (``yes``/``True``/``true``). Values are
written only if they read back as themselves (``plain_ok``); otherwise they
are quoted. A new list follows the file's lists (flow or block); in a file without
lists it is a block list, unless it is a ``FlowList`` (the site writes flow lists).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from editor.core.values import dates

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


class FlowList(list):
    """A list to write in flow style (``[a, b]``) where the file has no list of its own
    to follow: the style of the site's other posts."""


def list_style_counts(text: str, root: MappingNode | None) -> tuple[int, int]:
    """(flow lists, block lists) among the top-level values of a front matter (its text
    and parsed root)."""
    style = _Style(text, root)
    return style.flows, style.blocks


# --------------------------------------------------------------------------- text helpers


def line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """Index just past the line break of the line holding ``index``."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def column(text: str, index: int) -> int:
    return index - line_start(text, index)


def node_end(node: Node, text: str) -> int:
    """Where a value's own text ends: block nodes exclude what follows their last line."""
    if isinstance(node, ScalarNode):
        end = node.end_mark.index
        if node.style in ("|", ">"):
            while end > node.start_mark.index and text[end - 1] in " \t\r\n":
                end -= 1
        return end
    if not isinstance(node, CollectionNode) or node.flow_style or not node.value:
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
                            column(text, value.start_mark.index)
                            - column(text, key_node.start_mark.index)
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
        self.flows, self.blocks = flows, blocks
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


def quoted(value: str, quote: str) -> str:
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
                return quoted(text, old_style)  # a date the site keeps as a quoted string
            if fmt is None and isinstance(value, datetime) and value.tzinfo is None:
                return text
            return text if _plain_or_timestamp(text, flow) else quoted(text, self.style.quote)
        if not isinstance(value, str):
            value = str(value)
        if not flow and (old_style in ("|", ">") or "\n" in value):
            block = _block_scalar(
                value, old_style if old_style in ("|", ">") else "|", indent, self.style.newline
            )
            if block is not None:
                return block
        if old_style in ("'", '"'):
            return quoted(value, old_style)
        if plain_ok(value, flow):
            return value
        return quoted(value, self.style.quote)

    def flow_list(
        self, items: list, old: SequenceNode | None, old_values: list | None = None
    ) -> str:
        inner_pad, sep = "", ", "
        old_items: list[tuple[Any, str]] = []
        quote_style = None
        if old is not None and old.flow_style:
            old_items, quote_style = self._old_items(old, old_values)
            start, end = old.start_mark.index, old.end_mark.index
            body = self.text[start + 1 : end - 1]
            if body.startswith(" ") and body.endswith(" ") and body.strip():
                inner_pad = " "
            if len(old.value) >= 2:
                between = self.text[old.value[0].end_mark.index : old.value[1].start_mark.index]
                if "\n" not in between:
                    sep = between
        parts = [
            self._item(item, old_items, flow=True, quote=quote_style, indent="") for item in items
        ]
        if not parts:
            return "[]"
        return "[" + inner_pad + sep.join(parts) + inner_pad + "]"

    def _old_items(
        self, old: SequenceNode, old_values: list | None
    ) -> tuple[list[tuple[Any, str]], str | None]:
        """(value, text as written) of each old item, and the quote style its items use."""
        items, quote_style = [], None
        for node, value in zip(old.value, old_values or [], strict=False):
            items.append((value, self.text[node.start_mark.index : node_end(node, self.text)]))
            if isinstance(node, ScalarNode) and node.style in ("'", '"') and quote_style is None:
                quote_style = node.style
        return items, quote_style

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
            old_items, quote_style = self._old_items(old, old_values)
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
            if same_value(old_value, item):
                del old_items[i]
                return text
        if isinstance(item, Mapping | list | tuple):
            return self.nested_flow(item) if flow else self.nested_block(item, indent)
        if isinstance(item, str) and quote:
            # A list whose items are quoted gets its new items quoted the same way.
            return quoted(item, quote)
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
            has_lists = self.style.flows or self.style.blocks
            flow = self.style.flow_lists if has_lists else isinstance(value, FlowList)
            if flow and all(not isinstance(v, Mapping | list | tuple) for v in value):
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


def same_value(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


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


def json_like(value: Any) -> str:
    if isinstance(value, Mapping):
        return (
            "{"
            + ", ".join(f"{double_quoted(str(k))}: {json_like(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(json_like(v) for v in value) + "]"
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

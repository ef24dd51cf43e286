"""JSON front matter (a ``{...}`` object at the top of the file), edited in place.

A small scanner records where each top-level member's key and value sit, so
an edit replaces only that value's characters and keeps the file's spacing,
indentation and escaping habits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from json.decoder import scanstring  # pyright: ignore[reportAttributeAccessIssue]
from typing import Any

from editor.core.errors import PostError
from editor.core.values import dates

_WS = " \t\r\n"
_decoder = json.JSONDecoder()


@dataclass
class _Member:
    key: str
    key_start: int
    key_end: int
    value_start: int
    value_end: int


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def _no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key '{key}'")
        seen[key] = value
    return seen


def object_end(text: str) -> int:
    """Index just past the JSON object that starts ``text``; PostError when it is not one."""
    try:
        _, end = _decoder.raw_decode(text, 0)
    except json.JSONDecodeError as exc:
        raise PostError(f"invalid JSON in front matter: {exc.msg}", line=exc.lineno) from None
    except RecursionError:
        raise PostError("front matter is nested too deeply") from None
    return end


class JsonFrontMatter:
    format = "json"

    def __init__(self, text: str):
        self.text = text
        try:
            metadata = json.loads(text, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as exc:
            raise PostError(f"invalid JSON in front matter: {exc.msg}", line=exc.lineno) from None
        except ValueError as exc:
            raise PostError(f"invalid JSON in front matter: {exc}") from None
        except RecursionError:
            raise PostError("front matter is nested too deeply") from None
        if not isinstance(metadata, dict):
            raise PostError("front matter is not a JSON object", line=1)
        self.metadata: dict[str, Any] = metadata
        self.members = self._scan()
        self.ascii = "\\u" in text and text.isascii()

    def _scan(self) -> list[_Member]:
        text, members = self.text, []
        i = _skip(text, 0) + 1
        while True:
            i = _skip(text, i)
            if i >= len(text) or text[i] == "}":
                return members
            key_start = i
            key, key_end = scanstring(text, i + 1)
            i = _skip(text, key_end) + 1
            value_start = _skip(text, i)
            _, value_end = _decoder.raw_decode(text, value_start)
            members.append(_Member(key, key_start, key_end, value_start, value_end))
            i = _skip(text, value_end)
            if i < len(text) and text[i] == ",":
                i += 1

    def _member(self, key: str) -> _Member | None:
        for member in self.members:
            if member.key == key:
                return member
        return None

    def key_lines(self) -> dict[str, int]:
        return {m.key: self.text.count("\n", 0, m.key_start) + 1 for m in self.members}

    def raw_value_text(self, key: str) -> str | None:
        value = self.metadata.get(key)
        return value if isinstance(value, str) else None

    def is_block_text(self, key: str) -> bool:
        return False

    def _dump(self, value: Any, old_text: str | None, indent: str) -> str:
        if isinstance(value, date):
            value = dates.format(value, dates.format_for_value(value))
        if old_text is not None and "\n" in old_text:
            unit = _indent_unit(self.text)
            dumped = json.dumps(value, ensure_ascii=self.ascii, indent=len(unit), default=str)
            return dumped.replace("\n", "\n" + indent)
        return json.dumps(value, ensure_ascii=self.ascii, separators=(", ", ": "), default=str)

    def with_set(self, path: tuple[str, ...], value: Any) -> str:
        key = path[0]
        if len(path) > 1:
            nested = dict(self.metadata.get(key) or {})
            nested[path[1]] = value
            return self.with_set((key,), nested)
        member = self._member(key)
        old = self.metadata.get(key)
        if member is not None and type(old) is type(value) and old == value:
            return self.text
        if isinstance(value, date) and isinstance(old, str):
            fmt = dates.detect_format(old)
            if fmt:
                value = dates.format(value, fmt)
        if member is None:
            return self._with_added(key, value)
        indent = _line_indent(self.text, member.key_start)
        old_text = self.text[member.value_start : member.value_end]
        written = self._dump(value, old_text, indent)
        return self.text[: member.value_start] + written + self.text[member.value_end :]

    def _with_added(self, key: str, value: Any) -> str:
        text = self.text
        name = json.dumps(key, ensure_ascii=self.ascii)
        if not self.members:
            close = text.rindex("}")
            return (
                text[:close].rstrip(_WS)
                + f"\n  {name}: {self._dump(value, None, '  ')}\n"
                + text[close:]
            )
        last = self.members[-1]
        indent = _line_indent(text, last.key_start)
        multiline = "\n" in text[: last.key_start]
        sep = ",\n" + indent if multiline else ", "
        return (
            text[: last.value_end]
            + f"{sep}{name}: {self._dump(value, None, indent)}"
            + text[last.value_end :]
        )

    def with_delete(self, path: tuple[str, ...]) -> str:
        key = path[0]
        if len(path) > 1:
            nested = dict(self.metadata.get(key) or {})
            nested.pop(path[1], None)
            return self.with_set((key,), nested)
        member = self._member(key)
        if member is None:
            raise PostError(f"there is no field '{key}'")
        index = self.members.index(member)
        text = self.text
        if index + 1 < len(self.members):
            start, end = member.key_start, self.members[index + 1].key_start
        elif index > 0:
            start, end = self.members[index - 1].value_end, member.value_end
        else:
            start, end = member.key_start, member.value_end
        return text[:start] + text[end:]

    def with_rename(self, path: tuple[str, ...], new_key: str) -> str:
        member = self._member(path[0])
        if member is None:
            raise PostError(f"there is no field '{path[0]}'")
        if new_key in self.metadata:
            raise PostError(f"a field named '{new_key}' already exists")
        written = json.dumps(new_key, ensure_ascii=self.ascii)
        return self.text[: member.key_start] + written + self.text[member.key_end :]


def _line_indent(text: str, index: int) -> str:
    start = text.rfind("\n", 0, index) + 1
    line = text[start:index]
    return line[: len(line) - len(line.lstrip(" \t"))]


def _indent_unit(text: str) -> str:
    for line in text.splitlines()[1:]:
        stripped = line.lstrip(" \t")
        if stripped:
            return line[: len(line) - len(stripped)] or "  "
    return "  "

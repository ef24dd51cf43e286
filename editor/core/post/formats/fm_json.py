"""JSON front matter (a ``{...}`` object at the top of the file), edited in place.

A small scanner records where each top-level member's key and value sit, so
an edit replaces only that value's characters and keeps the file's spacing,
indentation and escaping habits.

A key written twice in one object is read as every JSON reader the generators use
reads it (Python's, JavaScript's, Go's, Ruby's): the last value wins. Such a key is
edited at its last occurrence, renamed and deleted at every occurrence, and named
in ``warnings`` with its lines (see ``yaml_tolerance``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from json.decoder import scanstring  # pyright: ignore[reportAttributeAccessIssue]
from typing import Any

from editor.core.errors import PostError
from editor.core.post.formats.yaml_tolerance import FrontMatterWarning, duplicate_key_warning
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


class _LastWins:
    """An ``object_pairs_hook``: a dict where the last of a repeated key wins (as in
    plain ``json.loads``), noting whether any key was repeated."""

    def __init__(self) -> None:
        self.repeated = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            self.repeated = True
        return result


def _repeated_keys(text: str) -> list[tuple[str, list[int]]]:
    """(dotted key, its 1-based lines) of every key written more than once in one object
    of the JSON object that starts ``text`` (which is known to be valid JSON)."""
    found: list[tuple[str, list[int]]] = []
    # The open containers: (kind, dotted path, key -> offsets). A loop, not recursion,
    # so deep nesting cannot exhaust Python's stack.
    stack: list[tuple[str, str, dict[str, list[int]]]] = []

    def item_start(i: int) -> tuple[int, str]:
        """Past a member's key and colon (in an object); (where its value starts, its path)."""
        kind, path, keys = stack[-1]
        if kind == "{" and text[i] != "}":
            key, key_end = scanstring(text, i + 1)
            keys.setdefault(key, []).append(i)
            return _skip(text, _skip(text, key_end) + 1), f"{path}.{key}" if path else key
        return i, path

    i, path = _skip(text, 0), ""
    while True:
        ch = text[i]
        if ch in "{[":
            stack.append((ch, path, {}))
            i, path = item_start(_skip(text, i + 1))
        elif ch in "}]":
            _, closed, keys = stack.pop()
            for key, offsets in keys.items():
                if len(offsets) > 1:
                    lines = [text.count("\n", 0, at) + 1 for at in offsets]
                    found.append((f"{closed}.{key}" if closed else key, lines))
            if not stack:
                return found
            i = _skip(text, i + 1)
        elif ch == ",":
            i, path = item_start(_skip(text, i + 1))
        else:
            i = _skip(text, _decoder.raw_decode(text, i)[1])


class JsonFrontMatter:
    format = "json"

    def __init__(self, text: str):
        self.text = text
        last_wins = _LastWins()
        try:
            metadata = json.loads(text, object_pairs_hook=last_wins)
        except json.JSONDecodeError as exc:
            raise PostError(f"invalid JSON in front matter: {exc.msg}", line=exc.lineno) from None
        except ValueError as exc:
            raise PostError(f"invalid JSON in front matter: {exc}") from None
        except RecursionError:
            raise PostError("front matter is nested too deeply") from None
        if not isinstance(metadata, dict):
            raise PostError("front matter is not a JSON object", line=1)
        self.metadata: dict[str, Any] = metadata
        self.repeated_keys = last_wins.repeated
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
        """The LAST member named ``key``: the one JSON readers keep."""
        for member in reversed(self.members):
            if member.key == key:
                return member
        return None

    @property
    def warnings(self) -> list[FrontMatterWarning]:
        """Keys written twice (lines 1-based within the text); JSON has no dates to doubt."""
        if not self.repeated_keys:
            return []
        found = [duplicate_key_warning(key, lines) for key, lines in _repeated_keys(self.text)]
        return sorted(found, key=lambda w: w.line)

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
        # A key written twice goes at every occurrence, or an earlier value would return.
        count = sum(member.key == key for member in self.members)
        text = self._with_one_deleted(path)
        for _ in range(count - 1):
            text = JsonFrontMatter(text)._with_one_deleted(path)
        return text

    def _with_one_deleted(self, path: tuple[str, ...]) -> str:
        key = path[0]
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
        """Rename a field; a key written twice is renamed at every occurrence."""
        named = [member for member in self.members if member.key == path[0]]
        if not named:
            raise PostError(f"there is no field '{path[0]}'")
        if new_key in self.metadata:
            raise PostError(f"a field named '{new_key}' already exists")
        written = json.dumps(new_key, ensure_ascii=self.ascii)
        text = self.text
        for member in reversed(named):  # from the end, so earlier offsets stay valid
            text = text[: member.key_start] + written + text[member.key_end :]
        return text


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

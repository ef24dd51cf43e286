"""TOML front matter (``+++``): parsed with tomllib, edited through tomlkit.

tomlkit keeps a TOML document's formatting, comments and order, so an edit
re-renders only the item it touches. Values that a site keeps as date-like
strings keep their pattern when a date is written into them.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time
from typing import Any

from editor.core.errors import PostError
from editor.core.values import dates

_LINE = re.compile(r"at line (\d+)")
_TABLE = re.compile(r"^\s*\[")


def _error(exc: Exception) -> PostError:
    message = str(exc)
    match = _LINE.search(message)
    line = int(match.group(1)) if match else None
    message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
    return PostError(f"invalid TOML in front matter: {message}", line=line)


class TomlFrontMatter:
    format = "toml"

    def __init__(self, text: str):
        self.text = text
        try:
            self.metadata: dict[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise _error(exc) from None
        except RecursionError:
            raise PostError("front matter is nested too deeply") from None

    # TOML forbids a key written twice and its readers (Hugo's, tomllib) refuse it: such
    # text stays a PostError, and TOML front matter has nothing to warn about.
    warnings: tuple = ()

    def _key_pattern(self, key: str) -> re.Pattern:
        quoted = re.escape(key)
        return re.compile(rf"^(\s*)(?:{quoted}|\"{quoted}\"|'{quoted}')(\s*)=")

    def key_lines(self) -> dict[str, int]:
        lines: dict[str, int] = {}
        wanted = set(self.metadata)
        for number, line in enumerate(self.text.splitlines(), start=1):
            if _TABLE.match(line):
                name = line.strip().strip("[]").strip().strip("\"'")
                if name in wanted and name not in lines:
                    lines[name] = number
                continue
            match = re.match(r"\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)\s*=", line)
            if match:
                name = match.group(1).strip("\"'")
                if name in wanted and name not in lines:
                    lines[name] = number
        return lines

    def raw_value_text(self, key: str) -> str | None:
        value = self.metadata.get(key)
        return value if isinstance(value, str) else None

    def is_block_text(self, key: str) -> bool:
        return False

    def _document(self):
        import tomlkit  # imported on the first edit of a TOML post, not at start-up
        import tomlkit.exceptions

        try:
            return tomlkit.parse(self.text)
        except tomlkit.exceptions.ParseError as exc:  # pragma: no cover - tomllib accepted it
            raise _error(exc) from None

    def _container(self, document, path: tuple[str, ...]):
        container = document
        for key in path:
            if key not in container:
                raise PostError(f"there is no field '{key}'")
            container = container[key]
        return container

    def with_set(self, path: tuple[str, ...], value: Any) -> str:
        import tomlkit

        document = self._document()
        container = self._container(document, path[:-1])
        key = path[-1]
        if value is None:
            raise PostError("TOML has no null value; delete the field instead")
        old = container.get(key) if key in container else None
        plain_old = old.unwrap() if hasattr(old, "unwrap") else old
        if old is not None and type(plain_old) is type(value) and plain_old == value:
            return self.text
        if type(value) is date and isinstance(plain_old, datetime):
            # A field written with a time keeps one (midnight), as in YAML front matter.
            value = datetime.combine(value, time(), tzinfo=plain_old.tzinfo)
        if isinstance(value, date) and isinstance(plain_old, str):
            fmt = dates.detect_format(plain_old)
            if fmt:
                value = dates.format(value, fmt)
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, str) and isinstance(old, tomlkit.items.String):
            literal = old.as_string().startswith("'") and "'" not in value and "\n" not in value
            # A raw carriage return inside a multi-line string reads back as a plain
            # newline: such a value is written escaped, on one line.
            multiline = "\n" in value and "\r" not in value
            item = tomlkit.string(value, literal=literal, multiline=multiline)
        elif value is None:
            raise PostError("TOML has no null value; delete the field instead")
        else:
            item = tomlkit.item(value)
        if old is not None and hasattr(old, "trivia") and hasattr(item, "trivia"):
            item.trivia.comment = old.trivia.comment
            item.trivia.comment_ws = old.trivia.comment_ws
            item.trivia.trail = old.trivia.trail
        container[key] = item
        return tomlkit.dumps(document)

    def with_delete(self, path: tuple[str, ...]) -> str:
        import tomlkit

        document = self._document()
        container = self._container(document, path[:-1])
        if path[-1] not in container:
            raise PostError(f"there is no field '{path[-1]}'")
        del container[path[-1]]
        return tomlkit.dumps(document)

    def with_rename(self, path: tuple[str, ...], new_key: str) -> str:
        if len(path) != 1:
            raise PostError("only top-level TOML fields can be renamed")
        if new_key in self.metadata:
            raise PostError(f"a field named '{new_key}' already exists")
        pattern = self._key_pattern(path[0])
        lines = self.text.splitlines(keepends=True)
        written = new_key if re.fullmatch(r"[A-Za-z0-9_-]+", new_key) else f'"{new_key}"'
        for number, line in enumerate(lines):
            if _TABLE.match(line):
                break
            match = pattern.match(line)
            if match:
                lines[number] = match.group(1) + written + match.group(2) + line[match.end() - 1 :]
                return "".join(lines)
        # A table: rename its header and those of its sub-tables, [old], [old.x], [[old]].
        header = re.compile(
            rf"^(\s*\[\[?\s*)(?:{re.escape(path[0])}|\"{re.escape(path[0])}\")(\s*[.\]])"
        )
        renamed = False
        for number, line in enumerate(lines):
            match = header.match(line)
            if match:
                lines[number] = match.group(1) + written + line[match.start(2) :]
                renamed = True
        if renamed:
            return "".join(lines)
        raise PostError(f"there is no field '{path[0]}'")

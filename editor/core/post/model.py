"""Post: one post file, read and written back changing only what was changed.

A post is kept as its pieces of text: an optional byte-order mark, the
opening delimiter line, the front-matter text, the closing delimiter line and
the body. Nothing is normalised. An unmodified post gives back its input
bytes; an edit to one field replaces only that field's characters (see the
``fm_*`` modules); a body edit never touches the front matter.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from editor.core.errors import PostError
from editor.core.platform.atomic import atomic_write
from editor.core.platform.regular_files import read_post_bytes
from editor.core.post.files import DELIMITERS, closers
from editor.core.post.formats.fm_json import JsonFrontMatter
from editor.core.post.formats.fm_toml import TomlFrontMatter
from editor.core.post.formats.fm_yaml import YamlFrontMatter
from editor.core.post.formats.yaml_tolerance import FrontMatterWarning
from editor.core.post.frontmatter_api import FrontmatterReadAPI
from editor.core.post.pieces import decode, split
from editor.core.values import dates
from editor.core.values.kinds import value_kind

_HANDLERS = {"yaml": YamlFrontMatter, "toml": TomlFrontMatter, "json": JsonFrontMatter}


def _check_encodable(value: Any) -> None:
    """Refuse text that UTF-8 cannot hold (lone surrogates) before it reaches the file."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise PostError(
                "the text contains characters that cannot be saved (lone surrogates)"
            ) from None
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check_encodable(key)
            _check_encodable(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_encodable(item)


class Post(FrontmatterReadAPI):
    """A post file's text: parsed metadata, the body, and lossless edits.

    Edit with ``set``/``delete``/``rename`` and the ``body`` property; write
    with ``to_bytes`` or ``save``. Every edit is validated: if the new front
    matter would not parse, PostError is raised and nothing changes.
    """

    def __init__(self, text: str, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else None
        try:
            self._bom, fmt, self._open, fm_text, self._close, self._body = split(text)
        except PostError as exc:
            raise exc.located(path=path) from None
        try:
            self._handler = _HANDLERS[fmt](fm_text) if fmt else None
        except PostError as exc:
            raise exc.located(path=path, line_offset=1 if self._open else 0) from None
        self._public: tuple[object, Mapping[str, Any]] | None = None
        self._saved = self._state()

    # ---- construction

    @classmethod
    def from_bytes(cls, data: bytes, path: str | os.PathLike | None = None) -> Post:
        try:
            text = decode(data)
        except PostError as exc:
            raise exc.located(path=path) from None
        return cls(text, path)

    @classmethod
    def load(cls, path: str | os.PathLike) -> Post:
        """The post in a regular file; PostError for anything else (see regular_files)."""
        return cls.from_bytes(read_post_bytes(path), path)

    @classmethod
    def new(cls, fmt: str = "yaml", newline: str = "\n") -> Post:
        """An empty post with an empty front-matter block of ``fmt`` (or none when fmt is None)."""
        if fmt is None:
            return cls("")
        if fmt == "json":
            return cls("{" + newline + "}" + newline)
        delimiter = DELIMITERS[fmt]
        return cls(f"{delimiter}{newline}{delimiter}{newline}")

    # ---- reading

    @property
    def format(self) -> str | None:
        return self._handler.format if self._handler else None

    @property
    def metadata(self) -> Mapping[str, Any]:
        """A read-only view of the fields. Nested lists and maps are copies: changing
        them changes nothing until they are passed to ``set``."""
        if self._handler is None:
            return MappingProxyType({})
        if self._public is None or self._public[0] is not self._handler:
            self._public = (self._handler, MappingProxyType(copy.deepcopy(self._handler.metadata)))
        return self._public[1]

    @property
    def body(self) -> str:
        return self._body

    @body.setter
    def body(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError("body must be text")
        _check_encodable(text)
        if text and self._handler is not None and not self._close.endswith("\n"):
            # The file ended right after the closing delimiter; a body needs a line of its own.
            self._close += self.newline
        self._body = text

    @property
    def newline(self) -> str:
        sample = self._open or self._body or (self._handler.text if self._handler else "")
        index = sample.find("\n")
        return "\r\n" if index > 0 and sample[index - 1] == "\r" else "\n"

    @property
    def front_matter_text(self) -> str:
        return self._handler.text if self._handler else ""

    @property
    def _fm_offset(self) -> int:
        return 1 if self._open else 0

    @property
    def body_start_line(self) -> int:
        head = self._open + self.front_matter_text + self._close
        return head.count("\n") + 1

    @property
    def warnings(self) -> list[FrontMatterWarning]:
        """What the site generator accepts but deserves a look (a key written twice, an
        impossible date kept as text; see ``yaml_tolerance``), with file lines."""
        if self._handler is None:
            return []
        return [found.shifted(self._fm_offset) for found in self._handler.warnings]

    def key_line(self, key: str) -> int | None:
        if not self._handler:
            return None
        line = self._handler.key_lines().get(key)
        return line + self._fm_offset if line is not None else None

    def scalar_text(self, key: str) -> str | None:
        """A top-level scalar as the file writes it (YAML: its text without quotes, so
        ``2020-09-30-07-25-20`` or ``yes``); None for lists, maps, absent fields, and
        where the format keeps no text of it (a TOML or JSON number)."""
        if not self._handler or key not in self._handler.metadata:
            return None
        if isinstance(self._handler.metadata[key], list | dict):
            return None
        return self._handler.raw_value_text(key)

    def date_format(self, key: str) -> str | None:
        if not self._handler or key not in self._handler.metadata:
            return None
        raw = self._handler.raw_value_text(key)
        fmt = dates.detect_format(raw) if isinstance(raw, str) else None
        value = self._handler.metadata[key]
        if fmt is None and isinstance(value, date):
            fmt = dates.format_for_value(value)
        return fmt

    def value_kind(self, key: str) -> str:
        """The kind name of a field's value (see ``editor.core.values.kinds``)."""
        kind = value_kind(self.metadata.get(key))
        if kind == "str" and self._handler is not None and self._handler.is_block_text(key):
            return "text"
        return kind

    # ---- editing

    def _ensure_front_matter(self) -> None:
        if self._handler is None:
            newline = "\r\n" if "\r\n" in self._body else "\n"
            delimiter = DELIMITERS[YamlFrontMatter.format]
            self._open = self._close = delimiter + newline
            self._handler = YamlFrontMatter("")

    def _apply(self, new_text: str, verified: bool = False) -> None:
        """Adopt edited front-matter text; ``verified`` when the edit already read it back."""
        assert self._handler is not None  # an edit made sure there is a front matter
        if new_text == self._handler.text:
            return
        try:
            if verified and isinstance(self._handler, YamlFrontMatter):
                handler = YamlFrontMatter(new_text, verified=True)
            else:
                handler = _HANDLERS[self._handler.format](new_text)
        except PostError as exc:  # our own writer produced bad text: refuse rather than save it
            raise exc.located(path=self.path, line_offset=self._fm_offset) from None
        self._handler = handler

    def _path(self, key: str | tuple[str, ...]) -> tuple[str, ...]:
        path = (key,) if isinstance(key, str) else tuple(key)
        if not path or not all(isinstance(part, str) and part for part in path):
            raise PostError("a field name must be non-empty text")
        return path

    def set(self, key: str | tuple[str, ...], value: Any) -> None:
        """Set a field (or a nested one, given a tuple path), written in the old value's style."""
        path = self._path(key)
        _check_encodable(value)
        if self._handler is None and len(path) > 1:
            raise PostError(f"there is no field '{path[0]}'")
        self._ensure_front_matter()
        assert self._handler is not None
        try:
            new_text = self._handler.with_set(path, value)
        except PostError as exc:
            raise exc.located(path=self.path, line_offset=self._fm_offset) from None
        self._apply(new_text, verified=True)

    def delete(self, key: str | tuple[str, ...]) -> None:
        path = self._path(key)
        if self._handler is None:
            raise PostError(f"there is no field '{path[0]}'", path=self.path)
        try:
            new_text = self._handler.with_delete(path)
        except PostError as exc:
            raise exc.located(path=self.path, line_offset=self._fm_offset) from None
        self._apply(new_text)

    def rename(self, old: str | tuple[str, ...], new: str) -> None:
        path = self._path(old)
        if not isinstance(new, str) or not new:
            raise PostError("a field name must be non-empty text")
        if path[-1] == new:
            return
        if self._handler is None:
            raise PostError(f"there is no field '{path[0]}'", path=self.path)
        try:
            new_text = self._handler.with_rename(path, new)
        except PostError as exc:
            raise exc.located(path=self.path, line_offset=self._fm_offset) from None
        self._apply(new_text)

    def set_front_matter_text(self, text: str) -> None:
        """Replace the raw front matter; PostError (nothing changed) when it does not parse."""
        if self._handler is None:
            if not text.strip():
                return
            handler_type = YamlFrontMatter
        else:
            handler_type = type(self._handler)
        fmt = handler_type.format
        if fmt == "json":
            text = text.strip(" \t\r\n")  # the object must open and close the block itself
        if fmt in DELIMITERS:
            if text and not text.endswith("\n"):
                text += self.newline  # the closing delimiter needs a line of its own
            ends = closers(DELIMITERS[fmt])
            for number, line in enumerate(text.split("\n"), start=2):
                if line.rstrip(" \t\r") in ends:
                    raise PostError(
                        f"a '{line.strip()}' line would end the front matter early",
                        line=number,
                        path=self.path,
                    )
        try:
            handler = handler_type(text)
        except PostError as exc:
            raise exc.located(
                path=self.path, line_offset=1 if handler_type is not JsonFrontMatter else 0
            ) from None
        self._ensure_front_matter()
        self._handler = handler

    # ---- writing

    def _state(self) -> tuple[str, str, str, str]:
        return (self._open, self.front_matter_text, self._close, self._body)

    @property
    def modified(self) -> bool:
        """Whether the text differs from what was loaded or last saved."""
        return self._state() != self._saved

    def to_bytes(self) -> bytes:
        text = self._bom + self._open + self.front_matter_text + self._close + self._body
        return text.encode("utf-8")

    def to_bytes_with_front_matter(self, text: str) -> bytes:
        """The file's bytes with ``text`` as its front matter, whether it parses or not.

        For a recovery copy of a raw edit that cannot be applied yet; a post without a
        front-matter block keeps its bytes.
        """
        if not self._open:
            return self.to_bytes()
        if text and not text.endswith("\n"):
            text += self.newline
        return (self._bom + self._open + text + self._close + self._body).encode("utf-8")

    def save(self, path: str | os.PathLike | None = None) -> None:
        """Write atomically to ``path`` (default: where it was loaded from)."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise PostError("this post has no file name yet")
        atomic_write(target, self.to_bytes())
        self.path = target
        self._saved = self._state()

    def mark_saved(self) -> None:
        """Treat the current text as what is on disk (after a write made elsewhere)."""
        self._saved = self._state()

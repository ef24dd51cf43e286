"""BrokenPost: a post file whose front matter does not parse, opened so it can be fixed.

``Post`` refuses text whose front matter is malformed. The editor still opens such a
file: ``load_post_or_draft`` returns a ``BrokenPost`` that keeps the file's pieces as
text (``post.split`` without parsing), lets the body be edited and the raw front matter
be replaced, and refuses to save until the front matter parses. Once it does, the draft
holds a real ``Post`` (``repaired``) and the owner swaps it in.

Files that are not text posts at all (binary, not UTF-8, over 20 MB, unreadable) are
still refused with ``Post.load``'s PostError: a draft is only for text we can show.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from editor.core.errors import PostError
from editor.core.platform.regular_files import read_post_bytes
from editor.core.post.files import OPENERS
from editor.core.post.model import Post
from editor.core.post.pieces import BOM, Pieces, decode, split


def load_post_or_draft(path: str | os.PathLike) -> Post | BrokenPost:
    """The post at path; a BrokenPost when only its front matter is wrong; else PostError."""
    data = read_post_bytes(path)
    try:
        return Post.from_bytes(data, path)
    except PostError as error:
        try:
            text = decode(data)
        except PostError:
            raise error from None
        return BrokenPost(text, path, error)


def post_or_draft_from_bytes(data: bytes, path: str | os.PathLike | None = None):
    """Like load_post_or_draft, for bytes already read (e.g. a recovery copy)."""
    text = decode(data)
    try:
        return Post(text, path)
    except PostError as error:
        return BrokenPost(text, path, error)


def _pieces(text: str) -> Pieces:
    """split(), or for an unsplittable head (never closed, junk after JSON) the whole
    rest of the file as front matter so the user can see and fix it."""
    try:
        return split(text)
    except PostError:
        bom = BOM if text.startswith(BOM) else ""
        rest = text[len(bom) :]
        first_end = rest.find("\n") + 1 or len(rest)
        fmt = OPENERS.get(rest[:first_end].rstrip(" \t\r\n"))
        if fmt is not None:
            return Pieces(bom, fmt, rest[:first_end], rest[first_end:], "", "")
        return Pieces(bom, "json", "", rest, "", "")


class BrokenPost:
    """Post-like stand-in for a file with malformed front matter (see module docstring).

    Reading works as for an empty post (no fields); ``front_matter_text`` is the raw,
    invalid text; ``body`` is editable; ``set``/``delete``/``rename`` and ``save`` raise
    PostError naming the problem. ``set_front_matter_text`` keeps whatever was typed
    (so recovery copies hold it) and raises until the text parses; then ``repaired``
    is the valid Post.
    """

    def __init__(self, text: str, path: str | os.PathLike | None, error: PostError):
        self.path = Path(path) if path is not None else None
        self.error = error
        self.repaired: Post | None = None
        self._bom, self.format, self._open, self._front, self._close, self._body = _pieces(text)
        self._closed = bool(self._close) or self.format == "json"
        self._saved = self._state()

    # ---- reading, as Post

    @property
    def metadata(self) -> Mapping[str, Any]:
        return MappingProxyType({})

    @property
    def front_matter_text(self) -> str:
        return self._front

    @property
    def body(self) -> str:
        return self._body

    @body.setter
    def body(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError("body must be text")
        self._body = text
        if self.repaired is not None:
            self.repaired.body = text

    @property
    def newline(self) -> str:
        sample = self._open or self._front or self._body
        index = sample.find("\n")
        return "\r\n" if index > 0 and sample[index - 1] == "\r" else "\n"

    @property
    def body_start_line(self) -> int:
        return (self._open + self._front + self._close).count("\n") + 1

    @property
    def modified(self) -> bool:
        return self._state() != self._saved

    def key_line(self, key) -> int | None:
        return None

    def date_format(self, key) -> str | None:
        return None

    def value_kind(self, key) -> str:
        return "null"

    def to_bytes(self) -> bytes:
        return (self._bom + self._open + self._front + self._close + self._body).encode(
            "utf-8", "replace"
        )

    # ---- editing

    def _refuse(self) -> PostError:
        return PostError(
            f"the front matter is not valid ({self.error.message}); "
            "fix it as text first (View ▸ Raw Front Matter)",
            line=self.error.line,
            path=self.path,
        )

    def set(self, key, value) -> None:
        raise self._refuse()

    def delete(self, key) -> None:
        raise self._refuse()

    def rename(self, old, new) -> None:
        raise self._refuse()

    def set_front_matter_text(self, text: str) -> None:
        """Keep text; if the post now parses, set ``repaired``, else raise its PostError."""
        self._front = text
        whole = self._bom + self._open + text + self._close + self._body
        try:
            post = Post(whole, self.path)
        except PostError as error:
            self.error = error
            raise
        if self._closed and post.front_matter_text != text:
            self.error = PostError(
                "a delimiter line would end the front matter early", path=self.path
            )
            raise self.error
        self.repaired = post

    def save(self, path=None) -> None:
        raise PostError(
            f"nothing was saved: the front matter is not valid ({self.error.message}). "
            "Fix it in the raw front-matter view, then save.",
            line=self.error.line,
            path=path or self.path,
        )

    def mark_saved(self) -> None:
        self._saved = self._state()

    def _state(self) -> tuple[str, str, str, str]:
        return (self._open, self._front, self._close, self._body)

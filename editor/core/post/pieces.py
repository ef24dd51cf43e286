"""A post's text before any parsing: decoded from bytes and cut at its front matter.

``decode(data)`` is the file's UTF-8 text (PostError for what is not a text post),
``split(text)`` its ``Pieces``: the opening delimiter, the front matter, the closing line
and the body, which joined give the text back. Nothing here parses YAML or TOML, so the
window's first frame can show a post's body before those libraries load
(``editor.core.post.bodytext.editor_text_of_file``); the model builds on these pieces.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from editor.core.errors import PostError
from editor.core.post.files import DELIMITERS, MAX_BYTES, MAX_MEGABYTES, closers

_decoder = json.JSONDecoder()

BOM = "\ufeff"


def decode(data: bytes) -> str:
    """UTF-8 text of a post file, or PostError saying why it is not one."""
    if len(data) > MAX_BYTES:
        raise PostError(
            f"the file is {len(data) / 1048576:.0f} MB; "
            f"Masthead opens posts up to {MAX_MEGABYTES} MB"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PostError("the file is UTF-16 text; Masthead reads and writes UTF-8 only")
    if b"\x00" in data:  # a whole-file verdict: no line to point at
        raise PostError("not a text file (binary)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PostError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
            "Masthead reads and writes UTF-8 only",
            line=line,
        ) from None


def _next_line(text: str, start: int) -> int:
    found = text.find("\n", start)
    return len(text) if found < 0 else found + 1


class Pieces(NamedTuple):
    """A post's text cut at its front matter; joined in order they give the text back."""

    bom: str
    format: str | None  # "yaml", "toml", "json", or None: no front matter
    opening: str  # the opening delimiter line ("" for JSON and for none)
    front_matter: str
    closing: str  # the closing line (for JSON: what follows the object on its line)
    body: str


def split(text: str) -> Pieces:
    """The pieces of a post's text (see Pieces); PostError for an unclosed front matter."""
    bom = BOM if text.startswith(BOM) else ""
    rest = text[len(bom) :]
    first_end = _next_line(rest, 0)
    marker = rest[:first_end].rstrip(" \t\r\n")
    for fmt, delimiter in DELIMITERS.items():
        if marker == delimiter and rest[:first_end].endswith("\n"):
            ends = closers(delimiter)
            start = first_end
            while start < len(rest):
                end = _next_line(rest, start)
                if rest[start:end].rstrip(" \t\r\n") in ends:
                    return Pieces(
                        bom,
                        fmt,
                        rest[:first_end],
                        rest[first_end:start],
                        rest[start:end],
                        rest[end:],
                    )
                start = end
            raise PostError(
                f"the front matter opened with '{delimiter}' on line 1 is never closed", line=1
            )
    stripped = rest.lstrip(" \t\r\n")
    if rest.startswith("{") and stripped[1:].lstrip(" \t\r\n")[:1] in ('"', "}"):
        end = object_end(rest)
        close_end = _next_line(rest, end)
        trailer = rest[end:close_end]
        if trailer.strip():
            line = rest.count("\n", 0, end) + 1
            raise PostError("unexpected text after the JSON front matter", line=line)
        return Pieces(bom, "json", "", rest[:end], trailer, rest[close_end:])
    return Pieces(bom, None, "", "", "", rest)


def object_end(text: str) -> int:
    """Index just past the JSON object that starts ``text``; PostError when it is not one."""
    try:
        _, end = _decoder.raw_decode(text, 0)
    except json.JSONDecodeError as exc:
        raise PostError(f"invalid JSON in front matter: {exc.msg}", line=exc.lineno) from None
    except RecursionError:
        raise PostError("front matter is nested too deeply") from None
    return end

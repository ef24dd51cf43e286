"""The headings of a Markdown body, for the outline: ATX and setext, never in code.

`headings(body, first_line)` scans the body line by line (no Markdown parser: it runs
after typing pauses, and a 50,000-word post takes a few milliseconds). Lines inside
fenced code blocks, indented code and HTML comments are skipped. ``first_line`` is the
file line the body starts on (``Post.body_start_line``), so every heading carries the
line number the file and the status bar use; ``body_line`` is its line in the body.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_NOT_PARAGRAPH = re.compile(
    r"^ {0,3}(?:[-*+](?:[ \t]|$)|>|\d{1,9}[.)](?:[ \t]|$)|<|(?:[-*_][ \t]*){3,}$)"
)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ATTRIBUTES = re.compile(r"[ \t]*\{[:#.][^}]*\}[ \t]*$")


@dataclass(frozen=True)
class Heading:
    level: int  # 1-6
    text: str  # as shown: inline markup and a trailing {#id} taken away
    line: int  # 1-based line in the file
    body_line: int  # 1-based line in the body


def _shown(raw: str) -> str:
    text = _ATTRIBUTES.sub("", raw)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def headings(body: str, first_line: int = 1) -> list[Heading]:
    """The body's headings in order; first_line is the file line of the body's line 1."""
    found: list[Heading] = []
    fence: str | None = None
    in_comment = False
    paragraph_start: int | None = None  # body index of the open paragraph's first line
    previous_blank = True
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if fence is None and not in_comment and line[:1].isalpha():
            # Prose, the commonest line: it can only start or continue a paragraph.
            if paragraph_start is None:
                paragraph_start = index
            previous_blank = False
            continue
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence[0] * len(fence)) and stripped == fence[0] * len(stripped):
                fence = None
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        blank = not line.strip()
        opened = _FENCE.match(line)
        if opened and not (opened.group(1)[0] == "`" and "`" in opened.group(2)):
            fence = opened.group(1)
            paragraph_start = None
            previous_blank = False
            continue
        indented = line.startswith(("    ", "\t"))
        if indented and paragraph_start is None and previous_blank and not blank:
            continue  # indented code
        atx = _ATX.match(line)
        if atx:
            level = len(atx.group(1))
            found.append(Heading(level, _shown(atx.group(2) or ""), first_line + index, index + 1))
            paragraph_start = None
        elif paragraph_start is not None and _SETEXT.match(line):
            level = 1 if line.strip()[0] == "=" else 2
            text = _shown(" ".join(part.strip() for part in lines[paragraph_start:index]))
            found.append(Heading(level, text, first_line + paragraph_start, paragraph_start + 1))
            paragraph_start = None
        elif blank:
            paragraph_start = None
        elif line.lstrip().startswith("<!--") and "-->" not in line:
            in_comment = True
            paragraph_start = None
        elif _NOT_PARAGRAPH.match(line):
            paragraph_start = None  # a list item, quote or rule
        else:
            if paragraph_start is None:
                paragraph_start = index
        previous_blank = blank
    return found


def section_at(found: Sequence[Heading], body_line: int) -> int | None:
    """The index of the heading whose section holds body_line, or None before the first."""
    index = bisect.bisect_right([h.body_line for h in found], body_line) - 1
    return index if index >= 0 else None

"""What focus mode keeps bright: the paragraph or the sentence around the caret.

Plain functions over the body's lines, so the editor only maps the answer onto its
text. A paragraph is a run of non-blank lines, where a heading is a paragraph of its own
and a list item starts a new one. A sentence ends at ``.``, ``!``, ``?`` or ``…`` (and any
closing quotes or brackets) followed by space and then something that can start a
sentence: not a lower-case letter, so "e.g. this" stays one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_ITEM = re.compile(r"^\s*([-*+]|\d{1,9}[.)])\s")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]*_]*(\s+)(?=[^\s])")


def _starts_paragraph(line: str) -> bool:
    return bool(_HEADING.match(line) or _ITEM.match(line))


def paragraph_bounds(lines: Sequence[str], index: int) -> tuple[int, int]:
    """The first and last line (0-based, inclusive) of the paragraph holding line index;
    a blank line is a paragraph of its own."""
    if not 0 <= index < len(lines):
        return index, index
    if not lines[index].strip() or _HEADING.match(lines[index]):
        return index, index
    first = index
    while (
        first > 0
        and not _starts_paragraph(lines[first])
        and lines[first - 1].strip()
        and not _HEADING.match(lines[first - 1])
    ):
        first -= 1
    last = index
    while (
        last + 1 < len(lines) and lines[last + 1].strip() and not _starts_paragraph(lines[last + 1])
    ):
        last += 1
    return first, last


def sentence_bounds(text: str, offset: int) -> tuple[int, int]:
    """The start and end (code points, end exclusive, trailing space left out) of the
    sentence in text (a paragraph, its lines joined by newlines) that holds offset."""
    start, end = 0, len(text)
    for match in _SENTENCE_END.finditer(text):
        following = text[match.end()]
        if following.islower():
            continue
        if match.end() <= offset:
            start = match.end()
        else:
            end = match.start(1)
            break
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, max(start, end)

"""Markdown block commands as pure text transformations: code block, rule, table.

The same contract as ``markdown_commands`` (text and selection in, one `Edit` out).
Block commands add whole lines, keeping a blank line between them and a paragraph
(``text\n---`` would be a setext heading); a code block toggles.
"""

from __future__ import annotations

import re

from editor.core.post.markdown_commands import Edit, line_bounds, previous_line, touched_lines

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and stripped == fence[0] * len(stripped)


def toggle_code_block(text: str, start: int, end: int) -> Edit:
    """Put the touched lines between ``` fences, or take away the fences around them
    (the lines just outside, or the first and last touched lines)."""
    span = touched_lines(text, start, end)
    lines = span.lines
    opened = _FENCE_OPEN.match(lines[0]) if len(lines) >= 2 else None
    if opened and _closes(lines[-1], opened.group(1)):
        inner = "\n".join(lines[1:-1])
        first = span.first
        return Edit(span.first, span.last, inner, (first, first + len(inner)))
    before_start = text.rfind("\n", 0, span.first - 1) + 1 if span.first > 0 else -1
    after_end = text.find("\n", span.last + 1) if span.last < len(text) else -1
    if before_start >= 0 and span.last < len(text):
        after_end = len(text) if after_end < 0 else after_end
        before = text[before_start : span.first - 1]
        after = text[span.last + 1 : after_end]
        fence = _FENCE_OPEN.match(before)
        if fence and _closes(after, fence.group(1)):
            inner = text[span.first : span.last]
            return Edit(before_start, after_end, inner, (before_start, before_start + len(inner)))
    fence = "`" * max(3, _longest_fence_run(lines) + 1)
    opening = fence + "\n"
    if not any(line.strip() for line in lines):
        caret = span.first + len(opening)
        return Edit(span.first, span.last, opening + "\n" + fence, (caret, caret))
    # Blank lines at the edges stay outside the fences.
    first = span.first
    while not lines[0].strip():
        first += len(lines.pop(0)) + 1
    while not lines[-1].strip():
        lines.pop()
    body = "\n".join(lines)
    inner_start = first + len(opening)
    return Edit(
        first,
        first + len(body),
        opening + body + "\n" + fence,
        (inner_start, inner_start + len(body)),
    )


def _longest_fence_run(lines: list[str]) -> int:
    runs = [len(m.group(1)) for m in map(_FENCE_OPEN.match, lines) if m and "`" in m.group(1)]
    return max(runs, default=0)


def _insert_block(
    text: str, start: int, end: int, block: list[str], caret_after: bool
) -> tuple[Edit, int]:
    """Put block's lines on the caret's line if it is blank, else after the selection's
    last line, with a blank line between them and any text around. Returns the edit
    (selecting the caret after the block when caret_after, else nothing yet) and where
    the block starts in the new text."""
    span = touched_lines(text, start, end)
    has_next = span.last < len(text)
    next_line = text[span.last + 1 : line_bounds(text, span.last + 1)[1]] if has_next else ""
    if len(span.lines) == 1 and not span.lines[0].strip():
        at, to = span.first, span.last
        lead = "\n" if previous_line(text, span.first).strip() else ""
    else:
        at = to = span.last
        lead = "\n\n"
    tail = "\n" if has_next and next_line.strip() else ""
    if caret_after and not has_next:
        tail = "\n"
    body = "\n".join(block)
    block_start = at + len(lead)
    caret = block_start + len(body) + 1 if caret_after else block_start
    return Edit(at, to, lead + body + tail, (caret, caret)), block_start


RULE = "---"


def insert_rule(text: str, start: int, end: int) -> Edit:
    """A horizontal rule on the caret's blank line or after the selection, the caret on
    the line after it."""
    return _insert_block(text, start, end, [RULE], caret_after=True)[0]


TABLE = ["| Column 1 | Column 2 |", "| -------- | -------- |", "|          |          |"]


def insert_table(text: str, start: int, end: int) -> Edit:
    """A two-column table skeleton with its first header selected."""
    edit, block_start = _insert_block(text, start, end, TABLE, caret_after=False)
    header = block_start + 2
    return Edit(edit.start, edit.end, edit.replacement, (header, header + len("Column 1")))

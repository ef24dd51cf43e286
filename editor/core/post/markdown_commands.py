"""Markdown formatting commands as pure text transformations (no Qt).

Each command takes the editor's text (lines separated by ``\\n``) and the selection as
code-point offsets ``start <= end``, and returns an `Edit`: one replacement of
``text[start:end]`` and the selection to show afterwards (offsets into the new text), or
None when the command does not apply (Tab outside a list). The UI applies an `Edit` as
one undo step (``editor/ui/editor/formatting.py``).

- Inline commands (bold, italic, strikethrough, code span, link) act on the selection
  with its surrounding spaces trimmed (``word `` gives ``*word* ``), or on the word at the
  caret; they toggle: a selection already wrapped, inside or just outside, is unwrapped.
  A selection over several lines is wrapped line by line.
- Line commands (headings, lists, quote, indentation) rewrite only the prefixes of the
  lines the selection touches; the text after each prefix is never changed.
- Block commands (code block, horizontal rule, table) live in ``markdown_blocks.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``; then select ``selection``."""

    start: int
    end: int
    replacement: str
    selection: tuple[int, int]


Command = Callable[[str, int, int], "Edit | None"]


def apply_edit(text: str, edit: Edit) -> str:
    """The text after the edit."""
    return text[: edit.start] + edit.replacement + text[edit.end :]


def run(command: Command, text: str, start: int, end: int) -> tuple[str, int, int]:
    """The text and selection after command (unchanged when it does not apply)."""
    edit = command(text, start, end)
    if edit is None:
        return text, start, end
    return apply_edit(text, edit), edit.selection[0], edit.selection[1]


# ---- inline commands --------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_URL = re.compile(r"^(https?://|mailto:|/|\./|\.\./)\S*$")
_SPACE = " \t"


def line_bounds(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


def _word_at(text: str, position: int) -> tuple[int, int] | None:
    line_start, line_end = line_bounds(text, position)
    for match in _WORD.finditer(text, line_start, line_end):
        if match.start() <= position <= match.end():
            return match.start(), match.end()
    return None


def _trim(text: str, start: int, end: int, space: str = _SPACE) -> tuple[int, int]:
    while start < end and text[start] in space:
        start += 1
    while end > start and text[end - 1] in space:
        end -= 1
    return start, end


def _run_length(text: str, position: int, step: int, char: str) -> int:
    """How many `char` in a row from position going by step (-1: before it)."""
    count = 0
    index = position - 1 if step < 0 else position
    while 0 <= index < len(text) and text[index] == char:
        count += 1
        index += step
    return count


def _has_marker(run: int, marker: str) -> bool:
    """Whether a run of asterisks holds italic (one or three) or bold (two or more)."""
    if marker == "*":
        return run in (1, 3)
    return run >= 2


def _wrapped(text: str, start: int, end: int, marker: str) -> str | None:
    """'outside' if the markers sit just around text[start:end], 'inside' if it starts and
    ends with them, else None."""
    size = len(marker)
    if marker in ("*", "**"):
        outside = min(_run_length(text, start, -1, "*"), _run_length(text, end, 1, "*"))
        if _has_marker(outside, marker):
            return "outside"
        inner = text[start:end]
        lead = len(inner) - len(inner.lstrip("*"))
        trail = len(inner) - len(inner.rstrip("*"))
        inside = min(lead, trail)
        if len(inner) > 2 * inside and _has_marker(inside, marker):
            return "inside"
        return None
    if text[max(0, start - size) : start] == marker and text[end : end + size] == marker:
        return "outside"
    inner = text[start:end]
    if len(inner) > 2 * size and inner.startswith(marker) and inner.endswith(marker):
        return "inside"
    return None


def _toggle_segment(text: str, start: int, end: int, marker: str, wrap: bool) -> Edit:
    """Wrap text[start:end] in marker, or unwrap it; the selection is the inner text."""
    size = len(marker)
    if wrap:
        inner = text[start:end]
        if marker == "`" and "`" in inner:  # a longer fence, padded if it touches one
            fence = "`" * (_longest_run(inner, "`") + 1)
            pad = " " if inner.startswith("`") or inner.endswith("`") else ""
            opening, closing = fence + pad, pad + fence
        else:
            opening = closing = marker
        return Edit(
            start,
            end,
            opening + inner + closing,
            (start + len(opening), start + len(opening) + len(inner)),
        )
    if _wrapped(text, start, end, marker) == "outside":
        inner = text[start:end]
        return Edit(start - size, end + size, inner, (start - size, end - size))
    inner = text[start + size : end - size]
    return Edit(start, end, inner, (start, start + len(inner)))


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(re.escape(char) + "+", text)
    return max((len(r) for r in runs), default=0)


def toggle_inline(marker: str) -> Command:
    """The command that wraps the selection (or the word at the caret) in marker, or
    unwraps it; with nothing to wrap it inserts a pair with the caret between."""

    def command(text: str, start: int, end: int) -> Edit:
        caret_at = start if start == end else None
        if caret_at is not None:
            word = _word_at(text, start)
            if word is None:
                return Edit(start, end, marker * 2, (start + len(marker), start + len(marker)))
            start, end = word
        if "\n" in text[start:end]:
            return _toggle_lines(text, start, end, marker)
        trimmed = _trim(text, start, end)
        if trimmed[0] == trimmed[1]:  # only spaces were selected
            return Edit(end, end, marker * 2, (end + len(marker), end + len(marker)))
        start, end = trimmed
        wrap = _wrapped(text, start, end, marker) is None
        edit = _toggle_segment(text, start, end, marker, wrap)
        if caret_at is not None:  # the caret stays where it was in its word
            moved = caret_at + edit.selection[0] - start
            return Edit(edit.start, edit.end, edit.replacement, (moved, moved))
        return edit

    return command


def _toggle_lines(text: str, start: int, end: int, marker: str) -> Edit:
    """Each line's part of the selection, trimmed, wrapped (or all unwrapped)."""
    segments = []
    position = start
    for part in text[start:end].split("\n"):
        segment = _trim(text, position, position + len(part))
        if segment[0] < segment[1]:
            segments.append(segment)
        position += len(part) + 1
    if not segments:
        return Edit(start, start, "", (start, end))
    wrap = any(_wrapped(text, s, e, marker) is None for s, e in segments)
    edits = [_toggle_segment(text, s, e, marker, wrap) for s, e in segments]
    first, last = edits[0].start, edits[-1].end
    pieces, cursor = [], first
    for edit in edits:
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    replacement = "".join(pieces)
    return Edit(first, last, replacement, (first, first + len(replacement)))


toggle_bold = toggle_inline("**")
toggle_italic = toggle_inline("*")
toggle_strikethrough = toggle_inline("~~")
toggle_code_span = toggle_inline("`")


def insert_link(text: str, start: int, end: int) -> Edit:
    """The trimmed selection as a link: a URL becomes ``[](url)`` with the caret in the
    brackets; other text ``[text]()`` with the caret in the parentheses."""
    trimmed = _trim(text, start, end, _SPACE + "\n")
    start, end = trimmed if trimmed[0] < trimmed[1] else (start, start)
    selected = text[start:end]
    if selected and "\n" not in selected and _URL.match(selected):
        return Edit(start, end, f"[]({selected})", (start + 1, start + 1))
    caret = start + len(selected) + 3
    return Edit(start, end, f"[{selected}]()", (caret, caret))


# ---- line commands ----------------------------------------------------------------------

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_LIST = re.compile(r"^([ \t]*)(?:([-*+])|(\d{1,9})([.)]))([ \t]+|$)(\[[ xX]\][ \t]+)?")
_QUOTE = re.compile(r"^([ \t]*)>[ \t]?")


def _leading_space(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


INDENT = "    "  # nests a list item in every dialect (Python-Markdown needs four spaces)


@dataclass
class Lines:
    """The lines a selection touches: text[first:last] split on newlines."""

    first: int
    last: int
    lines: list[str]


def touched_lines(text: str, start: int, end: int) -> Lines:
    first = text.rfind("\n", 0, start) + 1
    stop = end - 1 if end > start and text[end - 1] == "\n" else end
    stop = max(stop, start)
    last = text.find("\n", stop)
    last = len(text) if last < 0 else last
    return Lines(first, last, text[first:last].split("\n"))


def _rewrite_prefixes(
    text: str, start: int, end: int, span: Lines, prefixes: list[tuple[int, str]]
) -> Edit:
    """Replace each line's first old_length characters with its new prefix, moving the
    selection with the text after the prefixes."""
    new_lines = []
    shifts = []  # (old line start, old prefix length, new line start, new prefix length)
    old_position = new_position = span.first
    for line, (old_length, prefix) in zip(span.lines, prefixes, strict=True):
        new_line = prefix + line[old_length:]
        new_lines.append(new_line)
        shifts.append((old_position, old_length, new_position, len(prefix)))
        old_position += len(line) + 1
        new_position += len(new_line) + 1

    def moved(offset: int) -> int:
        for old_start, old_length, new_start, new_length in reversed(shifts):
            if offset >= old_start:
                column = offset - old_start
                if column >= old_length:
                    return new_start + new_length + column - old_length
                return new_start + min(column, new_length)
        return offset

    replacement = "\n".join(new_lines)
    if start == end:
        caret = moved(start)
        return Edit(span.first, span.last, replacement, (caret, caret))
    return Edit(span.first, span.last, replacement, (moved(start), moved(end)))


def heading_level(line: str) -> int:
    """The ATX heading level of a line (1-6), or 0."""
    match = _HEADING.match(line)
    return len(match.group(1)) if match else 0


def set_heading(level: int) -> Command:
    """The command that makes the touched lines headings of level; on lines already at
    that level it removes the heading (another level is replaced)."""

    def command(text: str, start: int, end: int) -> Edit:
        span = touched_lines(text, start, end)
        filled = [line for line in span.lines if line.strip()] or span.lines
        remove = all(heading_level(line) == level for line in filled)
        prefixes = []
        for line in span.lines:
            match = _HEADING.match(line)
            old = match.end() if match else 0
            if remove or (line.strip() == "" and len(span.lines) > 1):
                prefixes.append((old, ""))
            else:
                prefixes.append((old, "#" * level + " "))
        return _rewrite_prefixes(text, start, end, span, prefixes)

    return command


def _list_kind(match: re.Match | None) -> str | None:
    if match is None:
        return None
    if match.group(6):
        return "task"
    return "bullet" if match.group(2) else "number"


def _toggle_list(kind: str) -> Command:
    def command(text: str, start: int, end: int) -> Edit:
        span = touched_lines(text, start, end)
        matches = [_LIST.match(line) for line in span.lines]
        filled = [i for i, line in enumerate(span.lines) if line.strip()]
        if not filled:
            filled = list(range(len(span.lines)))
        remove = all(_list_kind(matches[i]) == kind for i in filled)
        numbers: dict[str, int] = {}
        previous = _LIST.match(previous_line(text, span.first))
        if kind == "number" and previous is not None and previous.group(3):
            numbers[previous.group(1)] = int(previous.group(3))
        prefixes = []
        for i, line in enumerate(span.lines):
            match = matches[i]
            indent = match.group(1) if match else _leading_space(line)
            old = match.end() if match else len(indent)
            if i not in filled:
                prefixes.append((0, ""))
            elif remove:
                prefixes.append((old, indent))
            elif kind == "bullet":
                prefixes.append((old, indent + "- "))
            elif kind == "task":
                keep = match is not None and match.group(6)
                prefixes.append((0, "") if keep else (old, indent + "- [ ] "))
            else:
                numbers[indent] = numbers.get(indent, 0) + 1
                prefixes.append((old, f"{indent}{numbers[indent]}. "))
        return _rewrite_prefixes(text, start, end, span, prefixes)

    return command


def previous_line(text: str, line_start: int) -> str:
    if line_start == 0:
        return ""
    return text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]


toggle_bullets = _toggle_list("bullet")
toggle_numbers = _toggle_list("number")
toggle_tasks = _toggle_list("task")


def toggle_quote(text: str, start: int, end: int) -> Edit:
    """Quote the touched lines (``> ``), or unquote them one level when all are quoted."""
    span = touched_lines(text, start, end)
    filled = [line for line in span.lines if line.strip()]
    remove = bool(filled) and all(_QUOTE.match(line) for line in filled)
    prefixes = []
    for line in span.lines:
        if remove:
            match = _QUOTE.match(line)
            prefixes.append((match.end(), match.group(1)) if match else (0, ""))
        elif line or not filled:
            prefixes.append((0, "> "))
        else:
            prefixes.append((0, ">"))
    return _rewrite_prefixes(text, start, end, span, prefixes)


def _indent_command(outdent: bool) -> Command:
    def command(text: str, start: int, end: int) -> Edit | None:
        span = touched_lines(text, start, end)
        filled = [line for line in span.lines if line.strip()] or span.lines
        if not _LIST.match(filled[0]):
            return None
        if not outdent and not _inside_list(text, span.first):
            return None  # a first item indented alone would become a code block
        prefixes = []
        for line in span.lines:
            lead = _leading_space(line)
            if not line.strip():
                prefixes.append((0, ""))
            elif outdent:
                spaces = len(lead) - len(lead.lstrip(" "))
                prefixes.append((1 if lead.startswith("\t") else min(spaces, len(INDENT)), ""))
            else:
                prefixes.append((0, INDENT))
        if outdent and all(old == 0 for old, _ in prefixes):
            return None
        return _rewrite_prefixes(text, start, end, span, prefixes)

    return command


def _inside_list(text: str, line_start: int) -> bool:
    """Whether the nearest non-blank line above line_start belongs to a list item."""
    while line_start > 0:
        line = previous_line(text, line_start)
        if line.strip():
            return bool(_LIST.match(line)) or line.startswith((" ", "\t"))
        line_start = text.rfind("\n", 0, line_start - 1) + 1
    return False


indent_list = _indent_command(outdent=False)
"""Tab on a list item below another (or a selection starting with one): indent the
touched lines. None elsewhere: Tab then types a tab as before."""
outdent_list = _indent_command(outdent=True)
"""Shift+Tab likewise; None when nothing is indented."""

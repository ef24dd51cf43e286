"""Splitting a Markdown body into independently renderable top-level blocks.

A block boundary is a run of blank lines after which Python-Markdown is known to start
afresh: the next line is flush left and cannot continue what came before (no list item,
block quote, definition or indented continuation), and the boundary is not inside a
fenced code block or a raw HTML block.  Rendering each block alone and concatenating the
results gives the same HTML as rendering the whole body, except for document-global
constructs, which `global_constructs` detects so the caller can render in one piece.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.extensions.fenced_code import FencedBlockPreprocessor

# The very pattern Python-Markdown's fenced_code uses, so both agree on what is a fence.
_FENCE_RE = FencedBlockPreprocessor.FENCED_BLOCK_RE

# Lines after a blank line that Python-Markdown may still attach to the previous block:
# list items (a loose list, or one list type merging into another), block quotes
# (consecutive quotes merge), definition-list definitions, and HTML/Markdown lines that
# cannot be told apart cheaply from continuations.  Lines that define references,
# footnotes or abbreviations vanish from the output, and what follows them in the same
# block may then continue the block before, so they never start a block either.
_CONTINUATION_START = re.compile(
    r"(?:[*+-][ \t]|\d+\.[ \t]|>|:[ \t]|[*+-]$|\d+\.$|\[[^\]\n]*\]:|\*\[)"
)

_DEFINITION_START = re.compile(r"[ ]{0,3}:[ \t]")
_BLOCK_TAG_START = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s>/]|$)")
_COMMENT_START = "<!--"
_COMMENT_END = "-->"

# Constructs whose output depends on the whole document.
_FOOTNOTE = re.compile(r"\[\^[^\]\n]*\]")
_REFERENCE_DEF = re.compile(r"^[ \t]*\[[^\]\n]+\]:", re.MULTILINE)
_ABBREVIATION_DEF = re.compile(r"^[ \t]*\*\[[^\]\n]*\]:", re.MULTILINE)
_TOC_MARKER = re.compile(r"^[ \t]*\[TOC\][ \t]*$", re.MULTILINE)

# Block-level element names whose raw HTML Python-Markdown keeps as one block, even
# across blank lines, until the matching end tag.
RAW_BLOCK_TAGS = frozenset(
    """address article aside blockquote body canvas center colgroup dd del details dialog
    dir div dl dt fieldset figcaption figure footer form frameset h1 h2 h3 h4
    h5 h6 header hgroup html iframe ins legend li main map math menu nav
    noscript object ol output p pre progress script section style summary table tbody td
    template textarea tfoot th thead tr ul video audio canvas""".split()
)


@dataclass(frozen=True)
class SourceBlock:
    """One top-level block: its text and the 1-based body line it starts on."""

    text: str
    line: int


def _fenced_line_spans(lines: list[str]) -> list[tuple[int, int]]:
    """0-based inclusive (first, last) line ranges of the fenced code blocks."""
    text = "\n".join(lines) + "\n"
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line) + 1)
    spans = []
    for match in _FENCE_RE.finditer(text):
        first = _line_of_offset(line_starts, match.start())
        last = _line_of_offset(line_starts, match.end() - 1)
        spans.append((first, last))
    return spans


def _line_of_offset(line_starts: list[int], offset: int) -> int:
    low, high = 0, len(line_starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if line_starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


class _RawHtmlTracker:
    """Follows raw HTML block nesting line by line (tag names only, deliberately coarse).

    It errs towards "still open", which only makes blocks bigger, never wrong.
    """

    def __init__(self) -> None:
        self.tag: str | None = None
        self.depth = 0
        self.in_comment = False

    @property
    def open(self) -> bool:
        return self.in_comment or self.tag is not None

    def feed(self, line: str) -> None:
        if self.in_comment:
            if _COMMENT_END in line:
                self.in_comment = False
                line = line.split(_COMMENT_END, 1)[1]
            else:
                return
        if self.tag is None:
            stripped = line.lstrip(" ")
            if stripped.startswith(_COMMENT_START):
                if _COMMENT_END not in stripped[len(_COMMENT_START) :]:
                    self.in_comment = True
                return
            match = _BLOCK_TAG_START.match(stripped)
            if not match or match.group(1).lower() not in RAW_BLOCK_TAGS:
                return
            self.tag = match.group(1).lower()
            self.depth = 0
        opening = re.findall(rf"<{self.tag}(?=[\s>/])", line, re.IGNORECASE)
        self_closing = re.findall(rf"<{self.tag}\b[^>]*/>", line, re.IGNORECASE)
        closing = re.findall(rf"</{self.tag}\s*>", line, re.IGNORECASE)
        self.depth += len(opening) - len(self_closing) - len(closing)
        if self.depth <= 0:
            self.tag = None
            self.depth = 0


def split_blocks(text: str) -> list[SourceBlock]:
    """Split a Markdown body into top-level blocks that render independently.

    Blank lines between blocks are left out of the block texts; blank lines inside a
    block are kept.  Joining the texts with blank lines renders like `text`.
    """
    lines = text.split("\n")
    blank = [_is_blank(line) for line in lines]
    if blank[0] and len(lines[0].expandtabs(4)) >= 4:
        # Python-Markdown only drops whitespace-only lines after a newline, so a first
        # line of four or more columns is an (empty) indented code block.
        blank[0] = False
    fence_end_by_start = dict(_fenced_line_spans(lines))
    starts, definition_lines = _block_starts(lines, blank, fence_end_by_start)
    if not blank[0] and _is_blank(lines[0]) and len(starts) > 1:
        del starts[1]  # alone, that whitespace would render as nothing at all
    for definition in definition_lines:
        # "Term" + ": definition" joins a definition list in the block before it.
        earlier = [s for s in starts if s <= definition]
        if len(earlier) > 1:
            starts.remove(earlier[-1])
    blocks = []
    for first, following in zip(starts, [*starts[1:], len(lines)], strict=False):
        last = following - 1
        while blank[last]:
            last -= 1
        blocks.append(SourceBlock("\n".join(lines[first : last + 1]), first + 1))
    return blocks


def _block_starts(
    lines: list[str], blank: list[bool], fence_end_by_start: dict[int, int]
) -> tuple[list[int], list[int]]:
    """0-based first lines of candidate blocks, and the lines starting a definition."""
    starts: list[int] = []
    definition_lines: list[int] = []
    after_blank = True
    html = _RawHtmlTracker()
    index = 0
    while index < len(lines):
        line = lines[index]
        if blank[index]:
            after_blank = True
            index += 1
            continue
        if after_blank and not html.open and _can_start_block(line):
            starts.append(index)
        after_blank = False
        if index in fence_end_by_start:
            index = fence_end_by_start[index] + 1
            continue
        if _DEFINITION_START.match(line):
            definition_lines.append(index)
        html.feed(line)
        index += 1
    first_content = next((i for i, is_blank in enumerate(blank) if not is_blank), None)
    if first_content is not None and (not starts or starts[0] != first_content):
        # Content before the first possible start (an indented first line) still counts.
        starts.insert(0, first_content)
    return starts, definition_lines


def _is_blank(line: str) -> bool:
    # Python-Markdown's notion: only spaces and tabs (a no-break space is content).
    return not line.strip(" \t")


def _can_start_block(line: str) -> bool:
    if not line.strip():
        return False  # e.g. a no-break space: a paragraph that vanishes from the output
    return line[0] not in " \t" and not _CONTINUATION_START.match(line)


def global_constructs(text: str) -> list[str]:
    """Names of the document-global constructs in `text` (empty when blocks are independent).

    Footnotes are numbered across the document, reference links and abbreviations are
    defined anywhere and used anywhere, and a [TOC] marker lists every heading.
    """
    found = []
    if _FOOTNOTE.search(text):
        found.append("footnotes")
    if _REFERENCE_DEF.search(text):
        found.append("reference definitions")
    if _ABBREVIATION_DEF.search(text):
        found.append("abbreviations")
    if _TOC_MARKER.search(text):
        found.append("table of contents")
    return found

"""Incremental rendering for Zola: pulldown-cmark (pyromark) parses, changed blocks are written.

pulldown-cmark parses a long post in about a millisecond, so `PulldownRenderer.render`
parses the whole body every time (`editor.core.render.pulldown.parse`): its event ranges
give the top-level blocks and their first lines exactly, with reference definitions,
footnote numbers and heading ids settled document-wide.  What costs is writing HTML
in Python, so each block's HTML is cached by its source and what it depends on from
elsewhere (`Block.depends`); an unchanged block is not written again.

Blocks carry their first body line for scroll sync and keys that stay the same while
their text does (`BlockKeys`), as for the other engines.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from editor.core.render.incremental import (
    FOOTNOTES_KEY,
    BlockKeys,
    FilterCache,
    RenderedBlock,
    RenderResult,
    block_text,
    changes,
    normalise_newlines,
)
from editor.core.render.pulldown import new_parser, parse
from editor.core.render.pulldown_html import write_html
from editor.core.site.dialect import Dialect


class PulldownRenderer:
    """Renders bodies as Zola does, reusing unchanged blocks' HTML.

    Same interface as `IncrementalRenderer`; not thread-safe.
    """

    def __init__(self, dialect: Dialect, block_filter: Callable[[str], str] | None = None):
        self.dialect = dialect
        self._parser = new_parser(dialect)
        self._filters = FilterCache(block_filter)
        self._written: dict[tuple, str] = {}
        self._keys = BlockKeys()
        self._previous_html: dict[str, str] = {}

    def render(self, text: str) -> RenderResult:
        text = normalise_newlines(text)
        parsed = parse(text, self.dialect, self._parser)
        data = parsed.source.encode("utf-8")
        line_starts = [0]
        position = data.find(b"\n")
        while position >= 0:
            line_starts.append(position + 1)
            position = data.find(b"\n", position + 1)
        written: dict[tuple, str] = {}
        pieces: list[tuple[int, str]] = []
        converted = 0
        for block in parsed.blocks:
            line = bisect_right(line_starts, block.start) - 1
            # From the start of its line: an indented code block's range starts after
            # the indent, and the same text flush left would be a paragraph.
            key = (data[line_starts[line] : block.end], block.depends)
            block_html = self._written.get(key)
            if block_html is None:
                block_html = written.get(key)
            if block_html is None:
                block_html = write_html(block.events, parsed.numbers).strip("\n")
                converted += 1
            written[key] = block_html
            pieces.append((line, block_html))
        self._written = written
        lines = text.split("\n")
        texts = [block_text(lines, pieces, i) for i in range(len(pieces))]
        if parsed.footnotes is not None:  # Zola's bottom_footnotes: a list at the end
            pieces.append((len(lines), write_html(parsed.footnotes).strip("\n")))
            texts.append(f"\0{FOOTNOTES_KEY}")
            converted += 1
        keys = self._keys.assign(texts)
        if parsed.footnotes is not None:
            keys[-1] = FOOTNOTES_KEY
        final = self._filters.apply([h for _, h in pieces])
        rendered = tuple(
            RenderedBlock(key, line + 1, block_html)
            for key, (line, _), block_html in zip(keys, pieces, final, strict=True)
        )
        self._previous_html, changed, removed = changes(self._previous_html, rendered)
        return RenderResult(rendered, changed, removed, False, converted, ())

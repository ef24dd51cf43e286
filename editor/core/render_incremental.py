"""Incremental Markdown rendering: re-render only the top-level blocks that changed.

`IncrementalRenderer.render(text)` splits the body into blocks (see `render_blocks`),
converts each block on its own through a cache keyed by the block's text, and then fixes
up what is document-wide: heading ids are made unique across the whole document exactly
as Python-Markdown's toc extension would.  When the body uses footnotes, reference
definitions, abbreviations or a [TOC] marker, blocks are not independent, so the body is
converted in one piece and the output is cut back into blocks at markers placed between
them; the result has the same shape either way.

Each rendered block has a key that stays the same while its text is unchanged, so a
preview can patch only the blocks listed in `RenderResult.changed_keys`.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify, unique
from markdown.treeprocessors import Treeprocessor

from editor.core.render_blocks import SourceBlock, global_constructs, split_blocks

MARKDOWN_EXTENSIONS = ("extra", "toc", "codehilite")
CODEHILITE_CONFIG = {"css_class": "codehilite", "guess_lang": False, "use_pygments": True}

# Auto heading ids are first written as <U+E000>slug<U+E001> so the document-wide pass
# can find them: slugify only yields ASCII, and Python-Markdown's own placeholders use
# STX/ETX, so these private-use characters cannot clash.
_ID_OPEN, _ID_CLOSE = "\ue000", "\ue001"
_AUTO_ID = re.compile(f"{_ID_OPEN}([^{_ID_CLOSE}]*){_ID_CLOSE}(?:_[0-9]+)?")
_BLOCK_MARKER = "<!--masthead-block-boundary-->"


def new_markdown(*, slugify_function: Callable[[str, str], str] = slugify) -> markdown.Markdown:
    """A Python-Markdown converter with the blog extensions Masthead renders with."""
    return markdown.Markdown(
        extensions=[*MARKDOWN_EXTENSIONS, _IdRecorderExtension()],
        extension_configs={
            "codehilite": dict(CODEHILITE_CONFIG),
            "toc": {"slugify": slugify_function},
        },
        output_format="html",
    )


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def wrap_block(key: str, line: int, inner_html: str) -> str:
    """The top-level element a block lives in: scroll-sync line and patch key."""
    return f'<div class="mh-block" data-key="{key}" data-line="{line}">\n{inner_html}\n</div>'


@dataclass(frozen=True)
class RenderedBlock:
    key: str
    line: int
    html: str


@dataclass(frozen=True)
class RenderResult:
    blocks: tuple[RenderedBlock, ...]
    changed_keys: frozenset[str]
    """Keys whose HTML is new or differs from the previous render."""
    removed_keys: frozenset[str]
    rendered_in_one_piece: bool
    converted_blocks: int
    """How many blocks went through Markdown this time (0 when everything was cached)."""
    global_constructs: tuple[str, ...] = field(default=())

    @property
    def html(self) -> str:
        return "\n".join(wrap_block(b.key, b.line, b.html) for b in self.blocks)

    @property
    def inner_html(self) -> str:
        """The blocks' HTML without the wrapper elements (what Markdown itself produced)."""
        return "\n".join(b.html for b in self.blocks)


@dataclass
class _Converted:
    html: str  # with auto-id placeholders (see _AUTO_ID)
    explicit_ids: frozenset[str]


class IncrementalRenderer:
    """Renders Markdown bodies, reusing the HTML of blocks whose text did not change.

    `block_filter` (for example a sanitiser) is applied to each block's final HTML and
    cached too.  Not thread-safe: one renderer serves one thread at a time.
    """

    def __init__(self, block_filter: Callable[[str], str] | None = None) -> None:
        self._block_filter = block_filter
        self._block_markdown = new_markdown(slugify_function=_marked_slugify)
        self._whole_markdown = new_markdown()
        self._converted: dict[str, _Converted] = {}
        self._filtered: dict[str, str] = {}
        self._previous_keys: list[tuple[str, str]] = []  # (block text, key)
        self._previous_html: dict[str, str] = {}
        self._key_counter = itertools.count(1)

    def render(self, text: str) -> RenderResult:
        text = normalise_newlines(text)
        source_blocks = split_blocks(text)
        constructs = tuple(global_constructs(text))
        if constructs:
            inner, converted = self._render_in_one_piece(source_blocks), len(source_blocks)
        else:
            inner, converted = self._render_blockwise(source_blocks)
        keys = self._assign_keys([b.text for b in source_blocks])
        final_html = [self._filter(h) for h in inner]
        blocks = tuple(
            RenderedBlock(key, source.line, block_html)
            for key, source, block_html in zip(keys, source_blocks, final_html, strict=True)
        )
        new_html = {b.key: b.html for b in blocks}
        changed = frozenset(k for k, h in new_html.items() if self._previous_html.get(k) != h)
        removed = frozenset(self._previous_html.keys() - new_html.keys())
        self._previous_html = new_html
        self._previous_keys = list(zip((b.text for b in source_blocks), keys, strict=True))
        self._filtered = {h: self._filtered[h] for h in final_html if h in self._filtered}
        return RenderResult(blocks, changed, removed, bool(constructs), converted, constructs)

    def _render_blockwise(self, source_blocks: list[SourceBlock]) -> tuple[list[str], int]:
        converted_now = 0
        cache: dict[str, _Converted] = {}
        for block in source_blocks:
            entry = self._converted.get(block.text) or cache.get(block.text)
            if entry is None:
                entry = self._convert_block(block.text)
                converted_now += 1
            cache[block.text] = entry
        self._converted = cache
        reserved = set().union(*(cache[b.text].explicit_ids for b in source_blocks))
        counters: dict[str, int] = {}

        def resolve(match: re.Match[str]) -> str:
            base = html.unescape(match.group(1))
            return html.escape(unique(base, reserved, counters), quote=True)

        return [_AUTO_ID.sub(resolve, cache[b.text].html) for b in source_blocks], converted_now

    def _convert_block(self, text: str) -> _Converted:
        md = self._block_markdown
        md.reset()
        output = md.convert(text)
        return _Converted(output, frozenset(md.masthead_explicit_ids))

    def _render_in_one_piece(self, source_blocks: list[SourceBlock]) -> list[str]:
        self._converted = {}
        if not source_blocks:
            return []
        joined = f"\n\n{_BLOCK_MARKER}\n\n".join(b.text for b in source_blocks)
        md = self._whole_markdown
        md.reset()
        pieces = [p.strip("\n") for p in md.convert(joined).split(_BLOCK_MARKER)]
        if len(pieces) != len(source_blocks):
            # A marker was swallowed (it should not be); keep the output whole.
            return ["\n".join(pieces)] + [""] * (len(source_blocks) - 1)
        return pieces

    def _assign_keys(self, texts: list[str]) -> list[str]:
        """Keep each unchanged block's key; a new or edited block gets a fresh key."""
        available: dict[str, list[str]] = {}
        for old_text, key in self._previous_keys:
            available.setdefault(old_text, []).append(key)
        keys = []
        for text in texts:
            reusable = available.get(text)
            keys.append(reusable.pop(0) if reusable else f"b{next(self._key_counter)}")
        return keys

    def _filter(self, block_html: str) -> str:
        if self._block_filter is None:
            return block_html
        filtered = self._filtered.get(block_html)
        if filtered is None:
            filtered = self._block_filter(block_html)
            self._filtered[block_html] = filtered
        return filtered


def _marked_slugify(value: str, separator: str) -> str:
    return f"{_ID_OPEN}{slugify(value, separator)}{_ID_CLOSE}"


class _IdRecorder(Treeprocessor):
    """Records ids present before toc runs (explicit ones, which toc never renames)."""

    def run(self, root):
        self.md.masthead_explicit_ids = {el.attrib["id"] for el in root.iter() if "id" in el.attrib}


class _IdRecorderExtension(Extension):
    def extendMarkdown(self, md):
        md.masthead_explicit_ids = set()
        # attr_list runs at 8 and toc at 5: record in between.
        md.treeprocessors.register(_IdRecorder(md), "masthead_id_recorder", 6)

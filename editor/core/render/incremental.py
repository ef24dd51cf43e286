"""Incremental Markdown rendering: re-render only the top-level blocks that changed.

`IncrementalRenderer.render(text)` splits the body into blocks (see `render_blocks`) and
converts each block on its own through a cache, then fixes up what is document-wide so
the result equals Python-Markdown's rendering of the whole body:

- Definitions (reference links, footnotes, abbreviations) are collected first, block by
  block (cached by block text), and merged in document order.  Each block is converted
  with the definitions it can use; its cache key holds exactly those, so editing a
  definition re-renders only the blocks that use it.
- Footnote references get their number from the definition order; the id of a repeated
  reference (``fnref2:x``) depends on the order in which Python-Markdown's inline pass
  meets them (breadth first over the tree), so blocks record that order and ids are
  given out document-wide.  The footnotes list is rendered separately, as one extra
  block at the end (key ``footnotes``).
- Heading ids are made unique across the document, as the toc extension would.

A [TOC] marker or the footnotes placeholder (and a few exotic cases, see
`_Definitions.one_piece_reason`) still make the body convert in one piece; the output
is then cut back into blocks at markers placed between them.

Each rendered block has a key that stays the same while its text is unchanged, so a
preview can patch only the blocks listed in `RenderResult.changed_keys`.
"""

# Python-Markdown keeps an extension's state as attributes it adds to the Markdown
# instance and its processors, which its type stubs do not declare.
# pyright: reportAttributeAccessIssue=false

from __future__ import annotations

import html
import itertools
import re
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.toc import unique
from markdown.serializers import _escape_attrib_html  # pyright: ignore[reportAttributeAccessIssue]

from editor.core.render.blocks import SourceBlock, global_constructs, split_blocks
from editor.core.render.converter import (
    ID_CLOSE,
    ID_OPEN,
    REF_CLOSE,
    REF_OPEN,
    context_markdown,
    new_markdown,
)

FOOTNOTES_KEY = "footnotes"

# Marked ids from render_markdown, found again here to be made document-wide (the toc
# extension leaves elements whose id starts with "fnref" out of heading names).
_AUTO_ID = re.compile(f"{ID_OPEN}([^{ID_CLOSE}]*){ID_CLOSE}(?:_[0-9]+)?")
_AUTO_ID_ATTRIBUTE = re.compile(f' id="{ID_OPEN}[^{ID_CLOSE}]*{ID_CLOSE}(?:_[0-9]+)?"')
_FOOTNOTE_REF_ID = re.compile(f"fnref{REF_OPEN}([0-9]+){REF_CLOSE}")
_BLOCK_MARKER = "<!--masthead-block-boundary-->"

# Every definition line has "]:" (abbreviations allow "] :"); blocks without it define nothing.
_DEFINITION_HINT = re.compile(r"\] ?:")
_FOOTNOTE_USE = re.compile(r"\[\^([^\]]*)\]")
_WHITESPACE = re.compile(r"\s+")
_FOOTNOTES_PLACE_MARKER = FootnoteExtension().getConfig("PLACE_MARKER")


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


@dataclass(frozen=True)
class _Definitions:
    """What one block defines for the whole document, in the order it defines it."""

    references: tuple[tuple[str, tuple[str, str | None]], ...] = ()
    footnotes: tuple[tuple[str, str], ...] = ()
    abbreviations: tuple[tuple[str, str | None], ...] = ()  # None: the abbreviation is removed
    one_piece_reason: str | None = None


_NO_DEFINITIONS = _Definitions()


@dataclass(frozen=True)
class _Context:
    """The document-wide definitions a conversion may use (hashable: part of cache keys)."""

    references: tuple[tuple[str, tuple[str, str | None]], ...] = ()
    abbreviations: tuple[tuple[str, str], ...] = ()
    footnote_numbers: tuple[tuple[str, int], ...] = ()
    footnotes: tuple[tuple[str, str], ...] = ()  # the definitions (for the footnotes list)
    body_reference_counts: tuple[tuple[str, int], ...] = ()  # ditto: duplicate back-links


_EMPTY_CONTEXT = _Context()


@dataclass(frozen=True)
class _Converted:
    html: str  # with auto-id and footnote-reference placeholders
    explicit_ids: frozenset[str]
    footnote_refs: tuple[tuple[int, str], ...]  # (inline-pass generation, footnote id)


@dataclass
class _Document:
    """The merged definitions of the whole body."""

    references: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    footnotes: OrderedDict[str, str] = field(default_factory=OrderedDict)
    abbreviations: dict[str, str] = field(default_factory=dict)

    def add(self, definitions: _Definitions) -> None:
        self.references.update(definitions.references)
        for footnote_id, text in definitions.footnotes:
            self.footnotes[footnote_id] = text
        for abbreviation, title in definitions.abbreviations:
            if title is None:
                self.abbreviations.pop(abbreviation, None)
            else:
                self.abbreviations[abbreviation] = title


class BlockKeys:
    """Block keys that stay the same while a block's text is unchanged."""

    def __init__(self) -> None:
        self._previous: list[tuple[str, str]] = []  # (block text, key)
        self._counter = itertools.count(1)

    def assign(self, texts: list[str]) -> list[str]:
        """Keep each unchanged block's key; a new or edited block gets a fresh key."""
        available: dict[str, list[str]] = {}
        for old_text, key in self._previous:
            available.setdefault(old_text, []).append(key)
        keys = []
        for text in texts:
            reusable = available.get(text)
            keys.append(reusable.pop(0) if reusable else f"b{next(self._counter)}")
        self._previous = list(zip(texts, keys, strict=False))
        return keys


def changes(
    previous_html: dict[str, str], blocks: tuple[RenderedBlock, ...]
) -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """The blocks' HTML by key, the keys whose HTML is new or changed, the keys gone."""
    new_html = {b.key: b.html for b in blocks}
    changed = frozenset(k for k, h in new_html.items() if previous_html.get(k) != h)
    removed = frozenset(previous_html.keys() - new_html.keys())
    return new_html, changed, removed


class FilterCache:
    """A block filter (a sanitiser, say) applied once per distinct block HTML."""

    def __init__(self, block_filter: Callable[[str], str] | None) -> None:
        self._filter = block_filter
        self._done: dict[str, str] = {}

    def apply(self, blocks_html: list[str]) -> list[str]:
        """Each block filtered, then the cache kept to these blocks only."""
        if self._filter is None:
            return list(blocks_html)
        done, run = self._done, self._filter
        out = []
        for block_html in blocks_html:
            filtered = done.get(block_html)
            if filtered is None:
                filtered = done[block_html] = run(block_html)
            out.append(filtered)
        self._done = {h: done[h] for h in blocks_html}
        return out


class IncrementalRenderer:
    """Renders Markdown bodies, reusing the HTML of blocks whose text did not change.

    `block_filter` (for example a sanitiser) is applied to each block's final HTML and
    cached too.  Not thread-safe: one renderer serves one thread at a time.
    """

    def __init__(
        self, block_filter: Callable[[str], str] | None = None, *, heading_ids: bool = True
    ) -> None:
        """`heading_ids` False: headings get no automatic ids (PHP Markdown Extra's way;
        a body rendered in one piece, see `_render_in_one_piece`, still has them)."""
        self._filters = FilterCache(block_filter)
        self._heading_ids = heading_ids
        self._block_markdown = context_markdown(footnotes_list=False)
        self._footnotes_markdown = context_markdown(footnotes_list=True)
        self._whole_markdown = new_markdown()
        self._converted: dict[tuple[str, _Context], _Converted] = {}
        self._definitions: dict[str, _Definitions] = {}
        self._footnote_uses: dict[str, tuple[str, ...]] = {}
        self._keys = BlockKeys()
        self._previous_html: dict[str, str] = {}

    def render(self, text: str) -> RenderResult:
        text = normalise_newlines(text)
        source_blocks = split_blocks(text)
        constructs = tuple(global_constructs(text))
        keys = self._keys.assign([b.text for b in source_blocks])
        lines = [b.line for b in source_blocks]
        one_piece = "table of contents" in constructs or _FOOTNOTES_PLACE_MARKER in text
        inner: list[str] | None = None
        converted = 0
        if not text.strip():  # Python-Markdown renders a body of only whitespace as nothing
            inner = [""] * len(source_blocks)
        elif not one_piece:
            blockwise = self._render_blockwise(source_blocks)
            if blockwise is not None:
                inner, converted, footnotes_html = blockwise
                if footnotes_html is not None:
                    inner.append(footnotes_html)
                    keys.append(FOOTNOTES_KEY)
                    lines.append(text.count("\n") + 2)  # after every line of the body
        if inner is None:
            one_piece = True
            inner, converted = self._render_in_one_piece(source_blocks), len(source_blocks)
        final_html = self._filters.apply(inner)
        blocks = tuple(
            RenderedBlock(key, line, block_html)
            for key, line, block_html in zip(keys, lines, final_html, strict=True)
        )
        self._previous_html, changed, removed = changes(self._previous_html, blocks)
        return RenderResult(blocks, changed, removed, one_piece, converted, constructs)

    # -- block by block -----------------------------------------------------------------

    def _render_blockwise(
        self, source_blocks: list[SourceBlock]
    ) -> tuple[list[str], int, str | None] | None:
        """Inner HTML per block, blocks converted, footnotes list; None: use one piece."""
        document = self._collect_definitions(source_blocks)
        if document is None:
            return None
        numbers = {fid: n for n, fid in enumerate(document.footnotes, start=1)}
        converted_now = 0
        cache: dict[tuple[str, _Context], _Converted] = {}
        entries: list[_Converted] = []
        for block in source_blocks:
            cache_key = (block.text, self._context_for(block.text, document, numbers))
            entry = self._converted.get(cache_key) or cache.get(cache_key)
            if entry is None:
                entry = self._convert(self._block_markdown, block.text, cache_key[1])
                converted_now += 1
            cache[cache_key] = entry
            entries.append(entry)
        footnotes_entry = None
        if document.footnotes:
            counts = Counter(fid for entry in entries for _, fid in entry.footnote_refs)
            context = _Context(
                references=tuple(sorted(document.references.items())),
                abbreviations=tuple(sorted(document.abbreviations.items())),
                footnote_numbers=tuple(numbers.items()),
                footnotes=tuple(document.footnotes.items()),
                body_reference_counts=tuple(sorted(counts.items())),
            )
            cache_key = ("", context)
            footnotes_entry = self._converted.get(cache_key) or self._convert(
                self._footnotes_markdown, "", context
            )
            cache[cache_key] = footnotes_entry
            entries.append(footnotes_entry)
        self._converted = cache
        inner = _resolve_document_ids(entries, self._heading_ids)
        footnotes_html = inner.pop() if footnotes_entry is not None else None
        return inner, converted_now, footnotes_html

    def _collect_definitions(self, source_blocks: list[SourceBlock]) -> _Document | None:
        document = _Document()
        known: dict[str, _Definitions] = {}
        for block in source_blocks:
            if not _DEFINITION_HINT.search(block.text):
                continue
            definitions = self._definitions.get(block.text) or known.get(block.text)
            if definitions is None:
                definitions = _definitions_of(self._block_markdown, block.text)
            known[block.text] = definitions
            if definitions.one_piece_reason:
                self._definitions = known
                return None
            document.add(definitions)
        self._definitions = known
        return document

    def _context_for(self, text: str, document: _Document, numbers: dict[str, int]) -> _Context:
        """Only the definitions this block's text can refer to."""
        if not (document.references or document.abbreviations or numbers):
            return _EMPTY_CONTEXT
        references: tuple = ()
        if document.references and "[" in text:
            folded = _WHITESPACE.sub(" ", text).lower()
            references = tuple(
                sorted(item for item in document.references.items() if item[0] in folded)
            )
        abbreviations: tuple = ()
        if document.abbreviations:
            abbreviations = tuple(
                sorted(item for item in document.abbreviations.items() if item[0] in text)
            )
        footnote_numbers: tuple = ()
        if numbers and "[^" in text:
            uses = self._footnote_uses.get(text)
            if uses is None:
                uses = tuple(sorted(set(_FOOTNOTE_USE.findall(text))))
                if len(self._footnote_uses) > 20000:
                    self._footnote_uses.clear()
                self._footnote_uses[text] = uses
            footnote_numbers = tuple((fid, numbers[fid]) for fid in uses if fid in numbers)
        if not (references or abbreviations or footnote_numbers):
            return _EMPTY_CONTEXT
        return _Context(references, abbreviations, footnote_numbers)

    @staticmethod
    def _convert(md: markdown.Markdown, text: str, context: _Context) -> _Converted:
        md.reset()
        md.masthead_context = context
        md.masthead_footnote_numbers = dict(context.footnote_numbers)
        md.masthead_footnote_refs = []
        output = _convert_source(md, text)
        return _Converted(
            output, frozenset(md.masthead_explicit_ids), tuple(md.masthead_footnote_refs)
        )

    # -- in one piece -------------------------------------------------------------------

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

    # -- keys and filtering -------------------------------------------------------------


def _resolve_document_ids(entries: list[_Converted], heading_ids: bool = True) -> list[str]:
    """Fill in footnote reference ids and unique heading ids across all entries."""
    reference_ids = _footnote_reference_ids(entries)
    reserved = set().union(*(entry.explicit_ids for entry in entries))
    counters: dict[str, int] = {}

    def resolve_heading(match: re.Match[str]) -> str:
        base = html.unescape(match.group(1))
        # typeshed's stub of unique() predates its counters argument (Markdown 3.4+).
        counted = unique(base, reserved, counters)  # pyright: ignore[reportCallIssue]
        return html.escape(counted, quote=True)

    inner = []
    for index, entry in enumerate(entries):
        block_html = entry.html
        if entry.footnote_refs:
            block_html = _FOOTNOTE_REF_ID.sub(
                lambda m, i=index: reference_ids[i, int(m.group(1))], block_html
            )
        if heading_ids:
            inner.append(_AUTO_ID.sub(resolve_heading, block_html))
        else:
            inner.append(_AUTO_ID_ATTRIBUTE.sub("", block_html))
    return inner


def _footnote_reference_ids(entries: list[_Converted]) -> dict[tuple[int, int], str]:
    """Escaped ``fnref:x`` / ``fnref2:x`` ids, handed out in Python-Markdown's order.

    Its inline pass walks the tree breadth first, so a whole document meets references
    by generation first, then by block, then in the order one block met them.
    """
    order = sorted(
        (generation, index, sequence, footnote_id)
        for index, entry in enumerate(entries)
        for sequence, (generation, footnote_id) in enumerate(entry.footnote_refs)
    )
    numbering = FootnoteExtension()
    return {
        (index, sequence): _escape_attrib_html(numbering.makeFootnoteRefId(fid, found=True))
        for _generation, index, sequence, fid in order
    }


def _definitions_of(md: markdown.Markdown, text: str) -> _Definitions:
    """The definitions a block makes, read from Python-Markdown's own block parser."""
    md.reset()
    md.masthead_context = None
    abbreviations = md.masthead_abbreviations
    abbreviations.log.clear()
    lines = text.split("\n")
    for preprocessor in md.preprocessors:
        lines = preprocessor.run(lines)
    md.parser.parseDocument(lines)
    footnotes = tuple(md.masthead_footnotes.footnotes.items())
    reason = None
    for _fid, footnote_text in footnotes:
        # A footnote is parsed when the list is built: definitions inside it would be
        # made then, and stashed raw HTML inside it belongs to this block's conversion.
        if _DEFINITION_HINT.search(footnote_text) or any(c in footnote_text for c in "\x02\x03"):
            reason = "definitions or raw HTML inside a footnote"
    return _Definitions(tuple(md.references.items()), footnotes, tuple(abbreviations.log), reason)


def _convert_source(md: markdown.Markdown, text: str) -> str:
    """`Markdown.convert`, except that only newlines are stripped from the ends.

    Python-Markdown strips all whitespace from its output, which is right for a whole
    document but drops a no-break space that raw HTML leaves at the end of a block
    followed by more.  Nor does it stop at a block of only (Unicode) whitespace: that is
    for a whole document (see `render`).  An empty `text` still runs the tree processors (which build the
    footnotes list from the injected definitions); `convert` would cut it short.
    """
    lines = text.split("\n") if text else []
    if text:
        for preprocessor in md.preprocessors:
            lines = preprocessor.run(lines)
    root = md.parser.parseDocument(lines).getroot()
    assert root is not None  # parseDocument always builds a root element
    for treeprocessor in md.treeprocessors:
        new_root = treeprocessor.run(root)
        if new_root is not None:
            root = new_root
    output = md.serializer(root)
    start, end = output.find(f"<{md.doc_tag}>"), output.rfind(f"</{md.doc_tag}>")
    output = output[start + len(md.doc_tag) + 2 : end].strip() if start >= 0 <= end else ""
    for postprocessor in md.postprocessors:
        output = postprocessor.run(output)
    return output.strip("\n")


def block_text(lines: list[str], pieces: list[tuple[int, str]], index: int) -> str:
    """The source of the index-th block (``pieces`` start with each block's first line),
    up to the next block's first line: the block-wise engines cut the same way."""
    start = pieces[index][0]
    end = pieces[index + 1][0] if index + 1 < len(pieces) else len(lines)
    return "\n".join(lines[start:end]).rstrip("\n")

"""Incremental rendering for the CommonMark-family dialects (markdown-it-py).

markdown-it parses in two passes: the block pass finds the document's structure (and
its reference definitions), the inline pass (with typography, autolinks, heading ids)
works inside each block on its own.  `CommonMarkRenderer.render` runs the block pass on
the whole body, cuts its tokens into top-level blocks by their source line maps, and
runs the inline pass and the renderer only for blocks whose source (and the reference
definitions they use) changed.  Heading ids are made unique across the document
afterwards.  The result is exactly the engine's rendering of the whole body.

Footnotes are numbered in the order the inline pass meets them, document-wide, and
their list is built at the end: a body with footnote definitions goes through the
inline pass in one piece (its blocks still keep their keys).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from editor.core.render.commonmark import EXPLICIT_IDS, new_engine, resolve_heading_ids
from editor.core.render.incremental import (
    FOOTNOTES_KEY,
    BlockKeys,
    RenderedBlock,
    RenderResult,
    changes,
    normalise_newlines,
)
from editor.core.site.dialect import Dialect

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class _Group:
    """One top-level block: its tokens and the body lines it covers (0-based, end excluded)."""

    tokens: list[Token]
    start: int
    end: int


@dataclass(frozen=True)
class _Converted:
    html: str  # with heading-id markers
    explicit_ids: frozenset[str]


class CommonMarkRenderer:
    """Renders bodies in one CommonMark-family dialect, reusing unchanged blocks' HTML.

    Same interface as `IncrementalRenderer`; not thread-safe.
    """

    def __init__(
        self,
        dialect: Dialect,
        block_filter: Callable[[str], str] | None = None,
        *,
        mdx: bool = False,
    ) -> None:
        self.dialect = dialect
        self._md = new_engine(dialect, mdx=mdx)
        rules = [r for r in self._md.core.ruler.__rules__ if r.enabled]
        names = [r.name for r in rules]
        split = names.index("block") + 1
        self._block_rules = [r.fn for r in rules[:split]]
        self._inline_rules = [r.fn for r in rules[split:]]
        self._block_filter = block_filter
        self._converted: dict[tuple[str, tuple], _Converted] = {}
        self._filtered: dict[str, str] = {}
        self._keys = BlockKeys()
        self._previous_html: dict[str, str] = {}

    def render_html(self, text: str) -> str:
        """The body's HTML as the engine renders it whole (no block wrappers)."""
        return self.render(text).inner_html

    def render(self, text: str) -> RenderResult:
        text = normalise_newlines(text)
        env: dict = {}
        state = StateCore(text, self._md, env)
        for rule in self._block_rules:
            rule(state)
        lines = text.split("\n")
        groups = _top_level_groups(state.tokens, len(lines))
        texts = ["\n".join(lines[g.start : g.end]) for g in groups]
        one_piece = bool(env.get("footnotes"))
        if one_piece:
            converted, groups = self._convert_whole(state, len(lines))
            texts = [
                "\n".join(lines[g.start : g.end]) if g.start < len(lines) else f"\0{FOOTNOTES_KEY}"
                for g in groups
            ]
            count = len(groups)
        else:
            converted, count = self._convert_blockwise(groups, texts, env)
        explicit = set().union(*(c.explicit_ids for c in converted))
        inner = resolve_heading_ids([c.html for c in converted], explicit)
        keys = self._keys.assign(texts)
        if one_piece and groups and groups[-1].start > len(lines):
            keys[-1] = FOOTNOTES_KEY
        final = [self._filter(h) for h in inner]
        blocks = tuple(
            RenderedBlock(key, group.start + 1, block_html)
            for key, group, block_html in zip(keys, groups, final, strict=True)
        )
        self._previous_html, changed, removed = changes(self._previous_html, blocks)
        self._filtered = {h: self._filtered[h] for h in inner if h in self._filtered}
        return RenderResult(blocks, changed, removed, one_piece, count, ())

    def _convert_blockwise(
        self, groups: list[_Group], texts: list[str], env: dict
    ) -> tuple[list[_Converted], int]:
        references = env.get("references", {})
        cache: dict[tuple[str, tuple], _Converted] = {}
        converted: list[_Converted] = []
        count = 0
        for group, text in zip(groups, texts, strict=True):
            key = (text, _references_used(text, references))
            entry = self._converted.get(key) or cache.get(key)
            if entry is None:
                group_env = {"references": references}
                tokens = self._run_inline(group.tokens, group_env)
                entry = _Converted(
                    self._md.renderer.render(tokens, self._md.options, group_env).rstrip("\n"),
                    frozenset(group_env.get(EXPLICIT_IDS, ())),
                )
                count += 1
            cache[key] = entry
            converted.append(entry)
        self._converted = cache
        return converted, count

    def _convert_whole(
        self, state: StateCore, line_count: int
    ) -> tuple[list[_Converted], list[_Group]]:
        self._converted = {}
        tokens = self._run_inline(state.tokens, state.env)
        # Footnote definitions moved to a list at the end: group again.
        groups = _top_level_groups(tokens, line_count)
        explicit = frozenset(state.env.get(EXPLICIT_IDS, ()))
        converted = [
            _Converted(
                self._md.renderer.render(g.tokens, self._md.options, state.env).rstrip("\n"),
                explicit,
            )
            for g in groups
        ]
        return converted, groups

    def _run_inline(self, tokens: list[Token], env: dict) -> list[Token]:
        """The tokens after the inline pass (footnotes may move to a list at the end)."""
        state = StateCore("", self._md, env)
        state.tokens = tokens
        for rule in self._inline_rules:
            rule(state)
        return state.tokens

    def _filter(self, block_html: str) -> str:
        if self._block_filter is None:
            return block_html
        filtered = self._filtered.get(block_html)
        if filtered is None:
            filtered = self._block_filter(block_html)
            self._filtered[block_html] = filtered
        return filtered


def _references_used(text: str, references: dict) -> tuple:
    """The reference definitions `text` may use (part of its cache key)."""
    if not references or "[" not in text:
        return ()
    folded = _WHITESPACE.sub(" ", text).upper()
    return tuple(
        sorted(
            (label, value.get("href"), value.get("title"))
            for label, value in references.items()
            if label in folded
        )
    )


def _top_level_groups(tokens: list[Token], line_count: int) -> list[_Group]:
    """Tokens cut into top-level blocks; a block without a line map joins the one before.

    Blocks after the body (the footnotes list) start past its last line.
    """
    groups: list[_Group] = []
    current: list[Token] = []
    depth = 0
    for token in tokens:
        current.append(token)
        depth += token.nesting
        if depth == 0:
            first = current[0]
            if first.map is not None:
                start, end = first.map
                groups.append(_Group(current, start, end))
            elif groups and not first.type.startswith("footnote_block"):
                last = groups.pop()
                groups.append(_Group(last.tokens + current, last.start, last.end))
            else:
                groups.append(_Group(current, line_count + 1, line_count + 1))
            current = []
    return groups

"""Incremental rendering for the CommonMark-family dialects (markdown-it-py).

`CommonMarkRenderer.render(text)` gives exactly the engine's rendering of the whole
body while converting only what changed:

1. The body is cut into *chunks* at blank lines after which CommonMark starts afresh:
   the next line is flush left and cannot continue an open block (no list item or
   definition, not inside a fenced code block or a raw HTML block that runs across
   blank lines).  Cutting too little is always safe, so the rules err that way.
2. Each chunk's block pass is cached by its text; it yields the reference and
   footnote definitions, merged in document order (the first definition wins, as in
   markdown-it).
3. Each chunk's inline pass and HTML are cached by its text and the document state
   it reads: the reference definitions it may use and, for footnote references, the
   numbering so far.  A cache hit replays the chunk's footnote references, so later
   chunks see the same numbering as a whole-document pass.
4. The footnotes list is built at the end (markdown-it's ``footnote_tail``), and
   heading ids are made unique across the document.

Top-level blocks inside the chunks carry their source lines (markdown-it's token
maps) for scroll sync and stable keys for patching.
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
    FilterCache,
    RenderedBlock,
    RenderResult,
    block_text,
    changes,
    normalise_newlines,
)
from editor.core.site.dialect import Dialect

_WHITESPACE = re.compile(r"\s+")
_FOOTNOTE_USE = re.compile(r"\[\^([^\]]+)\]")
_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})(.*)$")
_CONTINUES = re.compile(r"(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)|:")
# Raw HTML blocks that blank lines do not end (CommonMark types 1 to 5): start, end.
_HTML_RUNS = (
    (
        re.compile(r" {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)", re.I),
        re.compile(r"</(?:script|pre|style|textarea)>", re.I),
    ),
    (re.compile(r" {0,3}<!--"), re.compile(r"-->")),
    (re.compile(r" {0,3}<\?"), re.compile(r"\?>")),
    (re.compile(r" {0,3}<![A-Za-z]"), re.compile(r">")),
    (re.compile(r" {0,3}<!\[CDATA\["), re.compile(r"\]\]>")),
)
_DEFINITION = re.compile(r" {0,3}:[ \t]")
_CONTAINER = re.compile(r"^ {0,3}:::", re.MULTILINE)


@dataclass(frozen=True)
class _Chunk:
    text: str
    start: int  # 0-based first body line


@dataclass(frozen=True)
class _BlockFacts:
    """What a chunk's block pass defines for the whole document."""

    references: tuple[tuple[str, dict], ...]
    footnote_labels: tuple[str, ...]


@dataclass(frozen=True)
class _Converted:
    blocks: tuple[tuple[int, str], ...]  # (0-based line in the chunk, HTML with id markers)
    definitions: tuple[Token, ...]  # footnote definition tokens, for the footnotes list
    footnote_refs: tuple[str, ...]  # labels referenced, in the order the inline pass met them
    explicit_ids: frozenset[str]


class CommonMarkRenderer:
    """Renders bodies in one CommonMark-family dialect, reusing unchanged chunks' HTML.

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
        self._inline_rules = [r.fn for r in rules[split:] if r.name != "footnote_tail"]
        self._tail = next((r.fn for r in rules if r.name == "footnote_tail"), None)
        self._filters = FilterCache(block_filter)
        self._facts: dict[str, _BlockFacts] = {}
        self._converted: dict[tuple, _Converted] = {}
        self._keys = BlockKeys()
        self._previous_html: dict[str, str] = {}
        self._last_footnotes: tuple[tuple, list[Token], str] | None = None

    def render(self, text: str) -> RenderResult:
        text = normalise_newlines(text)
        lines = text.split("\n")
        chunks = self._chunks(text, lines)
        facts, fresh_tokens = self._block_facts(chunks)
        references: dict = {}
        defined: set[str] = set()
        for fact in facts:
            for label, value in fact.references:
                references.setdefault(label, value)
            defined.update(fact.footnote_labels)
        env: dict = {"references": references}
        if defined:
            env["footnotes"] = {"refs": {f":{label}": -1 for label in defined}, "list": {}}
        cache: dict[tuple, _Converted] = {}
        converted_now = 0
        entries: list[_Converted] = []
        for chunk in chunks:
            key = (
                chunk.text,
                _references_used(chunk.text, references),
                _footnote_state(chunk.text, env),
            )
            entry = self._converted.get(key) or cache.get(key)
            if entry is None:
                tokens = fresh_tokens.pop(chunk.text, None) or self._parse_blocks(chunk.text)[0]
                entry = self._convert(chunk.text, tokens, env)
                converted_now += 1
            else:
                _replay_footnotes(entry.footnote_refs, env)
            cache[key] = entry
            entries.append(entry)
        self._converted = cache
        pieces: list[tuple[int, str]] = [
            (chunk.start + line, block_html)
            for chunk, entry in zip(chunks, entries, strict=True)
            for line, block_html in entry.blocks
        ]
        texts = [block_text(lines, pieces, i) for i in range(len(pieces))]
        footnotes_html = self._footnotes_list(entries, env)
        if footnotes_html is not None:
            pieces.append((len(lines) + 1, footnotes_html))
            texts.append(f"\0{FOOTNOTES_KEY}")
        explicit = set().union(*(e.explicit_ids for e in entries))
        inner = resolve_heading_ids([h for _, h in pieces], explicit)
        keys = self._keys.assign(texts)
        if footnotes_html is not None:
            keys[-1] = FOOTNOTES_KEY
        final = self._filters.apply(inner)
        blocks = tuple(
            RenderedBlock(key, line + 1, block_html)
            for key, (line, _), block_html in zip(keys, pieces, final, strict=True)
        )
        self._previous_html, changed, removed = changes(self._previous_html, blocks)
        return RenderResult(blocks, changed, removed, False, converted_now, ())

    # -- chunks -------------------------------------------------------------------------

    def _chunks(self, text: str, lines: list[str]) -> list[_Chunk]:
        if not text.strip():
            return []
        if self.dialect.admonitions and _CONTAINER.search(text):
            starts = [0]  # containers hold blank lines and flush-left text: one piece
        else:
            starts = _chunk_starts(lines)
        chunks = []
        for first, following in zip(starts, [*starts[1:], len(lines)], strict=True):
            chunks.append(_Chunk("\n".join(lines[first:following]), first))
        return chunks

    def _parse_blocks(self, text: str) -> tuple[list[Token], dict]:
        env: dict = {}
        state = StateCore(text, self._md, env)
        for rule in self._block_rules:
            rule(state)
        return state.tokens, env

    def _block_facts(
        self, chunks: list[_Chunk]
    ) -> tuple[list[_BlockFacts], dict[str, list[Token]]]:
        """Each chunk's definitions (cached by text), and the tokens parsed just now."""
        known: dict[str, _BlockFacts] = {}
        fresh: dict[str, list[Token]] = {}
        facts = []
        for chunk in chunks:
            fact = known.get(chunk.text) or self._facts.get(chunk.text)
            if fact is None:
                tokens, env = self._parse_blocks(chunk.text)
                fresh[chunk.text] = tokens
                labels = env.get("footnotes", {}).get("refs", {})
                fact = _BlockFacts(
                    tuple(env.get("references", {}).items()),
                    tuple(label[1:] for label in labels),
                )
            known[chunk.text] = fact
            facts.append(fact)
        self._facts = known
        return facts, fresh

    # -- inline pass and HTML -----------------------------------------------------------

    def _convert(self, text: str, tokens: list[Token], env: dict) -> _Converted:
        refs_before = _footnote_refs_snapshot(env)
        chunk_env = dict(env)
        chunk_env.pop(EXPLICIT_IDS, None)
        state = StateCore(text, self._md, chunk_env)
        state.tokens = tokens
        for rule in self._inline_rules:
            rule(state)
        blocks, definitions = [], []
        for group in _top_level_groups(state.tokens):
            if group[0].type == "footnote_reference_open":
                definitions.extend(group)
                continue
            html = self._md.renderer.render(group, self._md.options, chunk_env).rstrip("\n")
            blocks.append((group[0].map[0] if group[0].map else 0, html))
        return _Converted(
            tuple(blocks),
            tuple(definitions),
            _footnote_refs_since(refs_before, env),
            frozenset(chunk_env.get(EXPLICIT_IDS, ())),
        )

    def _footnotes_list(self, entries: list[_Converted], env: dict) -> str | None:
        if self._tail is None or not env.get("footnotes", {}).get("list"):
            return None
        definitions = [token for entry in entries for token in entry.definitions]
        numbering = tuple((n, i["label"], i["count"]) for n, i in env["footnotes"]["list"].items())
        # The same definition tokens (identical objects) and numbering: the same list.
        key = (tuple(map(id, definitions)), numbering)
        if self._last_footnotes is not None and self._last_footnotes[0] == key:
            return self._last_footnotes[2]
        state = StateCore("", self._md, env)
        state.tokens = list(definitions)
        self._tail(state)
        output = self._md.renderer.render(state.tokens, self._md.options, env).rstrip("\n")
        self._last_footnotes = (key, definitions, output)  # keeps the tokens (and ids) alive
        return output


def _chunk_starts(lines: list[str]) -> list[int]:
    """0-based first lines of the chunks: see the module docstring."""
    starts = [0]
    fence: tuple[str, int] | None = None
    html_end: re.Pattern[str] | None = None
    after_blank = False
    for index, line in enumerate(lines):
        if fence is not None:
            close = re.match(rf" {{0,3}}({re.escape(fence[0])}{{{fence[1]},}})[ \t]*$", line)
            if close:
                fence = None
            continue
        if html_end is not None:
            if html_end.search(line):
                html_end = None
            continue
        if not line.strip(" \t"):
            after_blank = True
            continue
        if (
            after_blank
            and index
            and line[0] not in " \t"
            and not _CONTINUES.match(line)
            and not (index + 1 < len(lines) and _DEFINITION.match(lines[index + 1]))
        ):
            starts.append(index)  # (a term whose definition follows joins the list before)
        after_blank = False
        first = line.lstrip(" ")[:1]
        if first in ("`", "~"):
            opened = _FENCE_OPEN.match(line)
            if opened and not (opened.group(1)[0] == "`" and "`" in opened.group(2)):
                fence = (opened.group(1)[0], len(opened.group(1)))
        elif first == "<":
            for start, end in _HTML_RUNS:
                found = start.match(line)
                if found and not end.search(line, found.end()):
                    html_end = end
                    break
    return starts


def _top_level_groups(tokens: list[Token]) -> list[list[Token]]:
    groups: list[list[Token]] = []
    current: list[Token] = []
    depth = 0
    for token in tokens:
        current.append(token)
        depth += token.nesting
        if depth == 0:
            if current[0].map is None and groups and current[0].type != "footnote_reference_open":
                groups[-1].extend(current)  # no line of its own: part of the block before
            else:
                groups.append(current)
            current = []
    return groups


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


def _footnote_state(text: str, env: dict) -> tuple:
    """The footnote numbering `text`'s references would read (part of its cache key)."""
    footnotes = env.get("footnotes")
    if not footnotes or "[^" not in text:
        return ()
    refs, listed = footnotes["refs"], footnotes["list"]
    state = []
    for label in sorted(set(_FOOTNOTE_USE.findall(text))):
        number = refs.get(f":{label}")
        count = listed[number]["count"] if number is not None and number >= 0 else None
        state.append((label, number, count))
    return (len(listed), tuple(state))


def _footnote_refs_snapshot(env: dict) -> dict[int, int]:
    footnotes = env.get("footnotes")
    if not footnotes:
        return {}
    return {number: item["count"] for number, item in footnotes["list"].items()}


def _footnote_refs_since(before: dict[int, int], env: dict) -> tuple[str, ...]:
    """The labels referenced since `before`, in the order they were met.

    Only the counts are known, so the order is rebuilt: new footnotes in number order
    after repeats.  That is exact for what `_replay_footnotes` needs: the numbers and
    counts it leaves behind.
    """
    footnotes = env.get("footnotes")
    if not footnotes:
        return ()
    met: list[str] = []
    for number, item in footnotes["list"].items():
        met.extend([item["label"]] * (item["count"] - before.get(number, 0)))
    return tuple(met)


def _replay_footnotes(labels: tuple[str, ...], env: dict) -> None:
    """Advance the numbering as the chunk's references did (markdown-it's footnote_ref)."""
    if not labels:
        return
    refs, listed = env["footnotes"]["refs"], env["footnotes"]["list"]
    for label in labels:
        number = refs.get(f":{label}", -1)
        if number < 0:
            number = len(listed)
            listed[number] = {"label": label, "count": 0}
            refs[f":{label}"] = number
        listed[number]["count"] += 1

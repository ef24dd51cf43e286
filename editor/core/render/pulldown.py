"""The Zola engine: pulldown-cmark through pyromark, with the options Zola sets.

Zola (components/markdown/src/markdown.rs) parses with pulldown-cmark's tables,
footnotes, strikethrough, task lists and heading attributes on, smart punctuation,
definition lists and GitHub alerts as its ``[markdown]`` settings say, and then works on
the event stream before pulldown-cmark's HTML writer runs.  So does this module:

- template syntax (``{{ youtube(id="x") }}``, ``{% note() %}``) is swapped for a
  placeholder token before parsing, as Zola swaps its shortcodes, and comes back as
  a labelled placeholder (`editor.core.render.templates`); a paragraph that is only a
  shortcode loses its ``<p>``, as in Zola;
- every heading gets an id, its own (``{#id}``) or Zola's slug of its text, made
  unique across the body the way Zola's ``find_anchor`` does;
- the first ``<!-- more -->`` becomes Zola's ``<span id="continue-reading"></span>``;
- with ``bottom_footnotes`` the footnotes move to a list at the end
  (`editor.core.render.pulldown_footnotes`).

`parse` turns a body into top-level `Block`s (the events of one top-level element, its
byte range and what its HTML depends on besides its own source), for
`editor.core.render.pulldown_html.write_html`, pulldown-cmark's HTML writer.
`render_html` writes a whole body in one pass; `editor.core.render.incremental_pulldown`
block by block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pyromark

from editor.core.render.pulldown_footnotes import FootnoteMover
from editor.core.render.pulldown_html import write_html
from editor.core.render.slugs import slugify, unique_id
from editor.core.render.templates import template_spans
from editor.core.site.dialect import Dialect

CONTINUE_READING = '<span id="continue-reading"></span>'
_MORE_DIVIDER = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE | re.DOTALL)
# A template's stand-in while pulldown-cmark parses: punctuation around word characters,
# like Zola's own "@@ZOLA_SC_PLACEHOLDER@@", numbered so each finds its template again.
_TOKEN = re.compile(r"@@MHTPL([0-9]+)@@")


def zola_options(dialect: Dialect) -> pyromark.Options:
    """pulldown-cmark's options as Zola sets them for this site's ``[markdown]``."""
    options = (
        pyromark.Options.ENABLE_TABLES
        | pyromark.Options.ENABLE_FOOTNOTES
        | pyromark.Options.ENABLE_STRIKETHROUGH
        | pyromark.Options.ENABLE_TASKLISTS
        | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
    )
    if dialect.typographer:
        options |= pyromark.Options.ENABLE_SMART_PUNCTUATION
    if dialect.definition_lists:
        options |= pyromark.Options.ENABLE_DEFINITION_LIST
    if dialect.alerts:
        options |= pyromark.Options.ENABLE_GFM
    return options


def new_parser(dialect: Dialect) -> pyromark.Markdown:
    return pyromark.Markdown(options=zola_options(dialect))


@dataclass(frozen=True)
class Template:
    """One piece of template syntax: as typed, and the placeholder shown for it."""

    text: str
    placeholder: str


def swap_templates(text: str, kinds: tuple[str, ...]) -> tuple[str, list[Template]]:
    """`text` with each template (on one line) replaced by a numbered token."""
    spans = template_spans(text, kinds) if "{" in text else []
    if not spans:
        return text, []
    parts, templates, last = [], [], 0
    for start, end, placeholder in spans:
        parts += [text[last:start], f"@@MHTPL{len(templates)}@@"]
        templates.append(Template(text[start:end], placeholder))
        last = end
    parts.append(text[last:])
    return "".join(parts), templates


@dataclass(frozen=True)
class Block:
    """A top-level element: its events, ready for `write_html`."""

    start: int
    """Byte offset in the parsed source where it starts."""
    end: int
    events: tuple[Any, ...]
    depends: tuple[Any, ...]
    """What its HTML depends on besides its source: heading ids, footnote numbers,
    link targets (from definitions anywhere), templates, the summary divider."""


# -- parsing into blocks ----------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    source: str
    """The text parsed: the body with its templates swapped for tokens."""
    blocks: list[Block]
    numbers: dict[str, int]
    """Footnote numbers, for `write_html`."""
    footnotes: list[Any] | None = None
    """The footnotes list's events, when they go at the end (``bottom_footnotes``)."""


def parse(text: str, dialect: Dialect, parser: pyromark.Markdown) -> Parsed:
    """The body parsed into top-level blocks, with Zola's work on the events done."""
    source, templates = swap_templates(text, dialect.templates)
    groups: list[tuple[int, int, list[Any], bool]] = []
    current: list[Any] = []
    explicit_ids: set[str] = set()
    depth = 0
    start = end = 0
    special = False  # anything `_DocumentState.prepare` changes or notes
    # Adjacent text as one event (pulldown-cmark splits text at delimiters), for templates.
    for event, span in parser.events_with_range(source, merge_text=True):
        if depth == 0:
            start, end = span["start"], span["end"]
        current.append(event)
        if type(event) is dict:
            if "Start" in event:
                depth += 1
                tag = event["Start"]
                if type(tag) is dict and _SPECIAL_TAGS.intersection(tag):
                    special = True
                    if "Heading" in tag and tag["Heading"]["id"] is not None:
                        explicit_ids.add(tag["Heading"]["id"])
            elif "End" in event:
                depth -= 1
            elif "Text" in event:
                special = special or (bool(templates) and "@@MHTPL" in event["Text"])
            elif "TaskListMarker" not in event:  # code, HTML, footnote references
                special = True
        if depth == 0:
            groups.append((start, end, current, special))
            current = []
            special = False
    state = _DocumentState(templates, explicit_ids, dialect.heading_ids)
    mover = FootnoteMover() if dialect.footnotes_at_end else None
    blocks = []
    for start, end, events, special in groups:
        if not special:
            blocks.append(Block(start, end, tuple(events), ()))
            continue
        footnotes_before = state.footnote_events
        prepared, depends = state.prepare(events)
        if mover is not None and state.footnote_events != footnotes_before:
            moved, numbers = mover.move(prepared)
            if not moved:
                continue  # a definition: it is in the list at the end now
            prepared, depends = tuple(moved), (*depends, *numbers)
        blocks.append(Block(start, end, prepared, depends))
    return Parsed(source, blocks, state.numbers, mover.footnotes() if mover else None)


_SPECIAL_TAGS = frozenset(("Heading", "Link", "Image", "FootnoteDefinition"))


def render_html(text: str, dialect: Dialect) -> str:
    """The body's HTML written in one pass (the incremental renderer's output equals it)."""
    parsed = parse(text, dialect, new_parser(dialect))
    body = write_html([event for block in parsed.blocks for event in block.events])
    if parsed.footnotes is None:
        return body
    # On a line of its own (Zola's writes it straight after raw HTML at the very end).
    return body + ("\n" if body and not body.endswith("\n") else "") + write_html(parsed.footnotes)


class _DocumentState:
    """What carries from block to block: ids taken, footnote numbers, templates, more."""

    def __init__(self, templates: list[Template], explicit_ids: set[str], id_style: str | None):
        self.templates = templates
        self.used_ids = set(explicit_ids)
        self.counters: dict[str, int] = {}
        self.id_style = id_style
        self.numbers: dict[str, int] = {}
        self.more_seen = False
        self.footnote_events = 0

    def prepare(self, events: list[Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """The block's events as Zola hands them to the writer, and what they depend on."""
        out: list[Any] = []
        depends: list[Any] = []
        as_typed = 0  # inside a code block or an image (its alt text)
        skip = -1
        for index, event in enumerate(events):
            if type(event) is str:
                out.append(event)
                continue
            if index == skip:
                continue
            (kind, value), *_ = event.items()
            if kind == "Text":
                if self.templates and "@@MHTPL" in value:
                    if as_typed:
                        out.append({"Text": self._typed(value, depends)})
                    elif _alone_in_paragraph(events, index, value):
                        # (a line of its own: Zola's writes it bare, blocks are joined by lines)
                        out[-1] = {"Html": self._placeholders(value.strip(), depends) + "\n"}
                        skip = index + 1  # the paragraph's end
                    else:
                        out.extend(self._text_and_placeholders(value, depends))
                    continue
            elif kind == "Start":
                if type(value) is dict:
                    (tag, data), *_ = value.items()
                    if tag == "Heading":
                        event = {"Start": {"Heading": self._heading(events, index, data)}}
                        depends.append(event["Start"]["Heading"]["id"])
                    elif tag in ("Link", "Image"):
                        event = {"Start": {tag: self._link(data, depends)}}
                        as_typed += tag == "Image"
                    elif tag == "FootnoteDefinition":
                        depends.append(self._number(data))
                    elif tag == "CodeBlock":
                        as_typed += 1
            elif kind == "End":
                if value in ("CodeBlock", "Image"):
                    as_typed -= 1
            elif kind == "FootnoteReference":
                depends.append(self._number(value))
            elif kind == "Code":
                if self.templates and "@@MHTPL" in value:
                    event = {"Code": self._typed(value, depends)}
            elif kind in ("Html", "InlineHtml"):
                if not self.more_seen and _MORE_DIVIDER.search(value):
                    self.more_seen = True
                    depends.append("more")
                    event = {"Html": CONTINUE_READING + "\n" * value.endswith("\n")}
                elif self.templates and "@@MHTPL" in value:
                    event = {kind: self._placeholders(value, depends)}
            out.append(event)
        return tuple(out), tuple(depends)

    def _number(self, name: str) -> tuple[str, int]:
        self.footnote_events += 1
        number = self.numbers.setdefault(name, len(self.numbers) + 1)
        return name, number

    def _heading(self, events: list[Any], index: int, data: dict) -> dict:
        """Zola's heading: its own id or a unique slug of its text; classes, no attrs."""
        heading_id = data["id"]
        if heading_id is None and self.id_style is not None:
            title = []
            for event in events[index + 1 :]:
                if type(event) is dict:
                    if "End" in event and type(event["End"]) is dict and "Heading" in event["End"]:
                        break
                    if "Text" in event:  # a template is HTML in Zola: not in the title
                        title.append(_TOKEN.sub("", event["Text"]))
                    elif "Code" in event:
                        title.append(self._typed(event["Code"], None))
            slug = slugify("".join(title), self.id_style)
            heading_id = unique_id(slug, self.used_ids, self.counters)
        elif heading_id is not None:
            self.used_ids.add(heading_id)
        return {**data, "id": heading_id, "attrs": ()}

    def _link(self, data: dict, depends: list[Any]) -> dict:
        url, title = data["dest_url"], data["title"]
        if self.templates:
            url, title = self._typed(url, depends), self._typed(title, depends)
        depends.append((data["link_type"], url, title))
        return {**data, "dest_url": url, "title": title}

    def _template(self, match: re.Match[str], depends: list[Any] | None) -> Template | None:
        number = int(match.group(1))
        if number >= len(self.templates):
            return None
        template = self.templates[number]
        if depends is not None:
            depends.append(template)
        return template

    def _typed(self, value: str, depends: list[Any] | None) -> str:
        """The templates in `value` as typed (in code, URLs and alt text)."""

        def typed(match: re.Match[str]) -> str:
            template = self._template(match, depends)
            return match.group(0) if template is None else template.text

        return _TOKEN.sub(typed, value)

    def _placeholders(self, value: str, depends: list[Any]) -> str:
        def shown(match: re.Match[str]) -> str:
            template = self._template(match, depends)
            return match.group(0) if template is None else template.placeholder

        return _TOKEN.sub(shown, value)

    def _text_and_placeholders(self, value: str, depends: list[Any]) -> list[Any]:
        out: list[Any] = []
        last = 0
        for match in _TOKEN.finditer(value):
            template = self._template(match, depends)
            if template is None:
                continue
            if match.start() > last:
                out.append({"Text": value[last : match.start()]})
            out.append({"InlineHtml": template.placeholder})
            last = match.end()
        if last < len(value):
            out.append({"Text": value[last:]})
        return out


def _alone_in_paragraph(events: list[Any], index: int, value: str) -> bool:
    """The paragraph holds this one template and nothing else (Zola drops its <p>)."""
    return (
        0 < index < len(events) - 1
        and events[index - 1] == {"Start": "Paragraph"}
        and events[index + 1] == {"End": "Paragraph"}
        and _TOKEN.fullmatch(value.strip()) is not None
    )

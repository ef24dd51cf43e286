"""Dialect hints: where the site's renderer will do something the writer may not expect.

- Hugo (``unsafe`` off) leaves raw HTML out of the page.
- Python-Markdown sites (Jigsaw, MkDocs) do not see a list written straight after a
  paragraph line: the lines stay in the paragraph.
- MDX reads ``{`` as the start of a JavaScript expression and ``<`` as the start of a
  JSX tag: in plain text both stop the build.

`dialect_hints(body, dialect)` returns ``(body line, message)`` pairs, 1-based.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt

from editor.core.render.commonmark import new_engine
from editor.core.site.dialect import PYTHON_MARKDOWN, Dialect

HUGO_RAW_HTML = "Hugo leaves this raw HTML out of the page (markup.goldmark.renderer.unsafe is off)"
LIST_AFTER_PARAGRAPH = (
    "{engine} will not see a list here: it continues the paragraph above "
    "(put a blank line before the list)"
)
MDX_BRACE = "MDX reads '{' as the start of a JavaScript expression (write \\{ or use code)"
MDX_ANGLE = "MDX reads '<' as the start of a JSX tag (write &lt; or use code)"

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[*+-]|\d+[.)])[ \t]+\S")
_MDX_ANGLE = re.compile(r"<(?![A-Za-z/!])")


@cache
def _engine(dialect: Dialect, mdx: bool) -> MarkdownIt:
    return new_engine(dialect, mdx=mdx)


def dialect_hints(body: str, dialect: Dialect, *, mdx: bool = False) -> list[tuple[int, str]]:
    """Hints for `body` rendered in `dialect`, as (1-based body line, message)."""
    hints: list[tuple[int, str]] = []
    if dialect.family == PYTHON_MARKDOWN:
        hints += _lists_after_paragraphs(body, dialect)
    elif not dialect.raw_html and dialect.name == "hugo" and "<" in body:
        hints += _raw_html(body, dialect)
    if mdx and ("{" in body or "<" in body):
        hints += _mdx_text(body, dialect)
    return sorted(set(hints))


def _lists_after_paragraphs(body: str, dialect: Dialect) -> list[tuple[int, str]]:
    found = []
    in_fence = False
    previous = ""
    for number, line in enumerate(body.split("\n"), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and _LIST_ITEM.match(line):
            is_text = previous.strip() and not previous.startswith((" ", "\t", "#", ">", "|"))
            if is_text and not _LIST_ITEM.match(previous):
                found.append((number, LIST_AFTER_PARAGRAPH.format(engine=dialect.engine)))
        previous = "" if in_fence else line
    return found


def _raw_html(body: str, dialect: Dialect) -> list[tuple[int, str]]:
    found = []
    tokens = _engine(dialect, False).parse(body)
    for token in tokens:
        if token.type == "html_block" and token.map and token.content.strip() != "<!--more-->":
            found.append((token.map[0] + 1, HUGO_RAW_HTML))
        elif token.type == "inline" and token.map:
            if any(child.type == "html_inline" for child in token.children or ()):
                found.append((token.map[0] + 1, HUGO_RAW_HTML))
    return found


def _mdx_text(body: str, dialect: Dialect) -> list[tuple[int, str]]:
    found = []
    for token in _engine(dialect, True).parse(body):
        if token.type != "inline" or not token.map:
            continue
        for child in token.children or ():
            if child.type != "text":
                continue
            if "{" in child.content:
                found.append((token.map[0] + 1, MDX_BRACE))
            if _MDX_ANGLE.search(child.content):
                found.append((token.map[0] + 1, MDX_ANGLE))
    return found

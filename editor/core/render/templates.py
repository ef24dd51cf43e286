"""Template syntax in a body, shown as small labelled placeholders.

Hugo and Zola shortcodes (``{{< figure src="a.png" >}}``, ``{{% note %}}``,
``{{ youtube(id="x") }}``), Liquid and Nunjucks tags and output (``{% include x.html %}``,
``{{ page.title }}``), and in MDX the ``import``/``export`` lines and JSX components
(``<Tabs>``) are the site's business, not Markdown's.  Each becomes
``<span class="mh-template">shortcode: figure</span>``; the Markdown around it renders as
it would on the site.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

PLACEHOLDER_CLASS = "mh-template"
TOKEN_TYPE = "template"

_SHORTCODE = re.compile(r"\{\{(<|%)\s*(/?)\s*([\w./-]+).*?(?:>|%)\}\}", re.DOTALL)
_ZOLA_SHORTCODE = re.compile(r"\{\{\s*([\w-]+)\(.*?\)\s*\}\}|\{%\s*(end|[\w-]+)(?:\(.*?\))?\s*%\}")
_LIQUID_TAG = re.compile(r"\{%-?\s*(\w+).*?-?%\}", re.DOTALL)
_LIQUID_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
_MDX_TAG = re.compile(r"<(/?)([A-Z][\w.]*)(?:\s[^<>]*?)?\s*(/?)>")
_MDX_STATEMENT = re.compile(r"(import|export)\b")


def placeholder(kind: str, name: str) -> str:
    label = html.escape(f"{kind}: {name}".strip(), quote=False)
    return f'<span class="{PLACEHOLDER_CLASS}">{label}</span>'


def _patterns(kinds: tuple[str, ...]) -> list[tuple[re.Pattern[str], str]]:
    patterns: list[tuple[re.Pattern[str], str]] = []
    if "shortcode" in kinds:
        patterns += [(_SHORTCODE, "shortcode"), (_ZOLA_SHORTCODE, "shortcode")]
    if "liquid" in kinds or "nunjucks" in kinds:
        kind = "liquid" if "liquid" in kinds else "nunjucks"
        patterns += [(_LIQUID_TAG, kind), (_LIQUID_OUTPUT, kind)]
    return patterns


def _match(
    patterns: list[tuple[re.Pattern[str], str]], text: str, pos: int, end: int
) -> tuple[int, str] | None:
    """The end of the template syntax starting at `pos` and its placeholder, or None."""
    for pattern, kind in patterns:
        match = pattern.match(text, pos, end)
        if match is None:
            continue
        name = "".join(g for g in match.groups()[1:] if g) if pattern is _SHORTCODE else ""
        name = name or next((g for g in match.groups() if g), "")
        return match.end(), placeholder(kind, name.strip()[:40])
    return None


def template_spans(text: str, kinds: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """The template syntax of `kinds` in `text`, on one line each: (start, end, placeholder).

    Found as the inline rule finds it, left to right (for engines that take no plugin:
    the caller swaps each span for a token of its own before parsing).
    """
    patterns = _patterns(kinds)
    spans: list[tuple[int, int, str]] = []
    if not patterns:
        return spans
    pos = text.find("{")
    while pos >= 0:
        line_end = text.find("\n", pos)
        found = _match(patterns, text, pos, len(text) if line_end < 0 else line_end)
        if found is None:
            pos = text.find("{", pos + 1)
        else:
            spans.append((pos, found[0], found[1]))
            pos = text.find("{", found[0])
    return spans


def _inline_rule(kinds: tuple[str, ...]):
    patterns = _patterns(kinds)

    def template(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] != "{":
            return False
        found = _match(patterns, state.src, state.pos, state.posMax)
        if found is None:
            return False
        if not silent:
            token = state.push(TOKEN_TYPE, "", 0)
            token.content = found[1]
        state.pos = found[0]
        return True

    return template


def _mdx_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``import`` / ``export`` statements at the top level, up to a blank line."""
    begin = state.bMarks[start] + state.tShift[start]
    if state.sCount[start] - state.blkIndent >= 4 or state.level > 0:
        return False
    if not _MDX_STATEMENT.match(state.src, begin):
        return False
    if silent:
        return True
    line = start + 1
    while line < end and not state.isEmpty(line):
        line += 1
    first = state.src[begin : state.eMarks[start]]
    token = state.push(TOKEN_TYPE, "", 0)
    token.map = [start, line]
    token.block = True
    token.content = placeholder("mdx", first.strip()[:60]) + "\n"
    state.line = line
    return True


def replace_jsx(raw_html: str) -> str:
    """Raw HTML with each JSX component tag (a capitalised name) made a placeholder."""

    def label(match: re.Match[str]) -> str:
        closing, name, self_closing = match.groups()
        return placeholder("component", f"{closing}{name}{self_closing}")

    return _MDX_TAG.sub(label, raw_html)


def _render_placeholder(self, tokens, idx, options, env) -> str:
    return tokens[idx].content


def template_plugin(md: MarkdownIt, kinds: tuple[str, ...], *, mdx: bool) -> None:
    """Teach `md` the template syntax of `kinds` (and MDX statements when `mdx`)."""
    md.add_render_rule(TOKEN_TYPE, _render_placeholder)
    if {"shortcode", "liquid", "nunjucks"} & set(kinds):
        md.inline.ruler.before("text", "template", _inline_rule(kinds))
    if mdx:
        md.block.ruler.before("paragraph", "mdx_statement", _mdx_block)

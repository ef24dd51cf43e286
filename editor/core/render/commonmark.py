"""The CommonMark-family engine: markdown-it-py set up the way a site's generator is.

`new_engine(dialect)` builds a `MarkdownIt` for a `Dialect` (Hugo's Goldmark, Jekyll's
kramdown with GFM input, Eleventy's markdown-it, remark for Astro/Docusaurus/Gatsby,
plain GFM, and Zola's pulldown-cmark when pyromark, its real engine, is missing): the same syntax extensions, raw HTML kept or omitted,
typography, task-list and footnote markup in the generator's own shape.  Heading ids are
written as markers (``\\ue000slug\\ue001``) and made unique document-wide by
`resolve_heading_ids`, so blocks can be rendered one at a time (see
`editor.core.render.incremental_cm`).
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

from editor.core.render.converter import ID_CLOSE, ID_OPEN
from editor.core.render.slugs import slugify, unique_id
from editor.core.render.templates import replace_jsx, template_plugin
from editor.core.site.dialect import Dialect

RAW_HTML_OMITTED = "<!-- raw HTML omitted -->"
ADMONITIONS = ("note", "tip", "info", "caution", "danger", "warning", "important")

# How each generator writes the same things (void tags, task items, footnotes).
GOLDMARK, KRAMDOWN, CMARK, MARKDOWN_IT_JS = "goldmark", "kramdown", "cmark", "markdown-it"
PULLDOWN = "pulldown-cmark"
HTML_STYLE = {
    "hugo": GOLDMARK,
    "jekyll": KRAMDOWN,
    "gfm": CMARK,
    "eleventy": MARKDOWN_IT_JS,
    "zola": PULLDOWN,
}

# Typography Goldmark writes as entities (the typographer's output, not what was typed).
_GOLDMARK_ENTITIES = {
    "\u201c": "&ldquo;",
    "\u201d": "&rdquo;",
    "\u2018": "&lsquo;",
    "\u2019": "&rsquo;",
    "\u2013": "&ndash;",
    "\u2014": "&mdash;",
    "\u2026": "&hellip;",
}
# Typed typographic characters hide behind private-use ones while the typographer runs.
_TYPED = {char: chr(0xE010 + i) for i, char in enumerate(_GOLDMARK_ENTITIES)}
_TYPED_BACK = {v: k for k, v in _TYPED.items()}
_HEADING_ATTRIBUTES = re.compile(r"\s*\{((?:\s*[#.][\w:-]+)+)\s*\}\s*$")
_AUTO_ID = re.compile(f"{ID_OPEN}([^{ID_CLOSE}]*){ID_CLOSE}")


def html_style(dialect: Dialect) -> str:
    return HTML_STYLE.get(dialect.name, MARKDOWN_IT_JS)


def new_engine(dialect: Dialect, *, mdx: bool = False) -> MarkdownIt:
    """A markdown-it-py parser and renderer for `dialect` (`mdx`: the post is MDX)."""
    style = html_style(dialect)
    md = MarkdownIt(
        "commonmark",
        {"html": True, "typographer": dialect.typographer, "xhtmlOut": style in (CMARK, KRAMDOWN)},
    )
    if dialect.tables:
        md.enable("table")
    if dialect.strikethrough:
        md.enable("strikethrough")
    if not dialect.indented_code:
        md.disable("code")
    if dialect.linkify:
        md.use(gfm_autolink_plugin)
    if dialect.typographer:
        md.enable(["replacements", "smartquotes"])
        if style == GOLDMARK:
            md.core.ruler.before("replacements", "hide_typed", _hide_typed_typography)
            md.add_render_rule("text", _goldmark_text)
    if dialect.tasklists:
        md.options["tasklists"] = True
        md.add_render_rule("list_item_open", _task_item_open)
        md.add_render_rule("bullet_list_open", _task_list_open)
    if dialect.footnotes:
        md.use(footnote_plugin, inline=False)
        if style in _FOOTNOTE_RULES:
            for name, rule in _FOOTNOTE_RULES[style].items():
                md.add_render_rule(name, rule)
    if dialect.definition_lists:
        md.use(deflist_plugin)
    if dialect.admonitions:
        for kind in ADMONITIONS:
            container_plugin(md, kind, marker=":", render=_admonition)
    template_plugin(md, dialect.templates, mdx=mdx)
    md.options["mh_style"] = style
    md.options["mh_raw_html"] = dialect.raw_html
    md.options["mh_mdx"] = mdx
    md.options["mh_heading_ids"] = dialect.heading_ids
    md.options["mh_heading_attributes"] = dialect.heading_attributes
    if style == KRAMDOWN:
        md.core.ruler.push("kramdown_list_paragraphs", _kramdown_list_paragraphs)
        md.core.ruler.push("kramdown_strong_outside", _kramdown_strong_outside)
        _kramdown_dot_lists_only(md)
    if dialect.heading_ids or dialect.heading_attributes:
        if style == GOLDMARK:  # Goldmark makes ids from the text as typed
            md.core.ruler.before("replacements", "heading_ids", _heading_ids_rule)
        else:
            md.core.ruler.push("heading_ids", _heading_ids_rule)
    md.add_render_rule("html_block", _raw_html_block)
    md.add_render_rule("html_inline", _raw_html_inline)
    if style in (GOLDMARK, CMARK, KRAMDOWN, PULLDOWN):  # <del>, where markdown-it writes <s>
        md.add_render_rule("s_open", _constant("<del>"))
        md.add_render_rule("s_close", _constant("</del>"))
    if style == GOLDMARK:
        md.add_render_rule("link_open", _goldmark_link_open)
    if style == MARKDOWN_IT_JS:
        md.add_render_rule("image", _image_text_alt)
    return md


def _goldmark_link_open(self, tokens, idx, options, env) -> str:
    """Goldmark's linkify gives a bare www. address https, not http."""
    token = tokens[idx]
    href = token.attrGet("href")
    if token.info == "auto" and isinstance(href, str) and href.startswith("http://www."):
        token.attrSet("href", "https://" + href[len("http://") :])
    return self.renderToken(tokens, idx, options, env)


def _image_text_alt(self, tokens, idx, options, env) -> str:
    """markdown-it (JS, 13) makes an image's alt text from its text only, not its code."""
    token = tokens[idx]
    token.attrSet("alt", "".join(_text_only(token.children or ())))
    return self.renderToken(tokens, idx, options, env)


def _text_only(children) -> list[str]:
    parts = []
    for child in children:
        if child.type in ("text", "text_special"):
            parts.append(child.content)
        elif child.type == "image":
            parts.extend(_text_only(child.children or ()))
    return parts


# -- raw HTML ------------------------------------------------------------------------


HUGO_SUMMARY_DIVIDER = "<!--more-->"


def _raw_html_block(self, tokens, idx, options, env) -> str:
    if options["mh_style"] == GOLDMARK and tokens[idx].content.strip() == HUGO_SUMMARY_DIVIDER:
        return ""  # Hugo cuts the summary here and leaves nothing in the page
    if not options["mh_raw_html"]:
        return RAW_HTML_OMITTED + "\n"
    content = tokens[idx].content
    return replace_jsx(content) if options["mh_mdx"] else content


def _raw_html_inline(self, tokens, idx, options, env) -> str:
    if not options["mh_raw_html"]:
        return RAW_HTML_OMITTED
    content = tokens[idx].content
    return replace_jsx(content) if options["mh_mdx"] else content


# -- typography ----------------------------------------------------------------------


_HIDE_TYPED = str.maketrans(_TYPED)
_GOLDMARK_TEXT = str.maketrans({**_GOLDMARK_ENTITIES, **_TYPED_BACK})


def _hide_typed_typography(state) -> None:
    for token in state.tokens:
        if token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "text" and any(c in _TYPED for c in child.content):
                    child.content = child.content.translate(_HIDE_TYPED)


def _goldmark_text(self, tokens, idx, options, env) -> str:
    text = html.escape(tokens[idx].content, quote=True).replace("&#x27;", "'")
    return text.translate(_GOLDMARK_TEXT)


# -- kramdown's list items -----------------------------------------------------------


def _kramdown_list_paragraphs(state) -> None:
    """kramdown wraps an item's text in <p> only when a blank line follows it in the list
    (or, for the last item, comes before it).

    markdown-it (CommonMark) wraps every item of a loose list, or none.
    """
    tokens = state.tokens
    lines = None
    for index, token in enumerate(tokens):
        if token.type != "list_item_open" or token.map is None:
            continue
        if lines is None:
            lines = state.src.split("\n")
        close = index + 1
        while not (tokens[close].type == "list_item_close" and tokens[close].level == token.level):
            close += 1
        first, end = token.map
        last_item = tokens[close + 1].type in ("bullet_list_close", "ordered_list_close")
        item_lines = lines[first:end]
        if last_item:
            while item_lines and not item_lines[-1].strip():
                item_lines.pop()
        wrapped = any(not line.strip() for line in item_lines)
        if last_item and not wrapped and tokens[index - 1].type == "list_item_close":
            wrapped = first > 0 and not lines[first - 1].strip()  # a blank line before it
        for child in tokens[index + 1 : close]:
            if child.level == token.level + 1 and child.type in (
                "paragraph_open",
                "paragraph_close",
            ):
                child.hidden = not wrapped


_PAREN_ITEM = re.compile(r"\d{1,9}\)")


def _kramdown_dot_lists_only(md: MarkdownIt) -> None:
    """kramdown numbers a list with ``1.`` only: ``1)`` starts a paragraph (CommonMark
    takes both)."""
    rule = next(r for r in md.block.ruler.__rules__ if r.name == "list")
    list_rule, alt = rule.fn, list(rule.alt)

    def dot_lists_only(state, start_line: int, end_line: int, silent: bool) -> bool:
        start = state.bMarks[start_line] + state.tShift[start_line]
        if _PAREN_ITEM.match(state.src, start):
            return False
        return list_rule(state, start_line, end_line, silent)

    md.block.ruler.at("list", dot_lists_only, {"alt": alt})


def _kramdown_strong_outside(state) -> None:
    """``***both***`` is ``<strong><em>`` in kramdown, ``<em><strong>`` in CommonMark:
    where one run of a marker opens and closes both, strong goes outside."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        # markdown-it leaves empty text tokens where delimiters were: not between.
        children = [c for c in block.children if c.type != "text" or c.content]
        for index in range(len(children) - 1):
            em, strong = children[index], children[index + 1]
            if em.type != "em_open" or strong.type != "strong_open":
                continue
            if strong.markup != em.markup * 2:  # two runs: *__a__* keeps its order
                continue
            close = _matching_close(children, index + 1)
            if close is None or close + 1 >= len(children):
                continue
            if children[close + 1].type != "em_close":
                continue
            inner_close, outer_close = children[close], children[close + 1]
            for token, kind, tag, markup in (
                (em, "strong_open", "strong", strong.markup),
                (outer_close, "strong_close", "strong", strong.markup),
                (strong, "em_open", "em", em.markup),
                (inner_close, "em_close", "em", em.markup),
            ):
                token.type, token.tag, token.markup = kind, tag, markup


def _matching_close(children, opening: int) -> int | None:
    """The index of the token closing children[opening] (an ``*_open``), or None."""
    kind = children[opening].type[: -len("_open")]
    depth = 0
    for index in range(opening, len(children)):
        token_type = children[index].type
        if token_type == f"{kind}_open":
            depth += 1
        elif token_type == f"{kind}_close":
            depth -= 1
            if depth == 0:
                return index
    return None


# -- task lists ----------------------------------------------------------------------


def _task_list_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    if token.attrGet("class") == "contains-task-list":
        style = options["mh_style"]
        if style in (GOLDMARK, CMARK, PULLDOWN):
            del token.attrs["class"]
        elif style == KRAMDOWN:
            token.attrSet("class", "task-list")
    return self.renderToken(tokens, idx, options, env)


def _task_item_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    if not token.meta or "checked" not in token.meta:
        return self.renderToken(tokens, idx, options, env)
    checked = bool(token.meta["checked"])
    mark = ' checked=""' if checked else ""
    style = options["mh_style"]
    if style in (GOLDMARK, PULLDOWN):
        token.attrs.pop("class", None)
        box = f'<input{mark} disabled="" type="checkbox"> '
    elif style == CMARK:
        token.attrs.pop("class", None)
        box = f'<input type="checkbox"{mark} disabled="" /> '
    elif style == KRAMDOWN:
        box = (
            '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled"'
            + (' checked="checked"' if checked else "")
            + " />"
        )
    else:
        box = f'<input class="task-list-item-checkbox" disabled="" type="checkbox"{mark}> '
    return self.renderToken(tokens, idx, options, env) + box


# -- footnotes -----------------------------------------------------------------------


def _footnote_number(token: Token) -> str:
    return str(token.meta["id"] + 1)


def _footnote_name(token: Token, style: str) -> str:
    label = token.meta.get("label")
    return str(label) if style == KRAMDOWN and label else _footnote_number(token)


def _ref(style: str):
    def render(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        name = _footnote_name(token, style)
        sub = token.meta.get("subId", 0)
        if style == GOLDMARK:
            ref_id = f"fnref{sub if sub else ''}:{name}"
            return (
                f'<sup id="{ref_id}"><a href="#fn:{name}" class="footnote-ref" '
                f'role="doc-noteref">{_footnote_number(token)}</a></sup>'
            )
        ref_id = f"fnref:{name}" + (f":{sub}" if sub else "")
        return (
            f'<sup id="{ref_id}" role="doc-noteref"><a href="#fn:{name}" class="footnote" '
            f'rel="footnote">{_footnote_number(token)}</a></sup>'
        )

    return render


def _item_open(style: str):
    def render(self, tokens, idx, options, env) -> str:
        name = _footnote_name(tokens[idx], style)
        role = ' role="doc-endnote"' if style == KRAMDOWN else ""
        return f'<li id="fn:{name}"{role}>\n'

    return render


def _anchor(style: str):
    def render(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        name = _footnote_name(token, style)
        if style == GOLDMARK:
            return (
                f'&#160;<a href="#fnref:{name}" class="footnote-backref" '
                f'role="doc-backlink">&#x21a9;&#xfe0e;</a>'
            )
        return (
            f'&nbsp;<a href="#fnref:{name}" class="reversefootnote" role="doc-backlink">&#8617;</a>'
        )

    return render


def _constant(text: str):
    return lambda self, tokens, idx, options, env: text


_FOOTNOTE_RULES = {
    style: {
        "footnote_ref": _ref(style),
        "footnote_open": _item_open(style),
        "footnote_anchor": _anchor(style),
        "footnote_close": _constant("</li>\n"),
        "footnote_block_open": _constant(
            '<div class="footnotes" role="doc-endnotes">\n'
            + ("<hr>\n" if style == GOLDMARK else "")
            + "<ol>\n"
        ),
        "footnote_block_close": _constant("</ol>\n</div>\n"),
    }
    for style in (GOLDMARK, KRAMDOWN)
}


def _pulldown_ref(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    label = html.escape(str(token.meta.get("label") or _footnote_number(token)))
    return f'<sup class="footnote-reference"><a href="#{label}">{_footnote_number(token)}</a></sup>'


def _pulldown_definition_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    label = html.escape(str(token.meta.get("label") or _footnote_number(token)))
    return (
        f'<div class="footnote-definition" id="{label}">'
        f'<sup class="footnote-definition-label">{_footnote_number(token)}</sup>\n'
    )


# pulldown-cmark (Zola) writes each definition as a <div> where it stands, with no list
# around them and no back-link; here they come at the end, where posts put them.
_FOOTNOTE_RULES[PULLDOWN] = {
    "footnote_ref": _pulldown_ref,
    "footnote_open": _pulldown_definition_open,
    "footnote_anchor": _constant(""),
    "footnote_close": _constant("</div>\n"),
    "footnote_block_open": _constant(""),
    "footnote_block_close": _constant(""),
}


# -- admonitions ---------------------------------------------------------------------


def _admonition(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    if token.nesting != 1:
        return "</div>\n"
    kind, _, title = token.info.strip().partition(" ")
    title = html.escape(title.strip() or kind.capitalize(), quote=False)
    return (
        f'<div class="mh-admonition mh-admonition-{html.escape(kind, quote=True)}">\n'
        f'<p class="mh-admonition-title">{title}</p>\n'
    )


# -- heading ids ---------------------------------------------------------------------


def heading_text(inline: Token) -> str:
    """The text of a heading as its ids are made from it (markup left out)."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
    return "".join(parts)


EXPLICIT_IDS = "mh_explicit_ids"


def _heading_ids_rule(state) -> None:
    """Headings get their `{#id .class}` attributes and auto-id markers.

    Explicit ids are noted in ``env[EXPLICIT_IDS]``: automatic ids never take them.
    """
    explicit = state.env.setdefault(EXPLICIT_IDS, set())
    style = state.md.options["mh_heading_ids"]
    attributes = state.md.options["mh_heading_attributes"]
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        if attributes and inline.children and inline.children[-1].type == "text":
            last = inline.children[-1]
            match = _HEADING_ATTRIBUTES.search(last.content)
            if match:
                last.content = last.content[: match.start()]
                for part in match.group(1).split():
                    if part.startswith("#"):
                        token.attrSet("id", part[1:])
                        explicit.add(part[1:])
                    else:
                        token.attrJoin("class", part[1:])
        if style and token.attrGet("id") is None:
            slug = slugify(heading_text(inline), style)
            token.attrSet("id", f"{ID_OPEN}{slug}{ID_CLOSE}")


def resolve_heading_ids(pieces: list[str], explicit_ids: set[str]) -> list[str]:
    """Replace the id markers in document order by ids unique across all `pieces`."""
    used = set(explicit_ids)
    counters: dict[str, int] = {}

    def resolve(match: re.Match[str]) -> str:
        return unique_id(match.group(1), used, counters)

    return [_AUTO_ID.sub(resolve, piece) if ID_OPEN in piece else piece for piece in pieces]

"""The Markdown cheat sheet, in the dialect the preview renders (``core/site/dialect.py``).

`cheat_sheet(dialect)` lists what a writer may type and what it gives, section by
section: the CommonMark basics every site has, then only what this site's engine
supports (tables, task lists, footnotes, definition lists, heading ids, admonitions) and
its template syntax (Hugo and Zola shortcodes, Liquid, Nunjucks, MDX), with the notes a
writer would otherwise learn from a broken page (raw HTML dropped, four-space nesting).
"""

from __future__ import annotations

from dataclasses import dataclass

from editor.core.site.dialect import PYTHON_MARKDOWN, Dialect


@dataclass(frozen=True)
class CheatEntry:
    section: str
    syntax: str  # what to type (may span lines)
    meaning: str  # what it gives


def cheat_sheet(dialect: Dialect) -> list[CheatEntry]:
    """The entries for a site rendering with dialect, in reading order."""
    entries: list[CheatEntry] = []

    def add(section: str, syntax: str, meaning: str) -> None:
        entries.append(CheatEntry(section, syntax, meaning))

    text = "Text"
    add(text, "**bold**", "bold")
    add(text, "*italic*", "italic")
    add(text, "`code`", "code in a line")
    if dialect.strikethrough:
        add(text, "~~struck~~", "struck through")
    add(text, "line ending in two spaces  ", "a line break inside a paragraph")
    if dialect.typographer:
        add(text, '"quotes" -- and ...', "curly quotes, a dash and an ellipsis")
    add(text, "\\*", "a literal * (any punctuation after a backslash)")

    headings = "Headings"
    add(headings, "# Heading 1", "the largest heading (the title is usually the page's h1)")
    add(headings, "## Heading 2\n### Heading 3", "section and subsection headings")
    add(headings, "Heading\n=======", "a heading 1 underlined (setext); --- gives a heading 2")
    if dialect.heading_attributes:
        add(headings, "## Heading {#my-id .class}", "a heading with its own id and class")
    elif dialect.name == "jekyll":
        add(headings, "## Heading\n{: #my-id .class}", "kramdown's attribute list: id and class")
    elif dialect.name == "jigsaw":
        add(headings, "## Heading {#my-id}", "Markdown Extra: a heading with its own id")

    lists = "Lists"
    add(lists, "- item\n- item", "a bulleted list (* and + work too)")
    add(lists, "1. first\n2. second", "a numbered list")
    if dialect.family == PYTHON_MARKDOWN:
        add(lists, "- item\n    - nested", "nesting needs four spaces in this engine")
    else:
        add(lists, "- item\n  - nested", "a nested list: indent to the item's text")
    if dialect.tasklists:
        add(lists, "- [ ] to do\n- [x] done", "a task list with checkboxes")
    if dialect.definition_lists:
        add(lists, "Term\n: Definition", "a definition list")

    links = "Links and images"
    add(links, "[text](https://example.com)", "a link")
    add(links, '[text](https://example.com "Title")', "a link with a tooltip")
    add(links, "![alt text](/images/photo.jpg)", "an image")
    add(links, "<https://example.com>", "a bare link")
    if dialect.linkify:
        add(links, "https://example.com", "a URL typed as is becomes a link too")
    add(links, "[text][ref]\n\n[ref]: https://example.com", "a link defined elsewhere")

    blocks = "Blocks"
    add(blocks, "> quoted text", "a block quote")
    add(blocks, "```python\ncode\n```", "a code block, highlighted as the named language")
    if dialect.indented_code:
        add(blocks, "    code", "four spaces in: a code block")
    else:
        add(blocks, "    text", "indented text is not code here: use ``` fences")
    add(blocks, "---", "a horizontal rule (after a blank line)")
    if dialect.tables:
        add(blocks, "| a | b |\n| - | - |\n| 1 | 2 |", "a table; :-: centres a column")
    if dialect.footnotes:
        add(blocks, "text[^1]\n\n[^1]: The note.", "a footnote")
    if dialect.admonitions:
        add(blocks, ":::note\nText\n:::", "an admonition (note, tip, info, warning, danger)")

    html = "HTML"
    if dialect.raw_html:
        add(html, "<kbd>Ctrl</kbd>", "raw HTML passes through to the page")
    elif dialect.name == "hugo":
        add(
            html,
            "<kbd>Ctrl</kbd>",
            "left out of the page: Hugo omits raw HTML unless the site sets "
            "markup.goldmark.renderer.unsafe = true",
        )
    else:
        add(html, "<kbd>Ctrl</kbd>", "left out of the page: this engine filters raw HTML")
    add(html, "<!-- note -->", "a comment, not shown")

    site = f"This site: {dialect.label}"
    for template in dialect.templates:
        for syntax, meaning in _TEMPLATES.get((dialect.name, template)) or _TEMPLATES.get(
            ("", template), ()
        ):
            add(site, syntax, meaning)
    return entries


_TEMPLATES: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("hugo", "shortcode"): (
        ('{{< figure src="/images/x.jpg" title="A caption" >}}', "a Hugo shortcode"),
        ("{{% notice %}}\n**Markdown** inside\n{{% /notice %}}", "a shortcode with Markdown"),
        ('{{< ref "other-post.md" >}}', "a link to another page"),
    ),
    ("zola", "shortcode"): (
        ('{{ youtube(id="dQw4w9WgXcQ") }}', "a Zola shortcode"),
        ('{% quote(author="Ada") %}\nText\n{% end %}', "a shortcode with a body"),
    ),
    ("", "liquid"): (
        ("{{ page.title }}", "a Liquid value"),
        ('{% include note.html text="Hi" %}', "a Liquid include"),
        ("{% raw %}{{ shown as typed }}{% endraw %}", "braces shown as they are"),
    ),
    ("", "nunjucks"): (
        ('{% include "note.njk" %}', "a Nunjucks include"),
        ("{{ title | upper }}", "a Nunjucks value with a filter"),
    ),
    ("", "mdx"): (
        ("import Chart from './chart.js'", "an import, at the top of the post"),
        ("<Chart data={[1, 2]} />", "a component"),
        ("\\{ and &lt;", "a literal { or < (MDX reads them as code and tags)"),
    ),
    ("", "shortcode"): (('{{< name arg="value" >}}', "a shortcode"),),
}

"""pulldown-cmark's HTML writer (its html.rs), ported: pyromark has no writer for events.

`write_html(events)` writes the events pyromark yields (``{"Start": "Paragraph"}``,
``{"Text": "…"}``, ``"SoftBreak"``…) exactly as pulldown-cmark 0.13 writes them, with
its escaping (``pulldown-cmark-escape``).  `editor.core.render.pulldown` hands it events
that Zola's work has changed; tests hold it to ``pyromark.html`` byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

_BODY_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_HREF_UNSAFE = re.compile(r"[^A-Za-z0-9!#$%()*+,\-./:;=?@^_~]")
_ALIGN = {
    "Left": ' style="text-align: left">',
    "Center": ' style="text-align: center">',
    "Right": ' style="text-align: right">',
}
_ALERT = {
    "Note": "note",
    "Tip": "tip",
    "Important": "important",
    "Warning": "warning",
    "Caution": "caution",
}
# Start tags written on a fresh line, and the end tags of each.
_BLOCK_START = {
    "Paragraph": "<p>",
    "Item": "<li>",
    "DefinitionList": "<dl>\n",
    "DefinitionListTitle": "<dt>",
    "DefinitionListDefinition": "<dd>",
}
_INLINE_START = {
    "Emphasis": "<em>",
    "Strong": "<strong>",
    "Strikethrough": "<del>",
    "Superscript": "<sup>",
    "Subscript": "<sub>",
    "TableRow": "<tr>",
}
_END = {
    "Paragraph": "</p>\n",
    "Table": "</tbody></table>\n",
    "TableRow": "</tr>\n",
    "CodeBlock": "</code></pre>\n",
    "Item": "</li>\n",
    "DefinitionList": "</dl>\n",
    "DefinitionListTitle": "</dt>\n",
    "DefinitionListDefinition": "</dd>\n",
    "Emphasis": "</em>",
    "Superscript": "</sup>",
    "Subscript": "</sub>",
    "Strong": "</strong>",
    "Strikethrough": "</del>",
    "Link": "</a>",
    "FootnoteDefinition": "</div>\n",
    "HtmlBlock": "",
    "Image": "",
}


def escape_html(text: str) -> str:
    return text.translate(_ESCAPES)


def escape_body(text: str) -> str:
    return text.translate(_BODY_ESCAPES)


def _href_escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char == "&":
        return "&amp;"
    if char == "'":
        return "&#x27;"
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))


def escape_href(url: str) -> str:
    return _HREF_UNSAFE.sub(_href_escape, url)


def write_html(events: Iterable[Any], numbers: dict[str, int] | None = None) -> str:
    """pulldown-cmark's HTML for `events`; `numbers` are the footnote numbers so far
    (given out on first sight of a name, reference or definition)."""
    return _Writer({} if numbers is None else numbers).run(iter(events))


class _Writer:
    def __init__(self, numbers: dict[str, int]) -> None:
        self.out: list[str] = []
        self.end_newline = True
        self.numbers = numbers
        self.table_head = True
        self.alignments: tuple[str, ...] = ()
        self.cell = 0

    def write(self, text: str) -> None:
        self.out.append(text)
        if text:
            self.end_newline = text.endswith("\n")

    def fresh_line(self, text: str) -> None:
        self.write(text if self.end_newline else "\n" + text)

    def number(self, name: str) -> int:
        return self.numbers.setdefault(name, len(self.numbers) + 1)

    def run(self, events: Iterator[Any]) -> str:
        for event in events:
            if type(event) is str:
                if event == "SoftBreak":
                    self.write("\n")
                elif event == "HardBreak":
                    self.write("<br />\n")
                elif event == "Rule":
                    self.fresh_line("<hr />\n")
                continue
            (kind, value), *_ = event.items()
            if kind == "Start":
                self.start(value, events)
            elif kind == "End":
                self.end(value)
            elif kind == "Text":
                self.out.append(escape_body(value))
                self.end_newline = value.endswith("\n")
            elif kind == "Code":
                self.write(f"<code>{escape_body(value)}</code>")
            elif kind in ("Html", "InlineHtml"):
                self.write(value)
            elif kind == "FootnoteReference":
                number = self.number(value)
                self.write(
                    f'<sup class="footnote-reference"><a href="#{escape_html(value)}">'
                    f"{number}</a></sup>"
                )
            elif kind == "TaskListMarker":
                checked = ' checked=""' if value else ""
                self.write(f'<input disabled="" type="checkbox"{checked}/>\n')
            elif kind == "InlineMath":
                self.write(f'<span class="math math-inline">{escape_html(value)}</span>')
            elif kind == "DisplayMath":
                self.write(f'<span class="math math-display">{escape_html(value)}</span>')
        return "".join(self.out)

    def start(self, tag: Any, events: Iterator[Any]) -> None:
        if type(tag) is str:
            if tag in _BLOCK_START:
                self.fresh_line(_BLOCK_START[tag])
            elif tag in _INLINE_START:
                if tag == "TableRow":
                    self.cell = 0
                self.write(_INLINE_START[tag])
            elif tag == "TableHead":
                self.table_head, self.cell = True, 0
                self.write("<thead><tr>")
            elif tag == "TableCell":
                cell = "<th" if self.table_head else "<td"
                align = self.alignments[self.cell] if self.cell < len(self.alignments) else ""
                self.write(cell + _ALIGN.get(align, ">"))
            return
        (name, data), *_ = tag.items()
        if name == "Heading":
            attributes = ""
            if data["id"] is not None:
                attributes += f' id="{escape_html(data["id"])}"'
            if data["classes"]:
                attributes += f' class="{" ".join(map(escape_html, data["classes"]))}"'
            for key, value in data["attrs"]:
                attributes += f' {escape_html(key)}="{escape_html(value or "")}"'
            self.fresh_line(f"<{data['level'].lower()}{attributes}>")
        elif name == "List":
            if data is None:
                self.fresh_line("<ul>\n")
            elif data == 1:
                self.fresh_line("<ol>\n")
            else:
                self.fresh_line(f'<ol start="{data}">\n')
        elif name == "BlockQuote":
            alert = f' class="markdown-alert-{_ALERT[data]}"' if data else ""
            self.fresh_line(f"<blockquote{alert}>\n")
        elif name == "CodeBlock":
            if not self.end_newline:
                self.write("\n")
            lang = data["Fenced"].split(" ")[0] if type(data) is dict else ""
            self.write(
                f'<pre><code class="language-{escape_html(lang)}">' if lang else "<pre><code>"
            )
        elif name == "Table":
            self.alignments = data
            self.write("<table>")
        elif name in ("Link", "Image"):
            self.link(name, data, events)
        elif name == "FootnoteDefinition":
            self.fresh_line(f'<div class="footnote-definition" id="{escape_html(data)}">')
            self.write(f'<sup class="footnote-definition-label">{self.number(data)}</sup>')

    def link(self, name: str, data: dict, events: Iterator[Any]) -> None:
        title = f'" title="{escape_html(data["title"])}' if data["title"] else ""
        if name == "Link":
            mailto = "mailto:" if data["link_type"] == "Email" else ""
            self.write(f'<a href="{mailto}{escape_href(data["dest_url"])}{title}">')
            return
        self.write(f'<img src="{escape_href(data["dest_url"])}" alt="')
        self.raw_text(events)
        self.write(f'{title}" />')

    def raw_text(self, events: Iterator[Any]) -> None:
        """An image's alt text, up to its end (which it consumes)."""
        nest = 0
        for event in events:
            if type(event) is str:
                self.write(" ")
                continue
            (kind, value), *_ = event.items()
            if kind == "Start":
                nest += 1
            elif kind == "End":
                if nest == 0:
                    return
                nest -= 1
            elif kind in ("Text", "Code", "InlineHtml"):
                self.out.append(escape_html(value))
                self.end_newline = value.endswith("\n")
            elif kind == "FootnoteReference":
                self.write(f"[{self.number(value)}]")
            elif kind == "TaskListMarker":
                self.write("[x]" if value else "[ ]")
            elif kind == "InlineMath":
                self.write(f"${escape_html(value)}$")
            elif kind == "DisplayMath":
                self.write(f"$${escape_html(value)}$$")

    def end(self, tag: Any) -> None:
        if type(tag) is str:
            if tag == "TableHead":
                self.write("</tr></thead><tbody>\n")
                self.table_head = False
            elif tag == "TableCell":
                self.write("</th>" if self.table_head else "</td>")
                self.cell += 1
            else:
                self.write(_END.get(tag, ""))
            return
        (name, data), *_ = tag.items()
        if name == "Heading":
            self.write(f"</{data.lower()}>\n")
        elif name == "List":
            self.write("</ol>\n" if data else "</ul>\n")
        elif name == "BlockQuote":
            self.write("</blockquote>\n")

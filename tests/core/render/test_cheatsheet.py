"""The Markdown cheat sheet follows the dialect the preview renders."""

from __future__ import annotations

import pytest

from editor.core.render.cheatsheet import cheat_sheet
from editor.core.site.dialect import DIALECTS


def syntaxes(name: str) -> str:
    return "\n".join(entry.syntax for entry in cheat_sheet(DIALECTS[name]))


def test_every_dialect_has_the_basics():
    """Bold, headings, lists, links and code blocks are on every sheet."""
    for dialect in DIALECTS.values():
        text = "\n".join(entry.syntax for entry in cheat_sheet(dialect))
        for basic in ("**bold**", "## Heading 2", "- item", "[text](https://", "```"):
            assert basic in text, (dialect.name, basic)


def test_hugo_shows_shortcodes_heading_ids_and_omitted_html():
    """Hugo: shortcodes, {#id} headings, GFM tables and tasks, raw HTML left out."""
    sheet = cheat_sheet(DIALECTS["hugo"])
    text = "\n".join(entry.syntax for entry in sheet)
    assert "{{< figure" in text
    assert "## Heading {#my-id .class}" in text
    assert "| a | b |" in text
    assert "- [ ] to do" in text
    html = next(entry for entry in sheet if entry.syntax == "<kbd>Ctrl</kbd>")
    assert "unsafe" in html.meaning
    assert any(entry.section == "This site: Hugo (Goldmark)" for entry in sheet)


def test_jekyll_shows_kramdown_attribute_lists_and_liquid():
    """Jekyll: kramdown's {: #id} attribute list and Liquid tags."""
    text = syntaxes("jekyll")
    assert "{: #my-id .class}" in text
    assert "{% include" in text
    assert "{{<" not in text


@pytest.mark.parametrize("name", ["jigsaw", "mkdocs"])
def test_python_markdown_sites_are_told_about_four_space_nesting(name):
    """Python-Markdown nests lists only at four spaces: the sheet says so."""
    sheet = cheat_sheet(DIALECTS[name])
    assert any("four spaces" in entry.meaning for entry in sheet if entry.section == "Lists")


def test_what_a_dialect_lacks_is_not_on_its_sheet():
    """Eleventy has no task lists nor shortcodes, and no indented code; Docusaurus has MDX."""
    text = syntaxes("eleventy")
    assert "- [ ] to do" not in text
    assert "{{<" not in text
    sheet = cheat_sheet(DIALECTS["eleventy"])
    assert any("not code" in entry.meaning for entry in sheet)
    assert "MDX" in " ".join(e.meaning for e in cheat_sheet(DIALECTS["docusaurus"]))
    assert ":::note" in syntaxes("docusaurus")

"""Markdown rendering: block splitting, incremental rendering and the post page."""

from __future__ import annotations

import re
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.render.blocks import split_blocks
from editor.core.render.incremental import IncrementalRenderer
from editor.core.render.page import (
    find_image,
    format_date,
    render_body,
    render_markdown,
    render_page,
)

SNIPPETS = [
    "# Title",
    "## Title",
    "Title\n=====",
    "Sub\n---",
    "plain *para* text",
    "two\nline para",
    "- a\n- b",
    "* star",
    "1. one\n2. two",
    "    indented code",
    "\tTab code",
    "> quote",
    "> quote\ncontinued",
    "```\nfence\n\nwith blank\n```",
    "~~~python\nx = 1\n~~~",
    "```",
    "<div>\nraw\n\nstill raw\n</div>",
    '<div markdown="1">\n*md*\n\n</div>',
    "<!-- comment\n\nmore -->",
    "<p>para html</p>",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "Term\n: def",
    ": def",
    "---",
    "***",
    "text {: #custom }",
    "# Title {#title}",
    "<hr>",
    "<span>inline</span> text",
    "  - nested",
    "   leading spaces",
    "+ plus",
    "1986\\. A year",
    "-not list",
    "<details>\n<summary>s</summary>\n\nbody\n</details>",
    "Intro",
    "# Intro",
    "[link](http://x)",
    "<br>",
    "</div>",
    "<div>",
    "note[^1]",
    "[^1]: the note\n\n    more note",
    "[a][r] ref",
    "[r]: http://r.example",
    "*[HTML]: Hyper",
    "HTML here",
    "[TOC]",
    "\xa0",
    " \t ",
    "# 2018",
    "- item[^1]\n- other[^2]",
    "> quote[^2]",
    "[^2]: second note",
    "# Head[^1]",
    "| a[^1] | b |\n|---|---|\n| 1 | 2[^2] |",
    "*[MD]: Markdown",
    "MD and HTML[^1]",
    '[r]: http://other.example "Other"',
    "see [r] and [R][] and ![img][r]",
    "Term[^1]\n: def[^2]",
]
SEPARATORS = ["\n", "\n\n", "\n\n\n", "\n \n", "\n\n    "]
documents = st.lists(
    st.tuples(st.sampled_from(SNIPPETS), st.sampled_from(SEPARATORS)), max_size=12
).map(lambda parts: "".join(snippet + sep for snippet, sep in parts))


def normalised(html: str) -> str:
    return re.sub(r"\n+", "\n", html.strip())


@settings(max_examples=400, suppress_health_check=list(HealthCheck), deadline=None)
@given(documents)
def test_blockwise_output_equals_rendering_the_whole_body(document):
    """Rendering block by block gives exactly what Python-Markdown gives for the whole body."""
    result = IncrementalRenderer().render(document)
    assert normalised(result.inner_html) == normalised(render_markdown(document))


@settings(max_examples=150, suppress_health_check=list(HealthCheck), deadline=None)
@given(documents, documents)
def test_rendering_after_an_edit_equals_a_fresh_render(before, after):
    """A renderer that saw an earlier text renders the new text like a fresh renderer."""
    renderer = IncrementalRenderer()
    renderer.render(before)
    again = renderer.render(after)
    fresh = IncrementalRenderer().render(after)
    assert [(b.line, b.html) for b in again.blocks] == [(b.line, b.html) for b in fresh.blocks]


def test_corpus_posts_render_blockwise_like_whole(corpus_dir):
    """Every corpus post renders identically block by block and in one piece."""
    checked = 0
    for path in sorted(corpus_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        expected = normalised(render_markdown(text))
        assert normalised(IncrementalRenderer().render(text).inner_html) == expected, path
        checked += 1
    assert checked > 100


def test_an_edit_in_one_block_converts_only_that_block():
    """Changing one paragraph re-renders one block and reports only its key as changed."""
    paragraphs = [f"Paragraph number {i} with *some* words." for i in range(50)]
    renderer = IncrementalRenderer()
    first = renderer.render("\n\n".join(paragraphs))
    assert first.converted_blocks == 50
    paragraphs[20] = "Paragraph number 20, **edited**."
    second = renderer.render("\n\n".join(paragraphs))
    assert second.converted_blocks == 1
    assert len(second.changed_keys) == 1
    (changed,) = second.changed_keys
    edited = next(b for b in second.blocks if b.key == changed)
    assert "<strong>edited</strong>" in edited.html
    assert [b.key for b in second.blocks if b.key != changed] == [
        b.key for i, b in enumerate(first.blocks) if i != 20
    ]
    assert second.removed_keys == {first.blocks[20].key}


def test_duplicate_headings_get_document_wide_unique_ids():
    """Heading ids stay unique across blocks, and renaming cascades to later blocks."""
    renderer = IncrementalRenderer()
    result = first = renderer.render("# Intro\n\ntext\n\n# Intro\n\n## Intro {#intro_1}\n\n# Intro")
    ids = re.findall(r'id="([^"]+)"', result.inner_html)
    assert ids == ["intro", "intro_2", "intro_1", "intro_3"]
    edited = renderer.render("# Start\n\ntext\n\n# Intro\n\n## Intro {#intro_1}\n\n# Intro")
    assert re.findall(r'id="([^"]+)"', edited.inner_html) == [
        "start",
        "intro",
        "intro_1",
        "intro_2",
    ]
    assert edited.converted_blocks == 1
    # A patch sends only changed keys: every other key must still have its old HTML.
    previous = {b.key: b.html for b in first.blocks}
    for block in edited.blocks:
        assert block.key in edited.changed_keys or previous[block.key] == block.html


def test_footnotes_and_references_render_block_by_block():
    """Footnotes, references and abbreviations no longer force a one-piece conversion."""
    text = (
        "First[^n] and [link][r] about HTML.\n\nSecond paragraph[^n].\n\n"
        "[^n]: The note.\n\n[r]: https://r.example/\n\n*[HTML]: Hyper Text"
    )
    result = IncrementalRenderer().render(text)
    assert not result.rendered_in_one_piece
    assert "footnotes" in result.global_constructs
    assert result.blocks[-1].key == "footnotes"
    assert 'href="https://r.example/"' in result.inner_html
    assert '<abbr title="Hyper Text">HTML</abbr>' in result.inner_html
    assert 'id="fnref:n"' in result.blocks[0].html
    assert 'id="fnref2:n"' in result.blocks[1].html
    assert normalised(result.inner_html) == normalised(render_markdown(text))


def long_footnoted_body(paragraphs: int = 60) -> list[str]:
    blocks = []
    for i in range(paragraphs):
        note = f"[^{i % 7}]" if i % 3 == 0 else ""
        blocks.append(f"Paragraph {i} about HTML with a [ref][r{i % 4}]{note}.")
    blocks += [f"[^{n}]: Note {n} on [ref][r1]." for n in range(7)]
    blocks += [f"[r{n}]: https://example.org/{n}" for n in range(4)]
    blocks.append("*[HTML]: Hyper Text Markup Language")
    return blocks


def test_an_edit_in_a_footnoted_post_converts_only_the_edited_block():
    """With footnotes, references and abbreviations, a paragraph edit converts one block."""
    blocks = long_footnoted_body()
    renderer = IncrementalRenderer()
    first = renderer.render("\n\n".join(blocks))
    blocks[30] = "Paragraph 30, **edited**, still about HTML[^2]."
    edited_text = "\n\n".join(blocks)
    second = renderer.render(edited_text)
    assert second.converted_blocks == 1
    assert second.changed_keys == {second.blocks[30].key}
    assert normalised(second.inner_html) == normalised(render_markdown(edited_text))
    previous = {b.key: b.html for b in first.blocks}
    for block in second.blocks:
        assert block.key in second.changed_keys or previous[block.key] == block.html


def test_removing_a_repeated_footnote_reference_renumbers_the_later_ones():
    """Paragraphs 9, 30 and 51 cite note 2; dropping 30's reference renames 51's id."""
    blocks = long_footnoted_body()
    renderer = IncrementalRenderer()
    first = renderer.render("\n\n".join(blocks))
    assert 'id="fnref3:2"' in first.blocks[51].html
    blocks[30] = "Paragraph 30 without its note."
    edited_text = "\n\n".join(blocks)
    second = renderer.render(edited_text)
    assert second.converted_blocks == 1
    assert 'id="fnref2:2"' in second.blocks[51].html
    assert second.changed_keys == {
        second.blocks[30].key,
        second.blocks[51].key,
        "footnotes",  # note 2 has one back-link fewer
    }
    assert normalised(second.inner_html) == normalised(render_markdown(edited_text))


def test_editing_a_definition_re_renders_only_the_blocks_that_use_it():
    """Changing one reference URL re-converts the blocks citing it, not the others."""
    blocks = long_footnoted_body()
    renderer = IncrementalRenderer()
    renderer.render("\n\n".join(blocks))
    index = blocks.index("[r3]: https://example.org/3")
    blocks[index] = "[r3]: https://example.org/three"
    edited_text = "\n\n".join(blocks)
    result = renderer.render(edited_text)
    # Definitions join the block before them, so the last paragraph holds them all.
    users = [b for b in split_blocks(edited_text) if "[r3]" in b.text]
    assert 10 < len(users) < len(result.blocks) / 2
    assert result.converted_blocks == len(users)
    assert normalised(result.inner_html) == normalised(render_markdown(edited_text))


def test_a_toc_marker_still_renders_in_one_piece():
    """[TOC] lists every heading, so the body converts in one piece, cut into blocks."""
    text = "[TOC]\n\n# One\n\ntext\n\n# Two"
    result = IncrementalRenderer().render(text)
    assert result.rendered_in_one_piece
    assert len(result.blocks) == 4
    assert normalised(result.inner_html) == normalised(render_markdown(text))


def test_blocks_carry_their_source_line():
    """Each top-level block records the 1-based body line it starts on."""
    text = "# Title\n\nPara\nmore\n\n\n```\ncode\n\nstill\n```\n\nLast\n\n- a\n\n- b\n"
    assert [(b.line, b.text.split("\n")[0]) for b in split_blocks(text)] == [
        (1, "# Title"),
        (3, "Para"),
        (7, "```"),
        (13, "Last"),
    ]
    html = render_body(text)
    assert re.findall(r'<div class="mh-block" data-key="[^"]+" data-line="(\d+)">', html) == [
        "1",
        "3",
        "7",
        "13",
    ]


def test_code_is_highlighted_with_pygments_classes():
    """Fenced code gets codehilite markup with Pygments token classes."""
    html = render_markdown("```python\ndef f():\n    return 1\n```")
    assert 'class="codehilite"' in html and '<span class="k">def</span>' in html


def test_page_shows_front_matter_like_a_blog_post():
    """Title, date, chips, lead and cover image appear in the header, escaped."""
    metadata = {
        "title": "Fish & <Chips>",
        "date": "2020-09-30-07-25-20",
        "categories": ["latest", "news"],
        "tags": "a, b",
        "description": "A lead.",
        "cover": {"image": "images/cover.png"},
    }
    page = render_page(metadata, render_body("Body *text*."), base_url="file:///site/")
    assert '<h1 class="post-title">Fish &amp; &lt;Chips&gt;</h1>' in page
    assert "30 September 2020, 07:25" in page
    assert page.count('class="mh-chip"') == 4
    assert 'src="file:///site/images/cover.png"' in page
    assert "<em>text</em>" in page
    assert "script-src 'none'" in page


def test_page_sanitises_the_body_and_blocks_remote_images():
    """Script in the body is removed; remote images become placeholders unless allowed."""
    body = render_body("<script>alert(1)</script>\n\n![x](https://cdn.example.org/x.png)")
    page = render_page({"title": "t"}, body)
    assert "<script>alert" not in page
    assert "mh-remote-blocked" in page and '<img alt="x" src="https://cdn' not in page
    allowed = render_page({"title": "t"}, body, allow_remote=True)
    assert 'src="https://cdn.example.org/x.png"' in allowed


def test_code_colours_follow_the_scheme():
    """dark=None gives both schemes behind media queries; True/False force one."""
    auto = render_page({}, "", dark=None)
    assert "prefers-color-scheme: dark" in auto
    assert '<html class="mh-dark">' in render_page({}, "", dark=True)
    assert '<html class="mh-light">' in render_page({}, "", dark=False)


def test_dates_are_formatted_for_people():
    """date, datetime and odd date strings are formatted; unknown text is kept."""
    assert format_date(date(2021, 3, 4)) == "4 March 2021"
    assert format_date(datetime(2021, 3, 4, 9, 5)) == "4 March 2021, 09:05"
    assert format_date("2020-09-30-07-25-20") == "30 September 2020, 07:25"
    assert format_date("sometime in spring") == "sometime in spring"


def test_image_fields_are_found_under_common_names():
    """image/cover/featured_image/thumbnail..., plain or nested, are all recognised."""
    assert find_image({"featured_image": "a.png"}) == "a.png"
    assert find_image({"thumbnail": ["t.png"]}) == "t.png"
    assert find_image({"cover": {"image": "c.png", "alt": "x"}}) == "c.png"
    assert find_image({"title": "no image"}) is None

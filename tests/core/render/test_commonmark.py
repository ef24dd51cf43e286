"""The markdown-it-py dialects: engine settings, placeholders, and incremental rendering."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from editor.core.render.commonmark import EXPLICIT_IDS, new_engine, resolve_heading_ids
from editor.core.render.dialects import new_renderer, render_body_html
from editor.core.render.incremental import IncrementalRenderer
from editor.core.render.incremental_cm import CommonMarkRenderer
from editor.core.site.dialect import DIALECTS


def html(text, name, **kwargs):
    return render_body_html(text, DIALECTS[name], **kwargs)


def test_a_list_straight_after_a_paragraph_and_two_space_nesting():
    out = html("Cyclists can use:\n- the ferry\n  - nested\n", "hugo")
    assert out.startswith("<p>Cyclists can use:</p>\n<ul>\n<li>the ferry\n<ul>\n<li>nested")


def test_hugo_omits_raw_html_unless_unsafe_and_drops_the_summary_divider():
    assert html("<div>x</div>\n\na <b>b</b>\n", "hugo") == (
        "<!-- raw HTML omitted -->\n<p>a <!-- raw HTML omitted -->b<!-- raw HTML omitted --></p>"
    )
    unsafe = DIALECTS["hugo"].with_settings(raw_html=True)
    assert render_body_html("a <b>b</b>\n", unsafe) == "<p>a <b>b</b></p>"
    assert html("a\n\n<!--more-->\n\nb\n", "hugo") == "<p>a</p>\n\n<p>b</p>"


def test_heading_ids_in_each_generators_style_and_unique_across_the_body():
    text = '# Hello "World" -- it\'s *here*\n\n## Hello "World" -- it\'s *here*\n'
    assert 'id="hello-world----its-here"' in html(text, "hugo")
    assert 'id="hello-world----its-here-1"' in html(text, "hugo")
    assert 'id="hello-world--its-here"' in html(text, "jekyll")  # after typography
    assert "id=" not in html(text, "eleventy") and "id=" not in html(text, "gfm")
    assert 'id="custom" class="x"' in html("## Title {#custom .x}\n\n## custom\n", "hugo")
    assert 'id="custom-1"' in html("## Title {#custom .x}\n\n## custom\n", "hugo")


def test_typography_goldmark_writes_entities_and_keeps_what_was_typed():
    assert html('"a" -- b...\n', "hugo") == "<p>&ldquo;a&rdquo; &ndash; b&hellip;</p>"
    assert html("typed \u201cquotes\u201d\n", "hugo") == "<p>typed \u201cquotes\u201d</p>"
    assert html('"a"\n', "eleventy") == "<p>&quot;a&quot;</p>"


def test_task_lists_and_footnotes_in_the_generators_markup():
    assert '<li><input checked="" disabled="" type="checkbox"> done</li>' in html(
        "- [x] done\n", "hugo"
    )
    assert 'class="task-list-item-checkbox" disabled="disabled"' in html("- [ ] a\n", "jekyll")
    note = html("a[^n]\n\n[^n]: note\n", "hugo")
    assert '<sup id="fnref:1"><a href="#fn:1" class="footnote-ref"' in note
    assert '<div class="footnotes" role="doc-endnotes">' in note
    assert 'href="#fn:n" class="footnote"' in html("a[^n]\n\n[^n]: note\n", "jekyll")


def test_eleventy_has_no_indented_code():
    assert html("    not code\n", "eleventy") == "<p>not code</p>"
    assert "<pre><code>" in html("    code\n", "hugo")


def test_template_syntax_becomes_labelled_placeholders():
    hugo = html('Look: {{< figure src="a.png" >}} and {{% note %}}x{{% /note %}}\n', "hugo")
    assert '<span class="mh-template">shortcode: figure</span>' in hugo
    assert '<span class="mh-template">shortcode: /note</span>' in hugo
    assert "{{" not in hugo
    liquid = html("{% include card.html %} and {{ page.title }} *still markdown*\n", "jekyll")
    assert '<span class="mh-template">liquid: include</span>' in liquid
    assert '<span class="mh-template">liquid: page.title</span>' in liquid
    assert "<em>still markdown</em>" in liquid
    mdx = html("import Tabs from '@theme/Tabs';\n\n<Tabs>\n\n*hi*\n\n</Tabs>\n", "astro", mdx=True)
    assert '<span class="mh-template">mdx: import Tabs from' in mdx
    assert '<span class="mh-template">component: Tabs</span>' in mdx
    assert "<em>hi</em>" in mdx


def test_admonitions_for_docusaurus():
    out = html(":::tip Be careful\nText\n:::\n", "docusaurus")
    assert 'class="mh-admonition mh-admonition-tip"' in out and "Be careful" in out


def test_python_markdown_dialects_keep_the_old_renderer():
    assert isinstance(new_renderer(DIALECTS["jigsaw"]), IncrementalRenderer)
    assert isinstance(new_renderer(None), IncrementalRenderer)
    assert "id=" not in html("# Title\n", "jigsaw")  # PHP Markdown Extra makes no ids
    assert 'id="title"' in html("# Title\n", "mkdocs")


def test_blocks_carry_lines_and_keep_keys_while_unchanged():
    renderer = CommonMarkRenderer(DIALECTS["hugo"])
    first = renderer.render("# A\n\npara\n\n- x\n- y\n")
    assert [b.line for b in first.blocks] == [1, 3, 5]
    second = renderer.render("# A\n\npara edited\n\n- x\n- y\n")
    assert [b.key for b in second.blocks][0::2] == [b.key for b in first.blocks][0::2]
    assert second.changed_keys == {second.blocks[1].key}
    assert second.converted_blocks == 1


# -- incremental rendering equals the engine's whole rendering --------------------------

FRAGMENTS = [
    "# Title",
    "## Title",
    "para *em* and **strong**",
    "Cyclists:\n- a\n  - b",
    "1. one\n2. two",
    "> quote\nlazy",
    "[ref] link",
    "[ref]: /url 'T'",
    "a[^1] note",
    "[^1]: the note",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "```\ncode\n```",
    "    indented",
    "<div>\nraw\n</div>",
    '"quotes" -- dash',
    "- [ ] task",
    "Term\n: def",
    "",
    "***",
    "setext\n===",
    "<!-- open comment\n\nstill comment -->",
    "```\nunclosed fence\n\nflush",
    "- item\n\n  continued\n\nafter",
    "[^2]: note\n\n    more of it",
    "a[^2] and a[^1] again",
    "<pre>\n\nx\n</pre>",
    "~~~ info\n\n~~~",
    "2) paren",
    "Term2\n: def2",
]


def whole(name: str, text: str) -> str:
    md = new_engine(DIALECTS[name])
    env: dict = {}
    rendered = md.render(text, env)
    return resolve_heading_ids([rendered], set(env.get(EXPLICIT_IDS, ())))[0]


def squeeze(text: str) -> str:
    return re.sub(r"\n+", "\n", text).strip("\n")


class IncrementalMatchesWhole(RuleBasedStateMachine):
    """Edits in any order: each render equals a fresh rendering of the whole body."""

    def __init__(self) -> None:
        super().__init__()
        self.name = "hugo"
        self.renderers = {
            name: CommonMarkRenderer(DIALECTS[name]) for name in ("hugo", "jekyll", "gfm")
        }
        self.parts: list[str] = ["# Title", "para"]

    @rule(index=st.integers(0, 30), fragment=st.sampled_from(FRAGMENTS))
    def insert(self, index, fragment):
        self.parts.insert(index % (len(self.parts) + 1), fragment)

    @rule(index=st.integers(0, 30))
    def delete(self, index):
        if self.parts:
            del self.parts[index % len(self.parts)]

    @rule(index=st.integers(0, 30), text=st.sampled_from(["x", " *y*", "\n", "\n\n", "-"]))
    def type_into(self, index, text):
        if self.parts:
            self.parts[index % len(self.parts)] += text

    @invariant()
    def matches(self):
        text = "\n\n".join(self.parts) + "\n"
        for name, renderer in self.renderers.items():
            assert squeeze(renderer.render(text).inner_html) == squeeze(whole(name, text)), name


TestIncrementalMatchesWhole = IncrementalMatchesWhole.TestCase
TestIncrementalMatchesWhole.settings = settings(
    max_examples=40,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_corpus_posts_render_incrementally_like_whole(corpus_dir):
    """Every corpus post, in two engines' setups, equals the engine's whole rendering,
    also after an edit in its middle (the other chunks come from the caches)."""
    checked = 0
    for path in sorted(corpus_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        middle = len(text) // 2
        edited = text[:middle] + " *edit*" + text[middle:]
        for name in ("hugo", "jekyll"):
            renderer = CommonMarkRenderer(DIALECTS[name])
            for body in (text, edited):
                assert squeeze(renderer.render(body).inner_html) == squeeze(whole(name, body)), (
                    path,
                    name,
                )
        checked += 1
    assert checked > 100


def test_kramdown_puts_strong_outside_and_numbers_lists_with_dots_only():
    jekyll, hugo = DIALECTS["jekyll"], DIALECTS["hugo"]
    assert render_body_html("***both***\n", jekyll) == "<p><strong><em>both</em></strong></p>"
    assert render_body_html("*__a__*\n", jekyll) == "<p><em><strong>a</strong></em></p>"
    assert render_body_html("***a** b*\n", jekyll) == "<p><em><strong>a</strong> b</em></p>"
    assert render_body_html("1) one\n2) two\n", jekyll) == "<p>1) one\n2) two</p>"
    assert render_body_html("1. one\n", jekyll) == "<ol>\n<li>one</li>\n</ol>"
    # CommonMark engines keep their own way.
    assert render_body_html("***both***\n", hugo) == "<p><em><strong>both</strong></em></p>"
    assert render_body_html("1) one\n", hugo) == "<ol>\n<li>one</li>\n</ol>"

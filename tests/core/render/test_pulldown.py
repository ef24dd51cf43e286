"""Zola's engine: pulldown-cmark through pyromark, Zola's event work, incremental blocks."""

from __future__ import annotations

import logging
import re
import sys

import pyromark
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from editor.core.render.dialects import new_renderer, render_body_html
from editor.core.render.incremental_cm import CommonMarkRenderer
from editor.core.render.incremental_pulldown import PulldownRenderer
from editor.core.render.pulldown import render_html, swap_templates, zola_options
from editor.core.render.pulldown_html import write_html
from editor.core.render.worker import RenderRequest, RenderWorker
from editor.core.site.dialect import DIALECTS, PULLDOWN_CMARK

ZOLA = DIALECTS["zola"]
ZOLA_ALL = ZOLA.with_settings(
    typographer=True, definition_lists=True, footnotes_at_end=True, alerts=True
)


def html(text: str, dialect=ZOLA) -> str:
    return render_body_html(text, dialect)


# -- generated Markdown -----------------------------------------------------------------

LINE_STARTS = [
    "",
    "",
    "",
    "# ",
    "## ",
    "- ",
    "* ",
    "1. ",
    "2) ",
    "> ",
    "    ",
    "  ",
    "   - ",
    "```",
    "~~~ py",
    "| ",
    "|---|---|",
    "[^1]: ",
    "[^n]: ",
    "[a]: /u ",
    "[B]: <x y> 'T'",
    "---",
    "***",
    "===",
    "<div>",
    "</div>",
    "<!-- ",
    "-->",
    "<pre>",
    ": ",
    "- [ ] ",
    "- [x] ",
    "{{ sc(a=1) }}",
    "{% note() %}",
    "{% end %}",
    "<!-- more -->",
    "## T {#id .c}",
    "> [!NOTE]",
    "> [!WARNING]",
    "  [^1]: ",
    "a[^1] b[^n] ",
]
INLINE = st.text(alphabet="ab *_`[]()!<>#^:\\-~|\"'&.1{}\u00e9\u2019", max_size=24)
LINE = st.builds(lambda start, rest: start + rest, st.sampled_from(LINE_STARTS), INLINE)
MARKDOWN = st.lists(LINE, max_size=16).map("\n".join)


def squeeze(text: str) -> str:
    return re.sub(r"\n+", "\n", text).strip("\n")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MARKDOWN, dialect=st.sampled_from([ZOLA, ZOLA_ALL]))
def test_the_writer_writes_what_pulldown_cmark_writes(text, dialect):
    """The port of pulldown-cmark's html.rs, byte for byte (pyromark has no event writer)."""
    options = zola_options(dialect)
    events = [event for event, _span in pyromark.events_with_range(text, options=options)]
    assert write_html(events) == pyromark.html(text, options=options)


def test_the_writer_writes_every_corpus_file_as_pulldown_cmark_does(corpus_dir):
    options = zola_options(ZOLA_ALL)
    files = sorted(corpus_dir.rglob("*.md"))
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        events = [event for event, _span in pyromark.events_with_range(text, options=options)]
        assert write_html(events) == pyromark.html(text, options=options), path
    assert len(files) > 100


def test_the_writer_escapes_urls_and_text_as_pulldown_cmark_does():
    text = '[a <b> & "c"](/p\u00e4th?x=1&y=\'z\' "T & \'q\'") ![i "j"](/a%20b)\n'
    options = zola_options(ZOLA)
    events = [event for event, _span in pyromark.events_with_range(text, options=options)]
    assert (
        write_html(events)
        == pyromark.html(text, options=options)
        == (
            '<p><a href="/p%C3%A4th?x=1&amp;y=&#x27;z&#x27;" title="T &amp; &#39;q&#39;">'
            'a <b> &amp; "c"</a> <img src="/a%20b" alt="i &quot;j&quot;" /></p>\n'
        )
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=MARKDOWN, after=MARKDOWN, dialect=st.sampled_from([ZOLA, ZOLA_ALL]))
def test_incremental_output_equals_the_one_pass_render(before, after, dialect):
    renderer = PulldownRenderer(dialect)
    for text in (before, after, before):
        assert squeeze(renderer.render(text).inner_html) == squeeze(render_html(text, dialect))


FRAGMENTS = [
    "# Title",
    "## Title",
    "para *em* and **strong**",
    "Cyclists:\n- a\n  - b",
    "[ref] link",
    "[ref]: /url 'T'",
    "a[^1] note",
    "[^1]: the note",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "```\ncode {{ sc() }}\n```",
    "<div>\nraw\n</div>",
    "<!-- more -->",
    "{{ youtube(id='x') }}",
    "text {{ sc() }} and `{{ code() }}`",
    "- item\n\n  continued\n\nafter",
    "a[^2] and a[^1] again",
    "[^2]: note\n\n    more of it",
    "## Title {#title}",
    "",
]


class IncrementalMatchesWhole(RuleBasedStateMachine):
    """Edits in any order: each render equals the one-pass rendering of the whole body."""

    def __init__(self) -> None:
        super().__init__()
        self.renderers = {d: PulldownRenderer(d) for d in (ZOLA, ZOLA_ALL)}
        self.parts: list[str] = ["# Title", "para"]

    @rule(index=st.integers(0, 30), fragment=st.sampled_from(FRAGMENTS))
    def insert(self, index, fragment):
        self.parts.insert(index % (len(self.parts) + 1), fragment)

    @rule(index=st.integers(0, 30))
    def delete(self, index):
        if self.parts:
            del self.parts[index % len(self.parts)]

    @rule(index=st.integers(0, 30), text=st.sampled_from(["x", " *y*", "\n", "\n\n", "-", "]"]))
    def type_into(self, index, text):
        if self.parts:
            self.parts[index % len(self.parts)] += text

    @invariant()
    def matches(self):
        text = "\n\n".join(self.parts) + "\n"
        for dialect, renderer in self.renderers.items():
            result = renderer.render(text)
            assert squeeze(result.inner_html) == squeeze(render_html(text, dialect))
            lines = [b.line for b in result.blocks if b.key != "footnotes"]
            assert lines == sorted(lines) and all(1 <= n <= text.count("\n") + 1 for n in lines)


TestIncrementalMatchesWhole = IncrementalMatchesWhole.TestCase
TestIncrementalMatchesWhole.settings = settings(
    max_examples=60, stateful_step_count=12, deadline=None
)


def test_corpus_posts_render_incrementally_like_whole(corpus_dir):
    checked = 0
    for path in sorted(corpus_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        middle = len(text) // 2
        renderer = PulldownRenderer(ZOLA)
        for body in (text, text[:middle] + " *edit*\n\n# New" + text[middle:]):
            assert squeeze(renderer.render(body).inner_html) == squeeze(render_html(body, ZOLA))
        checked += 1
    assert checked > 100


# -- blocks, lines and keys -------------------------------------------------------------


def test_blocks_carry_their_lines_and_keep_keys_while_unchanged():
    renderer = PulldownRenderer(ZOLA)
    first = renderer.render("# A\n\npara\n\n- x\n- y\n\n[^n]: note\n")
    assert [b.line for b in first.blocks] == [1, 3, 5, 8]
    second = renderer.render("# A\n\npara edited\n\n- x\n- y\n\n[^n]: note\n")
    assert [b.key for b in second.blocks][0::2] == [b.key for b in first.blocks][0::2]
    assert second.changed_keys == {second.blocks[1].key}
    assert second.converted_blocks == 1
    assert renderer.render("").blocks == ()


def test_a_definition_elsewhere_rewrites_only_the_blocks_that_use_it():
    renderer = PulldownRenderer(ZOLA)
    renderer.render("[a] link\n\nplain\n\n[a]: /one\n")
    result = renderer.render("[a] link\n\nplain\n\n[a]: /two\n")
    assert result.converted_blocks == 1
    assert result.blocks[0].html == '<p><a href="/two">a</a> link</p>'


def test_footnotes_are_numbered_across_blocks_where_they_stand():
    out = html("b[^y] a[^x]\n\n[^x]: ex\n\nagain[^x]\n\n[^y]: why\n")
    assert out == (
        '<p>b<sup class="footnote-reference"><a href="#y">1</a></sup> '
        'a<sup class="footnote-reference"><a href="#x">2</a></sup></p>\n'
        '<div class="footnote-definition" id="x"><sup class="footnote-definition-label">2</sup>\n'
        "<p>ex</p>\n</div>\n"
        '<p>again<sup class="footnote-reference"><a href="#x">2</a></sup></p>\n'
        '<div class="footnote-definition" id="y"><sup class="footnote-definition-label">1</sup>\n'
        "<p>why</p>\n</div>"
    )
    assert html("undefined[^z]\n") == "<p>undefined[^z]</p>"


# Zola's own snapshots (components/markdown/src/snapshots), with bottom_footnotes on.
ZOLA_FOOTNOTE_SNAPSHOTS = [
    (
        "This text has two[^1] identical footnotes[^1]\n[^1]: So one is present.\n"
        "[^2]: But another in not.",
        '<p>This text has two<sup class="footnote-reference" id="fr-1-1"><a href="#fn-1">1</a>'
        '</sup> identical footnotes<sup class="footnote-reference" id="fr-1-2">'
        '<a href="#fn-1">1</a></sup></p>\n<section class="footnotes">\n'
        '<ol class="footnotes-list">\n<li id="fn-1">\n<p>So one is present. '
        '<a href="#fr-1-1">\u21a9</a> <a href="#fr-1-2">\u21a92</a></p>\n</li>\n</ol>\n'
        "</section>",
    ),
    (
        "This text has a footnote[^1]\n[^1]: But the footnote has another footnote[^2].\n"
        "[^2]: That's it.",
        '<p>This text has a footnote<sup class="footnote-reference" id="fr-1-1">'
        '<a href="#fn-1">1</a></sup></p>\n<section class="footnotes">\n'
        '<ol class="footnotes-list">\n<li id="fn-1">\n<p>But the footnote has another '
        'footnote<sup class="footnote-reference" id="fr-2-1"><a href="#fn-2">2</a></sup>. '
        '<a href="#fr-1-1">\u21a9</a></p>\n</li>\n<li id="fn-2">\n<p>That\'s it. '
        '<a href="#fr-2-1">\u21a9</a></p>\n</li>\n</ol>\n</section>',
    ),
    (
        "This text has two[^2] footnotes[^1]\n[^1]: not sorted.\n[^2]: But they are",
        '<p>This text has two<sup class="footnote-reference" id="fr-2-1"><a href="#fn-2">1</a>'
        '</sup> footnotes<sup class="footnote-reference" id="fr-1-1"><a href="#fn-1">2</a>'
        '</sup></p>\n<section class="footnotes">\n<ol class="footnotes-list">\n'
        '<li id="fn-2">\n<p>But they are <a href="#fr-2-1">\u21a9</a></p>\n</li>\n'
        '<li id="fn-1">\n<p>not sorted. <a href="#fr-1-1">\u21a9</a></p>\n</li>\n</ol>\n'
        "</section>",
    ),
]


def test_bottom_footnotes_as_zolas_own_snapshots():
    bottom = ZOLA.with_settings(footnotes_at_end=True)
    for text, expected in ZOLA_FOOTNOTE_SNAPSHOTS:
        assert html(text, bottom) == expected
    result = PulldownRenderer(bottom).render("a[^1]\n\n[^1]: n\n\nb\n")
    assert [(b.key, b.line) for b in result.blocks][1:] == [("b2", 5), ("footnotes", 7)]


def test_github_alerts_when_zola_turns_them_on():
    assert html("> [!NOTE]\n> hi\n", ZOLA.with_settings(alerts=True)) == (
        '<blockquote class="markdown-alert-note">\n<p>hi</p>\n</blockquote>'
    )
    assert html("> [!NOTE]\n> hi\n") == "<blockquote>\n<p>[!NOTE]\nhi</p>\n</blockquote>"


# -- what Zola does on top of pulldown-cmark --------------------------------------------


def test_headings_get_zolas_ids_unique_across_the_body():
    out = html("# Hello *World*\n\n## Hello World\n\n## Other {#hello-world-1 .a .b}\n")
    assert out == (
        '<h1 id="hello-world">Hello <em>World</em></h1>\n'
        '<h2 id="hello-world-2">Hello World</h2>\n'
        '<h2 id="hello-world-1" class="a b">Other</h2>'
    )
    assert html("## It\u2019s `code` \u2014 caf\u00e9\n") == (
        '<h2 id="it-s-code-cafe">It\u2019s <code>code</code> \u2014 caf\u00e9</h2>'
    )
    assert html("## x {#x data-k=v}\n") == '<h2 id="x">x</h2>'  # Zola writes id and class


def test_zolas_markdown_settings_switch_pulldown_cmark_options():
    assert html('"Quotes" -- and...\n') == '<p>"Quotes" -- and...</p>'
    assert html('"Quotes" -- and...\n', ZOLA_ALL) == ("<p>\u201cQuotes\u201d \u2013 and\u2026</p>")
    assert html("Term\n: Definition\n", ZOLA_ALL) == (
        "<dl>\n<dt>Term</dt>\n<dd>Definition</dd>\n</dl>"
    )
    assert "<dl>" not in html("Term\n: Definition\n")


def test_shortcodes_become_placeholders_and_stay_as_typed_in_code():
    out = html(
        'Watch {{ youtube(id="x") }} now\n\n{{ gallery() }}\n\n'
        "{% note() %}\n*body*\n{% end %}\n\n`{{ a() }}`\n\n```\n{{ b() }}\n```\n"
    )
    assert out == (
        '<p>Watch <span class="mh-template">shortcode: youtube</span> now</p>\n'
        '<span class="mh-template">shortcode: gallery</span>\n'
        '<p><span class="mh-template">shortcode: note</span>\n<em>body</em>\n'
        '<span class="mh-template">shortcode: end</span></p>\n'
        "<p><code>{{ a() }}</code></p>\n<pre><code>{{ b() }}\n</code></pre>"
    )
    assert html('![alt {{ x() }}]({{ u() }} "t {{ y() }}")\n') == (
        '<p><img src="%7B%7B%20u()%20%7D%7D" alt="alt {{ x() }}" title="t {{ y() }}" /></p>'
    )
    assert swap_templates("no templates {here}", ZOLA.templates) == ("no templates {here}", [])
    assert html("## {{ icon() }} Title\n") == (
        '<h2 id="title"><span class="mh-template">shortcode: icon</span> Title</h2>'
    )


def test_the_first_more_divider_becomes_continue_reading():
    out = html("Intro\n\n<!-- more -->\n\nRest\n\n<!--more-->\n")
    assert out == ('<p>Intro</p>\n<span id="continue-reading"></span>\n<p>Rest</p>\n<!--more-->')


def test_raw_html_passes_through():
    assert html('<div class="x">\n*not emphasis*\n</div>\n\na <b>b</b>\n') == (
        '<div class="x">\n*not emphasis*\n</div>\n<p>a <b>b</b></p>'
    )


# -- the engine choice and its fallback ---------------------------------------------------


def test_zola_renders_with_pulldown_cmark():
    assert ZOLA.family == PULLDOWN_CMARK
    assert isinstance(new_renderer(ZOLA), PulldownRenderer)


def test_without_pyromark_zola_falls_back_to_markdown_it_with_a_warning(monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "pyromark", None)  # import pyromark raises ImportError
    with caplog.at_level(logging.WARNING, logger="editor.core.render.dialects"):
        renderer = new_renderer(ZOLA)
    assert isinstance(renderer, CommonMarkRenderer)
    assert "pyromark is not available" in caplog.text and "Zola (pulldown-cmark)" in caplog.text
    out = renderer.render("# Title\n\nCyclists:\n- a\n").inner_html
    assert out == '<h1 id="title">Title</h1>\n<p>Cyclists:</p>\n<ul>\n<li>a</li>\n</ul>'


def test_the_render_worker_process_renders_zola_blocks_with_their_lines():
    worker = RenderWorker()
    try:
        reply = worker.render(
            RenderRequest(
                "# Hi\n\n{{ x() }}\n\na[^1]\n\n[^1]: n\n", {}, None, False, None, dialect=ZOLA
            )
        )
    finally:
        worker.close()
    assert reply.error is None and reply.lines == (1, 3, 5, 7)
    assert '<h1 id="hi">Hi</h1>' in reply.page_html
    assert '<span class="mh-template">shortcode: x</span>' in reply.page_html

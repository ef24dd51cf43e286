"""The sanitiser keeps post HTML from running script, navigating or reaching the network."""

from __future__ import annotations

import re

import pytest

from editor.core.render.sanitize import PLACEHOLDER_CLASS, is_remote_url, resolve_url, sanitize_html

HOSTILE = [
    "<script>document.title='pwned'</script>",
    "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=\"document.title='pwned'\">",
    "<img src=x ONERROR=alert(1)>",
    "<body onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    '<iframe src="http://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="http://evil.example/x.swf"></object>',
    '<embed src="http://evil.example/x.swf">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:text/html,<script>alert(1)</script>">',
    '<meta http-equiv="refresh" content="0;url=http://evil.example">',
    '<base href="http://evil.example/">',
    '<form action="http://evil.example"><input name=a><button>go</button></form>',
    '<link rel=stylesheet href="http://evil.example/x.css">',
    "<style>body{background:url(http://evil.example/x.png)}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width: expression(alert(1))">x</div>',
    "<details open ontoggle=alert(1)>x</details>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<textarea><script>alert(1)</script></textarea>",
    "<!--><script>alert(1)</script>-->",
    "<img src=x onerror=alert(1)//",
    '<a href="#" onclick="alert(1)">x</a>',
    "<video poster=javascript:alert(1)></video>",
    "<template><script>alert(1)</script></template>",
]

DANGEROUS_TAG = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|meta|base|form|input|button|link|style|svg|math"
    r"|template|textarea|noscript)\b",
    re.IGNORECASE,
)
DANGEROUS_ATTRIBUTE = re.compile(
    r"\son\w+\s*=|javascript:|vbscript:|data:text/html|evil\.example", re.IGNORECASE
)


@pytest.mark.parametrize("snippet", HOSTILE)
def test_hostile_snippets_lose_everything_that_could_run_or_fetch(snippet):
    """No script-capable tag, handler, dangerous URL or evil host survives."""
    cleaned = sanitize_html(snippet)
    assert not DANGEROUS_TAG.search(cleaned), cleaned
    for tag in re.findall(r"<[^>]*>", cleaned):
        assert not DANGEROUS_ATTRIBUTE.search(tag), cleaned


def test_harmless_markup_and_text_survive():
    """Ordinary post markup keeps its tags, attributes and text."""
    html = (
        '<h2 id="intro">Intro</h2><p>Fish &amp; <em>chips</em> <a href="https://x.org/a?b=1&amp;c=2"'
        ' title="t">link</a></p><table><tr><td colspan="2">cell</td></tr></table>'
        '<div class="codehilite"><pre><span class="k">def</span></pre></div>'
    )
    cleaned = sanitize_html(html)
    assert '<h2 id="intro">Intro</h2>' in cleaned
    assert "Fish &amp; <em>chips</em>" in cleaned
    assert 'href="https://x.org/a?b=1&amp;c=2"' in cleaned
    assert '<td colspan="2">cell</td>' in cleaned
    assert '<span class="k">def</span>' in cleaned


def test_remote_images_become_placeholders_unless_allowed():
    """A remote image is replaced by a visible placeholder; allowed, it stays."""
    html = '<img src="https://cdn.example.org/cat.jpg" alt="A cat">'
    blocked = sanitize_html(html)
    assert "<img" not in blocked
    assert PLACEHOLDER_CLASS in blocked and "cdn.example.org" in blocked and "A cat" in blocked
    assert '<img src="https://cdn.example.org/cat.jpg"' in sanitize_html(html, allow_remote=True)


@pytest.mark.parametrize(
    "html",
    [
        '<img src="//cdn.example.org/x.png">',
        '<img src="/local.png" srcset="https://cdn.example.org/x2.png 2x">',
        '<video src="http://cdn.example.org/v.mp4" poster="http://cdn.example.org/p.png"></video>',
        '<picture><source srcset="http://cdn.example.org/a.webp"></picture>',
        "<p style=\"background-image: url('https://cdn.example.org/bg.png')\">x</p>",
    ],
)
def test_no_remote_fetch_survives_in_any_attribute(html):
    """Protocol-relative URLs, srcset, media and CSS url() are all caught."""
    assert "cdn.example.org/" not in re.sub(r'title="[^"]*"', "", sanitize_html(html))


def test_relative_urls_resolve_against_the_site_folder():
    """Relative and root-relative links and images resolve inside the site folder."""
    base = "file:///home/me/site/"
    cleaned = sanitize_html(
        '<img src="images/a.png"><img src="/assets/b.png"><a href="#fn:1">1</a>'
        '<a href="../up.html">up</a>',
        base_url=base,
    )
    assert 'src="file:///home/me/site/images/a.png"' in cleaned
    assert 'src="file:///home/me/site/assets/b.png"' in cleaned
    assert 'href="#fn:1"' in cleaned
    assert resolve_url("x.png", None) == "x.png"


def test_output_is_balanced_so_fragments_can_be_sanitised_alone():
    """Unclosed elements are closed and stray end tags dropped."""
    assert sanitize_html("<div><p><em>open") == "<div><p><em>open</em></p></div>"
    assert sanitize_html("</div>text</p>") == "text"


def test_remote_detection():
    """http(s), protocol-relative and obfuscated remote URLs are remote; paths are not."""
    assert is_remote_url("https://a.b/c")
    assert is_remote_url("//a.b/c")
    assert is_remote_url(" ht\ttp://a.b/")
    assert not is_remote_url("/images/a.png")
    assert not is_remote_url("data:image/png;base64,AAAA")


def test_local_images_are_found_where_the_generator_serves_them(tmp_path):
    """/assets/x.png comes from source/ (or static/); cover.jpg from beside the post."""
    from pathlib import Path

    from editor.core.render.sanitize import sanitize_html

    (tmp_path / "source" / "assets").mkdir(parents=True)
    (tmp_path / "source" / "assets" / "x.png").write_bytes(b"png")
    bundle = tmp_path / "content" / "post" / "trip"
    bundle.mkdir(parents=True)
    (bundle / "cover.jpg").write_bytes(b"jpg")
    site = Path(tmp_path).as_uri() + "/"
    page = bundle.as_uri() + "/"
    html = sanitize_html(
        '<img src="/assets/x.png"><img src="cover.jpg"><a href="missing.md#top">x</a>',
        base_url=site,
        page_url=page,
    )
    assert f'src="{(tmp_path / "source" / "assets" / "x.png").as_uri()}"' in html
    assert f'src="{(bundle / "cover.jpg").as_uri()}"' in html
    assert f'href="{site}missing.md#top"' in html  # not on disk: joined to the site folder

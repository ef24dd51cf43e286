"""Export: one standalone HTML file that looks like the preview, with nothing external."""

from __future__ import annotations

import re

from editor.core.render.export import body_html, export_name, standalone_page, write_page
from editor.core.render.page import stylesheet
from editor.core.site.dialect import DIALECTS

BODY = (
    "## A heading\n\nSome *text* and ![alt](/assets/images/a.png) and "
    "![far](https://example.org/far.png).\n\n<script>alert(1)</script>\n\n"
    '<link rel="stylesheet" href="https://example.org/x.css">\n\n| a | b |\n|---|---|\n| 1 | 2 |\n'
)
METADATA = {"title": "Harbour ferry returns", "image": "/assets/images/cover.jpg", "tags": ["x"]}


def test_standalone_page_has_title_body_and_inlined_preview_css():
    """Title, rendered body and the preview's stylesheet inside one <style>."""
    page = standalone_page(METADATA, BODY)
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Harbour ferry returns</title>" in page
    assert '<h1 class="post-title">Harbour ferry returns</h1>' in page
    assert "<h2" in page and "A heading</h2>" in page and "<em>text</em>" in page
    assert "<table>" in page
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert len(styles) == 1 and stylesheet() in styles[0]


def test_standalone_page_links_nothing_and_runs_nothing():
    """No stylesheet links, no script elements, no file:// paths into this machine."""
    page = standalone_page(METADATA, BODY)
    assert "<link" not in page.lower()
    assert "<script" not in page.lower()
    assert "file://" not in page


def test_images_keep_their_urls_and_remote_ones_are_not_blocked():
    """Local and remote images keep the URLs the post wrote (no placeholder)."""
    page = standalone_page(METADATA, BODY)
    sources = re.findall(r'<img [^>]*src="([^"]+)"', page)
    assert sources == [
        "/assets/images/cover.jpg",
        "/assets/images/a.png",
        "https://example.org/far.png",
    ]
    assert "Remote image from" not in page


def test_the_body_is_rendered_in_the_sites_dialect():
    """Hugo (Goldmark) autolinks a bare URL; Jigsaw (Markdown Extra) does not."""
    text = "See https://example.org for more.\n"
    assert '<a href="https://example.org"' in body_html(text, DIALECTS["hugo"])
    assert "<a " not in body_html(text, DIALECTS["jigsaw"])


def test_body_html_is_the_body_alone():
    """Copy as HTML: the body's HTML, no page and no block wrappers."""
    html = body_html("Hello *you*\n")
    assert html.strip() == "<p>Hello <em>you</em></p>"


def test_write_page_and_the_suggested_name(tmp_path):
    """The export is written as UTF-8, named after the post, beside it."""
    target = export_name(tmp_path / "2020-01-01-post.md", tmp_path)
    assert target == tmp_path / "2020-01-01-post.html"
    assert export_name(None, tmp_path) == tmp_path / "untitled.html"
    write_page(target, standalone_page({"title": "Café"}, "x\n"))
    assert "<title>Café</title>" in target.read_text(encoding="utf-8")

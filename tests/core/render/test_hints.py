"""Dialect hints, and `masthead check` reporting them."""

from __future__ import annotations

from editor.core.render.hints import (
    HUGO_RAW_HTML,
    MDX_ANGLE,
    MDX_BRACE,
    dialect_hints,
)
from editor.core.site.checks import check_paths
from editor.core.site.dialect import DIALECTS


def test_hugo_raw_html_is_pointed_out_unless_unsafe():
    body = "Intro\n\n<div>x</div>\n\nText <b>b</b>\n\n<!--more-->\n\n`<code>` is fine\n"
    assert dialect_hints(body, DIALECTS["hugo"]) == [(3, HUGO_RAW_HTML), (5, HUGO_RAW_HTML)]
    assert dialect_hints(body, DIALECTS["hugo"].with_settings(raw_html=True)) == []
    assert dialect_hints(body, DIALECTS["eleventy"]) == []


def test_python_markdown_lists_after_a_paragraph():
    body = "Cyclists can use:\n- the ferry\n- the bridge\n\nFine:\n\n- a\n\n```\nx:\n- not a list\n```\n"
    hints = dialect_hints(body, DIALECTS["jigsaw"])
    assert [line for line, _ in hints] == [2]
    assert "PHP Markdown Extra will not see a list here" in hints[0][1]
    assert dialect_hints(body, DIALECTS["hugo"]) == []


def test_mdx_braces_and_angles_in_text():
    body = "Costs {about} 5 and a < b, but `{code}` and <Tabs /> are fine\n"
    assert dialect_hints(body, DIALECTS["astro"], mdx=True) == [(1, MDX_ANGLE), (1, MDX_BRACE)]
    assert dialect_hints(body, DIALECTS["astro"], mdx=False) == []


def test_masthead_check_reports_hints_at_file_lines(tmp_path):
    (tmp_path / "hugo.toml").write_text('baseURL = "/"\n')
    post = tmp_path / "content" / "a.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: A\n---\nIntro\n\n<div>x</div>\n")
    hints = [p for p in check_paths([post]) if p.code == "dialect-hint"]
    assert [(p.line, p.level, p.message) for p in hints] == [(6, "hint", HUGO_RAW_HTML)]
    assert [p.code for p in check_paths([tmp_path])].count("dialect-hint") == 1

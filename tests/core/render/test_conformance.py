"""The preview's HTML against the real engines, per dialect (docs/preview-dialects.md).

Cases are Markdown constructs writers use and the bodies of real posts from
../shared/corpus, each for the generator the post was written for.  HTML is compared
after `oracles.normalise`.  An engine that is not installed skips its dialect's test
with the reason.
"""

from __future__ import annotations

import csv
import re
from functools import cache

import pytest

from editor.core.post.model import Post
from editor.core.render.dialects import render_body_html
from editor.core.site.dialect import dialect_named
from tests.core.render import oracles

CORPUS = oracles.SHARED / "corpus"
TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|^import |^export ", re.MULTILINE)

CONSTRUCTS = [
    "Cyclists can use:\n- the ferry\n- the bridge\n",
    "- one\n  - nested by two\n    - and four\n- two\n",
    "1. first\n2. second\n\n   continued\n3. third\n",
    "*emphasis*, **strong**, ***both***, _under_ and __strong__ and snake_case_word\n",
    "a line  \nwith a hard break\nand a soft one\\\nand a backslash break\n",
    "> a quote\n> > nested\n\n> lazy\ncontinuation\n",
    "| a | b |\n|:--|--:|\n| 1 | 2 |\n| `c\\|d` | **e** |\n",
    "Text with a note.[^1]\n\n[^1]: The note.\n",
    "# One\n\n## Two words\n\n## Two words\n\n### `code` and *em*\n",
    "Setext\n======\n\nAnother\n-------\n",
    '<div class="x">\n*not emphasis*\n</div>\n\n<span>inline</span> html\n',
    "```python\nprint('hi')\n```\n\n    indented code\n",
    "Inline `code` and ``double ` tick``\n",
    '[link](http://example.com "title") and ![img](a.png) and <http://auto.link>\n',
    "[ref] and [text][ref]\n\n[ref]: /url 'Title'\n",
    "~~struck~~ text\n",
    "- [ ] todo\n- [x] done\n",
    "Visit www.example.com or https://example.org now\n",
    "\"Quotes\" and 'single' -- dash --- em ... ellipsis\n",
    "Term\n: Definition\n",
    "* * *\n\n---\n\n___\n",
    "1) paren list\n2) two\n",
    "Escapes: \\*not\\* \\_this\\_ \\# hash\n",
    "&copy; &amp; &#35; entities\n",
    "Paragraph\n    not code, a continuation\n",
    "- loose\n\n- list\n",
    "<!-- a comment -->\n\nafter\n",
    "Line one\n\n\n\nLine after blanks\n",
]


@cache
def corpus_bodies(generators: tuple[str, ...]) -> tuple[str, ...]:
    """Bodies of the corpus posts written for these generators."""
    bodies = []
    with open(CORPUS / "SOURCES.tsv", encoding="utf-8") as sources:
        for row in csv.DictReader(sources, delimiter="\t"):
            if not any(row["generator"].startswith(g) for g in generators):
                continue
            folder = CORPUS / row["owner/repo"].replace("/", "__")
            for path in sorted(folder.rglob("*")):
                if path.suffix not in (".md", ".markdown") or not path.is_file():
                    continue
                try:
                    body = Post.load(path).body
                except Exception:  # noqa: BLE001 - broken posts are not render cases
                    continue
                if body.strip() and not TEMPLATE_SYNTAX.search(
                    body
                ):  # the site's templates render those
                    bodies.append(body)
    return tuple(bodies)


# Generators that add heading ids to the engine's HTML themselves (the oracle is the
# engine alone): ids are left out of the comparison.
IDS_ADDED_AFTER_THE_ENGINE = {"zola"}


# dialect -> (oracle, corpus generators, the match rate the preview must keep)
DIALECT_CASES = {
    "hugo": (oracles.hugo, ("hugo",), 0.9),
    "jekyll": (oracles.kramdown, ("jekyll",), 0.9),
    "eleventy": (oracles.markdown_it_js, ("eleventy",), 0.9),
    "gfm": (oracles.cmark_gfm, ("gatsby", "astro"), 0.9),
    "jigsaw": (oracles.php_markdown_extra, ("jigsaw",), 0.9),
    "zola": (oracles.pulldown_cmark_zola, ("zola",), 0.9),
}


def match_rate(name: str) -> tuple[float, int, list[tuple[str, str, str]]]:
    """Share of identical cases, the case count, and the differing cases."""
    oracle, generators, _floor = DIALECT_CASES[name]
    cases = list(CONSTRUCTS)
    if CORPUS.is_dir():
        cases += list(corpus_bodies(generators))
    expected = oracle(cases)
    dialect = dialect_named(name)
    misses = []
    for case, theirs in zip(cases, expected, strict=True):
        ours = render_body_html(case, dialect)
        if name in IDS_ADDED_AFTER_THE_ENGINE:  # ({#id} ones too: both sides have those)
            ours, theirs = oracles.without_heading_ids(ours), oracles.without_heading_ids(theirs)
        if oracles.normalise(ours) != oracles.normalise(theirs):
            misses.append((case, ours, theirs))
    return 1 - len(misses) / len(cases), len(cases), misses


@pytest.mark.parametrize("name", sorted(DIALECT_CASES))
def test_preview_matches_the_sites_engine(name):
    try:
        rate, count, misses = match_rate(name)
    except oracles.Missing as missing:
        pytest.skip(str(missing))
    floor = DIALECT_CASES[name][2]
    print(f"{name}: {rate:.0%} of {count} cases identical")
    assert rate >= floor, f"{name}: {rate:.0%} identical, below {floor:.0%}"


def test_normalise_ignores_only_presentation():
    assert oracles.normalise("<p>a&amp;b</p>\n\n<hr />") == oracles.normalise("<p>a&b</p><hr>")
    assert oracles.normalise("<p>a</p>") != oracles.normalise("<p>b</p>")


if __name__ == "__main__":  # python -m tests.core.render.test_conformance [NAME]: the rates
    import sys

    for dialect_name in sys.argv[1:] or sorted(DIALECT_CASES):
        try:
            found_rate, found_count, found_misses = match_rate(dialect_name)
        except oracles.Missing as missing:
            print(f"{dialect_name}: skipped ({missing})")
            continue
        print(f"{dialect_name}: {found_rate:.1%} of {found_count} identical")
        for case, ours, theirs in found_misses[:3]:
            print("---- case:", case[:300].replace("\n", "\\n"))
            a, b = oracles.normalise(ours), oracles.normalise(theirs)
            at = next(
                (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)),
            )
            print("ours:  ", a[max(0, at - 150) : at + 250])
            print("theirs:", b[max(0, at - 150) : at + 250])

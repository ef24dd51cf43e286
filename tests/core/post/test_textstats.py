"""Word count and reading time of Markdown bodies."""

from __future__ import annotations

from editor.core.post.textstats import count_words, reading_minutes, text_stats


def test_plain_words():
    """Words are separated by whitespace and punctuation; contractions are one word."""
    assert count_words("Hello world, it's a test.") == 5


def test_link_and_image_targets_are_not_words():
    """Only the visible link text counts, not the URL."""
    assert (
        count_words("See [the docs](https://example.com/a/b/c) and ![a cat](cat.png)") == 6
    )  # See the docs and a cat


def test_html_tags_and_fences_are_not_words():
    """Tags and fence markers vanish; code inside a fence still counts."""
    text = '<div class="x">Hi</div>\n```python\nprint(x)\n```\n'
    assert count_words(text) == 3  # Hi, print, x


def test_markdown_markers_are_not_words():
    """Heading hashes, list bullets and emphasis markers add nothing."""
    assert count_words("# Title\n\n- *one*\n- **two**\n> three\n") == 4


def test_non_ascii_and_nbsp():
    """Accented words count once; a non-breaking space separates words."""
    assert count_words("café\u00a0crème brûlée") == 3


def test_empty_text():
    """An empty body has no words and no reading time."""
    stats = text_stats("")
    assert (stats.words, stats.reading_minutes) == (0, 0)


def test_reading_time_rounds_up():
    """Any text takes at least one minute; 231 words at 230 wpm take two."""
    assert reading_minutes(1) == 1
    assert reading_minutes(230) == 1
    assert reading_minutes(231) == 2
    assert reading_minutes(1000, words_per_minute=100) == 10


def test_summary_text():
    """The status bar summary uses thousands separators and singular forms."""
    assert text_stats("one").summary() == "1 word · 1 min read"
    assert text_stats("word " * 1500).summary() == "1,500 words · 7 min read"

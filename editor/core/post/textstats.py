"""Word count and reading time of a Markdown body.

Counts what a reader reads: link targets, image URLs, HTML tags and fence
markers are not words, but the text inside code blocks is counted.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

DEFAULT_WORDS_PER_MINUTE = 230

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_HTML_TAG = re.compile(r"<[^>\n]+>")
_BARE_URL = re.compile(r"\bhttps?://\S+")
_FENCE_LINE = re.compile(r"^\s*(```|~~~).*$", re.MULTILINE)
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class TextStats:
    words: int
    characters: int
    reading_minutes: int

    def summary(self) -> str:
        """Short status-bar text, e.g. '1,234 words · 6 min read'."""
        noun = "word" if self.words == 1 else "words"
        return f"{self.words:,} {noun} · {self.reading_minutes} min read"


def count_words(markdown: str) -> int:
    """Number of words a reader sees in the Markdown text."""
    text = _FENCE_LINE.sub(" ", markdown)
    text = _REFERENCE_DEFINITION.sub(" ", text)
    text = _IMAGE.sub(r" \1 ", text)
    text = _LINK.sub(r" \1 ", text)
    text = _HTML_TAG.sub(" ", text)
    text = _BARE_URL.sub(" url ", text)
    return sum(1 for _ in _WORD.finditer(text))


def reading_minutes(words: int, words_per_minute: int = DEFAULT_WORDS_PER_MINUTE) -> int:
    """Whole minutes to read, rounded up; 0 only for an empty text."""
    if words <= 0:
        return 0
    return max(1, math.ceil(words / max(1, words_per_minute)))


def text_stats(markdown: str, words_per_minute: int = DEFAULT_WORDS_PER_MINUTE) -> TextStats:
    words = count_words(markdown)
    return TextStats(words, len(markdown), reading_minutes(words, words_per_minute))

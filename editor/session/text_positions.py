"""Positions in Qt's text documents, which count UTF-16 code units where Python's str
counts code points: a character beyond the Basic Multilingual Plane (an emoji) is two
units to a QTextDocument and one to Python."""

from __future__ import annotations


def utf16_length(text: str) -> int:
    """The length of text in UTF-16 code units (a QTextDocument position)."""
    return len(text.encode("utf-16-le")) // 2

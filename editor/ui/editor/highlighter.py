"""Markdown syntax highlighting for the body editor.

Line-based rules (headings, lists, quotes, rules) plus inline rules (emphasis,
code spans, links, images, autolinks, HTML tags). Fenced code blocks span lines,
so the open fence is kept in the block state: the state encodes the fence
character and length so only a matching closing fence ends the block.
Colours come in a light and a dark set, chosen from the palette's base colour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import (
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)

NORMAL_STATE = -1
SPELLING_UNDERLINE = "#d0312d"
_BACKTICK_FENCE_BASE = 1000
_TILDE_FENCE_BASE = 2000

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?=\s|$)")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-{2,})\s*$")
_RULE = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
_LIST_MARKER = re.compile(r"^\s*([-*+]|\d{1,9}[.)])(?=\s)")
_TASK_BOX = re.compile(r"^\s*[-*+]\s+(\[[ xX]\])(?=\s)")
_QUOTE = re.compile(r"^ {0,3}(>\s?)+")
_INDENTED_CODE = re.compile(r"^(    |\t)\S")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![*\w])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![*\w])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_LINK = re.compile(r"(!?)\[([^\]\n]*)\](\([^)\n]*\)|\[[^\]\n]*\])")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>\s]+>|\bhttps?://[^\s<>()\]]+")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_HARD_BREAK = re.compile(r"(?<=\S) {2,}$")


@dataclass(frozen=True)
class Palette:
    heading: str
    marker: str
    emphasis: str
    code: str
    code_background: str
    link: str
    url: str
    quote: str
    html: str
    hard_break: str


LIGHT = Palette(
    heading="#1f4e9c",
    marker="#8a8f98",
    emphasis="#6a3d9a",
    code="#a0400a",
    code_background="#f3f1ec",
    link="#0b6e4f",
    url="#5f7f8f",
    quote="#5c6b3c",
    html="#9a3c6a",
    hard_break="#e8dcc2",
)
DARK = Palette(
    heading="#82aaff",
    marker="#7f8794",
    emphasis="#c792ea",
    code="#f0a070",
    code_background="#2b2d33",
    link="#7fdbb6",
    url="#8fa9b8",
    quote="#b5c98a",
    html="#f07fb0",
    hard_break="#4a4030",
)


def fence_state(line: str) -> int | None:
    """The block state a fence line opens, or None if the line is no fence."""
    match = _FENCE.match(line)
    if not match:
        return None
    fence = match.group(1)
    if fence[0] == "`" and "`" in line[match.end() :]:
        return None  # a backtick fence's info string may not contain backticks
    base = _BACKTICK_FENCE_BASE if fence[0] == "`" else _TILDE_FENCE_BASE
    return base + len(fence)


def closes_fence(line: str, state: int) -> bool:
    """True if line is a closing fence for the fence that opened `state`."""
    char = "`" if state < _TILDE_FENCE_BASE else "~"
    length = state - (_BACKTICK_FENCE_BASE if char == "`" else _TILDE_FENCE_BASE)
    match = re.match(rf"^ {{0,3}}({re.escape(char)}{{{length},}})\s*$", line)
    return match is not None


class MarkdownHighlighter(QSyntaxHighlighter):
    """Highlights Markdown in a QTextDocument; call set_dark() when the colour scheme changes."""

    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        super().__init__(document)
        self._formats: dict[str, QTextCharFormat] = {}
        self._dark = dark
        # Spell checking (editor.ui.spelling.SpellingLayer): spans(line) of misspelled words.
        self.spelling = None
        self._build_formats()

    @property
    def dark(self) -> bool:
        return self._dark

    def set_dark(self, dark: bool) -> None:
        if dark == self._dark:
            return
        self._dark = dark
        self._build_formats()
        self.rehighlight()

    def _build_formats(self) -> None:
        colours = DARK if self._dark else LIGHT

        def fmt(colour: str, *, bold=False, italic=False, background: str | None = None):
            f = QTextCharFormat()
            f.setForeground(QColor(colour))
            if bold:
                f.setFontWeight(QFont.Weight.Bold)
            if italic:
                f.setFontItalic(True)
            if background:
                f.setBackground(QColor(background))
            return f

        self._formats = {
            "heading": fmt(colours.heading, bold=True),
            "marker": fmt(colours.marker),
            "strong": fmt(colours.emphasis, bold=True),
            "emphasis": fmt(colours.emphasis, italic=True),
            "strike": fmt(colours.marker),
            "code": fmt(colours.code, background=colours.code_background),
            "fence": fmt(colours.marker, background=colours.code_background),
            "link": fmt(colours.link),
            "url": fmt(colours.url),
            "quote": fmt(colours.quote, italic=True),
            "html": fmt(colours.html),
        }
        self._formats["strike"].setFontStrikeOut(True)
        hard_break = QTextCharFormat()
        hard_break.setBackground(QColor(colours.hard_break))
        self._formats["hard_break"] = hard_break

    def format_for(self, name: str) -> QTextCharFormat:
        return self._formats[name]

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        previous = self.previousBlockState()
        if previous >= _BACKTICK_FENCE_BASE:
            self.setFormat(
                0, len(text), self._formats["fence" if closes_fence(text, previous) else "code"]
            )
            self.setCurrentBlockState(NORMAL_STATE if closes_fence(text, previous) else previous)
            return
        self.setCurrentBlockState(NORMAL_STATE)
        opened = fence_state(text)
        if opened is not None:
            self.setFormat(0, len(text), self._formats["fence"])
            self.setCurrentBlockState(opened)
            return
        self._highlight_line(text)
        if self.spelling is not None:
            self._underline_misspellings(text)

    def _underline_misspellings(self, text: str) -> None:
        for start, length in self.spelling.spans(text):
            fmt = QTextCharFormat(self.format(start))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
            fmt.setUnderlineColor(QColor(SPELLING_UNDERLINE))
            self.setFormat(start, length, fmt)

    def _highlight_line(self, text: str) -> None:
        f = self._formats
        heading = _HEADING.match(text)
        if heading:
            self.setFormat(0, len(text), f["heading"])
            self.setFormat(heading.start(1), len(heading.group(1)), f["marker"])
            return
        if _RULE.match(text) or _SETEXT_UNDERLINE.match(text):
            self.setFormat(0, len(text), f["marker"])
            return
        if _INDENTED_CODE.match(text) and not _LIST_MARKER.match(text):
            self.setFormat(0, len(text), f["code"])
            return
        if _REFERENCE_DEFINITION.match(text):
            self.setFormat(0, len(text), f["url"])
            return
        quote = _QUOTE.match(text)
        if quote:
            self.setFormat(0, len(text), f["quote"])
            self.setFormat(0, quote.end(), f["marker"])
        marker = _LIST_MARKER.match(text)
        if marker:
            self.setFormat(marker.start(1), len(marker.group(1)), f["marker"])
            task = _TASK_BOX.match(text)
            if task:
                self.setFormat(task.start(1), 3, f["marker"])
        self._highlight_inline(text)

    def _highlight_inline(self, text: str) -> None:
        # Each rule runs only when its marker characters occur: a substring test is far
        # cheaper than a regex scan, and this runs for the edited line on every keystroke.
        f = self._formats
        protected: list[tuple[int, int]] = []
        if "`" in text:
            for match in _CODE_SPAN.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), f["code"])
                protected.append(match.span())

        def free(start: int, end: int) -> bool:
            return all(end <= a or start >= b for a, b in protected)

        has_angle = "<" in text
        if has_angle:
            for match in _HTML_TAG.finditer(text):
                if free(*match.span()):
                    self.setFormat(match.start(), match.end() - match.start(), f["html"])
        if "**" in text or "__" in text:
            for match in _STRONG.finditer(text):
                if free(*match.span()):
                    self._mark_wrapped(match, "strong", len(match.group(1)))
        if "*" in text or "_" in text:
            for match in _EMPHASIS.finditer(text):
                if free(*match.span()):
                    self._mark_wrapped(match, "emphasis", 1)
        if "~~" in text:
            for match in _STRIKE.finditer(text):
                if free(*match.span()):
                    self.setFormat(match.start(), match.end() - match.start(), f["strike"])
        if "[" in text:
            for match in _LINK.finditer(text):
                if free(*match.span()):
                    self.setFormat(match.start(), match.end() - match.start(), f["link"])
                    self.setFormat(match.start(3), len(match.group(3)), f["url"])
        if has_angle or "://" in text:
            for match in _AUTOLINK.finditer(text):
                if free(*match.span()):
                    self.setFormat(match.start(), match.end() - match.start(), f["url"])
        if text.endswith("  "):
            trailing = _HARD_BREAK.search(text)
            if trailing:
                self.setFormat(trailing.start(), trailing.end() - trailing.start(), f["hard_break"])

    def _mark_wrapped(self, match: re.Match, name: str, marker_length: int) -> None:
        start, end = match.span()
        self.setFormat(start, end - start, self._formats[name])
        self.setFormat(start, marker_length, self._formats["marker"])
        self.setFormat(end - marker_length, marker_length, self._formats["marker"])

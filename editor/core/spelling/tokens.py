"""The words of a post that are prose, with their offsets: what spell checking looks at.

``prose_words(markdown)`` yields ``(offset, word)`` for a Markdown body (offsets index the
text given, in code points). Everything that is not prose is blanked out first, keeping
every offset: fenced and indented code, code spans, ``<pre>``/``<code>``/``<script>``/
``<style>`` elements, HTML comments, tags and their attributes, shortcodes and template
tags (``{{< … >}}``, ``{{% … %}}``, ``{% … %}``, ``{{ … }}``, ``{# … #}``), URLs,
e-mail addresses, link targets and reference definitions, footnote labels, HTML
entities and attribute lists (``{: .class}``, ``{#id}``). ``plain_words(text)`` does the
same for a one-line or plain-text field (no Markdown block structure).

Of what is left, a word is a run of letters with apostrophes (``'`` or ``’``) allowed
inside. Skipped as not prose: words with digits or underscores, ALL-CAPS words and words
with a capital inside (``iPhone``, ``GitHub``), one-letter words, and words glued to
identifier punctuation (``config.toml``, ``@user``, ``#tag``, ``a/b``, ``key:value``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# --- what is blanked out ------------------------------------------------------------

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s")
_INDENTED = re.compile(r"^(?: {4}|\t)")

_CODE_BLOCK_NAMES = r"highlight|code|codeblock|raw|katex|math|mermaid|chart|gist|src|source"
_BLOCKS = [
    # Paired template tags whose content is code.
    re.compile(rf"\{{%-?\s*({_CODE_BLOCK_NAMES}|comment)\b.*?\{{%-?\s*end\1\b.*?%\}}", re.S),
    re.compile(rf"\{{\{{[<%]\s*({_CODE_BLOCK_NAMES})\b.*?\{{\{{[<%]\s*/\1\s*[>%]\}}\}}", re.S),
    # HTML elements whose content is not prose.
    re.compile(r"<(pre|code|script|style|svg|math|kbd|samp|var)\b[^>]*>.*?</\1\s*>", re.S | re.I),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"\$\$.+?\$\$", re.S),
]
_INLINE = [
    # Code spans (within a paragraph).
    re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S),
    # Shortcodes and template tags.
    re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S),
    # Autolinks, HTML tags with their attributes, entities.
    re.compile(r"<(?:[a-z][a-z0-9+.-]*:|[^\s<>@]+@)[^\s<>]*>", re.I),
    re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>"),
    re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I),
    # URLs, bare domains with a path, e-mail addresses.
    re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\bmailto:)[^\s<>\"'`]*", re.I),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # Link targets: ](target "title"), ][label], reference definitions, footnote labels.
    re.compile(
        r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
    ),
    re.compile(r"(?<=\])\[[^\]\n]*\]"),
    re.compile(r"^ {0,3}\[[^\]\n]+\]:.*$", re.M),
    re.compile(r"\[\^[^\]\n]*\]"),
    # Attribute lists: {: .class}, {#id .class}, {.class}.
    re.compile(r"\{:[^}\n]*\}|\{[#.][\w-][^}\n]*\}"),
]


# The characters each inline pattern needs to match at all, in _INLINE's order.
_INLINE_MARKERS = [
    "`",
    "{",
    "<",
    "<",
    "&",
    (":", "www."),
    "@",
    ("](",),
    ("][",),
    ("]:",),
    ("[^",),
    ("{",),
]
_INLINE_WITH_MARKERS = [
    (pattern, (markers,) if isinstance(markers, str) else markers)
    for pattern, markers in zip(_INLINE, _INLINE_MARKERS, strict=True)
]


def _blank(text: str) -> str:
    """Spaces in place of every character but line breaks (offsets stay put)."""
    if "\n" not in text:
        return " " * len(text)
    return re.sub(r"[^\n]", " ", text)


def _blank_match(match: re.Match) -> str:
    return _blank(match.group())


def _blank_code_blocks(text: str) -> str:
    """Blank fenced code blocks (with their fences) and indented code blocks."""
    if "```" not in text and "~~~" not in text and "    " not in text and "\t" not in text:
        return text
    lines = text.split("\n")
    fence: str | None = None
    previous_blank = True
    in_list = False
    previous_code = False
    for number, line in enumerate(lines):
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
            lines[number] = " " * len(line)
            continue
        opened = _FENCE_OPEN.match(line)
        if opened:
            marker = opened.group(1)
            if not (marker[0] == "`" and "`" in line[opened.end() :]):
                fence = marker
                lines[number] = " " * len(line)
                previous_blank = previous_code = False
                continue
        blank = not line.strip()
        if blank:
            previous_blank = True
            continue
        if _INDENTED.match(line) and not in_list and (previous_blank or previous_code):
            lines[number] = " " * len(line)
            previous_code, previous_blank = True, False
            continue
        if _LIST_ITEM.match(line):
            in_list = True
        elif not _INDENTED.match(line) and previous_blank:
            in_list = False
        previous_code = previous_blank = False
    return "\n".join(lines)


def mask_markdown(text: str) -> str:
    """The text with everything that is not prose replaced by spaces (same length)."""
    text = _blank_code_blocks(text)
    for pattern in _BLOCKS:
        text = pattern.sub(_blank_match, text)
    return _mask_inline(text)


def _mask_inline(text: str) -> str:
    for pattern, markers in _INLINE_WITH_MARKERS:
        # A substring test is far cheaper than a regex scan; the editor runs this for the
        # edited line on every keystroke.
        if any(marker in text for marker in markers):
            text = pattern.sub(_blank_match, text)
    return text


# --- words ----------------------------------------------------------------------------

# A word: letters (and digits, to skip such words whole) with apostrophes inside, not glued
# to identifier punctuation: config.toml, @user, #tag, a/b, key:value, snake_case, name().
_WORD = re.compile(
    r"(?<![./\\@#$%=~^|<>&])(?<!\w[.:_])(?<![^\W_])"
    r"(?>[^\W_]+(?:['’][^\W_]+)*)"
    r"(?![/\\@=^|<>&])(?![.:_]\w)(?!\(\))"
)
_DIGIT = re.compile(r"\d")


def is_checkable(word: str) -> bool:
    """False for words that are not prose: digits, ALL-CAPS, capitals inside (``iPhone``,
    ``McTavish``), one letter."""
    if len(word) < 2:
        return False
    if word.isalpha():  # the usual case, without apostrophes: decided by case alone
        return word.islower() or (word[0].isupper() and word[1:].islower())
    if "_" in word or _DIGIT.search(word):
        return False
    letters = word.replace("'", "").replace("’", "")
    if not letters.isalpha() or letters.isupper():
        return False
    return not any(char.isupper() for char in letters[1:])


def words_of(masked: str) -> Iterator[tuple[int, str]]:
    """(offset, word) for the checkable words of already masked text."""
    for match in _WORD.finditer(masked):
        word = match.group()
        if is_checkable(word):
            yield match.start(), word


_OPENERS = frozenset(" \t*_>#-+`\"'“‘([{|")


def starts_sentence(text: str, offset: int) -> bool:
    """True if the word at offset begins a sentence, a line, a heading or a list item:
    nothing but spaces, quotes, brackets and Markdown markers since a '.', '!', '?' or
    ':' (or the line's start). A capitalised word elsewhere is taken for a name."""
    at = offset - 1
    while at >= 0 and text[at] in _OPENERS:
        at -= 1
    if at < 0 or text[at] == "\n":
        return True
    if text[at] in ".!?:;…":
        return True
    return (
        text[at].isdigit() and at > 0 and text[at - 1] in "\n \t" and text[at + 1 : at + 2] in ".)"
    )


def prose_words(markdown: str) -> Iterator[tuple[int, str]]:
    """(offset, word) for each prose word of a Markdown body."""
    return words_of(mask_markdown(markdown))


def plain_words(text: str) -> Iterator[tuple[int, str]]:
    """(offset, word) for each prose word of a plain-text field (a title, a description):
    URLs, e-mail addresses, tags, shortcodes and code spans are still skipped."""
    return words_of(_mask_inline(text))


def line_words(line: str) -> Iterator[tuple[int, str]]:
    """(offset, word) for one line of a Markdown body outside fenced code, as an editor
    highlights it line by line: an indented line is taken as prose (a list item's
    continuation is far more common in posts than an indented code block)."""
    return words_of(_mask_inline(line))

"""Automatic heading ids, made the way each generator makes them.

- ``github``: github-slugger (Astro, Docusaurus), Hugo's default ``autoHeadingIDType``
  and kramdown's GFM parser: lower case, every space a hyphen, every character that is
  not a letter, digit, ``_`` or ``-`` dropped.  Repeats get ``-1``, ``-2``...
- ``kramdown``: kramdown's own parser: leading non-letters dropped, only ASCII letters,
  digits, spaces and hyphens kept, ``section`` when nothing is left.
- ``zola``: Zola's slugify: transliterated to ASCII, runs of anything else one hyphen
  (typographic punctuation separates words, as deunicode makes it ASCII punctuation).
"""

from __future__ import annotations

import re
import unicodedata

from editor.core.site.dialect import GITHUB_IDS, KRAMDOWN_IDS, ZOLA_IDS


def _github(text: str) -> str:
    out = []
    for char in text.lower():
        if char in " -":
            out.append("-")
        elif char == "_" or unicodedata.category(char)[0] in "LNM":
            out.append(char)
    return "".join(out)


def _kramdown(text: str) -> str:
    text = re.sub(r"^[^a-zA-Z]+", "", text)
    text = re.sub(r"[^a-zA-Z0-9 -]", "", text).replace(" ", "-").lower()
    return text or "section"


def _zola(text: str) -> str:
    # deunicode, which Zola's slug crate uses, turns punctuation and symbols into ASCII
    # ones (a curly apostrophe into ', a dash into --): they separate words.  Accents
    # go; letters with no ASCII form go too (deunicode would transliterate them).
    ascii_text = "".join(
        char if char.isascii() else ("" if unicodedata.category(char)[0] in "LMN" else " ")
        for char in unicodedata.normalize("NFKD", text)
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


SLUGIFIERS = {GITHUB_IDS: _github, KRAMDOWN_IDS: _kramdown, ZOLA_IDS: _zola}


def slugify(text: str, style: str) -> str:
    return SLUGIFIERS[style](text)


def unique_id(base: str, used: set[str], counters: dict[str, int]) -> str:
    """`base`, or ``base-1``, ``base-2``... the first not in `used` (which it joins)."""
    candidate = base
    while candidate in used:
        counters[base] = counters.get(base, 0) + 1
        candidate = f"{base}-{counters[base]}"
    used.add(candidate)
    return candidate

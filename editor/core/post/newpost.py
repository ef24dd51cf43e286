"""New posts shaped like an existing one: their file name and their empty fields.

A new post copies the current post's keys with empty values, keeps the keys
that choose a layout, takes the date "now" in the field's own format, and is
named after the date and a slug of its title when the folder's posts are.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from editor.core.post.model import Post
from editor.core.values import dates

_DATE_PREFIXED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-.+$")
# Keys that name how the site renders a post rather than what it says; a new post keeps them.
LAYOUT_KEYS = frozenset({"layout", "extends", "section", "type", "template", "collection"})
POST_SUFFIXES = (".md", ".markdown", ".mdx", ".mkd")


def slugify(title: str, max_length: int = 60) -> str:
    """A lowercase ASCII file-name slug: 'Café & Crème!' -> 'cafe-creme'."""
    import unicodedata

    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(text) > max_length:
        text = text[:max_length].rsplit("-", 1)[0] or text[:max_length]
    return text or "untitled"


def new_post_file_name(
    folder: Path, title: str, when: datetime, default_suffix: str = ".md"
) -> str:
    """A file name for a new post that follows the folder's naming and is not taken yet.

    Date-prefixed ('2020-09-30-my-title.md') when most sibling posts are named
    that way; the suffix is the one most siblings use.
    """
    siblings = [p for p in _list_dir(folder) if p.suffix.lower() in POST_SUFFIXES]
    dated = sum(1 for p in siblings if _DATE_PREFIXED_NAME.match(p.stem))
    suffix = default_suffix
    if siblings:
        suffixes = [p.suffix for p in siblings]
        suffix = max(set(suffixes), key=suffixes.count)
    stem = slugify(title)
    if siblings and dated * 2 > len(siblings):
        stem = f"{when:%Y-%m-%d}-{stem}"
    name = stem + suffix
    counter = 2
    while (folder / name).exists():
        name = f"{stem}-{counter}{suffix}"
        counter += 1
    return name


def _list_dir(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.is_file()]
    except OSError:
        return []


def empty_value_like(value):
    """An empty value of the same kind, for a new post's copy of an existing key."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return type(value)(0)
    if isinstance(value, list | tuple):
        return []
    if isinstance(value, dict):
        return {}
    if value is None:
        return None
    return ""


def new_value(source: Post, key: str, value, title: str, now: datetime):
    """The value a new post gets for ``key``, copied in shape from ``source``."""
    if key.lower() == "title":
        return title
    if key.lower() in LAYOUT_KEYS:
        return value
    if isinstance(value, datetime):
        return (
            now.replace(microsecond=0) if value.tzinfo else now.replace(microsecond=0, tzinfo=None)
        )
    if isinstance(value, date):
        return now.date()
    fmt = source.date_format(key)
    if fmt and isinstance(value, str):
        return dates.format(now, fmt)
    return empty_value_like(value)

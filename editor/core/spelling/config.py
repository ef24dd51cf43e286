"""Which language a post is checked in, what the site says about spelling, and the word
lists: the site's personal dictionary, the user-wide one and the site's vocabulary.

Language, first found wins (``choose_language``):

1. the post's own ``lang``, ``language`` or ``locale`` field;
2. the site: ``masthead.toml``'s ``[spelling] language``, then Hugo's ``languageCode``
   (``hugo.toml``/``config.toml``/``.yaml``/``.json``, also under ``config/_default``),
   then Jekyll's ``lang`` (``_config.yml``);
3. the system locale.

``masthead.toml`` may hold::

    [spelling]
    language = "en_GB"          # the site's language (a post's own field still wins)
    off = false                 # true: no spell checking for this site
    words = ["Masthead", "frontmatter"]   # extra known words
    fields = ["title", "description"]     # front-matter fields checked (default below)

The personal dictionary is ``.masthead/words.txt`` at the site root: plain text, one
word a line, sorted, so a team can commit it. The user-wide list is ``words.txt`` in the
user's config folder; Masthead's own list of software words (``api``, ``config``,
``webhook``) is accepted too. A lowercase entry accepts the word in any case; an entry with
capitals only as written (and in ALL CAPS).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.core.platform import userdirs
from editor.core.platform.atomic import atomic_write
from editor.core.site.config_files import SITE_SETTINGS_FILE, read_data, site_settings
from editor.core.spelling.engine import normalize_tag, system_language
from editor.core.spelling.tokens import plain_words

log = logging.getLogger(__name__)

PERSONAL_DICTIONARY = os.path.join(".masthead", "words.txt")
USER_DICTIONARY_NAME = "words.txt"
BUILTIN_WORDS = "spelling-words.txt"
POST_LANGUAGE_KEYS = ("lang", "language", "locale")
# Front-matter fields whose values are prose (checked by default).
PROSE_FIELDS = (
    "title",
    "subtitle",
    "description",
    "summary",
    "excerpt",
    "abstract",
    "lead",
    "teaser",
    "caption",
    "headline",
    "tagline",
    "intro",
    "seo_title",
    "seo_description",
    "meta_description",
    "og_title",
    "og_description",
    "linktitle",
    "alt",
)
# Fields whose values are the site's own vocabulary (names and terms accepted as words).
VOCABULARY_FIELDS = (
    "tags",
    "categories",
    "category",
    "keywords",
    "series",
    "topics",
    "author",
    "authors",
    "contributors",
    "editor",
    "editors",
    "people",
    "projects",
)
_HUGO_CONFIGS = (
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
    "config/_default/hugo.toml",
    "config/_default/config.toml",
    "config/_default/hugo.yaml",
    "config/_default/config.yaml",
)


@dataclass
class SpellingConfig:
    """The ``[spelling]`` section of masthead.toml (defaults when absent)."""

    language: str | None = None
    off: bool = False
    words: list[str] = field(default_factory=list)
    fields: tuple[str, ...] = PROSE_FIELDS
    errors: list[str] = field(default_factory=list)


def read_spelling_config(root: str | os.PathLike[str] | None) -> SpellingConfig:
    """The site's ``[spelling]`` settings; problems are logged and collected, never raised."""
    config = SpellingConfig()
    if root is None:
        return config
    section = site_settings(root).get("spelling")  # the schema check reports a broken file
    if section is None:
        return config
    if not isinstance(section, dict):
        config.errors.append("[spelling] must be a table")
        return config
    for key in section.keys() - {"language", "off", "words", "fields"}:
        config.errors.append(f"[spelling] has an unknown key '{key}'")
    language = section.get("language")
    if language is not None:
        config.language = normalize_tag(language)
        if config.language is None:
            config.errors.append(f"[spelling] language '{language}' is not a language tag")
    off = section.get("off", False)
    if isinstance(off, bool):
        config.off = off
    else:
        config.errors.append("[spelling] off must be true or false")
    words = section.get("words", [])
    if isinstance(words, list) and all(isinstance(w, str) for w in words):
        config.words = list(words)
    else:
        config.errors.append("[spelling] words must be a list of strings")
    fields = section.get("fields")
    if fields is not None:
        if isinstance(fields, list) and all(isinstance(f, str) for f in fields):
            config.fields = tuple(fields)
        else:
            config.errors.append("[spelling] fields must be a list of field names")
    for error in config.errors:
        log.warning("%s: %s", Path(root) / SITE_SETTINGS_FILE, error)
    return config


# --- language ---------------------------------------------------------------------------


def post_language(metadata: Mapping[str, Any] | None) -> str | None:
    """The language a post's own front matter names, if any."""
    for key in POST_LANGUAGE_KEYS:
        value = (metadata or {}).get(key)
        tag = normalize_tag(value) if isinstance(value, str) else None
        if tag:
            return tag
    return None


def _load_config_file(path: Path) -> dict:
    return dict(read_data(path))


def site_language(
    root: str | os.PathLike[str] | None, config: SpellingConfig | None = None
) -> tuple[str | None, str]:
    """(language, where it came from) as the site's config says, or (None, '')."""
    if root is None:
        return None, ""
    root = Path(root)
    config = config if config is not None else read_spelling_config(root)
    if config.language:
        return config.language, SITE_SETTINGS_FILE
    for name in _HUGO_CONFIGS:
        path = root / name
        if path.is_file():
            data = _load_config_file(path)
            for key in ("languageCode", "languagecode", "defaultContentLanguage"):
                tag = normalize_tag(data.get(key)) if isinstance(data.get(key), str) else None
                if tag:
                    return tag, name
    jekyll = root / "_config.yml"
    if jekyll.is_file():
        data = _load_config_file(jekyll)
        for key in ("lang", "locale", "language"):
            tag = normalize_tag(data.get(key)) if isinstance(data.get(key), str) else None
            if tag:
                return tag, "_config.yml"
    return None, ""


def choose_language(
    metadata: Mapping[str, Any] | None,
    root: str | os.PathLike[str] | None,
    config: SpellingConfig | None = None,
) -> tuple[str, str]:
    """(language tag, source) for a post: 'post', a site config file name, or 'system'."""
    tag = post_language(metadata)
    if tag:
        return tag, "post"
    tag, source = site_language(root, config)
    if tag:
        return tag, source
    return system_language() or "en_US", "system"


# --- word lists ---------------------------------------------------------------------------


def personal_dictionary_path(root: str | os.PathLike[str]) -> Path:
    return Path(root) / PERSONAL_DICTIONARY


def user_dictionary_path() -> Path:
    return userdirs.config_dir() / USER_DICTIONARY_NAME


_READ_WORDS: dict[str, tuple[tuple[int, int, int], list[str]]] = {}
_READ_WORDS_LIMIT = 64  # word list files remembered (a site's, the user's, the built-in)


def read_words(path: str | os.PathLike[str]) -> list[str]:
    """The words of a word list file (one a line; blank lines and '#' comments skipped).

    A file read before and not changed since (same size, modification time and inode)
    is not read again: the window asks for the lists each time a post opens."""
    key = os.fspath(path)
    try:
        info = os.stat(key)
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
        remembered = _READ_WORDS.get(key)
        if remembered is not None and remembered[0] == stamp:
            return list(remembered[1])
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("spelling: cannot read the word list %s: %s", path, exc)
        return []
    words = [
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]
    if len(_READ_WORDS) >= _READ_WORDS_LIMIT:
        _READ_WORDS.clear()
    _READ_WORDS[key] = (stamp, words)
    return list(words)


def _sort_key(word: str) -> tuple[str, str]:
    return (word.casefold(), word)


def add_word(path: str | os.PathLike[str], word: str) -> bool:
    """Add a word to a word list file, kept sorted, one a line (created with its folder when
    missing); False if it was there already. Comment lines stay at the top."""
    word = word.strip().replace("’", "'")
    if not word or any(c.isspace() for c in word):
        raise ValueError(f"not a single word: {word!r}")
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        lines = []
    comments = [line for line in lines if line.startswith("#")]
    words = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    if word in words:
        return False
    words.add(word)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join([*comments, *sorted(words, key=_sort_key)]) + "\n"
    atomic_write(path, text.encode("utf-8"))
    return True


def vocabulary_words(
    metadatas: Iterable[Mapping[str, Any]], keys: Iterable[str] = VOCABULARY_FIELDS
) -> set[str]:
    """The words of the site's own vocabulary: tags, categories, authors and the like."""
    keys = tuple(keys)
    words: set[str] = set()
    seen: set[str] = set()
    for metadata in metadatas:
        for key in keys:
            value = metadata.get(key)
            if value is None:
                continue
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, dict):
                    item = item.get("name") or item.get("title")
                if not isinstance(item, str) or item in seen:
                    continue
                seen.add(item)
                for part in item.replace("-", " ").replace("_", " ").split():
                    if part.isalpha() or "'" in part:
                        words.add(part)
                words.update(word for _, word in plain_words(item))
    return words


def builtin_words() -> list[str]:
    """Masthead's own list of the web's and software's words (``resources/spelling-words.txt``)."""
    from editor.core.platform.resources import resource_path

    return read_words(resource_path(BUILTIN_WORDS))


def known_words(
    root: str | os.PathLike[str] | None, config: SpellingConfig | None = None
) -> list[str]:
    """Masthead's built-in list, the user-wide list, the site's personal dictionary and
    masthead.toml's extra words."""
    words = builtin_words() + read_words(user_dictionary_path())
    if root is not None:
        words += read_words(personal_dictionary_path(root))
        config = config if config is not None else read_spelling_config(root)
        words += config.words
    return words

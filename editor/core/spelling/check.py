"""Spell checking posts and whole sites, with the same rules as the editor.

``check_post(data, record, speller, fields)`` finds the misspellings of one post file:
its body's prose (``tokens.prose_words``) and the prose fields of its front matter
(title, description, … never the keys), each with its line and column in the file.

``check_site(root, records, …)`` checks the posts of a site in worker processes (as the
index parses them, ``workers``), reusing the results cached per file (its size and
mtime) while the dictionary, the known words and the settings are the same. Two rules
keep a site's own jargon quiet: a word flagged in ``SITE_JARGON_POSTS`` posts or more,
or ``POST_JARGON_USES`` times in one post, is taken as deliberate (``kubectl``, a
site's jargon; a typo made as often goes unreported, the editor still underlines it); a capitalised
word flagged twice (in a post, or in two posts) is taken for a name. A paragraph, line or
field with ``FOREIGN_SHARE`` of its words flagged (or with *lorem ipsum*) is in another language
and not reported. A word found in one of the post's URLs or link targets is a handle or a
project's name (``github.com/dtolnay``); a capitalised word inside a sentence is a name.

``spelling_problems(paths)`` is ``masthead check --spelling``: ``Problem``s with code
``spelling``, printed as ``path:line:col: warning: 'wrod' may be misspelled (word, world)
[spelling]``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.core.site.records import PostRecord, parse_post_bytes
from editor.core.spelling.config import (
    SpellingConfig,
    choose_language,
    known_words,
    read_spelling_config,
    site_language,
    vocabulary_words,
)
from editor.core.spelling.engine import Speller, open_speller
from editor.core.spelling.tokens import (
    _WORD,
    is_checkable,
    mask_markdown,
    plain_words,
    starts_sentence,
    words_of,
)

log = logging.getLogger(__name__)

CACHE_VERSION = 10  # bump when the rules change: cached findings are dropped
SUGGESTIONS_SHOWN = 3
SITE_JARGON_POSTS = 3  # flagged in this many posts of a site: the site's own word
POST_JARGON_USES = 3  # flagged this many times in one post: meant
POST_NAME_USES = 2  # a capitalised word flagged this many times in one post: a name
SITE_NAME_POSTS = 2  # ... or in this many posts of a site
FOREIGN_MIN_WORDS = 6  # a paragraph, line (or field) of at least this many words ...
FOREIGN_SHARE = 0.4  # ... this share of them flagged is in another language: skipped
FOREIGN_FIELD_SHARE = 0.6  # (a field: this share; a title's words are few and often names)
MIN_FILES_FOR_WORKERS = 200


@dataclass(frozen=True, slots=True)
class Misspelling:
    line: int  # 1-based, in the file
    column: int  # 1-based, in characters
    word: str
    field: str | None  # the front-matter field, None for the body
    suggestions: tuple[str, ...]


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    at = find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = find("\n", at + 1)
    return starts


def _field_words(record: PostRecord, name: str, lines: list[str]) -> list[tuple[int, int, str]]:
    """(line, column, word) of a prose field's words, found in the front matter's lines."""
    value = record.metadata.get(name)
    values = [value] if isinstance(value, str) else []
    if isinstance(value, list):
        values = [item for item in value if isinstance(item, str)]
    first = record.key_lines.get(name)
    if not values or first is None:
        return []
    last = max(first, record.body_line - 1)
    found = []
    line_at, column_at = first - 1, 0
    key_end = lines[line_at].find(name) if line_at < len(lines) else -1
    if key_end >= 0:
        column_at = key_end + len(name)
    for item in values:
        for _, word in plain_words(item):
            pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
            where = None
            for number in range(line_at, min(last, len(lines))):
                match = pattern.search(lines[number], column_at if number == line_at else 0)
                if match:
                    where = (number, match.start())
                    break
            if where is None:  # escaped or folded beyond recognition: report the key's line
                found.append((first, 1, word))
                continue
            line_at, column_at = where[0], where[1] + len(word)
            found.append((where[0] + 1, where[1] + 1, word))
    return found


def post_words(
    data: bytes | str, record: PostRecord, fields: Sequence[str]
) -> list[tuple[int, int, str, Any]]:
    """(line, column, word, where) of every prose word of a post file; where is the field's
    name, or the number of the body's paragraph."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    words: list[tuple[int, int, str, Any]] = []
    for name in fields:
        if name in record.metadata:
            words += [
                (line, col, word, name) for line, col, word in _field_words(record, name, lines)
            ]
    body_line = max(1, record.body_line) if record.format else 1
    masked = mask_markdown("\n".join(lines[body_line - 1 :]))
    paragraph = 0
    previous_blank = False
    body_lines = lines[body_line - 1 :]
    for number, (line, original) in enumerate(
        zip(masked.split("\n"), body_lines, strict=False), start=body_line
    ):
        if not line.strip():
            # Code and other blanked text do not end a paragraph; blank lines of the post do.
            if not original.strip() and not previous_blank:
                paragraph += 1
                previous_blank = True
            continue
        previous_blank = False
        original = body_lines[number - body_line]
        words += [
            (number, offset + 1, word, paragraph)
            for offset, word in words_of(line)
            if not _is_name(word) or starts_sentence(original, offset)
        ]
    return words


def _is_name(word: str) -> bool:
    return word[:1].isupper()


def check_post(
    data: bytes | str, record: PostRecord, speller: Speller, fields: Sequence[str]
) -> list[Misspelling]:
    """The misspellings of one post (see the module docstring), in file order.

    The same words as ``post_words``, counted without their places: only the lines with a
    misspelled word are gone through again for the columns."""
    if not speller.ok or record.error is not None:
        return []
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    misspelled = speller.misspelled
    totals: Counter = Counter()  # words per part: a field's name or a paragraph's number
    line_totals: Counter = Counter()
    flagged: list[tuple[int, int, str, Any]] = []
    foreign: set[Any] = set()
    for name in fields:
        if name not in record.metadata:
            continue
        for line, col, word in _field_words(record, name, lines):
            totals[name] += 1
            if misspelled(word):
                flagged.append((line, col, word, name))
        value = record.metadata[name]
        if isinstance(value, str) and "lorem ipsum" in value.lower():
            foreign.add(name)
    body_line = max(1, record.body_line) if record.format else 1
    body_lines = lines[body_line - 1 :]
    masked = mask_markdown("\n".join(body_lines)).split("\n")
    paragraph = 0
    previous_blank = False
    checkable = is_checkable
    for index, (line, original) in enumerate(zip(masked, body_lines, strict=False)):
        if not line.strip():
            # Code and other blanked text do not end a paragraph; blank lines of the post do.
            if not original.strip() and not previous_blank:
                paragraph += 1
                previous_blank = True
            continue
        previous_blank = False
        words = [word for word in _WORD.findall(line) if checkable(word)]
        totals[paragraph] += len(words)
        number = body_line + index
        line_totals[number] = len(words)
        bad = {word for word in words if misspelled(word)}
        if "lorem" in line.lower() and "lorem ipsum" in " ".join(words).lower():
            foreign.add(paragraph)
        if bad:
            flagged += [
                (number, offset + 1, word, paragraph)
                for offset, word in words_of(line)
                if word in bad and (not _is_name(word) or starts_sentence(original, offset))
            ]
    per_part = Counter(where for _, _, _, where in flagged)
    foreign |= {
        where
        for where, n in per_part.items()
        if totals[where] >= FOREIGN_MIN_WORDS
        and n >= (FOREIGN_FIELD_SHARE if isinstance(where, str) else FOREIGN_SHARE) * totals[where]
    }
    per_line = Counter(line for line, _, _, where in flagged if not isinstance(where, str))
    foreign_lines = {
        line
        for line, n in per_line.items()
        if line_totals[line] >= FOREIGN_MIN_WORDS and n >= FOREIGN_SHARE * line_totals[line]
    }
    uses = Counter(word for _, _, word, _ in flagged)
    in_links = _link_words(text) if flagged else set()
    found = []
    for line, col, word, where in sorted(flagged, key=lambda item: (item[0], item[1])):
        if where in foreign or (line in foreign_lines and not isinstance(where, str)):
            continue
        if _is_name(word) and uses[word] >= POST_NAME_USES:
            continue
        if uses[word] >= POST_JARGON_USES:
            continue
        if len(word) >= 4 and word.lower() in in_links:
            continue  # a handle or project name that the post links to (github.com/name)
        field = where if isinstance(where, str) else None
        suggestions = tuple(speller.quick_suggest(word, SUGGESTIONS_SHOWN))
        found.append(Misspelling(line, col, word, field, suggestions))
    return found


_NOT_LETTERS = re.compile(r"[\W\d_]+")
_LINK_TARGET = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+|\]\(([^)\s]+)|\]:\s*(\S+)", re.I)


def _link_words(data: bytes | str) -> set[str]:
    """The words of the post's URLs and link targets, lowercased (``github.com/dtolnay``:
    github, com, dtolnay)."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    joined = " ".join(m.group() for m in _LINK_TARGET.finditer(text)).lower()
    return set(_NOT_LETTERS.split(joined))


# --- a site -----------------------------------------------------------------------------


@dataclass
class SiteSpelling:
    """What the posts of one site are checked against."""

    root: str | None
    language: str  # the site's language (a post's own field may differ)
    config: SpellingConfig
    known: list[str]  # personal, user-wide and masthead.toml words, and the vocabulary

    @classmethod
    def for_site(
        cls, root: str | os.PathLike[str] | None, records: Iterable[PostRecord] = ()
    ) -> SiteSpelling:
        config = read_spelling_config(root)
        language = choose_language(None, root, config)[0]
        vocabulary = vocabulary_words(r.metadata for r in records if r.error is None)
        known = sorted(set(known_words(root, config)) | vocabulary)
        return cls(None if root is None else os.fspath(root), language, config, known)

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        digest.update(
            json.dumps(
                [CACHE_VERSION, self.language, self.known, list(self.config.fields)]
            ).encode()
        )
        return digest.hexdigest()

    def speller_for(self, metadata: dict[str, Any] | None) -> Speller:
        language = (
            choose_language(metadata, None)[0] if _has_own_language(metadata) else self.language
        )
        speller = open_speller(language)
        if getattr(speller, "_site_known", None) != self.fingerprint():
            speller.add_known(self.known)
            speller._site_known = self.fingerprint()
        return speller

    def check_file(self, path: str, rel: str) -> tuple[int, int, list[Misspelling]]:
        """(size, mtime_ns, misspellings) of one post file."""
        try:
            with open(path, "rb") as handle:
                st = os.fstat(handle.fileno())
                data = handle.read()
        except OSError as exc:
            log.info("spelling: cannot read %s: %s", path, exc)
            return -1, -1, []
        record = parse_post_bytes(path, rel, data, st.st_size, st.st_mtime_ns)
        if record.error is not None:
            return st.st_size, st.st_mtime_ns, []
        speller = self.speller_for(record.metadata)
        return st.st_size, st.st_mtime_ns, check_post(data, record, speller, self.config.fields)


def _has_own_language(metadata: dict[str, Any] | None) -> bool:
    from editor.core.spelling.config import post_language

    return post_language(metadata) is not None


def _check_share(connection, items: list[tuple[str, str]], site: SiteSpelling, step: int) -> None:
    """Worker task: check_file of each (path, rel), every step files a list, then None."""
    for start in range(0, len(items), step):
        connection.send([site.check_file(path, rel) for path, rel in items[start : start + step]])
    connection.send(None)


def _check_in_processes(site: SiteSpelling, items: list[tuple[str, str]], workers: int):
    from editor.core.platform.workers import map_in_workers

    return map_in_workers(_check_share, items, workers, site, 50, name="a spelling worker")


def _cache_path(root: str, cache_dir: str | os.PathLike[str] | None) -> Path:
    from editor.core.site.cache import site_cache_folder

    return site_cache_folder(root, cache_dir) / "spelling.json"


def _load_cache(path: Path, fingerprint: str) -> dict[str, list]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.info("spelling: ignoring the unreadable cache %s: %s", path, exc)
        return {}
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _save_cache(path: Path, fingerprint: str, files: dict[str, list]) -> None:
    from editor.core.platform.atomic import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"fingerprint": fingerprint, "files": files}, ensure_ascii=False)
        atomic_write(path, payload.encode("utf-8"))
    except OSError as exc:
        log.warning("spelling: cannot write the cache %s: %s", path, exc)


def check_site(
    root: str | os.PathLike[str] | None,
    records: Sequence[PostRecord],
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    workers: int | None = None,
    site: SiteSpelling | None = None,
) -> dict[str, list[Misspelling]]:
    """Misspellings per post path for the records of a site (see the module docstring).
    Empty when spelling is off for the site."""
    site = site if site is not None else SiteSpelling.for_site(root, records)
    if site.config.off or not records:
        return {}
    results, _cached = checked_files(
        site, records, cache_dir=cache_dir, use_cache=use_cache, workers=workers
    )
    return _drop_site_jargon(results, site)


def checked_files(
    site: SiteSpelling,
    records: Sequence[PostRecord],
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    workers: int | None = None,
) -> tuple[dict[str, list[Misspelling]], dict[str, list]]:
    """(misspellings per post path before the site's jargon is dropped, the cache's
    entries by relative path): each post read from the cache when it is unchanged there,
    else checked (and the cache written)."""
    fingerprint = site.fingerprint()
    cache_file = _cache_path(site.root, cache_dir) if use_cache and site.root else None
    cached = _load_cache(cache_file, fingerprint) if cache_file else {}
    results: dict[str, list[Misspelling]] = {}
    stale: list[tuple[str, str]] = []
    for record in records:
        entry = cached.get(record.rel)
        if entry and entry[0] == record.size and entry[1] == record.mtime_ns:
            results[record.path] = [
                Misspelling(item[0], item[1], item[2], item[3], tuple(item[4])) for item in entry[2]
            ]
        else:
            stale.append((record.path, record.rel))
    if stale:
        if workers is None:
            workers = min(2, os.cpu_count() or 1)
        outcomes = None
        if workers > 1 and len(stale) >= MIN_FILES_FOR_WORKERS:
            try:
                outcomes = _check_in_processes(site, stale, workers)
            except (RuntimeError, OSError, EOFError) as exc:
                log.warning("spelling: the workers failed (%s); checking here instead", exc)
        if outcomes is None:
            outcomes = [site.check_file(path, rel) for path, rel in stale]
        for (path, rel), (size, mtime, found) in zip(stale, outcomes, strict=True):
            results[path] = found
            if size >= 0:
                cached[rel] = cache_entry(size, mtime, found)
    if cache_file is not None and stale:
        keep = {record.rel for record in records}
        cached = {rel: v for rel, v in cached.items() if rel in keep}
        _save_cache(cache_file, fingerprint, cached)
    return results, cached


def cache_entry(size: int, mtime_ns: int, found: list[Misspelling]) -> list:
    """What the spelling cache keeps of one file."""
    return [
        size,
        mtime_ns,
        [[m.line, m.column, m.word, m.field, list(m.suggestions)] for m in found],
    ]


def _drop_site_jargon(
    results: dict[str, list[Misspelling]], site: SiteSpelling
) -> dict[str, list[Misspelling]]:
    posts_with: dict[str, int] = defaultdict(int)
    for found in results.values():
        for word in {m.word for m in found}:
            posts_with[word] += 1
    jargon = site_jargon(posts_with)
    return {path: [m for m in found if m.word not in jargon] for path, found in results.items()}


def site_jargon(posts_with: Mapping[str, int]) -> set[str]:
    """The words flagged in enough posts (word -> posts) to be the site's own."""
    names = {word for word, n in posts_with.items() if n >= SITE_NAME_POSTS and _is_name(word)}
    jargon = {word for word, n in posts_with.items() if n >= SITE_JARGON_POSTS} - names
    jargon |= names
    return jargon


# --- masthead check --spelling ------------------------------------------------------------


def misspelling_message(word: str, suggestions: Sequence[str]) -> str:
    shown = f" ({', '.join(suggestions)})" if suggestions else ""
    return f"'{word}' may be misspelled{shown}"


def to_problems(results: dict[str, list[Misspelling]]) -> list:
    from editor.core.site.checks import Problem

    problems = [
        Problem(
            path,
            m.line,
            "warning",
            "spelling",
            misspelling_message(m.word, m.suggestions),
            m.field,
            m.column,
        )
        for path, found in results.items()
        for m in found
    ]
    problems.sort(key=lambda p: (p.path, p.line or 0, p.column or 0))
    return problems


def spelling_problems(
    paths: Iterable[str | os.PathLike[str]],
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
) -> tuple[list, list[str]]:
    """(Problems, notes) for ``masthead check --spelling PATH...``: a folder is checked as a
    site; a file with its site's settings and vocabulary. Notes say when spelling is off."""
    from editor.core.site.checks import Problem
    from editor.core.site.index import SiteIndex
    from editor.core.site.layout import find_site_root
    from editor.core.site.records import parse_post_file

    problems: list = []
    notes: list[str] = []
    wanted_by_root: dict[Path, set[str] | None] = {}
    lone: list[Path] = []
    for raw in paths:
        path = Path(os.path.abspath(os.fspath(raw)))
        if path.is_dir():
            wanted_by_root[path] = None
        elif path.is_file():
            root = find_site_root(path)
            if root is None:
                lone.append(path)
                continue
            current = wanted_by_root.setdefault(root, set())
            if current is not None:
                current.add(str(path))
        else:
            problems.append(
                Problem(str(path), None, "error", "parse-error", "no such file or folder")
            )
    for root, wanted in wanted_by_root.items():
        index = SiteIndex(root, cache_dir=cache_dir)
        index.scan()
        for path in wanted or ():
            if index.get(path) is None:
                index.update([path])
        site = SiteSpelling.for_site(root, index.records)
        records = [r for r in index.records if wanted is None or r.path in wanted]
        if site.config.off:
            notes.append(f"{root}: spelling is off in masthead.toml")
            continue
        _note_if_off(site, notes)
        problems += to_problems(
            check_site(root, records, cache_dir=cache_dir, use_cache=use_cache, site=site)
        )
    for path in lone:
        record = parse_post_file(str(path), path.name)
        site = SiteSpelling.for_site(None, [record])
        _note_if_off(site, notes)
        problems += to_problems(check_site(None, [record], use_cache=False, site=site))
    problems.sort(key=lambda p: (p.path, p.line or 0, p.column or 0))
    return problems, notes


def site_spelling_problems(
    records: Sequence[PostRecord],
    root: str | os.PathLike[str] | None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> list:
    """Spelling problems of a site's records for the Problems panel; none (logged) when
    spelling is off or the check fails, so the other checks still show."""
    try:
        site = SiteSpelling.for_site(root, records)
        if site.config.off:
            return []
        notes: list[str] = []
        _note_if_off(site, notes)
        for note in notes:
            log.info("spelling: %s", note)
        return to_problems(
            check_site(
                root, [r for r in records if r.error is None], cache_dir=cache_dir, site=site
            )
        )
    except Exception:  # a failing spell check must not hide the site's other problems
        log.exception("spelling: the site check failed")
        return []


def _note_if_off(site: SiteSpelling, notes: list[str]) -> None:
    speller = open_speller(site.language)
    if not speller.ok and speller.note not in notes:
        notes.append(speller.note)


__all__ = [
    "Misspelling",
    "SiteSpelling",
    "check_post",
    "check_site",
    "post_words",
    "site_language",
    "spelling_problems",
]

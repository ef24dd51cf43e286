"""A site's spelling problems, kept between runs so a save re-checks the saved post.

``check.site_spelling_problems`` reads the whole spelling cache, gathers the site's
vocabulary from every post and counts the site's jargon over every post's findings on
each run: a second or so of Python in a 10,000-post site, after every save.
``SpellingMemo.problems`` gives the same problems from what it kept of the last run:
the vocabulary's words counted per post, each post's misspellings and the cache's
entries. Only the posts whose records changed (the index replaces a changed file's
record) are checked again, and the cache is written with them; when what the posts are
checked against changes (the language, the known words, the vocabulary, the fields
checked: ``SiteSpelling.fingerprint``), every post is taken from the cache or checked
again, as without a memo. The workspace keeps one per open site. Pure Python.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import Counter
from collections.abc import Sequence
from typing import Any

from editor.core.site.records import PostRecord
from editor.core.spelling.check import (
    Misspelling,
    SiteSpelling,
    _cache_path,
    _note_if_off,
    _save_cache,
    cache_entry,
    checked_files,
    site_jargon,
    to_problems,
)
from editor.core.spelling.config import (
    choose_language,
    known_words,
    read_spelling_config,
    vocabulary_words,
)

log = logging.getLogger(__name__)


class SpellingMemo:
    """The spelling problems of one site, worked out again for the changed posts only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._records: dict[str, PostRecord] = {}  # path -> the record last checked
        self._words: dict[str, tuple[str, ...]] = {}  # path -> the post's vocabulary words
        self._vocabulary: Counter[str] = Counter()  # word -> posts that have it
        self._against: tuple[Any, ...] | None = None  # what the site was made from
        self._site: SiteSpelling | None = None
        self._results: dict[str, list[Misspelling]] = {}  # path -> misspellings
        self._posts_with: Counter[str] = Counter()  # misspelled word -> posts
        self._cached: dict[str, list] = {}  # the cache's entries by relative path

    def problems(
        self,
        records: Sequence[PostRecord],
        root: str | os.PathLike[str] | None,
        cache_dir: str | os.PathLike[str] | None = None,
    ) -> list:
        """``site_spelling_problems(records, root, cache_dir)``, from what the last run
        found for the posts that did not change."""
        with self._lock:
            try:
                return self._problems(records, root, cache_dir)
            except Exception:  # a failing spell check must not hide the other problems
                log.exception("spelling: the site check failed")
                self._reset()
                return []

    def _problems(
        self,
        records: Sequence[PostRecord],
        root: str | os.PathLike[str] | None,
        cache_dir: str | os.PathLike[str] | None,
    ) -> list:
        config = read_spelling_config(root)
        if config.off:
            self._reset()
            return []
        ok = [r for r in records if r.error is None]
        changed, gone = self._changes(ok)
        for old in gone:
            _count(self._vocabulary, self._words.pop(old.path, ()), -1)
        for record in changed:
            _count(self._vocabulary, self._words.pop(record.path, ()), -1)
            # A tuple of text: no container the garbage collector walks (one per post).
            words = self._words[record.path] = tuple(vocabulary_words([record.metadata]))
            _count(self._vocabulary, words, 1)
        site = self._site_for(root, config)
        notes: list[str] = []
        _note_if_off(site, notes)
        for note in notes:
            log.info("spelling: %s", note)
        if not ok:
            self._set_results({})
            return []
        if site is not self._site:
            self._site = site
            results, cached = checked_files(site, ok, cache_dir=cache_dir)
            keep = {r.rel for r in ok}
            self._cached = {rel: entry for rel, entry in cached.items() if rel in keep}
            self._set_results(results)
        elif changed or gone:
            self._recheck(site, changed, gone, cache_dir)
        jargon = site_jargon(self._posts_with)
        return to_problems(
            {
                path: [m for m in found if m.word not in jargon]
                for path, found in self._results.items()
                if found
            }
        )

    def _changes(self, ok: list[PostRecord]) -> tuple[list[PostRecord], list[PostRecord]]:
        """The records new or changed since the last run, and the last run's records of
        the posts gone since."""
        last = self._records
        changed = [r for r in ok if last.get(r.path) is not r]
        if len(ok) - sum(1 for r in changed if r.path not in last) == len(last):
            gone: list[PostRecord] = []
        else:
            gone = [last[path] for path in last.keys() - {r.path for r in ok}]
        if changed or gone:
            self._records = {r.path: r for r in ok}
        return changed, gone

    def _site_for(self, root: str | os.PathLike[str] | None, config: Any) -> SiteSpelling:
        """``SiteSpelling.for_site``, made again only when what it holds would change."""
        language = choose_language(None, root, config)[0]
        known = known_words(root, config)
        against = (language, known, set(self._vocabulary), list(config.fields))
        if self._site is not None and against == self._against:
            return self._site
        self._against = against
        words = sorted(set(known) | set(self._vocabulary))
        return SiteSpelling(None if root is None else os.fspath(root), language, config, words)

    def _set_results(self, results: dict[str, list[Misspelling]]) -> None:
        self._results = results
        self._posts_with = Counter(word for found in results.values() for word in _words(found))

    def _recheck(
        self,
        site: SiteSpelling,
        changed: list[PostRecord],
        gone: list[PostRecord],
        cache_dir: str | os.PathLike[str] | None,
    ) -> None:
        """Check the changed posts again and write the cache, as ``checked_files`` does."""
        for old in gone:
            _count(self._posts_with, _words(self._results.pop(old.path, [])), -1)
            self._cached.pop(old.rel, None)
        for record in changed:
            size, mtime, found = site.check_file(record.path, record.rel)
            _count(self._posts_with, _words(self._results.get(record.path, [])), -1)
            self._results[record.path] = found
            _count(self._posts_with, _words(found), 1)
            if size >= 0:
                self._cached[record.rel] = cache_entry(size, mtime, found)
            else:
                self._cached.pop(record.rel, None)
        if site.root and changed:
            _save_cache(_cache_path(site.root, cache_dir), site.fingerprint(), self._cached)


def _words(found: list[Misspelling]) -> set[str]:
    return {m.word for m in found}


def _count(counts: Counter[str], words: Any, step: int) -> None:
    """Add step to the count of each word; a word counted down to nothing goes."""
    for word in words:
        left = counts[word] + step
        if left > 0:
            counts[word] = left
        else:
            del counts[word]

"""Dialect hints of a site's posts as check findings, cached per post file.

The hints themselves (what the site's renderer will do that the writer may not expect)
come from ``editor.core.render.hints``; this module turns one post file into findings at
their lines in the file, and keeps them per file so that a site's hints cost a read of
every body only once:

- ``file_hints(path, data, dialect)``: the findings of one post file's bytes (code
  ``dialect-hint``, level ``hint``: below warnings, above info).
- ``site_hint_problems(cache, records, root, dialect)``: the hints of a site's records,
  none when the site turns them off (``[checks] ignore = ["dialect-hint"]``), read
  through the cache;
- ``HintCache(root, cache_dir)``: ``problems(records, dialect)`` gives the hints of the
  records, reading only the files whose size or mtime differ from what the cache holds
  (and all of them when the dialect differs from the one they were found in). It keeps
  its entries in memory and in the site's cache folder (``hints.cache``, the index
  cache's encoding), so a reopen reads only the posts changed since. ``reads`` counts
  the files read; ``MIN_FILES_FOR_WORKERS`` or more are read in worker processes (a
  first open of a big site), fewer (a save) here.

``masthead check`` and the window's Problems panel both take their hints from here.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from editor.core.errors import PostError
from editor.core.platform.atomic import atomic_write
from editor.core.platform.regular_files import NotRegularFileError, read_regular
from editor.core.post.pieces import decode, split
from editor.core.render import hints as hint_rules
from editor.core.site.cache import decode_payload, encode_payload, site_cache_folder
from editor.core.site.check_select import load_check_settings
from editor.core.site.dialect import Dialect, is_mdx
from editor.core.site.problem import Problem

log = logging.getLogger(__name__)

HINT_CODE = "dialect-hint"
HINT_LEVEL = "hint"
CACHE_VERSION = 1  # bump when the rules change: cached hints are dropped
CACHE_FILE = "hints.cache"
MIN_FILES_FOR_WORKERS = 200  # this many files to read: worker processes read them
WORKER_STEP = 100  # files a worker reads between two messages

Hints = tuple[tuple[int, str], ...]  # (line in the file, message)


def post_file_hints(data: bytes, dialect: Dialect, suffix: str) -> Hints:
    """(line in the file, message) of a post file's hints; none for a file that does not
    decode or whose front matter is not closed (a parse error says so)."""
    try:
        pieces = split(decode(data))
    except PostError:
        return ()
    first = (pieces.opening + pieces.front_matter + pieces.closing).count("\n") + 1
    mdx = is_mdx(dialect, suffix)
    try:
        found = hint_rules.dialect_hints(pieces.body, dialect, mdx=mdx)
    except Exception:  # a renderer bug on one post must not stop a whole site's check
        log.exception("hints: the %s rules failed on a post", dialect.name)
        return ()
    return tuple((first + line - 1, message) for line, message in found)


def as_problems(path: str, hints: Hints) -> list[Problem]:
    return [Problem(path, line, HINT_LEVEL, HINT_CODE, message) for line, message in hints]


def file_hints(path: str | os.PathLike[str], data: bytes, dialect: Dialect) -> list[Problem]:
    """The hints of one post file's bytes as findings at their lines in the file."""
    path = os.fspath(path)
    return as_problems(path, post_file_hints(data, dialect, Path(path).suffix))


def read_hints(path: str, dialect: Dialect) -> tuple[int, int, Hints] | None:
    """(size, mtime_ns, hints) of the file as read now; None when it cannot be read."""
    try:
        data, st = read_regular(path)
    except (OSError, NotRegularFileError) as exc:
        log.info("hints: cannot read %s: %s", path, exc)
        return None
    if data is None:  # over the size limit: the index reports it
        return None
    return st.st_size, st.st_mtime_ns, post_file_hints(data, dialect, Path(path).suffix)


def read_many(paths: list[str], dialect: Dialect, workers: int | None = None) -> list[Any]:
    """``read_hints`` of each path, in order: in worker processes when there are
    ``MIN_FILES_FOR_WORKERS`` or more (here when they fail)."""
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    if workers > 1 and len(paths) >= MIN_FILES_FOR_WORKERS:
        try:
            return _read_in_processes(paths, dialect, workers)
        except (RuntimeError, OSError, EOFError) as exc:
            log.warning("hints: the workers failed (%s); reading here instead", exc)
    return [read_hints(path, dialect) for path in paths]


def _read_share(connection: Any, paths: list[str], dialect: Dialect, step: int) -> None:
    """Worker task: read_hints of each path, every step paths a list, then None."""
    for start in range(0, len(paths), step):
        connection.send([read_hints(path, dialect) for path in paths[start : start + step]])
    connection.send(None)


def _read_in_processes(paths: list[str], dialect: Dialect, workers: int) -> list[Any]:
    from editor.core.platform.workers import map_in_workers

    return map_in_workers(_read_share, paths, workers, dialect, WORKER_STEP, name="a hints worker")


def fingerprint(dialect: Dialect) -> str:
    """What the cached hints depend on besides the file: the rules and the dialect's
    settings (not where the dialect was found)."""
    rules = (
        hint_rules.HUGO_RAW_HTML,
        hint_rules.LIST_AFTER_PARAGRAPH,
        hint_rules.MDX_BRACE,
        hint_rules.MDX_ANGLE,
    )
    return repr((CACHE_VERSION, rules, dataclasses.replace(dialect, source="")))


class HintCache:
    """The hints of one site's posts, per file; see the module docstring. Not thread
    safe: one job at a time uses it (the workspace's analysis runner)."""

    def __init__(
        self,
        root: str | os.PathLike[str] | None,
        cache_dir: str | os.PathLike[str] | None = None,
        *,
        persist: bool = True,
    ) -> None:
        self._file = (
            site_cache_folder(root, cache_dir) / CACHE_FILE
            if persist and root is not None
            else None
        )
        self._root = None if root is None else os.path.abspath(os.fspath(root))
        self._fingerprint: str | None = None
        self._entries: dict[str, tuple[int, int, Hints]] = {}  # rel -> (size, mtime_ns, hints)
        self._loaded = False
        self.reads = 0  # files read since this cache was made
        self.workers: int | None = None  # worker processes for a long read (None: up to 2)

    def problems(
        self, records: Iterable[Any], dialect: Dialect, *, every_post: bool = True
    ) -> list[Problem]:
        """The hints of the records that parsed (``PostRecord``: path, rel, size, mtime_ns,
        error), in record order, reading only the files that changed. ``every_post``: the
        records are all the site's posts, so the entries of any other file go."""
        wanted = fingerprint(dialect)
        if not self._loaded:
            self._loaded = True
            self._load(wanted)
        if wanted != self._fingerprint:
            self._fingerprint = wanted
            self._entries = {}
        entries = self._entries
        parsed = [record for record in records if record.error is None]
        stale = []
        for record in parsed:
            entry = entries.get(record.rel)
            if entry is None or entry[0] != record.size or entry[1] != record.mtime_ns:
                stale.append(record)
        if stale:
            self.reads += len(stale)
            found = read_many([os.fspath(record.path) for record in stale], dialect, self.workers)
            for record, entry in zip(stale, found, strict=True):
                if entry is None:
                    entries.pop(record.rel, None)
                else:
                    entries[record.rel] = entry
        gone = entries.keys() - {record.rel for record in parsed} if every_post else set()
        for rel in gone:
            del entries[rel]
        if stale or gone:
            self._save()
        problems: list[Problem] = []
        for record in parsed:
            entry = entries.get(record.rel)
            if entry is not None and entry[2]:
                problems += as_problems(os.fspath(record.path), entry[2])
        return problems

    def _load(self, wanted: str) -> None:
        if self._file is None:
            return
        try:
            data = self._file.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            log.info("hints: ignoring the unreadable cache %s: %s", self._file, exc)
            return
        payload = decode_payload(data)
        if (
            payload is None
            or payload.get("version") != CACHE_VERSION
            or payload.get("root") != self._root
            or payload.get("fingerprint") != wanted
            or not isinstance(payload.get("files"), dict)
        ):
            return
        try:
            entries = {
                rel: (size, mtime, tuple((line, message) for line, message in hints))
                for rel, (size, mtime, hints) in payload["files"].items()
            }
        except (TypeError, ValueError) as exc:
            log.info("hints: ignoring the malformed cache %s: %s", self._file, exc)
            return
        self._fingerprint = wanted
        self._entries = entries

    def _save(self) -> None:
        if self._file is None:
            return
        payload = {
            "version": CACHE_VERSION,
            "root": self._root,
            "fingerprint": self._fingerprint,
            "files": self._entries,
        }
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self._file, encode_payload(payload))
        except (OSError, PostError) as exc:
            log.warning("hints: cannot write the cache %s: %s", self._file, exc)


def site_hint_problems(
    cache: HintCache,
    records: Iterable[Any],
    root: str | os.PathLike[str] | None,
    dialect: Dialect,
    *,
    every_post: bool = True,
) -> list[Problem]:
    """The hints of a site's records in ``dialect`` (see ``HintCache.problems``); none, and
    no file read, when the site turns the kind off in masthead.toml (``[checks] ignore``)."""
    if HINT_CODE in load_check_settings(root).ignore:
        return []
    return cache.problems(records, dialect, every_post=every_post)

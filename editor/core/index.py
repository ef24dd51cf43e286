"""The site index: one light ``PostRecord`` per post, scanned fast and kept in step with disk.

``SiteIndex(root).scan()`` finds the posts (see ``discovery``), reuses records from
the on-disk cache (see ``cache``) for files whose size and mtime are unchanged, and
parses the rest: front matter only, split here and loaded with libyaml, ``tomllib``
or ``json``. Large cold scans are spread over a process pool. A file that fails to
parse becomes a record with an error message and line (taken from the post model,
``Post.from_bytes``, so the wording matches the editor) instead of stopping the scan.

Body text for full-text search is kept lowercased with whitespace collapsed. It is
stored apart from the records in the cache and loaded only when a search needs it,
so opening a site stays fast and light.
"""

from __future__ import annotations

import gc
import json
import os
import re
import sys
import threading
import tomllib
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from editor.core import dates
from editor.core.cache import SiteCache
from editor.core.discovery import DiscoveredFile, discover_posts, is_post_file

try:
    _YamlLoader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _YamlLoader = yaml.SafeLoader

Progress = Callable[[int, int], None]

MAX_POST_BYTES = 20 * 1024 * 1024
POOL_MIN_FILES = 3000
POOL_MIN_CORES = 4
DATE_KEYS = ("date", "pubDate", "publishDate", "published", "created")


@dataclass(slots=True)
class PostRecord:
    """What the workspace knows about one post without opening it in the editor."""

    path: str  # absolute
    rel: str  # posix, relative to the site root
    size: int
    mtime_ns: int
    format: str | None = None  # "yaml" | "toml" | "json" | None (no front matter)
    metadata: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    date_text: str = ""  # the date exactly as written in the file
    date_key: str = ""  # "YYYY-MM-DDTHH:MM:SS", sorts chronologically; "" if unknown
    key_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> 1-based line
    raw_dates: dict[str, str] = field(default_factory=dict)  # date-like key -> text as written
    body_line: int = 1  # 1-based line where the body starts
    error: str | None = None
    error_line: int | None = None
    body_lower: str | None = None  # lowercased, whitespace collapsed; None until loaded
    # Filled by the query module on first use: flat lowercased values for fast filtering.
    search_fields: dict | None = field(default=None, repr=False, compare=False)
    search_text: str | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def display_title(self) -> str:
        return self.title or Path(self.rel).stem

    def as_cache_tuple(self) -> tuple:
        """Everything but the path (rebuilt from the root) and the body (cached apart)."""
        return (
            self.rel, self.size, self.mtime_ns, self.format, self.metadata,
            self.title, self.date_text, self.date_key, self.key_lines, self.raw_dates,
            self.body_line, self.error, self.error_line,
        )  # fmt: skip


@dataclass(slots=True)
class ScanStats:
    total: int = 0
    parsed: int = 0
    from_cache: int = 0
    removed: int = 0
    cancelled: bool = False


# --- dates ------------------------------------------------------------------------

_DATE_PREFILTER = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}"
    r"|(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*, )?"
    r"(?:\d{1,2} )?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,4}"
)
_SHAPE = re.compile(r"\d|[A-Za-z]+")
_NUMERIC_DIRECTIVES = {"%Y": r"(?P<Y>\d{4})", "%m": r"(?P<m>\d{2})", "%d": r"(?P<d>\d{2})",
                       "%H": r"(?P<H>\d{2})", "%M": r"(?P<M>\d{2})", "%S": r"(?P<S>\d{2})"}  # fmt: skip
_WORDY_DATE_STARTS = frozenset(
    "Mon Tue Wed Thu Fri Sat Sun Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
)
_known_shapes: dict[str, tuple[str, re.Pattern[str] | None]] = {}


@lru_cache(maxsize=4096)
def _detect_uncached(text: str) -> str | None:
    return dates.detect_format(text)


def _numeric_regex(fmt: str) -> re.Pattern[str] | None:
    """A regex that parses fmt exactly, when fmt has only fixed-width numeric fields."""
    parts = re.split(r"(%.)", fmt)
    if any(p.startswith("%") and p not in _NUMERIC_DIRECTIVES for p in parts):
        return None
    return re.compile("".join(_NUMERIC_DIRECTIVES.get(p, re.escape(p)) for p in parts) + r"\Z")


def date_info(text: str) -> tuple[str, str] | None:
    """(strftime format, sortable "YYYY-MM-DDTHH:MM:SS") of a date string, or None.

    Agrees with ``dates.detect_format`` but is cheap in bulk: non-dates are turned
    away by a quick regex, and a format found for one text is reused for every text
    of the same shape (digits and words masked), parsed with a regex when it is
    purely numeric.
    """
    if not isinstance(text, str) or len(text) > 40 or not _DATE_PREFILTER.match(text):
        return None
    shape = _SHAPE.sub(lambda m: "9" if m.group().isdigit() else "a", text)
    known = _known_shapes.get(shape)
    if known is not None:
        fmt, regex = known
        try:
            if regex is not None:
                match = regex.match(text)
                if match:
                    parts = match.groupdict()
                    value = datetime(int(parts.get("Y", 1)), int(parts.get("m", 1)),
                                     int(parts.get("d", 1)), int(parts.get("H", 0)),
                                     int(parts.get("M", 0)), int(parts.get("S", 0)))  # fmt: skip
                    return fmt, value.strftime("%Y-%m-%dT%H:%M:%S")
            else:
                value = dates.parse(text, fmt)
                if dates.format(value, fmt) == text:
                    return fmt, value.strftime("%Y-%m-%dT%H:%M:%S")
        except ValueError:
            pass
    fmt = _detect_uncached(text)
    if fmt is None:
        return None
    _known_shapes[shape] = (fmt, _numeric_regex(fmt))
    return fmt, dates.parse(text, fmt).strftime("%Y-%m-%dT%H:%M:%S")


def date_format_of(text: str) -> str | None:
    """The strftime format of a date string (see ``date_info``), or None."""
    info = date_info(text)
    return info[0] if info else None


def _sort_key(value: Any, raw: str) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%dT00:00:00")
    info = date_info(raw)
    return info[1] if info else ""


# --- front matter -----------------------------------------------------------------

_YAML_KEY = re.compile(r"""(?:"([^"]+)"|'([^']+)'|([^\s#'"?:\-](?:[^:#]|:(?=\S))*?))\s*:(?:\s|$)""")
_TOML_KEY = re.compile(r"""\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")
_TOML_TABLE = re.compile(r"""\s*\[\[?\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))""")


class _FastParseFailed(Exception):
    pass


def _raw_value(line: str, sep: str) -> str:
    text = line.split(sep, 1)[1].strip() if sep in line else ""
    if text[:1] in ("'", '"') and text[-1:] == text[:1] and len(text) >= 2:
        return text[1:-1]
    if " #" in text:
        text = text.split(" #", 1)[0].rstrip()
    return text


def _yaml_key_lines(lines: list[str], first_line: int) -> tuple[dict[str, int], dict[str, str]]:
    key_lines: dict[str, int] = {}
    raw: dict[str, str] = {}
    for offset, line in enumerate(lines):
        if not line or line[0] in " \t#-":
            continue
        match = _YAML_KEY.match(line)
        if match is None:
            continue
        key = match.group(1) or match.group(2) or match.group(3)
        if key in key_lines:
            raise _FastParseFailed("duplicate key")  # the post model words this error
        key_lines[key] = first_line + offset
        raw[key] = _raw_value(line, ":")
    return key_lines, raw


def _toml_key_lines(lines: list[str], first_line: int) -> tuple[dict[str, int], dict[str, str]]:
    key_lines: dict[str, int] = {}
    raw: dict[str, str] = {}
    in_table = False
    for offset, line in enumerate(lines):
        table = _TOML_TABLE.match(line)
        if table is not None:
            in_table = True
            key = table.group(1) or table.group(2) or table.group(3)
            key_lines.setdefault(key, first_line + offset)
            continue
        if in_table:
            continue
        match = _TOML_KEY.match(line)
        if match is not None:
            key = match.group(1) or match.group(2) or match.group(3)
            key_lines.setdefault(key, first_line + offset)
            raw[key] = _raw_value(line, "=")
    return key_lines, raw


def _json_key_lines(text: str, keys: Iterable[str], first_line: int) -> dict[str, int]:
    key_lines = {}
    for key in keys:
        match = re.search(r'^\s*"' + re.escape(key) + r'"\s*:', text, re.MULTILINE)
        if match:
            key_lines[key] = first_line + text.count("\n", 0, match.start())
    return key_lines


def _collapse_body(body: str) -> str:
    return " ".join(body.lower().split())


def _parse_text(record: PostRecord, text: str, with_body: bool) -> None:
    """Fill record from decoded text; raises on any problem the post model should word."""
    text = text.removeprefix("\ufeff")
    first_nl = text.find("\n")
    first = (text if first_nl < 0 else text[:first_nl]).rstrip()
    if first in ("---", "+++"):
        closers = ("---", "...") if first == "---" else ("+++",)
        lines = text.split("\n")
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closers), None)
        if end is None:
            raise _FastParseFailed("front matter not closed")
        fm_lines = [line.rstrip("\r") for line in lines[1:end]]
        fm_text = "\n".join(fm_lines)
        if first == "---":
            record.format = "yaml"
            data = yaml.load(fm_text, Loader=_YamlLoader) if fm_text.strip() else {}
            record.key_lines, raw = _yaml_key_lines(fm_lines, 2)
        else:
            record.format = "toml"
            data = tomllib.loads(fm_text)
            record.key_lines, raw = _toml_key_lines(fm_lines, 2)
        record.body_line = end + 2
        body = "\n".join(lines[end + 1 :])
    elif text.startswith("{"):
        record.format = "json"
        data, end_index = json.JSONDecoder().raw_decode(text)
        head = text[:end_index]
        record.key_lines = _json_key_lines(head, data if isinstance(data, dict) else (), 1)
        raw = (
            {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}
        )
        record.body_line = head.count("\n") + 2
        body = text[end_index:]
    else:
        data, raw, body = {}, {}, text
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _FastParseFailed("front matter is not a mapping")
    _fill_metadata(record, data, raw)
    if with_body:
        record.body_lower = _collapse_body(body)


def _fill_metadata(record: PostRecord, data: dict, raw: dict[str, str]) -> None:
    # Interned keys are shared by all records: less memory, and a smaller, faster cache.
    intern = sys.intern
    record.metadata = metadata = {intern(str(k)): v for k, v in data.items()}
    record.key_lines = {intern(k): v for k, v in record.key_lines.items()}
    title = metadata.get("title")
    record.title = str(title).strip() if title is not None else ""
    raw_dates = {}
    sort_keys = {}
    for key, value in metadata.items():
        if isinstance(value, str):
            if value[:1].isdigit() or value[:3] in _WORDY_DATE_STARTS:
                text = value.strip()
                info = date_info(text)
                if info is not None:
                    raw_dates[key], sort_keys[key] = text, info[1]
        elif isinstance(value, date):
            raw_dates[key] = raw.get(key) or value.isoformat()
            sort_keys[key] = _sort_key(value, "")
    record.raw_dates = raw_dates
    for key in DATE_KEYS:
        if key in metadata:
            value = metadata[key]
            record.date_text = raw_dates.get(key) or ("" if value is None else str(value))
            record.date_key = sort_keys.get(key, "")
            break


def _own_error_message(exc: Exception) -> tuple[str, int | None]:
    """A fallback wording, used only when the post model cannot be imported."""
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return f"invalid YAML front matter: {getattr(exc, 'problem', None) or exc}", mark.line + 2
    if isinstance(exc, UnicodeDecodeError):
        return "the file is not valid UTF-8 text", None
    return f"the front matter could not be parsed: {exc}", None


def _fill_from_post_model(record: PostRecord, data: bytes, with_body: bool) -> None:
    """Let the post model parse the file: it gives the editor's wording for errors."""
    try:
        from editor.core.errors import PostError
        from editor.core.post import Post
    except ImportError:
        return
    try:
        post = Post.from_bytes(data, path=record.path)
    except PostError as exc:
        record.error, record.error_line = exc.message, exc.line
        return
    except Exception as exc:  # a post model bug must not stop a whole-site scan
        record.error, record.error_line = f"could not parse: {exc}", None
        return
    record.error = record.error_line = None
    record.format = post.format
    metadata = dict(post.metadata)
    raw = {k: v for k, v in metadata.items() if isinstance(v, str)}
    _fill_metadata(record, metadata, raw)
    record.key_lines = {k: line for k in metadata if (line := post.key_line(k)) is not None}
    record.body_line = post.body_start_line
    if with_body:
        record.body_lower = _collapse_body(post.body)


def parse_post_file(path: str, rel: str, size: int | None = None, mtime_ns: int | None = None,
                    with_body: bool = False) -> PostRecord:  # fmt: skip
    """Read and parse one post into a PostRecord; never raises for a bad file."""
    if size is None or mtime_ns is None:
        try:
            st = os.stat(path)
            size, mtime_ns = st.st_size, st.st_mtime_ns
        except OSError as exc:
            return PostRecord(path, rel, 0, 0, error=f"cannot read the file: {exc.strerror}")
    record = PostRecord(path, rel, size, mtime_ns)
    if size > MAX_POST_BYTES:
        record.error = f"the file is larger than {MAX_POST_BYTES // (1024 * 1024)} MB"
        return record
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        record.error = f"cannot read the file: {exc.strerror}"
        return record
    try:
        if b"\0" in data[:8192]:
            raise _FastParseFailed("binary")
        _parse_text(record, data.decode("utf-8"), with_body)
    except Exception as exc:  # any failure: the post model parses again and words the error
        record.error, record.error_line = _own_error_message(exc)
        _fill_from_post_model(record, data, with_body)
    return record


def read_body_text(path: str) -> str:
    """The searchable body text of a post file, without parsing its front matter."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(MAX_POST_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return ""
    text = text.removeprefix("\ufeff")
    first = text[: text.find("\n") + 1].rstrip()
    if first in ("---", "+++"):
        closers = ("---", "...") if first == "---" else ("+++",)
        lines = text.split("\n")
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closers), None)
        if end is not None:
            text = "\n".join(lines[end + 1 :])
    elif text.startswith("{"):
        try:
            text = text[json.JSONDecoder().raw_decode(text)[1] :]
        except ValueError:
            pass
    return _collapse_body(text)


def _parse_chunk(items: list[tuple[str, str, int, int, bool]]) -> list[PostRecord]:
    return [parse_post_file(*item) for item in items]


# --- the index ----------------------------------------------------------------------


class SiteIndex:
    """All posts of one site folder, with a persistent cache (see module docstring).

    ``scan`` and ``update`` may run on a worker thread; readers get snapshots
    (``records``) and never see a half-built index.
    """

    def __init__(self, root: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None = None,
                 use_cache: bool = True):  # fmt: skip
        self.root = Path(os.path.abspath(os.fspath(root)))
        self.cache = SiteCache(self.root, cache_dir) if use_cache else None
        self._records: dict[str, PostRecord] = {}
        self._bodies_loaded = False  # once a search needed bodies, keep them current
        self._lock = threading.Lock()

    # reading

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self):
        return iter(self.records)

    @property
    def records(self) -> list[PostRecord]:
        """Records sorted by relative path (a snapshot; safe to keep)."""
        current = self._records
        return [current[rel] for rel in sorted(current)]

    def get(self, path: str | os.PathLike[str]) -> PostRecord | None:
        """The record for a relative (posix) or absolute path, if indexed."""
        return self._records.get(self._rel(path))

    def body_text(self, record: PostRecord) -> str:
        """The lowercased body for full-text search, loading all bodies on first use."""
        if record.body_lower is None:
            self.load_bodies()
        if record.body_lower is None:  # a record that is not (or no longer) in the index
            record.body_lower = read_body_text(record.path)
        return record.body_lower

    def load_bodies(self) -> None:
        """Fill every record's body text from the cache, re-reading files it lacks or has stale."""
        self._bodies_loaded = True
        missing = [r for r in self._records.values() if r.body_lower is None]
        if not missing:
            return
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            stored = self.cache.load_bodies() if self.cache else {}
        finally:
            if gc_was_enabled:
                gc.enable()
        reread = 0
        for record in missing:
            entry = stored.get(record.rel)
            if entry is not None and entry[0] == record.size and entry[1] == record.mtime_ns:
                record.body_lower = entry[2]
            else:
                record.body_lower = read_body_text(record.path)
                reread += 1
        if reread or len(stored) != len(self._records):
            self._save_bodies()

    # scanning

    def scan(
        self, progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> ScanStats:
        """Bring the index in step with the folder. A cancelled scan changes nothing."""
        found = discover_posts(self.root)
        stats = ScanStats(total=len(found))
        # Loading creates many container objects at once; the cyclic GC only slows that down.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            cached = self._cached_rows()
            fresh, to_parse = self._reuse(found, cached)
        finally:
            if gc_was_enabled:
                gc.enable()
        stats.from_cache = len(found) - len(to_parse)
        if progress:
            progress(stats.from_cache, stats.total)
        gc.disable()  # parsing allocates many long-lived objects: GC passes only cost time
        try:
            parsed = self._parse_many(to_parse, stats, progress, cancel)
        finally:
            if gc_was_enabled:
                gc.enable()
        if parsed is None:
            stats.cancelled = True
            return stats
        for record in parsed:
            fresh[record.rel] = record
        stats.parsed = len(parsed)
        stats.removed = len(self._records.keys() - fresh.keys())
        cache_current = not parsed and len(cached) == len(fresh)
        with self._lock:
            self._records = fresh
        if not cache_current:
            self.save_cache()
        return stats

    def update(self, paths: Iterable[str | os.PathLike[str]]) -> list[str]:
        """Re-read the given files or folders (changed, added or removed); returns changed rels."""
        changed: list[str] = []
        records = dict(self._records)
        for raw_path in paths:
            path = Path(os.fspath(raw_path))
            path = Path(os.path.abspath(path if path.is_absolute() else self.root / path))
            rel = self._rel(path)
            if path.is_dir():
                prefix = "" if rel == "." else rel + "/"
                present = {prefix + f.rel: f for f in discover_posts(path)}
                gone = [r for r in records if r.startswith(prefix) and r not in present]
                for r in gone:
                    del records[r]
                changed += gone
                for r, item in present.items():
                    records[r] = parse_post_file(
                        item.path, r, item.size, item.mtime_ns, self._bodies_loaded
                    )
                    changed.append(r)
            elif path.is_file() and is_post_file(path):
                records[rel] = parse_post_file(str(path), rel, with_body=self._bodies_loaded)
                changed.append(rel)
            elif records.pop(rel, None) is not None:
                changed.append(rel)
        with self._lock:
            self._records = records
        if changed:
            self.save_cache()
        return changed

    def save_cache(self) -> None:
        """Write the records (and the bodies, when they are loaded) to the cache."""
        if self.cache is None:
            return
        self.cache.save_records([r.as_cache_tuple() for r in self._records.values()])
        if self._bodies_loaded:
            self._save_bodies()

    # internals

    def _save_bodies(self) -> None:
        if self.cache is not None:
            records = self._records.values()
            self.cache.save_bodies({r.rel: (r.size, r.mtime_ns, r.body_lower) for r in records
                                    if r.body_lower is not None})  # fmt: skip

    def _rel(self, path: str | os.PathLike[str]) -> str:
        text = os.fspath(path)
        if not os.path.isabs(text):
            return Path(text).as_posix()
        return Path(os.path.relpath(text, self.root)).as_posix()

    def _cached_rows(self) -> dict[str, tuple]:
        if self.cache is None:
            return {}
        rows = self.cache.load_records()
        return {row[0]: row for row in rows} if rows else {}

    def _reuse(self, found: list[DiscoveredFile], cached: dict[str, tuple]):
        """Split found files into reusable records (memory or cache) and files to parse."""
        fresh: dict[str, PostRecord] = {}
        to_parse: list[DiscoveredFile] = []
        current = self._records
        for item in found:
            record = current.get(item.rel)
            if record is not None and record.size == item.size and record.mtime_ns == item.mtime_ns:
                fresh[item.rel] = record
                continue
            row = cached.get(item.rel)
            if row is not None and row[1] == item.size and row[2] == item.mtime_ns:
                fresh[item.rel] = PostRecord(item.path, *row)
                continue
            to_parse.append(item)
        return fresh, to_parse

    def _parse_many(self, items: list[DiscoveredFile], stats: ScanStats,
                    progress: Progress | None, cancel: threading.Event | None):  # fmt: skip
        work = [(f.path, f.rel, f.size, f.mtime_ns, self._bodies_loaded) for f in items]
        workers = min(os.cpu_count() or 1, 8)
        # Measured: with fewer than 4 cores, shipping records back costs more than it saves.
        if len(work) < POOL_MIN_FILES or workers < POOL_MIN_CORES:
            return self._parse_serial(work, stats, progress, cancel)
        return self._parse_pool(work, workers, stats, progress, cancel)

    def _parse_serial(self, work, stats, progress, cancel):
        out = []
        for i, item in enumerate(work, 1):
            if cancel is not None and i % 64 == 0 and cancel.is_set():
                return None
            out.append(parse_post_file(*item))
            if progress and i % 256 == 0:
                progress(stats.from_cache + i, stats.total)
        if cancel is not None and cancel.is_set():
            return None
        if progress:
            progress(stats.total, stats.total)
        return out

    def _parse_pool(self, work, workers, stats, progress, cancel):
        try:
            return self._parse_pool_unchecked(work, workers, stats, progress, cancel)
        except (BrokenProcessPool, OSError, RuntimeError):
            # No usable pool (e.g. a __main__ that cannot be re-imported): parse here.
            return self._parse_serial(work, stats, progress, cancel)

    def _parse_pool_unchecked(self, work, workers, stats, progress, cancel):
        import multiprocessing

        size = max(200, min(2000, len(work) // (workers * 4) or 1))
        chunks = [work[i : i + size] for i in range(0, len(work), size)]
        out: list[PostRecord] = []
        done = stats.from_cache
        context = multiprocessing.get_context(_start_method())
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = [pool.submit(_parse_chunk, chunk) for chunk in chunks]
            for future in futures:
                if cancel is not None and cancel.is_set():
                    for f in futures:
                        f.cancel()
                    return None
                records = future.result()
                out.extend(records)
                done += len(records)
                if progress:
                    progress(done, stats.total)
        return out


def _start_method() -> str:
    """Fork only a single-threaded process without Qt; forking threads can deadlock."""
    import multiprocessing
    import sys

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and "PySide6.QtCore" not in sys.modules:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"

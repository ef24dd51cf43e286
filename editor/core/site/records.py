"""One post file as a light ``PostRecord``: read, split and parse front matter fast.

``parse_post_file`` reads a file and fills a record: metadata, title, the date as written
and a sortable date key, the line of each top-level key and of the body. Flat YAML front
matter (``key: value`` lines with plain or quoted scalars and ``[a, b]`` lists of plain
words) is read by ``flat_yaml`` without the YAML library, giving exactly what
``yaml.safe_load`` gives; anything else goes to libyaml, ``tomllib`` or ``json``. A file
that fails is parsed again by the post model (``Post.from_bytes``) so its error message
and line match the editor's. So is a file its generator builds although it is odd (a key
written twice, an impossible date kept as text; see ``yaml_tolerance``): its values are
the editor's, and ``warnings`` holds the post model's words for each oddity.

Dates are recognised by ``date_shapes``.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from editor.core.platform.regular_files import MAX_POST_BYTES, NotRegularFileError, read_regular
from editor.core.post.formats.flat_yaml import SHARED_LIMIT, SHARED_MAX_LENGTH, flat_yaml_text
from editor.core.post.formats.yaml_tolerance import load_tolerantly
from editor.core.values.date_shapes import (
    DATE_FIRST_CHARACTERS,
    WORDY_DATE_STARTS,
    date_info,
    sort_key,
)

try:
    _YamlLoader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _YamlLoader = yaml.SafeLoader

DATE_KEYS = ("date", "pubDate", "publishDate", "published", "created")


@dataclass(slots=True)
class PostRecord:
    """What the workspace knows about one post without opening it in the editor.

    ``key_lines`` and ``raw_dates`` may be shared between records: treat them as read-only.
    """

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
    # What the generator accepts but deserves a look: (line, code, message, key) tuples,
    # as ``FrontMatterWarning.as_tuple`` gives them, file lines.
    warnings: tuple[tuple, ...] = ()
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
            self.body_line, self.error, self.error_line, self.warnings,
        )  # fmt: skip


# --- front matter -----------------------------------------------------------------

_YAML_KEY = re.compile(r"""(?:"([^"]+)"|'([^']+)'|([^\s#'"?:\-](?:[^:#]|:(?=\S))*?))\s*:(?:\s|$)""")
_TOML_KEY = re.compile(r"""\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")
_TOML_TABLE = re.compile(r"""\s*\[\[?\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))""")


class _FastParseFailed(Exception):
    pass


def _raw_value(line: str, sep: str) -> str:
    """The value text after sep (all of line when sep is ""), unquoted, without a comment."""
    if sep:
        text = line.split(sep, 1)[1].strip() if sep in line else ""
    else:
        text = line.strip()
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
        key_lines[key] = first_line + offset  # a key written twice: the last one counts
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


class _RepeatedKeys:
    """An ``object_pairs_hook`` noting a key written twice; the last value wins, as in
    ``json.loads``."""

    def __init__(self) -> None:
        self.found = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            self.found = True
        return result


def collapse_body(body: str) -> str:
    """Body text as full-text search reads it: lowercased, whitespace collapsed."""
    return " ".join(body.lower().split())


def _closing_line(lines: list[str], closers: tuple[str, ...]) -> int | None:
    for i in range(1, len(lines)):
        line = lines[i]
        if line[:3] in closers and line.rstrip() in closers:
            return i
    return None


_CLOSERS = {"---": ("---", "..."), "+++": ("+++",)}


def _closing_offset(text: str, start: int, opener: str) -> int | None:
    """Where the line closing the front matter starts (text[start:] begins a line)."""
    closers = _CLOSERS[opener]
    found = None
    for closer in closers:
        # Once one closer is found, another wins only by coming first: search up to it.
        limit = len(text) if found is None else found
        # start > 0 (after the opening line), so 0 means "not found"
        at = start if text.startswith(closer, start) else text.find("\n" + closer, start, limit) + 1
        while at:
            line_end = text.find("\n", at)
            line = text[at:line_end] if line_end >= 0 else text[at:]
            if line.rstrip() in closers:
                found = at
                break
            at = text.find("\n" + closer, at, limit) + 1
    return found


def _parse_text(record: PostRecord, text: str, with_body: bool) -> None:
    """Fill record from decoded text; raises on any problem the post model should word."""
    text = text.removeprefix("\ufeff")
    first_nl = text.find("\n")
    first = (text if first_nl < 0 else text[:first_nl]).rstrip()
    shared = False
    if first in ("---", "+++") and first_nl >= 0:
        start = first_nl + 1
        closer = _closing_offset(text, start, first)
        if closer is None:
            raise _FastParseFailed("front matter not closed")
        fm_text = text[start : closer - 1] if closer > start else ""
        fm_lines = fm_text.split("\n") if closer > start else []
        if "\r" in fm_text:
            fm_lines = [line.rstrip("\r") for line in fm_lines]
            fm_text = "\n".join(fm_lines)
        raw: dict[str, str] = {}
        if first == "---":
            record.format = "yaml"
            flat = flat_yaml_text(fm_text, fm_lines, 2)
            if flat is not None:
                data, record.key_lines, raw = flat
                shared = True
            else:
                data, odd = load_tolerantly(fm_text) if fm_text.strip() else ({}, False)
                if odd:  # a key written twice, an impossible date: the post model warns
                    raise _FastParseFailed("odd front matter")
                record.key_lines, raw = _yaml_key_lines(fm_lines, 2)
        else:
            record.format = "toml"
            data = tomllib.loads(fm_text)
            record.key_lines, raw = _toml_key_lines(fm_lines, 2)
        record.body_line = len(fm_lines) + 3
        body_start = text.find("\n", closer)
        body = text[body_start + 1 :] if with_body and body_start >= 0 else ""
    elif first in ("---", "+++"):
        raise _FastParseFailed("front matter not closed")
    elif text.startswith("{"):
        record.format = "json"
        repeated = _RepeatedKeys()
        data, end_index = json.JSONDecoder(object_pairs_hook=repeated).raw_decode(text)
        if repeated.found:  # a key written twice: as for YAML
            raise _FastParseFailed("odd front matter")
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
    _fill_metadata(record, data, raw, shared)
    if with_body:
        record.body_lower = collapse_body(body)


# Values many posts repeat (layouts, sections, tags, key -> line maps) are kept once:
# less memory, and a cache file that pickles each of them once.
_shared: dict[Any, Any] = {}


def _share(value: Any) -> Any:
    if len(_shared) > SHARED_LIMIT:
        _shared.clear()
    return _shared.setdefault(value, value)


def _shared_value(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) <= SHARED_MAX_LENGTH and not value[:1].isdigit():
            return _share(value)
    elif isinstance(value, list):
        return [_share(v) if isinstance(v, str) and len(v) <= SHARED_MAX_LENGTH else v
                for v in value]  # fmt: skip
    return value


def _fill_metadata(record: PostRecord, data: dict, raw: dict[str, str], shared=False) -> None:
    """Fill the record from parsed front matter; shared: keys are interned, repeated values
    and the key -> line map shared already (``flat_yaml``)."""
    if shared:
        record.metadata = metadata = data
    else:
        intern = sys.intern
        record.metadata = metadata = {intern(str(k)): _shared_value(v) for k, v in data.items()}
        key_lines = {intern(k): v for k, v in record.key_lines.items()}
        shape = tuple(key_lines.items())
        record.key_lines = _shared.get(shape) or _share_key_lines(shape, key_lines)
    title = metadata.get("title")
    if title.__class__ is str:
        record.title = title.strip()
    elif title is not None:
        record.title = str(title).strip()
    raw_dates = {}
    sort_keys = {}
    for key, value in metadata.items():
        cls = value.__class__
        if cls is str:
            if value[:1] in DATE_FIRST_CHARACTERS and (
                value[:1].isdigit() or value[:3] in WORDY_DATE_STARTS
            ):
                text = value.strip()
                info = date_info(text)
                if info is not None:
                    raw_dates[key], sort_keys[key] = text, info[1]
        elif isinstance(value, date):
            raw_dates[key] = raw.get(key) or value.isoformat()
            sort_keys[key] = sort_key(value, "")
    record.raw_dates = raw_dates
    for key in DATE_KEYS:
        if key in metadata:
            value = metadata[key]
            record.date_text = raw_dates.get(key) or ("" if value is None else str(value))
            record.date_key = sort_keys.get(key, "")
            break


def _share_key_lines(shape: tuple, key_lines: dict[str, int]) -> dict[str, int]:
    if len(_shared) > SHARED_LIMIT:
        _shared.clear()
    _shared[shape] = key_lines
    return key_lines


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
        from editor.core.post.model import Post
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
    record.warnings = tuple(found.as_tuple() for found in post.warnings)
    record.format = post.format
    metadata = dict(post.metadata)
    raw = {k: v for k, v in metadata.items() if isinstance(v, str)}
    record.key_lines = {k: line for k in metadata if (line := post.key_line(k)) is not None}
    _fill_metadata(record, metadata, raw)
    record.body_line = post.body_start_line
    if with_body:
        record.body_lower = collapse_body(post.body)


def _read_post(path: str, size: int | None) -> tuple[bytes | None, os.stat_result | None]:
    """(the whole file, None), or without a known size (None, the file's stat) when it is
    over MAX_POST_BYTES, or (the file, its stat). Only a regular file is opened (see
    regular_files), and never more than MAX_POST_BYTES + 1 bytes are read."""
    data, st = read_regular(path, MAX_POST_BYTES)
    return data, (st if size is None else None)


_TOO_BIG = f"the file is larger than {MAX_POST_BYTES // (1024 * 1024)} MB"


def parse_post_file(path: str, rel: str, size: int | None = None, mtime_ns: int | None = None,
                    with_body: bool = False) -> PostRecord:  # fmt: skip
    """Read and parse one post into a PostRecord; never raises for a bad file.

    Without size and mtime_ns they are taken from the file as it is opened."""
    record = PostRecord(path, rel, size or 0, mtime_ns or 0)
    too_big = _TOO_BIG
    if size is not None and size > MAX_POST_BYTES:
        record.error = too_big
        return record
    try:
        data, st = _read_post(path, None if mtime_ns is None else size)
    except NotRegularFileError as exc:
        record.error = exc.message
        return record
    except OSError as exc:
        record.error = f"cannot read the file: {exc.strerror}"
        return record
    if st is not None:
        record.size, record.mtime_ns = st.st_size, st.st_mtime_ns
    if data is None:
        record.error = too_big
        return record
    _fill_from_bytes(record, data, with_body)
    return record


def parse_post_bytes(path: str, rel: str, data: bytes, size: int = 0, mtime_ns: int = 0,
                     with_body: bool = False) -> PostRecord:  # fmt: skip
    """parse_post_file for a file's bytes already read; never raises."""
    record = PostRecord(path, rel, size, mtime_ns)
    _fill_from_bytes(record, data, with_body)
    return record


def _fill_from_bytes(record: PostRecord, data: bytes, with_body: bool) -> None:
    try:
        if data.find(b"\0", 0, 8192) >= 0:
            raise _FastParseFailed("binary")
        _parse_text(record, data.decode("utf-8"), with_body)
    except Exception as exc:  # any failure: the post model parses again and words the error
        record.error, record.error_line = _own_error_message(exc)
        _fill_from_post_model(record, data, with_body)


def read_body_text(path: str) -> str:
    """The searchable body text of a post file, without parsing its front matter."""
    try:
        data, _ = read_regular(path, MAX_POST_BYTES)
    except (OSError, NotRegularFileError):
        return ""
    text = (data or b"").decode("utf-8", errors="replace")
    text = text.removeprefix("\ufeff")
    first = text[: text.find("\n") + 1].rstrip()
    if first in ("---", "+++"):
        closers = ("---", "...") if first == "---" else ("+++",)
        lines = text.split("\n")
        end = _closing_line(lines, closers)
        if end is not None:
            text = "\n".join(lines[end + 1 :])
    elif text.startswith("{"):
        try:
            text = text[json.JSONDecoder().raw_decode(text)[1] :]
        except ValueError:
            pass
    return collapse_body(text)

"""Flat YAML front matter read without the YAML library, with exactly its values.

Most posts' front matter is a list of ``key: value`` lines: plain scalars, quoted
strings, and ``[a, b]`` lists of plain words. ``flat_yaml`` reads such lines several times
faster than libyaml and gives exactly what ``yaml.safe_load`` gives: plain scalars are
resolved by PyYAML's own implicit resolvers and built by its own constructors (so
booleans, numbers, nulls and timestamps come out identical). Anything it is not sure of
(nesting, anchors, tags, block scalars, escapes, tabs, comments it cannot place,
duplicate keys, impossible dates such as 2017-02-29, unusual characters) makes it answer
None, and the caller uses the library, which reads those as ``yaml_tolerance`` says.

Short values that repeat across posts (layouts, tags, ``true``) are built once and
shared by every post that has them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

SHARED_LIMIT = 200_000  # entries a sharing table holds before it starts over
SHARED_MAX_LENGTH = 32  # longer texts are rarely repeated: not worth a table entry


class _NotFlat(Exception):
    """The front matter needs the YAML library."""


# A "key: value" line; the value (group 2) without the spaces around it, "" when empty.
_FLAT_LINES = re.compile(r"^([A-Za-z_][A-Za-z0-9_.-]{0,127}):(?: +(.*\S))? *$", re.M)
_ASCII_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f]")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_SPECIALS = re.compile(r"[\[\]{}\"'#:?]")
_SIMPLE_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_BOOL_VALUES = SafeConstructor.bool_values
_RESOLVERS = Resolver.yaml_implicit_resolvers
# First characters after which a plain scalar may not be a plain string: the indicators
# and those YAML's resolvers look at (y, n, t, f, o, digits, ~ ...).
_SPECIAL_STARTS = _INDICATORS | frozenset(k for k in _RESOLVERS if k)
_CONSTRUCTOR = SafeConstructor()
_MISSING = object()
_plain_values: dict[str, Any] = {}
_flat_keys: dict[str, str] = {}  # keys seen to be plain strings, interned
# The loaders' own constructors, so numbers and timestamps come out exactly as they would.
_CONSTRUCTORS = {
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": _CONSTRUCTOR.construct_yaml_timestamp,
}


def _plain(text: str) -> Any:
    """The value of a one-line plain scalar, as YAML's resolver and constructor give it.

    Short texts (layouts, tags, booleans) repeat across posts: their values are kept, so
    each is worked out once and all posts share one object.
    """
    value = _plain_values.get(text, _MISSING)
    if value is _MISSING:
        value = _resolve_plain(text)
        if len(text) <= SHARED_MAX_LENGTH:
            if len(_plain_values) > SHARED_LIMIT:
                _plain_values.clear()
            _plain_values[text] = value
    return value


def _resolve_plain(text: str) -> Any:
    first = text[0]
    if first in _INDICATORS and not (first == "-" and len(text) > 1 and text[1] != " "):
        raise _NotFlat
    if ": " in text or text[-1] == ":":
        raise _NotFlat
    for tag, regex in _RESOLVERS.get(first, ()):
        if regex.match(text):
            if tag == "tag:yaml.org,2002:bool":
                return _BOOL_VALUES[text.lower()]
            if tag == "tag:yaml.org,2002:null":
                return None
            if tag == "tag:yaml.org,2002:int" and _SIMPLE_INT.match(text):
                return int(text)
            construct = _CONSTRUCTORS.get(tag)
            if construct is None:  # merge keys, "=" and the like
                raise _NotFlat
            try:
                return construct(ScalarNode(tag, text))
            except (ValueError, TypeError, OverflowError):
                raise _NotFlat from None  # an impossible date (2017-02-29): see yaml_tolerance
    return text


def _flat_value(text: str) -> Any:
    """The value after "key: " (not empty, no trailing spaces)."""
    first = text[0]
    if first == "'":
        end = 1
        while True:
            end = text.find("'", end)
            if end < 0:
                raise _NotFlat
            if text.startswith("''", end):
                end += 2
                continue
            break
        if text[end + 1 :].strip(" "):
            raise _NotFlat
        return text[1:end].replace("''", "'")
    if first == '"':
        end = text.find('"', 1)
        if end < 0 or "\\" in text[:end] or text[end + 1 :].strip(" "):
            raise _NotFlat
        return text[1:end]
    if first == "[":
        if text[-1] != "]" or _FLOW_SPECIALS.search(text, 1, len(text) - 1):
            raise _NotFlat
        inner = text[1:-1].strip(" ")
        if not inner:
            return []
        items = [item.strip(" ") for item in inner.split(",")]
        if not all(items):
            raise _NotFlat
        return [_plain(item) for item in items]
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment].rstrip(" ")
    return _plain(text)


def flat_yaml(lines: list[str], first_line: int = 1) -> tuple[dict, dict, dict] | None:
    """(data, key -> line, key -> date as written) of flat YAML front matter lines, or None
    when the YAML library is needed.

    When it answers, ``data`` is exactly what ``yaml.safe_load`` gives for the lines
    (``{}`` for blank or comment-only text). Duplicate keys and timestamps that are not
    real dates answer None (the library keeps the last key and the date as text), and so does any
    character ``str.isprintable`` refuses: a subset of what YAML accepts that leaves out
    tabs, line breaks other than "\\n", a byte order mark and the non-printables YAML
    rejects.
    """
    return flat_yaml_text("\n".join(lines), lines, first_line)


def flat_yaml_text(text: str, lines: list[str], first_line: int) -> tuple[dict, dict, dict] | None:
    """flat_yaml of the lines, given joined by "\\n" as text too."""
    if text.isascii():
        if _ASCII_CONTROL.search(text):
            return None
    elif not all(line.isprintable() for line in lines):
        return None
    pairs = _FLAT_LINES.findall(text)
    if len(pairs) == len(lines):
        numbers: Iterable[int] = range(first_line, first_line + len(lines))
    else:  # blank or comment lines, or a line that is not flat
        numbers = []
        for offset, line in enumerate(lines):
            line = line.rstrip(" ")
            if line and line[0] != "#":
                if not _FLAT_LINES.match(line):
                    return None
                numbers.append(first_line + offset)
    data: dict[str, Any] = {}
    raw_dates: dict[str, str] = {}
    flat_keys = _flat_keys
    try:
        for name, value_text in pairs:
            key = flat_keys.get(name)
            if key is None:
                if _plain(name) != name:
                    return None
                if len(flat_keys) > SHARED_LIMIT:
                    flat_keys.clear()
                key = flat_keys[name] = sys.intern(name)
            if not value_text:
                value = None
            elif (
                len(value_text) > SHARED_MAX_LENGTH
                and value_text[0] not in _SPECIAL_STARTS
                and ": " not in value_text
                and " #" not in value_text
                and value_text[-1] != ":"
            ):
                value = value_text  # the common long plain string (title, description, URL)
            else:
                value = _flat_value(value_text)
                if value.__class__ in _DATE_TYPES:
                    raw_dates[key] = value_text.split(" #", 1)[0].rstrip(" ")  # as written
            data[key] = value
    except _NotFlat:
        return None
    if len(data) != len(pairs):
        return None  # a duplicate key: the library reads it (the last one wins) and warns
    return data, _key_lines(tuple(data), numbers), raw_dates


_DATE_TYPES = (date, datetime)
_shared_key_lines: dict[tuple, dict[str, int]] = {}


def _key_lines(keys: tuple[str, ...], numbers: range | list[int]) -> dict[str, int]:
    """key -> line; posts with the same keys on the same lines share one dict (read-only)."""
    if numbers.__class__ is range:
        shared = _shared_key_lines.get((keys, numbers.start))
        if shared is None:
            if len(_shared_key_lines) > SHARED_LIMIT:
                _shared_key_lines.clear()
            shared = _shared_key_lines[keys, numbers.start] = dict(zip(keys, numbers, strict=True))
        return shared
    return dict(zip(keys, numbers, strict=True))

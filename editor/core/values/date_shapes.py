"""Dates as posts write them, recognised in bulk: the format and a sortable key.

``date_info`` agrees with ``dates.detect_format`` but is cheap over a whole site: texts
that cannot be dates are turned away by one regular expression, and a format found for
one text is reused for every text of the same shape (digits and letters masked), read
with a regular expression when it is purely numeric. The index, the schema, the checks
and the filter share it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from editor.core.values import dates

_DATE_PREFILTER = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}"
    r"|(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*, )?"
    r"(?:\d{1,2} )?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,4}"
)
# Digits to "9", ASCII letters to "a": texts of one shape are written in one format.
_SHAPE_TABLE = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "9" * 10 + "a" * 52
)
_NUMERIC_DIRECTIVES = {"%Y": r"(\d{4})", "%m": r"(\d{2})", "%d": r"(\d{2})",
                       "%H": r"(\d{2})", "%M": r"(\d{2})", "%S": r"(\d{2})"}  # fmt: skip
WORDY_DATE_STARTS = frozenset(
    "Mon Tue Wed Thu Fri Sat Sun Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
)
# First characters of the texts date_info may accept: digits and the wordy starts'.
DATE_FIRST_CHARACTERS = frozenset(
    [str(digit) for digit in range(10)] + [start[0] for start in WORDY_DATE_STARTS]
)
# shape -> (format, regex when purely numeric, group order: see _numeric_regex)
_known_shapes: dict[str, tuple[str, re.Pattern[str] | None, tuple[int, ...] | None]] = {}


@lru_cache(maxsize=4096)
def _detect_uncached(text: str) -> str | None:
    return dates.detect_format(text)


_DATE_FIELDS = ("%Y", "%m", "%d", "%H", "%M", "%S")
_DATE_DEFAULTS = (1, 1, 1, 0, 0, 0)


def _numeric_regex(fmt: str) -> tuple[re.Pattern[str] | None, tuple[int, ...] | None]:
    """A regex parsing fmt exactly when it has only fixed-width numeric fields, and for each
    of Y m d H M S the index of its group (-1: absent); None when they come in that order."""
    parts = re.split(r"(%.)", fmt)
    if any(p.startswith("%") and p not in _NUMERIC_DIRECTIVES for p in parts):
        return None, None
    fields = [p for p in parts if p in _NUMERIC_DIRECTIVES]
    order = tuple(fields.index(d) if d in fields else -1 for d in _DATE_FIELDS)
    regex = re.compile("".join(_NUMERIC_DIRECTIVES.get(p, re.escape(p)) for p in parts) + r"\Z")
    return regex, None if fields == list(_DATE_FIELDS[: len(fields)]) else order


def _numeric_parts(match: re.Match[str], order: tuple[int, ...] | None) -> list[int]:
    """Year, month, day, hour, minute, second of a numeric match; ValueError if no date."""
    groups = match.groups()
    if order is None:
        parts = [int(g) for g in groups]
        parts += _DATE_DEFAULTS[len(parts) :]
    else:
        parts = [
            int(groups[i]) if i >= 0 else d for i, d in zip(order, _DATE_DEFAULTS, strict=True)
        ]
    datetime(*parts)  # validates (ValueError)
    return parts


def _numeric_sort_key(match: re.Match[str], order: tuple[int, ...] | None) -> str:
    groups = match.groups()
    if order is None and len(groups) == 6:  # fixed-width fields in sort order already
        year, month, day, hour, minute, second = groups
        datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
        return f"{year}-{month}-{day}T{hour}:{minute}:{second}"
    year, month, day, hour, minute, second = _numeric_parts(match, order)
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"


def date_info(text: str) -> tuple[str, str] | None:
    """(strftime format, sortable "YYYY-MM-DDTHH:MM:SS") of a date string, or None.

    Agrees with ``dates.detect_format`` but is cheap in bulk: non-dates are turned
    away by a quick regex, and a format found for one text is reused for every text
    of the same shape (digits and letters masked), parsed with a regex when it is
    purely numeric.
    """
    info = _date_info(text)
    if info is not None:
        if len(_recent_formats) > _RECENT_LIMIT:
            _recent_formats.clear()
        _recent_formats[text] = info[0]
    return info


# text -> format of the dates date_info read lately: the schema asks again for each.
_recent_formats: dict[str, str] = {}
_RECENT_LIMIT = 200_000


def _date_info(text: str) -> tuple[str, str] | None:
    if not isinstance(text, str) or len(text) > 40 or not _DATE_PREFILTER.match(text):
        return None
    shape = text.translate(_SHAPE_TABLE)
    known = _known_shapes.get(shape)
    if known is not None:
        fmt, regex, order = known
        try:
            if regex is not None:
                match = regex.match(text)
                if match:
                    return fmt, _numeric_sort_key(match, order)
            else:
                value = dates.parse(text, fmt)
                if dates.format(value, fmt) == text:
                    return fmt, value.strftime("%Y-%m-%dT%H:%M:%S")
        except ValueError:
            pass
    fmt = _detect_uncached(text)
    if fmt is None:
        return None
    _known_shapes[shape] = (fmt, *_numeric_regex(fmt))
    return fmt, dates.parse(text, fmt).strftime("%Y-%m-%dT%H:%M:%S")


def date_format_of(text: str) -> str | None:
    """The strftime format of a date string (see ``date_info``), or None."""
    fmt = _recent_formats.get(text) if isinstance(text, str) else None
    if fmt is not None:
        return fmt
    if isinstance(text, str) and len(text) <= 40 and _DATE_PREFILTER.match(text):
        known = _known_shapes.get(text.translate(_SHAPE_TABLE))
        if known is not None and known[1] is not None:
            match = known[1].match(text)
            if match:
                try:
                    _numeric_parts(match, known[2])
                    return known[0]
                except ValueError:
                    pass
    info = date_info(text)
    return info[0] if info else None


def sort_key(value: Any, raw: str) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%dT00:00:00")
    info = date_info(raw)
    return info[1] if info else ""

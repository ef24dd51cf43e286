"""Date formats as sites write them, detected from text and written back the same way.

A format is a ``strftime`` pattern, with one extension: ``%:z`` is a UTC
offset written with a colon (``+02:00``), which ``strftime`` cannot produce on
Python 3.11. ``detect_format`` only accepts a pattern that reproduces the text
exactly, so ``format(parse(text, fmt), fmt) == text`` always holds.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, timedelta

# Keys that hold a post's publication date, in the order they are looked for: the preview
# header shows the first one present and the site index sorts posts by it.
DATE_KEYS = ("date", "pubDate", "published", "publishDate", "pub_date", "created")

_DATE_PARTS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y"]
_TIME_SEPARATORS = ["T", " ", "-", "_"]
_TIME_PARTS = ["%H:%M:%S.%3f", "%H:%M:%S.%f", "%H:%M:%S", "%H:%M", "%H-%M-%S", "%H-%M"]
_ZONES = ["", "Z", " Z", "%z", " %z", "%:z", " %:z"]

_WORDY = ["%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%A, %B %d, %Y"]

_CANDIDATES: list[str] = []
for _d in _DATE_PARTS:
    _CANDIDATES.append(_d)
    for _sep in _TIME_SEPARATORS:
        for _t in _TIME_PARTS:
            for _z in _ZONES:
                _CANDIDATES.append(f"{_d}{_sep}{_t}{_z}")
_CANDIDATES.extend(_WORDY)

_LOOKS_LIKE_DATE = re.compile(
    r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}|[A-Z][a-z]+,? )"
)
_SHAPE = re.compile(r"\d")
_COLON_ZONE = re.compile(r"([+-]\d{2}):(\d{2})$")


def _strptime(text: str, fmt: str) -> datetime:
    fmt = fmt.replace("%3f", "%f")
    if "%:z" in fmt:
        match = _COLON_ZONE.search(text)
        if not match:
            raise ValueError("no colon offset")
        text = text[: match.start()] + match.group(1) + match.group(2)
        fmt = fmt.replace("%:z", "%z")
    if fmt.endswith("Z"):
        dt = datetime.strptime(text, fmt)
        return dt.replace(tzinfo=UTC)
    return datetime.strptime(text, fmt)


def format(value: date | datetime, fmt: str) -> str:  # noqa: A001 - mirrors strftime
    """Write ``value`` in ``fmt`` (which may use ``%:z`` and a literal trailing ``Z``)."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if fmt.endswith("Z") and value.tzinfo is not None:
        value = value.astimezone(UTC)
    if "%:z" in fmt:
        offset = value.utcoffset() or timedelta(0)
        total = int(offset.total_seconds() // 60)
        sign = "+" if total >= 0 else "-"
        hours, minutes = divmod(abs(total), 60)
        fmt = fmt.replace("%:z", f"{sign}{hours:02d}:{minutes:02d}")
    if "%3f" in fmt:
        fmt = fmt.replace("%3f", f"{value.microsecond // 1000:03d}")
    if "%z" in fmt and value.tzinfo is None:
        fmt = fmt.replace("%z", "+0000")
    text = value.strftime(fmt)
    return text


def _coarse_shape(text: str) -> str:
    """Digits masked and the offset sign unified: all texts one numeric format writes agree."""
    return _SHAPE.sub("9", text).replace("+", "-")


# What each numeric directive writes, as ``_coarse_shape`` sees it (digits masked as 9,
# an offset's sign as "-"); longest directives first, so "%:z" wins over "%z".
_DIRECTIVE_SHAPES = (
    ("%:z", "-99:99"),
    ("%3f", "999"),
    ("%Y", "9999"),
    ("%f", "999999"),
    ("%z", "-9999"),
    ("%m", "99"),
    ("%d", "99"),
    ("%H", "99"),
    ("%M", "99"),
    ("%S", "99"),
)


def format_shape(fmt: str) -> str:
    """The coarse shape of every text a numeric format writes, read off the pattern
    (no date is formatted): ``%Y-%m-%d`` → ``9999-99-99``."""
    for directive, shape in _DIRECTIVE_SHAPES:
        fmt = fmt.replace(directive, shape)
    return fmt


@functools.cache
def _numeric_candidates_by_shape() -> dict[str, list[str]]:
    """The numeric candidate formats grouped by the shape of what they write, in the
    order of ``_CANDIDATES``; a shape is put together from its parts' shapes."""
    table: dict[str, list[str]] = {}
    zones = [(zone, format_shape(zone)) for zone in _ZONES]
    times = [(part, format_shape(part)) for part in _TIME_PARTS]
    for day in _DATE_PARTS:
        day_shape = format_shape(day)
        table.setdefault(day_shape, []).append(day)
        for sep in _TIME_SEPARATORS:
            for time_part, time_shape in times:
                for zone, zone_shape in zones:
                    shape = f"{day_shape}{sep}{time_shape}{zone_shape}"
                    table.setdefault(shape, []).append(f"{day}{sep}{time_part}{zone}")
    return table


def detect_format(text: str) -> str | None:
    """The pattern that writes ``text`` exactly, or None when it is not a date we know.

    Only the candidate formats whose output has the text's shape are tried, so a
    near miss such as ``2020-13-01`` costs a dictionary lookup and one strptime.
    """
    if not isinstance(text, str) or len(text) > 48 or not _LOOKS_LIKE_DATE.match(text):
        return None
    if text.strip() != text:
        return None
    shape = _coarse_shape(text)
    candidates = _numeric_candidates_by_shape().get(shape, [])
    if not candidates and _WORDY_TEXT.search(text):
        candidates = _WORDY
    for fmt in candidates:
        if _writes_exactly(text, fmt):
            return fmt
    return None


def _writes_exactly(text: str, fmt: str) -> bool:
    try:
        return format(_strptime(text, fmt), fmt) == text
    except ValueError:
        return False


_WORDY_TEXT = re.compile(r"[A-Za-z]{3}")


def parse(text: str, fmt: str | None = None) -> datetime:
    """Parse ``text`` in ``fmt`` (detected when None); ValueError when it is not a date."""
    fmt = fmt or detect_format(text)
    if fmt is None:
        raise ValueError(f"not a date: {text!r}")
    return _strptime(text, fmt)


def has_time(fmt: str) -> bool:
    return "%H" in fmt


def format_for_value(value: date | datetime) -> str:
    """The pattern YAML itself would use for a native date or datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return "%Y-%m-%d %H:%M:%S%:z"
        return "%Y-%m-%d %H:%M:%S"
    return "%Y-%m-%d"

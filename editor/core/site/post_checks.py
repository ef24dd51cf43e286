"""The checks that know what the site's generator does with a post's dates and state.

=============  =======  ================================================================
code           level    finding
=============  =======  ================================================================
bad-date       error    a date field whose text starts or ends with an invisible
                        character (a no-break space, a zero-width space): YAML reads it
                        as text, and the generator fails on it or drops the date
file-date      warning  the date in the file name (``2020-01-02-slug.md``) is not the
                        ``date:`` field's day, on a site whose generator reads dates
                        from file names (Jekyll's ``_posts``, Eleventy, Hugo with
                        ``[frontmatter] date = [":filename", …]``)
not-live       info     the post is a draft, scheduled or expired (``publish``), so the
                        built site does not show it
=============  =======  ================================================================

``written_date_format(text)`` is ``date_format_of`` taught what the generators accept
beyond it: a one-digit hour (``2015-02-15 9:18:00``, which YAML, Ruby and Go all read).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime

from editor.core.site.problem import Problem
from editor.core.site.publish import (
    DATE_KEY,
    DRAFT,
    EXPIRED,
    EXPIRY_KEYS,
    PUBLISH_DATE_KEYS,
    PUBLISHED,
    SCHEDULED,
    PublishRules,
    publish_state,
    why,
)
from editor.core.site.records import PostRecord
from editor.core.values.date_shapes import date_format_of, date_info

_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?=[-_])")
_ONE_DIGIT_HOUR = re.compile(r"^(\d{4}-\d{2}-\d{2}[ T])(\d)(?=:)")
_DATE_NAMES = frozenset(
    "date pubdate published publishdate publish_date pub_date created lastmod updated "
    "modified expirydate expiry_date unpublishdate".split()
)


# The fields a not-live finding points at, by state.
_STATE_KEYS = {
    DRAFT: ("draft", "published"),
    SCHEDULED: (*PUBLISH_DATE_KEYS, DATE_KEY),
    EXPIRED: EXPIRY_KEYS,
}


def written_date_format(text: str) -> str | None:
    """The strftime pattern of a date as written, a one-digit hour read as ``%H``."""
    fmt = date_format_of(text)
    if fmt is None and _ONE_DIGIT_HOUR.match(text):
        fmt = date_format_of(_ONE_DIGIT_HOUR.sub(r"\g<1>0\2", text, count=1))
    return fmt


def is_date_name(key: str) -> bool:
    return key.lower() in _DATE_NAMES


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cf"


def _character_name(char: str) -> str:
    name = unicodedata.name(char, "").lower() or "invisible character"
    return f"{name} (U+{ord(char):04X})"


def bad_dates(records: Iterable[PostRecord]) -> list[Problem]:
    """Date fields that hold a date behind an invisible character."""
    problems = []
    for record in records:
        for key, value in record.metadata.items():
            if not isinstance(value, str) or not value or not is_date_name(key):
                continue
            ends = [c for c in (value[0], value[-1]) if c not in " \t" and _invisible(c)]
            if not ends:
                continue
            cleaned = "".join(c for c in value if not _invisible(c) or c == " ").strip()
            if date_info(cleaned) is None:
                continue
            where = "starts" if value[0] == ends[0] else "ends"
            problems.append(
                Problem(
                    record.path,
                    record.key_lines.get(key),
                    "error",
                    "bad-date",
                    f"'{key}' {where} with a {_character_name(ends[0])}: it is read as "
                    f"text, not as the date {cleaned}",
                    key,
                )
            )
    return problems


def file_dates(records: Iterable[PostRecord], rules: PublishRules) -> list[Problem]:
    """Posts whose file name's date is not their ``date:`` day, where the generator reads
    file-name dates (``PublishRules.reads_file_dates``)."""
    if not rules.reads_file_dates:
        return []
    generator = rules.generator
    problems = []
    for record in records:
        parts = record.rel.split("/")
        if generator == "jekyll" and "_posts" not in parts[:-1]:
            continue
        match = _FILE_DATE.match(parts[-1])
        raw = record.raw_dates.get("date")
        if match is None or raw is None:
            continue
        info = date_info(raw.strip()) or date_info(_ONE_DIGIT_HOUR.sub(r"\g<1>0\2", raw.strip()))
        if info is None:
            continue
        named = "-".join(match.groups())
        if info[1][:10] != named:
            problems.append(
                Problem(
                    record.path,
                    record.key_lines.get("date"),
                    "warning",
                    "file-date",
                    f"the file name says {named} but 'date' is {raw}: the post's day and "
                    "address follow 'date'",
                    "date",
                )
            )
    return problems


def not_live(
    records: Iterable[PostRecord], rules: PublishRules, now: datetime | None = None
) -> list[Problem]:
    """Posts the built site will not show, with why."""
    now = now or datetime.now()
    problems = []
    for record in records:
        state = publish_state(record, rules, now)
        if state != PUBLISHED:
            names = _STATE_KEYS.get(state, ())
            key = next((k for n in names for k in record.metadata if k.lower() == n), None)
            problems.append(
                Problem(
                    record.path,
                    record.key_lines.get(key) if key else 1,
                    "info",
                    "not-live",
                    why(state, record, rules),
                    key,
                )
            )
    return problems

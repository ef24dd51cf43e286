"""Why a post is not live: its publish state under its generator's rules.

``publish_state(record, rules, now)`` gives one of ``STATES``:

* ``draft``: ``draft: true`` (every generator that knows drafts), ``published: false``
  (Jekyll's and Eleventy's way), or a file in a ``_drafts`` folder (Jekyll, Hexo);
* ``scheduled``: a ``publishDate`` (also ``publish_date``, ``pubDate``, Hugo's date-valued
  ``published``) in the future, or a ``date`` in the future where the generator leaves
  future posts out (Hugo unless ``buildFuture``, Jekyll unless ``future: true``, and a
  site whose generator is not known);
* ``expired``: an ``expiryDate`` (``expirydate``, ``unpublishdate``, ``expires``) in the
  past, where the generator leaves expired posts out (Hugo unless ``buildExpired``, and
  a site whose generator is not known);
* ``published``: everything else.

``rules_for(root)`` reads the generator (``dialect.detect_generator``) and its settings
(``buildFuture``, ``buildExpired``, ``future``) through ``config_files.read_data``.
Dates compare as written, to the second, without time zones: a post due within a few
hours of now may show as either.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from editor.core.site.config_files import read_data
from editor.core.site.records import PostRecord
from editor.core.values.date_shapes import date_info, sort_key

PUBLISHED, DRAFT, SCHEDULED, EXPIRED = "published", "draft", "scheduled", "expired"
STATES = (PUBLISHED, DRAFT, SCHEDULED, EXPIRED)

PUBLISH_DATE_KEYS = ("publishdate", "publish_date", "pubdate", "published")
EXPIRY_KEYS = ("expirydate", "expiry_date", "unpublishdate", "expires")
DATE_KEY = "date"

# Generators that leave posts dated in the future out of the build by default, and
# those that leave expired ones out. None: the generator is not known.
_SKIPS_FUTURE = {"hugo", "jekyll", None}
_SKIPS_EXPIRED = {"hugo", None}


@dataclass(frozen=True)
class PublishRules:
    """What the site's generator leaves out of a build."""

    generator: str | None = None
    skips_future: bool = True
    skips_expired: bool = True
    # Takes a post's date from a file name like 2020-01-02-slug.md (Jekyll's posts,
    # Eleventy, Hugo when [frontmatter] date names ":filename").
    reads_file_dates: bool = False


def rules_for_generator(generator: str | None, settings: Mapping[str, Any] = {}) -> PublishRules:  # noqa: B006
    """The rules of a generator, with its settings (the site config's keys)."""
    lowered = {str(k).lower(): v for k, v in settings.items()}
    future = generator in _SKIPS_FUTURE
    expired = generator in _SKIPS_EXPIRED
    file_dates = generator in ("jekyll", "eleventy")
    if generator == "hugo":
        future = lowered.get("buildfuture") is not True
        expired = lowered.get("buildexpired") is not True
        front_matter = lowered.get("frontmatter")
        dates = front_matter.get("date") if isinstance(front_matter, Mapping) else None
        file_dates = isinstance(dates, list) and ":filename" in dates
    elif generator == "jekyll":
        future = lowered.get("future") is not True
    return PublishRules(generator, future, expired, file_dates)


_CONFIGS = {
    "hugo": ("hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml", "config.json"),
    "jekyll": ("_config.yml", "_config.yaml"),
}


def rules_for(root: str | os.PathLike[str] | None) -> PublishRules:
    """The publish rules of the site at root (its generator and settings)."""
    from editor.core.site.dialect import detect_generator

    if root is None:
        return rules_for_generator(None)
    root = Path(root)
    generator = detect_generator(root)
    settings: Mapping[str, Any] = {}
    for name in _CONFIGS.get(generator or "", ()):
        if (root / name).is_file():
            settings = read_data(root / name)
            break
    return rules_for_generator(generator, settings)


@lru_cache(maxsize=8)
def _now_key(now: datetime) -> str:
    return now.strftime("%Y-%m-%dT%H:%M:%S")


def now_key(now: datetime) -> str:
    """The time as ``publish_state`` compares it with a post's dates."""
    return _now_key(now)


def change_points(record: PostRecord) -> list[str]:
    """The times (as ``now_key``) at which the post's state may change: ``publish_state``
    at two times gives the same state when no point lies between them (the second one
    counting as between)."""
    points = [record.date_key] if record.date_key else []
    for key, value in record.metadata.items():
        if key.lower() in _RELEVANT and (when := _date_key(value)) is not None:
            points.append(when)
    return points


def _date_key(value: Any) -> str | None:
    """A sortable "YYYY-MM-DDTHH:MM:SS" for a date value, or None when it is no date."""
    if isinstance(value, date):
        return sort_key(value, "")
    if isinstance(value, str):
        info = date_info(value.strip())
        return info[1] if info else None
    return None


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


_RELEVANT = frozenset({"draft", DATE_KEY, *PUBLISH_DATE_KEYS, *EXPIRY_KEYS})


def publish_state(
    record: PostRecord, rules: PublishRules | None = None, now: datetime | None = None
) -> str:
    """The post's state (see the module docstring); a file that did not parse is published
    as far as this knows."""
    if rules is None:
        rules = PublishRules()
    found = {}
    for key, value in record.metadata.items():
        lowered = key.lower()
        if lowered in _RELEVANT:
            found[lowered] = value
    if "_drafts/" in record.rel and "_drafts" in record.rel.split("/")[:-1]:
        return DRAFT
    if not found:
        return PUBLISHED
    if _is_true(found.get("draft")) or _is_false(found.get("published")):
        return DRAFT
    current = _now_key(now or datetime.now())
    for key in PUBLISH_DATE_KEYS:
        if key in found:
            when = _date_key(found[key])
            if when is not None and when > current:
                return SCHEDULED
    if rules.skips_future and DATE_KEY in found:
        # The index worked out the date's sort key already (``date`` comes first).
        known = record.date_key if DATE_KEY in record.metadata else ""
        when = known or _date_key(found[DATE_KEY])
        if when and when > current:
            return SCHEDULED
    if rules.skips_expired:
        for key in EXPIRY_KEYS:
            if key in found:
                when = _date_key(found[key])
                if when is not None and when <= current:
                    return EXPIRED
    return PUBLISHED


def publish_states(
    records: Iterable[PostRecord], rules: PublishRules | None = None, now: datetime | None = None
) -> dict[str, str]:
    """The state of every post that is not published, by absolute path."""
    now = now or datetime.now()
    states = {}
    for record in records:
        if record.error is None:
            state = publish_state(record, rules, now)
            if state != PUBLISHED:
                states[os.fspath(record.path)] = state
    return states


def publish_marks(
    records: Iterable[PostRecord], rules: PublishRules | None = None, now: datetime | None = None
) -> dict[str, frozenset[str]]:
    """The paths of the posts in each state but ``published`` (the ``is:`` marks a filter
    takes, see ``query.parse_query``)."""
    marks: dict[str, set[str]] = {state: set() for state in STATES if state != PUBLISHED}
    for path, state in publish_states(records, rules, now).items():
        marks[state].add(path)
    return {state: frozenset(paths) for state, paths in marks.items()}


def why(state: str, record: PostRecord, rules: PublishRules) -> str:
    """A sentence for a person: why the post is not live."""
    metadata = {str(k).lower(): (k, v) for k, v in record.metadata.items()}
    if state == DRAFT:
        if _is_true(metadata.get("draft", (None, None))[1]):
            return "draft: not published (draft: true)"
        if _is_false(metadata.get("published", (None, None))[1]):
            return "draft: not published (published: false)"
        return "draft: not published (in a _drafts folder)"
    if state == SCHEDULED:
        for key in (*PUBLISH_DATE_KEYS, DATE_KEY):
            if key in metadata:
                name, value = metadata[key]
                when = _date_key(value)
                if when is not None and (key != DATE_KEY or rules.skips_future):
                    return f"scheduled: not published until {when.replace('T', ' ')} ({name})"
    if state == EXPIRED:
        for key in EXPIRY_KEYS:
            if key in metadata:
                name, value = metadata[key]
                when = _date_key(value)
                if when is not None:
                    return f"expired: no longer published since {when.replace('T', ' ')} ({name})"
    return state

"""What a site's front matter looks like: fields inferred from its posts, plus pinned rules.

``infer_schema(records)`` counts, per top-level field (in first-seen order): how many
posts have it, the kinds of values seen (``str``, ``text``, ``bool``, ``int``,
``float``, ``date``, ``list``, ``map``, ``null``, the same names as
``Post.value_kind``), the distinct values with counts (each item of a list counts on
its own: this is the vocabulary for categories/tags autocomplete) and the date formats
seen (``dates.detect_format`` patterns).

A site may pin rules in an optional ``masthead.toml`` at its root::

    [limits]                 # maximum lengths in characters: none unless set here
    title = 60
    description = 160

    [fields.title]
    required = true          # a post without it is an error
    type = "str"             # one of the kinds above
    max_length = 70          # overrides [limits] for this field

    [fields.categories]
    type = "list"
    allowed = ["latest", "news", "politics"]   # any other value is an error

    [fields.date]
    required = true
    date_format = "%Y-%m-%d-%H-%M-%S"          # strftime pattern every date must follow

Unknown keys are reported as problems of the ``masthead.toml`` file itself.
"""

from __future__ import annotations

import heapq
import operator
import os
import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from editor.core.site.config_files import SITE_SETTINGS_FILE
from editor.core.site.records import PostRecord
from editor.core.values.date_shapes import DATE_FIRST_CHARACTERS, WORDY_DATE_STARTS, date_format_of
from editor.core.values.kinds import KINDS, value_kind

DEFAULT_LIMITS: dict[str, int] = {}  # length limits are opt-in (issue 17)
_RULE_KEYS = {"required", "type", "allowed", "date_format", "max_length"}
_MAX_COUNTED_LENGTH = 100  # longer strings (descriptions, summaries) are not vocabulary
SHOWN_TOP_VALUES = 5  # the most used values the fields panel shows per field


@dataclass
class FieldStats:
    """What the posts of a site put in one field (read-only once counted: schemas inferred
    from one index snapshot share them)."""

    name: str
    order: int  # first-seen position
    count: int = 0  # posts that have the field
    kinds: Counter = field(default_factory=Counter)
    values: Counter = field(default_factory=Counter)  # scalars and list items, not dates
    date_formats: Counter = field(default_factory=Counter)
    # top_values, worked out once (a copy made by dataclasses.replace starts without)
    _top: dict[int, list[tuple[Any, int]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def top_values(self, n: int = SHOWN_TOP_VALUES) -> list[tuple[Any, int]]:
        """The n most used values with their counts, most used first (ties in first-seen
        order). Worked out once: a site's titles are thousands of values, and the
        workspace works them out off the GUI thread, where the fields panel shows them."""
        top = self._top.get(n)
        if top is None:
            top = self._top[n] = heapq.nlargest(n, self.values.items(), key=operator.itemgetter(1))
        return top

    @property
    def main_kind(self) -> str:
        return self.kinds.most_common(1)[0][0] if self.kinds else "null"

    @property
    def main_date_format(self) -> str | None:
        return self.date_formats.most_common(1)[0][0] if self.date_formats else None

    def vocabulary(self) -> list[str]:
        """Distinct string values, most used first (ties alphabetical)."""
        items = [(v, n) for v, n in self.values.items() if isinstance(v, str)]
        return [v for v, _ in sorted(items, key=lambda item: (-item[1], item[0]))]


@dataclass
class FieldRule:
    """Rules pinned for one field in masthead.toml."""

    required: bool = False
    type: str | None = None
    allowed: list[Any] | None = None
    date_format: str | None = None
    max_length: int | None = None


@dataclass
class SchemaConfig:
    """The parsed masthead.toml (defaults when the file is absent)."""

    fields: dict[str, FieldRule] = field(default_factory=dict)
    limits: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    path: Path | None = None
    errors: list[tuple[str, int | None]] = field(default_factory=list)  # (message, line)

    def max_length(self, name: str) -> int | None:
        rule = self.fields.get(name)
        if rule is not None and rule.max_length is not None:
            return rule.max_length
        return self.limits.get(name)


@dataclass
class Schema:
    fields: dict[str, FieldStats] = field(default_factory=dict)  # first-seen order
    posts: int = 0  # posts that parsed
    config: SchemaConfig = field(default_factory=SchemaConfig)

    def vocabulary(self, name: str) -> list[str]:
        stats = self.fields.get(name)
        return stats.vocabulary() if stats else []


def load_schema_config(root: str | os.PathLike[str] | None) -> SchemaConfig:
    """Read ``masthead.toml`` from the site root; problems are collected, never raised."""
    config = SchemaConfig()
    if root is None:
        return config
    path = Path(root) / SITE_SETTINGS_FILE
    if not path.is_file():
        return config
    config.path = path
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        config.errors.append((f"cannot read {SITE_SETTINGS_FILE}: {exc}", None))
        return config
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column \d+\)$", str(exc))
        message = str(exc)[: where.start()].rstrip() if where else str(exc)
        config.errors.append((f"invalid TOML: {message}", int(where.group(1)) if where else None))
        return config
    # [spelling]: spelling.config; [checks]: check_select; [site]: discovery;
    # [preview]: dialect; [git]: the git session
    for key in data.keys() - {"fields", "limits", "spelling", "checks", "site", "preview", "git"}:
        config.errors.append((f"unknown section [{key}]", None))
    limits = data.get("limits", {})
    if isinstance(limits, dict):
        for name, value in limits.items():
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                config.limits[name] = value
            else:
                config.errors.append((f"[limits] {name} must be a positive whole number", None))
    for name, raw in (data.get("fields") or {}).items():
        if not isinstance(raw, dict):
            config.errors.append((f"[fields.{name}] must be a table", None))
            continue
        for unknown in raw.keys() - _RULE_KEYS:
            config.errors.append((f"[fields.{name}] has an unknown rule '{unknown}'", None))
        kind = raw.get("type")
        if kind is not None and kind not in KINDS:
            config.errors.append((f"[fields.{name}] type must be one of {', '.join(KINDS)}", None))
            kind = None
        allowed = raw.get("allowed")
        config.fields[name] = FieldRule(
            required=bool(raw.get("required", False)),
            type=kind,
            allowed=list(allowed) if isinstance(allowed, list) else None,
            date_format=raw.get("date_format") if isinstance(raw.get("date_format"), str) else None,
            max_length=raw.get("max_length") if isinstance(raw.get("max_length"), int) else None,
        )
    return config


def collect_field_stats(records: Iterable[PostRecord]) -> tuple[int, dict[str, FieldStats]]:
    """(posts that parsed, field statistics in first-seen order) over the records."""
    # Per field: [kinds, values, date formats], plain dicts while counting (the hot loop of
    # a cold site open), made into FieldStats at the end; every value has one kind, so a
    # field's count is the sum of its kinds.
    tallies: dict[str, tuple[dict, dict, dict]] = {}
    posts = 0
    date_starts = DATE_FIRST_CHARACTERS
    for record in records:
        if record.error is not None:
            continue
        posts += 1
        raw_dates = record.raw_dates
        for name, value in record.metadata.items():
            tally = tallies.get(name)
            if tally is None:
                tally = tallies[name] = ({}, {}, {})
            kinds, values, formats = tally
            cls = value.__class__
            if raw_dates and name in raw_dates:
                # A date counts by its format; its value is no vocabulary (nearly every
                # post has its own).
                kinds["date"] = kinds.get("date", 0) + 1
                fmt = date_format_of(raw_dates[name])
                if fmt:
                    formats[fmt] = formats.get(fmt, 0) + 1
                continue
            if cls is str:
                if "\n" in value or (
                    value[:1] in date_starts
                    and (value[:1].isdigit() or value[:3] in WORDY_DATE_STARTS)
                ):
                    kind = value_kind(value)
                else:
                    kind = "str"
            else:
                kind = _KIND_OF_TYPE.get(cls) or value_kind(value)
            kinds[kind] = kinds.get(kind, 0) + 1
            if isinstance(value, str):
                text = value.strip()
                if len(text) <= _MAX_COUNTED_LENGTH:
                    values[text] = values.get(text, 0) + 1
            elif cls is list:
                for item in value:
                    if isinstance(item, str):
                        text = item.strip()
                        if len(text) <= _MAX_COUNTED_LENGTH:
                            values[text] = values.get(text, 0) + 1
                    elif isinstance(item, bool | int | float | date):
                        values[item] = values.get(item, 0) + 1
            elif isinstance(value, bool | int | float | date):
                values[value] = values.get(value, 0) + 1
    fields = {
        name: FieldStats(
            name, order, sum(kinds.values()), Counter(kinds), Counter(values), Counter(formats)
        )
        for order, (name, (kinds, values, formats)) in enumerate(tallies.items())
    }
    return posts, fields


def merge_field_stats(
    parts: Iterable[tuple[int, dict[str, FieldStats]] | None],
) -> tuple[int, dict[str, FieldStats]] | None:
    """The field stats of consecutive runs of records, counted apart, as one count over
    all of them would give (same first-seen order); None if any part is missing.

    The parts are consumed: the result reuses their FieldStats and adds into them, so
    pass only stats nothing else holds (never a snapshot's)."""
    posts = 0
    fields: dict[str, FieldStats] = {}
    for part in parts:
        if part is None:
            return None
        posts += part[0]
        for name, stats in part[1].items():
            merged = fields.get(name)
            if merged is None:
                stats.order = len(fields)
                fields[name] = stats
            else:
                merged.count += stats.count
                _add_counts(merged.kinds, stats.kinds)
                _add_counts(merged.values, stats.values)
                _add_counts(merged.date_formats, stats.date_formats)
    return posts, fields


def _add_counts(into: Counter, more: Counter) -> None:
    """into += more, keeping into's order then more's new keys (as Counter.update does);
    the keys both have are usually few, so the rest is one dict update."""
    both = into.keys() & more.keys()
    if not both:
        dict.update(into, more)
        return
    sums = {key: into[key] + more[key] for key in both}
    dict.update(into, more)
    dict.update(into, sums)


def field_stats_to_plain(field_stats: tuple[int, dict[str, FieldStats]]) -> tuple:
    """collect_field_stats's result as plain tuples and dicts (for the index cache)."""
    posts, fields = field_stats
    return posts, [
        (s.name, s.order, s.count, dict(s.kinds), dict(s.values), dict(s.date_formats))
        for s in fields.values()
    ]


def field_stats_from_plain(plain: Any) -> tuple[int, dict[str, FieldStats]] | None:
    """The inverse of field_stats_to_plain; None for anything that is not its output."""
    try:
        posts, rows = plain
        fields = {}
        for name, order, count, kinds, values, formats in rows:
            fields[name] = FieldStats(
                name, order, count, Counter(kinds), Counter(values), Counter(formats)
            )
    except (TypeError, ValueError):
        return None
    if not isinstance(posts, int) or not all(isinstance(name, str) for name in fields):
        return None
    return posts, fields


# Kinds fixed by the type alone (see value_kind); others are worked out from the value.
_KIND_OF_TYPE = {
    bool: "bool",
    int: "int",
    float: "float",
    list: "list",
    dict: "map",
    type(None): "null",
}


def _counted_already(records: Iterable[PostRecord]) -> tuple[int, dict[str, FieldStats]] | None:
    """The stats an index snapshot (``index.RecordList``) carries, if it is unchanged."""
    field_stats = getattr(records, "field_stats", None)
    counted = getattr(records, "counted", None)
    if field_stats is None or counted is None or len(counted) != len(records):  # type: ignore[arg-type]
        return None
    return field_stats if all(map(operator.is_, records, counted)) else None


def infer_schema(
    records: Iterable[PostRecord], config: SchemaConfig | None = None, root=None
) -> Schema:
    """Field statistics over the posts that parsed (see module docstring).

    ``config`` defaults to the ``masthead.toml`` found at ``root`` (if given). Statistics
    an index snapshot already carries are shared instead of counted again.
    """
    schema = Schema(config=config if config is not None else load_schema_config(root))
    counted = _counted_already(records)
    if counted is None:
        schema.posts, schema.fields = collect_field_stats(records)
    else:
        schema.posts = counted[0]
        schema.fields = dict(counted[1])
    return schema


def format_schema_table(
    schema: Schema, max_values: int = 5, distinct: dict[str, int] | None = None
) -> str:
    """A plain-text table of the fields, for ``masthead fields DIR``. ``distinct`` gives
    each field's count of distinct values of every length (``field_counts``); without
    it, the values the statistics counted (up to 100 characters) are counted."""
    header = ("field", "posts", "kinds", "common values / date formats")
    rows = []
    for stats in schema.fields.values():
        share = f"{stats.count} ({100 * stats.count // max(schema.posts, 1)}%)"
        kinds = ", ".join(
            f"{k} {n}" if len(stats.kinds) > 1 else k for k, n in stats.kinds.most_common()
        )
        if stats.date_formats:
            detail = ", ".join(f"{fmt} ×{n}" for fmt, n in stats.date_formats.most_common(3))
        else:
            common = [(v, n) for v, n in stats.values.most_common() if n > 1][:max_values]
            detail = ", ".join(f"{v} ×{n}" for v, n in common)
            count = len(stats.values) if distinct is None else distinct.get(stats.name, 0)
            if count > len(common):
                detail += ("; " if detail else "") + f"{count} distinct"
        rule = schema.config.fields.get(stats.name)
        if rule is not None and rule.required:
            kinds += " (required)"
        rows.append((stats.name, share, kinds, detail))
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(3)]
    lines = [
        "  ".join(str(cell).ljust(widths[i]) if i < 3 else str(cell) for i, cell in enumerate(row))
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * len(header[3]))
    lines.append(f"\n{schema.posts} posts, {len(schema.fields)} fields")
    return "\n".join(line.rstrip() for line in lines)

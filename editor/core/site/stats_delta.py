"""Field statistics kept current one post at a time, without counting the site again.

``schema.collect_field_stats`` counts every post of a snapshot: too slow to run after
each save in a big site. When one post changes (saved, added or removed), the new
statistics are the old ones minus what the old version of the post counted plus what
its new version counts (``apply_post_delta``). The result equals a full recount:

- the counts, kinds, values and date formats are sums over posts, so the delta is exact
  (a value or kind whose count drops to zero is removed, as a recount never has it);
- the fields keep the recount's first-seen order. A field is first seen in the first
  post (sorted by path) that has it, at that post's key position, so ``FirstSeen``
  keeps, per field, the path of that post, and the order is sorted from it.

Only the insertion order inside a Counter may differ from a recount's (it never
changes a count; ``Counter.most_common`` breaks exact ties by it).

Statistics in a snapshot are shared read-only (see ``schema.FieldStats``): the delta
copies the fields it changes and shares the others.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from editor.core.site.records import PostRecord
from editor.core.site.schema import FieldStats, collect_field_stats

FieldStatsResult = tuple[int, dict[str, FieldStats]]


class FirstSeen:
    """Per field, the relative path of the first post (sorted by path) that has it."""

    def __init__(self, records: Sequence[PostRecord]):
        first: dict[str, str] = {}
        for record in records:
            if record.error is None:
                for name in record.metadata:
                    if name not in first:
                        first[name] = record.rel
        self.first = first


def apply_post_delta(
    field_stats: FieldStatsResult,
    old: PostRecord | None,
    new: PostRecord | None,
    records: Sequence[PostRecord],
    first_seen: FirstSeen,
) -> FieldStatsResult:
    """The field stats of ``records`` (sorted by rel, already holding ``new`` and not
    ``old``), from those of the records before one post changed from ``old`` to ``new``
    (either None when the post was added or removed). ``first_seen`` is updated."""
    posts, before = field_stats
    fields = dict(before)
    copied: set[str] = set()

    def own(name: str) -> FieldStats:
        stats = fields[name]
        if name not in copied:
            stats = replace(
                stats,
                kinds=Counter(stats.kinds),
                values=Counter(stats.values),
                date_formats=Counter(stats.date_formats),
            )
            fields[name] = stats
            copied.add(name)
        return stats

    if old is not None and old.error is None:
        posts -= 1
        for name, part in collect_field_stats([old])[1].items():
            stats = own(name)
            stats.count -= part.count
            _subtract(stats.kinds, part.kinds)
            _subtract(stats.values, part.values)
            _subtract(stats.date_formats, part.date_formats)
            if stats.count <= 0:
                del fields[name]
    if new is not None and new.error is None:
        posts += 1
        for name, part in collect_field_stats([new])[1].items():
            if name not in fields:
                fields[name] = part
                copied.add(name)
                continue
            stats = own(name)
            stats.count += part.count
            stats.kinds.update(part.kinds)
            stats.values.update(part.values)
            stats.date_formats.update(part.date_formats)
    names = set(_field_names(old)) | set(_field_names(new))
    _update_first_seen(first_seen, names, fields, old, new, records)
    return posts, _in_first_seen_order(fields, first_seen, records)


def _field_names(record: PostRecord | None) -> list[str]:
    return list(record.metadata) if record is not None and record.error is None else []


def _subtract(counts: Counter, less: Counter) -> None:
    for key, n in less.items():
        left = counts.get(key, 0) - n
        if left > 0:
            counts[key] = left
        else:
            counts.pop(key, None)


def _update_first_seen(
    first_seen: FirstSeen,
    names: set[str],
    fields: dict[str, FieldStats],
    old: PostRecord | None,
    new: PostRecord | None,
    records: Sequence[PostRecord],
) -> None:
    first = first_seen.first
    either = new or old
    if either is None:
        return
    rel = either.rel
    has_now = set(_field_names(new))
    for name in names:
        if name not in fields:
            first.pop(name, None)
        elif name in has_now:
            if name not in first or rel < first[name]:
                first[name] = rel
        elif first.get(name) == rel:  # the post that showed it first no longer has it
            first[name] = _first_having(name, records, rel)


def _first_having(name: str, records: Sequence[PostRecord], after: str) -> str:
    start = bisect.bisect_right(records, after, key=_rel)
    for record in records[start:]:
        if record.error is None and name in record.metadata:
            return record.rel
    raise ValueError(f"no post has the field {name!r}, yet it is counted")


def _in_first_seen_order(
    fields: dict[str, FieldStats], first_seen: FirstSeen, records: Sequence[PostRecord]
) -> dict[str, FieldStats]:
    first = first_seen.first
    keys: dict[str, tuple[int, int]] = {}
    positions: dict[str, tuple[int, list[str]]] = {}
    for name in fields:
        rel = first[name]
        found = positions.get(rel)
        if found is None:
            position = bisect.bisect_left(records, rel, key=_rel)
            found = positions[rel] = (position, list(records[position].metadata))
        keys[name] = (found[0], found[1].index(name))
    ordered: dict[str, FieldStats] = {}
    for order, name in enumerate(sorted(fields, key=keys.__getitem__)):
        stats = fields[name]
        ordered[name] = stats if stats.order == order else replace(stats, order=order)
    return ordered


def _rel(record: PostRecord) -> str:
    return record.rel

"""Row order: how a post table sorts its rows, and the orders worked out ahead of time.

A table (``post_table_model``) sorts its rows by one column: each record gets a sort key
(``sort_key_of``: numbers, then text and dates, missing values last) and the positions
are sorted by them (``sorted_positions``). For a 10,000-post site that is tens of
milliseconds, so the workspace's scan job does it before the records are published:
``presort`` gives a ``RowOrders`` for the sorts the tables asked for (``wanted``), made
for exactly one record list, which a table takes instead of sorting on the GUI thread.
The partial record lists of a first open grow one into the next, so ``presort`` reuses
the keys it made for an earlier list (``KeyMemo``), and the orders themselves when a
reopen's cached records turn out to be the scan's result.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from editor.core.post.file_dates import file_name_date

FILE_COLUMN = "@file"
GIT_COLUMN = "@git"  # the post's git state: modified, new, untracked, deleted, conflicted
STATUS_COLUMN = "@status"  # the post's publish state: published, draft, scheduled, expired
NAME_DATED_KEY = "date"  # the column a file name's date stands in for, when a post has none
# Sorted by what only the GUI thread knows (git states, the publish rules): never presorted.
UNSORTABLE_AHEAD = frozenset({GIT_COLUMN, STATUS_COLUMN})

MISSING_KEY = (2, 0, "")


def format_value(value: Any) -> str:
    """A one-line text for a front-matter value, as a table cell shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(format_value(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {format_value(v)}" for k, v in value.items()) + "}"
    return " ".join(str(value).split()) if "\n" in str(value) else str(value)


def sort_key(value: Any) -> tuple:
    """Orders mixed front-matter values: numbers, then text and dates, missing values last."""
    if value is None or value == "" or value == []:
        return MISSING_KEY
    if isinstance(value, bool):
        return (0, 0, int(value))
    if isinstance(value, int | float):
        return (0, 1, value)
    if isinstance(value, dt.datetime):
        return (1, 0, value.replace(tzinfo=None).isoformat())
    if isinstance(value, dt.date):
        return (1, 0, value.isoformat())
    return (1, 0, format_value(value).casefold())


def sort_key_of(record: Any, key: str) -> Any:
    """The sort key of one record's value in column ``key`` (as indexed)."""
    if key == FILE_COLUMN:
        return record.rel.casefold()
    value = record.metadata.get(key)
    if type(value) is str and value:  # the usual value, as sort_key orders it, sooner
        return (1, 0, (" ".join(value.split()) if "\n" in value else value).casefold())
    if value is None and key == NAME_DATED_KEY:
        value = file_name_date(record.rel)  # a post dated only by its file name
    return sort_key(value)


def sorted_positions(
    positions: list[int], keys: Sequence[Any], descending: bool, missing_last: bool = True
) -> None:
    """Sort positions in place by their keys; with ``missing_last`` (all but the git
    column), posts without the value stay last in a descending sort too."""
    positions.sort(key=keys.__getitem__, reverse=descending)
    if descending and missing_last:
        missing = [p for p in positions if keys[p] == MISSING_KEY]
        if missing:
            positions[:] = [p for p in positions if keys[p] != MISSING_KEY] + missing


@dataclass
class RowOrders:
    """Sort keys (by column key) and sorted positions (by column key and direction) of
    the record list ``records`` (that very list object)."""

    records: list[Any] = field(default_factory=list)
    keys: dict[str, list[Any]] = field(default_factory=dict)
    orders: dict[tuple[str, bool], list[int]] = field(default_factory=dict)

    def order(self, records: list[Any], key: str, descending: bool) -> list[int] | None:
        """The positions of ``records`` sorted by ``key`` (a new list), if made for that
        very list (the published one, not a copy)."""
        order = self.orders.get((key, descending))
        return list(order) if order is not None and records is self.records else None

    def keys_of(self, records: list[Any], key: str) -> list[Any] | None:
        """The sort keys of ``records`` in column ``key`` (a new list), if made for it."""
        keys = self.keys.get(key)
        return list(keys) if keys is not None and records is self.records else None


def _same_records(a: list[Any], b: list[Any]) -> bool:
    return len(a) == len(b) and all(map(operator.is_, a, b))


class KeyMemo:
    """Sort keys already made, by column key and record (identity), across the growing
    record lists of one scan."""

    def __init__(self) -> None:
        self._keys: dict[str, dict[int, tuple[Any, Any]]] = {}
        self.orders: RowOrders | None = None  # what presort made last with this memo

    def keys(self, records: Sequence[Any], key: str, remember: bool = True) -> list[Any]:
        """The records' sort keys in column ``key``; ``remember``: for a later list."""
        memo = self._keys.setdefault(key, {})
        if memo:
            out = []
            for record in records:
                known = memo.get(id(record))
                reuse = known is not None and known[0] is record
                out.append(known[1] if reuse else sort_key_of(record, key))  # type: ignore[index]
        else:
            out = [sort_key_of(record, key) for record in records]
        if remember:
            memo.update(zip(map(id, records), zip(records, out, strict=True), strict=True))
        return out


def presort(
    records: list[Any],
    wanted: Iterable[tuple[str, bool]],
    memo: KeyMemo | None = None,
    last: bool = False,
) -> RowOrders:
    """The sort keys and orders of ``records`` for each wanted (column key, descending);
    ``memo`` keeps the keys for a later, longer list unless this one is the ``last``."""
    memo = memo or KeyMemo()
    wanted = [w for w in wanted if w[0] not in UNSORTABLE_AHEAD]
    before = memo.orders
    if before is not None and set(before.orders) == set(wanted):
        if _same_records(before.records, records):  # a reopen's cached records, checked
            return RowOrders(records, before.keys, before.orders)
    orders = memo.orders = RowOrders(records)
    for key, descending in wanted:
        if key in UNSORTABLE_AHEAD:
            continue
        keys = orders.keys.get(key)
        if keys is None:
            keys = orders.keys[key] = memo.keys(records, key, remember=not last)
        positions = list(range(len(records)))
        sorted_positions(positions, keys, descending)
        orders.orders[(key, descending)] = positions
    return orders

"""Distinct values per field, of every length, for ``masthead fields``.

The site's field statistics (``schema.collect_field_stats``) count only values up to
100 characters: longer ones (descriptions, summaries) are no vocabulary for the checks,
and counting them would cost every open of a big site. The ``fields`` command reports
how many distinct values each field has, so it counts them here, every length, in one
pass over the records, the way the statistics count the short ones (text stripped,
list items one by one, dates not at all).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

_SCALARS = (bool, int, float, date)


def distinct_values(records: Iterable[Any]) -> dict[str, int]:
    """Field name -> how many distinct values the records give it."""
    seen: dict[str, set] = {}
    for record in records:
        raw_dates = record.raw_dates
        for name, value in record.metadata.items():
            if raw_dates and name in raw_dates:
                continue
            values = seen.get(name)
            if values is None:
                values = seen[name] = set()
            for item in value if isinstance(value, list) else (value,):
                if isinstance(item, str):
                    values.add(item.strip())
                elif isinstance(item, _SCALARS):
                    values.add((type(item).__name__, item))
    return {name: len(values) for name, values in seen.items()}

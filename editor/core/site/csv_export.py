"""The site table's current view as CSV: a header row of column titles, then one row per
post shown, each cell the text the table shows. Written with the ``csv`` module (quotes
where a value holds a comma, a quote or a line break), UTF-8 with a byte-order mark so
spreadsheets read non-ASCII text right, and saved atomically."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence

from editor.core.platform.atomic import atomic_write

ENCODING = "utf-8-sig"


def table_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """The CSV text of a header and rows of cell texts (lines end in CRLF, as RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(header))
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"a row has {len(row)} cells for {len(header)} columns")
        writer.writerow(list(row))
    return buffer.getvalue()


def write_table_csv(
    path: str | os.PathLike[str], header: Sequence[str], rows: Iterable[Sequence[str]]
) -> int:
    """Write the CSV to ``path`` atomically; returns how many rows (posts) it holds.
    Raises WriteError when it cannot be written."""
    rows = list(rows)
    atomic_write(path, table_csv(header, rows).encode(ENCODING))
    return len(rows)

"""The body editor's centred text column: how wide each choice is, and the margins it needs.

A column is measured in characters of the editor's font (its average character width),
the way writers think of a line: narrow about 60, medium 75, wide 95; full uses the
whole pane. The window turns the margins into viewport margins; nothing here knows Qt.
"""

from __future__ import annotations

COLUMN_CHARS: dict[str, int | None] = {"narrow": 60, "medium": 75, "wide": 95, "full": None}
COLUMN_LABELS = (("narrow", "&Narrow"), ("medium", "&Medium"), ("wide", "&Wide"), ("full", "&Full"))


def column_margins(available: int, char_width: float, column: str, padding: int = 0) -> int:
    """The margin on each side that centres a column of ``column`` (a COLUMN_CHARS name) in
    ``available`` pixels, for a font whose average character is ``char_width`` pixels wide;
    ``padding`` is the room the text needs beside its characters (the document margin on
    both sides, the caret). 0 when the column is full or the pane is narrower than it; an
    unknown name is taken as full."""
    chars = COLUMN_CHARS.get(column)
    if chars is None or available <= 0 or char_width <= 0:
        return 0
    wanted = int(round(chars * char_width)) + max(0, padding)
    return max(0, (available - wanted) // 2)

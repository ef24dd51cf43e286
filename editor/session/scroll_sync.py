"""Where the preview scrolls when the editor moves: a pure decision, tested without Qt.

The preview follows the editor by source lines (each rendered block carries the body
line it starts on). Two ends are special: at the top the preview shows the page top,
with the post's header; and when the writer is at the end of the post (the editor
scrolled to its bottom, or the caret, on screen, in the last paragraph) the preview
shows the end of the page, and keeps showing it while the page grows.
"""

from __future__ import annotations

from collections.abc import Sequence

TOP = 0
"""Scroll the preview to the page top (the header)."""
END = -1
"""Scroll the preview to the page's end, and keep it there as it grows."""


def preview_scroll_target(
    first_visible_line: int,
    *,
    at_top: bool,
    at_bottom: bool,
    caret_line: int,
    last_text_line: int,
    caret_visible: bool,
) -> int:
    """TOP, END, or the 1-based body line whose block goes to the top of the preview.

    ``last_text_line`` is the last body line with text (trailing blank lines do not
    count): a caret on it or below, while on screen, means the writer is at the end.
    """
    if at_bottom and not at_top:
        return END
    if caret_visible and caret_line >= last_text_line:
        return END
    if at_top:
        return TOP
    return max(1, first_visible_line)


def last_text_line(lines: Sequence[str]) -> int:
    """The 1-based number of the last line holding more than whitespace (1 if none)."""
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            return index + 1
    return 1

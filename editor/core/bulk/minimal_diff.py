"""Unified diffs of edited posts, fast on long ones.

A bulk edit changes one region of each file; ``unified_diff`` finds that region with
C-speed comparisons and diffs only a window around it, so a one-line edit in a long
post costs about as much as in a short one. Scattered changes go to difflib.
"""

from __future__ import annotations

import difflib
import re


def unified_diff(old: str, new: str, name: str, context: int = 3) -> str:
    """A ``diff -u`` style text. Only a window around the changed characters is split
    into lines and diffed (found with C-speed slice comparisons), so a one-line edit
    in a long post costs about as much as in a short one."""
    if old == new:
        return ""
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old, new, limit=min(len(old), len(new)) - prefix)
    start = _back_lines(old, prefix, context)  # same text in both up to prefix
    old_end = _forward_lines(old, len(old) - suffix, context)
    new_end = _forward_lines(new, len(new) - suffix, context)
    line_offset = old.count("\n", 0, start)
    a = old[start:old_end].splitlines(keepends=True)
    b = new[start:new_end].splitlines(keepends=True)
    lines = _one_hunk(a, b, f"a/{name}", f"b/{name}", context)
    if lines is None:
        lines = difflib.unified_diff(a, b, f"a/{name}", f"b/{name}", n=context)
    out: list[str] = []
    for line in lines:
        if line.startswith("@@"):
            line = _shift_hunk_header(line, line_offset)
        elif not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


def _one_hunk(a: list[str], b: list[str], old_name: str, new_name: str, context: int):
    """The diff of a window whose changed lines are contiguous, as difflib would write
    it, without difflib's matching; None when the window needs difflib."""
    lead = 0
    while lead < min(len(a), len(b)) and a[lead] == b[lead]:
        lead += 1
    trail = 0
    while trail < min(len(a), len(b)) - lead and a[-1 - trail] == b[-1 - trail]:
        trail += 1
    old_mid, new_mid = a[lead : len(a) - trail], b[lead : len(b) - trail]
    if not old_mid or not new_mid or set(old_mid) & set(new_mid):
        return None  # a pure insertion or deletion, or moved lines: let difflib align them
    first = max(0, lead - context)
    old_last, new_last = len(a) - trail + min(trail, context), len(b) - trail + min(trail, context)
    header = f"@@ -{_unified_range(first, old_last)} +{_unified_range(first, new_last)} @@\n"
    return [
        f"--- {old_name}\n",
        f"+++ {new_name}\n",
        header,
        *(" " + line for line in a[first:lead]),
        *("-" + line for line in old_mid),
        *("+" + line for line in new_mid),
        *(" " + line for line in a[len(a) - trail : old_last]),
    ]


def _unified_range(start: int, stop: int) -> str:
    """difflib's hunk range: 1-based start, and the length unless it is 1."""
    length = stop - start
    return str(start + 1) if length == 1 else f"{start + 1},{length}"


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # binary search on slice equality, which runs in C
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _back_lines(text: str, index: int, count: int) -> int:
    """Start of the line ``count`` lines above the one holding ``index``."""
    start = text.rfind("\n", 0, index) + 1
    for _ in range(count):
        if start == 0:
            break
        start = text.rfind("\n", 0, start - 1) + 1
    return start


def _forward_lines(text: str, index: int, count: int) -> int:
    """End (after the break) of the line ``count`` lines below the one holding ``index``."""
    end = index
    for _ in range(count + 1):
        found = text.find("\n", end)
        if found < 0:
            return len(text)
        end = found + 1
    return end


_HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def _shift_hunk_header(header: str, offset: int) -> str:
    if not offset:
        return header
    match = _HUNK.match(header)
    if not match:
        return header
    a_start, a_len, b_start, b_len = match.groups()
    return (
        f"@@ -{int(a_start) + offset}{a_len or ''} +{int(b_start) + offset}{b_len or ''} @@"
        + header[match.end() :]
    )

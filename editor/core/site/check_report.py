"""What ``masthead check`` reports: the findings asked for, notes, a summary, an exit code.

``report(problems, paths, …)`` keeps the findings asked for (``check_select.select``:
``--only``, ``--ignore``, ``--errors-only``, ``--info``), errors first, and adds notes
for each folder checked: the build-output folders discovery skipped although they hold
Markdown (``build_output``), and a folder with no posts at all. The exit code is 0 when
no error is shown, 1 when one is, and 2 when a folder held no post to check.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from editor.core.site.build_output import skipped_folders, skipped_message
from editor.core.site.check_select import select, sort_problems, summary
from editor.core.site.discovery import discover_posts

NO_POSTS_EXIT = 2


@dataclass
class CheckReport:
    shown: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: str = ""
    exit_code: int = 0


def report(
    problems: Iterable[Any],
    paths: Sequence[str | os.PathLike[str]],
    only: Sequence[str] = (),
    ignore: Sequence[str] = (),
    errors_only: bool = False,
    info: bool = False,
) -> CheckReport:
    """See the module docstring."""
    problems = sort_problems(problems)
    result = CheckReport(select(problems, only, ignore, errors_only, info))
    hidden_info = 0
    if not info and not errors_only:
        asked = select(problems, only, ignore, errors_only, info=True)
        hidden_info = sum(1 for p in asked if p.level == "info") - sum(
            1 for p in result.shown if p.level == "info"
        )
    empty = False
    for path in paths:
        if not os.path.isdir(path):
            continue
        result.notes += [skipped_message(folder) for folder in skipped_folders(path)]
        if not discover_posts(path, stat=False):
            result.notes.append(f"no posts found in {os.fspath(path)}")
            empty = True
    result.summary = summary(result.shown, hidden_info)
    if hidden_info:
        result.summary += " (--info shows them)"
    if any(p.level == "error" for p in result.shown):
        result.exit_code = 1
    elif empty:
        result.exit_code = NO_POSTS_EXIT
    return result

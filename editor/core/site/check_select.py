"""Which check findings to show, in which order, and how to count them in words.

* ``CHECK_CODES``: every kind of finding (``checks`` lists what each means).
* Levels: ``error`` before ``warning`` before ``hint`` (a dialect hint: where the site's
  renderer may surprise the writer) before ``info``. Info findings (a post that is not
  live) are hidden unless asked for (``masthead check --info``, the Problems panel's
  level box), and so are the kinds a site turns off in ``masthead.toml``::

      [checks]
      ignore = ["duplicate-title", "not-live"]

* ``select`` keeps the findings a person asked for (``--only``, ``--ignore``,
  ``--errors-only``, ``--info``); ``sort_problems`` puts errors first, then by file and
  line; ``summary`` says "1 error, 2 warnings" with proper plurals.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from editor.core.site.config_files import site_settings

CHECK_CODES = (
    "parse-error",
    "duplicate-key",
    "impossible-date",
    "missing-field",
    "type-mismatch",
    "date-format",
    "bad-date",
    "file-date",
    "unknown-value",
    "duplicate-title",
    "duplicate-slug",
    "too-long",
    "missing-image",
    "schema-file",
    "not-live",
    "dialect-hint",
    "spelling",
)
LEVELS = ("error", "warning", "hint", "info")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}


@dataclass
class CheckSettings:
    """The ``[checks]`` table of masthead.toml."""

    ignore: frozenset[str] = frozenset()
    errors: list[str] = field(default_factory=list)  # what is wrong with the table


def load_check_settings(root: str | os.PathLike[str] | None) -> CheckSettings:
    """``[checks]`` from the site's masthead.toml (defaults when absent)."""
    settings = CheckSettings()
    table = site_settings(root).get("checks")
    if table is None:
        return settings
    if not isinstance(table, dict):
        settings.errors.append("[checks] must be a table")
        return settings
    for key in table.keys() - {"ignore"}:
        settings.errors.append(f"[checks] has an unknown setting '{key}'")
    ignore = table.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(code, str) for code in ignore):
        settings.errors.append("[checks] ignore must be a list of check names")
        return settings
    known = [code for code in ignore if code in CHECK_CODES]
    settings.errors += [
        f"[checks] ignore: {unknown_code_message(c)}" for c in ignore if c not in known
    ]
    settings.ignore = frozenset(known)
    return settings


def unknown_code_message(code: str) -> str:
    """ "no check named 'x'", with the close match."""
    close = difflib.get_close_matches(code, CHECK_CODES, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"no check named '{code}'{hint}"


def parse_codes(text: str) -> list[str]:
    """``"a,b"`` (``--only``/``--ignore``) as check names; ValueError names an unknown one."""
    codes = [code.strip() for code in text.split(",") if code.strip()]
    for code in codes:
        if code not in CHECK_CODES:
            raise ValueError(unknown_code_message(code))
    return codes


def level_rank(level: str) -> int:
    return _RANK.get(level, len(LEVELS))


def problem_order(problem: Any) -> tuple:
    """Errors first, then warnings, hints, then info; by file, line and kind within a level."""
    return (level_rank(problem.level), problem.path, problem.line or 0, problem.code)


def sort_problems(problems: Iterable[Any]) -> list[Any]:
    return sorted(problems, key=problem_order)


def select(
    problems: Iterable[Any],
    only: Sequence[str] = (),
    ignore: Iterable[str] = (),
    errors_only: bool = False,
    info: bool = False,
) -> list[Any]:
    """The findings asked for. Info findings need ``info`` unless their kind is in ``only``."""
    ignored = set(ignore)
    wanted = set(only)
    kept = []
    for problem in problems:
        if problem.code in ignored or (wanted and problem.code not in wanted):
            continue
        if errors_only and problem.level != "error":
            continue
        if problem.level == "info" and not (info or problem.code in wanted):
            continue
        kept.append(problem)
    return kept


def plural(count: int, word: str) -> str:
    """ "1 error", "2 errors", "1 info", "3 info"."""
    if word == "info" or count == 1:
        return f"{count:,} {word}"
    return f"{count:,} {word}s"


def summary(problems: Sequence[Any], hidden_info: int = 0) -> str:
    """ "1 error, 2 warnings" (and the hints and info findings shown or hidden)."""
    counts = {level: 0 for level in LEVELS}
    for problem in problems:
        counts[problem.level] = counts.get(problem.level, 0) + 1
    text = f"{plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}"
    if counts["hint"]:
        text += f", {plural(counts['hint'], 'hint')}"
    if counts["info"]:
        text += f", {plural(counts['info'], 'info')}"
    if hidden_info:
        findings = "finding" if hidden_info == 1 else "findings"
        text += f"; {plural(hidden_info, 'info')} {findings} not shown"
    return text


def drop_ignored(problems: Iterable[Any], root: str | os.PathLike[str] | None) -> list[Any]:
    """The findings of kinds the site does not turn off (``[checks] ignore``), errors first."""
    ignored = load_check_settings(root).ignore
    return sort_problems(p for p in problems if p.code not in ignored)

"""``masthead taxonomy`` and ``masthead rename-value``: a site's tags and categories from
the command line.

``masthead taxonomy SITE FIELD`` prints every value of a list field with the number of
posts that carry it, most used first (ties by name), marking near-duplicates (``~1``)
and listing each group at the end. ``masthead rename-value SITE FIELD OLD NEW`` renames
a value in every post that has it (a merge when posts hold NEW already: no duplicate
is written), through the bulk path of the window: each file changes only in that list
item, atomically, journaled (``masthead interrupted``). ``--dry-run`` prints the diff.

Exit codes of ``rename-value``: 0 every planned file written, 1 some failed, 2 nothing
written (no post has the value, a usage error, or every file failed). With
``--dry-run``: 0 when there is something to change, 2 when there is nothing.

Self-contained: ``editor.cli`` registers the two commands with ``add_commands`` and
runs them as its own; errors are printed here, one line each.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from editor.cli_output import say

COMMANDS = ("taxonomy", "rename-value")


def _fail(message: str, code: int = 2) -> int:
    say(f"masthead: {message}", err=True)
    return code


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _bad_text(text: str) -> bool:
    """Text holding bytes that are not UTF-8 (surrogate escapes from the argument list)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _load_taxonomy(folder: str, field: str) -> tuple[Path, Any, Any] | int:
    """(root, records, taxonomy) of a site's field, or an exit code after the message."""
    from editor.core.site.index import SiteIndex
    from editor.core.site.taxonomy import close_field_names, list_fields, taxonomy

    root = Path(folder)
    if not root.is_dir():
        return _fail(f"{folder}: not a folder")
    if _bad_text(field):
        return _fail("the field name holds bytes that are not UTF-8")
    index = SiteIndex(root)
    index.scan()
    records = index.records
    tax = taxonomy(records, field)
    if tax.posts == 0:
        names = list_fields(records)
        others = {name for record in records for name in record.metadata}
        close = close_field_names(field, list(dict.fromkeys([*names, *sorted(others)])))
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        if names:
            hint += f" (list fields: {', '.join(names[:8])})"
        return _fail(f"no post under {folder} has a field '{field}'{hint}")
    return index.root, records, tax


# --------------------------------------------------------------------------- taxonomy


def format_taxonomy(tax: Any) -> str:
    """The values table ``masthead taxonomy`` prints (see the module docstring)."""
    groups = tax.groups
    head = f"{tax.field}: {_plural(len(tax.values), 'value')} in {_plural(tax.posts, 'post')}"
    if groups:
        head += f", {_plural(len(groups), 'group')} of similar values"
    lines = [head]
    width = len(str(tax.values[0].count)) if tax.values else 1
    for entry in tax.values:
        mark = f"  ~{entry.group}" if entry.group is not None else ""
        lines.append(f"{entry.count:>{width}}  {entry.text}{mark}")
    if groups:
        lines.append("")
        lines.append("similar values:")
        for number, group in enumerate(groups, 1):
            listed = ", ".join(f"{entry.text} ({entry.count})" for entry in group)
            lines.append(f"  ~{number}  {listed}")
    return "\n".join(lines)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def cmd_taxonomy(args: argparse.Namespace) -> int:
    _interrupted(args.folder)
    loaded = _load_taxonomy(args.folder, args.field)
    if isinstance(loaded, int):
        return loaded
    _root, _records, tax = loaded
    if args.format == "json":
        data = {
            "field": tax.field,
            "posts": tax.posts,
            "values": [
                {"value": _json_value(e.value), "count": e.count, "group": e.group}
                for e in tax.values
            ],
            "groups": [[_json_value(e.value) for e in group] for group in tax.groups],
        }
        say(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        say(format_taxonomy(tax))
    return 0


# --------------------------------------------------------------------------- rename-value


def _interrupted(folder: str) -> str | None:
    """Tidy the site as every command does, and say so when a bulk edit was left
    interrupted there; then why a write must not start (``cli_site.refusal``), if so."""
    from editor.cli_site import refusal, site_upkeep

    if not Path(folder).is_dir():
        return None
    for root, edit in site_upkeep([folder]).items():
        if edit is not None:
            return refusal(root)
    return None


def cmd_rename_value(args: argparse.Namespace) -> int:
    from editor.core.bulk import actions as bulk
    from editor.core.bulk.journal import journal_dir, journal_root
    from editor.core.bulk.list_values import rename_value
    from editor.core.site.taxonomy import posts_holding

    if _bad_text(args.old) or _bad_text(args.new):
        return _fail("a value holds bytes that are not UTF-8")
    try:
        action = rename_value(args.field, args.old, args.new)
    except ValueError as exc:
        return _fail(str(exc))
    refused = _interrupted(args.folder)
    if refused is not None and not args.dry_run:
        return _fail(refused)
    loaded = _load_taxonomy(args.folder, args.field)
    if isinstance(loaded, int):
        return loaded
    root, _records, tax = loaded
    if tax.find(args.old) is None:
        import difflib

        close = difflib.get_close_matches(args.old, [e.text for e in tax.values], n=3)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        return _fail(f"no post has '{args.old}' in '{args.field}'{hint}")
    paths = posts_holding(tax, [args.old])
    plan = bulk.plan_action(action, paths, root=root)
    for issue in plan.errors:
        say(f"masthead: {issue.path}: {issue.message}", err=True)
    if args.dry_run:
        for change in plan.changes:
            sys.stdout.write(change.diff)
        say(
            f"{action.describe()}: would change {_plural(len(plan.changes), 'file')}"
            + (f", {len(plan.errors)} failed" if plan.errors else ""),
            err=True,
        )
        return 0 if plan.changes else 2
    if not plan.changes:
        say(f"{action.describe()}: nothing to change", err=True)
        return 2
    result = bulk.apply(plan, journal_dir=journal_dir(journal_root(root)))
    for issue in [*result.skipped, *result.failed]:
        say(f"masthead: {issue.path}: could not save: {issue.message}", err=True)
    failed = len(plan.errors) + len(result.skipped) + len(result.failed)
    summary = f"{action.describe()}: changed {_plural(len(result.written), 'file')}"
    if failed:
        summary += f", {failed} failed"
    say(summary, err=True)
    if not result.written:
        return 2
    return 1 if failed else 0


# --------------------------------------------------------------------------- parsers


def add_commands(sub: Any) -> None:
    """Add ``taxonomy`` and ``rename-value`` to the ``masthead`` subcommands."""
    tax = sub.add_parser(
        "taxonomy",
        help="print every value of a list field (tags, categories…) with its count",
        description="Print every value of FIELD (a list field such as tags or categories; "
        "dotted for a nested one, taxonomies.tags) in the posts under FOLDER, with the "
        "number of posts that carry it, most used first. Values that differ only by case, "
        "punctuation or one typo are marked ~N and listed together at the end.",
    )
    tax.add_argument("folder", metavar="SITE")
    tax.add_argument("field", metavar="FIELD")
    tax.add_argument("--format", choices=("text", "json"), default="text")
    tax.set_defaults(run=cmd_taxonomy)

    rename = sub.add_parser(
        "rename-value",
        help="rename a value of a list field in every post (a merge if NEW exists)",
        description="Rename OLD to NEW in FIELD in every post under SITE that has it, "
        "changing only that list item, in the file's own style; a post that already holds "
        "NEW keeps one. Journaled like 'masthead set'. Exits 0 when every file was "
        "written, 1 when some failed, 2 when nothing was written.",
    )
    rename.add_argument("folder", metavar="SITE")
    rename.add_argument("field", metavar="FIELD")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    rename.add_argument(
        "--dry-run", action="store_true", help="print the unified diff instead of writing"
    )
    rename.set_defaults(run=cmd_rename_value)

"""The ``masthead`` command: scriptable metadata commands, or the window.

``masthead get|set|check|fields ...`` run without Qt; anything else
(``masthead``, ``masthead PATH``) opens the window. Errors are printed as
one line each, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editor.core.errors import PostError
from editor.core.post.model import Post

if TYPE_CHECKING:
    from editor.core.bulk.actions import SetField, SetFields

COMMANDS = ("get", "set", "check", "fields")


class CommandError(Exception):
    """A problem to report in one line, with an exit code."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def _json_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _print(text: str = "", *, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")


# --------------------------------------------------------------------------- get


def _lookup(post: Post, key: str) -> tuple[bool, Any]:
    if key in post.metadata:
        return True, post.metadata[key]
    value: Any = post.metadata
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return False, None
        value = value[part]
    return True, value


def cmd_get(args: argparse.Namespace) -> int:
    post = Post.load(args.file)
    found, value = _lookup(post, args.key)
    if not found:
        _print(f"masthead: {args.file} has no field '{args.key}'", err=True)
        return 1
    if isinstance(value, str):
        _print(value)
    else:
        _print(json.dumps(value, ensure_ascii=False, default=_json_default))
    return 0


# --------------------------------------------------------------------------- set


def parse_assignment(text: str, as_string: bool) -> tuple[str, Any]:
    key, sep, raw = text.partition("=")
    if not sep or not key:
        raise CommandError(f"expected KEY=VALUE, got '{text}'", 2)
    if as_string:
        return key, raw
    from editor.core.post.formats.yaml_load import load_value

    try:
        value = load_value(raw)
    except PostError as exc:
        raise CommandError(
            f"the value of {key} is not valid YAML ({exc.message}); use --string for text", 2
        ) from None
    if raw == "":
        value = ""
    return key, value


def _split_targets(items: Sequence[str]) -> tuple[list[str], list[str]]:
    """Separate FILE... from KEY=VALUE...: an argument that exists on disk is a path."""
    paths, assignments = [], []
    for item in items:
        if "=" in item and not os.path.exists(item):
            assignments.append(item)
        else:
            paths.append(item)
    return paths, assignments


def iter_post_paths(paths: Sequence[str]) -> Iterator[Path]:
    """Files as given, and the posts found recursively in folders."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            from editor.core.site.discovery import discover_posts

            for found in discover_posts(path):
                yield Path(found.path)
        elif path.exists():
            yield path
        else:
            raise CommandError(f"{raw}: no such file or folder")


def where_query(clauses: Sequence[str]) -> str:
    """``--where`` clauses as one query of the post list's filter language (AND).

    A clause is a filter term (``categories:news``, ``date:>=2020``, ``has:image``);
    ``KEY=VALUE`` is kept as a short form of ``KEY:VALUE``.
    """
    terms = []
    for clause in clauses:
        key, sep, value = clause.partition("=")
        if sep and key and ":" not in key and not key.startswith("-"):
            clause = f'{key}:"{value}"' if " " in value else f"{key}:{value}"
        terms.append(clause)
    return " ".join(terms)


def _matching(paths: list[Path], query_text: str) -> list[Path]:
    """The posts that pass the filter query (every post when it is empty)."""
    from editor.core.site.query import matches, parse_query
    from editor.core.site.records import parse_post_file

    query = parse_query(query_text)
    if query.empty:
        return paths
    return [p for p in paths if matches(parse_post_file(str(p), p.name), query)]


def set_action(assignments: Sequence[tuple[str, Any]]) -> SetField | SetFields:
    """The bulk action for KEY=VALUE assignments: one SetField, or several in order."""
    from editor.core.bulk.actions import SetField, SetFields

    if len(assignments) == 1:
        return SetField(*assignments[0])
    return SetFields(tuple(SetField(key, value) for key, value in assignments))


def _common_folder(targets: Sequence[str]) -> Path:
    """The folder the diffs name files from: the one folder given, or the files' own."""
    folders = [
        os.path.abspath(t if os.path.isdir(t) else os.path.dirname(t) or ".") for t in targets
    ]
    return Path(os.path.commonpath(folders))


def cmd_set(args: argparse.Namespace) -> int:
    """Plan the edit with the bulk planner (as the window's bulk edit does) and apply it."""
    from editor.core.bulk.actions import apply, plan_action

    paths, raw_assignments = _split_targets(args.items)
    if not paths:
        raise CommandError("no file or folder given", 2)
    if not raw_assignments:
        raise CommandError("no KEY=VALUE given", 2)
    assignments = [parse_assignment(a, args.string) for a in raw_assignments]
    posts = _matching(list(iter_post_paths(paths)), where_query(args.where))
    plan = plan_action(set_action(assignments), posts, root=_common_folder(paths))
    failed = len(plan.errors)
    for issue in plan.errors:
        _print(f"masthead: {issue.path}: {issue.message}", err=True)
    if args.dry_run:
        for change in plan.changes:
            sys.stdout.write(change.diff)
        changed = len(plan.changes)
    else:
        result = apply(plan)
        for issue in (*result.skipped, *result.failed):
            _print(f"masthead: {issue.path}: {issue.message}", err=True)
        failed += len(result.skipped) + len(result.failed)
        changed = len(result.written)
    verb = "would change" if args.dry_run else "changed"
    _print(f"{verb} {changed} file{'s' if changed != 1 else ''}", err=True)
    return 1 if failed else 0


# --------------------------------------------------------------------------- check / fields


def cmd_check(args: argparse.Namespace) -> int:
    from editor.core.site.checks import check_paths, format_problems

    for raw in args.paths:
        if not os.path.exists(raw):
            raise CommandError(f"{raw}: no such file or folder")
    problems = check_paths(args.paths)
    output = format_problems(problems, fmt=args.format)
    if output:
        _print(output.rstrip("\n"))
    errors = sum(1 for p in problems if p.level == "error")
    warnings = len(problems) - errors
    if args.format == "text":
        _print(
            f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
        )
    return 1 if errors else 0


def cmd_fields(args: argparse.Namespace) -> int:
    from editor.core.site.index import SiteIndex
    from editor.core.site.schema import format_schema_table, infer_schema

    root = Path(args.folder)
    if not root.is_dir():
        raise CommandError(f"{root}: not a folder")
    index = SiteIndex(root)
    index.scan()
    _print(format_schema_table(infer_schema(index.records, root=root)).rstrip("\n"))
    return 0


# --------------------------------------------------------------------------- parsers


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="masthead",
        description="Edit static-site posts: front matter, Markdown body, live preview. "
        "Run 'masthead PATH' to open the window, or one of the commands below.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    get = sub.add_parser(
        "get",
        help="print one field of a post",
        description="Print a field's value: text as it is, anything else as JSON. Exits 1 when the field is absent.",
    )
    get.add_argument("file")
    get.add_argument("key", help="field name (a.b for a nested field)")
    get.set_defaults(run=cmd_get)

    set_ = sub.add_parser(
        "set",
        help="set fields in posts, changing only those lines",
        description="Set fields in place with minimal diffs. Values are read as YAML "
        "(featured=false, categories='[a, b]'); --string keeps them as text. "
        "Folders are searched recursively for posts.",
    )
    set_.add_argument(
        "items",
        nargs="+",
        metavar="FILE_OR_KEY=VALUE",
        help="files or folders, then KEY=VALUE pairs",
    )
    set_.add_argument("--string", action="store_true", help="treat every value as text")
    set_.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="FILTER",
        help="only posts that match a filter of the post list (categories:news, "
        "date:>=2020-01-01, has:image, -draft:true; KEY=VALUE means KEY:VALUE); repeatable",
    )
    set_.add_argument(
        "--dry-run", action="store_true", help="print the unified diff instead of writing"
    )
    set_.set_defaults(run=cmd_set)

    check = sub.add_parser(
        "check",
        help="check posts for problems",
        description="Check files or folders (recursively). Prints 'path:line: level: message' "
        "lines and a summary; exits 1 when any error is found.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=cmd_check)

    fields = sub.add_parser(
        "fields",
        help="print the inferred schema of a site",
        description="Print every field of the posts under FOLDER: types, how many posts have it, top values.",
    )
    fields.add_argument("folder")
    fields.set_defaults(run=cmd_fields)
    return parser


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="masthead",
        description="Open the Masthead window on a post file or a site folder. "
        f"Commands: {', '.join(COMMANDS)} (see 'masthead COMMAND --help').",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="a post file or a folder of posts")
    parser.add_argument(
        "--settings", metavar="FILE", help="settings file (default: in the user's config folder)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            parser = build_parser()
            subparser = parser._subparsers._group_actions[0].choices[argv[0]]
            # Intermixed, so options may come between FILE... and KEY=VALUE... arguments.
            args = subparser.parse_intermixed_args(argv[1:])
            return args.run(args)
        if argv and argv[0] in ("-h", "--help"):
            build_gui_parser().print_help()
            _print()
            build_parser().print_help()
            return 0
        args = build_gui_parser().parse_args(argv)
        from editor.app import run_gui

        return run_gui(args.paths, settings_path=args.settings)
    except PostError as exc:
        _print(f"masthead: {exc}", err=True)
        return 1
    except CommandError as exc:
        _print(f"masthead: {exc}", err=True)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never a traceback for a user; MASTHEAD_DEBUG=1 shows it
        if os.environ.get("MASTHEAD_DEBUG"):
            raise
        _print(f"masthead: internal error: {type(exc).__name__}: {exc}", err=True)
        return 70

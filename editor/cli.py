"""The ``masthead`` command: scriptable metadata commands, or the window.

``masthead get|set|check|fields ...`` run without Qt; anything else
(``masthead``, ``masthead PATH``) opens the window. Errors are printed as
one line each, never as a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from editor.core.errors import PostError
from editor.core.post import Post

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
    import yaml

    try:
        value = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise CommandError(
            f"the value of {key} is not valid YAML ({problem}); use --string for text", 2
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
            from editor.core.discovery import discover_posts

            for found in discover_posts(path):
                yield Path(found.path)
        elif path.exists():
            yield path
        else:
            raise CommandError(f"{raw}: no such file or folder")


def _matches_where(post: Post, where: list[tuple[str, Any]]) -> bool:
    for key, wanted in where:
        found, value = _lookup(post, key)
        if not found:
            return False
        if isinstance(value, list):
            if wanted not in value and str(wanted) not in map(str, value):
                return False
        elif value != wanted and str(value) != str(wanted):
            return False
    return True


def cmd_set(args: argparse.Namespace) -> int:
    paths, raw_assignments = _split_targets(args.items)
    if not paths:
        raise CommandError("no file or folder given", 2)
    if not raw_assignments:
        raise CommandError("no KEY=VALUE given", 2)
    assignments = [parse_assignment(a, args.string) for a in raw_assignments]
    where = [parse_assignment(w, False) for w in args.where]
    changed = failed = 0
    for path in iter_post_paths(paths):
        try:
            original = path.read_bytes()
            post = Post.from_bytes(original, path)
            if not _matches_where(post, where):
                continue
            for key, value in assignments:
                post.set(key, value)
            new = post.to_bytes()
            if new == original:
                continue
            changed += 1
            if args.dry_run:
                sys.stdout.writelines(_diff(path, original, new))
            else:
                post.save(path)
        except PostError as exc:
            failed += 1
            _print(f"masthead: {exc}", err=True)
        except OSError as exc:
            failed += 1
            _print(f"masthead: {path}: {exc.strerror or exc}", err=True)
    verb = "would change" if args.dry_run else "changed"
    _print(f"{verb} {changed} file{'s' if changed != 1 else ''}", err=True)
    return 1 if failed else 0


def _diff(path: Path, old: bytes, new: bytes) -> list[str]:
    old_lines = old.decode("utf-8", "replace").splitlines(keepends=True)
    new_lines = new.decode("utf-8", "replace").splitlines(keepends=True)
    old_label, new_label = (
        (str(path), str(path)) if path.is_absolute() else (f"a/{path}", f"b/{path}")
    )
    lines = list(difflib.unified_diff(old_lines, new_lines, old_label, new_label))
    return [
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    ]


# --------------------------------------------------------------------------- check / fields


def cmd_check(args: argparse.Namespace) -> int:
    from editor.core.checks import check_paths, format_problems

    for raw in args.paths:
        if not os.path.exists(raw):
            raise CommandError(f"{raw}: no such file or folder")
    if args.spelling:
        from editor.core.spelling.check import spelling_problems

        problems, notes = spelling_problems(args.paths)
        for note in notes:
            _print(f"masthead: {note}", err=True)
    else:
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
    from editor.core.index import SiteIndex
    from editor.core.schema import format_schema_table, infer_schema

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
        metavar="KEY=VALUE",
        help="only posts whose field equals (or list contains) VALUE; repeatable",
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
    check.add_argument(
        "--spelling",
        action="store_true",
        help="check spelling instead: 'path:line:col: warning: 'wrod' may be misspelled "
        "(word, world) [spelling]' for the body and prose fields",
    )
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

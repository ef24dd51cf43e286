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

from editor.cli_output import say
from editor.core.errors import PostError

if TYPE_CHECKING:  # the commands import what they use: the window's start imports this
    from editor.core.post.model import Post

COMMANDS = (
    "get",
    "set",
    "check",
    "fields",
    "interrupted",
    "changes",
    "desktop-install",
    "desktop-uninstall",
    "render",
    "taxonomy",  # these two: editor/cli_taxonomy.py
    "rename-value",
)


class CommandError(Exception):
    """A problem to report in one line, with an exit code."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def _json_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- get


def _lookup(post: Post, key: str) -> tuple[bool, Any]:
    """A top-level field, or a nested one named with dots (``a.b.c``)."""
    from editor.core.post.formats.cli_values import BadValue, lookup

    try:
        return lookup(post.metadata, key)
    except BadValue as exc:
        raise CommandError(str(exc), 2) from None


def cmd_get(args: argparse.Namespace) -> int:
    from editor.core.post.model import Post

    _checked(args.key, "the field name")
    post = Post.load(args.file)
    found, value = _lookup(post, args.key)
    if not found:
        say(f"masthead: {args.file} has no field '{args.key}'", err=True)
        return 1
    if args.json:
        say(json.dumps(value, ensure_ascii=False, default=_json_default))
    elif isinstance(value, str):
        say(value)
    elif isinstance(value, list | dict):
        say(json.dumps(value, ensure_ascii=False, default=_json_default))
    else:  # a date, number, boolean or null: as the file writes it
        written = post.scalar_text(args.key) if args.key in post.metadata else None
        say(written if written is not None else _scalar_text(value))
    return 0


def _scalar_text(value: Any) -> str:
    """A scalar where the file keeps no text of it (a nested field, TOML, JSON)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- set


def parse_assignment(text: str, as_string: bool) -> tuple[str, Any]:
    from editor.core.post.formats.cli_values import BadValue, check_text, parse_value

    key, sep, raw = text.partition("=")
    if not sep or not key:
        raise CommandError(f"expected KEY=VALUE, got '{_printable(text)}'", 2)
    _checked(key, "the field name")
    try:
        if as_string:
            check_text(raw, f"the value of {key}")
            return key, raw
        return key, parse_value(raw, key)
    except BadValue as exc:
        raise CommandError(str(exc), 2) from None


def _printable(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _checked(text: str, what: str) -> str:
    """text, or a usage error when it holds undecodable bytes."""
    from editor.core.post.formats.cli_values import BadValue, check_text

    try:
        check_text(text, f"{what} '{_printable(text)}'")
    except BadValue as exc:
        raise CommandError(str(exc), 2) from None
    return text


def _split_targets(items: Sequence[str]) -> tuple[list[str], list[str]]:
    """Separate FILE... from KEY=VALUE...: an argument that exists on disk is a path."""
    paths, assignments = [], []
    for item in items:
        if "=" in item and not os.path.exists(item):
            assignments.append(item)
        else:
            paths.append(item)
    return paths, assignments


def split_assignment(text: str) -> tuple[str, str]:
    """KEY=VALUE as (key, the value's text); a usage error when it is not one."""
    key, sep, raw = text.partition("=")
    if not sep or not key:
        raise CommandError(f"expected KEY=VALUE, got '{_printable(text)}'", 2)
    return _checked(key, "the field name"), raw


def typed_assignments(pairs: list[tuple[str, str]], how: str, schema: Any) -> list[tuple[str, Any]]:
    """The values, read as ``how`` says (``typed``: in the type the site gives each
    field); a usage error, before anything is written, when one cannot be used."""
    from editor.core.post.formats.cli_values import BadValue
    from editor.core.site.typed_values import field_type, read_value

    values = []
    for key, raw in pairs:
        field = field_type(schema, key) if how == "typed" else None
        try:
            values.append((key, read_value(raw, key, field, how)))
        except BadValue as exc:
            message = str(exc)
            if field is not None and "--string" not in message:
                message += "; use --string to write it as text, or --yaml to read it as YAML"
            raise CommandError(message, 2) from None
    return values


def diff_name(path: Path, root: Path) -> str:
    """A file's name in a diff (after ``a/`` and ``b/``): relative to the current folder
    when it is in it, else to its site's root, as git names files."""
    for candidate in dict.fromkeys((os.path.abspath(path), os.path.realpath(path))):
        for base in (Path.cwd(), root):
            try:
                return Path(candidate).relative_to(base).as_posix()
            except ValueError:
                continue
    return path.name


def _glued(argv: list[str], options: tuple[str, ...] = ("--where",)) -> list[str]:
    """``--where -draft:true`` as ``--where=-draft:true``: a filter may start with '-'."""
    out: list[str] = []
    items = iter(argv)
    for item in items:
        if item in options:
            value = next(items, None)
            if value is not None and value.startswith("-") and value not in ("-h", "--help"):
                out.append(f"{item}={value}")
                continue
            out.append(item)
            if value is not None:
                out.append(value)
            continue
        out.append(item)
    return out


def iter_post_paths(paths: Sequence[str]) -> Iterator[tuple[Path, Path | None]]:
    """(file, None) for files as given, and (post, folder) for the posts found
    recursively in folders."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            from editor.core.site.discovery import discover_posts

            for found in discover_posts(path):
                yield Path(found.path), path
        elif path.exists() or path.is_symlink():
            yield path, None
        else:
            raise CommandError(f"{raw}: no such file or folder", 2)


def split_where(clauses: Sequence[str]) -> tuple[list[str], list[str]]:
    """``--where`` clauses as (KEY=VALUE equalities, filter-language terms).

    A term is a clause of the post list's filter language (``categories:news``,
    ``date:>=2020``, ``has:image``, ``-draft:true``); ``KEY=VALUE`` (dotted names for
    nested fields) asks for a field equal to the value, or a list holding it.
    """
    equalities, terms = [], []
    for clause in clauses:
        key, sep, _value = clause.partition("=")
        if sep and key and ":" not in key and not key.startswith("-"):
            equalities.append(clause)
        else:
            terms.append(clause)
    return equalities, terms


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


class _CliEdit:
    """What ``masthead set`` does, for the journal and the messages."""

    def __init__(self, raw_assignments: list[str]):
        self.text = "masthead set " + " ".join(raw_assignments)

    def describe(self) -> str:
        return self.text


def cmd_set(args: argparse.Namespace) -> int:
    """Plan the edit as the window's bulk edit does (the same diff), journaled, then write."""
    from editor.cli_site import refusal, site_upkeep
    from editor.core.bulk import actions as bulk
    from editor.core.bulk.journal import journal_dir, journal_root
    from editor.core.platform.regular_files import read_post_bytes
    from editor.core.post.formats.cli_values import BadValue, setting
    from editor.core.post.model import Post
    from editor.core.site.confinement import outside_reason
    from editor.core.site.query import matches, parse_query
    from editor.core.site.query_fields import query_warnings, unknown_field_warnings
    from editor.core.site.records import parse_post_bytes
    from editor.core.site.site_types import SiteSchemas

    paths, raw_assignments = _split_targets(args.items)
    if not paths:
        raise CommandError("no file or folder given", 2)
    if not raw_assignments:
        raise CommandError("no KEY=VALUE given", 2)
    if args.string and args.yaml:
        raise CommandError("--string and --yaml ask for different things: give one", 2)
    how = "string" if args.string else "yaml" if args.yaml else "typed"
    pairs = [split_assignment(a) for a in raw_assignments]
    equalities, terms = split_where(args.where)
    where = [parse_assignment(w, False) for w in equalities]
    query = parse_query(" ".join(terms))
    sites = site_upkeep(paths)
    if not args.dry_run:
        for root, edit in sites.items():
            if edit is not None:
                raise CommandError(refusal(root), 2)
    # Values are read in the type each site gives their field, before anything is planned.
    schemas = SiteSchemas()
    lone = [p for p in paths if not os.path.isdir(p)]
    values_by_arg: dict[Path, list[tuple[str, Any]]] = {}
    known: set[str] = set()
    for raw in paths:
        if not os.path.lexists(raw):
            raise CommandError(f"{raw}: no such file or folder", 2)
        schema = schemas.schema_for(raw, lone) if how == "typed" or args.where else None
        values_by_arg[Path(raw)] = typed_assignments(pairs, how, schema)
        known.update(schema.fields if schema is not None else ())
    if args.where:
        for warning in query_warnings(query, known) + unknown_field_warnings(
            [key for key, _ in where], known
        ):
            say(f"masthead: warning: {warning}", err=True)
    failed = skipped = 0
    plans: dict[Path, bulk.BulkPlan] = {}
    seen: set[str] = set()
    for path, folder in iter_post_paths(paths):
        assignments = values_by_arg[folder if folder is not None else path]
        # Writes never leave the folder given: a link out of it is skipped, saying why.
        outside = outside_reason(path, folder) if folder is not None else None
        if outside is not None:
            skipped += 1
            say(f"masthead: {path}: skipped: {outside}", err=True)
            continue
        real = os.path.realpath(path)
        if real in seen:
            continue  # the same file through another link: planned once
        seen.add(real)
        try:
            original = read_post_bytes(path)
            post = Post.from_bytes(original, path)
            if not _matches_where(post, where):
                continue
            if not query.empty and not matches(
                parse_post_bytes(str(path), path.name, original), query
            ):
                continue
            for key, value in assignments:
                post.set(*setting(post.metadata, key, value))
            new = post.to_bytes()
        except PostError as exc:
            failed += 1
            say(f"masthead: {exc if exc.path else exc.located(path=path)}", err=True)
            continue
        except BadValue as exc:
            failed += 1
            say(f"masthead: {path}: {exc}", err=True)
            continue
        if new == original:
            continue
        root = journal_root(folder if folder is not None else path)
        plan = plans.setdefault(root, bulk.BulkPlan(_CliEdit(raw_assignments)))
        plan.changes.append(bulk.FileChange(path, original, new, diff_name(path, root)))
    planned = sum(len(plan.changes) for plan in plans.values())
    if (
        planned > 1
        and not (args.all or args.dry_run or args.where)
        and any(os.path.isdir(p) for p in paths)
    ):
        # A folder, all of it: say what would change and write nothing until asked.
        for plan in plans.values():
            for change in plan.changes:
                say(change.name)
        raise CommandError(
            f"set on a folder would change these {planned} files; nothing written. Run "
            "again with --all (or --yes) to write them, --dry-run to see the diffs, or "
            "--where to choose posts",
            2,
        )
    changed = 0
    for root, plan in plans.items():
        if args.dry_run:
            for change in plan.changes:
                sys.stdout.write(change.diff)  # the window's review shows the same diff
            changed += len(plan.changes)
            continue
        # Journaled: a kill midway is noticed by the next command or window on the site.
        result = bulk.apply(plan, journal_dir=journal_dir(root))
        changed += len(result.written)
        for issue in [*result.skipped, *result.failed]:
            failed += 1
            say(f"masthead: {issue.path}: could not save: {issue.message}", err=True)
    verb = "would change" if args.dry_run else "changed"
    summary = f"{verb} {changed} file{'s' if changed != 1 else ''}"
    if skipped:
        summary += f", skipped {skipped} link{'s' if skipped != 1 else ''} out of the folder"
    if failed:
        summary += f", {failed} failed"
    say(summary, err=True)
    # 0: all written (or nothing to change); 1: some failed; 2 (raised above): refused.
    return 1 if failed else 0


def cmd_interrupted(args: argparse.Namespace) -> int:
    from editor.core.bulk.journal import (
        clean_stray_temp_files,
        find_interrupted,
        finish_rest,
        journal_root,
        undo_written,
    )

    root = journal_root(args.folder)
    clean_stray_temp_files(root)
    edit = find_interrupted(root)
    if edit is None:
        say(f"{root}: no interrupted bulk edit")
        return 0
    if not (args.undo or args.finish):
        say(f"{root}: {edit.message}")
        say("Run again with --undo to undo the written part, or --finish to finish the rest.")
        return 1
    result = undo_written(edit) if args.undo else finish_rest(edit)
    if result.busy:
        raise CommandError(f"{root}: another Masthead is working on this bulk edit")
    for path, why in result.skipped:
        say(f"masthead: {path}: left as it is: {why}", err=True)
    for path, why in result.failed:
        say(f"masthead: {path}: could not save: {why}", err=True)
    verb = "restored" if args.undo else "finished"
    say(f"{verb} {len(result.done)} file{'s' if len(result.done) != 1 else ''}", err=True)
    return 1 if result.failed else 0


# --------------------------------------------------------------------------- check / fields


def cmd_check(args: argparse.Namespace) -> int:
    from editor.cli_site import site_upkeep
    from editor.core.site.check_report import report
    from editor.core.site.check_select import parse_codes
    from editor.core.site.checks import check_paths, format_problems

    try:
        only, ignore = parse_codes(args.only or ""), parse_codes(args.ignore or "")
    except ValueError as error:
        raise CommandError(f"check: {error}", 2) from None

    for raw in args.paths:
        if not os.path.exists(raw):
            raise CommandError(f"{raw}: no such file or folder")
    if args.spelling:
        from editor.core.spelling.check import spelling_problems

        problems, notes = spelling_problems(args.paths)
        for note in notes:
            say(f"masthead: {note}", err=True)
    else:
        site_upkeep(args.paths)
        problems = check_paths(args.paths)
    result = report(problems, args.paths, only, ignore, args.errors_only, args.info)
    for note in result.notes:
        say(f"masthead: {note}", err=True)
    output = format_problems(result.shown, fmt=args.format)
    if output:
        say(output.rstrip("\n"))
    if args.format == "text":
        say(result.summary)
    return result.exit_code


def cmd_render(args: argparse.Namespace) -> int:
    from editor.core.post.model import Post
    from editor.core.render.dialects import render_body_html
    from editor.core.site.dialect import DIALECTS, detect, dialect_named, is_mdx
    from editor.core.site.layout import find_site_root

    if args.dialect == "list":
        for name, dialect in DIALECTS.items():
            say(f"{name:<11} {dialect.label}")
        return 0
    if args.post is None:
        raise CommandError("render: give a POST (or --dialect list)")
    path = Path(args.post)
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    post = Post.load(path)
    if args.dialect is None:
        dialect = detect(find_site_root(path))
    else:
        try:
            dialect = dialect_named(args.dialect)
        except KeyError as error:
            raise CommandError(error.args[0]) from None
    block_filter = None
    if args.safe:
        from editor.core.render.sanitize import sanitize_html

        block_filter = sanitize_html
    html = render_body_html(
        post.body, dialect, mdx=is_mdx(dialect, path.suffix), block_filter=block_filter
    )
    say(html)
    return 0


def cmd_fields(args: argparse.Namespace) -> int:
    from editor.cli_site import site_upkeep
    from editor.core.site.field_counts import distinct_values
    from editor.core.site.index import SiteIndex
    from editor.core.site.schema import format_schema_table, infer_schema

    root = Path(args.folder)
    if not root.is_dir():
        raise CommandError(f"{root}: not a folder")
    site_upkeep([args.folder])
    index = SiteIndex(root)
    index.scan()
    schema = infer_schema(index.records, root=root)
    distinct = distinct_values(index.records)  # every length, not only vocabulary
    say(format_schema_table(schema, distinct=distinct).rstrip("\n"))
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    import json

    from editor.core.vcs.git import GitError, Repo
    from editor.core.vcs.report import changed_posts, changes_as_json, format_changes

    folder = Path(args.folder)
    if not folder.is_dir():
        raise CommandError(f"{folder}: not a folder")
    repo = Repo.find(folder)
    if repo is None:
        raise CommandError(f"{folder}: not in a git repository (or git is not installed)")
    try:
        changes = changed_posts(repo, folder)
    except GitError as error:
        raise CommandError(error.message) from error
    if args.format == "json":
        say(json.dumps(changes_as_json(changes), indent=2, ensure_ascii=False))
    elif changes:
        say(format_changes(changes))
    else:
        say("no changed posts")
    return 0


# --------------------------------------------------------------------------- desktop


def _desktop_data_home(args: argparse.Namespace) -> Path:
    from editor.core.platform import desktop_install

    if args.user:
        return desktop_install.user_data_home()
    return desktop_install.system_data_home(args.prefix)


def _report_caches(report) -> None:
    for name in report.ran:
        say(f"ran {name}")
    for name in report.missing:
        say(f"{name} is not installed: its cache was not refreshed", err=True)
    for problem in report.failed:
        say(f"masthead: {problem}", err=True)


def cmd_desktop_install(args: argparse.Namespace) -> int:
    from editor.core.platform import desktop_install

    try:
        report = desktop_install.install(_desktop_data_home(args))
    except desktop_install.DesktopInstallError as exc:
        raise CommandError(str(exc)) from None
    command = desktop_install.launch_command()
    say(f"installed {len(report.files)} files into {report.data_home}")
    say(f"the launcher runs: {' '.join(command)}")
    _report_caches(report)
    return 1 if report.failed else 0


def cmd_desktop_uninstall(args: argparse.Namespace) -> int:
    from editor.core.platform import desktop_install

    try:
        report = desktop_install.uninstall(_desktop_data_home(args))
    except desktop_install.DesktopInstallError as exc:
        raise CommandError(str(exc)) from None
    say(f"removed {len(report.files)} files from {report.data_home}")
    _report_caches(report)
    return 1 if report.failed else 0


def version() -> str:
    """The installed distribution's version (from its metadata)."""
    from importlib import metadata

    try:
        return metadata.version("masthead")
    except metadata.PackageNotFoundError:
        import logging

        import editor

        logging.getLogger(__name__).warning(
            "masthead is not installed (no package metadata); using editor.__version__"
        )
        return editor.__version__


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
        description="Print a field's value: text, dates, numbers and booleans as the file "
        "writes them, lists and maps as JSON. Exits 1 when the field is absent.",
    )
    get.add_argument("file")
    get.add_argument("key", help="field name (a.b for a nested field)")
    get.add_argument("--json", action="store_true", help="print the value as JSON, whatever it is")
    get.set_defaults(run=cmd_get)

    set_ = sub.add_parser(
        "set",
        help="set fields in posts, changing only those lines",
        description="Set fields in place with minimal diffs. A value is read in the type "
        "the site gives its field (featured=true is a boolean where posts have true or "
        "false, tags=news a list where posts have lists); a value that disagrees with it "
        "(title=Hello: world reads as a map) is refused unless --string (the text as it "
        "is) or --yaml (raw YAML) says how to read it. A field no post has is read as YAML. "
        "KEY may be dotted (seo.meta.description) for a nested field. Folders are searched "
        "recursively for posts; links out of a folder are skipped. On a folder without "
        "--where, changing more than one file needs --all. The edit is journaled (see "
        "'masthead interrupted'). Exits 0 when all is written, 1 when some files failed, "
        "2 when nothing was written (a value or a command that cannot be used).",
    )
    set_.add_argument(
        "items",
        nargs="+",
        metavar="FILE_OR_KEY=VALUE",
        help="files or folders, then KEY=VALUE pairs",
    )
    set_.add_argument("--string", action="store_true", help="treat every value as text")
    set_.add_argument(
        "--yaml", action="store_true", help="read every value as raw YAML, whatever the field"
    )
    set_.add_argument(
        "--all",
        "--yes",
        action="store_true",
        help="on a folder without --where: write every post that changes",
    )
    set_.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="FILTER",
        help="only posts that match a filter of the post list (categories:news, "
        "date:>=2020-01-01, has:image, no:image, -draft:true; KEY=VALUE means KEY:VALUE); "
        "repeatable; a field no post has is a warning",
    )
    set_.add_argument(
        "--dry-run", action="store_true", help="print the unified diff instead of writing"
    )
    set_.set_defaults(run=cmd_set)

    check = sub.add_parser(
        "check",
        help="check posts for problems",
        description="Check files or folders (recursively). Prints 'path:line: level: message' "
        "lines (errors first) and a summary; exits 1 when an error is shown, 2 when a folder "
        "holds no posts. Info findings (posts not live) show with --info.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--only", metavar="KIND,…", help="show only these kinds of finding")
    check.add_argument("--ignore", metavar="KIND,…", help="leave these kinds of finding out")
    check.add_argument("--errors-only", action="store_true", help="show only errors")
    check.add_argument("--info", action="store_true", help="show info findings too")
    check.add_argument(
        "--spelling",
        action="store_true",
        help="check spelling instead: 'path:line:col: warning: 'wrod' may be misspelled "
        "(word, world) [spelling]' for the body and prose fields",
    )
    check.set_defaults(run=cmd_check)

    render = sub.add_parser(
        "render",
        help="print a post's body as HTML, rendered as its site renders it",
        description="Print the body's HTML as the preview renders it (the site's Markdown "
        "dialect, without the page around it). Without --dialect the site's generator is "
        "detected from the folders above POST. Exits 1 on a post that will not parse.",
    )
    render.add_argument("post", nargs="?", metavar="POST")
    render.add_argument(
        "--dialect", metavar="NAME", help="render as NAME ('--dialect list' lists the names)"
    )
    render.add_argument(
        "--safe", action="store_true", help="also apply the preview's safety filter"
    )
    render.set_defaults(run=cmd_render)

    fields = sub.add_parser(
        "fields",
        help="print the inferred schema of a site",
        description="Print every field of the posts under FOLDER: types, how many posts have it, top values.",
    )
    fields.add_argument("folder")
    fields.set_defaults(run=cmd_fields)

    changes = sub.add_parser(
        "changes",
        help="list the posts changed since the last commit, field by field",
        description="Print every post under FOLDER that differs from git's HEAD, with its "
        "field-level changes ('title: old → new') and a body diff.",
    )
    changes.add_argument("folder")
    changes.add_argument("--format", choices=("text", "json"), default="text")
    changes.set_defaults(run=cmd_changes)

    interrupted = sub.add_parser(
        "interrupted",
        help="undo or finish a bulk edit that was interrupted",
        description="A bulk edit (masthead set, or the window's bulk actions) keeps a journal "
        "while it writes. When one was killed midway, every command on the site says so; this "
        "command shows it, and --undo puts back the files it wrote or --finish writes the "
        "ones it had not reached. Files changed since are left as they are. Exits 1 while "
        "an interrupted edit is left.",
    )
    interrupted.add_argument("folder", help="the site folder (or any folder or post in it)")
    how = interrupted.add_mutually_exclusive_group()
    how.add_argument("--undo", action="store_true", help="undo the written part")
    how.add_argument("--finish", action="store_true", help="finish the rest")
    interrupted.set_defaults(run=cmd_interrupted)

    from editor.cli_taxonomy import add_commands as add_taxonomy_commands

    add_taxonomy_commands(sub)

    for name, run, verb in (
        ("desktop-install", cmd_desktop_install, "install"),
        ("desktop-uninstall", cmd_desktop_uninstall, "remove"),
    ):
        desktop = sub.add_parser(
            name,
            help=f"{verb} the launcher entry, icons and file types (Linux desktops)",
            description=f"{verb.capitalize()} Masthead's desktop entry, icons, AppStream data "
            "and MIME type (*.mdx as Markdown), then refresh the desktop's caches. "
            "Without --user: into PREFIX/share (default /usr/local/share).",
        )
        desktop.add_argument(
            "--user", action="store_true", help="for this user only: $XDG_DATA_HOME"
        )
        desktop.add_argument(
            "--prefix", metavar="PREFIX", help="system prefix (default /usr/local)"
        )
        desktop.set_defaults(run=run)
    return parser


class _VersionAction(argparse.Action):
    """--version: looks the version up only when asked (it costs start-up time)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs):
        kwargs.setdefault("help", "print the version and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        say(f"masthead {version()}")
        parser.exit()


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
    parser.add_argument("--version", action=_VersionAction)
    # For checks of an installation (.ci/run): quit by itself after MS milliseconds.
    parser.add_argument("--quit-after", type=int, metavar="MS", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            parser = build_parser()
            subparser = parser._subparsers._group_actions[0].choices[argv[0]]
            # Intermixed, so options may come between FILE... and KEY=VALUE... arguments.
            args = subparser.parse_intermixed_args(_glued(argv[1:]))
            return args.run(args)
        if argv and argv[0] in ("-h", "--help"):
            build_gui_parser().print_help()
            say()
            build_parser().print_help()
            return 0
        args = build_gui_parser().parse_args(argv)
        for path in args.paths:  # a mistyped command must not open the window
            if not os.path.lexists(path):
                raise CommandError(_no_such(path), 2)
        from editor.app import run_gui

        return run_gui(args.paths, settings_path=args.settings, quit_after_ms=args.quit_after)
    except PostError as exc:
        say(f"masthead: {exc}", err=True)
        return 1
    except CommandError as exc:
        say(f"masthead: {exc}", err=True)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never a traceback for a user; MASTHEAD_DEBUG=1 shows it
        if os.environ.get("MASTHEAD_DEBUG"):
            raise
        say(f"masthead: internal error: {type(exc).__name__}: {exc}", err=True)
        return 70


def _no_such(word: str) -> str:
    """The message for a word that is neither a command nor a file, with a likely command."""
    import difflib

    message = f"no such command or file: {_printable(word)}"
    close = difflib.get_close_matches(word, COMMANDS, n=1)
    return message + (f"; did you mean {close[0]}?" if close else "")


def gui_main() -> int:
    """The ``masthead-gui`` entry point (a gui-script: on Windows it opens no console).

    A windowed Windows program has no standard streams; messages that would go to them
    go to the log file in the data folder instead.
    """
    if sys.stdout is None or sys.stderr is None:
        from editor.core.platform.userdirs import data_dir

        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        stream = open(folder / "masthead-gui.log", "a", encoding="utf-8")  # noqa: SIM115
        sys.stdout = sys.stdout or stream
        sys.stderr = sys.stderr or stream
    return main()

"""Site-wide front matter checks: what looks wrong in a post compared with the rest of its site.

``run_checks(index_or_records, schema, root)`` returns ``Problem``s, each with a code:

=====================  =======  ==========================================================
code                   level    finding
=====================  =======  ==========================================================
parse-error            error    the file cannot be parsed (the post model's message)
duplicate-key          warning  a key written twice in one mapping (every line it is on);
                                the site generator reads the last one, and so does Masthead
impossible-date        warning  a date that does not exist (2017-02-29), kept as text
missing-field          warning  a field ≥ 90% of posts (and ≥ 10) have, not a yes/no one
                                (its absence reads as false); error if required
                                (also when a required field is empty: ``site/required.py``)
type-mismatch          warning  a value of another kind than the field's usual one
                                (int and float agree, as do str and text); error if the
                                kind is pinned in masthead.toml
date-format            warning  a date not written in the field's dominant format (or
                                the pinned ``date_format``: then an error)
bad-date               error    a date behind an invisible character (``post_checks``)
file-date              warning  a file-name date that is not the ``date:`` day, where
                                the generator reads file-name dates (``post_checks``)
unknown-value          warning  a list or enumeration value used nowhere else while the
                                field's vocabulary is well used (a likely typo); error if
                                the value is not in the pinned ``allowed`` list
duplicate-title        warning  two posts with the same title
duplicate-slug         warning  two posts in one folder with the same slug (``slug`` or
                                ``permalink`` field, else the file name minus date prefix)
too-long               warning  a field over the limit masthead.toml sets for it (opt-in:
                                ``[limits]`` or a field's ``max_length``)
missing-image          error    a local image path that does not exist
schema-file            error    a problem in masthead.toml itself
not-live               info     a draft, scheduled or expired post (``post_checks``)
dialect-hint           hint     the site's Markdown renderer will do something the writer
                                may not expect (``editor.core.render.hints``; per post,
                                cached: ``post_hints``)
spelling               warning  a word that may be misspelled (``masthead check --spelling``,
                                see ``editor.core.spelling.check``), with its column
=====================  =======  ==========================================================

Section and list pages and other pages (``page_kinds``) are not held to the posts'
common or required fields, and translations of one page are not duplicates of each
other. The kinds a site turns off (``[checks] ignore`` in masthead.toml, see
``check_select``) are left out; errors sort first.

Thresholds are chosen so that a consistent site of thousands of posts yields few or
no findings. ``check_paths(paths)`` checks files and folders for ``masthead check``.
``format_problems`` prints ``path:line: level: message`` lines or JSON.
"""

from __future__ import annotations

import difflib
import itertools
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from editor.core.platform.regular_files import file_kind, not_regular_message
from editor.core.post.formats.yaml_tolerance import IMPOSSIBLE_DATE
from editor.core.site import layout as sitepaths
from editor.core.site.check_memo import CheckMemo, per_post
from editor.core.site.config_files import SITE_SETTINGS_FILE
from editor.core.site.index import PostRecord, SiteIndex, parse_post_file
from editor.core.site.problem import Problem
from editor.core.site.required import empty_required, required_names
from editor.core.site.schema import (
    Schema,
    infer_schema,
    load_schema_config,
    value_kind,
)
from editor.core.site.url_slug import slug_of

COMMON_FIELD_SHARE = 0.9
COMMON_FIELD_MIN_POSTS = 10
MAIN_KIND_SHARE = 0.8
MAIN_DATE_FORMAT_SHARE = 0.6
VOCABULARY_MIN_USES = 20
VOCABULARY_MAX_SINGLETON_SHARE = 0.2
VOCABULARY_MIN_USES_PER_VALUE = 5
_KIND_GROUPS = {"int": "number", "float": "number", "text": "str"}


def run_checks(
    index_or_records: SiteIndex | Iterable[PostRecord],
    schema: Schema | None = None,
    root: str | os.PathLike[str] | None = None,
    *,
    now: datetime | None = None,
    memo: CheckMemo | None = None,
) -> list[Problem]:
    """Every problem found in the records, errors first, then by path and line
    (``now``: the time that decides whether a post is scheduled or expired). With a
    ``memo`` kept for the site, posts whose records are unchanged since the last run are
    not checked again (``check_memo``); the problems are the same."""
    from editor.core.site import post_checks
    from editor.core.site.check_select import load_check_settings, sort_problems
    from editor.core.site.publish import rules_for

    records = list(
        index_or_records.records if isinstance(index_or_records, SiteIndex) else index_or_records
    )
    if memo is not None:
        memo.start(records)
    if root is None and isinstance(index_or_records, SiteIndex):
        root = index_or_records.root
    if schema is None:
        schema = infer_schema(records, root=root)
    root_path = Path(root) if root is not None else None
    problems: list[Problem] = []
    problems += _schema_file_problems(schema)
    ok = [r for r in records if r.error is None]
    for record in records:
        if record.error is not None:
            problems.append(
                Problem(record.path, record.error_line, "error", "parse-error", record.error)
            )
    not_posts, translation_keys = _pages([r.rel for r in records], memo)

    # Held to the common and required fields: posts, not their translations.
    def is_post(record: PostRecord) -> bool:
        return record.error is None and record.rel not in not_posts

    posts = [r for r in ok if is_post(r)] if not_posts else ok
    rules = rules_for(root_path)
    settings = load_check_settings(root_path)
    problems += [
        Problem(SITE_SETTINGS_FILE, None, "error", "schema-file", m) for m in settings.errors
    ]
    problems += per_post(memo, "front-matter", (), ok, _front_matter_warnings, _parsed)
    # Shares of the posts alone: section and list pages do not make a field look rare.
    post_schema = schema if len(posts) == len(ok) else infer_schema(posts, schema.config)
    problems += per_post(
        memo,
        "missing-field",
        _missing_fields_key(post_schema),
        posts,
        lambda rs: [
            p for p in _missing_fields(rs, post_schema) if not _absent_means_false(p, post_schema)
        ],
        is_post,
    )
    problems += per_post(
        memo,
        "empty-required",
        required_names(schema.config),
        posts,
        lambda rs: [
            Problem(path, line, "error", "missing-field", message, key)
            for path, line, key, message in empty_required(rs, schema.config)
        ],
        is_post,
    )
    expected = _expectations(schema)
    problems += per_post(
        memo, "kinds", expected, ok, lambda rs: _kinds_and_dates(rs, schema, expected), _parsed
    )
    problems += per_post(memo, "bad-date", (), ok, post_checks.bad_dates, _parsed)
    problems += per_post(
        memo, "file-date", rules, ok, lambda rs: post_checks.file_dates(rs, rules), _parsed
    )
    vocabulary = _vocabulary_rules(schema)
    problems += per_post(
        memo,
        "unknown-value",
        vocabulary,
        ok,
        lambda rs: _unknown_values(rs, schema, vocabulary),
        _parsed,
    )
    problems += _duplicates(ok, translation_keys, memo)
    problems += per_post(
        memo, "too-long", _limits(schema), ok, lambda rs: _lengths(rs, schema), _parsed
    )
    problems += _missing_images(ok, root_path, memo)
    problems += _not_live(ok, rules, now, memo)
    return sort_problems(p for p in problems if p.code not in settings.ignore)


def _absent_means_false(problem: Problem, schema: Schema) -> bool:
    """A missing yes/no field (``draft``, ``featured``) that nothing requires: every
    generator's templates read its absence as false, so it is no finding."""
    stats = schema.fields.get(problem.key or "")
    return problem.level == "warning" and stats is not None and stats.main_kind == "bool"


def _pages(rels: list[str], memo: CheckMemo | None) -> tuple[set[str], dict[str, str]]:
    """The paths that are not posts (other kinds of page, and translations) and each
    path's translation key (``page_kinds``)."""
    from editor.core.site.page_kinds import classify, translated_copies

    def work(rels: Sequence[str]) -> tuple[set[str], dict[str, str]]:
        pages = classify(rels)
        keys = {rel: page.translation_key for rel, page in pages.items()}
        translations = translated_copies(pages)
        not_posts = {rel for rel, page in pages.items() if not page.is_post} | translations
        return not_posts, keys

    return work(rels) if memo is None else memo.pages(rels, work)


def _schema_file_problems(schema: Schema) -> list[Problem]:
    path = str(schema.config.path) if schema.config.path else SITE_SETTINGS_FILE
    return [Problem(path, line, "error", "schema-file", msg) for msg, line in schema.config.errors]


def _front_matter_warnings(records: list[PostRecord]) -> list[Problem]:
    """What the post model read although it is odd (see ``yaml_tolerance``)."""
    return [
        Problem(record.path, line, "warning", code, message, key)
        for record in records
        for line, code, message, key in record.warnings
    ]


def _line(record: PostRecord, key: str | None) -> int | None:
    return record.key_lines.get(key) if key else None


def _common_fields(schema: Schema) -> set[str]:
    return {
        name
        for name, stats in schema.fields.items()
        if schema.posts >= COMMON_FIELD_MIN_POSTS
        and stats.count >= COMMON_FIELD_SHARE * schema.posts
    }


def _missing_fields_key(schema: Schema) -> tuple:
    """All the missing-field findings of a post read from the schema: the common fields
    with their counts and usual kinds, the required ones, the number of posts."""
    fields = schema.fields
    common = {n: (fields[n].count, fields[n].main_kind) for n in _common_fields(schema)}
    return schema.posts, common, required_names(schema.config)


def _missing_fields(records: list[PostRecord], schema: Schema) -> list[Problem]:
    problems = []
    rules = schema.config.fields
    common = _common_fields(schema)
    required = {name for name, rule in rules.items() if rule.required}
    for record in records:
        for name in sorted((common | required) - record.metadata.keys()):
            if name in required:
                level, why = "error", "required by masthead.toml"
            else:
                stats = schema.fields[name]
                level, why = "warning", f"{stats.count} of {schema.posts} posts have it"
            problems.append(
                Problem(
                    record.path, 1, level, "missing-field", f"missing field '{name}' ({why})", name
                )
            )
    return problems


def _kind_group(kind: str) -> str:
    return _KIND_GROUPS.get(kind, kind)


Expectations = tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]


def _expectations(schema: Schema) -> Expectations:
    """Per field, the kind and the date format its values should have, with the level of
    a finding: (name -> (kind, level), name -> (format, level))."""
    expected_kind: dict[str, tuple[str, str]] = {}  # name -> (kind, level)
    expected_format: dict[str, tuple[str, str]] = {}
    for name, stats in schema.fields.items():
        rule = schema.config.fields.get(name)
        if rule is not None and rule.type:
            expected_kind[name] = (rule.type, "error")
        elif stats.count >= COMMON_FIELD_MIN_POSTS:
            grouped: dict[str, int] = defaultdict(int)
            for kind, n in stats.kinds.items():
                grouped[_kind_group(kind)] += n
            main, n = max(grouped.items(), key=lambda item: item[1])
            if n >= MAIN_KIND_SHARE * stats.count:
                expected_kind[name] = (main, "warning")
        if rule is not None and rule.date_format:
            expected_format[name] = (rule.date_format, "error")
        elif stats.date_formats:
            fmt, n = stats.date_formats.most_common(1)[0]
            if n >= COMMON_FIELD_MIN_POSTS and n >= MAIN_DATE_FORMAT_SHARE * sum(
                stats.date_formats.values()
            ):
                expected_format[name] = (fmt, "warning")
    return expected_kind, expected_format


def _kinds_and_dates(
    records: list[PostRecord], schema: Schema, expected: Expectations | None = None
) -> list[Problem]:
    problems = []
    expected_kind, expected_format = expected or _expectations(schema)
    for record in records:
        # An impossible date has its own warning (impossible-date): not a kind mismatch too.
        impossible = {key for _, code, _, key in record.warnings if code == IMPOSSIBLE_DATE}
        for name, value in record.metadata.items():
            if name in impossible:
                continue
            raw_date = record.raw_dates.get(name)
            kind = "date" if raw_date is not None else value_kind(value)
            if kind == "str" and _one_digit_hour_date(value):
                kind = "date"  # "2015-02-15 9:18:00" in quotes: a date to the generators
            want = expected_kind.get(name)
            if want is not None and _kind_group(kind) != _kind_group(want[0]):
                shown = "empty" if kind == "null" else kind
                problems.append(
                    Problem(
                        record.path,
                        _line(record, name),
                        want[1],
                        "type-mismatch",
                        f"'{name}' is {shown} here, but {want[0]} in this site's posts"
                        if want[1] == "warning"
                        else f"'{name}' is {shown}, masthead.toml requires {want[0]}",
                        name,
                    )
                )
                continue
            fmt_rule = expected_format.get(name)
            if raw_date is not None and fmt_rule is not None:
                from editor.core.site.post_checks import written_date_format

                fmt = written_date_format(raw_date)
                if fmt != fmt_rule[0]:
                    problems.append(
                        Problem(
                            record.path,
                            _line(record, name),
                            fmt_rule[1],
                            "date-format",
                            f"date '{raw_date}' is not in the site's format {fmt_rule[0]}",
                            name,
                        )
                    )
    return problems


def _one_digit_hour_date(value: str) -> bool:
    from editor.core.site.post_checks import written_date_format

    return value[:1].isdigit() and written_date_format(value.strip()) is not None


VocabularyRules = tuple[dict[str, dict[str, list[str]]], dict[str, set]]


def _vocabulary_rules(schema: Schema) -> VocabularyRules:
    """(name -> {value used once: close matches}, name -> the allowed values)."""
    suspects: dict[str, dict[str, list[str]]] = {}  # name -> {singleton: close matches}
    allowed: dict[str, set] = {}
    for name, stats in schema.fields.items():
        rule = schema.config.fields.get(name)
        if rule is not None and rule.allowed is not None:
            allowed[name] = set(map(str, rule.allowed))
        if stats.main_kind != "list" and len(stats.values) > 10:
            texts = (v for v in stats.values if isinstance(v, str))
            if next(itertools.islice(texts, 10, None), None) is not None:
                continue  # over 10 values and no list: neither a list nor an enumeration
        vocabulary = [v for v in stats.values if isinstance(v, str)]
        uses = sum(stats.values[v] for v in vocabulary)
        singletons = [v for v in vocabulary if stats.values[v] == 1]
        is_list = stats.main_kind == "list"
        enumeration = not is_list and len(vocabulary) <= 10 and stats.count >= VOCABULARY_MIN_USES
        if not (is_list or enumeration) or uses < VOCABULARY_MIN_USES or not vocabulary:
            continue
        if uses < VOCABULARY_MIN_USES_PER_VALUE * len(vocabulary):
            continue  # too few posts to tell a typo from a rarely used value
        if len(singletons) > VOCABULARY_MAX_SINGLETON_SHARE * len(vocabulary):
            continue  # a long-tail vocabulary (free tags): a singleton is normal there
        common = [v for v in vocabulary if stats.values[v] > 1]
        found = {v: difflib.get_close_matches(v, common, n=1, cutoff=0.75) for v in singletons}
        if enumeration:
            found = {v: m for v, m in found.items() if m}  # only flag enumerations with a match
        suspects[name] = found
    return suspects, allowed


def _unknown_values(
    records: list[PostRecord], schema: Schema, rules: VocabularyRules | None = None
) -> list[Problem]:
    problems = []
    suspects, allowed = rules or _vocabulary_rules(schema)
    for record in records:
        for name, value in record.metadata.items():
            items = value if isinstance(value, list) else [value]
            for item in items:
                if not isinstance(item, str | int | float) or isinstance(item, bool):
                    continue
                text = item.strip() if isinstance(item, str) else str(item)
                if name in allowed and text not in allowed[name]:
                    problems.append(
                        Problem(
                            record.path,
                            _line(record, name),
                            "error",
                            "unknown-value",
                            f"'{text}' is not an allowed value of '{name}'",
                            name,
                        )
                    )
                elif text in suspects.get(name, ()):
                    match = suspects[name][text]
                    hint = f"; did you mean '{match[0]}'?" if match else ""
                    problems.append(
                        Problem(
                            record.path,
                            _line(record, name),
                            "warning",
                            "unknown-value",
                            f"'{text}' is used in '{name}' only here{hint}",
                            name,
                        )
                    )
    return problems


def _grouped_by(record: PostRecord) -> tuple[str | None, tuple[str, str]]:
    """The title (casefolded) and the (folder, slug) a post is compared by with others."""
    folder = str(Path(record.rel).parent)
    if Path(record.rel).stem in ("index", "_index"):
        folder = str(Path(folder).parent)
    if "permalink" in record.metadata:
        folder = ""  # a permalink is site-wide
    return record.title.casefold() if record.title else None, (folder, slug_of(record))


def _shared(records: list[PostRecord]) -> list[list[tuple[Any, list[PostRecord]]]]:
    """The titles, and the (folder, slug)s, that more than one post has, with those posts."""
    by_title: dict[str, list[PostRecord]] = defaultdict(list)
    by_slug: dict[tuple[str, str], list[PostRecord]] = defaultdict(list)
    for record in records:
        title, slug_key = _grouped_by(record)
        if title is not None:
            by_title[title].append(record)
        by_slug[slug_key].append(record)
    return [
        [(key, group) for key, group in by.items() if len(group) > 1] for by in (by_title, by_slug)
    ]


def _duplicates(
    records: list[PostRecord],
    translation_keys: dict[str, str] | None = None,
    memo: CheckMemo | None = None,
) -> list[Problem]:
    """Titles and slugs used twice; translations of one page (the same translation key,
    see ``page_kinds``) are not duplicates of each other."""
    keys = translation_keys or {}

    def others_of(record: PostRecord, group: list[PostRecord]) -> str:
        mine = keys.get(record.rel, record.rel)
        return ", ".join(o.rel for o in group if keys.get(o.rel, o.rel) != mine)

    problems = []
    if memo is None:
        titles, slugs = _shared(records)
    else:
        titles, slugs = memo.groups("duplicates", records, _grouped_by, 2, _parsed)
    for _title, group in titles:
        for record in group:
            others = others_of(record, group)
            if not others:
                continue
            problems.append(
                Problem(
                    record.path,
                    _line(record, "title"),
                    "warning",
                    "duplicate-title",
                    f"title also used by {others}",
                    "title",
                )
            )
    for (_, slug), group in slugs:
        for record in group if slug else ():
            others = others_of(record, group)
            if not others:
                continue
            key = next((k for k in ("slug", "permalink") if k in record.metadata), None)
            problems.append(
                Problem(
                    record.path,
                    _line(record, key) or 1,
                    "warning",
                    "duplicate-slug",
                    f"slug '{slug}' also used by {others}",
                    key,
                )
            )
    return problems


def _limits(schema: Schema) -> dict[str, int]:
    return {
        name: limit
        for name in {*schema.config.limits, *schema.config.fields}
        if (limit := schema.config.max_length(name))
    }


def _lengths(records: list[PostRecord], schema: Schema) -> list[Problem]:
    problems = []
    limited = _limits(schema)
    for record in records:
        for name, limit in limited.items():
            value = record.metadata.get(name)
            if isinstance(value, str) and len(value.strip()) > limit:
                problems.append(
                    Problem(
                        record.path,
                        _line(record, name),
                        "warning",
                        "too-long",
                        f"'{name}' has {len(value.strip())} characters (limit {limit})",
                        name,
                    )
                )
    return problems


def _image_candidates(record: PostRecord, root: Path | None) -> Iterable[tuple[str, str]]:
    for name, value in record.metadata.items():
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str):
                continue
            text = item.strip()
            if not sitepaths.looks_like_image(text) or "{{" in text or "{%" in text:
                continue
            if sitepaths.is_remote(text) or text.lower().startswith(("data:", "mailto:")):
                continue
            yield name, sitepaths.clean_ref(text)


def _parsed(record: PostRecord) -> bool:
    return record.error is None


def _image_files(record: PostRecord, root: Path | None) -> list[tuple[str, str, list[str]]]:
    """(field, reference, the files it may name) for each local image the post refers to."""
    return [
        (name, ref, [os.fspath(path) for path in sitepaths.candidates(ref, record.path, root)])
        for name, ref in _image_candidates(record, root)
    ]


def _missing_images(
    records: list[PostRecord], root: Path | None, memo: CheckMemo | None = None
) -> list[Problem]:
    """Local images that are not there; with a memo, the files each post's references
    may name are worked out once per record, and looked for on every run."""
    problems = []
    if memo is None:
        images = [(r, files) for r in records if (files := _image_files(r, root))]
    else:
        images = memo.sparse("image-files", root, records, lambda r: _image_files(r, root), _parsed)
    for record, refs in images:
        for name, ref, files in refs:
            if not any(os.path.exists(path) for path in files):
                problems.append(
                    Problem(
                        record.path,
                        _line(record, name),
                        "error",
                        "missing-image",
                        f"image '{ref}' not found",
                        name,
                    )
                )
    return problems


def _not_live(
    records: list[PostRecord], rules: Any, now: datetime | None, memo: CheckMemo | None
) -> list[Problem]:
    """Drafts, scheduled and expired posts (``post_checks.not_live``) at ``now``."""
    from editor.core.site import post_checks
    from editor.core.site.publish import change_points, now_key

    now = now or datetime.now()
    if memo is None:
        return post_checks.not_live(records, rules, now)
    return memo.not_live(
        rules,
        records,
        now_key(now),
        lambda rs: post_checks.not_live(rs, rules, now),
        change_points,
        _parsed,
    )


def check_paths(
    paths: Iterable[str | os.PathLike[str]], cache_dir: str | os.PathLike[str] | None = None
) -> list[Problem]:
    """Check files and folders (``masthead check PATH...``).

    A folder is checked as a whole site. A file is checked against its site (the
    nearest folder with a site marker, see ``layout.find_site_root``) when it has
    one, and only its own problems are reported; otherwise it is checked alone.
    """
    from editor.core.site.check_select import drop_ignored, sort_problems

    problems: list[Problem] = []
    wanted_by_root: dict[Path, set[str] | None] = {}
    for raw in paths:
        path = Path(os.path.abspath(os.fspath(raw)))
        if path.is_dir():
            wanted_by_root[path] = None
        elif path.is_file():
            root = sitepaths.find_site_root(path)
            if root is None:
                record = parse_post_file(str(path), path.name, with_body=False)
                schema = infer_schema([record], root=path.parent)
                problems += run_checks([record], schema, path.parent)
                continue
            current = wanted_by_root.setdefault(root, set())
            if current is not None:
                current.add(str(path))
        elif path.exists():  # a FIFO, socket or device: said so, never opened
            kind = file_kind(path.stat().st_mode) or "not a regular file"
            problems.append(
                Problem(str(path), None, "error", "parse-error", not_regular_message(kind))
            )
        else:
            problems.append(
                Problem(str(path), None, "error", "parse-error", "no such file or folder")
            )
    for root, wanted in wanted_by_root.items():
        index = SiteIndex(root, cache_dir=cache_dir)
        index.scan()
        for path in wanted or ():
            if index.get(path) is None:  # a file outside the posts discovery finds
                index.update([path])
        schema = infer_schema(index.records, load_schema_config(root))
        found = run_checks(index, schema, root)
        found += dialect_hint_problems(
            root,
            [r for r in index.records if not wanted or r.path in wanted],
            cache_dir,
            every_post=not wanted,
        )
        found = drop_ignored(found, root)  # errors first; the kinds the site turns off go
        problems += found if wanted is None else [p for p in found if p.path in wanted]
    return sort_problems(problems)


def dialect_hint_problems(
    root: Path,
    records: Iterable[PostRecord],
    cache_dir: str | os.PathLike[str] | None = None,
    *,
    every_post: bool = True,
) -> list[Problem]:
    """Hints where the site's renderer (its detected dialect) may surprise the writer, for
    the records that parsed (none when ``[checks] ignore`` turns them off); the files
    unchanged since the last check are not read again (``post_hints.HintCache``; not
    ``every_post``: the records are some of the site's, the others stay cached)."""
    from editor.core.site.dialect import detect
    from editor.core.site.post_hints import HintCache, site_hint_problems

    cache = HintCache(root, cache_dir)
    return site_hint_problems(cache, records, root, detect(root), every_post=every_post)


def format_problems(problems: Iterable[Problem], fmt: str = "text") -> str:
    """``path:line: level: message`` lines (paths relative to the current folder when inside it),
    or a JSON list of objects with path, line, level, code, message and key (and column,
    where known: ``path:line:col:`` in text)."""
    problems = list(problems)
    if fmt == "json":
        items = [asdict(p) for p in problems]
        for item in items:
            if item["column"] is None:  # only spelling findings have a column
                del item["column"]
        return json.dumps(items, indent=2, ensure_ascii=False)
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r} (use 'text' or 'json')")
    cwd = os.getcwd()
    lines = []
    for p in problems:
        path = p.path
        if os.path.isabs(path) and (path + os.sep).startswith(cwd + os.sep):
            path = os.path.relpath(path, cwd)
        where = f"{path}:{p.line}" if p.line else path
        if p.line and p.column:
            where += f":{p.column}"
        lines.append(f"{where}: {p.level}: {p.message} [{p.code}]")
    return "\n".join(lines)

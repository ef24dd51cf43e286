"""Dialect hints per post file: at their lines in the file, the same in `masthead check`,
cached by each file's size and mtime (a changed post is read again, nothing else), turned
off by `[checks] ignore`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from editor.core.render.hints import HUGO_RAW_HTML, LIST_AFTER_PARAGRAPH
from editor.core.site import post_hints
from editor.core.site.checks import check_paths, format_problems
from editor.core.site.dialect import DIALECTS, detect
from editor.core.site.post_hints import HINT_CODE, HintCache, file_hints, site_hint_problems
from editor.core.site.records import parse_post_file

HUGO = DIALECTS["hugo"]
JIGSAW = DIALECTS["jigsaw"]
JIGSAW_LIST = LIST_AFTER_PARAGRAPH.format(engine=JIGSAW.engine)
RAW = "Intro\n\n<div>x</div>\n"


def _stamp(path: Path, n: int) -> None:
    """A distinct mtime for each write: two writes in one clock tick look alike otherwise."""
    os.utime(path, ns=(1_700_000_000_000_000_000 + n * 1_000_000_000,) * 2)


@pytest.mark.parametrize(
    "text, line",
    [
        ("---\ntitle: A\n---\n" + RAW, 6),
        ("+++\ntitle = 'A'\nx = 1\n+++\n" + RAW, 7),
        ('{\n  "title": "A"\n}\n' + RAW, 6),
        (RAW, 3),
        ("\ufeff---\r\ntitle: A\r\n---\r\n" + RAW.replace("\n", "\r\n"), 6),
    ],
)
def test_hints_are_at_their_lines_in_the_file(text, line):
    """Every front-matter format, a BOM and CRLF: the line is the file's, not the body's."""
    found = file_hints("/site/a.md", text.encode(), HUGO)
    assert [(p.line, p.level, p.code, p.message) for p in found] == [
        (line, "hint", HINT_CODE, HUGO_RAW_HTML)
    ]


def test_a_file_that_does_not_split_has_no_hints():
    assert file_hints("/a.md", b"---\ntitle: never closed\n<div>x</div>\n", HUGO) == []
    assert file_hints("/a.md", b"\xff\xfe<div>", HUGO) == []


def _site(tmp_path: Path, posts: dict[str, str], config: str = "config.php") -> Path:
    root = tmp_path / "site"
    (root / "source" / "_posts").mkdir(parents=True)
    if config == "config.php":
        (root / "config.php").write_text("<?php return [];\n")
        (root / "bootstrap.php").write_text("<?php\n")
    else:
        (root / config).write_text('baseURL = "/"\n')
    for n, (name, text) in enumerate(posts.items()):
        path = root / "source" / "_posts" / name
        path.write_text(text)
        _stamp(path, n)
    return root


def _records(root: Path) -> list:
    posts = sorted((root / "source" / "_posts").glob("*.md"))
    return [parse_post_file(str(p), p.relative_to(root).as_posix()) for p in posts]


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The files the hint cache reads."""
    seen: list[str] = []
    read = post_hints.read_regular

    def counting(path, *args):
        seen.append(os.path.basename(path))
        return read(path, *args)

    monkeypatch.setattr(post_hints, "read_regular", counting)
    return seen


def test_the_cache_reads_only_changed_posts(tmp_path, reads):
    """A first pass reads every post; then only the saved one; a new dialect reads all."""
    root = _site(tmp_path, {"a.md": "Cyclists can use:\n- the ferry\n", "b.md": "Plain\n"})
    cache = HintCache(root, tmp_path / "cache")
    found = cache.problems(_records(root), JIGSAW)
    assert [(Path(p.path).name, p.line, p.message) for p in found] == [("a.md", 2, JIGSAW_LIST)]
    assert sorted(reads) == ["a.md", "b.md"]
    reads.clear()
    assert cache.problems(_records(root), JIGSAW) == found
    assert reads == []
    b = root / "source" / "_posts" / "b.md"
    b.write_text("---\ntitle: B\n---\nSee:\n* one\n")
    _stamp(b, 10)
    found = cache.problems(_records(root), JIGSAW)
    assert reads == ["b.md"]
    assert [(Path(p.path).name, p.line) for p in found] == [("a.md", 2), ("b.md", 5)]
    reads.clear()
    assert cache.problems(_records(root), HUGO) == []
    assert sorted(reads) == ["a.md", "b.md"]
    assert cache.reads == 5


def test_a_reopen_reads_only_what_changed_since(tmp_path, reads):
    """The cache is kept in the site's cache folder: a new one reads only changed posts;
    a deleted post's hints go."""
    root = _site(tmp_path, {"a.md": "Use:\n- x\n", "b.md": "Use:\n- y\n", "c.md": "Fine\n"})
    HintCache(root, tmp_path / "cache").problems(_records(root), JIGSAW)
    (root / "source" / "_posts" / "b.md").unlink()
    c = root / "source" / "_posts" / "c.md"
    c.write_text("Now:\n- z\n")
    _stamp(c, 20)
    reads.clear()
    reopened = HintCache(root, tmp_path / "cache")
    found = reopened.problems(_records(root), JIGSAW)
    assert reads == ["c.md"]
    assert sorted(Path(p.path).name for p in found) == ["a.md", "c.md"]
    reads.clear()
    assert HintCache(root, tmp_path / "cache").problems(_records(root), JIGSAW) == found
    assert reads == []
    assert HintCache(root, tmp_path / "other").problems(_records(root), JIGSAW) == found
    assert len(reads) == 2  # another cache folder: nothing known


def test_a_corrupt_cache_file_is_ignored(tmp_path, reads):
    root = _site(tmp_path, {"a.md": "Use:\n- x\n"})
    first = HintCache(root, tmp_path / "cache").problems(_records(root), JIGSAW)
    for path in (tmp_path / "cache").rglob(post_hints.CACHE_FILE):
        path.write_bytes(b"MHSC not marshal")
    reads.clear()
    assert HintCache(root, tmp_path / "cache").problems(_records(root), JIGSAW) == first
    assert reads == ["a.md"]


def test_posts_that_do_not_parse_are_left_to_the_parse_error(tmp_path, reads):
    root = _site(tmp_path, {"a.md": "---\ntitle: [unclosed\n---\nUse:\n- x\n"})
    records = _records(root)
    assert records[0].error is not None
    assert HintCache(root, None, persist=False).problems(records, JIGSAW) == []
    assert reads == []


def test_checks_ignore_turns_hints_off_without_reading(tmp_path, reads):
    """`[checks] ignore = ["dialect-hint"]`: none in the panel's list or in `masthead check`."""
    root = _site(tmp_path, {"a.md": "Use:\n- x\n"})
    cache = HintCache(root, None, persist=False)
    assert len(site_hint_problems(cache, _records(root), root, JIGSAW)) == 1
    assert [p.code for p in check_paths([root], tmp_path / "c")].count(HINT_CODE) == 1
    (root / "masthead.toml").write_text('[checks]\nignore = ["dialect-hint"]\n')
    reads.clear()
    assert site_hint_problems(cache, _records(root), root, JIGSAW) == []
    assert HINT_CODE not in [p.code for p in check_paths([root], tmp_path / "c")]
    assert reads == []


def test_masthead_check_says_what_the_panel_says(tmp_path):
    """The same findings, worded the same, at the level `hint` (after warnings)."""
    root = _site(tmp_path, {"a.md": "---\ntitle: A\n---\nIntro\n\n<div>x</div>\n"}, "hugo.toml")
    panel = site_hint_problems(
        HintCache(root, None, persist=False), _records(root), root, detect(root)
    )
    checked = [p for p in check_paths([root], tmp_path / "c") if p.code == HINT_CODE]
    assert checked == panel and len(panel) == 1
    assert format_problems(checked).endswith(f":6: hint: {HUGO_RAW_HTML} [dialect-hint]")


def test_checking_one_file_keeps_the_other_posts_cached(tmp_path, reads):
    """`masthead check POST` looks at that post alone and leaves the others' entries."""
    root = _site(tmp_path, {"a.md": "Use:\n- x\n", "b.md": "Use:\n- y\n"})
    cache_dir = tmp_path / "cache"
    HintCache(root, cache_dir).problems(_records(root), JIGSAW)
    one = root / "source" / "_posts" / "a.md"
    reads.clear()
    assert [p.line for p in check_paths([one], cache_dir) if p.code == HINT_CODE] == [2]
    assert reads == []
    HintCache(root, cache_dir).problems(_records(root), JIGSAW)
    assert reads == []  # b.md is still known


def test_worker_processes_find_what_this_process_finds(tmp_path, monkeypatch):
    """A long read (a first open) runs in worker processes, with the same findings."""
    bodies = ["Use:\n- x\n", "Fine\n", "Intro\n\n<div>x</div>\n", "See:\n1. one\n"]
    root = _site(tmp_path, {f"p{n:02}.md": bodies[n % 4] for n in range(24)})
    monkeypatch.setattr(post_hints, "MIN_FILES_FOR_WORKERS", 10)
    in_workers = []
    read = post_hints._read_in_processes
    monkeypatch.setattr(
        post_hints, "_read_in_processes", lambda *a: in_workers.append(1) or read(*a)
    )
    for dialect, count in ((JIGSAW, 12), (HUGO, 6)):
        here = HintCache(root, None, persist=False)
        here.workers = 1
        there = HintCache(root, None, persist=False)
        there.workers = 2
        expected = here.problems(_records(root), dialect)
        assert there.problems(_records(root), dialect) == expected and len(expected) == count
    assert len(in_workers) == 2


def test_a_rule_that_fails_on_one_post_leaves_the_others(tmp_path, monkeypatch, caplog):
    root = _site(tmp_path, {"a.md": "Use:\n- x\n", "b.md": "boom\n"})
    rules = post_hints.hint_rules.dialect_hints

    def failing(body, dialect, mdx=False):
        if "boom" in body:
            raise ValueError("a renderer bug")
        return rules(body, dialect, mdx=mdx)

    monkeypatch.setattr(post_hints.hint_rules, "dialect_hints", failing)
    found = HintCache(root, None, persist=False).problems(_records(root), JIGSAW)
    assert [Path(p.path).name for p in found] == ["a.md"]
    assert "the jigsaw rules failed" in caplog.text

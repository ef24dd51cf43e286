"""The workspace's problems carry the site's dialect hints: worked out off the GUI thread,
a save reads only the saved post again, and a new dialect (the View menu's, or
masthead.toml's) or `[checks] ignore` takes effect without reopening the site."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from editor.core.render.hints import HUGO_RAW_HTML, LIST_AFTER_PARAGRAPH
from editor.core.site import post_hints
from editor.core.site.dialect import DIALECTS
from editor.session.workspace import Workspace

LIST = LIST_AFTER_PARAGRAPH.format(engine=DIALECTS["jigsaw"].engine)


def _write(path: Path, body: str, n: int) -> None:
    path.write_text(f"---\ntitle: Post {path.stem}\n---\n{body}")
    os.utime(path, ns=(1_700_000_000_000_000_000 + n * 10**9,) * 2)


@pytest.fixture
def site(tmp_path) -> Path:
    """A Jigsaw site: a list straight after a paragraph in a.md, raw HTML in b.md."""
    root = tmp_path / "site"
    posts = root / "source" / "_posts"
    posts.mkdir(parents=True)
    (root / "config.php").write_text("<?php return [];\n")
    (root / "bootstrap.php").write_text("<?php\n")
    (root / "masthead.toml").write_text("[spelling]\noff = true\n")
    _write(posts / "a.md", "Cyclists can use:\n- the ferry\n", 1)
    _write(posts / "b.md", "Intro\n\n<div>x</div>\n", 2)
    for n in range(3, 8):
        _write(posts / f"plain-{n}.md", "Nothing to say.\n", n)
    return root


@pytest.fixture
def reads(monkeypatch) -> list[tuple[str, threading.Thread]]:
    """Each file the hints read, and the thread that read it."""
    seen: list[tuple[str, threading.Thread]] = []
    read = post_hints.read_regular

    def counting(path, *args):
        seen.append((os.path.basename(path), threading.current_thread()))
        return read(path, *args)

    monkeypatch.setattr(post_hints, "read_regular", counting)
    return seen


def _open(qtbot, root: Path, cache: Path, watch: bool = False) -> Workspace:
    ws = Workspace(cache_dir=cache, watch=watch)
    with qtbot.waitSignal(ws.ready, timeout=30000):
        ws.open(root)
    qtbot.waitUntil(lambda: ws.idle, timeout=20000)
    return ws


def _hints(ws: Workspace) -> list[tuple[str, int, str]]:
    return [(Path(p.path).name, p.line, p.message) for p in ws.problems if p.code == "dialect-hint"]


def test_hints_are_problems_found_off_the_gui_thread(qtbot, site, tmp_path, isolated_dirs, reads):
    ws = _open(qtbot, site, tmp_path / "cache")
    assert _hints(ws) == [("a.md", 5, LIST)]
    assert {p.level for p in ws.problems if p.code == "dialect-hint"} == {"hint"}
    assert len(reads) == 7 and threading.main_thread() not in {t for _, t in reads}
    ws.close()
    reads.clear()
    reopened = _open(qtbot, site, tmp_path / "cache")
    assert _hints(reopened) == [("a.md", 5, LIST)]
    assert reads == []  # the reopen found every post unchanged in the cache
    reopened.close()


def test_a_save_reads_only_the_saved_post(qtbot, site, tmp_path, isolated_dirs, reads):
    ws = _open(qtbot, site, tmp_path / "cache")
    reads.clear()
    saved = site / "source" / "_posts" / "plain-4.md"
    _write(saved, "See:\n* one\n* two\n\nAnd:\n1. first\n", 40)
    with qtbot.waitSignal(ws.problems_changed, timeout=20000):
        ws.refresh_paths([saved])
    qtbot.waitUntil(lambda: ws.idle, timeout=20000)
    assert [name for name, _ in reads] == ["plain-4.md"]
    assert _hints(ws) == [("a.md", 5, LIST), ("plain-4.md", 5, LIST), ("plain-4.md", 9, LIST)]
    reads.clear()
    _write(saved, "Fixed:\n\n* one\n", 41)
    ws.refresh_paths([saved])
    qtbot.waitUntil(lambda: ws.idle and len(_hints(ws)) == 1, timeout=20000)
    assert [name for name, _ in reads] == ["plain-4.md"]
    ws.close()


def test_the_view_menus_dialect_recomputes_the_hints(qtbot, site, tmp_path, isolated_dirs):
    ws = _open(qtbot, site, tmp_path / "cache")
    with qtbot.waitSignal(ws.problems_changed, timeout=20000):
        ws.set_dialect_choice("hugo")
    assert _hints(ws) == [("b.md", 6, HUGO_RAW_HTML)]
    with qtbot.waitSignal(ws.problems_changed, timeout=20000):
        ws.set_dialect_choice(None)
    assert _hints(ws) == [("a.md", 5, LIST)]
    ws.close()


def test_masthead_toml_changes_dialect_and_ignore_live(qtbot, site, tmp_path, isolated_dirs):
    """An edit of masthead.toml (no post changed) runs the checks again."""
    ws = _open(qtbot, site, tmp_path / "cache", watch=True)
    assert _hints(ws) == [("a.md", 5, LIST)]
    settings = site / "masthead.toml"
    settings.write_text('[spelling]\noff = true\n[preview]\ndialect = "hugo"\n')
    qtbot.waitUntil(lambda: _hints(ws) == [("b.md", 6, HUGO_RAW_HTML)], timeout=20000)
    settings.write_text('[spelling]\noff = true\n[checks]\nignore = ["dialect-hint"]\n')
    qtbot.waitUntil(lambda: _hints(ws) == [] and ws.idle, timeout=20000)
    ws.close()


def test_a_deleted_post_takes_its_hints_along_and_a_new_one_brings_its_own(
    qtbot, site, tmp_path, isolated_dirs, reads
):
    ws = _open(qtbot, site, tmp_path / "cache")
    posts = site / "source" / "_posts"
    (posts / "a.md").unlink()
    ws.refresh_paths([posts / "a.md"])
    qtbot.waitUntil(lambda: ws.idle and _hints(ws) == [], timeout=20000)
    reads.clear()
    _write(posts / "c.md", "Use:\n+ this\n", 50)
    ws.refresh_paths([posts / "c.md"])
    qtbot.waitUntil(lambda: ws.idle and _hints(ws) == [("c.md", 5, LIST)], timeout=20000)
    assert [name for name, _ in reads] == ["c.md"]
    ws.close()


def test_unchanged_findings_are_published_as_the_same_list(qtbot, site, tmp_path, isolated_dirs):
    """A save that changes no finding gives back the very list listeners have (a big site's
    thousands of hints are not compared again on the GUI thread); a new finding a new one."""
    ws = _open(qtbot, site, tmp_path / "cache")
    before = ws.problems
    plain = site / "source" / "_posts" / "plain-5.md"
    _write(plain, "Still nothing to say.\n", 60)
    with qtbot.waitSignal(ws.problems_changed, timeout=20000):
        ws.refresh_paths([plain])
    assert ws.problems is before
    _write(plain, "But:\n- this\n", 61)
    with qtbot.waitSignal(ws.problems_changed, timeout=20000):
        ws.refresh_paths([plain])
    assert ws.problems is not before and len(_hints(ws)) == 2
    ws.close()

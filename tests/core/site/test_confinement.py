"""Writes never leave the site: a symlink inside a site that leads out of it is listed as
skipped (with the reason) by bulk edits, `masthead set` on a folder and table edits, and
local images resolve only to regular files inside the site (one resolver for the preview
and the form's thumbnail)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor.core.bulk import actions as bulk
from editor.core.render.sanitize import resolve_url
from editor.core.site.confinement import (
    is_within,
    link_target,
    outside_reason,
    resolve_site_file,
)
from tests.core.sitegen import VICTIM, site_with_links

POST = b"---\ntitle: Inside\n---\nBody\n"


@pytest.fixture
def site(tmp_path):
    """site/ with a post, a link to a post inside it and a link to a file outside it."""
    return site_with_links(tmp_path, POST)


def test_is_within_follows_links_and_dotdot(site):
    assert is_within(site / "posts" / "inside.md", site)
    assert is_within(site / "posts" / "in-link.md", site)
    assert not is_within(site / "posts" / "out-link.md", site)
    assert not is_within(site / "posts" / ".." / ".." / "outside" / "victim.md", site)
    assert not is_within(site.parent / "site-other" / "x.md", site)  # a prefix is not inside
    assert is_within(site, site)


def test_outside_reason_names_the_real_target(site):
    reason = outside_reason(site / "posts" / "out-link.md", site)
    real = os.path.realpath(site.parent / "outside" / "victim.md")
    assert reason == f"a link to a file outside the site ({real}); not written"
    assert outside_reason(site / "posts" / "in-link.md", site) is None
    assert link_target(site / "posts" / "out-link.md") == Path(real)
    assert link_target(site / "posts" / "inside.md") is None


def test_bulk_plan_skips_links_out_of_the_site_and_marks_links(site):
    paths = sorted((site / "posts").iterdir())
    plan = bulk.plan_action(bulk.SetField("section", "x"), paths, root=site)
    assert {c.path.name for c in plan.changes} == {"inside.md", "in-link.md"}
    [issue] = plan.errors
    assert issue.path.name == "out-link.md"
    assert "outside the site" in issue.message and issue.link is not None
    marks = {c.path.name: c.link for c in plan.changes}
    assert marks["inside.md"] is None
    assert marks["in-link.md"] == os.path.realpath(site / "posts" / "inside.md")
    result = bulk.apply(plan)
    assert result.ok
    assert (site.parent / "outside" / "victim.md").read_bytes() == VICTIM


def test_a_file_swapped_for_a_link_out_after_planning_is_skipped(site):
    target = site / "posts" / "inside.md"
    plan = bulk.plan_action(bulk.SetField("section", "x"), [target], root=site)
    assert len(plan.changes) == 1
    target.unlink()
    target.symlink_to(site.parent / "outside" / "victim.md")
    result = bulk.apply(plan)
    assert [s.path for s in result.skipped] == [target]
    assert "outside the site" in result.skipped[0].message
    assert (site.parent / "outside" / "victim.md").read_bytes() == VICTIM


def _cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "editor", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "XDG_CACHE_HOME": os.fspath(Path(cwd) / ".xdg-cache")},
    )


def test_cli_set_on_a_folder_never_writes_outside_it(site):
    result = _cli("set", "site", "section=x", cwd=site.parent)
    assert (site.parent / "outside" / "victim.md").read_bytes() == VICTIM
    assert "out-link.md: skipped: a link to a file outside the site" in result.stderr
    # in-link.md and inside.md are one file: written once, then already set.
    assert "changed 1 file, skipped 1 link out of the folder" in result.stderr
    assert result.returncode == 0
    assert b"section: x" in (site / "posts" / "inside.md").read_bytes()


def test_a_link_named_on_the_command_line_is_the_users_choice(site):
    """Only folders are confined: a file named by its own path is read through its link."""
    result = _cli("get", "site/posts/out-link.md", "title", cwd=site.parent)
    assert result.returncode == 1 and "has no field" in result.stderr
    result = _cli("get", "site/posts/in-link.md", "title", cwd=site.parent)
    assert result.stdout == "Inside\n"


def _png(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    return path


def test_resolve_site_file_only_finds_regular_files_inside_the_site(site, tmp_path):
    post = site / "posts" / "inside.md"
    inside = _png(site / "static" / "img" / "a.png")
    secret = _png(tmp_path / "outside" / "secret.png")
    (site / "static" / "img" / "passwd.png").symlink_to("/etc/passwd")
    (site / "static" / "img" / "out.png").symlink_to(secret)
    os.mkfifo(site / "static" / "img" / "fifo.png")
    assert resolve_site_file("/img/a.png", post, site).path == inside
    assert resolve_site_file("../static/img/a.png", post, site).path is not None
    escaped = resolve_site_file("../../outside/secret.png", post, site)
    assert escaped.path is None and escaped.outside == secret.resolve()
    assert resolve_site_file("/img/passwd.png", post, site).path is None
    assert resolve_site_file("/img/passwd.png", post, site).outside == Path("/etc/passwd")
    assert resolve_site_file("/img/out.png", post, site).path is None
    assert resolve_site_file("/img/fifo.png", post, site).path is None
    assert resolve_site_file("/img/a.png", post, None).path is None


def test_the_preview_resolver_is_the_same(site, tmp_path):
    """The preview's URLs for local files come from resolve_site_file: a link out of the
    site is never turned into a file:// URL of its target."""
    post = site / "posts" / "inside.md"
    _png(site / "static" / "img" / "a.png")
    secret = _png(tmp_path / "outside" / "secret.png")
    (site / "static" / "img" / "out.png").symlink_to(secret)
    base = site.as_uri() + "/"
    page = post.parent.as_uri() + "/"
    assert resolve_url("/img/a.png", base, page) == (site / "static" / "img" / "a.png").as_uri()
    assert resolve_url("/img/out.png", base, page) != secret.as_uri()
    assert resolve_url("/img/out.png", base, page) == base + "img/out.png"

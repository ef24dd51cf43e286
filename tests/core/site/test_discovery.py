"""Discovery: which files are posts, which folders are skipped, and .gitignore rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.site.discovery import (
    IgnoreRules,
    discover_posts,
    find_site_root,
    parse_ignore_line,
)


def _touch(root: Path, rel: str, text: str = "---\ntitle: x\n---\nbody\n") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _found(root: Path) -> set[str]:
    return {f.rel for f in discover_posts(root)}


def test_post_suffixes_and_html_only_with_front_matter(tmp_path):
    """.md and .markdown always count; .html only when it starts with a delimiter."""
    _touch(tmp_path, "a.md")
    _touch(tmp_path, "b.markdown")
    _touch(tmp_path, "c.html")
    _touch(tmp_path, "d.html", "<html><body>plain page</body></html>\n")
    _touch(tmp_path, "e.txt")
    _touch(tmp_path, "f.toml.md", "+++\ntitle = 'x'\n+++\n")
    assert _found(tmp_path) == {"a.md", "b.markdown", "c.html", "f.toml.md"}


def test_build_dependency_and_hidden_folders_are_skipped(tmp_path):
    """Build output, dependencies, VCS data and hidden folders never contribute posts."""
    for folder in (".git", "node_modules", "vendor", "_site", "public", "build_local", ".hidden"):
        _touch(tmp_path, f"{folder}/post.md")
    _touch(tmp_path, "source/_posts/real.md")
    _touch(tmp_path, "source/.secret.md")
    assert _found(tmp_path) == {"source/_posts/real.md"}


def test_discovered_files_carry_stat_values(tmp_path):
    """Size and mtime_ns come with each file so the cache can be validated without reading."""
    _touch(tmp_path, "a.md", "---\n---\n12345\n")
    (item,) = discover_posts(tmp_path)
    stat = (tmp_path / "a.md").stat()
    assert (item.size, item.mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    assert item.path == str(tmp_path / "a.md")


def test_root_gitignore_patterns(tmp_path):
    """Globs, anchoring, folder-only patterns, ** and negation follow git's rules."""
    (tmp_path / ".gitignore").write_text(
        "# comment line\n"
        "*.draft.md\n"
        "!keep.draft.md\n"
        "/top-only.md\n"
        "drafts/\n"
        "**/scratch/**\n"
        "notes/*.md\n"
        "\n"
    )
    for rel in (
        "a.draft.md",
        "sub/b.draft.md",
        "keep.draft.md",
        "top-only.md",
        "sub/top-only.md",
        "drafts/x.md",
        "sub/drafts/y.md",
        "deep/scratch/z.md",
        "notes/n.md",
        "notes/inner/n2.md",
        "ok.md",
    ):
        _touch(tmp_path, rel)
    _touch(tmp_path, "drafts.md")  # a file, while "drafts/" only matches folders
    assert _found(tmp_path) == {
        "keep.draft.md",
        "sub/top-only.md",
        "notes/inner/n2.md",
        "ok.md",
        "drafts.md",
    }


def test_nested_gitignore_applies_below_its_folder_and_can_reinclude(tmp_path):
    """A nested .gitignore is relative to its own folder and overrides the root one."""
    (tmp_path / ".gitignore").write_text("*.wip.md\n")
    _touch(tmp_path, "blog/.gitignore", "/private.md\n!*.wip.md\n")
    _touch(tmp_path, "blog/private.md")
    _touch(tmp_path, "blog/sub/private.md")
    _touch(tmp_path, "blog/a.wip.md")
    _touch(tmp_path, "other/b.wip.md")
    _touch(tmp_path, "private.md")
    assert _found(tmp_path) == {"blog/sub/private.md", "blog/a.wip.md", "private.md"}


def test_anchored_rules_apply_only_at_their_own_depth(tmp_path):
    """Folders where no file rule can match skip the per-file check: anchored rules of
    one depth (root and nested .gitignore), folder-only rules and negations still hold
    exactly where git applies them."""
    (tmp_path / ".gitignore").write_text("/a/x.md\n/a/b/y.md\nlogs/\n")
    _touch(tmp_path, "a/b/.gitignore", "/c/z.md\n!/c/keep.md\n*.tmp.md\n/c/d/\n")
    for rel in (
        "x.md", "a/x.md", "a/b/x.md",
        "y.md", "a/y.md", "a/b/y.md", "a/b/c/y.md",
        "a/b/c/z.md", "a/b/z.md", "a/b/c/e/z.md", "a/b/c/keep.md",
        "a/b/c/d/in-dropped-folder.md", "a/b/c/q.tmp.md", "a/q.tmp.md",
        "logs/l.md", "logs.md",
    ):  # fmt: skip
        _touch(tmp_path, rel)
    assert _found(tmp_path) == {
        "x.md", "a/b/x.md",
        "y.md", "a/y.md", "a/b/c/y.md",
        "a/b/z.md", "a/b/c/e/z.md", "a/b/c/keep.md", "a/q.tmp.md", "logs.md",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("pattern", "path", "is_dir", "ignored"),
    [
        ("*.md", "a/b/c.md", False, True),
        ("a?c.md", "abc.md", False, True),
        ("a?c.md", "a/c.md", False, None),
        ("[abc]x.md", "bx.md", False, True),
        ("[!abc]x.md", "bx.md", False, None),
        ("/a/*.md", "a/b/c.md", False, None),
        ("a/**/c.md", "a/c.md", False, True),
        ("a/**/c.md", "a/x/y/c.md", False, True),
        ("build/", "build", False, None),
        ("build/", "build", True, True),
        ("\\#hash.md", "#hash.md", False, True),
        ("trailing.md   ", "trailing.md", False, True),
    ],
)
def test_single_patterns(pattern, path, is_dir, ignored):
    """Each gitignore construct on its own."""
    assert IgnoreRules([pattern]).match(path, is_dir) is ignored


def test_blank_and_comment_lines_are_not_rules():
    """Blank lines and # comments yield no rule."""
    assert parse_ignore_line("") is None
    assert parse_ignore_line("# note") is None
    assert parse_ignore_line("   ") is None


def test_find_site_root_walks_up_to_a_marker(tmp_path):
    """The site root is the nearest folder with a generator config (here Jigsaw's config.php)."""
    (tmp_path / "config.php").write_text("<?php return [];\n")
    _touch(tmp_path, "source/_posts/a.md")
    assert find_site_root(tmp_path / "source/_posts/a.md") == tmp_path
    assert find_site_root(tmp_path / "source") == tmp_path


def test_stamp_round_trip_and_refusals():
    """A stamp decodes to exactly what was encoded (odd names too), equal inputs give equal
    bytes, and anything else decodes to None."""
    from editor.core.site.discovery import decode_stamp, encode_stamp

    rels = ["a.md", "sub/ü b.md", "x\udcff.md"]
    stamp = encode_stamp(rels, [1, 2, 3], [10**18, 5, 6])
    assert decode_stamp(stamp) == (rels, [1, 2, 3], [10**18, 5, 6])
    assert encode_stamp(list(rels), [1, 2, 3], [10**18, 5, 6]) == stamp
    assert decode_stamp(encode_stamp([], [], [])) == ([], [], [])
    assert decode_stamp(stamp[:-1]) is None and decode_stamp(b"junk") is None

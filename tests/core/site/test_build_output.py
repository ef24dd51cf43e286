"""Build-output folders holding Markdown: found with their counts, and includable."""

from __future__ import annotations

from pathlib import Path

from editor.core.site.build_output import SkippedFolder, included_folders, skipped_folders
from editor.core.site.discovery import discover_posts


def _touch(path: Path, text: str = "---\ntitle: x\n---\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_skipped_folders_are_found_with_their_counts(tmp_path):
    """public/ and website/build_x/ with posts are named; an empty _site/, node_modules and
    a hidden folder are not; the posts in them are not discovered."""
    _touch(tmp_path / "content/a.md")
    _touch(tmp_path / "public/a/index.md")
    _touch(tmp_path / "public/b/index.md")
    _touch(tmp_path / "website/build_x/c.md")
    (tmp_path / "_site").mkdir()
    _touch(tmp_path / "_site/page.html", "<p>built</p>")
    _touch(tmp_path / "node_modules/pkg/public/readme.md")
    _touch(tmp_path / ".cache/public/x.md")
    assert skipped_folders(tmp_path) == [
        SkippedFolder("public", 2),
        SkippedFolder("website/build_x", 1),
    ]
    assert [f.rel for f in discover_posts(tmp_path)] == ["content/a.md"]


def test_an_included_folder_is_discovered_and_no_longer_skipped(tmp_path):
    _touch(tmp_path / "content/a.md")
    _touch(tmp_path / "public/b.md")
    (tmp_path / "masthead.toml").write_text('[site]\ninclude = ["public/"]\n')
    assert included_folders(tmp_path) == frozenset({"public"})
    assert skipped_folders(tmp_path) == []
    assert sorted(f.rel for f in discover_posts(tmp_path)) == ["content/a.md", "public/b.md"]


def test_a_wrong_include_setting_is_ignored(tmp_path):
    (tmp_path / "masthead.toml").write_text('[site]\ninclude = "public"\n')
    assert included_folders(tmp_path) == frozenset()

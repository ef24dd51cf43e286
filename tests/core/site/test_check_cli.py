"""`masthead check`'s choices: --only, --ignore, --errors-only, --info, build folders, empty
folders, plurals and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from editor.cli import main
from editor.core.site.check_select import plural, summary
from editor.core.site.checks import Problem
from tests.core.sitegen import POSTS_DIR, generate_site


def _site(tmp_path: Path):
    site = generate_site(tmp_path / "site", 30, seed=8, plant=("missing-image", "duplicate-title"))
    draft = site.root / POSTS_DIR / "2001-01-01-draft.md"
    draft.write_text(site.posts[0].read_text().replace("featured: ", "draft: true\nfeatured: ", 1))
    return site


def _codes(out: str) -> list[str]:
    return [line.rsplit("[", 1)[1].rstrip("]") for line in out.splitlines() if line.endswith("]")]


def test_default_output_hides_info_and_puts_errors_first(tmp_path, isolated_dirs, capsys):
    site = _site(tmp_path)
    assert main(["check", str(site.root)]) == 1
    out = capsys.readouterr().out
    codes = _codes(out)
    assert codes[0] == "missing-image" and "duplicate-title" in codes and "not-live" not in codes
    # the draft copies a post's title: two more duplicate-title warnings
    assert (
        out.splitlines()[-1] == "1 error, 4 warnings; 1 info finding not shown (--info shows them)"
    )
    assert main(["check", "--info", str(site.root)]) == 1
    assert "not-live" in _codes(capsys.readouterr().out)


def test_only_ignore_and_errors_only(tmp_path, isolated_dirs, capsys):
    site = _site(tmp_path)
    assert main(["check", "--only", "duplicate-title", str(site.root)]) == 0
    assert set(_codes(capsys.readouterr().out)) == {"duplicate-title"}
    assert main(["check", "--ignore", "missing-image,duplicate-title", str(site.root)]) == 0
    assert set(_codes(capsys.readouterr().out)) - {"duplicate-slug"} == set()
    assert main(["check", "--errors-only", str(site.root)]) == 1
    assert set(_codes(capsys.readouterr().out)) == {"missing-image"}
    assert main(["check", "--only", "not-live", "--format", "json", str(site.root)]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(Path(p["path"]).name, p["level"]) for p in found] == [("2001-01-01-draft.md", "info")]


def test_an_unknown_kind_is_a_usage_error(tmp_path, isolated_dirs, capsys):
    site = _site(tmp_path)
    assert main(["check", "--only", "duplicate-titel", str(site.root)]) == 2
    assert "did you mean 'duplicate-title'" in capsys.readouterr().err


def test_a_folder_without_posts_says_so_and_fails(tmp_path, isolated_dirs, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["check", str(tmp_path / "empty")]) == 2
    assert "no posts found in" in capsys.readouterr().err


def test_build_output_is_skipped_with_a_message_and_can_be_included(
    tmp_path, isolated_dirs, capsys
):
    """public/ with posts is skipped and named; [site] include looks in it."""
    site = generate_site(tmp_path / "site", 12, seed=9)
    public = site.root / "public" / "posts"
    public.mkdir(parents=True)
    for i in range(3):
        (public / f"p{i}.md").write_text("---\ntitle: Built\n---\n")
    assert main(["check", str(site.root)]) == 0
    captured = capsys.readouterr()
    assert "skipped public/ (3 Markdown files)" in captured.err
    assert "duplicate-title" not in captured.out
    (site.root / "masthead.toml").write_text('[site]\ninclude = ["public"]\n')
    assert main(["check", str(site.root)]) == 0
    captured = capsys.readouterr()
    assert "skipped public/" not in captured.err
    assert _codes(captured.out).count("duplicate-title") == 3  # the three built posts


def test_plurals():
    assert plural(1, "error") == "1 error" and plural(2, "error") == "2 errors"
    assert plural(0, "warning") == "0 warnings" and plural(3, "info") == "3 info"
    one = Problem("a.md", 1, "error", "missing-image", "x")
    assert summary([one]) == "1 error, 0 warnings"
    assert summary([one, one], hidden_info=1) == "2 errors, 0 warnings; 1 info finding not shown"


def test_a_kind_turned_off_in_masthead_toml_stays_off(tmp_path, isolated_dirs, capsys):
    """[checks] ignore leaves a kind out of check's output, dialect hints too."""
    site = _site(tmp_path)
    (site.root / "masthead.toml").write_text('[checks]\nignore = ["duplicate-title"]\n')
    assert main(["check", str(site.root)]) == 1
    assert set(_codes(capsys.readouterr().out)) == {"missing-image"}
    (site.root / "masthead.toml").write_text('[checks]\nignore = ["missing-image"]\n')
    assert main(["check", str(site.root)]) == 0

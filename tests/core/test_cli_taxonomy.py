"""`masthead taxonomy` and `masthead rename-value`: output, --dry-run diff, exit codes,
and the files' bytes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from editor.cli import main

FILES = {
    "posts/a.md": "---\ntitle: A \ntags: [js, web]  # note\n---\nBody\n",
    "posts/b.md": "---\ntitle: B\ntags:\n  - 'JavaScript'\n  - js\n---\nBody\n",
    "posts/c.md": '+++\ntitle = "C"\ntags = ["web", "js"]\n+++\nBody\n',
    "posts/d.md": '{\n  "title": "D",\n  "tags": ["javascript", "web"]\n}\nBody\n',
    "posts/e.md": "---\ntitle: E\ntags: js\n---\nBody\n",
    "posts/f.md": "---\ntitle: F\n---\nno tags\n",
}


@pytest.fixture
def site(tmp_path, isolated_dirs):
    root = tmp_path / "site"
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode())
    return root


def snapshot(root) -> dict[str, bytes]:
    return {
        os.path.relpath(os.path.join(folder, name), root): open(
            os.path.join(folder, name), "rb"
        ).read()
        for folder, _dirs, names in os.walk(root)
        for name in names
    }


def test_taxonomy_prints_values_by_count_then_name_with_groups_marked(site, capsys):
    assert main(["taxonomy", str(site), "tags"]) == 0
    assert capsys.readouterr().out == (
        "tags: 4 values in 5 posts, 1 group of similar values\n"
        "4  js\n"
        "3  web\n"
        "1  JavaScript  ~1\n"
        "1  javascript  ~1\n"
        "\n"
        "similar values:\n"
        "  ~1  JavaScript (1), javascript (1)\n"
    )


def test_taxonomy_as_json(site, capsys):
    assert main(["taxonomy", "--format", "json", str(site), "tags"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["posts"] == 5
    assert data["values"][0] == {"value": "js", "count": 4, "group": None}
    assert data["groups"] == [["JavaScript", "javascript"]]


def test_an_unknown_field_is_a_usage_error_with_a_suggestion(site, capsys):
    before = snapshot(site)
    assert main(["taxonomy", str(site), "tag"]) == 2
    assert "did you mean tags?" in capsys.readouterr().err
    assert main(["rename-value", str(site), "tag", "js", "x"]) == 2
    assert main(["taxonomy", str(site / "nowhere"), "tags"]) == 2
    assert snapshot(site) == before


def test_dry_run_prints_the_git_style_diff_and_writes_nothing(site, capsys):
    before = snapshot(site)
    assert main(["rename-value", "--dry-run", str(site), "tags", "js", "javascript"]) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert "--- a/posts/a.md\n+++ b/posts/a.md\n" in out
    assert "-tags: [js, web]  # note\n+tags: [javascript, web]  # note\n" in out
    # b.md held js and JavaScript: js goes, JavaScript stays (a different value)
    assert "-  - js\n" in out and "+  - javascript\n" in out
    assert '-tags = ["web", "js"]\n+tags = ["web", "javascript"]\n' in out
    assert "-tags: js\n+tags: javascript\n" in out
    assert "d.md" not in out  # it already says javascript
    assert "would change 4 files" in captured.err
    assert snapshot(site) == before


def test_rename_writes_only_the_touched_items_and_exits_0(site, capsys):
    before = snapshot(site)
    assert main(["rename-value", str(site), "tags", "js", "javascript"]) == 0
    after = snapshot(site)
    assert "changed 4 files" in capsys.readouterr().err
    assert after["posts/a.md"] == before["posts/a.md"].replace(b"[js, web]", b"[javascript, web]")
    assert after["posts/b.md"] == before["posts/b.md"].replace(b"  - js\n", b"  - javascript\n")
    assert after["posts/c.md"] == before["posts/c.md"].replace(b'"js"]', b'"javascript"]')
    assert after["posts/e.md"] == before["posts/e.md"].replace(b"tags: js", b"tags: javascript")
    assert after["posts/d.md"] == before["posts/d.md"]
    assert after["posts/f.md"] == before["posts/f.md"]


def test_a_rename_onto_an_existing_value_merges_without_duplicates(site):
    assert main(["rename-value", str(site), "tags", "JavaScript", "js"]) == 0
    assert (site / "posts/b.md").read_text() == "---\ntitle: B\ntags:\n  - js\n---\nBody\n"


def test_nothing_to_rename_exits_2(site, capsys):
    before = snapshot(site)
    assert main(["rename-value", str(site), "tags", "cobol", "COBOL"]) == 2
    assert "no post has 'cobol'" in capsys.readouterr().err
    assert main(["rename-value", str(site), "tags", "js", "js"]) == 2
    assert main(["rename-value", "--dry-run", str(site), "tags", "cobol", "x"]) == 2
    assert snapshot(site) == before


def test_some_files_failing_exits_1_and_the_rest_are_written(site, capsys):
    """A read-only post is left as it is (exit 1); every other post is renamed."""
    locked = site / "posts/a.md"
    locked.chmod(stat.S_IRUSR | stat.S_IRGRP)
    before = locked.read_bytes()
    try:
        assert main(["rename-value", str(site), "tags", "js", "javascript"]) == 1
    finally:
        locked.chmod(0o644)
    err = capsys.readouterr().err
    assert "read-only" in err and "changed 3 files, 1 failed" in err
    assert locked.read_bytes() == before
    assert "javascript" in (site / "posts/c.md").read_text()


def test_every_file_failing_exits_2(site, capsys):
    for path in (site / "posts").iterdir():
        path.chmod(stat.S_IRUSR)
    try:
        assert main(["rename-value", str(site), "tags", "js", "javascript"]) == 2
    finally:
        for path in (site / "posts").iterdir():
            path.chmod(0o644)
    assert "changed 0 files, 4 failed" in capsys.readouterr().err


def test_the_commands_have_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["rename-value", "--help"])
    assert exit_info.value.code == 0
    assert "--dry-run" in capsys.readouterr().out


def test_an_interrupted_bulk_edit_blocks_a_rename_until_resolved(site, capsys):
    """A bulk edit killed midway left its journal: rename-value says so and writes nothing
    (a dry run still shows its diff)."""
    post = site / "posts/f.md"
    killed = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from editor.core.bulk import journal\n"
        "post = Path(sys.argv[1]); old = post.read_bytes(); new = old.replace(b'F', b'G')\n"
        "folder = journal.journal_dir(journal.journal_root(post.parent.parent))\n"
        "with journal.recording(folder, 'masthead set title=G', [(post, old, new)]):\n"
        "    post.write_bytes(new)\n"
        "    os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", killed, str(post)], check=False, env=os.environ)
    before = snapshot(site)
    assert main(["rename-value", str(site), "tags", "js", "javascript"]) == 2
    err = capsys.readouterr().err
    assert "A bulk edit was interrupted after 1 of 1 files" in err
    assert "must be undone or finished first" in err
    assert snapshot(site) == before
    assert main(["rename-value", "--dry-run", str(site), "tags", "js", "javascript"]) == 0
    assert main(["interrupted", str(site), "--undo"]) == 0
    assert main(["rename-value", str(site), "tags", "js", "javascript"]) == 0

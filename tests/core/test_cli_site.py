"""editor/cli_site.py: every command tells of an interrupted bulk edit in the same words,
and every command that writes refuses in the same words (editor.cli and cli_taxonomy)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor.cli import main
from editor.cli_site import interrupted_notice, quote, refusal, site_upkeep
from editor.core.bulk import journal


@pytest.fixture
def site(tmp_path, isolated_dirs) -> Path:
    root = tmp_path / "my site"  # a space: the commands told must quote it
    (root / "posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: a site\n")  # a site: one journal for all of it
    for name in ("a", "b"):
        (root / "posts" / f"{name}.md").write_text(f"---\ntitle: {name}\ntags: [js]\n---\nx\n")
    return root


def _interrupt(site: Path) -> None:
    """A bulk edit that wrote its one file and was killed before its journal went."""
    killed = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from editor.core.bulk import journal\n"
        "post = Path(sys.argv[1]); old = post.read_bytes(); new = old.replace(b'title: a', b'title: z')\n"
        "folder = journal.journal_dir(journal.journal_root(post.parent.parent))\n"
        "with journal.recording(folder, 'masthead set title=z', [(post, old, new)]):\n"
        "    post.write_bytes(new)\n"
        "    os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", killed, str(site / "posts/a.md")], env=os.environ)


def _err_lines(capsys) -> list[str]:
    return capsys.readouterr().err.splitlines()


def test_the_notice_names_the_edit_and_the_command_that_resolves_it(site, capsys):
    _interrupt(site)
    root = journal.journal_root(site)
    edit = journal.find_interrupted(root)
    assert edit is not None
    notice = interrupted_notice(root, edit)
    assert "A bulk edit was interrupted after 1 of 1 files (masthead set title=z)." in notice
    assert f"masthead interrupted {quote(root)} --undo" in notice
    assert quote(root).startswith("'") and "my site" in quote(root)
    assert site_upkeep([str(site)]) == {root: edit}
    assert _err_lines(capsys) == [notice]


def test_every_command_tells_of_it_in_the_same_words(site, capsys):
    _interrupt(site)
    root = journal.journal_root(site)
    notice = interrupted_notice(root, journal.find_interrupted(root))
    main(["fields", str(site)])
    main(["check", str(site)])
    main(["taxonomy", str(site), "tags"])
    main(["set", "--dry-run", "title=q", str(site / "posts/b.md")])
    main(["rename-value", "--dry-run", str(site), "tags", "js", "javascript"])
    told = [line for line in _err_lines(capsys) if "interrupted" in line]
    assert told == [notice] * 5


def test_set_and_rename_value_refuse_in_the_same_words_and_write_nothing(site, capsys):
    _interrupt(site)
    root = journal.journal_root(site)
    before = {p: p.read_bytes() for p in site.rglob("*.md")}
    assert main(["set", "--all", "title=q", str(site)]) == 2
    assert main(["rename-value", str(site), "tags", "js", "javascript"]) == 2
    refused = [line for line in _err_lines(capsys) if "must be undone" in line]
    assert refused == [f"masthead: {refusal(root)}"] * 2
    assert {p: p.read_bytes() for p in site.rglob("*.md")} == before


def test_nothing_is_told_on_a_site_without_an_interrupted_edit(site, capsys):
    assert site_upkeep([str(site), str(site / "posts")]) == {journal.journal_root(site): None}
    assert main(["taxonomy", str(site), "tags"]) == 0
    assert all("interrupted" not in line for line in _err_lines(capsys))

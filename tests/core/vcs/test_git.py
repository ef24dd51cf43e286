"""core.vcs.git against real repositories made in a temporary folder, with a bare remote
on local disk: status, a file at HEAD, commit of chosen paths only, discard, and publish
(fast-forward, rebased over a newer remote commit, a conflict, missing credentials)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from editor.core.vcs.git import (
    FailureKind,
    FileState,
    GitError,
    Repo,
    classify_failure,
    describe_publish,
    git_available,
)

pytestmark = pytest.mark.skipif(not git_available(), reason="git is not installed")

POST = "---\ntitle: {title}\nfeatured: true\n---\n{body}\n"


def git(cwd: Path, *args: str) -> str:
    env = dict(
        os.environ, GIT_AUTHOR_DATE="2026-01-01T00:00:00", GIT_COMMITTER_DATE="2026-01-01T00:00:00"
    )
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env
    ).stdout


def make_site(root: Path, titles: list[str]) -> Path:
    posts = root / "source" / "_posts"
    posts.mkdir(parents=True)
    for i, title in enumerate(titles):
        (posts / f"post-{i}.md").write_text(POST.format(title=title, body=f"Body {i}."))
    git(root, "init", "--quiet")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "First")
    return posts


@pytest.fixture
def site(tmp_path, git_identity):
    """A site repository with a bare remote it tracks, and a second clone of the remote
    standing for a teammate."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    root = tmp_path / "site"
    root.mkdir()
    posts = make_site(root, ["Harbour ferry returns", "Trees planted", "Library hours"])
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "--quiet", "-u", "origin", "main")
    mate = tmp_path / "teammate"
    git(tmp_path, "clone", "--quiet", str(remote), str(mate))
    return root, posts, remote, mate


def test_find_is_none_outside_a_repository(tmp_path, git_identity):
    assert Repo.find(tmp_path) is None


def test_status_names_each_changed_post_and_its_state(site):
    root, posts, _remote, _mate = site
    repo = Repo.find(posts)
    assert repo is not None and repo.root == root
    (posts / "post-0.md").write_text(POST.format(title="Changed", body="Body 0."))
    (posts / "post-9.md").write_text(POST.format(title="Brand new", body="New."))
    (posts / "post-2.md").unlink()
    status = repo.status()
    assert {p.name: c.state for p, c in status.items()} == {
        "post-0.md": FileState.MODIFIED,
        "post-9.md": FileState.UNTRACKED,
        "post-2.md": FileState.DELETED,
    }


def test_head_bytes_are_the_committed_text(site):
    _root, posts, _remote, _mate = site
    repo = Repo.find(posts)
    committed = (posts / "post-1.md").read_bytes()
    (posts / "post-1.md").write_text("changed")
    assert repo.head_bytes(posts / "post-1.md") == committed
    assert repo.head_bytes(posts / "nowhere.md") is None


def test_commit_takes_only_the_chosen_paths_and_leaves_the_rest_as_it_was(site):
    root, posts, _remote, _mate = site
    repo = Repo.find(root)
    (posts / "post-0.md").write_text(POST.format(title="Chosen", body="Body 0."))
    (posts / "post-1.md").write_text(POST.format(title="Staged, not chosen", body="Body 1."))
    git(root, "add", "source/_posts/post-1.md")
    (posts / "post-2.md").write_text(POST.format(title="Not chosen", body="Body 2."))
    (posts / "post-7.md").write_text(POST.format(title="New and chosen", body="New."))
    assert repo.commit([posts / "post-0.md", posts / "post-7.md"], "Edit two posts")
    committed = git(root, "show", "--name-only", "--format=%s", "HEAD").split()
    assert committed[:3] == ["Edit", "two", "posts"]
    assert sorted(committed[3:]) == ["source/_posts/post-0.md", "source/_posts/post-7.md"]
    still = git(root, "status", "--porcelain")
    assert "M  source/_posts/post-1.md" in still  # still staged
    assert " M source/_posts/post-2.md" in still  # still unstaged


def test_commit_refuses_an_empty_message(site):
    root, posts, _remote, _mate = site
    (posts / "post-0.md").write_text("x")
    with pytest.raises(GitError):
        Repo.find(root).commit([posts / "post-0.md"], "  ")


def test_discard_restores_a_post_from_head(site):
    root, posts, _remote, _mate = site
    repo = Repo.find(root)
    committed = (posts / "post-0.md").read_bytes()
    (posts / "post-0.md").write_text("scribbled over")
    repo.discard(posts / "post-0.md")
    assert (posts / "post-0.md").read_bytes() == committed
    assert repo.status() == {}


def test_publish_fast_forward_pushes_the_commit(site):
    root, posts, remote, _mate = site
    repo = Repo.find(root)
    (posts / "post-0.md").write_text(POST.format(title="Published", body="Body 0."))
    result = repo.publish([posts / "post-0.md"], "Edit 'Published'")
    assert result.pushed and result.merged_from_remote == 0
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "Edit 'Published'"
    assert describe_publish(result, 1) == "1 post published"


def test_publish_rebases_over_a_newer_remote_commit_on_another_post(site):
    root, posts, remote, mate = site
    mate_post = mate / "source" / "_posts" / "post-2.md"
    mate_post.write_text(POST.format(title="Teammate's change", body="Body 2."))
    git(mate, "commit", "--quiet", "-am", "Teammate edit")
    git(mate, "push", "--quiet")
    repo = Repo.find(root)
    (posts / "post-0.md").write_text(POST.format(title="Mine", body="Body 0."))
    result = repo.publish([posts / "post-0.md"], "Edit 'Mine'")
    assert result.pushed and result.merged_from_remote == 1
    log = git(remote, "log", "--format=%s", "main").split("\n")
    assert log[:2] == ["Edit 'Mine'", "Teammate edit"]
    assert "Teammate's change" in (posts / "post-2.md").read_text()
    assert describe_publish(result, 1) == (
        "1 post published; the site had 1 newer change, merged in"
    )


def test_publish_with_a_conflicting_change_reports_it_and_loses_nothing(site):
    root, posts, remote, mate = site
    (mate / "source" / "_posts" / "post-0.md").write_text(
        POST.format(title="Their title", body="Body 0.")
    )
    git(mate, "commit", "--quiet", "-am", "Their edit")
    git(mate, "push", "--quiet")
    repo = Repo.find(root)
    mine = POST.format(title="My title", body="Body 0.")
    (posts / "post-0.md").write_text(mine)
    with pytest.raises(GitError) as raised:
        repo.publish([posts / "post-0.md"], "Edit 'My title'")
    assert raised.value.kind is FailureKind.CONFLICT
    assert "post-0.md" in raised.value.message
    assert (posts / "post-0.md").read_text() == mine  # nothing lost
    assert git(root, "log", "-1", "--format=%s").strip() == "Edit 'My title'"
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "Their edit"
    assert not (root / ".git" / "rebase-merge").exists()


def test_publish_to_an_ssh_remote_without_credentials_fails_fast(site, monkeypatch):
    root, posts, _remote, _mate = site
    git(root, "remote", "set-url", "origin", "ssh://git@127.0.0.1:1/site.git")
    (posts / "post-0.md").write_text(POST.format(title="Offline", body="Body 0."))
    with pytest.raises(GitError) as raised:
        Repo.find(root).publish([posts / "post-0.md"], "Edit")
    assert raised.value.kind in (FailureKind.NO_NETWORK, FailureKind.NO_CREDENTIALS)
    assert git(root, "log", "-1", "--format=%s").strip() == "Edit"  # the commit is kept


@pytest.mark.parametrize(
    "output, kind",
    [
        ("fatal: unable to access 'https://x/': Could not resolve host: x", FailureKind.NO_NETWORK),
        ("git@github.com: Permission denied (publickey).", FailureKind.NO_CREDENTIALS),
        (
            "fatal: could not read Username for 'https://x': terminal prompts disabled",
            FailureKind.NO_CREDENTIALS,
        ),
        (" ! [rejected]        main -> main (fetch first)", FailureKind.REJECTED),
        ("CONFLICT (content): Merge conflict in a.md", FailureKind.CONFLICT),
        ("fatal: something else", FailureKind.OTHER),
    ],
)
def test_failures_are_told_by_kind(output, kind):
    assert classify_failure(output) is kind


def test_without_git_installed_there_is_no_repository(site, monkeypatch):
    """Where git is absent, git features are hidden: find says there is no repository."""
    root, _posts, _remote, _mate = site
    monkeypatch.setattr("editor.core.vcs.git.shutil.which", lambda _name: None)
    assert Repo.find(root) is None


def test_the_changes_command_prints_each_post_field_by_field(site, capsys):
    """`masthead changes SITE` lists the changed posts with their field-level changes."""
    import json

    from editor.cli import main

    root, posts, _remote, _mate = site
    (posts / "post-0.md").write_text(POST.format(title="Harbour ferry is back", body="Body 0."))
    (root / "notes.txt").write_text("not a post")
    assert main(["changes", str(root)]) == 0
    assert capsys.readouterr().out == (
        "source/_posts/post-0.md (modified)\n"
        "    title: Harbour ferry returns → Harbour ferry is back\n"
    )
    assert main(["changes", str(root), "--format", "json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["fields"] == [
        {
            "key": "title",
            "change": "changed",
            "old": "Harbour ferry returns",
            "new": "Harbour ferry is back",
        }
    ]

"""The git command-line program, wrapped: status, a file at HEAD, commit, discard, publish.

Masthead drives the user's own ``git`` so their SSH agent, credential helpers, hooks and
signing all apply. Nothing ever prompts on a hidden terminal: every call runs with
``GIT_TERMINAL_PROMPT=0`` and a batch-mode SSH command, so a missing credential fails at
once with a message instead of hanging. ``Repo.find`` returns None where git is absent
or the folder is not in a repository; callers then hide their git features.

Failures raise ``GitError`` with a plain-words ``message`` and a ``kind`` (see
``FailureKind``) that the UI can act on; the raw output is kept in ``detail``.
"""

from __future__ import annotations

import enum
import logging
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

GIT_TIMEOUT_S = 120.0  # a network operation that takes longer is reported, not waited on


class FileState(enum.Enum):
    """A file's state against HEAD, as the post list and the Changes panel show it."""

    MODIFIED = "modified"
    NEW = "new"  # added to the index, not in HEAD
    UNTRACKED = "untracked"
    DELETED = "deleted"
    CONFLICTED = "conflicted"


class FailureKind(enum.Enum):
    NO_NETWORK = "no-network"
    NO_CREDENTIALS = "no-credentials"
    REJECTED = "rejected"
    CONFLICT = "conflict"
    NO_REMOTE = "no-remote"
    OTHER = "other"


class GitError(Exception):
    """A git command failed; ``message`` says why in plain words."""

    def __init__(self, message: str, kind: FailureKind = FailureKind.OTHER, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Change:
    """One changed file: its absolute path, state, and its path at HEAD when renamed."""

    path: Path
    state: FileState
    head_path: Path | None = None


@dataclass
class PublishResult:
    """What a publish did, for a sentence: commits made, remote commits merged in, pushed."""

    committed: int = 0
    merged_from_remote: int = 0
    pushed: bool = False
    conflicted: list[Path] = field(default_factory=list)


_NETWORK_SIGNS = (
    "could not resolve host",
    "connection refused",
    "connection timed out",
    "network is unreachable",
    "no route to host",
    "unable to access",
    "could not read from remote repository",
)
_CREDENTIAL_SIGNS = (
    "permission denied",
    "authentication failed",
    "terminal prompts disabled",
    "could not read username",
    "could not read password",
    "host key verification failed",
)
_REJECTED_SIGNS = ("[rejected]", "non-fast-forward", "failed to push some refs", "fetch first")


def git_available() -> bool:
    return shutil.which("git") is not None


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GCM_INTERACTIVE"] = "never"
    env["LC_ALL"] = "C"  # messages Masthead can recognise
    env.pop("GIT_ASKPASS", None)
    env.pop("SSH_ASKPASS", None)
    ssh = env.get("GIT_SSH_COMMAND") or "ssh"
    if "BatchMode" not in ssh:
        ssh += " -o BatchMode=yes -o ConnectTimeout=15"
    env["GIT_SSH_COMMAND"] = ssh
    return env


def classify_failure(output: str) -> FailureKind:
    """Which kind of failure git's output describes."""
    text = output.lower()
    if "conflict" in text:
        return FailureKind.CONFLICT
    if any(sign in text for sign in _REJECTED_SIGNS):
        return FailureKind.REJECTED
    if any(sign in text for sign in _CREDENTIAL_SIGNS):
        return FailureKind.NO_CREDENTIALS
    if any(sign in text for sign in _NETWORK_SIGNS):
        return FailureKind.NO_NETWORK
    return FailureKind.OTHER


_PLAIN_WORDS = {
    FailureKind.NO_NETWORK: "The site's remote could not be reached: check the network.",
    FailureKind.NO_CREDENTIALS: (
        "Git could not sign in to the remote: the credentials are not set up. "
        "Sign in with your usual git tool (or add your SSH key), then try again."
    ),
    FailureKind.REJECTED: "The remote refused the push: it has changes this copy does not.",
    FailureKind.CONFLICT: "Your change and the remote's change the same lines.",
    FailureKind.NO_REMOTE: "This site has no remote to publish to.",
    FailureKind.OTHER: "Git failed.",
}


class Repo:
    """A git work tree, addressed by its top folder."""

    def __init__(self, root: Path):
        self.root = Path(root)

    @classmethod
    def find(cls, folder: str | os.PathLike[str]) -> Repo | None:
        """The repository holding ``folder``, or None (no git, or not a repository)."""
        if not git_available():
            log.info("git is not installed: git features are hidden")
            return None
        start = Path(folder)
        if not start.is_dir():
            start = start.parent
        try:
            out = subprocess.run(
                ["git", "rev-parse", "--show-toplevel"],
                cwd=start,
                capture_output=True,
                text=True,
                env=_environment(),
                timeout=GIT_TIMEOUT_S,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("git rev-parse failed in %s: %s", start, exc)
            return None
        if out.returncode != 0:
            return None
        return cls(Path(out.stdout.strip()))

    # ---- running git ------------------------------------------------------------------

    def run(self, *args: str, check: bool = True, input_bytes: bytes | None = None) -> bytes:
        """Run ``git args`` in the work tree and return its standard output (bytes)."""
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=self.root,
                capture_output=True,
                input=input_bytes,
                env=_environment(),
                timeout=GIT_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired as exc:
            raise GitError(
                "Git took too long: the remote did not answer.", FailureKind.NO_NETWORK
            ) from exc
        except OSError as exc:
            raise GitError(f"Git could not be started: {exc}") from exc
        if check and done.returncode != 0:
            output = (done.stderr + done.stdout).decode("utf-8", "replace").strip()
            kind = classify_failure(output)
            log.info("git %s failed (%s): %s", " ".join(args[:2]), kind.value, output)
            raise GitError(_PLAIN_WORDS[kind], kind, output)
        return done.stdout

    def _rel(self, path: Path) -> str:
        return os.path.relpath(Path(path).absolute(), self.root)

    # ---- reading ----------------------------------------------------------------------

    def status(self) -> dict[Path, Change]:
        """Every changed file in the work tree, keyed by absolute path."""
        out = self.run("status", "--porcelain=v1", "-z", "--untracked-files=all")
        changes: dict[Path, Change] = {}
        entries = out.decode("utf-8", "surrogateescape").split("\0")
        i = 0
        while i < len(entries):
            entry = entries[i]
            i += 1
            if len(entry) < 4:
                continue
            code, name = entry[:2], entry[3:]
            head_path = None
            if "R" in code or "C" in code:
                head_path = self.root / entries[i]
                i += 1
            path = self.root / name
            changes[path] = Change(path, _state_of(code), head_path)
        return changes

    def head_bytes(self, path: Path) -> bytes | None:
        """The file's bytes at HEAD, or None where it is not in HEAD (or there is no HEAD)."""
        out = subprocess.run(
            ["git", "cat-file", "blob", f"HEAD:{self._rel(path)}"],
            cwd=self.root,
            capture_output=True,
            env=_environment(),
            timeout=GIT_TIMEOUT_S,
        )
        return out.stdout if out.returncode == 0 else None

    def upstream(self) -> str | None:
        out = self.run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}", check=False)
        name = out.decode().strip()
        return name or None

    def remotes(self) -> list[str]:
        return self.run("remote").decode().split()

    def branch(self) -> str:
        return self.run("rev-parse", "--abbrev-ref", "HEAD").decode().strip()

    # ---- writing ----------------------------------------------------------------------

    def commit(self, paths: Sequence[Path], message: str) -> bool:
        """Commit exactly ``paths`` (new files included) with ``message``; other changes,
        staged or not, stay as they were. False when there was nothing to commit."""
        if not paths:
            return False
        if not message.strip():
            raise GitError("A commit needs a message.")
        status = self.status()
        rels = [self._rel(p) for p in paths]
        untracked = [self._rel(p) for p in paths if _is(status, p, FileState.UNTRACKED)]
        if untracked:
            self.run("add", "--", *untracked)
        deleted = [r for r, p in zip(rels, paths, strict=True) if _is(status, p, FileState.DELETED)]
        pathspec = [r for r in rels if r not in deleted]
        if deleted:
            self.run("rm", "--cached", "--quiet", "--", *deleted)
        if not pathspec and not deleted:
            return False
        self.run("commit", "--quiet", "-m", message, "--", *pathspec, *deleted)
        return True

    def discard(self, path: Path) -> None:
        """Put the file back as it is at HEAD (its unsaved-to-git changes are lost)."""
        if self.head_bytes(path) is None:
            raise GitError("This post is not in the last commit, so there is nothing to restore.")
        self.run("restore", "--source=HEAD", "--staged", "--worktree", "--", self._rel(path))

    def publish(self, paths: Sequence[Path], message: str) -> PublishResult:
        """Commit ``paths``, pull with rebase (and autostash), then push.

        A conflict aborts the rebase, so the local commit and the work tree are as they
        were; it is reported with the conflicting files (GitError, kind CONFLICT).
        """
        result = PublishResult()
        if paths and self.commit(paths, message):
            result.committed = 1
        if not self.remotes():
            raise GitError(_PLAIN_WORDS[FailureKind.NO_REMOTE], FailureKind.NO_REMOTE)
        upstream = self.upstream()
        if upstream is None:
            self.run("push", "--set-upstream", self.remotes()[0], self.branch())
            result.pushed = True
            return result
        self.run("fetch", "--quiet")
        behind = self.run("rev-list", "--count", "HEAD..@{u}").decode().strip()
        result.merged_from_remote = int(behind or 0)
        if result.merged_from_remote:
            try:
                self.run("pull", "--rebase", "--autostash", "--quiet")
            except GitError as error:
                if error.kind is FailureKind.CONFLICT or self._rebasing():
                    conflicted = [
                        c.path for c in self.status().values() if c.state is FileState.CONFLICTED
                    ]
                    self.run("rebase", "--abort", check=False)
                    raise GitError(
                        "The site has a newer change to the same lines of "
                        + ", ".join(p.name for p in conflicted or [])
                        + ": nothing was published, and your commit is kept. "
                        "Merge it with your usual git tool.",
                        FailureKind.CONFLICT,
                        error.detail,
                    ) from error
                raise
        self.run("push", "--quiet")
        result.pushed = True
        return result

    def _rebasing(self) -> bool:
        git_dir = Path(self.run("rev-parse", "--git-dir").decode().strip())
        git_dir = git_dir if git_dir.is_absolute() else self.root / git_dir
        return (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists()


def _state_of(code: str) -> FileState:
    if code == "??":
        return FileState.UNTRACKED
    if "U" in code or code in ("AA", "DD"):
        return FileState.CONFLICTED
    if "D" in code:
        return FileState.DELETED
    if code[0] == "A":
        return FileState.NEW
    return FileState.MODIFIED


def _is(status: dict[Path, Change], path: Path, state: FileState) -> bool:
    change = status.get(Path(path).absolute())
    return change is not None and change.state is state


def describe_publish(result: PublishResult, posts: int) -> str:
    """The result in plain words, e.g. "2 posts published; the site had 1 newer change,
    merged in"."""
    noun = "post" if posts == 1 else "posts"
    head = f"{posts} {noun} published" if posts else "Published"
    if result.merged_from_remote:
        n = result.merged_from_remote
        head += f"; the site had {n} newer change{'s' if n != 1 else ''}, merged in"
    return head

"""GitSession: the site's git state for the window, worked off the GUI thread.

It finds the repository that holds the open site folder, keeps every changed post's
state (modified, new, untracked, deleted, conflicted) and hands it to the workspace, so
the post list and table show it and the filter knows ``is:changed``. It reads a post's
change against HEAD field by field, suggests commit messages, and commits, discards and
publishes the posts the user checked.

Reading runs on one runner (the latest refresh wins); commits, discards and publishes
run on another, one at a time, and the UI keeps its buttons off while ``acting``. Where
git is absent or the folder is not a repository, ``available`` stays False and nothing
else changes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core.vcs.autocommit import commit_message
from editor.core.vcs.git import FileState, GitError, Repo, describe_publish
from editor.core.vcs.post_diff import PostDiff, suggest_message
from editor.core.vcs.report import PostChange, changed_posts, read_change
from editor.session.runner import Job, Runner
from editor.session.workspace import Workspace

REFRESH_DELAY_MS = 300  # saves and bulk edits come in bursts: one status after them


class GitSession(QObject):
    """A site's repository as the window sees it; see the module docstring."""

    availability_changed = Signal(bool)
    changes_changed = Signal()  # ``changes`` holds a new list
    diff_ready = Signal(str, object)  # path, PostChange
    message_ready = Signal(str)  # a suggested commit message
    bulk_commit_offered = Signal(str, list)  # a bulk edit's description and its files
    acting_changed = Signal(bool)
    action_done = Signal(str)  # a sentence for the user
    action_failed = Signal(str)  # a sentence for the user

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._repo: Repo | None = None
        self._changes: list[PostChange] = []
        self._reader = Runner("git status", self)
        self._differ = Runner("git diff", self)
        self._actor = Runner("git action", self)
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.last_bulk: tuple[str, list[str]] | None = None  # its description, its files
        workspace.records_reset.connect(self._find_repository)
        workspace.records_updated.connect(self.refresh_soon)
        workspace.bulk_applied.connect(self._after_bulk)
        workspace.history.replayed.connect(self.refresh_soon)  # an undo or redo wrote files

    # ---- state ------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        return self._repo is not None

    @property
    def root(self) -> Path | None:
        return self._repo.root if self._repo is not None else None

    @property
    def changes(self) -> list[PostChange]:
        """The changed posts under the site folder, sorted by path."""
        return list(self._changes)

    @property
    def acting(self) -> bool:
        return self._actor.busy

    # ---- reading ----------------------------------------------------------------------

    def _find_repository(self) -> None:
        folder = self._workspace.root
        if folder is None:
            self._set_repo(None)
            return

        def work(_job: Job) -> Repo | None:
            return Repo.find(folder)

        self._reader.submit(work, self._set_repo, on_failed=self.action_failed.emit)

    def _set_repo(self, repo: Repo | None) -> None:
        was = self.available
        self._repo = repo
        if repo is None:
            self._publish([])
        else:
            self.refresh()
        if self.available != was:
            self.availability_changed.emit(self.available)

    def refresh_soon(self, *_args) -> None:
        if self._repo is not None:
            self._timer.start()

    def refresh(self) -> None:
        """Read the status again (in the background); ``changes_changed`` follows."""
        repo, folder = self._repo, self._workspace.root
        if repo is None:
            return

        def work(_job: Job) -> list[PostChange]:
            return changed_posts(repo, folder)

        self._reader.submit(work, self._publish, on_failed=self.action_failed.emit)

    def _publish(self, changes: list[PostChange]) -> None:
        self._changes = changes
        self._workspace.set_git_states(
            {os.fspath(c.path): c.state.value for c in changes}, known=self.available
        )
        self.changes_changed.emit()

    def request_diff(self, path: str) -> None:
        """Read one post's change against HEAD; ``diff_ready(path, change)`` follows."""
        repo = self._repo
        current = {os.fspath(c.path): c for c in self._changes}.get(path)
        if repo is None or current is None:
            return
        state = current.state

        def work(_job: Job) -> PostChange:
            from editor.core.vcs.git import Change

            return read_change(repo, Change(Path(path), state))

        self._differ.submit(work, lambda change: self.diff_ready.emit(path, change))

    def request_message(self, paths: Sequence[str]) -> None:
        """Suggest a commit message for these posts; ``message_ready(text)`` follows."""
        chosen = set(paths)
        diffs: list[PostDiff] = [c.diff for c in self._changes if os.fspath(c.path) in chosen]
        action = None
        if self.last_bulk is not None and chosen and chosen <= set(self.last_bulk[1]):
            action = self.last_bulk[0]
        self.message_ready.emit(suggest_message(diffs, action) if diffs else "")

    # ---- acting -----------------------------------------------------------------------

    def commit(self, paths: Sequence[str], message: str) -> None:
        """Commit exactly these posts; other changes, staged or not, stay as they were."""
        files = [Path(p) for p in paths]
        count = len(files)

        def work(_job: Job) -> str:
            self._require().commit(files, message)
            return f"Committed {count} post{'s' if count != 1 else ''}: {message}"

        self._act(work)

    def discard(self, path: str) -> None:
        """Put one post back as it is in the last commit (the UI asks first)."""
        name = Path(path).name

        def work(_job: Job) -> str:
            self._require().discard(Path(path))
            return f"{name} is back as it was in the last commit"

        self._act(work)

    def publish(self, paths: Sequence[str], message: str) -> None:
        """Commit these posts, pull with rebase and autostash, then push."""
        files = [Path(p) for p in paths]

        def work(_job: Job) -> str:
            result = self._require().publish(files, message)
            return describe_publish(result, len(files))

        self._act(work)

    def post_saved(self, path: str) -> None:
        """A post was saved: commit it when the site asks for that (``[git]
        commit_on_save`` in masthead.toml, see core.vcs.autocommit); else refresh."""
        repo, root = self._repo, self._workspace.root
        if repo is None or root is None or self._actor.busy:
            self.refresh_soon()
            return
        saved = Path(path)

        def work(_job: Job) -> str | None:
            message = commit_message(root, saved)
            if message is None:
                return None
            repo.commit([saved], message)
            return f"Committed {saved.name}: {message}"

        def done(told: str | None) -> None:
            if told is not None:
                self.action_done.emit(told)
            self.refresh()

        self._actor.submit(work, done, on_failed=self.action_failed.emit)

    def conflicted(self) -> list[str]:
        return [os.fspath(c.path) for c in self._changes if c.state is FileState.CONFLICTED]

    def _require(self) -> Repo:
        if self._repo is None:
            raise GitError("This site is not a git repository.")
        return self._repo

    def _act(self, work) -> None:
        if self._actor.busy:
            self.action_failed.emit("Git is still busy with the last action.")
            return

        def run(job: Job) -> tuple[bool, str]:
            try:
                return True, work(job)
            except GitError as error:  # expected: told in plain words, not as a crash
                return False, error.message

        def done(outcome: tuple[bool, str]) -> None:
            ok, message = outcome
            self.acting_changed.emit(False)
            (self.action_done if ok else self.action_failed).emit(message)
            self.refresh()

        def failed(message: str) -> None:
            self.acting_changed.emit(False)
            self.action_failed.emit(message)
            self.refresh()

        self.acting_changed.emit(True)
        self._actor.submit(run, done, on_failed=failed)

    def _after_bulk(self, result) -> None:
        if result.written:
            self.last_bulk = (
                result.plan.action.describe(),
                [os.fspath(c.path) for c in result.written],
            )
            if self.available:
                self.bulk_commit_offered.emit(*self.last_bulk)
        self.refresh_soon()

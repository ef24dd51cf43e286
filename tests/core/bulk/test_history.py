"""The undo history: cell edits and bulk edits undone and redone many levels deep, each
putting back exactly the bytes written before, and refusing (naming the files and why)
when a file changed since. A state machine runs random edits, undos, redos and other
programs' changes against a plain reference: a dict of path -> bytes and two stacks."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from editor.core.bulk import actions as bulk
from editor.core.bulk import history
from editor.core.platform.atomic import atomic_write
from editor.core.post.model import Post

FILES = 4
TITLES = ("Hello", "Hello: world", "Ferry returns", "x")
SECTIONS = ("news", "old", "archive")


def _post(n: int) -> bytes:
    return f"---\ntitle: Post {n}  \nsection: old\ntags: [a, b]\n---\nBody {n}\r\n".encode()


def edit_cell(path: Path, key: str, value, root: Path) -> history.Step | None:
    """What the workspace does for a table cell: one field set, the file saved."""
    before = path.read_bytes()
    post = Post.from_bytes(before, path)
    post.set(key, value)
    after = post.to_bytes()
    if after == before:
        return None
    atomic_write(path, after)
    return history.cell_step(path, key, before, after, root)


def undo(h: history.History, journal: Path | None = None) -> history.Replay | None:
    step = h.next_undo()
    if step is None:
        return None
    outcome = history.replay(step, history.UNDO, journal_dir=journal)
    h.settle(outcome)
    return outcome


def redo(h: history.History) -> history.Replay | None:
    step = h.next_redo()
    if step is None:
        return None
    outcome = history.replay(step, history.REDO)
    h.settle(outcome)
    return outcome


class HistoryMachine(RuleBasedStateMachine):
    """Random writes and replays; the disk always equals the reference."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="history-"))
        (self.root / "masthead.toml").write_text("")
        self.paths = []
        for n in range(FILES):
            path = self.root / "posts" / f"p{n}.md"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(_post(n))
            self.paths.append(path)
        self.history = history.History(limit=1000)
        self.disk = {p: p.read_bytes() for p in self.paths}  # the reference
        self.done: list[tuple[str, dict[Path, tuple[bytes, bytes]]]] = []
        self.undone: list[tuple[str, dict[Path, tuple[bytes, bytes]]]] = []

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _recorded(self, step: history.Step | None) -> None:
        if step is None:
            return
        self.history.record(step)
        self.done.append((step.name, {e.path: (e.before, e.after) for e in step.edits}))
        self.undone.clear()
        for edit in step.edits:
            self.disk[edit.path] = edit.after

    @rule(n=st.integers(0, FILES - 1), title=st.sampled_from(TITLES))
    def cell_edit(self, n: int, title: str) -> None:
        path = self.paths[n]
        try:
            step = edit_cell(path, "title", title, self.root)
        except Exception:  # noqa: BLE001  other programs may leave text that is no post
            return
        self._recorded(step)

    @rule(chosen=st.sets(st.integers(0, FILES - 1), min_size=1), section=st.sampled_from(SECTIONS))
    def bulk_edit(self, chosen: set[int], section: str) -> None:
        paths = [self.paths[n] for n in sorted(chosen)]
        plan = bulk.plan_action(bulk.SetField("section", section), paths, root=self.root)
        result = bulk.apply(plan)
        assert not result.skipped and not result.failed
        self._recorded(history.bulk_step(result))

    @rule()
    def undo(self) -> None:
        outcome = undo(self.history)
        if not self.done:
            assert outcome is None
            return
        name, files = self.done[-1]
        assert outcome is not None and outcome.step.name == name
        if all(self.disk[p] == after for p, (_before, after) in files.items()):
            assert outcome.ok and sorted(outcome.done) == sorted(files)
            for path, (before, _after) in files.items():
                self.disk[path] = before
            self.undone.append(self.done.pop())
        else:
            changed = sorted(p for p, (_b, after) in files.items() if self.disk[p] != after)
            assert sorted(p for p, _why in outcome.refused) == changed
            assert not outcome.done
            assert [p for p, _ in self.history.next_undo().blocked] == changed

    @rule()
    def redo(self) -> None:
        outcome = redo(self.history)
        if not self.undone:
            assert outcome is None
            return
        name, files = self.undone[-1]
        assert outcome is not None and outcome.step.name == name
        if all(self.disk[p] == before for p, (before, _after) in files.items()):
            assert outcome.ok
            for path, (_before, after) in files.items():
                self.disk[path] = after
            self.done.append(self.undone.pop())
        else:
            assert outcome.refused and not outcome.done

    @rule(n=st.integers(0, FILES - 1), choice=st.integers(0, 2))
    def external_change(self, n: int, choice: int) -> None:
        """Another program writes: new text, or back what an earlier step found."""
        path = self.paths[n]
        if choice == 0:
            data = self.disk[path] + b"more\n"
        elif choice == 1:
            data = _post(n)
        else:
            data = b"---\ntitle: by hand\n---\n"
        path.write_bytes(data)
        self.disk[path] = data

    @invariant()
    def disk_holds_the_reference_bytes(self) -> None:
        for path in self.paths:
            assert path.read_bytes() == self.disk[path], path.name

    @invariant()
    def the_history_lists_the_reference_steps(self) -> None:
        assert [s.name for s in self.history.done] == [name for name, _ in self.done]
        assert [s.name for s in self.history.undone] == [name for name, _ in self.undone]


HistoryMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_history_matches_a_plain_reference = HistoryMachine.TestCase


def _site(tmp_path: Path) -> tuple[Path, list[Path]]:
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    (root / "masthead.toml").write_text("")
    paths = []
    for n in range(5):
        path = root / "posts" / f"p{n}.md"
        path.write_bytes(_post(n))
        paths.append(path)
    return root, paths


def test_two_bulk_actions_and_a_cell_edit_undo_back_to_the_first_bytes(tmp_path):
    """Three levels deep, then all redone: byte-exact both ways, named in words."""
    root, paths = _site(tmp_path)
    originals = {p: p.read_bytes() for p in paths}
    h = history.History()
    for action in (bulk.SetField("featured", False), bulk.AddListValue("tags", "c")):
        h.record(history.bulk_step(bulk.apply(bulk.plan_action(action, paths, root=root))))
    after_bulk = {p: p.read_bytes() for p in paths}
    h.record(edit_cell(paths[1], "title", "Hello", root))
    names = [s.name for s in h.done]
    assert names == [
        "Set “featured” to false on 5 posts",
        "Add “c” to “tags” on 5 posts",
        "Edit title of posts/p1.md",
    ]
    assert undo(h).ok
    assert {p: p.read_bytes() for p in paths} == after_bulk
    assert undo(h).ok and undo(h).ok
    assert {p: p.read_bytes() for p in paths} == originals
    assert undo(h) is None
    assert [s.name for s in h.undone] == names[::-1]
    for _ in names:
        assert redo(h).ok
    assert paths[1].read_bytes().startswith(b"---\ntitle: Hello  \n")
    assert [s.name for s in h.done] == names


def test_an_undo_refuses_naming_the_file_that_changed_and_writes_nothing(tmp_path):
    root, paths = _site(tmp_path)
    h = history.History()
    h.record(
        history.bulk_step(
            bulk.apply(bulk.plan_action(bulk.SetField("section", "new"), paths, root=root))
        )
    )
    paths[2].write_bytes(b"---\ntitle: edited elsewhere\n---\n")
    paths[3].unlink()
    written = {p: p.read_bytes() for p in paths if p.exists()}
    outcome = undo(h, journal=tmp_path / "journal")
    assert not outcome.ok and not outcome.done
    assert dict(outcome.refused) == {
        paths[2]: "the file changed since (edited in another program or by a later step)",
        paths[3]: "the file no longer exists",
    }
    assert {p: p.read_bytes() for p in paths if p.exists()} == written
    message = outcome.message()
    assert "nothing was written" in message and "posts/p2.md: the file changed" in message
    step = h.next_undo()
    assert step is not None and [p for p, _ in step.blocked] == [paths[2], paths[3]]
    assert list((tmp_path / "journal").glob("*.journal")) == []


def test_a_new_write_ends_redo_and_the_oldest_steps_go_past_the_limit(tmp_path):
    root, paths = _site(tmp_path)
    h = history.History(limit=3)
    for title in ("a", "b", "c", "d"):
        h.record(edit_cell(paths[0], "title", title, root))
    assert len(h.done) == 3
    undo(h)
    assert h.next_redo() is not None
    h.record(edit_cell(paths[1], "title", "e", root))
    assert h.next_redo() is None
    h.record(None)
    assert len(h.done) == 3


def test_the_oldest_steps_go_when_the_history_holds_too_many_bytes(tmp_path):
    root, paths = _site(tmp_path)
    h = history.History(max_bytes=3 * 2 * len(_post(0)) + 20)
    for n, title in enumerate(("a", "b", "c", "d")):
        h.record(edit_cell(paths[n], "title", title, root))
    assert [s.name for s in h.done] == [f"Edit title of posts/p{n}.md" for n in (1, 2, 3)]
    big = history.History(max_bytes=10)
    big.record(edit_cell(paths[4], "title", "e", root))
    assert len(big.done) == 1  # the last step always stays


def test_a_step_partly_written_moves_only_its_written_files(tmp_path):
    """An undo that could write some files (the rest failed): those can be redone, the
    rest stay to undo, with why."""
    root, paths = _site(tmp_path)
    h = history.History()
    result = bulk.apply(bulk.plan_action(bulk.SetField("section", "z"), paths[:2], root=root))
    step = history.bulk_step(result)
    h.record(step)
    assert step is not None
    outcome = history.Replay(
        step, history.UNDO, done=[paths[0]], failed=[(paths[1], "the file is read-only")]
    )
    h.settle(outcome)
    assert h.next_undo().paths == [paths[1]]
    assert h.next_undo().blocked == ((paths[1], "the file is read-only"),)
    assert h.next_redo().paths == [paths[0]] and h.next_redo().blocked == ()

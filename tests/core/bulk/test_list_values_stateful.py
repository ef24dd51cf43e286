"""Random sequences of taxonomy edits over a small site in every format, each planned and
written through the bulk path, checked against a plain model of the lists; undoing them
all, newest first, gives back every byte."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from editor.core.bulk import actions as bulk
from editor.core.bulk.list_values import ReplaceListValue
from editor.core.post.model import Post

WORDS = ["js", "javascript", "JavaScript", "web", "css", "html", "go"]
START = {
    "flow.md": ("---\ntitle: Flow\ntags: [js, web]  # note\n---\nBody\n", ["js", "web"]),
    "block.md": (
        "---\ntitle: Block\ntags:\n  - 'JavaScript'\n  - css\n  - js\nother: 1\n---\nBody\n",
        ["JavaScript", "css", "js"],
    ),
    "toml.md": ('+++\ntitle = "T"\ntags = ["web", "js", \'go\']\n+++\nBody\n', ["web", "js", "go"]),
    "json.md": (
        '{\n  "title": "J",\n  "tags": [\n    "html",\n    "js"\n  ]\n}\nBody\n',
        ["html", "js"],
    ),
    "compact.md": ('{"title": "C", "tags": ["css","web"]}\nBody\n', ["css", "web"]),
}


def model_replace(items: list[str], olds: list[str], news: list[str]) -> list[str]:
    """What a list becomes: old values replaced, no value added twice, the rest kept."""
    kept = [item for item in items if item not in olds]
    result: list[str] = []
    added: list[str] = []
    for item in items:
        if item not in olds:
            result.append(item)
            continue
        for value in news:
            if value not in kept and value not in added:
                result.append(value)
                added.append(value)
    return result


class TaxonomyEdits(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="taxonomy-"))
        self.lists: dict[str, list[str]] = {}
        for name, (text, items) in START.items():
            (self.root / name).write_bytes(text.encode())
            self.lists[name] = list(items)
        self.history: list[tuple[bulk.BulkResult, dict[str, list[str]]]] = []

    def teardown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, olds: list[str], news: list[str]) -> None:
        action = ReplaceListValue("tags", tuple(olds), tuple(news))
        paths = sorted(self.root.glob("*.md"))
        plan = bulk.plan_action(action, paths, root=self.root)
        assert not plan.errors, plan.errors
        before = {name: list(items) for name, items in self.lists.items()}
        result = bulk.apply(plan)
        assert result.ok
        self.history.append((result, before))
        for name, items in self.lists.items():
            self.lists[name] = model_replace(items, olds, news)
        changed = {c.path.name for c in plan.changes}
        assert changed == {name for name in self.lists if self.lists[name] != before[name]}

    @rule(old=st.sampled_from(WORDS), new=st.sampled_from(WORDS))
    def rename(self, old, new):
        if old != new:
            self._run([old], [new])

    @rule(
        olds=st.lists(st.sampled_from(WORDS), min_size=2, max_size=3, unique=True),
        into=st.sampled_from(WORDS),
    )
    def merge(self, olds, into):
        self._run(olds, [into])

    @rule(
        old=st.sampled_from(WORDS),
        news=st.lists(st.sampled_from(WORDS), min_size=2, max_size=3, unique=True),
    )
    def split(self, old, news):
        self._run([old], news)

    @rule(old=st.sampled_from(WORDS))
    def delete(self, old):
        self._run([old], [])

    @precondition(lambda self: self.history)
    @rule()
    def undo_last(self):
        result, before = self.history.pop()
        undone = bulk.undo(result)
        assert not undone.skipped and not undone.failed
        self.lists = before

    @invariant()
    def files_hold_the_model(self):
        for name, items in self.lists.items():
            post = Post.from_bytes((self.root / name).read_bytes())
            assert list(post.metadata.get("tags") or []) == items, name
            assert post.body == "Body\n"
            assert post.metadata["title"] in ("Flow", "Block", "T", "J", "C")

    @invariant()
    def nothing_is_left_when_everything_is_undone(self):
        if not self.history:
            for name, (text, _items) in START.items():
                assert (self.root / name).read_bytes() == text.encode(), name


TaxonomyEdits.TestCase.settings = settings(max_examples=40, stateful_step_count=8, deadline=None)
test_taxonomy_edits_follow_the_model_and_undo_to_every_byte = TaxonomyEdits.TestCase

"""Edits, deletions, reopens and dialect switches of a site's posts, against a plain model
of which post has which hints: the cache always gives what a fresh look gives, and reads
only the posts written since it last looked (all of them after a dialect switch)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from editor.core.render.hints import HUGO_RAW_HTML, LIST_AFTER_PARAGRAPH
from editor.core.site import post_hints
from editor.core.site.dialect import DIALECTS
from editor.core.site.post_hints import HintCache
from editor.core.site.records import parse_post_file

NAMES = st.sampled_from(["a.md", "b.md", "c.md", "d.mdx"])
# A body and its hints, as (body line, dialect name, message) with the front matter's
# three lines still to add.
BODIES = {
    "plain": ("Nothing odd here.\n", []),
    "list": ("Cyclists can use:\n- the ferry\n", [(2, "jigsaw")]),
    "html": ("Intro\n\n<div>x</div>\n", [(3, "hugo")]),
    "both": ("See:\n- one\n\n<b>bold</b> words\n", [(2, "jigsaw"), (4, "hugo")]),
}
MESSAGES = {
    "jigsaw": LIST_AFTER_PARAGRAPH.format(engine=DIALECTS["jigsaw"].engine),
    "hugo": HUGO_RAW_HTML,
}


class EditsOfASite(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.base = Path(tempfile.mkdtemp(prefix="masthead-hints-"))
        self.root = self.base / "site"
        self.posts = self.root / "content"
        self.posts.mkdir(parents=True)
        self.model: dict[str, str] = {}  # name -> body kind
        self.dialect = "jigsaw"
        self.cache = HintCache(self.root, self.base / "cache")
        self.written: set[str] = set()  # posts written since the cache last looked
        self.all_stale = True
        self.clock = 0
        self.reads: list[str] = []
        read = post_hints.read_regular

        def counting(path, *args):
            self.reads.append(os.path.basename(path))
            return read(path, *args)

        self._restore = read
        post_hints.read_regular = counting

    def teardown(self):
        post_hints.read_regular = self._restore
        shutil.rmtree(self.base, ignore_errors=True)

    @rule(name=NAMES, kind=st.sampled_from(sorted(BODIES)), title=st.sampled_from(["A", "Bb"]))
    def save(self, name, kind, title):
        path = self.posts / name
        path.write_text(f"---\ntitle: {title}\n---\n{BODIES[kind][0]}")
        self.clock += 1
        os.utime(path, ns=(1_700_000_000_000_000_000 + self.clock * 10**9,) * 2)
        self.model[name] = kind
        self.written.add(name)

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def delete(self, data):
        name = data.draw(st.sampled_from(sorted(self.model)))
        (self.posts / name).unlink()
        del self.model[name]
        self.written.discard(name)

    @rule()
    def reopen(self):
        self.cache = HintCache(self.root, self.base / "cache")

    @rule(dialect=st.sampled_from(["jigsaw", "hugo"]))
    def switch_dialect(self, dialect):
        if dialect != self.dialect:
            self.dialect = dialect
            self.all_stale = True

    @invariant()
    def the_cache_matches_the_model(self):
        records = [
            parse_post_file(str(p), p.relative_to(self.root).as_posix())
            for p in sorted(self.posts.iterdir())
        ]
        self.reads.clear()
        found = self.cache.problems(records, DIALECTS[self.dialect])
        expected = sorted(
            (name, line + 3, MESSAGES[dialect])
            for name, kind in self.model.items()
            for line, dialect in BODIES[kind][1]
            if dialect == self.dialect
        )
        assert sorted((Path(p.path).name, p.line, p.message) for p in found) == expected
        stale = set(self.model) if self.all_stale else self.written
        assert sorted(self.reads) == sorted(stale)
        self.written.clear()
        self.all_stale = False


EditsOfASite.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_edits_of_a_site = EditsOfASite.TestCase

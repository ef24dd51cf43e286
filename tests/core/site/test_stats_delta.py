"""Field stats kept by deltas equal a full recount, across any sequence of saves, adds and
deletes; and the cache written after such updates reads back as a fresh scan."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from editor.core.site.index import SiteIndex
from editor.core.site.schema import collect_field_stats, field_stats_to_plain

RELS = ("a.md", "b/c.md", "b/d.md", "e.md", "f/g.md")
NAMES = ("title", "date", "tags", "draft", "author", "weight")
WORDS = st.sampled_from(["news", "sport", "Ann", "Bo", "x y", ""])
VALUES = {
    "title": WORDS,
    "date": st.sampled_from(["2020-01-02", "2021-03-04 05:06:07", "2020-09-30-07-25-20"]),
    "tags": st.lists(WORDS, max_size=3),
    "draft": st.booleans(),
    "author": st.one_of(WORDS, st.integers(0, 3)),
    "weight": st.one_of(st.integers(0, 3), st.floats(0, 2, allow_nan=False), st.none()),
}
BROKEN = "---\ntitle: [broken\n---\nbody\n"


@st.composite
def post_texts(draw) -> str:
    if draw(st.integers(0, 9)) == 0:
        return BROKEN
    names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=len(NAMES)))
    lines = []
    for name in names:
        value = draw(VALUES[name])
        if isinstance(value, list):
            text = "[" + ", ".join(f'"{v}"' for v in value) + "]"
        elif isinstance(value, str):
            text = f'"{value}"' if name != "date" else value
        elif value is None:
            text = "null"
        else:
            text = str(value).lower() if isinstance(value, bool) else str(value)
        lines.append(f"{name}: {text}\n")
    return "---\n" + "".join(lines) + "---\nbody\n"


def plain(records) -> tuple:
    """The stats records carry, as plain values compared strictly (a Counter holding a zero
    count differs); an empty site that was never published carries none."""
    field_stats = records.field_stats
    if field_stats is None:
        assert len(records) == 0
        field_stats = collect_field_stats([])
    return field_stats_to_plain(field_stats)


class DeltaStats(RuleBasedStateMachine):
    """The index after each single-file update against a plain model of the files."""

    @initialize(first=post_texts(), second=post_texts())
    def open_site(self, first: str, second: str) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="delta-"))
        self.root = self.folder / "site"
        self.cache_dir = self.folder / "cache"
        self.files: dict[str, str] = {}
        self.tick = 1_600_000_000_000_000_000
        self._write(RELS[0], first)
        self._write(RELS[3], second)
        self.index = SiteIndex(self.root, self.cache_dir)
        self.index.scan()

    def teardown(self) -> None:
        if hasattr(self, "folder"):
            shutil.rmtree(self.folder, ignore_errors=True)

    def _write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        self.tick += 1_000_000_000  # a new mtime for every write, whatever the clock's grain
        os.utime(path, ns=(self.tick, self.tick))
        self.files[rel] = text
        return path

    @rule(rel=st.sampled_from(RELS), text=post_texts())
    def save_or_add(self, rel: str, text: str) -> None:
        path = self._write(rel, text)
        assert self.index.update([path], write_cache=False) == [rel]

    @rule(rel=st.sampled_from(RELS))
    def delete(self, rel: str) -> None:
        path = self.root / rel
        existed = self.files.pop(rel, None) is not None
        if existed:
            path.unlink()
        assert self.index.update([path], write_cache=False) == ([rel] if existed else [])

    @rule()
    def cache_reads_back_as_a_fresh_scan(self) -> None:
        self.index.save_cache()
        assert not self.index.cache_stale
        reopened = SiteIndex(self.root, self.cache_dir)
        assert reopened.scan().parsed == 0  # every record came from the cache
        fresh = SiteIndex(self.root, use_cache=False)
        fresh.scan()
        rows = [r.as_cache_tuple() for r in reopened.records]
        assert rows == [r.as_cache_tuple() for r in fresh.records]
        assert plain(reopened.records) == plain(fresh.records)

    @invariant()
    def records_follow_the_files(self) -> None:
        if hasattr(self, "index"):
            assert [r.rel for r in self.index.records] == sorted(self.files)

    @invariant()
    def stats_equal_a_full_recount(self) -> None:
        if hasattr(self, "index"):
            records = self.index.records
            recount = field_stats_to_plain(collect_field_stats(list(records)))
            assert plain(records) == recount


TestDeltaStats = DeltaStats.TestCase
TestDeltaStats.settings = settings(max_examples=30, stateful_step_count=15, deadline=None)


def test_a_delta_copies_what_it_changes_and_shares_the_rest(tmp_path):
    """Stats of an older snapshot are never changed by a later delta."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "a.md").write_text("---\ntitle: A\ntags: [x]\n---\n")
    (root / "b.md").write_text("---\ntitle: B\nauthor: Ann\n---\n")
    index = SiteIndex(root, use_cache=False)
    index.scan()
    before = index.records.field_stats
    frozen = field_stats_to_plain(before)
    (root / "b.md").write_text("---\ntitle: C\nauthor: Bo\n---\n")
    index.update([root / "b.md"], write_cache=False)
    after = index.records.field_stats
    assert field_stats_to_plain(before) == frozen
    assert after[1]["tags"] is before[1]["tags"]  # untouched: shared
    assert after[1]["title"].values == {"A": 1, "C": 1}
    assert index.cache_stale

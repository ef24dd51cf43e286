"""The spelling memo (``site_memo.SpellingMemo``) finds what ``site_spelling_problems``
finds: a state machine saves, breaks, deletes and restores posts (their words, tags and
language) and rewrites masthead.toml; after each step the memo's problems must equal a
full run's (with a cache of its own).

The spellers are shared per thread and keep every site's known words (``open_speller``),
so the machine checks on a thread of its own: no word it makes known reaches the other
tests."""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from editor.core.site.index import SiteIndex
from editor.core.spelling.check import SiteSpelling, site_spelling_problems
from editor.core.spelling.engine import new_speller
from editor.core.spelling.site_memo import SpellingMemo

pytestmark = pytest.mark.skipif(
    not new_speller("en_US").ok, reason="no enchant or no en_US hunspell dictionary"
)

NAMES = [f"posts/p{n}.md" for n in range(8)]
WORDS = ["the", "smal", "frobctl", "Grzegorz", "receive", "recieve", "teh", "Kubernetes"]
TAGS = ["frobctl", "news", "Grzegorz", "teh"]
SETTINGS = ["", '[spelling]\nwords = ["smal"]\n', '[spelling]\nfields = ["title"]\n']


def post(title: str, words: list[str], tags: list[str], language: str | None) -> str:
    lines = [f"title: {title}", f"tags: [{', '.join(tags)}]"]
    if language:
        lines.append(f"lang: {language}")
    return "---\n" + "\n".join(lines) + "\n---\n" + " ".join(words) + ".\n"


class SpellingMemoMatchesFullRun(RuleBasedStateMachine):
    @initialize()
    def make_site(self):
        self.root = Path(tempfile.mkdtemp(prefix="spelling-memo-"))
        self.caches = [Path(tempfile.mkdtemp(prefix="spelling-cache-")) for _ in range(3)]
        (self.root / "masthead.toml").write_text("")
        for n, name in enumerate(NAMES):
            self._write(name, post(f"Post {n}", ["the", "smal", "word"], ["news"], None))
        self.index = SiteIndex(self.root, cache_dir=self.caches[0])
        self.index.scan()
        self.memo = SpellingMemo()
        self.thread = ThreadPoolExecutor(1)  # its own spellers (see the module docstring)

    def teardown(self):
        if hasattr(self, "thread"):
            self.thread.shutdown()
        for folder in (self.root, *self.caches):
            shutil.rmtree(folder, ignore_errors=True)

    def _write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    @rule(
        name=st.sampled_from(NAMES),
        title=st.sampled_from(["Post", "Teh post", "Grzegorz"]),
        words=st.lists(st.sampled_from(WORDS), max_size=6),
        tags=st.lists(st.sampled_from(TAGS), max_size=2),
        language=st.sampled_from([None, "en", "de"]),
    )
    def save_a_post(self, name, title, words, tags, language):
        path = self._write(name, post(title, words, tags, language))
        self.index.update([str(path)], write_cache=False)

    @rule(name=st.sampled_from(NAMES))
    def break_a_post(self, name):
        path = self._write(name, "---\ntitle: [unclosed\n---\nsmal\n")
        self.index.update([str(path)], write_cache=False)

    @rule(name=st.sampled_from(NAMES))
    def delete_or_restore_a_post(self, name):
        path = self.root / name
        if path.exists():
            path.unlink()
        else:
            self._write(name, post("Back", ["teh", "word"], [], None))
        self.index.update([str(path)], write_cache=False)

    @rule(text=st.sampled_from(SETTINGS))
    def rewrite_the_settings(self, text):
        (self.root / "masthead.toml").write_text(text)

    @invariant()
    def memo_finds_what_a_full_run_finds(self):
        records = self.index.records
        full = self.thread.submit(site_spelling_problems, records, self.root, self.caches[1])
        memo = self.thread.submit(self.memo.problems, records, self.root, self.caches[2])
        assert memo.result() == full.result()


SpellingMemoMatchesFullRun.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestSpellingMemoMatchesFullRun = SpellingMemoMatchesFullRun.TestCase


def test_a_save_spell_checks_only_the_saved_post_again(tmp_path, isolated_dirs, monkeypatch):
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    (root / "masthead.toml").write_text("")
    for n in range(6):
        path = root / "posts" / f"p{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post(f"Post {n}", ["the", "word"], ["news"], None))
    index = SiteIndex(root, cache_dir=tmp_path / "cache")
    index.scan()
    memo = SpellingMemo()
    assert memo.problems(index.records, root, tmp_path / "cache") == []
    checked: list[str] = []
    real = SiteSpelling.check_file
    monkeypatch.setattr(
        SiteSpelling,
        "check_file",
        lambda self, path, rel: checked.append(rel) or real(self, path, rel),
    )
    saved = root / "posts" / "p3.md"
    saved.write_text(post("Post 3", ["a", "smal", "word"], ["news"], None))
    index.update([str(saved)], write_cache=False)
    found = memo.problems(index.records, root, tmp_path / "cache")
    assert checked == ["posts/p3.md"]
    assert [p.message for p in found] == [
        p.message for p in site_spelling_problems(index.records, root)
    ]
    assert any("'smal'" in p.message for p in found)

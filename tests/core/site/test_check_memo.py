"""Checks with a memo (``check_memo``) find exactly what a full run finds.

A state machine edits, saves, adds and deletes posts of a small Jekyll site, adds and
removes an image, rewrites masthead.toml and lets time pass; after every step the
memo's run over the updated index must equal ``run_checks`` without a memo (the
reference: every post checked afresh).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from editor.core.site.check_memo import CheckMemo
from editor.core.site.checks import run_checks
from editor.core.site.index import SiteIndex
from editor.core.site.schema import infer_schema

NAMES = [
    "_posts/2020-01-02-alpha.md",
    "_posts/2020-01-03-beta.md",
    "_posts/2020-01-03-beta.fr.md",  # a translation of beta
    "_posts/2021-05-06-gamma.md",
    "_posts/2026-02-01-delta.md",
    "news/_index.md",  # a list page
    "pages/about.md",  # a page, not a post
    *(f"_posts/2020-02-{day:02d}-post-{day}.md" for day in range(1, 16)),
]
TITLES = ["Alpha", "alpha", "Beta", "Gamma", "A title far too long", ""]
DATES = [
    "2020-01-02",
    "2020-01-03 10:00:00",
    "2015-02-15 9:18:00",
    "2026-03-01 12:00:00",
    "2027-01-01",
    "'2020-13-45'",
    "2020-02-30",
]
TAGS = ["news", "politics", "sport", "newz", "tech"]
CATEGORIES = ["a", "b", "c", "bb", "zzz"]
CONFIGS = [
    "",
    '[fields.title]\nrequired = true\nmax_length = 6\n\n[fields.category]\nallowed = ["a", "b"]\n',
    '[fields.count]\ntype = "int"\n\n[fields.date]\ndate_format = "%Y-%m-%d"\n',
    "[checks]\nignore = ['not-live']\n",
    "[fields\n",  # broken TOML
]

field_values = st.fixed_dictionaries(
    {},
    optional={
        "title": st.sampled_from(TITLES),
        "date": st.sampled_from(DATES),
        "tags": st.lists(st.sampled_from(TAGS), max_size=3),
        "category": st.sampled_from(CATEGORIES),
        "image": st.sampled_from(["/images/x.jpg", "/images/y.jpg", "https://e.org/z.jpg"]),
        "slug": st.sampled_from(["same", "other"]),
        "draft": st.booleans(),
        "count": st.sampled_from(["3", "three", "", "~"]),
        "expirydate": st.sampled_from(DATES),
        "publishDate": st.sampled_from(DATES),
        "description": st.sampled_from(["", "Some words", "~"]),
    },
)


def front_matter(fields: dict) -> str:
    lines = []
    for key, value in fields.items():
        if isinstance(value, list):
            value = "[" + ", ".join(value) + "]"
        elif isinstance(value, bool):
            value = "true" if value else "false"
        lines.append(f"{key}: {value}")
    return "---\n" + "".join(line + "\n" for line in lines) + "---\nBody.\n"


def usual_post(n: int) -> dict:
    return {
        "title": f"Post {n}",
        "date": f"2020-02-{n % 28 + 1:02d}",
        "tags": [TAGS[n % 3], TAGS[(n + 1) % 3]],
        "category": CATEGORIES[n % 3],
        "count": str(n),
        "description": "Words",
    }


class MemoMatchesFullRun(RuleBasedStateMachine):
    @initialize()
    def make_site(self):
        self.root = Path(tempfile.mkdtemp(prefix="check-memo-"))
        self.cache = Path(tempfile.mkdtemp(prefix="check-memo-cache-"))
        (self.root / "_config.yml").write_text("title: a site\n")  # Jekyll: file dates count
        (self.root / "images").mkdir()
        (self.root / "images" / "y.jpg").write_bytes(b"y")
        for n, name in enumerate(NAMES):
            self._write(name, front_matter(usual_post(n)))
        self.index = SiteIndex(self.root, cache_dir=self.cache)
        self.index.scan()
        self.memo = CheckMemo()
        self.now = datetime(2026, 1, 1)

    def teardown(self):
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.rmtree(self.cache, ignore_errors=True)

    def _write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    @rule(name=st.sampled_from(NAMES), fields=field_values, keep=st.booleans())
    def save_a_post(self, name, fields, keep):
        """A save: some fields set, the others kept as they were or left out."""
        n = NAMES.index(name)
        base = usual_post(n) if keep else {}
        path = self._write(name, front_matter({**base, **fields}))
        self.index.update([str(path)], write_cache=False)

    @rule(name=st.sampled_from(NAMES))
    def break_a_post(self, name):
        path = self._write(name, "---\ntitle: [unclosed\n---\n")
        self.index.update([str(path)], write_cache=False)

    @rule(name=st.sampled_from(NAMES))
    def delete_or_restore_a_post(self, name):
        path = self.root / name
        if path.exists():
            path.unlink()
        else:
            self._write(name, front_matter(usual_post(NAMES.index(name))))
        self.index.update([str(path)], write_cache=False)

    @rule()
    def add_or_remove_an_image(self):
        image = self.root / "images" / "x.jpg"
        if image.exists():
            image.unlink()
        else:
            image.write_bytes(b"x")

    @rule(config=st.sampled_from(CONFIGS))
    def rewrite_the_settings(self, config):
        (self.root / "masthead.toml").write_text(config)

    @rule(days=st.integers(min_value=0, max_value=400))
    def time_passes(self, days):
        self.now += timedelta(days=days)

    @rule()
    def the_clock_is_set_back(self):
        self.now -= timedelta(days=30)

    @invariant()
    def memo_finds_what_a_full_run_finds(self):
        records = self.index.records
        schema = infer_schema(records, root=self.root)
        full = run_checks(records, schema, self.root, now=self.now)
        remembered = run_checks(records, schema, self.root, now=self.now, memo=self.memo)
        assert remembered == full


MemoMatchesFullRun.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestMemoMatchesFullRun = MemoMatchesFullRun.TestCase


def _site(tmp_path: Path, posts: int) -> SiteIndex:
    for n in range(posts):
        path = tmp_path / "_posts" / f"2020-02-{n % 28 + 1:02d}-p{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front_matter(usual_post(n)))
    index = SiteIndex(tmp_path, cache_dir=tmp_path / ".cache")
    index.scan()
    return index


def test_a_save_checks_only_the_saved_post_again(tmp_path, monkeypatch):
    """With nothing but one title changed, the per-post checks see that post alone."""
    from editor.core.site import checks

    index = _site(tmp_path, 30)
    memo = CheckMemo()
    run_checks(index.records, infer_schema(index.records), tmp_path, memo=memo)
    seen: list[list[str]] = []
    real = checks._kinds_and_dates

    def spy(records, schema, expected=None):
        seen.append([r.rel for r in records])
        return real(records, schema, expected)

    monkeypatch.setattr(checks, "_kinds_and_dates", spy)
    saved = sorted(tmp_path.glob("_posts/*.md"))[7]
    saved.write_text(saved.read_text().replace("title: Post", "title: Renamed"))
    index.update([str(saved)], write_cache=False)
    found = run_checks(index.records, infer_schema(index.records), tmp_path, memo=memo)
    assert seen == [[saved.relative_to(tmp_path).as_posix()]]
    assert found == run_checks(index.records, infer_schema(index.records), tmp_path)


def test_a_new_usual_kind_checks_every_post_again(tmp_path, monkeypatch):
    """When the site's usual kind of a field changes, every post is checked against it."""
    from editor.core.site import checks

    index = _site(tmp_path, 12)
    memo = CheckMemo()
    run_checks(index.records, infer_schema(index.records), tmp_path, memo=memo)
    paths = sorted(tmp_path.glob("_posts/*.md"))
    for path in paths:  # every count a word: the usual kind is text
        path.write_text(path.read_text().replace("count: ", "count: n"))
    index.update([str(p) for p in paths], write_cache=False)
    run_checks(index.records, infer_schema(index.records), tmp_path, memo=memo)
    for path in paths[:10]:  # then most counts are numbers: the usual kind is a number
        path.write_text(path.read_text().replace("count: n", "count: "))
    index.update([str(p) for p in paths[:10]], write_cache=False)
    seen: list[int] = []
    real = checks._kinds_and_dates

    def spy(records, schema, expected=None):
        seen.append(len(records))
        return real(records, schema, expected)

    monkeypatch.setattr(checks, "_kinds_and_dates", spy)
    found = run_checks(index.records, infer_schema(index.records), tmp_path, memo=memo)
    assert seen == [12]
    assert found == run_checks(index.records, infer_schema(index.records), tmp_path)
    assert any(p.code == "type-mismatch" for p in found)

"""Bulk edits: plans touch only intended lines, apply is safe per file, undo restores."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import stat
import threading
from pathlib import Path

import pytest

from editor.core.bulk import actions as bulk
from editor.core.post.model import Post
from tests.core.sitegen import generate_site


@pytest.fixture
def site(tmp_path):
    return generate_site(tmp_path / "site", 40, seed=3)


def changed_lines(diff: str) -> tuple[list[str], list[str]]:
    lines = diff.splitlines()
    removed = [ln[1:] for ln in lines if ln.startswith("-") and not ln.startswith("---")]
    added = [ln[1:] for ln in lines if ln.startswith("+") and not ln.startswith("+++")]
    return removed, added


def meta(data: bytes) -> dict:
    return dict(Post.from_bytes(data).metadata)


def body(data: bytes) -> str:
    return Post.from_bytes(data).body


def test_set_field_diff_touches_only_that_key_line(site):
    """Setting `featured` changes exactly the featured line of each post that differs."""
    plan = bulk.plan_action(bulk.SetField("featured", True), site.posts, root=site.root)
    already = [p for p in site.posts if meta(p.read_bytes()).get("featured") is True]
    assert len(plan.changes) == len(site.posts) - len(already) > 0
    assert sorted(plan.unchanged) == sorted(already)
    for change in plan.changes:
        removed, added = changed_lines(change.diff)
        assert len(removed) == len(added) == 1
        assert removed[0].startswith("featured: false")
        assert added[0].startswith("featured: true")
        before, after = meta(change.old_bytes), meta(change.new_bytes)
        assert after == {**before, "featured": True}
        assert body(change.new_bytes) == body(change.old_bytes)
    # planning writes nothing
    assert all(c.path.read_bytes() == c.old_bytes for c in plan.changes)


@pytest.mark.parametrize(
    ("action", "check"),
    [
        (
            bulk.AddListValue("categories", "archive"),
            lambda b, a: a["categories"] == [*b["categories"], "archive"],
        ),
        (
            bulk.RemoveListValue("categories", "news"),
            lambda b, a: a["categories"] == [c for c in b["categories"] if c != "news"],
        ),
        (
            bulk.RenameKey("image", "cover"),
            lambda b, a: "image" not in a and a["cover"] == b["image"],
        ),
        (bulk.DeleteKey("section"), lambda b, a: "section" not in a),
        (
            bulk.ReplaceInField("title", "a", "A"),
            lambda b, a: a["title"] == b["title"].replace("a", "A"),
        ),
        (
            bulk.ReplaceInField("categories", r"^(n)ews$", r"\1EWS", regex=True),
            lambda b, a: a["categories"] == ["nEWS" if c == "news" else c for c in b["categories"]],
        ),
    ],
    ids=["add", "remove", "rename", "delete", "replace-plain", "replace-regex"],
)
def test_each_action_edits_only_its_key(site, action, check):
    """Every action changes its key as described and leaves other keys and the body alone."""
    plan = bulk.plan_action(action, site.posts, root=site.root)
    assert plan.changes and not plan.errors
    touched = {getattr(action, "key", None), getattr(action, "old", None), "cover"}
    for change in plan.changes:
        before, after = meta(change.old_bytes), meta(change.new_bytes)
        assert check(before, after), change.diff
        assert {k: v for k, v in before.items() if k not in touched} == {
            k: v for k, v in after.items() if k not in touched
        }
        assert body(change.new_bytes) == body(change.old_bytes)
        removed, added = changed_lines(change.diff)
        assert len(removed) <= 1 and len(added) <= 1


def test_apply_writes_and_undo_restores(site):
    """Apply writes the planned bytes; undo puts every original byte back."""
    originals = {p: p.read_bytes() for p in site.posts}
    plan = bulk.plan_action(bulk.AddListValue("categories", "archive"), site.posts)
    seen = []
    result = bulk.apply(plan, progress=lambda d, t: seen.append((d, t)))
    assert result.ok and len(result.written) == len(plan.changes)
    assert seen[-1] == (len(plan.changes), len(plan.changes))
    for change in plan.changes:
        assert change.path.read_bytes() == change.new_bytes
    restored = bulk.undo(result)
    assert len(restored.restored) == len(result.written)
    assert {p: p.read_bytes() for p in site.posts} == originals


def test_read_only_file_fails_alone(site):
    """A read-only file is reported and left as it is; every other file is written."""
    plan = bulk.plan_action(bulk.SetField("section", "archive"), site.posts)
    locked = plan.changes[5].path
    locked.chmod(0o444)
    try:
        result = bulk.apply(plan)
    finally:
        locked.chmod(0o644)
    assert [i.path for i in result.failed] == [locked]
    assert "read-only" in result.failed[0].message
    assert locked.read_bytes() == plan.changes[5].old_bytes
    assert len(result.written) == len(plan.changes) - 1
    for change in result.written:
        assert change.path.read_bytes() == change.new_bytes
        assert meta(change.path.read_bytes())["section"] == "archive"


def test_file_changed_after_planning_is_skipped(site):
    """A file edited between planning and applying is skipped, keeping the newer edit."""
    plan = bulk.plan_action(bulk.DeleteKey("extends"), site.posts)
    victim = plan.changes[2].path
    edited = victim.read_bytes().replace(b"section: content", b"section: edited", 1)
    victim.write_bytes(edited)
    gone = plan.changes[3].path
    gone.unlink()
    result = bulk.apply(plan)
    assert {i.path for i in result.skipped} == {victim, gone}
    assert victim.read_bytes() == edited
    assert not result.failed and len(result.written) == len(plan.changes) - 2


def test_undo_leaves_files_edited_after_the_bulk_write(site):
    """Undo restores only files still holding the bulk result."""
    plan = bulk.plan_action(bulk.SetField("featured", True), site.posts)
    result = bulk.apply(plan)
    later = result.written[0].path
    later.write_bytes(later.read_bytes() + b"\nEdited later.\n")
    kept = later.read_bytes()
    undone = bulk.undo(result)
    assert [i.path for i in undone.skipped] == [later]
    assert later.read_bytes() == kept
    for change in result.written[1:]:
        assert change.path.read_bytes() == change.old_bytes


def test_parse_errors_are_per_file(tmp_path):
    """A broken post is reported with the post model's reason; the others are planned."""
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: Good\n---\nBody\n")
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\nBody\n")
    plan = bulk.plan_action(bulk.SetField("draft", False), [bad, good])
    assert [c.path for c in plan.changes] == [good]
    assert [e.path for e in plan.errors] == [bad] and plan.errors[0].message


def test_rename_onto_existing_key_is_an_error(tmp_path):
    post = tmp_path / "p.md"
    post.write_text("---\ntitle: A\nheadline: B\n---\n")
    plan = bulk.plan_action(bulk.RenameKey("title", "headline"), [post])
    assert not plan.changes and "headline" in plan.errors[0].message


def test_plain_replace_is_literal_and_bad_regex_fails_early(tmp_path):
    post = tmp_path / "p.md"
    post.write_text("---\ntitle: cost (a.b)\n---\n")
    plan = bulk.plan_action(bulk.ReplaceInField("title", "(a.b)", r"\1 $5"), [post])
    assert meta(plan.changes[0].new_bytes)["title"] == r"cost \1 $5"
    with pytest.raises(re.error):
        bulk.plan_action(bulk.ReplaceInField("title", "(", "x", regex=True), [post])


def test_add_to_scalar_makes_a_list_and_skips_duplicates(tmp_path):
    scalar = tmp_path / "a.md"
    scalar.write_text("---\ntags: news\n---\n")
    has = tmp_path / "b.md"
    has.write_text("---\ntags: [news, archive]\n---\n")
    plan = bulk.plan_action(bulk.AddListValue("tags", "archive"), [scalar, has])
    assert [c.path for c in plan.changes] == [scalar]
    assert meta(plan.changes[0].new_bytes)["tags"] == ["news", "archive"]
    assert plan.unchanged == [has]


def test_cancel_stops_planning_and_applying(site):
    cancel = threading.Event()
    cancel.set()
    plan = bulk.plan_action(bulk.SetField("featured", True), site.posts, cancel=cancel)
    assert plan.cancelled and not plan.changes
    plan = bulk.plan_action(bulk.SetField("featured", True), site.posts)
    result = bulk.apply(plan, cancel=cancel)
    assert result.cancelled and not result.written
    assert all(c.path.read_bytes() == c.old_bytes for c in plan.changes)


def test_diff_matches_a_full_difflib_diff():
    """The trimmed diff has the same hunks (with absolute line numbers) as a full diff."""
    old = "".join(f"line {i}\n" for i in range(200))
    new = old.replace("line 120\n", "line 120 changed\n").replace("line 7\n", "")
    full = "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "a/x", "b/x"))
    assert bulk.unified_diff(old, new, "x") == full
    assert bulk.unified_diff("a\nb", "a\nc", "x").endswith("+c\n\\ No newline at end of file\n")


def test_coerce_value():
    assert bulk.coerce_value("yes", "bool") is True
    assert bulk.coerce_value(" a, b ,", "list") == ["a", "b"]
    assert bulk.coerce_value("2020-09-30", "date").isoformat() == "2020-09-30"
    with pytest.raises(ValueError):
        bulk.coerce_value("maybe", "bool")


@pytest.mark.corpus
def test_corpus_copies_change_only_the_intended_lines(corpus_dir, tmp_path):
    """On real posts (YAML, TOML, JSON), adding and deleting a key changes only that key."""
    sources = sorted(corpus_dir.rglob("*.md"))[:80]
    copies = []
    for i, src in enumerate(sources):
        dst = tmp_path / f"{i:03d}-{src.name}"
        shutil.copyfile(src, dst)
        copies.append(dst)
    plan = bulk.plan_action(bulk.SetField("masthead_reviewed", True), copies)
    assert len(plan.changes) >= 60
    for change in plan.changes:
        before, after = meta(change.old_bytes), meta(change.new_bytes)
        assert after == {**before, "masthead_reviewed": True}
        assert body(change.new_bytes) == body(change.old_bytes)
        removed, added = changed_lines(change.diff)
        # one new line, plus at most the neighbour that gains a separator (JSON comma)
        assert len(added) - len(removed) == 1 and len(removed) <= 1, change.diff
    result = bulk.apply(plan)
    assert result.ok
    back = bulk.plan_action(bulk.DeleteKey("masthead_reviewed"), [c.path for c in result.written])
    bulk.apply(back)
    for change in plan.changes:
        assert change.path.read_bytes() == change.old_bytes


def test_apply_keeps_file_mode(site):
    path = site.posts[0]
    path.chmod(0o640)
    plan = bulk.plan_action(bulk.SetField("title", "Renamed"), [path])
    bulk.apply(plan)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert meta(Path(path).read_bytes())["title"] == "Renamed"


def test_windowed_diff_applies_with_patch(tmp_path):
    """The fast windowed diff is a real unified diff: GNU patch turns old into new."""
    import random
    import shutil
    import subprocess

    from editor.core.bulk.actions import unified_diff

    if not shutil.which("patch"):
        pytest.skip("GNU patch is not installed")
    rng = random.Random(7)
    pieces = ["a\n", "b\n", "title: x\n", "\n", "  e\n", "tail"]
    for case in range(60):
        old = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        chars = list(old)
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(chars))
            if rng.random() < 0.4 and chars:
                del chars[min(at, len(chars) - 1)]
            else:
                chars.insert(at, rng.choice("xy\n"))
        new = "".join(chars)
        if new == old:
            continue
        folder = tmp_path / str(case)
        folder.mkdir()
        (folder / "n").write_text(old)
        (folder / "p").write_text(unified_diff(old, new, "n"))
        result = subprocess.run(["patch", "-s", "-p1", "-i", "p"], cwd=folder, capture_output=True)
        assert result.returncode == 0, result.stderr
        assert (folder / "n").read_text() == new

"""The one unified diff: the same hunks as difflib, fast on long posts, and patch applies it."""

from __future__ import annotations

import difflib
import random
import shutil
import subprocess

import pytest

from editor.core.post.diff import capped, unified_diff


def test_diff_matches_a_full_difflib_diff():
    """The trimmed diff has the same hunks (with absolute line numbers) as a full diff."""
    old = "".join(f"line {i}\n" for i in range(200))
    new = old.replace("line 120\n", "line 120 changed\n").replace("line 7\n", "")
    full = "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "a/x", "b/x"))
    assert unified_diff(old, new, "x") == full
    assert unified_diff("a\nb", "a\nc", "x").endswith("+c\n\\ No newline at end of file\n")


def test_windowed_diff_applies_with_patch(tmp_path):
    """The fast windowed diff is a real unified diff: GNU patch turns old into new."""
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


def test_names_and_caps():
    text = unified_diff("a\n", "b\n", old_name="on disk", new_name="recovered")
    assert text.startswith("--- on disk\n+++ recovered\n")
    long = unified_diff("".join(f"{i}\n" for i in range(50)), "")
    assert capped(long, 5).count("\n") == 7 and "more lines" in capped(long, 5)
    assert capped(text, 100) == text

"""``find_site_root`` inside ``remembered_site_roots()``: each path walked once, the same
answers as without, nothing remembered outside the block or on another thread."""

from __future__ import annotations

import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.site import layout
from editor.core.site.layout import SITE_ROOT_MARKERS, find_site_root, remembered_site_roots


def _site(tmp_path):
    root = tmp_path / "site"
    posts = root / "source" / "_posts"
    posts.mkdir(parents=True)
    (root / "config.php").write_text("<?php return [];")
    post = posts / "a.md"
    post.write_text("---\ntitle: A\n---\n")
    return root, post


def test_the_same_root_with_and_without_memory(tmp_path):
    root, post = _site(tmp_path)
    outside = tmp_path / "loose.md"
    outside.write_text("x")
    for path in (post, post.parent, root, outside, tmp_path / "missing" / "b.md"):
        plain = find_site_root(path)
        with remembered_site_roots():
            assert find_site_root(path) == plain
            assert find_site_root(str(path)) == plain
    assert find_site_root(post) == root


def test_each_path_is_walked_once_within_the_block(tmp_path, monkeypatch):
    root, post = _site(tmp_path)
    walks = []
    real_walk = layout._walk_to_site_root
    monkeypatch.setattr(layout, "_walk_to_site_root", lambda p: walks.append(p) or real_walk(p))
    with remembered_site_roots():
        for _ in range(6):
            assert find_site_root(post) == root
        with remembered_site_roots():  # nested: the same memory
            assert find_site_root(post) == root
    assert len(walks) == 1
    find_site_root(post)
    assert len(walks) == 2  # outside the block, walked again


def test_a_marker_made_within_the_block_is_seen_after_it(tmp_path):
    root, post = _site(tmp_path)
    (post.parent / "masthead.toml").write_text("")
    with remembered_site_roots():
        assert find_site_root(post) == post.parent
        (post.parent / "masthead.toml").unlink()
        assert find_site_root(post) == post.parent  # remembered
    assert find_site_root(post) == root


def test_another_thread_does_not_share_the_memory(tmp_path):
    root, post = _site(tmp_path)
    seen = []
    with remembered_site_roots():
        assert find_site_root(post) == root
        (post.parent / "hugo.toml").write_text("")
        thread = threading.Thread(target=lambda: seen.append(find_site_root(post)))
        thread.start()
        thread.join()
    assert seen == [post.parent]


@settings(max_examples=40, deadline=None)
@given(
    depth=st.integers(0, 3),
    marker_at=st.one_of(st.none(), st.integers(0, 3)),
    marker=st.sampled_from(SITE_ROOT_MARKERS),
)
def test_the_walk_finds_the_nearest_marked_folder(tmp_path_factory, depth, marker_at, marker):
    """Against a plain reference: the nearest folder at or above the post with a marker."""
    base = tmp_path_factory.mktemp("walk")
    folders = [base / "top"]
    for level in range(depth):
        folders.append(folders[-1] / f"level{level}")
    folders[-1].mkdir(parents=True)
    expected = None
    if marker_at is not None and marker_at <= depth:
        marked = folders[marker_at]
        target = marked / marker
        target.parent.mkdir(parents=True, exist_ok=True)
        if marker.endswith("_default") or marker == ".git":
            target.mkdir(exist_ok=True)
        else:
            target.write_text("")
        expected = marked
    post = folders[-1] / "post.md"
    post.write_text("x")
    found = find_site_root(post)
    if expected is not None:
        assert found == expected
    else:  # nothing marked inside base: whatever lies above it (tmp folders) decides
        assert found is None or base not in found.parents and found != base

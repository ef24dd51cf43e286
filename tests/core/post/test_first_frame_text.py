"""The body a starting window shows before parsing (editor_text_of_file) is exactly the
body the parsed post gives the editor: for every real post, the hand-made edge cases
(broken ones included) and generated texts. A difference would make the window's text
jump when the post is parsed a moment later (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.errors import PostError
from editor.core.post.bodytext import BodyCodec, editor_text_of_file
from editor.core.post.broken import post_or_draft_from_bytes

REPO = Path(__file__).resolve().parents[3]
LOCAL = [REPO / "tests" / "data", REPO / "examples"]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
SUFFIXES = {".md", ".markdown", ".mdx", ".html", ".txt"}


def parsed_editor_text(data: bytes) -> str:
    """What the Document puts in the body editor: the parsed post's (or draft's) body;
    an empty post when the bytes are not a post at all."""
    try:
        post = post_or_draft_from_bytes(data)
    except PostError:
        return ""
    return BodyCodec(post.body, post.newline).editor_text


def _posts(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in SUFFIXES)


@pytest.mark.parametrize("root", LOCAL, ids=lambda p: p.name)
def test_local_posts_show_their_parsed_body_before_parsing(root):
    files = _posts(root)
    assert files
    for path in files:
        data = path.read_bytes()
        assert editor_text_of_file(data) == parsed_editor_text(data), path


@pytest.mark.corpus
def test_corpus_posts_show_their_parsed_body_before_parsing():
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"{SHARED_CORPUS} is absent (the shared corpus of real posts)")
    files = _posts(SHARED_CORPUS)
    assert len(files) > 500
    for path in files:
        data = path.read_bytes()
        assert editor_text_of_file(data) == parsed_editor_text(data), path


LINES = st.sampled_from(
    [
        "---",
        "+++",
        "{",
        "}",
        '{"title": "x"}',
        "title: Hello",
        "title: [a, b",
        "tags: [a, b]",
        'title = "x"',
        "  - item",
        "",
        "   ",
        "Body text  ",
        "Non\u00a0break\u00a0",
        "\ufeff---",
        "\u2029",
        "a\u2028b",
        "--- ",
    ]
)
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(LINES, ENDINGS), max_size=12), st.booleans())
def test_generated_texts_show_their_parsed_body_before_parsing(lines, ending_at_end):
    text = "".join(line + ending for line, ending in lines)
    if not ending_at_end and text:
        text = text[:-1]
    data = text.encode("utf-8")
    assert editor_text_of_file(data) == parsed_editor_text(data)


@pytest.mark.parametrize(
    "data", [b"\x00binary", b"\xff\xfe\x00t", "caf\u00e9".encode("latin-1")], ids=str
)
def test_bytes_that_are_no_post_show_nothing(data):
    assert editor_text_of_file(data) == ""

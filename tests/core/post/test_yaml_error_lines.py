"""Broken YAML front matter: the error names the FILE line where the mistake begins."""

from __future__ import annotations

import pytest

from editor.core.errors import PostError
from editor.core.post.broken import BrokenPost, post_or_draft_from_bytes
from editor.core.post.model import Post

# (front matter lines after the opening ---, the file line the error must name, words)
SHAPES = {
    "unclosed double quote": (
        'title: T\ndate: 2020-01-01\ntags: [a]\ndescription: "never closed\nmore: x\n',
        5,
        "quoted value",
    ),
    "unclosed single quote": ("title: T\nsummary: 'oops\nz: 1\n", 3, "quoted value"),
    "unclosed flow list": ("title: T\ntags: [a, b\nx: 1\ny: 2\n", 3, "[ list"),
    "unclosed flow mapping": ("title: T\nm: {a: 1\nz: 1\n", 3, "{ mapping"),
    "bad indentation": ("title: T\nlist:\n  - a\n - b\nz: 1\n", 5, "expected key"),
    "colon in a plain value": ("title: T\nbad: a: b\nz: 1\n", 3, "mapping values"),
    "tab indentation": ("title: T\nx: 1\n\ty: 2\n", 4, "tab character"),
}


@pytest.mark.parametrize("name", SHAPES)
def test_post_error_names_the_first_file_line_involved(name):
    """Post() refuses the text with the file line (delimiter counted) where it goes wrong."""
    front, line, words = SHAPES[name]
    with pytest.raises(PostError) as info:
        Post(f"---\n{front}---\nBody\n")
    assert info.value.line == line
    assert words in info.value.message


@pytest.mark.parametrize("name", SHAPES)
def test_broken_post_keeps_the_same_file_line(name):
    """Opening the file as a draft keeps the line for the notice and the raw view."""
    front, line, _words = SHAPES[name]
    draft = post_or_draft_from_bytes(f"---\n{front}---\nBody\n".encode())
    assert isinstance(draft, BrokenPost)
    assert draft.error.line == line
    with pytest.raises(PostError) as info:
        draft.save("/tmp/never-written.md")
    assert info.value.line == line


def test_replacing_front_matter_text_reports_file_lines():
    """Typing broken raw front matter: the line is counted in the file, not the text."""
    post = Post("---\ntitle: T\n---\nBody\n")
    with pytest.raises(PostError) as info:
        post.set_front_matter_text('title: T\ndescription: "open\nz: 1\n')
    assert info.value.line == 3


def test_quoted_scalar_is_not_blamed_on_the_end_of_the_block():
    """The opening quote's line, not the line where the front matter ends."""
    front = "title: T\n" + "".join(f"k{i}: v\n" for i in range(20)) + 'quote: "a\n' + "x: 1\n" * 5
    with pytest.raises(PostError) as info:
        Post(f"---\n{front}---\nBody\n")
    assert info.value.line == 23

"""BrokenPost: a file with malformed front matter opens, edits its body, and never saves."""

from __future__ import annotations

import pytest

from editor.core.errors import PostError
from editor.core.post.broken import BrokenPost, load_post_or_draft, post_or_draft_from_bytes
from editor.core.post.model import Post

BAD = b"---\ntitle: [unclosed\ndate: 2020-01-01\n---\nThe body.\n"


def test_bad_front_matter_opens_as_a_draft_with_the_error_line(tmp_path):
    """Malformed YAML gives a BrokenPost with the raw text, the body and the PostError line."""
    path = tmp_path / "bad.md"
    path.write_bytes(BAD)
    draft = load_post_or_draft(path)
    assert isinstance(draft, BrokenPost)
    assert draft.format == "yaml"
    assert draft.front_matter_text == "title: [unclosed\ndate: 2020-01-01\n"
    assert draft.body == "The body.\n"
    assert draft.error.line is not None and 2 <= draft.error.line <= 4
    assert draft.to_bytes() == BAD and not draft.modified
    assert dict(draft.metadata) == {}
    assert draft.body_start_line == 5


def test_draft_refuses_to_save_and_to_edit_fields(tmp_path):
    """Nothing is written while the front matter is invalid; the file keeps its bytes."""
    path = tmp_path / "bad.md"
    path.write_bytes(BAD)
    draft = load_post_or_draft(path)
    draft.body = "Edited.\n"
    with pytest.raises(PostError, match="not valid"):
        draft.save()
    with pytest.raises(PostError):
        draft.set("title", "x")
    assert path.read_bytes() == BAD
    assert draft.modified


def test_fixing_the_front_matter_gives_a_real_post_keeping_the_body():
    """Valid raw text makes `repaired` a Post with the edited body; invalid text is kept."""
    draft = post_or_draft_from_bytes(BAD)
    draft.body = "Edited.\n"
    with pytest.raises(PostError):
        draft.set_front_matter_text("title: [still bad\n")
    assert draft.front_matter_text == "title: [still bad\n" and draft.repaired is None
    draft.set_front_matter_text("title: fixed\n")
    assert isinstance(draft.repaired, Post)
    assert draft.repaired.to_bytes() == b"---\ntitle: fixed\n---\nEdited.\n"


def test_unclosed_front_matter_shows_the_rest_as_front_matter():
    """A never-closed block opens with all of it in the raw view so it can be closed."""
    draft = post_or_draft_from_bytes(b"---\ntitle: x\nbody text\n")
    assert isinstance(draft, BrokenPost)
    assert draft.front_matter_text == "title: x\nbody text\n" and draft.body == ""
    draft.set_front_matter_text("title: x\n---\nbody text\n")
    assert draft.repaired.body == "body text\n"
    assert draft.repaired.to_bytes() == b"---\ntitle: x\n---\nbody text\n"


def test_closed_block_refuses_a_delimiter_inside():
    """In a closed block, a typed '---' line would move the body: refused."""
    draft = post_or_draft_from_bytes(BAD)
    with pytest.raises(PostError):
        draft.set_front_matter_text("title: x\n---\nmore: 1\n")
    assert draft.repaired is None


def test_toml_and_json_drafts():
    """Bad TOML and bad JSON front matter open as drafts too."""
    toml = post_or_draft_from_bytes(b"+++\ntitle = \n+++\nbody\n")
    assert isinstance(toml, BrokenPost) and toml.format == "toml" and toml.body == "body\n"
    json_draft = post_or_draft_from_bytes(b'{\n"title": \n}\nbody\n')
    assert isinstance(json_draft, BrokenPost) and json_draft.format == "json"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\x00\x01binary", "binary"),
        (b"---\ntitle: caf\xe9\n---\n", "not UTF-8"),
        (b"\xff\xfeu\x00t\x00f\x00", "UTF-16"),
    ],
)
def test_files_that_are_not_text_posts_are_refused(tmp_path, data, reason):
    """Binary, non-UTF-8 and UTF-16 files are refused with a message, not opened as drafts."""
    path = tmp_path / "x.md"
    path.write_bytes(data)
    with pytest.raises(PostError, match=reason):
        load_post_or_draft(path)
    assert path.read_bytes() == data


def test_huge_files_are_refused(tmp_path):
    """Files over 20 MB are refused without reading them into a draft."""
    path = tmp_path / "big.md"
    with open(path, "wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    with pytest.raises(PostError, match="20 MB"):
        load_post_or_draft(path)

"""python-frontmatter and Masthead read the same posts the same way.

Differential: over every corpus post (../shared/corpus when present, and the copies in
tests/data), Masthead's metadata and content equal ``frontmatter.loads``'s, except
where the two rightly differ (listed in docs/internal-api.md, and below in
``_frontmatter_input`` and ``_masthead_reads_more``). Also the read API on
``editor.Post`` and the hand-offs to and from ``frontmatter.Post``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import frontmatter
import pytest
from frontmatter import default_handlers

from editor import Post, PostError
from editor.core.post.formats.yaml_tolerance import IMPOSSIBLE_DATE

REPO = Path(__file__).resolve().parents[3]
LOCAL_ROOTS = [REPO / "tests" / "data" / "corpus", REPO / "tests" / "data" / "posts"]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"


def _post_files(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix in (".md", ".markdown", ".html")
    )


def _frontmatter_input(text: str) -> str:
    """The text python-frontmatter is given: without a byte order mark, which it does not
    recognise (Masthead keeps the BOM for the save and reads past it)."""
    return text.removeprefix("\ufeff")


def _masthead_reads_more(post: Post) -> str | None:
    """Why python-frontmatter finds no front matter where Masthead rightly does, or None."""
    if post.format == "toml" and default_handlers.TOMLHandler is None:
        return "TOML needs the toml package in python-frontmatter; Masthead uses tomllib"
    if post.format == "yaml" and post._close.strip() == "...":
        return "a YAML front matter closed by a '...' document-end line"
    if any(w.code == IMPOSSIBLE_DATE for w in post.warnings):
        return "an impossible date, kept as text as the generators do; PyYAML raises on it"
    return None


def _differences(files: list[Path]) -> tuple[list[str], int]:
    """Mismatches between the two readers, and how many posts were compared."""
    problems: list[str] = []
    compared = 0
    for path in files:
        data = path.read_bytes()
        try:
            post = Post.from_bytes(data, path)
        except PostError:
            continue  # not a post Masthead opens (the corpus tests list these)
        reason = _masthead_reads_more(post)
        if reason is not None:
            if reason.startswith("TOML"):
                assert dict(post.metadata) == tomllib.loads(post.front_matter_text), path
            continue
        fm_post = frontmatter.loads(_frontmatter_input(data.decode("utf-8")))
        compared += 1
        if dict(post.metadata) != fm_post.metadata:
            problems.append(f"{path}: metadata differs")
        # python-frontmatter turns CRLF into LF; Masthead keeps the line ends as they are.
        if post.content.replace("\r\n", "\n") != fm_post.content:
            problems.append(f"{path}: content differs")
    return problems, compared


def test_masthead_reads_the_local_corpus_as_python_frontmatter_does():
    files = [f for root in LOCAL_ROOTS for f in _post_files(root)]
    problems, compared = _differences(files)
    assert compared > 30
    assert problems == []


@pytest.mark.corpus
def test_masthead_reads_the_shared_corpus_as_python_frontmatter_does(corpus_dir):
    problems, compared = _differences(_post_files(corpus_dir))
    assert compared > 400
    assert problems == []


def test_each_documented_difference_is_real():
    """Each exception above names a case where python-frontmatter really reads less."""
    bom = "\ufeff---\ntitle: T\n---\nBody\n"
    assert frontmatter.loads(bom).metadata == {}
    assert Post.from_bytes(bom.encode())["title"] == "T"
    dots = "---\ntitle: T\n...\nBody\n"
    assert frontmatter.loads(dots).metadata == {}
    assert _masthead_reads_more(Post.from_bytes(dots.encode())) is not None
    crlf = "---\r\ntitle: T\r\n---\r\nOne\r\nTwo\r\n"
    assert frontmatter.loads(crlf).content == "One\nTwo"
    assert Post.from_bytes(crlf.encode()).content == "One\r\nTwo"


def test_the_read_api_of_python_frontmatter_works_on_a_post():
    text = "---\ntitle: Hello\ntags: [a, b]\ndate: 2020-09-30\n---\n\nThe body.\n"
    post = Post.from_bytes(text.encode())
    fm_post = frontmatter.loads(text)
    assert post["title"] == fm_post["title"] == "Hello"
    assert post.get("tags") == fm_post.get("tags") == ["a", "b"]
    assert post.get("missing", 7) == fm_post.get("missing", 7) == 7
    assert list(post.keys()) == list(fm_post.keys())
    assert list(post.values()) == list(fm_post.values())
    assert ("date" in post) and ("missing" not in post)
    assert post.content == fm_post.content == "The body."
    with pytest.raises(KeyError):
        post["missing"]
    assert Post.from_bytes(b"no front matter\n")  # a post without fields is still true


def test_a_post_goes_to_python_frontmatter_and_back():
    text = "---\ntitle: Hello\ntags: [a, b]\ndate: 2020-09-30\nnested: {x: 1}\n---\n\nBody.\n"
    post = Post.from_bytes(text.encode())
    fm_post = post.to_frontmatter()
    assert fm_post.metadata == dict(post.metadata) and fm_post.content == "Body."
    assert frontmatter.loads(frontmatter.dumps(fm_post)).metadata == dict(post.metadata)
    fm_post["tags"].append("changed")  # a copy: the Post is untouched
    assert post["tags"] == ["a", "b"]
    back = Post.from_frontmatter(fm_post)
    assert back.format == "yaml" and back.path is None
    assert back["date"] == dt.date(2020, 9, 30) and back["tags"] == ["a", "b", "changed"]
    assert back.content == "Body."
    assert frontmatter.loads(back.to_bytes().decode()).metadata == fm_post.metadata


def test_from_frontmatter_keeps_the_handlers_format():
    json_post = frontmatter.loads('{\n"title": "J"\n}\nBody')
    post = Post.from_frontmatter(json_post)
    assert post.format == "json" and post["title"] == "J" and post.content == "Body"
    plain = Post.from_frontmatter(frontmatter.Post("Just text", title="T"))
    assert plain.format == "yaml" and plain["title"] == "T"

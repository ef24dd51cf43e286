"""Real posts through the post model: lossless load/save and minimal, local edits.

Runs over every file in ../shared/corpus (about 600 posts from 19 sites; skipped with a
reason when that folder is absent), over the licensed copies and hand-made edge cases in
tests/data, and over the example site. For each file:

- loading and writing back without an edit gives the same bytes;
- setting the title rewrites only the lines of the title key;
- adding a key only inserts lines;
- editing the body leaves every byte before the body alone.

The expected line spans are worked out here from the raw text, independently of the model.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path

import pytest

from editor import Post, PostError

pytestmark = pytest.mark.corpus

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "tests" / "data"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
EXAMPLE_POSTS = REPO / "examples" / "news-site" / "source" / "_posts"

# Files that are deliberately not valid posts. Everything else must load.
SHARED_INVALID = {"jekyll__jekyll/test/source/_broken/bad_post.md"}
DATA_INVALID = {"corpus/jekyll__jekyll/test/source/_broken/bad_post.md"} | {
    f"invalid/{p.name}" for p in (DATA / "invalid").glob("*.md")
}

NEW_TITLE = 'Edited by Masthead: "quotes", colons & #hash'
NEW_KEY = "masthead_added_key"
NEW_VALUE = "an added value"


def _files_under(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.suffix in (".md", ".markdown", "") and p.name != "SOURCES.tsv"
    )


SHARED_FILES = _files_under(SHARED_CORPUS)
DATA_FILES = [
    f"{folder}/{f}"
    for folder in ("corpus", "posts", "invalid")
    for f in _files_under(DATA / folder)
]
EXAMPLE_FILES = _files_under(EXAMPLE_POSTS)


def _shared_params(invalid: bool):
    files = [f for f in SHARED_FILES if (f in SHARED_INVALID) == invalid]
    if not SHARED_CORPUS.is_dir():
        # One placeholder case so the run reports the skip (from the corpus_dir fixture).
        return [pytest.param(None, id="shared-corpus-absent")]
    return [pytest.param(f, id=f) for f in files]


@pytest.fixture
def shared_bytes(request, corpus_dir) -> tuple[str, bytes]:
    rel = request.param
    return str(corpus_dir / rel), (corpus_dir / rel).read_bytes()


def _valid_local_params():
    params = [pytest.param(DATA / f, id=f"data/{f}") for f in DATA_FILES if f not in DATA_INVALID]
    params += [pytest.param(EXAMPLE_POSTS / f, id=f"example/{f}") for f in EXAMPLE_FILES]
    return params


@pytest.fixture(params=_valid_local_params())
def local_bytes(request) -> tuple[str, bytes]:
    return str(request.param), request.param.read_bytes()


# --------------------------------------------------------------------------- raw-text spans


def _lines(data: bytes) -> list[str]:
    """Lines split on LF only, as the file's line numbers count them (CR stays in the line)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", data.decode("utf-8-sig"))


def _front_matter_range(lines: list[str], fmt: str) -> tuple[int, int]:
    """0-based [first, last) line indexes of the text between the delimiters."""
    if fmt == "json":
        end = next(i for i, line in enumerate(lines) if line.rstrip() == "}")
        return 1, end
    opener = "+++" if fmt == "toml" else "---"
    closers = {opener} | ({"..."} if fmt == "yaml" else set())
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in closers)
    return 1, end


_YAML_KEY = re.compile(
    r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<plain>(?![-?:]\s)[^\s#'"](?:[^:]|:(?!\s))*?))\s*:(?:\s|$)"""
)
_TOML_KEY = re.compile(r"""\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<plain>[A-Za-z0-9_-]+))\s*=""")
_JSON_KEY = re.compile(r"""\s*"(?P<dq>(?:[^"\\]|\\.)*)"\s*:""")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _top_level_key_lines(lines: list[str], fmt: str) -> dict[str, int]:
    """Top-level key -> 0-based line index, plus markers for other lines that end a span."""
    first, last = _front_matter_range(lines, fmt)
    content = [i for i in range(first, last) if lines[i].strip()]
    if fmt == "yaml":
        content = [i for i in content if not lines[i].lstrip().startswith("#")]
    # Some sites indent the whole front matter by a space; top level is the first key's indent.
    top = _indent(lines[content[0]]) if content else 0
    keys: dict[str, int] = {}
    for i in range(first, last):
        line = lines[i]
        if not line.strip() or _indent(line) > top:
            continue
        if fmt == "toml" and line.lstrip().startswith("["):
            keys[f"<table {i}>"] = i
            break  # keys after a table header belong to that table
        pattern = {"yaml": _YAML_KEY, "toml": _TOML_KEY, "json": _JSON_KEY}[fmt]
        match = pattern.match(line, top)
        if match:
            name = match.group("dq")
            if name is None and fmt != "json":
                name = match.group("sq") if match.group("sq") is not None else match.group("plain")
            keys[name] = i
        else:
            keys[f"<line {i}>"] = i  # a top-level comment or other token ends the span
    return keys


def _key_span(lines: list[str], fmt: str, key: str) -> tuple[int, int]:
    """0-based [start, end) lines of a top-level key: up to the next top-level item."""
    key_lines = _top_level_key_lines(lines, fmt)
    start = key_lines[key]
    later = [i for i in key_lines.values() if i > start]
    _, fm_end = _front_matter_range(lines, fmt)
    return start, min(later, default=fm_end)


def _changed_ranges(old: list[str], new: list[str]):
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [op for op in matcher.get_opcodes() if op[0] != "equal"]


def _describe(old: list[str], new: list[str]) -> str:
    return "".join(difflib.unified_diff(old, new, "before", "after", n=1))


def _edit_target(post: Post) -> str | None:
    """The title, or failing that the first top-level string value."""
    if isinstance(post.metadata.get("title"), str):
        return "title"
    for key, value in post.metadata.items():
        if isinstance(value, str) and isinstance(key, str):
            return key
    return None


# --------------------------------------------------------------------------- the checks


def check_round_trip(path: str, data: bytes) -> None:
    post = Post.from_bytes(data, path=path)
    assert post.to_bytes() == data
    assert not post.modified


def check_title_edit(path: str, data: bytes) -> None:
    post = Post.from_bytes(data, path=path)
    key = _edit_target(post)
    if key is None or post.format is None:
        pytest.skip("no top-level string value to edit")
    before = dict(post.metadata)
    old_lines = _lines(data)
    start, end = _key_span(old_lines, post.format, key)
    assert post.key_line(key) == start + 1

    post.set(key, NEW_TITLE)
    new_data = post.to_bytes()
    new_lines = _lines(new_data)
    for _tag, i1, i2, _j1, _j2 in _changed_ranges(old_lines, new_lines):
        assert start <= i1 and i2 <= end, (
            f"edit of {key!r} (lines {start + 1}-{end}) changed lines {i1 + 1}-{i2}:\n"
            + _describe(old_lines, new_lines)
        )
    reloaded = Post.from_bytes(new_data)
    assert reloaded.metadata[key] == NEW_TITLE
    assert {k: v for k, v in reloaded.metadata.items() if k != key} == {
        k: v for k, v in before.items() if k != key
    }
    assert reloaded.body == post.body


def check_add_key(path: str, data: bytes) -> None:
    post = Post.from_bytes(data, path=path)
    if NEW_KEY in post.metadata:
        pytest.skip("file already has the test key")
    before = dict(post.metadata)
    post.set(NEW_KEY, NEW_VALUE)
    new_data = post.to_bytes()
    old_lines, new_lines = _lines(data), _lines(new_data)
    for tag, i1, i2, j1, _j2 in _changed_ranges(old_lines, new_lines):
        if tag == "insert":
            continue
        # JSON needs a comma after the entry that used to be last; nothing else may change.
        comma_only = (
            post.format == "json"
            and tag == "replace"
            and i2 - i1 == 1
            and new_lines[j1].rstrip("\r\n") == old_lines[i1].rstrip("\r\n") + ","
        )
        assert comma_only, (
            f"adding a key changed existing lines:\n{_describe(old_lines, new_lines)}"
        )
    reloaded = Post.from_bytes(new_data)
    assert reloaded.metadata[NEW_KEY] == NEW_VALUE
    assert {k: v for k, v in reloaded.metadata.items() if k != NEW_KEY} == before
    assert reloaded.body == post.body


def check_body_edit(path: str, data: bytes) -> None:
    post = Post.from_bytes(data, path=path)
    head_lines = re.findall(rb"[^\n]*\n|[^\n]+$", data)[: post.body_start_line - 1]
    head = b"".join(head_lines)
    new_body = post.body + f"{post.newline}Added by the corpus test: ü, ✓.{post.newline}"
    post.body = new_body
    new_data = post.to_bytes()
    assert new_data[: len(head)] == head, "bytes before the body changed"
    reloaded = Post.from_bytes(new_data)
    assert reloaded.body == new_body
    assert reloaded.metadata == Post.from_bytes(data).metadata


CHECKS = {
    "round_trip": check_round_trip,
    "title_edit": check_title_edit,
    "add_key": check_add_key,
    "body_edit": check_body_edit,
}


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("shared_bytes", _shared_params(invalid=False), indirect=True)
def test_shared_corpus(shared_bytes, check):
    """Every post in ../shared/corpus survives load, save and single edits losslessly."""
    CHECKS[check](*shared_bytes)


@pytest.mark.parametrize("check", CHECKS)
def test_local_posts(local_bytes, check):
    """tests/data and the example site survive load, save and single edits losslessly."""
    CHECKS[check](*local_bytes)


@pytest.mark.parametrize("shared_bytes", _shared_params(invalid=True), indirect=True)
def test_shared_invalid_posts_raise_post_error(shared_bytes):
    """Jekyll's deliberately broken YAML is refused with a located PostError."""
    path, data = shared_bytes
    with pytest.raises(PostError) as info:
        Post.from_bytes(data, path=path)
    assert path in str(info.value)
    assert info.value.line is not None


@pytest.mark.parametrize("rel", sorted(DATA_INVALID))
def test_local_invalid_posts_raise_post_error(rel):
    """Broken front matter in tests/data is refused with PostError, never another exception."""
    path = DATA / rel
    with pytest.raises(PostError) as info:
        Post.from_bytes(path.read_bytes(), path=str(path))
    assert str(path) in str(info.value)


def test_only_the_known_invalid_files_fail_to_load(corpus_dir):
    """Loading the whole corpus finds exactly the files we expect to be broken."""
    failing = set()
    for rel in SHARED_FILES:
        try:
            Post.from_bytes((corpus_dir / rel).read_bytes())
        except PostError:
            failing.add(rel)
    assert failing == SHARED_INVALID


def test_corpus_is_complete(corpus_dir):
    """Guards the parametrisation: the shared corpus really was collected."""
    assert len(SHARED_FILES) > 500


def test_example_site_posts_share_the_jigsaw_shape():
    """The example site's posts carry the fields its README promises."""
    assert len(EXAMPLE_FILES) >= 8
    for rel in EXAMPLE_FILES:
        post = Post.from_bytes((EXAMPLE_POSTS / rel).read_bytes())
        assert list(post.metadata)[:3] == ["extends", "section", "image"]
        assert post.metadata["image"].startswith("/assets/images/")
        image = EXAMPLE_POSTS.parent / post.metadata["image"].lstrip("/")
        assert image.is_file(), f"{rel}: missing {image}"
        assert isinstance(post.metadata["categories"], list)
        assert post.date_format("date") == "%Y-%m-%d-%H-%M-%S"
        assert rel.startswith(post.metadata["date"][:10])
        assert not isinstance(post.metadata["date"], date)


def test_example_site_passes_its_own_checks(tmp_path):
    """The example site (the README's first command) has no problems under its masthead.toml."""
    from editor.core.site.checks import check_paths, format_problems
    from editor.core.site.index import SiteIndex

    site = EXAMPLE_POSTS.parent.parent
    index = SiteIndex(site, cache_dir=tmp_path / "index")
    index.scan()
    assert sorted(Path(r.path).name for r in index.records) == EXAMPLE_FILES
    problems = check_paths([site], cache_dir=tmp_path / "checks")
    assert problems == [], format_problems(problems)

"""The command line's rough edges: `set` counts only files it wrote, dotted names work
in get/set/--where, malformed values are usage errors (exit 2) with a clear message,
and `fields` counts distinct values of every length."""

from __future__ import annotations

import os

import pytest

from editor.cli import main
from editor.core.post.model import Post

NESTED = b"---\ntitle: T\nseo:\n  meta:\n    desc: old\n  other: 1\n---\nbody\n"


@pytest.fixture
def post(tmp_path):
    path = tmp_path / "p.md"
    path.write_bytes(NESTED)
    return path


def _run(capsys, *argv):
    code = main([os.fspath(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_set_counts_only_files_it_wrote(tmp_path, capsys):
    good = tmp_path / "good.md"
    locked = tmp_path / "locked.md"
    good.write_bytes(b"---\ntitle: a\n---\n")
    locked.write_bytes(b"---\ntitle: b\n---\n")
    locked.chmod(0o444)
    code, _, err = _run(capsys, "set", good, locked, "featured=true")
    assert code == 1
    assert "locked.md: could not save: the file is read-only" in err
    assert "changed 1 file, 1 failed" in err
    assert "changed 2" not in err
    assert locked.read_bytes() == b"---\ntitle: b\n---\n"


def test_dotted_names_in_get(post, capsys):
    assert _run(capsys, "get", post, "seo.meta.desc")[:2] == (0, "old\n")
    assert _run(capsys, "get", post, "seo.meta")[:2] == (0, '{"desc": "old"}\n')
    assert _run(capsys, "get", post, "seo.nope")[0] == 1


def test_dotted_names_in_set_change_only_that_line(post, capsys):
    code, _, err = _run(capsys, "set", post, "seo.meta.desc=new")
    assert code == 0 and "changed 1 file" in err
    assert post.read_bytes() == NESTED.replace(b"desc: old", b"desc: new")


def test_dotted_set_makes_missing_maps(post, capsys):
    assert _run(capsys, "set", post, "a.b.c=1", "seo.extra.x=y")[0] == 0
    metadata = Post.load(post).metadata
    assert metadata["a"] == {"b": {"c": 1}}
    assert metadata["seo"]["extra"] == {"x": "y"} and metadata["seo"]["meta"] == {"desc": "old"}


def test_dotted_set_into_a_non_map_is_a_per_file_error(post, capsys):
    code, _, err = _run(capsys, "set", post, "title.x=1")
    assert code == 1 and "'title' is not a map of fields" in err and str(post) in err
    assert post.read_bytes() == NESTED


def test_dotted_names_in_where(post, tmp_path, capsys):
    other = tmp_path / "q.md"
    other.write_bytes(NESTED.replace(b"desc: old", b"desc: other"))
    code, _, err = _run(capsys, "set", post, other, "--where", "seo.meta.desc=old", "hit=true")
    assert code == 0 and "changed 1 file" in err
    assert Post.load(post).metadata.get("hit") is True
    assert "hit" not in Post.load(other).metadata


def test_a_top_level_key_with_dots_is_taken_as_it_is(tmp_path, capsys):
    path = tmp_path / "p.md"
    path.write_bytes(b"---\na.b: flat\n---\n")
    assert _run(capsys, "get", path, "a.b")[:2] == (0, "flat\n")
    assert _run(capsys, "set", path, "a.b=new")[0] == 0
    assert path.read_bytes() == b"---\na.b: new\n---\n"


@pytest.mark.parametrize(
    "assignment, words",
    [
        ("x=&a [*a]", "recursive alias"),
        ("x=" + "1" * 5000, "too many digits"),
        ("date=2020-13-45", "month must be in 1..12"),
        ("x=\udcff\udcfe", "not valid UTF-8"),
        ("\udcff=1", "not valid UTF-8"),
        ("x=[unclosed", "not valid YAML"),
        ("x=!!set {a, b}", "a set"),
        ("x=!!binary aGVsbG8=", "binary data"),
        ("x=" + "[" * 300 + "]" * 300, "nested too deeply"),
        ("x=[&a v, *a, *a]", None),  # aliases that are not recursive are fine
    ],
)
def test_malformed_values_are_usage_errors(post, capsys, assignment, words):
    code, _, err = _run(capsys, "set", post, assignment)
    if words is None:
        assert code == 0
        return
    assert code == 2, err
    assert words in err and "internal error" not in err
    assert post.read_bytes() == NESTED


def test_malformed_where_values_are_usage_errors(post, capsys):
    code, _, err = _run(capsys, "set", post, "--where", "date=2020-13-45", "x=1")
    assert code == 2 and "month must be in 1..12" in err


def test_string_values_with_undecodable_bytes_are_usage_errors(post, capsys):
    code, _, err = _run(capsys, "set", "--string", post, "x=\udcff")
    assert code == 2 and "not valid UTF-8" in err


def test_fields_counts_distinct_values_of_every_length(tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    for n in range(40):
        long_text = f"A description long enough to be past the vocabulary cut, number {n}. " * 3
        tag = "shared" if n % 2 else "other"
        (site / f"p{n}.md").write_text(
            f"---\ntitle: Post {n}\ndescription: {long_text.strip()}\ntag: {tag}\n---\n"
        )
    code, out, _ = _run(capsys, "fields", site)
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "40 distinct" in lines["description"]
    assert "40 distinct" in lines["title"]
    assert "distinct" not in lines["tag"]  # both values shown, nothing more to count

"""Parsing one post: the flat-YAML fast path gives exactly what the YAML library gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.post.formats.flat_yaml import flat_yaml
from editor.core.post.formats.yaml_load import parse_uncached
from editor.core.post.formats.yaml_tolerance import load_tolerantly
from editor.core.post.model import Post
from editor.core.site import records as records_module
from editor.core.site.records import _closing_offset, parse_post_bytes, parse_post_file
from editor.core.values.date_shapes import date_info

try:
    LOADER = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    LOADER = yaml.SafeLoader


def strictly_equal(a, b) -> bool:
    """Equal values of the same types all the way down (True is not 1, order of keys counts)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(strictly_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(strictly_equal(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def yaml_front_matter_lines(text: str) -> list[str] | None:
    """The front matter lines of a YAML post, split the way the index splits them."""
    text = text.removeprefix("\ufeff")
    first_nl = text.find("\n")
    if first_nl < 0 or text[:first_nl].rstrip() != "---":
        return None
    closer = _closing_offset(text, first_nl + 1, "---")
    if closer is None:
        return None
    block = text[first_nl + 1 : closer - 1] if closer > first_nl + 1 else ""
    return (
        [line.rstrip("\r") for line in block.split("\n")] if block or closer > first_nl + 1 else []
    )


def assert_flat_agrees(lines: list[str]) -> bool:
    """flat_yaml either declines or gives what yaml.load gives; returns whether it answered."""
    flat = flat_yaml(lines)
    if flat is None:
        return False
    expected = yaml.load("\n".join(lines), Loader=LOADER)
    expected = {} if expected is None else expected
    assert strictly_equal(flat[0], expected), (lines, flat[0], expected)
    assert strictly_equal(yaml.safe_load("\n".join(lines)) or {}, expected)
    return True


def _yaml_front_matters(folder: Path):
    """(path, front matter lines) of every UTF-8 file below folder with YAML front matter."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        try:
            lines = yaml_front_matter_lines(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue
        if lines is not None:
            yield path, lines


def test_flat_yaml_agrees_with_yaml_on_every_test_post(data_dir):
    """Over every file of tests/data the fast path answers for some and is always right."""
    answered = sum(assert_flat_agrees(lines) for _, lines in _yaml_front_matters(data_dir))
    assert answered > 0


@pytest.mark.corpus
def test_flat_yaml_agrees_with_yaml_on_every_corpus_post(corpus_dir):
    """Over every file of the shared corpus: most are flat, and every answer is exact."""
    tried = answered = 0
    for _, lines in _yaml_front_matters(corpus_dir):
        tried += 1
        answered += assert_flat_agrees(lines)
    assert tried > 500 and answered > tried // 2


def test_flat_yaml_values_and_lines():
    """Plain, quoted, list, boolean, null, number and timestamp values; lines of each key."""
    lines = [
        "title: Harbour ferry:back [1] ",
        "# a comment",
        "quoted: 'it''s here'",
        'double: "say "',
        "tags: [news, latest, 2020]",
        "empty:",
        "draft: no",
        "weight: -3",
        "ratio: 1.5",
        "date: 2020-09-30",
        "url: https://example.org/a#b # trailing comment",
    ]
    data, key_lines, raw_dates = flat_yaml(lines, 2)
    assert data is not None and strictly_equal(data, yaml.load("\n".join(lines), Loader=LOADER))
    assert data["date"] == dt.date(2020, 9, 30) and raw_dates == {"date": "2020-09-30"}
    assert key_lines["title"] == 2 and key_lines["quoted"] == 4 and key_lines["url"] == 12


@pytest.mark.parametrize(
    "line",
    [
        "title: a: b",  # a mapping inside a plain scalar is an error
        "title: |",
        "title: >",
        "title: &anchor value",
        "title: *alias",
        "title: !tag value",
        "title: [a, [b]]",
        "title: [a, b,]",
        "title: 'unclosed",
        'title: "escape \\n"',
        "title: {a: 1}",
        "  indented: value",
        "- item",
        "yes: the key is a boolean",
        "title:\tvalue",
        "title: value\u0085more",
        "title: \ufeffvalue",
        "<<: merge",
    ],
)
def test_flat_yaml_leaves_anything_else_to_the_library(line):
    assert flat_yaml([line]) is None


def test_duplicate_keys_go_to_the_post_model(tmp_path):
    """A duplicate key is not flat: the slow path reads the last one, as the generators do,
    and the post model words the warning."""
    assert flat_yaml(["a: 1", "a: 2"]) is None
    path = tmp_path / "dup.md"
    path.write_text("---\ntitle: A\ntitle: B\n---\nbody\n")
    record = parse_post_file(str(path), "dup.md")
    assert record.error is None and record.title == "B" and record.key_lines == {"title": 3}
    assert [(w[0], w[1], w[3]) for w in record.warnings] == [(3, "duplicate-key", "title")]
    assert "lines 2 and 3" in record.warnings[0][2]


_SCALAR_CHARS = st.sampled_from(
    list("aAzZ09 _-.:#,'\"[]{}!&*?|>%@`~+=/\\\té\u00a0")
    + ["yes", "No", "null", "~", "true", "0x1F", "0o7", "012", "1_000", "1.5", ".inf", "1e3"]
    + ["2020-09-30", "2020-09-30 07:25:20", "2020-09-30-07-25-20", "12:30", " #", ": "]
    # days that do not exist: the generators keep them as text, and so must both paths
    + ["2017-02-29", "2021-13-04", "2017-02-29 07:25:20", "2016-02-30T01:02:03Z"]
)
_SCALARS = st.lists(_SCALAR_CHARS, min_size=0, max_size=8).map("".join)
_KEYS = st.sampled_from(["title", "date", "tags", "on", "Null", "a.b", "x-y", "_k", "k1"])


def _value_text(draw_scalar: str, draw_items: list[str], kind: int) -> str:
    if kind == 0:
        return draw_scalar
    if kind == 1:
        return "'" + draw_scalar.replace("'", "''") + "'"
    if kind == 2:
        return '"' + draw_scalar + '"'
    return "[" + ", ".join(draw_items) + "]"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(_KEYS, _SCALARS, st.lists(_SCALARS, max_size=4), st.integers(0, 3)),
        max_size=6,
    ),
    st.lists(st.sampled_from(["", "# note", "   "]), max_size=2),
)
def test_flat_yaml_never_disagrees_with_yaml(entries, extra_lines):
    """Generated key: value lines with awkward characters: flat_yaml declines or is exact."""
    lines = [
        f"{key}: {_value_text(text, items, kind)}".rstrip() for key, text, items, kind in entries
    ]
    lines += extra_lines
    flat = flat_yaml(lines)
    text = "\n".join(lines)
    try:
        expected, odd = load_tolerantly(text)  # the slow path: what the post model reads
    except yaml.YAMLError as exc:
        assert flat is None, f"flat_yaml answered {flat[0]!r} where YAML fails: {exc}"
        return
    if isinstance(expected, dict) and all(isinstance(k, str) for k in expected):
        model = parse_uncached(text)[1]  # the post model (which may take the fast path)
        assert strictly_equal(model, expected), (lines, model, expected)
    if flat is None:
        return
    assert not odd, ("flat_yaml answered for a key written twice or an impossible date", lines)
    assert strictly_equal(flat[0], {} if expected is None else expected), (lines, flat[0])


def test_records_are_the_same_with_and_without_the_fast_path(data_dir, monkeypatch):
    """Every record of tests/data is identical when the YAML library parses everything."""
    paths = [p for p in sorted(data_dir.rglob("*")) if p.is_file()]
    fast = [parse_post_file(str(p), p.name).as_cache_tuple() for p in paths]
    monkeypatch.setattr(records_module, "flat_yaml_text", lambda text, lines, first_line: None)
    slow = [parse_post_file(str(p), p.name).as_cache_tuple() for p in paths]
    assert len(fast) > 10
    for a, b in zip(fast, slow, strict=True):
        assert strictly_equal(list(a), list(b)), a[0]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["title", "date", "tags", "redirect_from"]),
            st.sampled_from(["2017-02-29", "2016-02-29", "[a, 2017-02-29]", "x", "'q'", "[]"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_odd_front_matter_reads_the_same_on_the_fast_and_the_slow_path(entries):
    """Keys written twice and impossible dates: the index's record is the same with and
    without flat_yaml, equals the post model's values and key lines, and carries its
    warnings; flat_yaml answers only where neither oddity is present."""
    lines = [f"{key}: {value}" for key, value in entries]
    data = ("---\n" + "\n".join(lines) + "\n---\nbody\n").encode()
    fast = parse_post_bytes("/x/p.md", "p.md", data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(records_module, "flat_yaml_text", lambda text, lines, first_line: None)
        slow = parse_post_bytes("/x/p.md", "p.md", data)
    assert strictly_equal(list(fast.as_cache_tuple()), list(slow.as_cache_tuple()))
    post = Post.from_bytes(data)
    assert fast.error is None and strictly_equal(fast.metadata, dict(post.metadata))
    assert fast.key_lines == {key: post.key_line(key) for key in post.metadata}
    assert fast.warnings == tuple(w.as_tuple() for w in post.warnings)
    keys = [key for key, _ in entries]
    odd = len(set(keys)) < len(keys) or any("2017-02-29" in value for _, value in entries)
    assert bool(fast.warnings) == odd
    if odd:
        assert flat_yaml(lines) is None


def test_repeated_values_are_shared_between_records(tmp_path):
    """Short repeated values and identical key -> line maps are one object across posts."""
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(
            f"---\ntitle: {name}\nlayout: post\ntags: [news]\n---\n"
        )
    a, b = (parse_post_file(str(tmp_path / f"{n}.md"), f"{n}.md") for n in ("a", "b"))
    assert a.metadata["layout"] is b.metadata["layout"]
    assert a.metadata["tags"][0] is b.metadata["tags"][0]
    assert a.key_lines is b.key_lines and a.key_lines == {"title": 2, "layout": 3, "tags": 4}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2020-09-30-07-25-20", ("%Y-%m-%d-%H-%M-%S", "2020-09-30T07:25:20")),
        ("30/09/2020", ("%d/%m/%Y", "2020-09-30T00:00:00")),
        ("09/30/2020", ("%m/%d/%Y", "2020-09-30T00:00:00")),
        ("2020-02-30", None),
        ("Sep 30, 2020", ("%b %d, %Y", "2020-09-30T00:00:00")),
    ],
)
def test_date_info_twice_gives_the_same_answer(text, expected):
    """The second text of a shape takes the cached route; both agree with the first."""
    assert date_info(text) == expected
    assert date_info(text) == expected


def test_closing_delimiter_variants(tmp_path):
    """'...' closes YAML, a longer dash line does not, and CRLF files parse the same."""
    cases = {
        "dots.md": "---\ntitle: A\n...\nbody\n",
        "long.md": "---\ntitle: A\n----\n---\nbody\n",
        "crlf.md": "---\r\ntitle: A\r\n---\r\nbody\r\n",
        "empty.md": "---\n---\nbody\n",
    }
    for name, text in cases.items():
        (tmp_path / name).write_bytes(text.encode())
    dots = parse_post_file(str(tmp_path / "dots.md"), "dots.md")
    assert dots.error is None and dots.title == "A" and dots.body_line == 4
    long = parse_post_file(str(tmp_path / "long.md"), "long.md")
    assert long.error is not None  # "----" is YAML content, not a closer: the post model words it
    crlf = parse_post_file(str(tmp_path / "crlf.md"), "crlf.md")
    assert crlf.error is None and crlf.title == "A" and crlf.body_line == 4
    empty = parse_post_file(str(tmp_path / "empty.md"), "empty.md")
    assert empty.error is None and empty.metadata == {} and empty.body_line == 3


def test_post_model_parse_gives_libyaml_values_on_every_test_post(data_dir):
    """The post model's parse (flat fast path or node construction) gives exactly the
    values libyaml constructs, on every YAML test post; both paths are exercised."""
    from editor.core.errors import PostError
    from editor.core.post.formats.yaml_load import parse_uncached

    flat_answers = library_answers = 0
    for path, lines in _yaml_front_matters(data_dir):
        text = "\n".join(lines)
        try:
            expected = yaml.load(text, Loader=LOADER) or {}
            _node, metadata = parse_uncached(text)
        except (yaml.YAMLError, PostError, ValueError):
            continue
        assert strictly_equal(metadata, {str(k): v for k, v in expected.items()}), path.name
        if flat_yaml(lines) is not None:
            flat_answers += 1
        else:
            library_answers += 1
    assert flat_answers > 5 and library_answers > 5

"""Property tests for the post model: hostile input never escapes as anything but PostError.

- random bytes and damaged real posts either load and round-trip byte for byte, or raise
  PostError;
- random front matter and bodies written through the model read back the same;
- ``set`` on a real post reads back the value it was given and leaves other keys alone;
- ``delete`` and ``rename`` touch only their key;
- a new raw front-matter text is refused with nothing changed, or saved so that it reloads.

Inputs that once broke the model, and a few hostile ones, are kept in fuzz_regressions/
(see its README) and replayed by the last two tests. The budget is bounded (about a minute
in all); under CI the examples are derandomised so a run is reproducible.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from editor import Post, PostError
from editor.core.values import dates

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "tests" / "data"
REGRESSIONS = Path(__file__).resolve().parent / "fuzz_regressions"
SEED_FILES = sorted(
    p
    for folder in (DATA / "corpus", DATA / "posts", REPO / "examples" / "news-site" / "source")
    for p in folder.rglob("*")
    if p.is_file() and p.suffix in (".md", ".markdown")
)
SEEDS = [p.read_bytes() for p in SEED_FILES]


def fuzz_settings(max_examples: int):
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=bool(os.environ.get("CI")),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None if os.environ.get("CI") else settings.default.database,
    )


def typed(value):
    """``value`` with its types spelled out, so True never compares equal to 1."""
    if isinstance(value, list):
        return ["list", [typed(v) for v in value]]
    if isinstance(value, dict):
        return ["dict", {k: typed(v) for k, v in value.items()}]
    return [type(value).__name__, value]


def typed_metadata(metadata, without=None) -> dict:
    return {k: typed(v) for k, v in metadata.items() if k != without}


def load_or_post_error(data: bytes) -> Post | None:
    """Load ``data``; a PostError is an accepted outcome, any other exception fails the test."""
    try:
        post = Post.from_bytes(data)
    except PostError as err:
        assert err.message and "Traceback" not in err.message
        return None
    assert post.to_bytes() == data, "a loaded post does not write back its own bytes"
    return post


# --------------------------------------------------------------------------- hostile input

FRAGMENTS = [
    b"---\n",
    b"--- \n",
    b"---\r\n",
    b"+++\n",
    b"...\n",
    b"{\n",
    b"}\n",
    b"\xef\xbb\xbf",
    b"title: x\n",
    b"key: [a, b\n",
    b'"q": "v",\n',
    b"a = 1\n",
    b"[t]\n",
    b"- item\n",
    b"  nested: 1\n",
    b"k: |\n  block\n",
    b"k: &a [*a]\n",
    b"! !\n",
    b"%YAML 1.1\n",
    b"\t\n",
    b"\r",
    b"\n",
    b"\x00",
    b"\xff\xfe",
    b"\xc3\xa9",
    b"\xe2\x80\xa8",
    b"# c\n",
    b": :\n",
]
structured_bytes = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=8)), max_size=30
).map(b"".join)


@fuzz_settings(2500)
@given(st.one_of(st.binary(max_size=600), structured_bytes))
@example(b"---\n---\n")
@example(b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n")
@example(b"---\nk: &a [*a, *a]\n---\n")
@example(b"+++\n+++\n")
@example(b"{}\n")
def test_random_bytes_load_or_raise_post_error(data):
    """Arbitrary bytes load and round-trip, or are refused with PostError."""
    load_or_post_error(data)


def _lines_of(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


@st.composite
def damaged_post(draw) -> bytes:
    data = draw(st.sampled_from(SEEDS))
    lines = _lines_of(data)
    kind = draw(
        st.sampled_from(
            ["flip", "delete_line", "duplicate_line", "delimiter", "insert", "truncate"]
        )
    )
    if kind == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    if kind in ("delete_line", "duplicate_line") and lines:
        at = draw(st.integers(0, min(len(lines), 40) - 1))  # front matter lives near the top
        copies = 0 if kind == "delete_line" else 2
        return b"".join(lines[:at] + [lines[at]] * copies + lines[at + 1 :])
    if kind == "delimiter":
        delimiters = [i for i, line in enumerate(lines[:60]) if line.strip() in (b"---", b"+++")]
        if delimiters:
            at = draw(st.sampled_from(delimiters))
            replacement = draw(
                st.sampled_from(
                    [b"", b"--\n", b"----\n", b"- --\n", b"---x\n", b"\t---\n", b"+++\n"]
                )
            )
            return b"".join(lines[:at] + [replacement] + lines[at + 1 :])
    if kind == "insert":
        at = draw(st.integers(0, min(len(data), 2000)))
        return data[:at] + draw(st.sampled_from(FRAGMENTS) | st.binary(max_size=4)) + data[at:]
    if kind == "truncate":
        return data[: draw(st.integers(0, min(len(data), 2000)))]
    return data


@fuzz_settings(4000)
@given(damaged_post())
def test_damaged_real_posts_load_or_raise_post_error(data):
    """Byte flips, lost or doubled lines and broken delimiters never crash the loader."""
    load_or_post_error(data)


# --------------------------------------------------------------------------- writing

KEYS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,15}", fullmatch=True)
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
SCALARS = st.one_of(
    TEXT,
    st.integers(-(2**63), 2**63 - 1),
    st.booleans(),
    st.dates(min_value=date(1000, 1, 1)),
    st.datetimes(min_value=datetime(1000, 1, 1)).map(lambda d: d.replace(microsecond=0)),
)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=5))
JSON_SCALARS = st.one_of(TEXT, st.integers(-(2**53), 2**53), st.booleans())
JSON_VALUES = st.one_of(JSON_SCALARS, st.lists(JSON_SCALARS, max_size=5))
# A NUL byte marks a file as binary, so a body with one is refused on load by design.
BODIES = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=200)


def _values_for(fmt: str):
    return JSON_VALUES if fmt == "json" else VALUES


@st.composite
def new_post_fields(draw):
    fmt = draw(st.sampled_from(["yaml", "toml", "json"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    fields = draw(st.dictionaries(KEYS, _values_for(fmt), max_size=6))
    return fmt, newline, fields, draw(BODIES)


@fuzz_settings(1000)
@given(new_post_fields())
def test_random_front_matter_and_body_round_trip(case):
    """A post built key by key reads back the same metadata and body, and writes stably."""
    fmt, newline, fields, body = case
    post = Post.new(fmt, newline=newline)
    for key, value in fields.items():
        post.set(key, value)
    post.body = body
    data = post.to_bytes()
    reloaded = Post.from_bytes(data)
    assert reloaded.format == fmt
    assert typed_metadata(reloaded.metadata) == typed_metadata(fields)
    assert reloaded.body == body
    assert reloaded.to_bytes() == data


def _is_midnight(value) -> bool:
    return isinstance(value, datetime) and value.time() == datetime.min.time()


@fuzz_settings(1500)
@given(st.sampled_from(SEEDS), st.data())
def test_set_on_a_real_post_reads_back(seed, data):
    """``set`` on a real post gives the value back after a save and leaves other keys alone."""
    try:
        post = Post.from_bytes(seed)
    except PostError:
        assume(False)
    fmt = post.format or "yaml"
    existing = [k for k in post.metadata if isinstance(k, str)]
    key = data.draw(st.sampled_from(existing) | KEYS if existing else KEYS, label="key")
    value = data.draw(_values_for(fmt), label="value")
    before = dict(post.metadata)
    # A date set on a date-like string keeps the string's pattern, by design.
    old_pattern = post.date_format(key) if isinstance(before.get(key), str) else None
    post.set(key, value)
    reloaded = Post.from_bytes(post.to_bytes())
    if old_pattern and isinstance(value, date):
        assert reloaded.metadata[key] == dates.format(value, old_pattern)
    elif _is_midnight(value) and type(before.get(key)) is date:
        assert typed(reloaded.metadata[key]) == typed(value.date())  # a date-only field stays so
    elif type(value) is date and isinstance(before.get(key), datetime):
        # a field written with a time keeps its time part: midnight
        midnight = datetime.combine(value, datetime.min.time(), tzinfo=before[key].tzinfo)
        assert typed(reloaded.metadata[key]) == typed(midnight)
    else:
        assert typed(reloaded.metadata[key]) == typed(value)
    assert typed_metadata(reloaded.metadata, without=key) == typed_metadata(before, without=key)
    assert reloaded.body == post.body


@fuzz_settings(800)
@given(st.sampled_from(SEEDS), st.data())
def test_delete_and_rename_on_a_real_post_touch_only_that_key(seed, data):
    """Deleting or renaming one key leaves every other key's value and the body alone."""
    try:
        post = Post.from_bytes(seed)
    except PostError:
        assume(False)
    existing = [k for k in post.metadata if isinstance(k, str)]
    assume(existing)
    key = data.draw(st.sampled_from(existing), label="key")
    before = dict(post.metadata)
    if data.draw(st.booleans(), label="rename"):
        new_key = data.draw(KEYS.filter(lambda k: k not in before), label="new key")
        post.rename(key, new_key)
        expected = {(new_key if k == key else k): v for k, v in before.items()}
    else:
        new_key = None
        post.delete(key)
        expected = {k: v for k, v in before.items() if k != key}
    reloaded = Post.from_bytes(post.to_bytes())
    assert typed_metadata(reloaded.metadata) == typed_metadata(expected)
    if new_key is not None:
        assert list(reloaded.metadata).index(new_key) == list(before).index(key)
    assert reloaded.body == post.body


@st.composite
def edited_raw_front_matter(draw) -> tuple[bytes, str]:
    """A real post and a new raw front-matter text made by editing its current one."""
    seed = draw(st.sampled_from(SEEDS))
    try:
        text = Post.from_bytes(seed).front_matter_text
    except PostError:
        text = ""
    lines = text.splitlines(keepends=True)
    edit = draw(st.sampled_from(["strip_end", "drop_line", "append", "replace", "random"]))
    if edit == "strip_end":
        text = text.rstrip("\r\n")
    elif edit == "drop_line" and lines:
        at = draw(st.integers(0, len(lines) - 1))
        text = "".join(lines[:at] + lines[at + 1 :])
    elif edit == "append":
        text += draw(st.sampled_from(["extra: 1", "extra: 1\n", "\n", "---", "+++\n", "- x\n"]))
    elif edit == "replace":
        text = draw(st.sampled_from(["", "title: x", "a = 1", '{"a": 1}', "?", "---\n"]))
    else:
        text = draw(TEXT)
    return seed, text


@fuzz_settings(600)
@given(edited_raw_front_matter())
def test_raw_front_matter_edit_is_refused_or_saved_readably(case):
    """Text from the raw view is refused with PostError (nothing changed) or saved readably."""
    seed, text = case
    try:
        post = Post.from_bytes(seed)
    except PostError:
        assume(False)
    before = post.to_bytes()
    try:
        post.set_front_matter_text(text)
    except PostError:
        assert post.to_bytes() == before
        return
    data = post.to_bytes()
    reloaded = Post.from_bytes(data)
    assert typed_metadata(reloaded.metadata) == typed_metadata(post.metadata)
    assert reloaded.body == post.body


# --------------------------------------------------------------------------- regressions


def _regression_files(suffix: str) -> list[Path]:
    return sorted(REGRESSIONS.glob(f"*{suffix}")) if REGRESSIONS.is_dir() else []


@pytest.mark.parametrize("path", _regression_files(".bin"), ids=lambda p: p.name)
def test_fuzz_regression_inputs_load_or_raise_post_error(path):
    """Inputs that once crashed the loader now load and round-trip, or raise PostError."""
    load_or_post_error(path.read_bytes())


def _decode_value(tagged):
    kind, raw = tagged
    if kind == "date":
        return date.fromisoformat(raw)
    if kind == "datetime":
        return datetime.fromisoformat(raw)
    if kind == "list":
        return [_decode_value(item) for item in raw]
    return raw


@pytest.mark.parametrize("path", _regression_files(".json"), ids=lambda p: p.name)
def test_fuzz_regression_edits_read_back(path):
    """Edits that once wrote a wrong or unreadable file now give back what was asked for."""
    case = json.loads(path.read_text(encoding="utf-8"))
    if "input" in case:
        post = Post.from_bytes(case["input"].encode("utf-8"))
    else:
        post = Post.new(case["format"], newline=case.get("newline", "\n"))
    expected, body = dict(post.metadata), post.body
    for op, *args in case["ops"]:
        if op == "set":
            key, value = args[0], _decode_value(args[1])
            post.set(key, value)
            expected[key] = value
        elif op == "delete":
            post.delete(args[0])
            del expected[args[0]]
        elif op == "rename":
            post.rename(*args)
            expected = {(args[1] if k == args[0] else k): v for k, v in expected.items()}
        elif op == "body":
            post.body = body = args[0]
        elif op == "raw":
            post.set_front_matter_text(args[0])
            expected = dict(post.metadata)
        else:
            raise AssertionError(f"{path.name}: unknown operation {op!r}")
    reloaded = Post.from_bytes(post.to_bytes())
    assert typed_metadata(reloaded.metadata) == typed_metadata(expected)
    assert list(reloaded.metadata) == list(expected)
    assert reloaded.body == body

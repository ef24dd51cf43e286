"""The post model's fidelity rules, one test (or a few) per rule."""

from __future__ import annotations

import datetime as dt
import difflib

import pytest

from editor import Post, PostError
from tests.sample import SAMPLE, SAMPLE_KEYS, SHARED_SAMPLE

JIGSAW = (
    "---\n"
    "extends: _layouts.post\n"
    "section: content\n"
    "image: https://example.org/a.jpg \n"
    "title: Council approves the new harbour plan after a long night \n"
    "description: A short description. \n"
    "date: 2020-09-30-07-25-20 \n"
    "categories: [latest, news] \n"
    "featured: true \n"
    "--- \n"
    "First line with a hard break  \n"
    "second line\u00a0 \n"
    "\n"
    "\tTabbed and    spaced.\n"
)


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """The lines removed or added between two versions, as unified-diff lines."""
    diff = difflib.unified_diff(
        before.decode().splitlines(keepends=True), after.decode().splitlines(keepends=True), n=0
    )
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def edited(src: str, action) -> str:
    post = Post.from_bytes(src.encode())
    action(post)
    return post.to_bytes().decode()


# --------------------------------------------------------------------------- no-op round trip


@pytest.mark.parametrize(
    "data",
    [
        JIGSAW.encode(),
        b"\xef\xbb\xbf---\r\ntitle: BOM and CRLF\r\n---\r\nbody\r\n",
        b"---\ntitle: no final newline\n---\nbody",
        b"---\n# a comment\ntitle:   'quoted'   # trailing comment\n\n\nx: \"y\"\n---\n\n\nbody\n",
        b"no front matter at all\n",
        b"",
        b"---\n---\n",
        b"+++\ntitle = 'toml'\n+++\nbody\n",
        b'{\n  "title": "json"\n}\nbody\n',
    ],
    ids=[
        "jigsaw",
        "bom-crlf",
        "no-final-newline",
        "comments-quotes",
        "no-fm",
        "empty",
        "empty-fm",
        "toml",
        "json",
    ],
)
def test_unmodified_post_returns_exact_bytes(data):
    """An unmodified post gives back its input byte for byte."""
    assert Post.from_bytes(data).to_bytes() == data


@pytest.mark.parametrize("sample", [SAMPLE, SHARED_SAMPLE], ids=["tests-data", "shared"])
def test_sample_post_round_trips(sample):
    """The sample post (and the real Jigsaw news post it imitates, when ../shared is
    beside the checkout) loads and saves unchanged."""
    if not sample.exists():
        pytest.skip(f"the real sample is not beside the checkout ({sample})")
    data = sample.read_bytes()
    post = Post.from_bytes(data)
    assert post.to_bytes() == data
    assert list(post.metadata) == SAMPLE_KEYS
    assert post.metadata["categories"] == ["latest", "news"]
    assert post.metadata["date"] == "2020-09-30-07-25-20"


def test_shipped_sample_keeps_the_shape_of_the_real_one():
    """The synthetic sample keeps what makes the real one hard: a trailing space after
    every value from image: on and after the closing '--- ', two-space hard breaks, and
    exactly 12 no-break spaces at line ends."""
    text = SAMPLE.read_text(encoding="utf-8")
    lines = text.split("\n")
    closing = lines.index("--- ")
    assert all(line.endswith(" ") for line in lines[3:closing])
    body = lines[closing + 1 :]
    assert sum(len(line) - len(line.rstrip("\u00a0")) for line in body) == 12
    assert sum(1 for line in body if line.endswith("  ") and line.strip()) >= 3
    assert "\r" not in text and text.endswith("\n")


# --------------------------------------------------------------------------- set() keeps style


def test_set_changes_only_that_keys_line():
    """Setting the title rewrites only the title line, keeping its trailing space."""
    post = Post.from_bytes(JIGSAW.encode())
    post.set("title", "A new title")
    assert changed_lines(JIGSAW.encode(), post.to_bytes()) == [
        "-title: Council approves the new harbour plan after a long night \n",
        "+title: A new title \n",
    ]


@pytest.mark.parametrize(
    "src,key,value,expected",
    [
        ("t: 'single'\n", "t", "it's", "t: 'it''s'\n"),
        ('t: "double"\n', "t", 'say "hi"', 't: "say \\"hi\\""\n'),
        ("t: plain\n", "t", "needs: quotes", 't: "needs: quotes"\n'),
        ("t: plain\n", "t", "yes", 't: "yes"\n'),
        ("t: [a, b]\n", "t", ["a", "b", "c"], "t: [a, b, c]\n"),
        ("t: [ a, b ]\n", "t", ["b"], "t: [ b ]\n"),
        ('t: ["a", "b"]\n', "t", ["a", "b", "c d"], 't: ["a", "b", "c d"]\n'),
        ("t:\n  - a\n  - b\n", "t", ["a", "b", "c"], "t:\n  - a\n  - b\n  - c\n"),
        ("t:\n- a\n- b\n", "t", ["b"], "t:\n- b\n"),
        ("t: |\n  one\n  two\n", "t", "one\nthree\n", "t: |\n  one\n  three\n"),
        ("t: >-\n  folded text\n", "t", "new folded", "t: >-\n  new folded\n"),
        ("t: true\n", "t", False, "t: false\n"),
        ("t: True\n", "t", False, "t: False\n"),
        ("t: yes\n", "t", False, "t: no\n"),
        ("t: 3\n", "t", 4, "t: 4\n"),
        ("t: 2020-09-30\n", "t", dt.date(2021, 1, 2), "t: 2021-01-02\n"),
        (
            "t: 2020-09-30 07:25:20\n",
            "t",
            dt.datetime(2021, 1, 2, 3, 4, 5),
            "t: 2021-01-02 03:04:05\n",
        ),
        ("t: '2020-09-30'\n", "t", dt.date(2021, 1, 2), "t: '2021-01-02'\n"),
    ],
)
def test_set_writes_in_the_old_values_style(src, key, value, expected):
    """Quotes, flow and block lists, block scalars, booleans and dates keep their style."""
    assert edited(f"---\n{src}---\n", lambda p: p.set(key, value)) == f"---\n{expected}---\n"


def test_odd_date_keeps_its_pattern():
    """2020-09-30-07-25-20 stays in that pattern when the date changes."""
    out = edited(JIGSAW, lambda p: p.set("date", dt.datetime(2021, 12, 1, 18, 5, 9)))
    assert "date: 2021-12-01-18-05-09 \n" in out
    post = Post.from_bytes(JIGSAW.encode())
    assert post.date_format("date") == "%Y-%m-%d-%H-%M-%S"
    assert post.value_kind("date") == "date"


def test_setting_the_same_value_changes_nothing():
    """A value set to what it already is leaves the bytes alone."""
    post = Post.from_bytes(JIGSAW.encode())
    for key, value in list(post.metadata.items()):
        post.set(key, value)
    assert post.to_bytes() == JIGSAW.encode()
    assert not post.modified


def test_texty_scalars_keep_their_text_unless_set():
    """no, 1.10, 012345, 2020-09-30 and ~ keep their spelling while other keys change."""
    src = "---\na: no\nb: 1.10\nc: 012345\nd: 2020-09-30\ne: ~\ntitle: x\n---\n"
    out = edited(src, lambda p: p.set("title", "y"))
    assert out == src.replace("title: x", "title: y")


def test_set_verifies_and_reparses_to_the_value():
    """Whatever set() writes parses back to the value that was set."""
    values = [
        "#hash",
        "- dash",
        "a: b",
        "  padded  ",
        "multi\nline",
        "",
        "null",
        "1.5",
        "ünïcode ✓",
        "tab\there",
    ]
    for value in values:
        post = Post.from_bytes(b"---\nk: old\n---\n")
        post.set("k", value)
        assert Post.from_bytes(post.to_bytes()).metadata["k"] == value


def test_nested_map_set_changes_only_changed_children():
    """Setting a nested map edits the child lines that differ and nothing else."""
    src = "---\nauthor:\n  name: Ann  # keep me\n  url: https://a.example\ntitle: t\n---\n"
    out = edited(src, lambda p: p.set("author", {"name": "Ann", "url": "https://b.example"}))
    assert out == src.replace("a.example", "b.example")


# --------------------------------------------------------------------------- add, delete, rename


def test_new_key_is_appended_in_the_files_style():
    """A new list follows the file's flow-list habit; a new key goes last."""
    out = edited(JIGSAW, lambda p: p.set("tags", ["x", "y z"]))
    assert changed_lines(JIGSAW.encode(), out.encode()) == ["+tags: [x, y z]\n"]
    block = "---\ntags:\n  - a\n---\n"
    assert edited(block, lambda p: p.set("cats", ["b"])) == "---\ntags:\n  - a\ncats:\n  - b\n---\n"


def test_new_key_in_crlf_file_uses_crlf():
    out = edited("---\r\na: 1\r\n---\r\nbody\r\n", lambda p: p.set("b", "two"))
    assert out == "---\r\na: 1\r\nb: two\r\n---\r\nbody\r\n"


def test_post_without_front_matter_gains_a_block():
    out = edited("Just a body.\n", lambda p: p.set("title", "Hello"))
    assert out == "---\ntitle: Hello\n---\nJust a body.\n"


def test_delete_removes_only_that_keys_lines():
    src = "---\na: 1\ntags:\n  - x\n  - y\nb: 2\n---\n"
    assert edited(src, lambda p: p.delete("tags")) == "---\na: 1\nb: 2\n---\n"


def test_rename_keeps_position_and_value():
    src = "---\na: 1\ntitle: 'Quoted'  # c\nb: 2\n---\n"
    assert edited(src, lambda p: p.rename("title", "headline")) == src.replace("title", "headline")


def test_rename_onto_existing_key_is_refused():
    post = Post.from_bytes(b"---\na: 1\nb: 2\n---\n")
    with pytest.raises(PostError, match="already exists"):
        post.rename("a", "b")
    assert post.to_bytes() == b"---\na: 1\nb: 2\n---\n"


# --------------------------------------------------------------------------- body


def test_body_edit_never_touches_front_matter():
    post = Post.from_bytes(JIGSAW.encode())
    head = JIGSAW[: JIGSAW.index("--- \n") + 5]
    post.body = post.body + "Another paragraph.\n"
    assert post.to_bytes().decode().startswith(head)


def test_body_is_never_normalised():
    """Hard breaks, tabs, leading spaces and NBSP survive exactly."""
    post = Post.from_bytes(JIGSAW.encode())
    assert post.body == (
        "First line with a hard break  \nsecond line\u00a0 \n\n\tTabbed and    spaced.\n"
    )
    assert post.body_start_line == 11


# --------------------------------------------------------------------------- TOML and JSON


def test_toml_edit_keeps_the_rest():
    src = '+++\ntitle = "x"  # the title\ndate = 2020-01-01\ntags = ["a"]\n\n[extra]\nk = 1\n+++\nbody\n'
    out = edited(src, lambda p: p.set("title", "y"))
    assert out == src.replace('"x"', '"y"')
    post = Post.from_bytes(src.encode())
    assert post.format == "toml" and post.metadata["extra"] == {"k": 1}
    assert post.key_line("tags") == 4


def test_json_edit_keeps_the_rest():
    src = '{\n  "title": "x",\n  "tags": ["a"]\n}\n\nbody\n'
    post = Post.from_bytes(src.encode())
    assert post.format == "json"
    post.set("tags", ["a", "b"])
    post.set("draft", True)
    assert (
        post.to_bytes().decode()
        == '{\n  "title": "x",\n  "tags": ["a", "b"],\n  "draft": true\n}\n\nbody\n'
    )


def test_hugo_shortcode_at_start_is_body_not_json():
    data = b"{{< youtube abc >}}\ntext\n"
    post = Post.from_bytes(data)
    assert post.format is None and post.body == data.decode()


# --------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    "data,line,words",
    [
        (b"---\ntitle: x\n", 1, "never closed"),
        (b"---\ntitle: [unclosed\n---\n", 2, "invalid YAML"),
        (b"---\ntitle: x\n\tdate: y\n---\n", 3, "tab"),
        (b"---\n- a\n- b\n---\n", 2, "list"),
        (b"---\njust a string\n---\n", 2, "single value"),
        (b"---\nx: !!python/object/apply:os.system ['touch /tmp/pwned']\n---\n", 2, "tag"),
        (b"\x00\x01\x02binary", None, "not a text file (binary)"),
        ("---\ntitle: caf\xe9\n---\n".encode("latin-1"), 2, "not UTF-8"),
        ("---\ntitle: x\n---\n".encode("utf-16"), None, "UTF-16"),
    ],
)
def test_bad_input_gives_post_error_with_line(data, line, words):
    with pytest.raises(PostError) as info:
        Post.from_bytes(data, path="bad.md")
    assert info.value.line == line
    assert words in info.value.message
    assert str(info.value).startswith("bad.md:")


def test_alias_bomb_is_refused_quickly():
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    data = ("---\n" + "\n".join(levels) + "\n---\n").encode()
    with pytest.raises(PostError, match="alias"):
        Post.from_bytes(data)


def test_recursive_alias_is_refused():
    with pytest.raises(PostError):
        Post.from_bytes(b"---\na: &a [*a]\n---\n")


def test_python_tag_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    data = f"---\nx: !!python/object/apply:os.system ['touch {marker}']\n---\n".encode()
    with pytest.raises(PostError):
        Post.from_bytes(data)
    assert not marker.exists()


def test_invalid_raw_front_matter_changes_nothing():
    post = Post.from_bytes(JIGSAW.encode())
    with pytest.raises(PostError) as info:
        post.set_front_matter_text("title: [broken\n")
    assert info.value.line == 2  # file lines: the line where the open "[" is
    assert post.to_bytes() == JIGSAW.encode()
    post.set_front_matter_text("title: fixed\n")
    assert post.metadata == {"title": "fixed"}


# --------------------------------------------------------------------------- save


def test_save_is_atomic_and_keeps_permissions(tmp_path):
    path = tmp_path / "post.md"
    path.write_bytes(JIGSAW.encode())
    path.chmod(0o640)
    post = Post.load(path)
    post.set("featured", False)
    post.save()
    assert path.read_bytes() == JIGSAW.encode().replace(b"featured: true", b"featured: false")
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"]
    assert not post.modified


def test_failed_write_leaves_original_and_no_temp(tmp_path, monkeypatch):
    """A failure after the temp file is written leaves the original intact and cleans up."""
    import os

    path = tmp_path / "post.md"
    path.write_bytes(JIGSAW.encode())
    post = Post.load(path)
    post.set("title", "changed")

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(PostError, match="disk is full"):
        post.save()
    assert path.read_bytes() == JIGSAW.encode()
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"]
    assert post.modified


@pytest.mark.parametrize(
    "errno_code,reason",
    [(13, "permission denied"), (30, "read-only"), (2, "no longer exists"), (28, "disk is full")],
)
def test_save_failures_are_explained_and_harmless(tmp_path, monkeypatch, errno_code, reason):
    """Permission denied, a read-only folder, a vanished folder or a full disk: original intact."""
    import tempfile

    from editor.core.errors import WriteError

    path = tmp_path / "post.md"
    path.write_bytes(b"---\na: 1\n---\n")
    post = Post.load(path)
    post.set("a", 2)

    def failing_mkstemp(*args, **kwargs):
        raise OSError(errno_code, "injected")

    monkeypatch.setattr(tempfile, "mkstemp", failing_mkstemp)
    with pytest.raises(PostError, match=reason) as raised:
        post.save()
    assert isinstance(raised.value, WriteError)  # typed, and still a PostError for callers
    assert path.read_bytes() == b"---\na: 1\n---\n"
    assert post.metadata["a"] == 2 and post.modified


def test_stale_temp_files_from_a_crash_are_removed(tmp_path):
    from editor.core.platform.atomic import remove_stale_temp_files

    (tmp_path / "post.md").write_bytes(b"x")
    stale = tmp_path / ".post.md.abc123.masthead-tmp"
    stale.write_bytes(b"half")
    assert remove_stale_temp_files(tmp_path) == [stale]
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"]


def test_load_refuses_huge_files(tmp_path):
    path = tmp_path / "big.md"
    with open(path, "wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(PostError, match="20 MB"):
        Post.load(path)


def test_load_missing_file_names_it(tmp_path):
    with pytest.raises(PostError) as info:
        Post.load(tmp_path / "missing.md")
    assert "does not exist" in info.value.message and info.value.path.endswith("missing.md")


def test_mutating_metadata_in_place_then_setting_it_writes_the_change():
    """metadata values are copies, so an edited list passed back to set() is written."""
    post = Post.from_bytes(b"---\ntags: [a, b]\n---\n")
    tags = post.metadata["tags"]
    tags.append("c")
    assert Post.from_bytes(post.to_bytes()).metadata["tags"] == ["a", "b"]
    post.set("tags", tags)
    assert post.to_bytes() == b"---\ntags: [a, b, c]\n---\n"


def test_body_added_after_a_delimiter_at_end_of_file_stays_exact():
    post = Post.from_bytes(b"---\ntitle: x\n---")
    post.body = "\nFirst paragraph.\n"
    assert post.to_bytes() == b"---\ntitle: x\n---\n\nFirst paragraph.\n"
    assert Post.from_bytes(post.to_bytes()).body == "\nFirst paragraph.\n"


def test_impossible_month_is_kept_as_text_with_a_warning():
    """Psych (Jekyll) keeps 2021-13-04 as a string; so does Masthead (tests/core/test_tolerant.py)."""
    post = Post.from_bytes(b"---\ntitle: x\ndate: 2021-13-04\n---\n")
    assert post.metadata["date"] == "2021-13-04"
    assert [(w.line, w.code) for w in post.warnings] == [(3, "impossible-date")]


def test_date_set_into_a_quoted_date_string_keeps_quotes_and_pattern():
    """A site that stores dates as quoted strings keeps them so (by design, not a date object)."""
    out = edited(
        '---\ndate: "2015-05-06T23:46:37.121Z"\n---\n', lambda p: p.set("date", dt.date(2000, 1, 1))
    )
    assert out == '---\ndate: "2000-01-01T00:00:00.000Z"\n---\n'


def test_date_set_into_a_plain_title_becomes_a_real_date():
    out = edited('---\nd: "not a date"\n---\n', lambda p: p.set("d", dt.date(2000, 1, 2)))
    assert out == "---\nd: 2000-01-02\n---\n"


def test_astral_characters_are_escaped_with_eight_digits():
    post = Post.from_bytes(b'---\nk: "x"\n---\n')
    post.set("k", "\U0001e02b\x07")
    assert Post.from_bytes(post.to_bytes()).metadata["k"] == "\U0001e02b\x07"


def test_lone_surrogates_are_refused():
    post = Post.from_bytes(b"---\nk: x\n---\n")
    with pytest.raises(PostError):
        post.set("k", "\ud800")
    with pytest.raises(PostError):
        post.body = "bad \udc80"
    assert post.to_bytes() == b"---\nk: x\n---\n"


def test_raw_text_with_a_delimiter_line_is_refused():
    post = Post.from_bytes(b"---\nk: x\n---\nbody\n")
    with pytest.raises(PostError) as info:
        post.set_front_matter_text("k: y\n---\nz: 1\n")
    assert info.value.line == 3
    assert post.to_bytes() == b"---\nk: x\n---\nbody\n"


def test_toml_table_can_be_renamed():
    src = '+++\ntitle = "T"\n\n[params]\nauthor = "Ada"\n\n[params.more]\nx = 1\n+++\n'
    assert edited(src, lambda p: p.rename("params", "extra")) == src.replace("[params", "[extra")


def test_a_time_set_into_a_date_only_field_is_kept():
    out = edited(
        "---\ndate: 2022-07-20\n---\n", lambda p: p.set("date", dt.datetime(2000, 1, 1, 5, 6))
    )
    assert out == "---\ndate: 2000-01-01 05:06:00\n---\n"


@pytest.mark.parametrize("src", ['{\n  "a": 1\n}\n', "---\na: 1\n---\n"])
def test_null_on_a_new_key_is_written(src):
    post = Post.from_bytes(src.encode())
    post.set("b", None)
    assert "b" in Post.from_bytes(post.to_bytes()).metadata


def test_null_in_toml_is_refused():
    post = Post.from_bytes(b"+++\na = 1\n+++\n")
    with pytest.raises(PostError, match="no null"):
        post.set("b", None)


def test_toml_date_set_on_a_datetime_keeps_a_time():
    src = "+++\ndate = 2023-05-06T07:08:09Z\n+++\n"
    out = edited(src, lambda p: p.set("date", dt.date(2000, 1, 1)))
    assert out == "+++\ndate = 2000-01-01T00:00:00Z\n+++\n"

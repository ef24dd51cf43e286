"""Posts their own generators build although they are odd (issue 10): they open as posts.

- a key written twice (Jekyll's ``redirect_from`` in ``tests/data/posts/redirect-from-twice.md``):
  read, shown and edited as its LAST occurrence, which is what Psych, PyYAML and Go's yaml
  keep; renamed and deleted at every occurrence, so an earlier value cannot come back;
- a day that does not exist (``tests/data/posts/leap-day-2017.md``, dated 2017-02-29):
  kept as text, exactly as written;
- JSON front matter with a key written twice: the last wins, as in every JSON reader.

Each is a warning (``Post.warnings``, the index records, ``masthead check``), never a
PostError; TOML, whose readers refuse a key written twice, still gives a PostError.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from editor.cli import main
from editor.core.bulk.actions import DeleteKey, RenameKey, SetField, plan_action
from editor.core.errors import PostError
from editor.core.post.formats.yaml_tolerance import DUPLICATE_KEY, IMPOSSIBLE_DATE, load_tolerantly
from editor.core.post.model import Post
from editor.core.site.checks import check_paths, run_checks
from editor.core.site.index import SiteIndex
from editor.core.site.records import parse_post_file

DATA = Path(__file__).resolve().parents[2] / "data"
REDIRECTS = DATA / "posts" / "redirect-from-twice.md"
LEAP_DAY = DATA / "posts" / "leap-day-2017.md"
JSON_TWICE = DATA / "posts" / "json-key-twice.md"
PLAIN_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def changed_lines(before: bytes, after: bytes) -> list[tuple[str, int, int]]:
    """The (opcode, first, last) 1-based spans of ``before`` an edit replaced or deleted."""
    old = before.decode().splitlines(keepends=True)
    new = after.decode().splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [(tag, i1 + 1, i2) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal"]


def generator_view(data: bytes) -> dict:
    """The front matter as a PyYAML-based generator reads it: the last key wins."""
    text = data.decode()
    return yaml.load(text.split("---\n")[1], Loader=PLAIN_LOADER) or {}


@pytest.fixture
def copies(tmp_path):
    """The three odd fixture posts, copied where a test may write them."""
    for source in (REDIRECTS, LEAP_DAY, JSON_TWICE):
        shutil.copy(source, tmp_path / source.name)
    return tmp_path


# ------------------------------------------------------------------- a key written twice


def test_a_key_written_twice_opens_with_its_last_value_and_saves_byte_exact():
    data = REDIRECTS.read_bytes()
    post = Post.from_bytes(data, REDIRECTS)
    assert post.metadata["redirect_from"] == [
        "/news/release-notes-moved/",
        "/2019/06/release-notes.html",
    ]
    assert post.metadata["redirect_from"] == generator_view(data)["redirect_from"]
    assert post.key_line("redirect_from") == 12
    assert post.to_bytes() == data and not post.modified
    [warning] = post.warnings
    assert (warning.code, warning.key, warning.lines) == (DUPLICATE_KEY, "redirect_from", (6, 12))
    assert "lines 6 and 12" in warning.message and "last" in warning.message


def test_editing_a_key_written_twice_changes_only_the_last_occurrence():
    """The generator then reads the new value: the last occurrence is the one it keeps."""
    data = REDIRECTS.read_bytes()
    post = Post.from_bytes(data)
    post.set("redirect_from", ["/only/"])
    after = post.to_bytes()
    assert changed_lines(data, after) == [("replace", 13, 14)]  # the last list's items
    assert generator_view(after)["redirect_from"] == ["/only/"]
    assert Post.from_bytes(after).metadata["redirect_from"] == ["/only/"]
    assert b"  - /blog/2019/release-notes/\n" in after  # the first occurrence is untouched


def test_editing_another_key_leaves_both_occurrences_alone():
    data = REDIRECTS.read_bytes()
    post = Post.from_bytes(data)
    post.set("title", "Release notes have moved")
    after = post.to_bytes()
    assert changed_lines(data, after) == [("replace", 3, 3)]
    assert [w.lines for w in Post.from_bytes(after).warnings] == [(6, 12)]


def test_deleting_a_key_written_twice_deletes_every_occurrence():
    """Deleting only the last would bring the first value back into effect."""
    data = REDIRECTS.read_bytes()
    post = Post.from_bytes(data)
    post.delete("redirect_from")
    after = post.to_bytes()
    assert changed_lines(data, after) == [("delete", 6, 7), ("delete", 12, 14)]
    assert "redirect_from" not in generator_view(after)
    assert "redirect_from" not in post.metadata and post.warnings == []


def test_renaming_a_key_written_twice_renames_every_occurrence():
    data = REDIRECTS.read_bytes()
    post = Post.from_bytes(data)
    post.rename("redirect_from", "aliases")
    after = post.to_bytes()
    assert changed_lines(data, after) == [("replace", 6, 6), ("replace", 12, 12)]
    view = generator_view(after)
    assert "redirect_from" not in view and view["aliases"] == post.metadata["aliases"]
    assert post.metadata["aliases"] == ["/news/release-notes-moved/", "/2019/06/release-notes.html"]


def test_nested_and_flow_keys_written_twice_read_the_last_one():
    text = "---\nauthor:\n  name: A\n  name: B\nlinks: {x: 1, x: 2}\n---\n"
    post = Post.from_bytes(text.encode())
    assert post.metadata["author"] == {"name": "B"} and post.metadata["links"] == {"x": 2}
    assert [(w.key, w.lines) for w in post.warnings] == [
        ("author.name", (3, 4)),
        ("links.x", (5, 5)),
    ]
    post.set(("author", "name"), "C")
    assert post.to_bytes().decode() == text.replace("name: B", "name: C")
    post.set("links", {"x": 3})
    assert generator_view(post.to_bytes())["links"] == {"x": 3}


def test_a_key_written_three_times_names_every_line():
    post = Post.from_bytes(b"---\ntag: a\ntag: b\ntitle: t\ntag: c\n---\n")
    assert post.metadata["tag"] == "c"
    [warning] = post.warnings
    assert warning.lines == (2, 3, 5) and "3 times (lines 2, 3 and 5)" in warning.message


def test_the_alias_and_nesting_guards_still_hold_with_a_key_written_twice():
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]", "a: 1"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    with pytest.raises(PostError, match="too many values"):
        Post.from_bytes(("---\n" + "\n".join(levels) + "\n---\n").encode())
    with pytest.raises(PostError, match="nested too deeply"):
        Post.from_bytes(("---\nt: 1\nt: " + "[" * 300 + "]" * 300 + "\n---\n").encode())


# ------------------------------------------------------------------- an impossible date


def test_an_impossible_date_is_kept_as_text_exactly_as_written():
    data = LEAP_DAY.read_bytes()
    post = Post.from_bytes(data, LEAP_DAY)
    assert post.metadata["date"] == "2017-02-29"
    assert post.value_kind("date") == "str"  # shown as its text, never as a corrected date
    assert post.to_bytes() == data
    [warning] = post.warnings
    assert (warning.code, warning.key, warning.line) == (IMPOSSIBLE_DATE, "date", 3)
    assert "'date'" in warning.message and "2017-02-29" in warning.message


def test_editing_beside_an_impossible_date_leaves_it_alone():
    data = LEAP_DAY.read_bytes()
    post = Post.from_bytes(data)
    post.set("draft", True)
    after = post.to_bytes()
    assert changed_lines(data, after) == [("replace", 4, 4)]
    assert b"\ndate: 2017-02-29\n" in after


def test_an_impossible_date_can_be_corrected_by_the_writer_only():
    data = LEAP_DAY.read_bytes()
    post = Post.from_bytes(data)
    post.set("date", "2017-02-28")
    after = post.to_bytes()
    assert changed_lines(data, after) == [("replace", 3, 3)]
    assert Post.from_bytes(after).warnings == []


@pytest.mark.parametrize(
    "line,written",
    [
        ("date: 2021-13-04", "2021-13-04"),
        ("date: 2017-02-29 10:30:00", "2017-02-29 10:30:00"),
        ("date: 2017-02-29T10:30:00Z # a comment", "2017-02-29T10:30:00Z"),
        ("dates: [2016-02-29, 2017-02-29]", "2017-02-29"),
    ],
)
def test_every_impossible_timestamp_shape_stays_text(line, written):
    post = Post.from_bytes(f"---\n{line}\n---\n".encode())
    value = next(iter(post.metadata.values()))
    assert written in (value if isinstance(value, list) else [value])
    assert [(w.code, w.line, w.written) for w in post.warnings] == [(IMPOSSIBLE_DATE, 2, written)]


# ------------------------------------------------------------------------- JSON and TOML


def test_json_key_written_twice_reads_the_last_like_json_loads():
    data = JSON_TWICE.read_bytes()
    post = Post.from_bytes(data)
    assert post.metadata["title"] == "Final title" and post.key_line("title") == 4
    assert post.to_bytes() == data
    assert [(w.key, w.lines) for w in post.warnings] == [("title", (2, 4))]
    post.set("title", "Edited")
    assert changed_lines(data, post.to_bytes()) == [("replace", 4, 4)]
    post.delete("title")
    assert b"title" not in post.to_bytes() and post.warnings == []


def test_json_nested_keys_written_twice_are_named_with_their_lines():
    text = '{\n  "x": {"y": 1,\n        "y": 2},\n  "l": [{"a": [], "a": {}}]\n}\n'
    post = Post.from_bytes(text.encode())
    assert post.metadata == {"x": {"y": 2}, "l": [{"a": {}}]}
    assert [(w.key, w.lines) for w in post.warnings] == [("x.y", (2, 3)), ("l.a", (4, 4))]
    post.rename("x", "z")
    assert post.to_bytes().decode() == text.replace('"x"', '"z"')


def test_toml_key_written_twice_stays_an_error():
    """TOML forbids it and its readers (Hugo's) refuse the file."""
    with pytest.raises(PostError, match="TOML"):
        Post.from_bytes((DATA / "invalid" / "toml-duplicate-keys.md").read_bytes())


# ------------------------------------------------------------- index, checks and the CLI


@pytest.mark.parametrize("path", [REDIRECTS, LEAP_DAY, JSON_TWICE], ids=lambda p: p.name)
def test_index_record_is_the_post_models_with_its_warnings(path):
    record = parse_post_file(str(path), path.name)
    post = Post.load(path)
    assert record.error is None
    assert record.metadata == dict(post.metadata)
    assert record.key_lines == {k: post.key_line(k) for k in post.metadata}
    assert record.warnings == tuple(w.as_tuple() for w in post.warnings) != ()


def test_warnings_survive_the_index_cache(copies, tmp_path):
    cache = tmp_path / "cache"
    cold = SiteIndex(copies, cache_dir=cache)
    cold.scan()
    warm = SiteIndex(copies, cache_dir=cache)
    stats = warm.scan()
    assert stats.from_cache == 3
    assert {Path(r.path).name: r.warnings for r in warm.records} == {
        Path(r.path).name: r.warnings for r in cold.records
    }
    assert all(r.warnings for r in warm.records)


def test_checks_report_each_oddity_as_a_warning_with_its_lines(copies):
    records = [parse_post_file(str(p), p.name) for p in sorted(copies.glob("*.md"))]
    found = {
        (Path(p.path).name, p.line, p.code, p.key)
        for p in run_checks(records, root=copies)
        if p.code in (DUPLICATE_KEY, IMPOSSIBLE_DATE, "type-mismatch", "parse-error")
    }
    assert found == {
        ("redirect-from-twice.md", 12, DUPLICATE_KEY, "redirect_from"),
        ("leap-day-2017.md", 3, IMPOSSIBLE_DATE, "date"),
        ("json-key-twice.md", 4, DUPLICATE_KEY, "title"),
    }
    assert all(p.level == "warning" for p in check_paths([copies]))


def test_masthead_check_prints_the_warnings_and_exits_0(copies, capsys):
    assert main(["check", str(copies)]) == 0
    out = capsys.readouterr().out
    assert "redirect-from-twice.md:12: warning: the key 'redirect_from' is written twice" in out
    assert "(lines 6 and 12)" in out and "[duplicate-key]" in out
    assert "leap-day-2017.md:3: warning: 'date' holds '2017-02-29'" in out
    assert "[impossible-date]" in out and "0 errors" in out


def test_masthead_set_on_the_odd_posts_touches_only_its_lines(copies):
    redirects, leap = copies / REDIRECTS.name, copies / LEAP_DAY.name
    before = redirects.read_bytes()
    assert main(["set", str(redirects), "redirect_from=[/new/]"]) == 0
    assert changed_lines(before, redirects.read_bytes()) == [("replace", 13, 14)]
    assert generator_view(redirects.read_bytes())["redirect_from"] == ["/new/"]
    before = leap.read_bytes()
    assert main(["set", str(leap), "title=Still here"]) == 0
    assert changed_lines(before, leap.read_bytes()) == [("replace", 2, 2)]
    assert b"\ndate: 2017-02-29\n" in leap.read_bytes()


@pytest.mark.parametrize(
    "action,expected",
    [
        (
            SetField("redirect_from", ["/x/"]),
            {
                "redirect-from-twice.md": [("replace", 13, 14)],
                "leap-day-2017.md": [("insert", 7, 6)],
                "json-key-twice.md": [("replace", 5, 5)],
            },
        ),
        (
            DeleteKey("redirect_from"),
            {"redirect-from-twice.md": [("delete", 6, 7), ("delete", 12, 14)]},
        ),
        (
            RenameKey("redirect_from", "aliases"),
            {"redirect-from-twice.md": [("replace", 6, 6), ("replace", 12, 12)]},
        ),
        (
            SetField("draft", True),
            {
                "leap-day-2017.md": [("replace", 4, 4)],
                "redirect-from-twice.md": [("insert", 15, 14)],
                "json-key-twice.md": [("replace", 5, 5)],
            },
        ),
    ],
)
def test_bulk_edits_work_on_the_odd_posts(copies, action, expected):
    plan = plan_action(action, sorted(copies.glob("*.md")), root=copies)
    assert plan.errors == []
    got = {c.path.name: changed_lines(c.old_bytes, c.new_bytes) for c in plan.changes}
    assert got == expected


# ------------------------------------------------------------------------------ properties

_VALUES = st.one_of(
    st.integers(-5, 5),
    st.booleans(),
    st.sampled_from(["x", "yes", "2017-02-29", "2016-02-29", "a: b", "#", ""]),
    st.lists(st.sampled_from(["a", "b c", "1", "2017-02-29"]), min_size=1, max_size=3),
)
_STYLES = st.sampled_from(["plain", "flow", "block"])


def _written(value, style: str) -> str:
    if isinstance(value, list) and style == "block":
        return "\n" + "".join(f"  - {item}\n" for item in value)
    if isinstance(value, list):
        return " [" + ", ".join(value) + "]\n"
    if isinstance(value, str) and value in ("a: b", "#", ""):
        return f" '{value}'\n"
    return f" {str(value).lower() if isinstance(value, bool) else value}\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=_VALUES,
    last=_VALUES,
    first_style=_STYLES,
    last_style=_STYLES,
    between=st.lists(
        st.sampled_from(["title: T", "# note", "tags: [t]", ""]), max_size=3, unique=True
    ),
    new=_VALUES,
    other=st.sampled_from(["title", "draft", "fresh"]),
)
def test_a_key_written_twice_is_read_and_edited_as_the_generator_reads_it(
    first, last, first_style, last_style, between, new, other
):
    """Whatever the two values and styles: the post shows what a last-wins loader reads,
    round-trips byte for byte, an edit of the key reaches the generator and leaves the first
    occurrence's text alone, and an edit of another key leaves both occurrences' text alone."""
    head = "key:" + _written(first, first_style)
    tail = "key:" + _written(last, last_style)
    middle = "".join(line + "\n" for line in between if not line.startswith("title"))
    text = "---\ntitle: T\n" + head + middle + tail + "---\nBody\n"
    data = text.encode()
    post = Post.from_bytes(data)
    assert post.to_bytes() == data
    assert dict(post.metadata) == load_tolerantly(text.split("---\n")[1])[0]
    assert [w.code for w in post.warnings if w.code == DUPLICATE_KEY] == [DUPLICATE_KEY]

    post.set("key", new)
    after = post.to_bytes().decode()
    assert after.startswith("---\ntitle: T\n" + head + middle)  # the first occurrence stays
    assert Post.from_bytes(post.to_bytes()).metadata["key"] == new
    reread = load_tolerantly(after.split("---\n")[1])[0]
    assert reread["key"] == new

    post = Post.from_bytes(data)
    post.set(other, "changed")
    after = post.to_bytes().decode()
    assert head in after and tail in after
    assert Post.from_bytes(post.to_bytes()).metadata["key"] == post.metadata["key"]


# -------------------------------------------------------------------------- stateful model


class EditsOfAPostWithAKeyWrittenTwice(RuleBasedStateMachine):
    """Random sets, deletes and renames on the Jekyll fixture (``redirect_from`` twice).

    The model is what the generator should read: a plain dict, changed as the user asked.
    After every step the saved bytes read back, by the post model and by PyYAML's own loader
    (which keeps the last of a repeated key, as Psych does), as exactly that dict; the
    duplicate-key warnings match the keys written more than once at the top level.
    """

    def __init__(self):
        super().__init__()
        self.post = Post.from_bytes(REDIRECTS.read_bytes())
        self.model = dict(generator_view(REDIRECTS.read_bytes()))

    keys = st.sampled_from(["redirect_from", "title", "tags", "author", "fresh"])
    values = st.one_of(
        st.sampled_from(["x", "a: b", "2017-02-28", "yes", ""]),
        st.integers(-3, 3),
        st.lists(st.sampled_from(["/a/", "/b c/", "1"]), max_size=3),
    )

    @rule(key=keys, value=values)
    def set_field(self, key, value):
        self.post.set(key, value)
        self.model[key] = value

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def delete_field(self, data):
        key = data.draw(st.sampled_from(sorted(self.model)))
        self.post.delete(key)
        del self.model[key]

    @precondition(lambda self: self.model)
    @rule(data=st.data(), new=keys)
    def rename_field(self, data, new):
        old = data.draw(st.sampled_from(sorted(self.model)))
        if new == old:
            self.post.rename(old, new)  # nothing to do
            return
        if new in self.model:
            with pytest.raises(PostError):
                self.post.rename(old, new)
            return
        self.post.rename(old, new)
        self.model[new] = self.model.pop(old)

    @invariant()
    def the_generator_reads_what_was_asked(self):
        data = self.post.to_bytes()
        assert generator_view(data) == self.model
        assert dict(Post.from_bytes(data).metadata) == self.model == dict(self.post.metadata)

    @invariant()
    def every_repeated_key_is_warned_about(self):
        text = self.post.front_matter_text
        written = [line.split(":", 1)[0] for line in text.splitlines() if line[:1].isalpha()]
        repeated = {key for key in written if written.count(key) > 1}
        assert {w.key for w in self.post.warnings} == repeated


EditsOfAPostWithAKeyWrittenTwice.TestCase.settings = settings(
    max_examples=60, stateful_step_count=12, deadline=None
)
test_edits_of_a_post_with_a_key_written_twice = EditsOfAPostWithAKeyWrittenTwice.TestCase

"""The one decision from typed text to a value, in the type the site gives the field."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.post.formats.cli_values import BadValue
from editor.core.site.records import parse_post_bytes
from editor.core.site.schema import FieldRule, SchemaConfig, infer_schema
from editor.core.site.typed_values import (
    FieldType,
    box_kind,
    chosen_type,
    field_type,
    read_value,
)


def _schema(*front_matters: str, config: SchemaConfig | None = None):
    records = [
        parse_post_bytes(f"/site/p{i}.md", f"p{i}.md", f"---\n{fm}\n---\nbody\n".encode())
        for i, fm in enumerate(front_matters)
    ]
    return infer_schema(records, config=config or SchemaConfig())


SITE = _schema(
    *(
        f"title: Post {i}\nfeatured: {'true' if i % 2 else 'false'}\nweight: {i}\n"
        f"rating: {i}.5\ndate: 2020-09-{i + 10:02d} 10:00:00\ntags: [a{i}]\n"
        f"seo: {{title: x}}\nmixed: {i if i < 5 else 'text'}"
        for i in range(10)
    )
)


def _read(key: str, text: str, how: str = "typed"):
    return read_value(text, key, field_type(SITE, key), how)


def test_field_types_come_from_the_posts():
    assert field_type(SITE, "featured") == FieldType("featured", "bool", "in 10 of 10 posts")
    assert field_type(SITE, "title").kind == "str"
    assert field_type(SITE, "weight").kind == "int"
    assert field_type(SITE, "rating").kind == "float"
    date = field_type(SITE, "date")
    assert date.kind == "date" and date.with_time
    assert field_type(SITE, "tags").kind == "list"
    assert field_type(SITE, "seo").kind == "map"
    assert field_type(SITE, "mixed") is None  # 5 numbers, 5 texts: no type
    assert field_type(SITE, "nope") is None
    assert field_type(None, "title") is None


def test_a_type_pinned_in_masthead_toml_wins():
    config = SchemaConfig(fields={"weight": FieldRule(type="str")})
    schema = _schema("weight: 1", "weight: 2", config=config)
    assert field_type(schema, "weight") == FieldType("weight", "str", "in masthead.toml")


def test_whole_and_decimal_numbers_together_are_numbers():
    schema = _schema("n: 1", "n: 2.5", "n: 3")
    assert field_type(schema, "n").kind == "float"
    assert read_value("4", "n", field_type(schema, "n")) == 4.0


def test_bool_fields_read_true_and_false():
    assert _read("featured", "true") is True
    assert _read("featured", "no") is False
    with pytest.raises(BadValue) as info:
        _read("featured", "maybe")
    assert str(info.value) == "'featured' is true or false in 10 of 10 posts, but 'maybe' is text"
    with pytest.raises(BadValue, match="reads as a whole number"):
        _read("featured", "3")


def test_text_fields_keep_text_and_refuse_maps_and_lists():
    assert _read("title", "Hello") == "Hello"
    assert _read("title", "2020") == "2020"  # a number as text: the field holds text
    assert _read("title", "true") == "true"
    assert _read("title", "'quoted: yes'") == "quoted: yes"
    with pytest.raises(BadValue) as info:
        _read("title", "Hello: world")
    assert "'title' is text in 10 of 10 posts, but 'Hello: world' reads as a map" in str(info.value)
    with pytest.raises(BadValue, match="reads as a list"):
        _read("title", "[a, b]")
    with pytest.raises(BadValue, match="null"):
        _read("title", "null")


def test_number_fields():
    assert _read("weight", "12") == 12
    assert _read("rating", "4.5") == 4.5 and _read("rating", "4") == 4.0
    with pytest.raises(BadValue, match="'weight' is a whole number .* 'heavy' is text"):
        _read("weight", "heavy")
    with pytest.raises(BadValue, match="reads as a number"):
        _read("weight", "2.5")


def test_date_fields():
    assert _read("date", "2021-01-02") == dt.date(2021, 1, 2)
    assert _read("date", "2021-01-02 08:00:00") == dt.datetime(2021, 1, 2, 8)
    assert _read("date", "2021-01-02-08-00-00") == "2021-01-02-08-00-00"  # a site format
    with pytest.raises(BadValue, match="'date' is a date .* 'tomorrow' is text"):
        _read("date", "tomorrow")


def test_list_fields_make_lists():
    assert _read("tags", "news") == ["news"]
    assert _read("tags", "a, b") == ["a", "b"]
    assert _read("tags", "[a, b]") == ["a", "b"]
    assert _read("tags", "2020") == [2020]
    with pytest.raises(BadValue, match="reads as a map"):
        _read("tags", "a: b")


def test_map_fields_want_maps():
    assert _read("seo", "{title: y}") == {"title": "y"}
    with pytest.raises(BadValue, match="'seo' is a map of fields"):
        _read("seo", "plain")


def test_yaml_and_string_ask_for_what_they_say():
    assert _read("title", "Hello: world", "yaml") == {"Hello": "world"}
    assert _read("featured", "maybe", "yaml") == "maybe"
    assert _read("featured", "true", "string") == "true"
    assert _read("title", "Hello: world", "string") == "Hello: world"


def test_fields_without_a_type_read_as_yaml():
    assert _read("mixed", "7") == 7
    assert _read("nope", "[a]") == ["a"]
    assert _read("nope", "[a]", "form") == "[a]"  # a box in the window: the text typed


def test_a_box_takes_text_fields_as_typed_and_reads_the_rest_in_their_type():
    assert _read("title", "Hello: world", "form") == "Hello: world"
    assert _read("featured", "true", "form") is True
    with pytest.raises(BadValue, match="'maybe' is text"):
        _read("featured", "maybe", "form")


def test_a_type_chosen_in_a_box():
    assert read_value("yes", "x", chosen_type("x", "bool"), "form") is True
    assert read_value("1: 2", "x", chosen_type("x", "text"), "form") == "1: 2"
    assert read_value("2020-01-02 03:04", "x", chosen_type("x", "datetime"), "form") == (
        dt.datetime(2020, 1, 2, 3, 4)
    )
    with pytest.raises(BadValue, match="^'x' should be true or false, but 'maybe' is text$"):
        read_value("maybe", "x", chosen_type("x", "bool"), "form")


def test_box_kinds_follow_the_site():
    assert box_kind(field_type(SITE, "featured")) == "bool"
    assert box_kind(field_type(SITE, "date")) == "datetime"
    assert box_kind(field_type(SITE, "tags")) == "list"
    assert box_kind(field_type(SITE, "title")) == "text"
    assert box_kind(field_type(SITE, "seo")) == "text"
    assert box_kind(None) == "text"
    assert box_kind(FieldType("d", "date")) == "date"


def test_undecodable_text_is_refused_in_every_way():
    for how in ("typed", "form", "yaml", "string"):
        with pytest.raises(BadValue, match="UTF-8"):
            _read("title", "bad\udcff", how)


KIND_CHECKS = {
    "str": lambda v: isinstance(v, str),
    "bool": lambda v: isinstance(v, bool),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, float),
    "date": lambda v: isinstance(v, dt.date | str),
    "list": lambda v: isinstance(v, list),
    "map": lambda v: isinstance(v, dict),
}


@given(
    text=st.text(max_size=30) | st.sampled_from(["true", "1", "2.5", "[a]", "a: b", "2020-01-02"]),
    kind=st.sampled_from(sorted(KIND_CHECKS)),
    how=st.sampled_from(["typed", "form"]),
)
@settings(max_examples=300, deadline=None)
def test_any_text_gives_a_value_of_the_fields_kind_or_a_reason(text, kind, how):
    try:
        value = read_value(text, "k", FieldType("k", kind, "in 1 of 1 posts"), how)
    except BadValue as exc:
        assert str(exc)
        return
    assert KIND_CHECKS[kind](value), (text, kind, value)

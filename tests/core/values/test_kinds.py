"""Value kinds: the coarse kind every part counts by, the editor kind, and typed text."""

from __future__ import annotations

import datetime as dt

import pytest

from editor.core.values.kinds import (
    EDITOR_KINDS,
    VALUE_KINDS,
    coerce_value,
    editor_kind,
    value_kind,
)


@pytest.mark.parametrize(
    ("value", "date_format", "kind"),
    [
        (True, None, "bool"),
        (3, None, "int"),
        (2.5, None, "float"),
        (dt.datetime(2020, 9, 30, 7, 25), None, "datetime"),
        (dt.date(2020, 9, 30), None, "date"),
        (["a", "b"], None, "list"),
        ([{"a": 1}], None, "map"),
        ({"a": 1}, None, "map"),
        ("2020-09-30-07-25-20", "%Y-%m-%d-%H-%M-%S", "datefmt"),
        ("2020-09-30", None, "text"),
        ("plain", None, "text"),
        (None, None, "text"),
    ],
)
def test_editor_kind_refines_the_value_kind(value, date_format, kind):
    assert editor_kind(value, date_format) == kind
    assert kind in EDITOR_KINDS


def test_every_value_kind_coerces_to_a_value_of_its_editor_kind():
    samples = {
        "text": " a b ",
        "bool": "yes",
        "int": " 42 ",
        "float": "2.5",
        "date": "2020-09-30",
        "datetime": "2020-09-30T07:25:00",
        "list": " a, b ,",
    }
    assert set(samples) == set(VALUE_KINDS)
    for kind, text in samples.items():
        value = coerce_value(text, kind)
        assert editor_kind(value) == kind, kind
    assert coerce_value(" a, b ,", "list") == ["a", "b"]
    assert value_kind(coerce_value("2020-09-30", "date")) == "date"


def test_coerce_value_refuses_what_it_cannot_read():
    with pytest.raises(ValueError):
        coerce_value("maybe", "bool")
    with pytest.raises(ValueError):
        coerce_value("x", "colour")

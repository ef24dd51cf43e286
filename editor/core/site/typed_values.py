"""Values typed as text, read in the type the site gives their field.

A field's type comes from the site (`field_type`): the type pinned in ``masthead.toml``
(``[fields.NAME] type``), else the kind nearly all of its values have in the posts (the
schema's field statistics): ``featured`` that is true or false in 62 of 62 posts is a
boolean field. Mixed fields have no type.

`read_value` is the one decision from typed text to a value, for ``masthead set
KEY=VALUE``, the bulk dialog's Set field and the table's cells. ``how`` says how to read:

``"typed"``   (``masthead set``) read as YAML, then in the field's type: ``true`` in a
              boolean field, ``tags=news`` a one-item list, ``title=2020`` the text
              "2020". Where the site's type and the value disagree (``title=Hello: world``
              is a map, ``featured=maybe`` text in a boolean field) it refuses, saying
              why. A field without a type reads as YAML.
``"form"``    (a box in the window) as ``"typed"``, but a text field, or one without a
              type, takes the text as it was typed.
``"yaml"``    raw YAML, whatever the field.
``"string"``  the text as it is.

Refusals are ``BadValue`` (a ValueError) whose text says what the field holds and what
the value reads as. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from editor.core.post.formats.cli_values import BadValue, check_text, parse_value
from editor.core.site.schema import Schema
from editor.core.values import dates
from editor.core.values.kinds import coerce_value, value_kind

HOWS = ("typed", "form", "yaml", "string")
# A field has a type when this share of its values (nulls aside) have one kind.
TYPED_SHARE = 0.9

# What a value of each kind is, in words (for messages).
_KIND_WORDS = {
    "str": "text",
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "date": "a date",
    "list": "a list",
    "map": "a map of fields",
}
# What a value read from the text is, in words, by its kind.
_READS_AS = {
    "str": "is text",
    "text": "is text",
    "bool": "reads as true or false",
    "int": "reads as a whole number",
    "float": "reads as a number",
    "date": "reads as a date",
    "list": "reads as a list",
    "map": "reads as a map (a colon and a space start a key)",
    "null": "reads as no value (null)",
}
# Names of the kinds in the window's boxes, and the value kinds they mean.
_ALIASES = {"text": "str", "datetime": "date"}


@dataclass(frozen=True)
class FieldType:
    """The type a site gives one field: ``kind`` is a value kind (``str``, ``bool``,
    ``int``, ``float``, ``date``, ``list``, ``map``); ``source`` says where it comes
    from, in words ("in 62 of 62 posts", "in masthead.toml"; "" for a type chosen by
    the user). ``with_time``: a date field whose dates carry a time."""

    name: str
    kind: str
    source: str = ""
    with_time: bool = False

    def describe(self) -> str:
        """'featured' is true or false in 62 of 62 posts."""
        words = _KIND_WORDS.get(self.kind, self.kind)
        if not self.source:
            return f"'{self.name}' should be {words}"
        return f"'{self.name}' is {words} {self.source}"


def chosen_type(name: str, kind: str) -> FieldType:
    """The type a user picked in a box (``text``, ``bool``, ... ``datetime``, ``list``)."""
    return FieldType(name, _ALIASES.get(kind, kind), "", kind == "datetime")


def field_type(schema: Schema | None, name: str) -> FieldType | None:
    """The type the site gives ``name`` (see module docstring), or None."""
    if schema is None:
        return None
    rule = schema.config.fields.get(name)
    if rule is not None and rule.type not in (None, "null"):
        kind = _ALIASES.get(rule.type, rule.type)
        return FieldType(name, kind, "in masthead.toml", _with_time(schema, name))
    stats = schema.fields.get(name)
    if stats is None:
        return None
    counts: dict[str, int] = {}
    for seen, count in stats.kinds.items():
        if seen == "null":
            continue
        kind_name = _ALIASES.get(str(seen), str(seen))
        counts[kind_name] = counts.get(kind_name, 0) + count
    if "int" in counts and "float" in counts:  # whole and decimal numbers: numbers
        counts["float"] += counts.pop("int")
    total = sum(counts.values())
    if not total:
        return None
    kind, count = max(counts.items(), key=lambda item: item[1])
    if count < TYPED_SHARE * total:
        return None
    return FieldType(name, kind, f"in {count} of {total} posts", _with_time(schema, name))


def _with_time(schema: Schema, name: str) -> bool:
    stats = schema.fields.get(name)
    fmt = stats.main_date_format if stats is not None else None
    return bool(fmt and dates.has_time(fmt))


def box_kind(field: FieldType | None) -> str:
    """The kind a value box of the window starts with for a field (one of
    ``kinds.VALUE_KINDS``): the site's type, or text."""
    if field is None:
        return "text"
    if field.kind == "date":
        return "datetime" if field.with_time else "date"
    if field.kind in ("bool", "int", "float", "list"):
        return field.kind
    return "text"


def read_value(text: str, key: str, field: FieldType | None, how: str = "typed") -> Any:
    """The value ``text`` stands for in field ``key`` (see module docstring); BadValue
    saying why when it cannot be used."""
    if how not in HOWS:
        raise ValueError(f"unknown way to read a value: {how!r}")
    kind = field.kind if field is not None else None
    if how == "string" or (how == "form" and kind in (None, "str")):
        check_text(text, f"the value of {key}")
        return text
    if how == "yaml" or field is None:
        return parse_value(text, key)
    assert kind is not None
    if kind == "bool":
        try:
            return coerce_value(text, "bool")
        except ValueError:
            pass
        value = parse_value(text, key)
        raise _refusal(field, text, value)
    value = parse_value(text, key)
    got = value_kind(value)
    if kind == "str":
        if isinstance(value, str):
            return value
        if isinstance(value, bool | int | float | dt.date):
            return text.strip()  # "2020", "true": the text, as the field holds text
    elif kind == "int":
        if got == "int":
            return value
    elif kind == "float":
        if got in ("int", "float"):
            return float(value)
    elif kind == "date":
        if isinstance(value, str) and got == "date":
            try:  # ISO text YAML leaves as text ("2020-01-02 03:04"): a date and time
                return dt.datetime.fromisoformat(value.strip())
            except ValueError:
                return value  # the site's own format ("2020-01-02-03-04-00"), as text
        if got == "date":
            return value
    elif kind == "list":
        if isinstance(value, list):
            return value
        if isinstance(value, str):
            return coerce_value(value, "list")
        if got in ("bool", "int", "float", "date"):
            return [value]
    elif kind == "map":
        if isinstance(value, dict):
            return value
    raise _refusal(field, text, value)


def _refusal(field: FieldType, text: str, value: Any) -> BadValue:
    got = value_kind(value)
    if isinstance(value, str) and got == "date":
        got = "str"  # text shaped like a date is still text where a date field wants one
    shown = text if len(text) <= 60 else text[:59] + "…"
    return BadValue(f"{field.describe()}, but '{shown}' {_READS_AS.get(got, 'is ' + got)}")

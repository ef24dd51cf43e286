"""The kind of a front-matter value, by one set of names used everywhere.

``str``, ``text`` (several lines), ``bool``, ``int``, ``float``, ``date``
(a date, a datetime, or a string in a date format the site uses),
``list``, ``map`` and ``null``: the form picks its widgets by them, the schema
counts them, the checks compare them (`value_kind`).

An editor of one value (a table cell, the bulk dialog) needs a finer cut: a date
apart from a datetime, and a date written as text in the site's own format
(`editor_kind`). `coerce_value` is the one conversion from typed text to a value
of one of those kinds.
"""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import Any

from editor.core.values import dates

KINDS = ("str", "text", "bool", "int", "float", "date", "list", "map", "null")


def value_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, date):
        return "date"
    if isinstance(value, str):
        if "\n" in value.strip():
            return "text"
        return "date" if dates.detect_format(value.strip()) else "str"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, dict):
        return "map"
    return "str"


# Kinds of editor: the finer cut of a value kind that picks how one value is edited.
EDITOR_KINDS = ("bool", "int", "float", "date", "datetime", "datefmt", "list", "map", "text")
# Kinds a value typed as text can be turned into (`coerce_value`).
VALUE_KINDS = ("text", "bool", "int", "float", "date", "datetime", "list")


def editor_kind(value: Any, date_format: str | None = None) -> str:
    """Which editor a value needs (one of EDITOR_KINDS); by `value_kind`, refined.

    ``date_format`` is the site's format of a date written as text (``datefmt``).
    """
    if isinstance(value, str):
        return "datefmt" if date_format else "text"
    kind = value_kind(value)
    if kind == "date":
        return "datetime" if isinstance(value, dt.datetime) else "date"
    if kind == "list":
        return "list" if all(not isinstance(v, dict | list) for v in value) else "map"
    return kind if kind in EDITOR_KINDS else "text"


def coerce_value(text: str, kind: str) -> Any:
    """Turn what the user typed into a typed value; raises ValueError with a readable reason."""
    text = text.strip() if kind != "text" else text
    if kind == "text":
        return text
    if kind == "bool":
        lowered = text.lower()
        if lowered in ("true", "yes", "on", "1"):
            return True
        if lowered in ("false", "no", "off", "0"):
            return False
        raise ValueError(f"{text!r} is not true or false")
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "date":
        return dt.date.fromisoformat(text)
    if kind == "datetime":
        return dt.datetime.fromisoformat(text)
    if kind == "list":
        return [item.strip() for item in text.split(",") if item.strip()]
    raise ValueError(f"unknown value kind {kind!r}")

"""The kind of a front-matter value, by one set of names used everywhere.

``str``, ``text`` (several lines), ``bool``, ``int``, ``float``, ``date``
(a date, a datetime, or a string in a date format the site uses),
``list``, ``map`` and ``null``: the form picks its widgets by them, the schema
counts them, the checks compare them.
"""

from __future__ import annotations

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

"""Field names a filter asks for that no post has, with the close match it likely meant.

``tag:news`` on a site whose posts have ``tags`` matches nothing, silently; the window's
filter box and ``masthead set --where`` say so instead: "no post has a field 'tag'; did you
mean 'tags'?". Field names compare without case, as the filter language does.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from editor.core.site.query import Query

# Term keys that are no field names: plain words, full text, and the post's marks.
_NOT_FIELDS = (None, "body", "is")


def asked_fields(query: Query) -> list[str]:
    """The field names the query's terms name (lowercased), in order, once each."""
    names: list[str] = []
    for term in query.terms:
        if term.key in _NOT_FIELDS:
            continue
        name = term.value if term.key in ("has", "no") else term.key
        if name and name not in names:
            names.append(name)
    return names


def unknown_field_warnings(names: Iterable[str], known: Iterable[str]) -> list[str]:
    """A sentence for each name no post has (a dotted name by its first part), with the
    closest known name when there is one."""
    lowered = {name.lower(): name for name in known}
    warnings = []
    for name in names:
        top = name.split(".", 1)[0].lower()
        if not top or top in lowered:
            continue
        close = difflib.get_close_matches(top, list(lowered), n=1, cutoff=0.6)
        warning = f"no post has a field '{name}'"
        if close:
            warning += f"; did you mean '{lowered[close[0]]}'?"
        warnings.append(warning)
    return warnings


def query_warnings(query: Query, known: Iterable[str]) -> list[str]:
    """`unknown_field_warnings` for the fields a parsed filter names."""
    return unknown_field_warnings(asked_fields(query), known)

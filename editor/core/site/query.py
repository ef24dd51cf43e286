"""The post list's filter language: parse a query once, then test thousands of records fast.

Terms are separated by spaces and must all match (AND); ``-`` before a term negates it.

==========================  ==============================================================
``ferry harbour``           each word appears in the title or the file name (any case)
``"law & order"``           the phrase appears in the body or the title (full text)
``body:ferry``              the word appears in the body; ``body:"two words"`` a phrase
``categories:news``         a list field contains the item (whole item, any case)
``featured:true``           a boolean field (``true/false/yes/no/on/off/1/0``)
``title:ferry``             a string field contains the text (any case)
``date:2020-09``            a date field starts with it (ISO order, whatever the file's
                            format: ``2020-09-30-07-25-20`` matches ``date:2020-09-30``)
``date:>=2020-01-01``       dates and numbers compare with ``> >= < <=``
``has:image``               the field exists and is not empty; ``no:image`` the opposite
``is:error``                the file failed to parse (``is:ok`` the opposite); where the
                            caller passes an ``error`` mark (the Problems panel's posts
                            with an error), exactly those posts
``is:draft``                the post's publish state (``publish``): ``is:draft``,
                            ``is:scheduled``, ``is:expired``, ``is:published``; by the
                            caller's marks where given, else by the default rules
``is:changed``              the post differs from git's last commit (``is:modified``,
                            ``is:new``, ``is:untracked``, ``is:conflicted`` by state),
                            where the caller passes the states (``marks``)
==========================  ==============================================================

Field names are case-insensitive. Lowercased values are computed once per record and
kept on it (``PostRecord.search_fields``, and ``search_text`` for plain words), so
filtering 10,000 records takes a few ms. ``Query.narrows`` tells when a new query can
only drop matches of the previous one (a word typed further, a term added), so a
filter box can test just the previous matches.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from editor.core.site.publish import PUBLISHED, publish_state
from editor.core.site.publish import STATES as PUBLISH_STATES
from editor.core.site.records import PostRecord, read_body_text
from editor.core.values.date_shapes import date_info

if TYPE_CHECKING:
    from editor.core.site.index import SiteIndex

Predicate = Callable[[PostRecord], bool]

_TOKEN = re.compile(r'(-?)(?:([\w.-]+):)?(?:"([^"]*)"?|(\S+))')
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
_OPERATORS = (">=", "<=", ">", "<")


@dataclass
class Term:
    key: str | None  # None: plain words; "body", "has", "no", "is" or a field name
    value: str
    phrase: bool = False
    negated: bool = False


@dataclass
class Query:
    text: str
    terms: list[Term] = field(default_factory=list)
    predicates: list[tuple[Predicate, bool]] = field(default_factory=list)  # (test, negated)

    @property
    def needs_body(self) -> bool:
        return any(t.key == "body" or (t.key is None and t.phrase) for t in self.terms)

    @property
    def empty(self) -> bool:
        return not self.terms

    @property
    def plain_words(self) -> list[str] | None:
        """The words, when every term is a plain word (not negated, not a phrase): such a
        query matches exactly the records whose ``search_text`` contains all of them."""
        if any(t.key is not None or t.phrase or t.negated for t in self.terms):
            return None
        return [t.value for t in self.terms]

    def test(self, record: PostRecord) -> bool:
        for predicate, negated in self.predicates:
            if predicate(record) == negated:
                return False
        return True

    def narrows(self, previous: Query) -> bool:
        """Whether every record this query matches also matches ``previous``.

        True when each term of ``previous`` is still here, unchanged or (a plain word)
        typed further, in the same place; terms added after them only narrow more.
        """
        if len(self.terms) < len(previous.terms):
            return False
        for old, new in zip(previous.terms, self.terms, strict=False):
            if old == new:
                continue
            plain = old.key is None and not old.phrase and not old.negated
            if not (plain and new.key is None and not new.phrase and not new.negated):
                return False
            if old.value not in new.value:
                return False
        return True


def _lower_value(value) -> list[str]:
    """Lowercased texts, each prefixed by its kind: l(ist item), b(ool), n(umber), d(ate
    sort key) or s(tring). One flat string per value keeps filtering cache-friendly."""
    if isinstance(value, bool):
        return ["btrue" if value else "bfalse"]
    if isinstance(value, int | float):
        return ["n" + repr(value)]
    if isinstance(value, datetime):
        return ["d" + value.strftime("%Y-%m-%dT%H:%M:%S"), "s" + str(value).lower()]
    if isinstance(value, date):
        return ["d" + value.strftime("%Y-%m-%dT00:00:00"), "s" + value.isoformat()]
    if isinstance(value, list | tuple):
        return ["l" + item[1:] for v in value for item in _lower_value(v)[:1]]
    if isinstance(value, dict):
        return ["s" + str(v).lower() for v in value.values()]
    if value is None:
        return []
    text = str(value).strip()
    info = date_info(text) if text[:1].isdigit() else None
    return ["s" + text.lower(), "d" + info[1]] if info else ["s" + text.lower()]


def search_fields(record: PostRecord) -> dict[str, tuple[str, ...]]:
    """The record's kind-prefixed lowercased values by lowercased field name (computed once)."""
    cached = record.search_fields
    if cached is None:
        cached = {key.lower(): tuple(_lower_value(v)) for key, v in record.metadata.items()}
        record.search_fields = cached
    return cached


def search_text(record: PostRecord) -> str:
    """What plain words search: the title and file name, lowercased (computed once)."""
    text = record.search_text
    if text is None:
        name = record.rel.rpartition("/")[2]
        text = record.search_text = f"{record.title.lower()}\n{name.lower()}"
    return text


def prepare(records: Iterable[PostRecord]) -> None:
    """Compute every record's search data now (e.g. on the indexing thread), so the first
    filter typed in the window does not pay for it."""
    for record in records:
        search_fields(record)
        search_text(record)


GIT_MARKS = ("changed", "modified", "new", "untracked", "deleted", "conflicted")


def marks_from_states(states: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """The ``is:`` marks of git states keyed by path: each state, and "changed" for all."""
    marks: dict[str, set[str]] = {mark: set() for mark in GIT_MARKS}
    for path, state in states.items():
        marks["changed"].add(path)
        marks.setdefault(state, set()).add(path)
    return {mark: frozenset(paths) for mark, paths in marks.items()}


def parse_query(text: str, marks: Mapping[str, AbstractSet[str]] | None = None) -> Query:
    """Split the query into terms (see module docstring); unknown syntax is taken literally.

    ``marks`` names sets of paths that ``is:NAME`` matches (git states, for one).
    """
    query = Query(text)
    for match in _TOKEN.finditer(text):
        negated, key, quoted, bare = match.groups()
        phrase = quoted is not None
        value = (quoted if phrase else bare) or ""
        if not value and key is None:
            continue
        term = Term(key.lower() if key else None, value.lower(), phrase, bool(negated))
        query.terms.append(term)
        query.predicates.append((_predicate(term, marks), term.negated))
    return query


def _predicate(term: Term, marks: Mapping[str, AbstractSet[str]] | None = None) -> Predicate:
    key, value = term.key, term.value
    if key is None:
        if term.phrase:
            return lambda r: value in r.title.lower() or value in (r.body_lower or "")
        return lambda r: value in (r.search_text or search_text(r))
    if key == "body":
        return lambda r: value in (r.body_lower or "")
    if key == "is":
        if value in ("error", "invalid", "broken", "ok") and marks and "error" in marks:
            errors = marks["error"]
            if value == "ok":
                return lambda r: os.fspath(r.path) not in errors
            return lambda r: os.fspath(r.path) in errors
        if value in ("error", "invalid", "broken"):
            return lambda r: r.error is not None
        if value in PUBLISH_STATES:
            return _publish_predicate(value, marks)
        if value in GIT_MARKS or (marks is not None and value in marks):
            marked = (marks or {}).get(value, frozenset())
            return lambda r: os.fspath(r.path) in marked
        return lambda r: r.error is None
    if key in ("has", "no"):
        name = value
        present: Predicate = lambda r: bool((r.search_fields or search_fields(r)).get(name))  # noqa: E731
        return present if key == "has" else (lambda r: not present(r))
    return _field_predicate(key, value)


def _publish_predicate(state: str, marks: Mapping[str, AbstractSet[str]] | None) -> Predicate:
    """``is:draft`` and the other publish states: the caller's marks of the states that are
    not ``published`` (all of them given, or none), else the default rules, now."""
    if marks is not None and all(s in marks for s in PUBLISH_STATES if s != PUBLISHED):
        if state == PUBLISHED:
            not_live = set().union(*(marks[s] for s in PUBLISH_STATES if s != PUBLISHED))
            return lambda r: r.error is None and os.fspath(r.path) not in not_live
        marked = marks[state]
        return lambda r: os.fspath(r.path) in marked
    now = datetime.now()
    return lambda r: r.error is None and publish_state(r, None, now) == state


def _field_predicate(name: str, value: str) -> Predicate:
    op = next((o for o in _OPERATORS if value.startswith(o)), None)
    if op is not None:
        return _comparison(name, op, value[len(op) :])
    boolean = "true" if value in _TRUE else "false" if value in _FALSE else None

    exact = {"l" + value, "n" + value}
    if boolean is not None:
        exact.add("b" + boolean)
    date_prefix = "d" + value

    def test(record: PostRecord) -> bool:
        for text in (record.search_fields or search_fields(record)).get(name, ()):
            if text in exact or text.startswith(date_prefix):
                return True
            if text[0] == "s" and value in text[1:]:
                return True
        return False

    return test


def _comparison(name: str, op: str, bound: str) -> Predicate:
    try:
        number: float | None = float(bound)
    except ValueError:
        number = None
    compare = {
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
    }[op]
    # A partial date bound ("2020-09") compares on the same number of characters; dates
    # keep their "T" upper case, the query text is lowercased.
    width = len(bound)
    date_bound = bound.upper()

    def test(record: PostRecord) -> bool:
        for text in (record.search_fields or search_fields(record)).get(name, ()):
            if text[0] == "d" and compare(text[1 : width + 1], date_bound):
                return True
            if text[0] == "n" and number is not None and compare(float(text[1:]), number):
                return True
        return False

    return test


def matches(record: PostRecord, query: Query | str) -> bool:
    """Whether the record passes every term of the query.

    Body terms read ``record.body_lower``; use ``filter_records`` with an index so bodies
    are loaded first.
    """
    if isinstance(query, str):
        query = parse_query(query)
    if record.body_lower is None and query.needs_body:
        record.body_lower = read_body_text(record.path)
    return query.test(record)


def filter_records(
    records: Iterable[PostRecord], query: Query | str, index: SiteIndex | None = None
) -> list[PostRecord]:
    """The records that match, in their given order; loads bodies via index when needed."""
    if isinstance(query, str):
        query = parse_query(query)
    if query.empty:
        return list(records)
    records = list(records)
    if query.needs_body:
        if index is not None:
            index.load_bodies()
        for record in records:
            if record.body_lower is None:
                record.body_lower = read_body_text(record.path)
    test = query.test
    return [r for r in records if test(r)]

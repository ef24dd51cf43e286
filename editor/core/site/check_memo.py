"""What the site checks found per post, kept between runs so a save re-checks one post.

``checks.run_checks(..., memo=CheckMemo())`` gives the same problems as a run without a
memo. A memo kept for one site (the workspace keeps one per open folder) lets the next
run skip every post whose record is the same object as in the last run (the index
replaces the record of a changed file and keeps the others):

- ``per_post``: a check whose findings for one post depend only on that post and on a
  site context (the field statistics the check reads, the pinned rules), given as its
  ``key``. While the key equals the last run's, only the changed records are checked;
  when it changes (a save made a field common, or a kind the usual one), every post is
  checked again.
- ``groups``: the posts that share a title or a slug, regrouped for the changed
  records only.
- ``not_live``: the publish state of each post, which also depends on the time: each
  post's state holds until the next of its own dates, so a later run checks again only
  the changed posts, or every post once one of those dates has passed.
- ``sparse``: a value worked out per post (the files an image reference may name),
  for the posts where it is not empty.
- ``pages``: which paths are posts and their translation keys, for one list of paths.

When the list of paths is not the last run's (a post added, removed or renamed), each
check runs over every post, as without a memo. A memo serves one run at a time (the
workspace's analysis runner); a lock keeps it whole should two runs ever overlap.
Pure Python.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from editor.core.site.problem import Problem
from editor.core.site.records import PostRecord

T = TypeVar("T")
Check = Callable[[list[PostRecord]], Iterable[Problem]]
GroupKeys = Callable[[PostRecord], tuple[Any, ...]]


def _by_path(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    found: dict[str, list[Problem]] = {}
    for problem in problems:
        found.setdefault(problem.path, []).append(problem)
    return found


class _Family:
    """One check's findings by path (only paths with findings), for one context key."""

    def __init__(self, key: Any, run: int):
        self.key = key
        self.run = run  # the run it was last brought up to date in
        self.found: dict[str, list[Problem]] = {}

    def problems(self) -> list[Problem]:
        return [p for found in self.found.values() for p in found]


class _Values:
    """A value worked out per post, by path (only the posts where it is not empty)."""

    def __init__(self, key: Any, run: int):
        self.key = key
        self.run = run
        self.found: dict[str, tuple[PostRecord, Any]] = {}


class _Groups:
    """Posts by the value they must not share with another post (one per kind of key)."""

    key = None  # no context: the keys of a post depend on the post alone

    def __init__(self, run: int, kinds: int):
        self.run = run
        self.keys: dict[str, tuple[Any, ...]] = {}  # path -> its key of each kind
        self.members: list[dict[Any, dict[str, PostRecord]]] = [{} for _ in range(kinds)]
        self.shared_keys: list[dict[Any, None]] = [{} for _ in range(kinds)]  # > 1 member
        self.position: dict[str, int] = {}

    def add(self, record: PostRecord, keys: tuple[Any, ...]) -> None:
        self.keys[record.path] = keys
        for kind, key in enumerate(keys):
            if key is not None:
                group = self.members[kind].setdefault(key, {})
                group[record.path] = record
                if len(group) > 1:
                    self.shared_keys[kind][key] = None

    def remove(self, path: str) -> None:
        for kind, key in enumerate(self.keys.pop(path, ())):
            group = self.members[kind].get(key)
            if group is not None:
                group.pop(path, None)
                if len(group) < 2:
                    self.shared_keys[kind].pop(key, None)
                if not group:
                    del self.members[kind][key]

    def shared(self) -> list[list[tuple[Any, list[PostRecord]]]]:
        """For each kind, the keys more than one post has, with those posts in order."""
        order = self.position.__getitem__
        return [
            [
                (key, sorted(self.members[kind][key].values(), key=lambda r: order(r.path)))
                for key in shared
            ]
            for kind, shared in enumerate(self.shared_keys)
        ]


class _NotLive:
    """The not-live findings by path, valid while the time stays in [since, until)."""

    def __init__(self, key: Any, run: int, now: str):
        self.key = key
        self.run = run
        self.since = now
        self.until: str | None = None  # the earliest date at which a state may change
        self.found: dict[str, list[Problem]] = {}

    def note(self, points: Iterable[str], now: str) -> None:
        later = [p for p in points if p > now]
        if later and (self.until is None or min(later) < self.until):
            self.until = min(later)

    def holds_at(self, now: str) -> bool:
        return self.since <= now and (self.until is None or now < self.until)


class CheckMemo:
    """Per-post results of the site checks of one site (see the module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._run = 0
        self._paths: tuple[str, ...] = ()
        self._last: dict[str, PostRecord] = {}
        self._changed: list[PostRecord] = []
        self._same_paths = False
        self._families: dict[str, _Family] = {}
        self._groups: dict[str, _Groups] = {}
        self._values: dict[str, _Values] = {}
        self._not_live: _NotLive | None = None
        self._pages: tuple[tuple[str, ...], Any] | None = None

    # -- one run

    def start(self, records: Sequence[PostRecord]) -> None:
        """Begin a run over these records: note the ones new or changed since the last."""
        with self._lock:
            paths = tuple(r.path for r in records)
            last = self._last
            self._same_paths = paths == self._paths
            self._changed = [r for r in records if last.get(r.path) is not r]
            self._paths = paths
            if self._changed or not self._same_paths:
                self._last = dict(zip(paths, records, strict=True))
            self._run += 1

    def _up_to_date(self, family: Any, key: Any) -> bool:
        """Whether the family can be brought up to date from the changed records alone."""
        return (
            family is not None
            and self._same_paths
            and family.run == self._run - 1
            and family.key == key
        )

    def per_post(
        self,
        name: str,
        key: Any,
        records: Sequence[PostRecord],
        check: Check,
        member: Callable[[PostRecord], bool],
    ) -> list[Problem]:
        """``check(records)`` (each finding about one record, and depending on nothing
        but that record and ``key``); ``member`` tells which records are among the ones
        given (the changed ones are tested)."""
        with self._lock:
            family = self._families.get(name)
            if family is not None and self._up_to_date(family, key):
                for record in self._changed:
                    family.found.pop(record.path, None)
                family.found.update(_by_path(check([r for r in self._changed if member(r)])))
            else:
                family = self._families[name] = _Family(key, self._run)
                family.found = _by_path(check(list(records)))
            family.run = self._run
            return family.problems()

    def sparse(
        self,
        name: str,
        key: Any,
        records: Sequence[PostRecord],
        work: Callable[[PostRecord], T],
        member: Callable[[PostRecord], bool],
    ) -> list[tuple[PostRecord, T]]:
        """(record, ``work(record)``) for the records where that is not empty, worked out
        again for the changed records only while ``key`` stays the same."""
        with self._lock:
            family = self._values.get(name)
            if family is not None and self._up_to_date(family, key):
                for record in self._changed:
                    family.found.pop(record.path, None)
                    if member(record) and (value := work(record)):
                        family.found[record.path] = (record, value)
            else:
                family = self._values[name] = _Values(key, self._run)
                for record in records:
                    if value := work(record):
                        family.found[record.path] = (record, value)
            family.run = self._run
            return list(family.found.values())

    def groups(
        self,
        name: str,
        records: Sequence[PostRecord],
        keys_of: GroupKeys,
        kinds: int,
        member: Callable[[PostRecord], bool],
    ) -> list[list[tuple[Any, list[PostRecord]]]]:
        """For each of the ``kinds`` keys ``keys_of`` gives a record (None: no key), the
        keys that more than one of ``records`` share, with those records in order."""
        with self._lock:
            groups = self._groups.get(name)
            if groups is not None and self._up_to_date(groups, None):
                for record in self._changed:
                    groups.remove(record.path)
                    if member(record):
                        groups.add(record, keys_of(record))
            else:
                groups = self._groups[name] = _Groups(self._run, kinds)
                groups.position = {path: i for i, path in enumerate(self._paths)}
                for record in records:
                    groups.add(record, keys_of(record))
            groups.run = self._run
            return groups.shared()

    def not_live(
        self,
        key: Any,
        records: Sequence[PostRecord],
        now: str,
        check: Check,
        points: Callable[[PostRecord], Iterable[str]],
        member: Callable[[PostRecord], bool],
    ) -> list[Problem]:
        """``check(records)`` for findings that change with the time ``now`` (sortable
        text) only as it passes one of the record's ``points``."""
        with self._lock:
            family = self._not_live
            if family is not None and self._up_to_date(family, key) and family.holds_at(now):
                for record in self._changed:
                    family.found.pop(record.path, None)
                changed = [r for r in self._changed if member(r)]
                family.found.update(_by_path(check(changed)))
            else:
                family = self._not_live = _NotLive(key, self._run, now)
                changed = list(records)
                family.found = _by_path(check(changed))
            for record in changed:
                family.note(points(record), now)
            family.run = self._run
            family.since = now  # a clock set back checks every post again
            return [p for found in family.found.values() for p in found]

    def pages(self, rels: Sequence[str], classify: Callable[[Sequence[str]], T]) -> T:
        """``classify(rels)``, again only when the paths differ from the last call's."""
        with self._lock:
            wanted = tuple(rels)
            if self._pages is None or self._pages[0] != wanted:
                self._pages = (wanted, classify(wanted))
            return self._pages[1]


def per_post(
    memo: CheckMemo | None,
    name: str,
    key: Any,
    records: Sequence[PostRecord],
    check: Check,
    member: Callable[[PostRecord], bool],
) -> list[Problem]:
    """``memo.per_post``, or the check over every record when there is no memo."""
    if memo is None:
        return list(check(list(records)))
    return memo.per_post(name, key, records, check, member)

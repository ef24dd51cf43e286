"""Front matter that site generators build although it is odd: read as they read it, and said.

Two things the YAML loaders of the generators accept (Ruby's Psych for Jekyll, PyYAML,
Go's yaml for Hugo) that Masthead used to refuse:

- a key written twice in one mapping: the loaders keep the LAST value, so Masthead
  shows and edits the last one (``fm_yaml`` finds the last occurrence);
- a timestamp-looking scalar that is not a real day (``2017-02-29``, ``2021-13-04``):
  Psych keeps such a scalar as a string. Masthead keeps it as text, exactly as written,
  and never "corrects" it (PyYAML's own timestamp constructor raises on it).

Neither is an error: each is a ``FrontMatterWarning`` (the duplicate key with every
line it is written on, the impossible date with its field), which the post model
exposes as ``Post.warnings`` and the checks report. JSON front matter with a key
written twice is read the same way (Python's, Ruby's, Go's and JavaScript's JSON
readers keep the last value); see ``fm_json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
DUPLICATE_KEY = "duplicate-key"
IMPOSSIBLE_DATE = "impossible-date"
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = SafeConstructor()


@dataclass(frozen=True, slots=True)
class FrontMatterWarning:
    """Something a post's generator accepts that deserves a look.

    ``lines`` (1-based) are every line a duplicate key is written on, or the line of an
    impossible date; ``written`` is that date's text.
    """

    code: str  # DUPLICATE_KEY | IMPOSSIBLE_DATE
    key: str  # the field, dotted when nested ("author.name")
    lines: tuple[int, ...]
    written: str = ""

    @property
    def line(self) -> int:
        """Where to look: the occurrence in effect (the last), or the date's line."""
        return self.lines[-1]

    @property
    def message(self) -> str:
        if self.code == DUPLICATE_KEY:
            shown = ", ".join(map(str, self.lines[:-1])) + f" and {self.lines[-1]}"
            times = "twice" if len(self.lines) == 2 else f"{len(self.lines)} times"
            return (
                f"the key '{self.key}' is written {times} (lines {shown}); "
                f"the site generator reads the last one, line {self.lines[-1]}"
            )
        field = f"'{self.key}'" if self.key else "the front matter"
        return (
            f"{field} holds '{self.written}', which is not a real date; "
            "it is kept as text, exactly as written"
        )

    def shifted(self, offset: int) -> FrontMatterWarning:
        """The same warning with lines counted ``offset`` further (into file lines)."""
        lines = tuple(line + offset for line in self.lines)
        return FrontMatterWarning(self.code, self.key, lines, self.written)

    def as_tuple(self) -> tuple:
        """(line, code, message, key): plain data, for the index and its cache."""
        return (self.line, self.code, self.message, self.key)


def duplicate_key_warning(key: str, lines: list[int]) -> FrontMatterWarning:
    """The warning for ``key`` written on each of ``lines`` (1-based, in file order)."""
    return FrontMatterWarning(DUPLICATE_KEY, key, tuple(lines))


def is_real_timestamp(node: ScalarNode) -> bool:
    try:
        _CONSTRUCTOR.construct_yaml_timestamp(node)
    except (ValueError, TypeError, OverflowError):
        return False
    return True


def _timestamp_or_text(constructor: SafeConstructor, node: ScalarNode) -> Any:
    """A date or datetime as PyYAML builds it, or, for a day that does not exist, the
    text exactly as written (what Ruby's Psych gives)."""
    try:
        return constructor.construct_yaml_timestamp(node)
    except (ValueError, TypeError, OverflowError):
        constructor.odd_found = True
        return node.value


class TolerantLoader(_BaseLoader):
    """The safe loader (libyaml's when built), with impossible dates kept as text.

    ``odd_found`` becomes True when construction met an impossible date or a mapping
    with a key written twice: the index then lets the post model word the warnings.
    """

    odd_found = False

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict:
        if isinstance(node, MappingNode) and not self.odd_found and _has_duplicate_keys(node):
            self.odd_found = True
        return super().construct_mapping(node, deep=deep)


TolerantLoader.add_constructor(TIMESTAMP_TAG, _timestamp_or_text)


def _has_duplicate_keys(node: MappingNode) -> bool:
    keys = [k.value for k, _ in node.value if isinstance(k, ScalarNode) and k.value != "<<"]
    return len(set(keys)) != len(keys)


def load_tolerantly(text: str) -> tuple[Any, bool]:
    """(the data, whether anything odd was found) of YAML text, as ``yaml.load`` gives it
    but with impossible dates kept as text."""
    loader = TolerantLoader(text)
    try:
        return loader.get_single_data(), loader.odd_found
    finally:
        loader.dispose()


def find_warnings(root: Node | None) -> list[FrontMatterWarning]:
    """Duplicate keys and impossible dates in a composed tree; lines 1-based within its
    text. Each node is visited once, so shared (aliased) nodes cost nothing extra."""
    found: list[FrontMatterWarning] = []
    seen: set[int] = set()
    stack: list[tuple[Node, str]] = [(root, "")] if root is not None else []
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.tag == TIMESTAMP_TAG and not is_real_timestamp(node):
                found.append(_impossible_date(node, path))
        elif isinstance(node, SequenceNode):
            stack.extend((item, path) for item in reversed(node.value))
        elif isinstance(node, MappingNode):
            lines: dict[str, list[int]] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode):
                    name = key_node.value
                    if name != "<<":
                        lines.setdefault(name, []).append(key_node.start_mark.line + 1)
                    child = f"{path}.{name}" if path else name
                else:
                    child = path
                stack.append((value_node, child))
            for name, at in lines.items():
                if len(at) > 1:
                    found.append(duplicate_key_warning(f"{path}.{name}" if path else name, at))
    found.sort(key=lambda w: (w.line, w.code))
    return found


def _impossible_date(node: ScalarNode, path: str) -> FrontMatterWarning:
    return FrontMatterWarning(IMPOSSIBLE_DATE, path, (node.start_mark.line + 1,), node.value)

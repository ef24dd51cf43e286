"""Safe loading of YAML front matter with libyaml, keeping the node tree for edits.

Nothing is constructed from tags beyond plain data (the safe constructor);
alias bombs, recursive aliases and hostile nesting are refused before
construction. What the site generators accept is read as they read it (see
``yaml_tolerance``): a key written twice gives its last value, and an impossible
date such as 2017-02-29 stays text, exactly as written; ``find_warnings`` there
names both.
Errors are PostErrors with 1-based lines within the front matter.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from editor.core.errors import PostError
from editor.core.post.formats.flat_yaml import flat_yaml_text
from editor.core.post.formats.yaml_tolerance import TolerantLoader

Loader = TolerantLoader  # front matter: what a generator builds must open


class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Values the user types: a key written twice or an impossible date there is a
    mistake to report, not to keep (front matter on disk is read tolerantly)."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict:
        seen: set[str] = set()
        for key_node, _value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value != "<<":
                if key_node.value in seen:
                    raise PostError(
                        f"duplicate key '{key_node.value}': it is written twice",
                        line=key_node.start_mark.line + 1,
                    )
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


MAX_EXPANDED_NODES = 100_000
MAX_NESTING = 200
_STR_TAG = "tag:yaml.org,2002:str"


def _yaml_error(exc: yaml.YAMLError, text: str) -> PostError:
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    problem_mark = getattr(exc, "problem_mark", None)
    mark = first_mark(exc)
    if _at_tab(problem_mark, text) or _at_tab(mark, text) or "'\\t'" in problem:
        problem = "a tab character is used for indentation, and YAML allows only spaces"
        mark = problem_mark or mark  # the line with the tab
    elif context and "constructor" in type(exc).__module__:
        problem = f"{context}: {problem}"
    elif context and mark is not problem_mark:
        opened = next((what for key, what in _OPENED.items() if key in context), None)
        problem = f"{opened} ({problem})" if opened else f"{problem} ({context})"
    line = mark.line + 1 if mark is not None else None
    return PostError(f"invalid YAML in front matter: {problem}", line=line)


def _at_tab(mark, text: str) -> bool:
    return mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"


# What the writer opened on the line an error names (a PyYAML context) and never closed.
_OPENED = {
    "quoted scalar": "a quoted value that starts on this line is never closed",
    "flow sequence": "a [ list that starts on this line is not closed properly",
    "flow mapping": "a { mapping that starts on this line is not closed properly",
}


# A block collection's context mark is where the whole block starts (often the first
# line of the front matter): no help in finding the mistake, unlike a quoted scalar's
# or a flow collection's opening, where the problem begins.
_WHOLE_BLOCK_CONTEXTS = ("block mapping", "block collection", "block node", "document")


def first_mark(exc: yaml.YAMLError):
    """The earliest line PyYAML names for an error: where a quoted scalar or a flow
    collection that never ends starts (context_mark), else the problem's own mark."""
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    context_text = getattr(exc, "context", None) or ""
    if context is None or any(word in context_text for word in _WHOLE_BLOCK_CONTEXTS):
        return problem or context
    if problem is None or context.index <= problem.index:
        return context
    return problem


def _nesting_depth(text: str) -> int:
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return 0  # cannot nest deeper than the number of openers
    depth = best = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return best


def _check_graph(root: Node) -> None:
    """Refuse alias bombs, recursive aliases and deep nesting."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    # Iterative post-order walk, so hostile nesting cannot exhaust the Python stack.
    stack: list[tuple[Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, expanded = stack.pop()
        key = id(node)
        if expanded:
            in_progress.discard(key)
            total = 1
            for child in _children(node):
                total += sizes[id(child)]
            sizes[key] = total
            if total > MAX_EXPANDED_NODES:
                raise PostError(
                    "front matter expands to too many values (an alias bomb?)",
                    line=node.start_mark.line + 1,
                )
            continue
        if key in sizes:
            continue
        if key in in_progress:
            raise PostError(
                "front matter contains a recursive alias", line=node.start_mark.line + 1
            )
        if depth > MAX_NESTING:
            raise PostError("front matter is nested too deeply", line=node.start_mark.line + 1)
        in_progress.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            if id(child) not in sizes:
                stack.append((child, depth + 1, False))


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


_last_parse: tuple[str, MappingNode | None, dict[str, Any]] | None = None


def parse(text: str) -> tuple[MappingNode | None, dict[str, Any]]:
    """Compose and construct ``text``; lines in errors are 1-based within ``text``.

    The last successful result is remembered, because an edit verifies its new
    text by parsing it and the Post then adopts that same text.
    """
    global _last_parse
    cached = _last_parse
    if cached is not None and cached[0] == text:
        return cached[1], cached[2]
    root, metadata = parse_uncached(text)
    _last_parse = (text, root, metadata)
    return root, metadata


def parse_uncached(text: str) -> tuple[MappingNode | None, dict[str, Any]]:
    if _nesting_depth(text) > MAX_NESTING:
        raise PostError("front matter is nested too deeply")
    loader = Loader(text)
    node: Node | None = None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        if not isinstance(node, MappingNode):
            kind = "a list" if isinstance(node, SequenceNode) else "a single value"
            if isinstance(node, ScalarNode) and node.value == "" and node.tag != _STR_TAG:
                return None, {}
            raise PostError(
                f"front matter is {kind}, not a set of key: value fields",
                line=node.start_mark.line + 1,
            )
        flat = flat_yaml_text(text, text.split("\n"), 1) if "*" not in text else None
        if flat is not None:
            # Flat "key: value" lines (most posts): the same values as constructing the
            # nodes gives, several times faster; flat_yaml leaves duplicate keys and
            # impossible dates to the library.
            return node, flat[0]
        if "*" in text:  # only aliases make the graph bigger than the text (or cyclic)
            _check_graph(node)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text) from None
    except PostError:
        raise
    except (ValueError, TypeError, OverflowError) as exc:
        # A constructor's plain error (impossible dates no longer raise: they stay text).
        raise PostError(
            f"invalid value in front matter: {exc}",
            line=_bad_value_line(node) if node is not None else None,
        ) from None
    except RecursionError:
        raise PostError("front matter is nested too deeply") from None
    finally:
        loader.dispose()
    metadata: dict[str, Any] = {}
    for key, value in data.items():
        metadata[key if isinstance(key, str) else _key_text(key)] = value
    return node, metadata


def _bad_value_line(root: Node) -> int | None:
    """The line of the first timestamp-looking scalar that is not a real date."""
    stack = [root]
    while stack:
        node = stack.pop(0)
        if isinstance(node, ScalarNode) and node.tag.endswith(":timestamp"):
            try:
                yaml.constructor.SafeConstructor().construct_yaml_timestamp(node)
            except (ValueError, TypeError, OverflowError):
                return node.start_mark.line + 1
        stack.extend(_children(node))
    return None


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


def load_value(text: str) -> Any:
    """One YAML value a user typed (a scalar, a list or a map), as plain data.

    The same guards as front matter: alias bombs, recursive aliases, hostile nesting
    and duplicate keys are refused. Errors are PostErrors with 1-based lines in ``text``.
    Every place that turns user text into a YAML value goes through here.
    """
    if _nesting_depth(text) > MAX_NESTING:
        raise PostError("the value is nested too deeply")
    loader = StrictLoader(text)
    node: Node | None = None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_graph(node)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text) from None
    except PostError:
        raise
    except (ValueError, TypeError, OverflowError) as exc:
        line = _bad_value_line(node) if node is not None else None
        raise PostError(f"invalid value: {exc}", line=line) from None
    except RecursionError:
        raise PostError("the value is nested too deeply") from None
    finally:
        loader.dispose()

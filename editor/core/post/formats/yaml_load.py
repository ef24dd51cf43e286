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
# Values the user types: an impossible date there is a mistake to report, not to keep.
StrictLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_EXPANDED_NODES = 100_000
MAX_NESTING = 200
_STR_TAG = "tag:yaml.org,2002:str"


def _yaml_error(exc: yaml.YAMLError, text: str) -> PostError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    at_tab = mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"
    if at_tab or "'\\t'" in problem:
        problem = "a tab character is used for indentation, and YAML allows only spaces"
    elif getattr(exc, "context", None) and "constructor" in type(exc).__module__:
        problem = f"{exc.context}: {problem}" if exc.context else problem
    line = mark.line + 1 if mark is not None else None
    return PostError(f"invalid YAML in front matter: {problem}", line=line)


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
        raise PostError(f"invalid value in front matter: {exc}") from None
    except RecursionError:
        raise PostError("front matter is nested too deeply") from None
    finally:
        loader.dispose()
    metadata: dict[str, Any] = {}
    for key, value in data.items():
        metadata[key if isinstance(key, str) else _key_text(key)] = value
    return node, metadata


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)

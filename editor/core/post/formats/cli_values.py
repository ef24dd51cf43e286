"""Values given on the command line (``masthead set KEY=VALUE``, ``--where KEY=VALUE``).

A value is read as YAML, with the same guards as front matter (``yaml_load``): alias
bombs, recursive aliases and hostile nesting are refused before anything is built, and
values that YAML's constructors cannot make (``2020-13-45``, a 5,000-digit number) are
refused with a sentence instead of an internal error. Text that is not valid UTF-8 (an
argument with undecodable bytes) is refused too: a post is UTF-8.

Dotted names (``seo.meta.description``) name nested fields unless the post has a
top-level field spelled with the dots.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import yaml

from editor.core.errors import PostError
from editor.core.post.formats.yaml_load import (
    MAX_NESTING,
    StrictLoader,
    _check_graph,
    _nesting_depth,
)


class BadValue(ValueError):
    """A command-line value or name that cannot be used; ``str()`` says why."""


def check_text(text: str, what: str) -> None:
    """Refuse text holding undecodable bytes (surrogate escapes from the argument list)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadValue(
            f"{what} is not valid UTF-8 text (an undecodable byte at position {exc.start + 1})"
        ) from None


def parse_value(raw: str, key: str) -> Any:
    """The value ``raw`` stands for, read as YAML; BadValue saying why it cannot be."""
    check_text(raw, f"the value of {key}")
    if raw == "":
        return ""
    if _nesting_depth(raw) > MAX_NESTING:
        raise BadValue(f"the value of {key} is nested too deeply")
    loader = StrictLoader(raw)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_graph(node)
        value = loader.construct_document(node)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise BadValue(
            f"the value of {key} is not valid YAML ({problem}); use --string for text"
        ) from None
    except PostError as exc:
        problem = exc.message.replace("front matter", "the value")
        raise BadValue(f"the value of {key} cannot be used: {problem}") from None
    except (ValueError, TypeError, OverflowError) as exc:
        if "digits" in str(exc):
            raise BadValue(
                f"the value of {key} is a number with too many digits to use; "
                "use --string to keep it as text"
            ) from None
        raise BadValue(
            f"the value of {key} is not a valid value: {exc}; use --string for text"
        ) from None
    except RecursionError:
        raise BadValue(f"the value of {key} is nested too deeply") from None
    finally:
        loader.dispose()
    _check_kinds(value, key)
    return value


_PLAIN = (str, bool, int, float, date, type(None))


def _check_kinds(value: Any, key: str) -> None:
    """Refuse what a post cannot hold (a !!set, !!binary bytes...): only text, numbers,
    booleans, dates, null, lists and maps."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif not isinstance(item, _PLAIN):
            kind = "binary data" if isinstance(item, bytes) else f"a {type(item).__name__}"
            raise BadValue(f"the value of {key} holds {kind}, which a post cannot hold")


def key_path(metadata: Mapping[str, Any], key: str) -> str | tuple[str, ...]:
    """``key`` as the post names it: itself when a top-level field has that name or it
    has no dot, else its dotted parts (``a.b.c`` -> ("a", "b", "c"))."""
    if key in metadata or "." not in key:
        return key
    parts = tuple(key.split("."))
    if not all(parts):
        raise BadValue(f"'{key}' is not a field name (an empty part between dots)")
    return parts


def lookup(metadata: Mapping[str, Any], key: str) -> tuple[bool, Any]:
    """(found, value) of a top-level or dotted field."""
    path = key_path(metadata, key)
    if isinstance(path, str):
        return (True, metadata[path]) if path in metadata else (False, None)
    value: Any = metadata
    for part in path:
        if not isinstance(value, Mapping) or part not in value:
            return False, None
        value = value[part]
    return True, value


def setting(metadata: Mapping[str, Any], key: str, value: Any) -> tuple[Any, Any]:
    """(path, value) for ``Post.set`` that sets ``key`` (dotted names nested), making the
    missing maps on the way: a.b.c=1 on a post without ``a`` sets a to {b: {c: 1}}."""
    path = key_path(metadata, key)
    if isinstance(path, str):
        return path, value
    current: Any = metadata
    for depth, part in enumerate(path[:-1]):
        if not isinstance(current, Mapping) or part not in current:
            nested = value
            for inner in reversed(path[depth + 1 :]):
                nested = {inner: nested}
            return path[: depth + 1], nested
        current = current[part]
        if not isinstance(current, Mapping):
            raise PostError(f"'{'.'.join(path[: depth + 1])}' is not a map of fields")
    return path, value

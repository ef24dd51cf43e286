"""python-frontmatter interoperability: its read API on ``editor.Post``, and hand-offs.

Scripts written for python-frontmatter read a post as ``post["title"]``,
``post.get("tags", [])``, ``post.keys()`` and ``post.content``; the same calls work on
an ``editor.Post``. ``Post.from_frontmatter(fm_post)`` and ``Post.to_frontmatter()``
hand a post to and from such scripts. Where the two libraries read a file differently
(a BOM, CRLF line ends, a YAML ``...`` end line, TOML without the ``toml`` package) is
listed in docs/internal-api.md; tests/core/post/test_frontmatter_api.py checks every
corpus post against ``frontmatter.loads``.

python-frontmatter is imported only by the two hand-off methods.
"""

from __future__ import annotations

import copy
from collections.abc import ItemsView, KeysView, Mapping, ValuesView
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    import frontmatter

# python-frontmatter's handler class for each front-matter format Masthead reads.
_HANDLER_NAMES = {"yaml": "YAMLHandler", "toml": "TOMLHandler", "json": "JSONHandler"}


class FrontmatterReadAPI:
    """The read side of ``frontmatter.Post``, for a class with ``metadata`` and ``body``.

    Mixed into ``editor.Post``. Reading only: edits go through ``Post.set`` so a save
    changes only what changed. No ``__len__`` or ``__iter__``, so a post with no
    fields is still true and is not taken for a mapping.
    """

    metadata: Mapping[str, Any]
    body: str
    format: str | None

    def __getitem__(self, key: str) -> Any:
        return self.metadata[key]

    def __contains__(self, key: object) -> bool:
        return key in self.metadata

    def get(self, key: str, default: Any = None) -> Any:
        return self.metadata.get(key, default)

    def keys(self) -> KeysView[str]:
        return self.metadata.keys()

    def values(self) -> ValuesView[Any]:
        return self.metadata.values()

    def items(self) -> ItemsView[str, Any]:
        return self.metadata.items()

    @property
    def content(self) -> str:
        """The body as python-frontmatter gives it: without leading and trailing blank
        space. ``body`` is the exact text, line ends and all."""
        return self.body.strip()

    def to_frontmatter(self) -> frontmatter.Post:
        """A ``frontmatter.Post`` with this post's fields (copies) and content."""
        import frontmatter
        from frontmatter import default_handlers

        name = _HANDLER_NAMES.get(self.format or "yaml")
        handler_type = getattr(default_handlers, name or "", None)
        handler = handler_type() if handler_type is not None else None
        return frontmatter.Post(self.content, handler, **copy.deepcopy(dict(self.metadata)))

    @classmethod
    def from_frontmatter(cls, fm_post: frontmatter.Post) -> Self:
        """A new post (not yet saved) with the fields and content of a ``frontmatter.Post``,
        in the format of its handler (YAML when it has none)."""
        handler_name = type(fm_post.handler).__name__ if fm_post.handler is not None else ""
        fmt = next((f for f, name in _HANDLER_NAMES.items() if name == handler_name), "yaml")
        post = cls.new(fmt)  # type: ignore[attr-defined]
        for key, value in fm_post.metadata.items():
            post.set(str(key), value)
        content = str(fm_post.content)
        post.body = "\n" + content + "\n" if content else ""
        return post

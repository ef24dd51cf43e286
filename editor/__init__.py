"""Masthead: a desktop editor for static-site posts.

``from editor import Post, PostError`` is the public scripting entry point.
Importing this package never imports Qt, and imports the post model only when
``Post`` or ``PostError`` is first asked for: the render worker and other
processes that run one part of the editor do not pay for the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from editor.core.errors import PostError
    from editor.core.post.model import Post

__all__ = ["Post", "PostError"]
__version__ = "0.1.0"
APP_ID = "io.github.masthead.Masthead"  # reverse-DNS: the desktop entry, icons, AppStream


def __getattr__(name: str):
    if name == "Post":
        from editor.core.post.model import Post

        return Post
    if name == "PostError":
        from editor.core.errors import PostError

        return PostError
    raise AttributeError(f"module 'editor' has no attribute {name!r}")

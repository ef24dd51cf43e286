"""Masthead: a desktop editor for static-site posts.

``from editor import Post, PostError`` is the public scripting entry point.
Importing this package never imports Qt.
"""

from editor.core.errors import PostError
from editor.core.post.model import Post

__all__ = ["Post", "PostError"]
__version__ = "0.1.0"

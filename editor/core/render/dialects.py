"""The renderer for a site's dialect: markdown-it-py for the CommonMark family,
Python-Markdown (Markdown Extra) for Jigsaw and MkDocs.

`new_renderer` gives an incremental renderer (`render(text) -> RenderResult`) for the
preview; `render_body_html` is the body's HTML exactly as the preview renders it,
without block wrappers or page (``masthead render``).
"""

from __future__ import annotations

from collections.abc import Callable

from editor.core.render.incremental import IncrementalRenderer
from editor.core.render.incremental_cm import CommonMarkRenderer
from editor.core.site.dialect import PYTHON_MARKDOWN, Dialect


def new_renderer(
    dialect: Dialect | None,
    block_filter: Callable[[str], str] | None = None,
    *,
    mdx: bool = False,
) -> IncrementalRenderer | CommonMarkRenderer:
    """An incremental renderer for `dialect` (None: Python-Markdown, as before dialects)."""
    if dialect is None:
        return IncrementalRenderer(block_filter)
    if dialect.family == PYTHON_MARKDOWN:
        return IncrementalRenderer(block_filter, heading_ids=dialect.heading_ids is not None)
    return CommonMarkRenderer(dialect, block_filter, mdx=mdx)


def render_body_html(
    text: str,
    dialect: Dialect | None,
    *,
    mdx: bool = False,
    block_filter: Callable[[str], str] | None = None,
) -> str:
    """The body's HTML as the preview renders it, without the block wrappers."""
    return new_renderer(dialect, block_filter, mdx=mdx).render(text).inner_html

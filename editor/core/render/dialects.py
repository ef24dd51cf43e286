"""The renderer for a site's dialect: markdown-it-py for the CommonMark family,
pulldown-cmark (pyromark) for Zola, Python-Markdown (Markdown Extra) for Jigsaw and MkDocs.

`new_renderer` gives an incremental renderer (`render(text) -> RenderResult`) for the
preview; `render_body_html` is the body's HTML exactly as the preview renders it,
without block wrappers or page (``masthead render``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from editor.core.render.incremental import IncrementalRenderer
from editor.core.render.incremental_cm import CommonMarkRenderer
from editor.core.site.dialect import PULLDOWN_CMARK, PYTHON_MARKDOWN, Dialect

if TYPE_CHECKING:
    from editor.core.render.incremental_pulldown import PulldownRenderer

log = logging.getLogger(__name__)


def new_renderer(
    dialect: Dialect | None,
    block_filter: Callable[[str], str] | None = None,
    *,
    mdx: bool = False,
) -> IncrementalRenderer | CommonMarkRenderer | PulldownRenderer:
    """An incremental renderer for `dialect` (None: Python-Markdown, as before dialects)."""
    if dialect is None:
        return IncrementalRenderer(block_filter)
    if dialect.family == PYTHON_MARKDOWN:
        return IncrementalRenderer(block_filter, heading_ids=dialect.heading_ids is not None)
    if dialect.family == PULLDOWN_CMARK:
        try:
            import pyromark  # noqa: F401 - the engine itself, a compiled wheel
        except ImportError as error:
            log.warning(
                "pyromark is not available (%s): %s renders with markdown-it-py set up "
                "like pulldown-cmark",
                error,
                dialect.label,
            )
        else:
            from editor.core.render.incremental_pulldown import PulldownRenderer

            return PulldownRenderer(dialect, block_filter)
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

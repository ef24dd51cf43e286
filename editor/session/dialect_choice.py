"""Which dialect the preview renders a post in: the user's choice, else the site's own.

The View menu's choice (a dialect name, or None for "as detected") wins over what
`editor.core.site.dialect.detect` finds in the site folder (``masthead.toml``'s
``[preview] dialect`` first, then the generator's files).
"""

from __future__ import annotations

import logging
from pathlib import Path

from editor.core.site.dialect import DIALECTS, Dialect, detect, is_mdx

log = logging.getLogger(__name__)


def choose_dialect(
    root: Path | None, post_path: Path | None, chosen: str | None = None
) -> tuple[Dialect, bool]:
    """The dialect to render `post_path` in, and whether that post is MDX."""
    dialect = None
    if chosen is not None:
        dialect = DIALECTS.get(chosen)
        if dialect is None:
            log.warning("unknown preview dialect %r: using the site's own", chosen)
    if dialect is None:
        dialect = detect(root)
    suffix = post_path.suffix if post_path is not None else ""
    return dialect, is_mdx(dialect, suffix)

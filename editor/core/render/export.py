"""Export: the post as the preview renders it, as one standalone HTML file.

The body goes through the same dialect renderer and sanitiser as the preview, and the
page around it is the preview's own (`page.render_page`: the header from the front
matter, the preview stylesheet and the code colours inlined in one ``<style>``). What
differs is only what a file read elsewhere needs: URLs stay as the post wrote them
(no ``file://`` paths into this machine's site folder), remote images are kept rather
than blocked, and the colour scheme follows the reader's system. No script, no
external stylesheet. `body_html` is the body alone (Copy as HTML); `standalone_page`
the whole file; `write_page` writes it (atomically) and `export_name` suggests a name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from editor.core.platform.atomic import atomic_write
from editor.core.render.dialects import render_body_html
from editor.core.render.page import render_page
from editor.core.render.sanitize import sanitize_html
from editor.core.site.dialect import Dialect

EXPORT_SUFFIX = ".html"


def body_html(body: str, dialect: Dialect | None = None, *, mdx: bool = False) -> str:
    """The body rendered as the preview renders it, sanitised, with URLs as written."""
    sanitize = partial(sanitize_html, base_url=None, allow_remote=True)
    return render_body_html(body, dialect, mdx=mdx, block_filter=sanitize)


def standalone_page(
    metadata: Mapping[str, Any],
    body: str,
    dialect: Dialect | None = None,
    *,
    mdx: bool = False,
) -> str:
    """The whole post as one HTML document, its CSS inlined (see the module docstring)."""
    return render_page(
        metadata,
        body_html(body, dialect, mdx=mdx),
        base_url=None,
        allow_remote=True,
        dark=None,
        body_is_sanitized=True,
    )


def write_page(path: str | os.PathLike, page: str) -> None:
    """Write an exported page (UTF-8; the old file, if any, replaced in one step)."""
    atomic_write(path, page.encode("utf-8"))


def export_name(post_path: str | os.PathLike | None, folder: str | os.PathLike) -> Path:
    """Where to suggest saving the export: beside the post, named after it."""
    if post_path is None:
        return Path(folder) / f"untitled{EXPORT_SUFFIX}"
    post = Path(post_path)
    return post.with_name(post.stem + EXPORT_SUFFIX)

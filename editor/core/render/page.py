"""Turning a post into the HTML page the preview shows.

`render_body` converts the Markdown body with the blog extensions (Markdown Extra,
toc, codehilite) into top-level blocks that carry ``data-line`` (their first body line,
for scroll sync).  `render_page` wraps a rendered body in a page that looks like a blog
post: a header built from the front matter (title, date, author, categories and tags
as chips, cover image), the preview stylesheet and the Pygments colours for light and
dark.  Everything from the post passes through `editor.core.render.sanitize`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache
from typing import Any

from pygments.formatters import HtmlFormatter

from editor.core.platform.resources import read_text
from editor.core.render.converter import new_markdown
from editor.core.render.incremental import IncrementalRenderer, normalise_newlines
from editor.core.render.sanitize import sanitize_html
from editor.core.values import dates

STYLESHEET = "preview.css"
LIGHT_CODE_STYLE = "default"
DARK_CODE_STYLE = "monokai"

TITLE_KEYS = ("title", "name", "headline")
DATE_KEYS = ("date", "pubDate", "published", "publishDate", "pub_date", "created")
UPDATED_KEYS = ("lastmod", "updated", "modified", "last_modified", "updated_at")
AUTHOR_KEYS = ("author", "authors", "by")
LEAD_KEYS = ("description", "summary", "excerpt", "subtitle", "lead")
CHIP_KEYS = ("categories", "category", "tags", "tag", "keywords", "topics", "series")
IMAGE_KEYS = (
    "image",
    "cover",
    "cover_image",
    "coverImage",
    "featured_image",
    "featuredImage",
    "feature_image",
    "thumbnail",
    "hero",
    "hero_image",
    "banner",
    "header_image",
    "og_image",
    "social_image",
)
_IMAGE_IN_MAPPING = ("image", "src", "url", "path", "feature", "teaser")


def render_markdown(markdown_text: str) -> str:
    """Plain Python-Markdown output for the whole body, without block markers."""
    return new_markdown().convert(normalise_newlines(markdown_text))


def render_body(markdown_text: str) -> str:
    """The body as HTML blocks, each top-level block carrying ``data-line``."""
    return IncrementalRenderer().render(markdown_text).html


def render_page(
    metadata: Mapping[str, Any],
    body_html: str,
    *,
    base_url: str | None = None,
    allow_remote: bool = False,
    dark: bool | None = None,
    body_is_sanitized: bool = False,
    page_url: str | None = None,
) -> str:
    """A complete HTML page for the preview.

    `base_url` is the site folder (``file:///…/``) that relative links and images
    resolve against; `dark` forces a colour scheme (None follows the system).  Pass
    `body_is_sanitized` only for HTML that came out of `sanitize_html` with the same
    `base_url` and `allow_remote` (the preview sanitises block by block). `page_url`
    is the post's own folder, for paths relative to the post (page bundles).
    """
    if not body_is_sanitized:
        body_html = sanitize_html(
            body_html, base_url=base_url, allow_remote=allow_remote, page_url=page_url
        )
    header = sanitize_html(
        render_header(metadata), base_url=base_url, allow_remote=allow_remote, page_url=page_url
    )
    scheme_class = {None: "", True: ' class="mh-dark"', False: ' class="mh-light"'}[dark]
    title = html.escape(_first_text(metadata, TITLE_KEYS) or "Untitled", quote=False)
    return (
        f'<!DOCTYPE html>\n<html{scheme_class}>\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{content_policy(allow_remote)}">\n'
        f"<title>{title}</title>\n"
        f"<style>\n{stylesheet()}\n{code_stylesheet(dark)}\n</style>\n</head>\n"
        f'<body>\n<article class="post">\n{header}\n'
        f'<div id="mh-body" class="post-body">\n{body_html}\n</div>\n</article>\n</body>\n</html>\n'
    )


def content_policy(allow_remote: bool) -> str:
    """A second line of defence behind the sanitiser: no script, no frames, no forms."""
    fetched = "file: data:" + (" http: https:" if allow_remote else "")
    return (
        f"default-src 'none'; script-src 'none'; object-src 'none'; frame-src 'none'; "
        f"form-action 'none'; base-uri 'none'; style-src 'unsafe-inline' file:; "
        f"img-src {fetched}; media-src {fetched}; font-src file: data:"
    )


def render_header(metadata: Mapping[str, Any]) -> str:
    """The post header (unsanitised; `render_page` sanitises it)."""
    parts = []
    if metadata.get("draft") is True:
        parts.append('<span class="mh-badge">Draft</span>')
    title = _first_text(metadata, TITLE_KEYS)
    parts.append(
        f'<h1 class="post-title">{html.escape(title)}</h1>'
        if title
        else '<h1 class="post-title mh-untitled">Untitled</h1>'
    )
    byline = []
    published = _first_value(metadata, DATE_KEYS)
    if published is not None:
        byline.append(f'<time class="post-date">{html.escape(format_date(published))}</time>')
    updated = _first_value(metadata, UPDATED_KEYS)
    if updated is not None:
        byline.append(
            f'<span class="post-updated">Updated {html.escape(format_date(updated))}</span>'
        )
    authors = _texts(_first_value(metadata, AUTHOR_KEYS))
    if authors:
        byline.append(f'<span class="post-author">by {html.escape(", ".join(authors))}</span>')
    if byline:
        parts.append(f'<p class="post-meta">{" · ".join(byline)}</p>')
    chips = []
    for key in CHIP_KEYS:
        for text in _texts(metadata.get(key)):
            chips.append(f'<span class="mh-chip" data-field="{key}">{html.escape(text)}</span>')
    if chips:
        parts.append(f'<p class="post-chips">{"".join(chips)}</p>')
    lead = _first_text(metadata, LEAD_KEYS)
    if lead:
        parts.append(f'<p class="post-lead">{html.escape(lead)}</p>')
    image = find_image(metadata)
    if image:
        alt = html.escape(title or "", quote=True)
        parts.append(
            f'<figure class="post-image"><img src="{html.escape(image, quote=True)}" '
            f'alt="{alt}"></figure>'
        )
    return '<header class="post-header">\n' + "\n".join(parts) + "\n</header>"


def format_date(value: Any) -> str:
    """A human date ("30 September 2020, 07:25") for date, datetime or date-like text."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dates.parse(text, dates.detect_format(text))
        except (ValueError, TypeError):
            return text
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return f"{value.day} {value.strftime('%B %Y')}"
        return f"{value.day} {value.strftime('%B %Y, %H:%M')}"
    if isinstance(value, date):
        return f"{value.day} {value.strftime('%B %Y')}"
    return str(value)


def find_image(metadata: Mapping[str, Any]) -> str | None:
    """The post's cover image path or URL, from the usual front-matter fields."""
    for key in IMAGE_KEYS:
        value = metadata.get(key)
        if isinstance(value, Mapping):
            value = next((value[k] for k in _IMAGE_IN_MAPPING if value.get(k)), None)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


@cache
def stylesheet() -> str:
    return read_text(STYLESHEET)


@cache
def code_stylesheet(dark: bool | None) -> str:
    """Pygments token colours: one scheme when forced, else both behind media queries."""
    light = HtmlFormatter(style=LIGHT_CODE_STYLE).get_style_defs(".codehilite")
    dark_css = HtmlFormatter(style=DARK_CODE_STYLE).get_style_defs(".codehilite")
    if dark is True:
        return dark_css
    if dark is False:
        return light
    return (
        f"@media not all and (prefers-color-scheme: dark) {{\n{light}\n}}\n"
        f"@media (prefers-color-scheme: dark) {{\n{dark_css}\n}}"
    )


def _first_value(metadata: Mapping[str, Any], keys: Iterable[str]) -> Any:
    for key in keys:
        value = metadata.get(key)
        if value not in (None, "", []):
            return value
    return None


def _first_text(metadata: Mapping[str, Any], keys: Iterable[str]) -> str:
    value = _first_value(metadata, keys)
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _texts(value: Any) -> list[str]:
    """Chip texts from a list, a comma-separated string, or mappings with a name."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r",", value) if part.strip()]
    if isinstance(value, Mapping):
        name = value.get("name") or value.get("title")
        return [str(name)] if name else []
    if isinstance(value, Iterable):
        texts = []
        for item in value:
            texts.extend(_texts(item) if isinstance(item, Mapping) else [str(item).strip()])
        return [t for t in texts if t]
    return [str(value)]

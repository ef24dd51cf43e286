"""The layout of a site on disk: where its root is, and where the files its posts point at live.

One home for the rules that the checks, the form's thumbnails and the preview share:

* a site root is the nearest folder holding one of ``SITE_ROOT_MARKERS`` (inside
  ``remembered_site_roots()``, each path is looked up once: loading a post asks for
  its root from half a dozen places, each walk a few dozen ``stat`` calls);
* generators serve root-relative paths (``/assets/x.png``) from a source or static
  folder (Jigsaw ``source/``, Hugo ``static/``, Eleventy/Gatsby ``src/`` or
  ``static/``), and relative paths (``images/y.jpg``) from the post's own folder
  (page bundles) or the site root;
* a field names an image by its key (``IMAGE_KEYS``, or any ``*_image``) or by the
  suffix of its value (``IMAGE_SUFFIXES``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

# Files or folders that mark the root of a site, checked from the post's folder upwards.
SITE_ROOT_MARKERS = (
    "masthead.toml",
    "config.php",  # Jigsaw
    "_config.yml",  # Jekyll
    "hugo.toml",
    "hugo.yaml",
    "config.toml",
    "config.yaml",
    "config.yml",
    ".eleventy.js",
    "eleventy.config.js",
    "astro.config.mjs",
    "gatsby-config.js",
    "package.json",
    ".git",
    # The other generator files editor.core.site.dialect recognises.
    "hugo.json",
    "config/_default",
    "config.json",
    "eleventy.config.mjs",
    "eleventy.config.cjs",
    "astro.config.js",
    "astro.config.ts",
    "docusaurus.config.js",
    "docusaurus.config.ts",
    "gatsby-config.ts",
    "mkdocs.yml",
)

# Folders a site serves "/x.png" from, most specific first; "" is the site root itself.
ASSET_FOLDERS = ("source", "static", "public", "src", "assets", "content", "")

# Keys a post's cover image is taken from, in the order the preview looks.
COVER_KEYS = (
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
# Keys that name an image (the form shows a thumbnail for them): the cover keys and more.
IMAGE_KEYS = (
    *COVER_KEYS,
    "images",
    "featuredimage",
    "thumb",
    "share_image",
    "photo",
    "avatar",
    "logo",
)
_IMAGE_KEYS_NORMALIZED = frozenset(key.lower().replace("-", "_") for key in IMAGE_KEYS)

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif", ".bmp", ".ico")

REMOTE_PREFIXES = ("http://", "https://", "//")


# The roots found inside remembered_site_roots(), by absolute path asked for (per thread:
# each thread starts with an empty context, so a worker never sees the GUI thread's).
_remembered_roots: ContextVar[dict[str, Path | None] | None] = ContextVar(
    "remembered_site_roots", default=None
)


@contextmanager
def remembered_site_roots() -> Iterator[None]:
    """Within this block, on this thread, ``find_site_root`` walks up from each path once
    and answers again from memory (a marker made meanwhile is not seen until the block
    ends). Nested blocks share the outermost one's memory."""
    if _remembered_roots.get() is not None:
        yield
        return
    token = _remembered_roots.set({})
    try:
        yield
    finally:
        _remembered_roots.reset(token)


def find_site_root(path: str | os.PathLike[str]) -> Path | None:
    """The nearest folder at or above path that looks like a site root, if any.

    A site root holds a static-site generator config, a ``masthead.toml``, or a ``.git``.
    """
    absolute = os.path.abspath(os.fspath(path))
    remembered = _remembered_roots.get()
    if remembered is None:
        return _walk_to_site_root(absolute)
    if absolute not in remembered:
        remembered[absolute] = _walk_to_site_root(absolute)
    return remembered[absolute]


def _walk_to_site_root(absolute: str) -> Path | None:
    # os.path rather than pathlib: a walk is a few dozen existence checks per folder.
    folder = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
    while True:
        if any(os.path.exists(os.path.join(folder, marker)) for marker in SITE_ROOT_MARKERS):
            return Path(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def shown_path(path: str | os.PathLike[str], root: str | os.PathLike[str] | None) -> str:
    """A file as lists and messages show it: its path from the site root (a Hugo site has
    many an ``index.md``), or its name outside the site or without one."""
    path = Path(path)
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.name


def is_image_key(key: str) -> bool:
    """True for a field name that names an image (``cover``, ``hero_image``, ``og-image``…)."""
    normalized = key.lower().replace("-", "_")
    return normalized in _IMAGE_KEYS_NORMALIZED or normalized.endswith("_image")


def clean_ref(ref: str) -> str:
    """A local reference without its query or fragment."""
    return ref.strip().split("?", 1)[0].split("#", 1)[0]


def looks_like_image(ref: str) -> bool:
    """True when a reference ends in an image suffix (query and fragment aside)."""
    return clean_ref(ref).lower().endswith(IMAGE_SUFFIXES)


def is_remote(ref: str) -> bool:
    """True for ``http(s)://`` and protocol-relative ``//host/...`` references."""
    return ref.strip().lower().startswith(REMOTE_PREFIXES)


def candidates(
    ref: str, post_path: str | os.PathLike | None, root: str | os.PathLike | None
) -> list[Path]:
    """Every file ``ref`` may name, in the order a generator would look."""
    ref = clean_ref(ref)
    if not ref:
        return []
    root_path = Path(root) if root is not None else None
    found: list[Path] = []
    if ref.startswith("/"):
        inside = ref.lstrip("/")
        if root_path is not None:
            found.extend(
                root_path / folder / inside if folder else root_path / inside
                for folder in ASSET_FOLDERS
            )
    else:
        if post_path is not None:
            found.append(Path(post_path).parent / ref)
        if root_path is not None:
            found.append(root_path / ref)
    return found


def resolve(
    ref: str, post_path: str | os.PathLike | None, root: str | os.PathLike | None
) -> Path | None:
    """The existing file ``ref`` names, or None."""
    for path in candidates(ref, post_path, root):
        if path.is_file():
            return path
    return None

"""Where a site keeps the files its posts point at (``/assets/x.png``, ``images/y.jpg``).

Generators serve root-relative paths from a source or static folder
(Jigsaw ``source/``, Hugo ``static/``, Eleventy/Gatsby ``src/`` or
``static/``), and relative paths from the post's own folder (page bundles).
One resolver serves the checks, the form's thumbnails and the preview.
"""

from __future__ import annotations

import os
from pathlib import Path

# Folders a site serves "/x.png" from, most specific first; "" is the site root itself.
ASSET_FOLDERS = ("source", "static", "public", "src", "assets", "content", "")


def clean_ref(ref: str) -> str:
    """A local reference without its query or fragment."""
    return ref.strip().split("?", 1)[0].split("#", 1)[0]


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

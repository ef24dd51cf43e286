"""A post's URL slug, the one definition: a ``slug`` or ``permalink`` field, else the
file name without its date prefix (``2020-09-30-07-25-20-title.md`` → ``title``).

The duplicate-slug check (``checks``) and the names of imported images (``images``)
both use it; it lives apart so that neither drags the other's imports in.
"""

from __future__ import annotations

import re
from pathlib import Path

from editor.core.site.records import PostRecord

# A Jekyll-style date prefix, with the optional time parts some sites add.
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}(?:-\d{2}-\d{2}(?:-\d{2})?)?[-_]")


def slug_of(record: PostRecord) -> str:
    """The URL slug: a ``slug`` or ``permalink`` field, else the file name minus date prefix."""
    for key in ("slug", "permalink"):
        value = record.metadata.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip().strip("/").lower()
    path = Path(record.rel)
    stem = path.parent.name if path.stem in ("index", "_index") else path.stem
    return _DATE_PREFIX.sub("", stem).lower()

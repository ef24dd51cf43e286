"""The schema of each site a command's files belong to, for reading values in their type.

``masthead set`` reads ``featured=true`` as the site types ``featured`` (see
``typed_values``); `SiteSchemas.schema_for` gives the schema of the site a path belongs
to: the site found above it (or the folder given), scanned once per command through the
index and its cache. A lone file outside any site is its own small site: only the files
given there count, so a post in a big folder of other things does not scan it all.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

from editor.core.errors import PostError
from editor.core.platform.regular_files import read_post_bytes
from editor.core.site.layout import find_site_root
from editor.core.site.records import parse_post_bytes
from editor.core.site.schema import Schema, infer_schema

logger = logging.getLogger(__name__)


class SiteSchemas:
    """Schemas by site root, made when first asked for."""

    def __init__(self, cache_dir: str | os.PathLike[str] | None = None):
        self._cache_dir = cache_dir
        self._schemas: dict[Path, Schema] = {}
        self._lone: Schema | None = None

    def schema_for(self, path: str | os.PathLike[str], lone_files: Sequence[str] = ()) -> Schema:
        """The schema of the site ``path`` (a folder or a file) belongs to. For a file
        outside any site, the schema of ``lone_files`` (the files given beside it)."""
        absolute = Path(os.path.abspath(os.fspath(path)))
        root = find_site_root(absolute)
        if root is None and absolute.is_dir():
            root = absolute
        if root is None:
            if self._lone is None:
                self._lone = self._lone_schema(lone_files or [os.fspath(path)])
            return self._lone
        root = root.resolve()
        schema = self._schemas.get(root)
        if schema is None:
            from editor.core.site.index import SiteIndex

            index = SiteIndex(root, self._cache_dir)
            index.scan()
            schema = self._schemas[root] = infer_schema(index.records, root=root)
        return schema

    @staticmethod
    def _lone_schema(files: Sequence[str]) -> Schema:
        records = []
        for name in files:
            try:
                data = read_post_bytes(name)
            except (PostError, OSError) as exc:
                logger.debug("schema: %s skipped (%s)", name, exc)
                continue
            records.append(parse_post_bytes(name, os.path.basename(name), data))
        return infer_schema(records)

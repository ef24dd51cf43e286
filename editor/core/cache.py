"""The on-disk cache of a site index, so reopening a site re-reads only changed files.

Each site gets a folder ``paths.cache_dir()/sites/<hash of the root path>`` with two
pickle files, each written atomically (temp file in the same folder, then
``os.replace``):

- ``records.pickle``: one plain tuple per post (see ``PostRecord.as_cache_tuple``),
  whose size and mtime_ns say whether it is still valid for the file on disk, and the
  schema's field statistics of exactly those records (``schema.collect_field_stats``),
  pickled together so the strings both hold are stored once;
- ``bodies.pickle``: ``rel -> (size, mtime_ns, lowercased body)``, loaded only when a
  full-text search needs it.

Both carry a format version and the root path. A file that is missing, corrupt, from
another version or for another root is ignored (and rebuilt by the next save): the
cache is never a source of truth.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from editor.core import paths

CACHE_VERSION = 2
RECORDS_FILE = "records.pickle"
BODIES_FILE = "bodies.pickle"


def site_cache_folder(
    root: str | os.PathLike[str], base: str | os.PathLike[str] | None = None
) -> Path:
    """The cache folder of the site at root (under base, default the user's cache folder)."""
    root_text = os.path.abspath(os.fspath(root))
    digest = hashlib.sha256(root_text.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    base_path = Path(base) if base is not None else paths.cache_dir()
    return base_path / "sites" / digest


class SiteCache:
    """Load and save the cached records and bodies of one site."""

    def __init__(self, root: str | os.PathLike[str], base: str | os.PathLike[str] | None = None):
        self.root = os.path.abspath(os.fspath(root))
        self.folder = site_cache_folder(self.root, base)

    @property
    def records_path(self) -> Path:
        return self.folder / RECORDS_FILE

    @property
    def bodies_path(self) -> Path:
        return self.folder / BODIES_FILE

    def load_records(self) -> list[tuple] | None:
        """The cached record tuples, or None when there is no usable cache."""
        return self.load_records_and_stats()[0]

    def load_records_and_stats(self) -> tuple[list[tuple] | None, Any]:
        """(record tuples or None, their field stats or None) from one read of the file."""
        payload = self._load(self.records_path)
        rows = payload.get("records") if payload else None
        if not isinstance(rows, list):
            return None, None
        return rows, payload.get("field_stats")

    def save_records(self, rows: list[tuple], field_stats: Any = None) -> bool:
        return self._save(self.records_path, {"records": rows, "field_stats": field_stats})

    def load_bodies(self) -> dict[str, tuple[int, int, str]]:
        payload = self._load(self.bodies_path)
        bodies = payload.get("bodies") if payload else None
        return bodies if isinstance(bodies, dict) else {}

    def save_bodies(self, bodies: dict[str, tuple[int, int, str]]) -> bool:
        return self._save(self.bodies_path, {"bodies": bodies})

    def clear(self) -> None:
        for path in (self.records_path, self.bodies_path):
            try:
                path.unlink()
            except OSError:
                pass

    def _load(self, path: Path) -> dict[str, Any] | None:
        try:
            with open(path, "rb") as handle:
                payload = pickle.load(handle)
        except FileNotFoundError:
            return None
        except Exception:  # corrupt, truncated or written by an incompatible version
            return None
        if not isinstance(payload, dict):
            return None
        if payload.get("version") != CACHE_VERSION or payload.get("root") != self.root:
            return None
        return payload

    def _save(self, path: Path, payload: dict[str, Any]) -> bool:
        """Write atomically; a cache that cannot be written is only a slower next open."""
        payload = {"version": CACHE_VERSION, "root": self.root, **payload}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
        except OSError:
            return False
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
            return True
        except Exception:
            try:
                os.unlink(temp)
            except OSError:
                pass
            return False

"""The on-disk cache of a site index, so reopening a site re-reads only changed files.

Each site gets a folder ``paths.cache_dir()/sites/<hash of the root path>`` with two
files, each written atomically (temp file in the same folder, then ``os.replace``):

- ``records.cache``: one plain tuple per post (see ``PostRecord.as_cache_tuple``),
  whose size and mtime_ns say whether it is still valid for the file on disk, in one or
  more encoded chunks (``encode_rows``: a cold open's worker processes each encode their
  share, and the file takes their bytes as they arrive, in any order), the schema's
  field statistics of exactly those records (in the plain form of
  ``schema.field_stats_to_plain``) and the index's stamp of the files;
- ``bodies.cache``: ``rel -> (size, mtime_ns, lowercased body)``, loaded only when a
  full-text search needs it.

A file is its blobs (the chunks), then a payload saying where each blob is, then the
payload's length and an end marker. The format is ``marshal`` (it loads plain tuples,
dicts and strings faster than pickle). Values marshal cannot hold (dates and times from the front matter, sets) go
to a pickle stored inside the file: whole rows for records that hold one, the whole
value for any other part. Both files carry a format version, the marshal version and
the root path. A file that is missing, corrupt, from another version or for another
root is ignored (and rebuilt by the next save): the cache is never a source of truth.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import mmap
import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.core.platform import userdirs as paths

logger = logging.getLogger(__name__)

CACHE_VERSION = 6  # 6: PostRecord.warnings
RECORDS_FILE = "records.cache"
BODIES_FILE = "bodies.cache"
_MAGIC = b"MHSC"
# Keys of the stored mapping that are not the caller's payload.
_HEADER_KEYS = ("version", "marshal", "root")
_PICKLED = "pickled"  # {"rows": {position: row}, other key: value} that marshal refused
_SPOTS = "spots"  # (offset, size) of each blob stored before the payload, in order
_END_MAGIC = b"MHSE"  # ends every cache file, after the payload and its 8-byte length


def site_cache_folder(
    root: str | os.PathLike[str], base: str | os.PathLike[str] | None = None
) -> Path:
    """The cache folder of the site at root (under base, default the user's cache folder)."""
    root_text = os.path.abspath(os.fspath(root))
    digest = hashlib.sha256(root_text.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    base_path = Path(base) if base is not None else paths.cache_dir()
    return base_path / "sites" / digest


def encode_payload(payload: dict[str, Any]) -> bytes:
    """payload (a dict of plain values; ``records`` a list of tuples) as cache file bytes."""
    try:
        return _MAGIC + marshal.dumps(payload)
    except ValueError:  # something marshal cannot hold: split it off into a pickle
        pass
    plain: dict[str, Any] = {}
    pickled: dict[str, Any] = {}
    for key, value in payload.items():
        if key == "records" and isinstance(value, list):
            rows = list(value)
            refused = {}
            for position, row in enumerate(rows):
                try:
                    marshal.dumps(row)
                except ValueError:
                    refused[position] = row
                    rows[position] = None
            plain[key] = rows
            if refused:
                pickled["rows"] = refused
            continue
        try:
            marshal.dumps(value)
            plain[key] = value
        except ValueError:
            pickled[key] = value
    plain[_PICKLED] = pickle.dumps(pickled, protocol=pickle.HIGHEST_PROTOCOL)
    return _MAGIC + marshal.dumps(plain)


def decode_payload(data: bytes | memoryview) -> dict[str, Any] | None:
    """The payload encode_payload stored, or None when data is not one (never raises)."""
    if bytes(data[: len(_MAGIC)]) != _MAGIC:
        return None
    try:
        payload = marshal.loads(memoryview(data)[len(_MAGIC) :])  # ignores what follows
        if not isinstance(payload, dict):
            return None
        pickled = payload.pop(_PICKLED, None)
        if pickled is not None:
            extra = pickle.loads(pickled)
            extra_rows = extra.pop("rows", {})
            if extra_rows:
                rows = payload["records"]  # missing or not a list: a corrupt file
                for position, row in extra_rows.items():
                    rows[position] = row
            payload.update(extra)
    except Exception as exc:  # corrupt, truncated or written by an incompatible version
        logger.warning("ignoring an unreadable site cache file: %s", exc)
        return None
    return payload


# Rows per chunk of a records file (a millisecond or less of encoding or decoding each):
# a worker thread holds the GIL only that long at a time, so the GUI thread's calls into
# Python never wait long while a cache is written or read.
CHUNK_ROWS = 250


def encode_rows(rows: list[tuple]) -> bytes:
    """Record rows as one chunk of the records file."""
    return encode_payload({"records": rows})


def encode_row_chunks(rows: list[tuple]) -> list[bytes]:
    """Record rows as chunks of at most CHUNK_ROWS rows (one, empty, for no rows)."""
    if not rows:
        return [encode_rows([])]
    return [
        encode_rows(rows[start : start + CHUNK_ROWS]) for start in range(0, len(rows), CHUNK_ROWS)
    ]


def decode_rows(data: Any) -> list[tuple] | None:
    """The rows of a chunk encode_rows made, or None when data is not one (never raises)."""
    payload = decode_payload(data) if isinstance(data, bytes | memoryview) else None
    rows = payload.get("records") if payload else None
    if not isinstance(rows, list) or not all(isinstance(row, tuple) for row in rows):
        return None
    return rows


@dataclass(slots=True)
class CachedRecords:
    rows: list[tuple]
    field_stats: Any  # plain (schema.field_stats_to_plain), or None
    stamp: Any  # what the index saved to recognise unchanged files, or None


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
        cached = self.load()
        return (cached.rows, cached.field_stats) if cached is not None else (None, None)

    def load(self) -> CachedRecords | None:
        """Everything the records file holds, or None when there is no usable cache."""
        loaded = self._load(self.records_path, decode_rows)
        if loaded is None:
            return None
        payload, chunks = loaded
        rows: list[tuple] = []
        for chunk_rows in chunks:
            if chunk_rows is None:
                return None
            rows += chunk_rows
        return CachedRecords(rows, payload.get("field_stats"), payload.get("stamp"))

    def save_records(self, rows: list[tuple], field_stats: Any = None, stamp: Any = None) -> bool:
        return self.save_record_chunks([encode_rows(rows)], field_stats, stamp)

    def save_record_chunks(
        self, chunks: list[bytes], field_stats: Any = None, stamp: Any = None
    ) -> bool:
        """Save rows already encoded by ``encode_rows``, in order, with their field stats
        and an optional stamp of the files they were read from (plain values; the index
        stores its discovery order of paths, sizes and mtimes, to tell at a glance that
        nothing changed)."""
        writer = self.records_writer()
        if writer is None:
            return False
        spots = [writer.add_chunk(chunk) for chunk in chunks]
        return writer.finish(spots, field_stats, stamp)

    def records_writer(self) -> CacheFileWriter | None:
        """A records file written as chunks arrive (in any order); None if the cache folder
        cannot be written."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            return CacheFileWriter(self, self.records_path)
        except OSError as exc:
            logger.warning("the site cache cannot be written in %s: %s", self.folder, exc)
            return None

    def load_bodies(self) -> dict[str, tuple[int, int, str]]:
        loaded = self._load(self.bodies_path)
        bodies = loaded[0].get("bodies") if loaded else None
        return bodies if isinstance(bodies, dict) else {}

    def save_bodies(self, bodies: dict[str, tuple[int, int, str]]) -> bool:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            writer = CacheFileWriter(self, self.bodies_path)
        except OSError as exc:
            logger.warning("the body cache cannot be written in %s: %s", self.folder, exc)
            return False
        return writer.finish_payload({"bodies": bodies}, [])

    def clear(self) -> None:
        for path in (self.records_path, self.bodies_path):
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                logger.warning("could not remove the index cache %s: %s", path, exc)

    def header(self) -> dict[str, Any]:
        return dict(zip(_HEADER_KEYS, (CACHE_VERSION, marshal.version, self.root), strict=True))

    def _load(self, path: Path, decode: Callable[[memoryview], Any] = bytes):
        """(payload, decode(blob) for each blob) of a cache file of this site, or None.

        The file is mapped, not read: its chunks decode straight from the page cache."""
        try:
            with open(path, "rb") as handle:
                if os.fstat(handle.fileno()).st_size == 0:
                    return None
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return None
        blobs: list[memoryview] = []
        try:
            unpacked = unpack_file(mapped)
            if unpacked is None:
                return None
            payload, blobs = unpacked
            if any(payload.get(key) != value for key, value in self.header().items()):
                return None
            return payload, [decode(blob) for blob in blobs]
        finally:
            for blob in blobs:
                blob.release()
            try:
                mapped.close()
            except BufferError:  # a view still open somewhere: the mapping goes with it
                pass


def pack_trailer(payload: dict[str, Any], spots: list[tuple[int, int]]) -> bytes:
    """What ends a cache file whose blobs are at spots: its payload, then the trailer."""
    head = encode_payload({**payload, _SPOTS: spots})
    return head + len(head).to_bytes(8, "little") + _END_MAGIC


def unpack_file(data: bytes | mmap.mmap) -> tuple[dict[str, Any], list[memoryview]] | None:
    """(payload, its blobs in order) of a whole cache file, or None (never raises)."""
    if len(data) < 12 or data[-4:] != _END_MAGIC:
        return None
    head_size = int.from_bytes(data[-12:-4], "little")
    blobs_end = len(data) - 12 - head_size
    if blobs_end < 0:
        return None
    view = memoryview(data)
    payload = decode_payload(view[blobs_end : len(data) - 12])
    if payload is None:
        return None
    spots = payload.pop(_SPOTS, None)
    if not isinstance(spots, list):
        return None
    blobs = []
    for spot in spots:
        if not (isinstance(spot, tuple) and len(spot) == 2 and all(type(n) is int for n in spot)):
            return None
        offset, size = spot
        if offset < 0 or size < 0 or offset + size > blobs_end:
            return None
        blobs.append(view[offset : offset + size])
    return payload, blobs


class CacheFileWriter:
    """One cache file written atomically: blobs first, as they come (``add_chunk``), then
    the payload saying where each is (``finish``). A writer that is not finished leaves
    no file behind once ``abandon`` is called."""

    def __init__(self, cache: SiteCache, path: Path):
        self._cache = cache
        self._path = path
        fd, self._temp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        self._file = os.fdopen(fd, "wb")
        self._offset = 0
        self._failed = False

    def add_chunk(self, chunk: bytes | memoryview) -> tuple[int, int]:
        """Append an encoded chunk; returns its spot, to pass to finish in row order."""
        spot = (self._offset, len(chunk))
        if not self._failed:
            try:
                self._file.write(chunk)
            except OSError:
                self._failed = True
        self._offset += len(chunk)
        return spot

    def finish(self, spots: list[tuple[int, int]], field_stats: Any, stamp: Any) -> bool:
        """Write the records payload and move the file into place; False if it failed."""
        return self.finish_payload({"field_stats": field_stats, "stamp": stamp}, spots)

    def finish_payload(self, payload: dict[str, Any], spots: list[tuple[int, int]]) -> bool:
        try:
            if self._failed:
                raise OSError("a chunk could not be written")
            self._file.write(pack_trailer({**self._cache.header(), **payload}, spots))
            self._file.close()
            os.replace(self._temp, self._path)
            return True
        except Exception:  # unwritable, or a value neither marshal nor pickle can store
            self.abandon()
            return False

    def abandon(self) -> None:
        try:
            self._file.close()
        except OSError:
            pass
        try:
            os.unlink(self._temp)
        except OSError:
            pass

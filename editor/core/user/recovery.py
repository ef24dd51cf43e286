"""The recovery area and the error log: what Masthead keeps in the user's data folder.

Unsaved edits are copied to ``data_dir()/recovery/<session>/`` so a crash, a kill or a
power cut loses at most the last few seconds of typing. Each running instance has its
own session folder and holds an exclusive lock on its ``lock`` file for as long as it
runs; the operating system drops the lock when the process dies, however it dies. At
start-up, a session folder whose lock can be taken belonged to a process that is gone:
its entries are *orphans* and are offered for restore. A second instance never takes a
live instance's entries.

An entry is two files written atomically: ``<id>.post`` (the exact bytes
``post.to_bytes()`` would write) and ``<id>.json`` (original path, the on-disk hash when
the edits started, whether the post was never saved, a timestamp). Nothing here ever
writes to the user's own post files. Pure Python: no Qt.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shutil
import time
import traceback
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from editor.core.errors import PostError
from editor.core.platform.atomic import atomic_write, remove_stale_temp_files
from editor.core.platform.regular_files import read_post_bytes
from editor.core.platform.userdirs import data_dir

FORMAT_VERSION = 1
LOCK_NAME = "lock"
ERROR_LOG_NAME = "errors.log"
ERROR_LOG_MAX_BYTES = 1024 * 1024
DIFF_MAX_LINES = 4000

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
    import msvcrt


def recovery_root() -> Path:
    """The folder holding every session's recovery copies."""
    return data_dir() / "recovery"


@dataclass(frozen=True)
class RecoveryEntry:
    """One recovered document: where its bytes are and what they belong to."""

    entry_id: str
    folder: Path
    original_path: Path | None
    disk_sha256: str | None
    never_saved: bool
    saved_at: float
    display_name: str

    @property
    def data_path(self) -> Path:
        return self.folder / f"{self.entry_id}.post"

    @property
    def meta_path(self) -> Path:
        return self.folder / f"{self.entry_id}.json"

    def read_bytes(self) -> bytes:
        return self.data_path.read_bytes()

    def saved_at_text(self) -> str:
        return datetime.fromtimestamp(self.saved_at).strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class RecoveryOffer:
    """What to show the user about an orphaned entry before they restore or discard it."""

    entry: RecoveryEntry
    status: str  # a short phrase: "new post", "unsaved edits", "file changed on disk since", ...
    diff: str  # unified diff, file on disk -> recovered text


def _lock(handle) -> bool:
    """Take an exclusive, non-blocking lock on an open file; False if someone holds it."""
    try:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


class RecoverySession:
    """This process's own folder in the recovery area, locked while the process runs."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else recovery_root()
        self.session_id = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.folder = self.root / self.session_id
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock_handle = open(self.folder / LOCK_NAME, "a+b")  # noqa: SIM115 (held open)
        if not _lock(self._lock_handle):
            raise OSError(f"could not lock the recovery folder {self.folder}")
        self._lock_handle.write(f"{os.getpid()}\n".encode())
        self._lock_handle.flush()
        self._claimed: dict[Path, object] = {}

    # ---- this session's entries

    @staticmethod
    def new_entry_id() -> str:
        return uuid.uuid4().hex

    def write(
        self,
        entry_id: str,
        data: bytes,
        *,
        original_path: Path | None,
        disk_sha256: str | None,
        never_saved: bool,
        display_name: str,
    ) -> RecoveryEntry:
        """Store (or replace) an entry atomically; OSError/PostError if the disk refuses."""
        entry = RecoveryEntry(
            entry_id,
            self.folder,
            Path(original_path) if original_path is not None else None,
            disk_sha256,
            never_saved,
            time.time(),
            display_name,
        )
        self.folder.mkdir(parents=True, exist_ok=True)
        meta = {
            "version": FORMAT_VERSION,
            "original_path": str(entry.original_path) if entry.original_path else None,
            "disk_sha256": disk_sha256,
            "never_saved": never_saved,
            "saved_at": entry.saved_at,
            "display_name": display_name,
            "data_sha256": hashlib.sha256(data).hexdigest(),
        }
        atomic_write(entry.data_path, data)
        atomic_write(entry.meta_path, json.dumps(meta, indent=1).encode("utf-8"))
        return entry

    def remove(self, entry_id: str) -> None:
        """Forget an entry (after a clean save, discard, revert or close)."""
        for suffix in (".json", ".post"):
            try:
                (self.folder / f"{entry_id}{suffix}").unlink()
            except FileNotFoundError:
                pass

    def entries(self) -> list[RecoveryEntry]:
        return read_entries(self.folder)

    def close(self, *, keep_entries: bool = True) -> None:
        """Release the lock; the folder goes when it holds no entry (a clean exit)."""
        self.release_orphans()
        if not keep_entries:
            for entry in self.entries():
                self.remove(entry.entry_id)
        empty = not self.entries()
        self._lock_handle.close()
        if empty:
            shutil.rmtree(self.folder, ignore_errors=True)

    def abandon(self) -> None:
        """Drop the lock and leave everything as a crash would (for tests)."""
        self._lock_handle.close()

    # ---- other, dead sessions

    def claim_orphans(self) -> list[RecoveryEntry]:
        """Entries of sessions whose process is gone; their locks are held until released,
        so another instance starting now does not offer the same entries."""
        found: list[RecoveryEntry] = []
        try:
            folders = sorted(p for p in self.root.iterdir() if p.is_dir() and p != self.folder)
        except OSError:
            return found
        for folder in folders:
            if folder in self._claimed:
                found.extend(read_entries(folder))
                continue
            try:
                handle = open(folder / LOCK_NAME, "a+b")  # noqa: SIM115 (held while claimed)
            except OSError:
                continue
            if not _lock(handle):
                handle.close()  # a live instance owns it
                continue
            self._claimed[folder] = handle
            remove_stale_temp_files(folder)
            found.extend(read_entries(folder))
        return sorted(found, key=lambda e: e.saved_at)

    def adopt(self, entry: RecoveryEntry) -> RecoveryEntry:
        """Move an orphan into this session (after restoring it into a window)."""
        moved = RecoveryEntry(
            entry.entry_id,
            self.folder,
            entry.original_path,
            entry.disk_sha256,
            entry.never_saved,
            entry.saved_at,
            entry.display_name,
        )
        os.replace(entry.data_path, moved.data_path)
        os.replace(entry.meta_path, moved.meta_path)
        return moved

    @staticmethod
    def discard(entry: RecoveryEntry) -> None:
        for path in (entry.meta_path, entry.data_path):
            try:
                path.unlink()
            except FileNotFoundError:
                pass

    def release_orphans(self) -> None:
        """Unlock claimed sessions; those with no entries left are removed."""
        for folder, handle in self._claimed.items():
            empty = not read_entries(folder)
            handle.close()
            if empty:
                shutil.rmtree(folder, ignore_errors=True)
        self._claimed.clear()


def read_entries(folder: Path) -> list[RecoveryEntry]:
    """Valid entries in a session folder (a half-written or foreign file is skipped)."""
    entries = []
    try:
        metas = sorted(folder.glob("*.json"))
    except OSError:
        return entries
    for meta_path in metas:
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            entry_id = meta_path.stem
            if not (folder / f"{entry_id}.post").is_file():
                continue
            original = meta.get("original_path")
            entries.append(
                RecoveryEntry(
                    entry_id,
                    folder,
                    Path(original) if original else None,
                    meta.get("disk_sha256"),
                    bool(meta.get("never_saved")),
                    float(meta.get("saved_at", 0.0)),
                    str(meta.get("display_name") or (Path(original).name if original else "")),
                )
            )
        except (OSError, ValueError, TypeError, AttributeError):
            continue
    return entries


def offer_for(entry: RecoveryEntry) -> RecoveryOffer:
    """The status phrase and unified diff (disk -> recovered) to show for an entry."""
    recovered = entry.read_bytes().decode("utf-8", "replace")
    path = entry.original_path
    disk = ""
    if path is None or (entry.never_saved and not path.exists()):
        status = "new post, never saved"
    else:
        try:
            data = read_post_bytes(path)
        except PostError as error:
            if not path.exists():
                status = "the file no longer exists"
            else:
                status = f"the file cannot be read ({error.message})"
        else:
            disk = data.decode("utf-8", "replace")
            if entry.disk_sha256 and hashlib.sha256(data).hexdigest() != entry.disk_sha256:
                status = "unsaved edits; the file was also changed on disk since"
            else:
                status = "unsaved edits"
    diff = unified_diff(disk, recovered, "on disk" if disk else "(no file)", "recovered")
    return RecoveryOffer(entry, status, diff)


def unified_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    """A unified diff of two texts, capped at DIFF_MAX_LINES lines."""
    lines = list(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=old_name,
            tofile=new_name,
        )
    )
    if len(lines) > DIFF_MAX_LINES:
        lines = lines[:DIFF_MAX_LINES] + [f"\n… {len(lines) - DIFF_MAX_LINES} more lines\n"]
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    return text or "(no differences)\n"


def log_unexpected_error(exc_type, exc_value, exc_traceback, folder: Path | None = None) -> Path:
    """Append a traceback to the error log in the data folder; return the log's path.

    The log is rotated to ``errors.log.1`` past ERROR_LOG_MAX_BYTES. Raises OSError if the
    folder cannot be written (the caller still shows the error).
    """
    folder = Path(folder) if folder is not None else data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / ERROR_LOG_NAME
    try:
        if log.stat().st_size > ERROR_LOG_MAX_BYTES:
            os.replace(log, folder / (ERROR_LOG_NAME + ".1"))
    except FileNotFoundError:
        pass
    text = "".join(traceback.format_exception(exc_type, exc_value, exc_traceback))
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"--- {datetime.now().isoformat(timespec='seconds')} pid {os.getpid()}\n")
        handle.write(text)
    return log

"""DiskSnapshot: what a file held when it was loaded or saved, to notice other programs' edits."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from editor.core.platform.regular_files import NotRegularFileError, read_regular


@dataclass(frozen=True)
class DiskSnapshot:
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path, data: bytes | None = None) -> DiskSnapshot | None:
        try:
            stat = path.stat()
            if data is None:
                data, _ = read_regular(path)
        except (OSError, NotRegularFileError):
            return None
        if data is None:
            return None
        return cls(stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest())

    def matches(self, path: Path) -> bool:
        """True if the file still holds the same bytes (a cheap stat check first)."""
        try:
            stat = path.stat()
        except OSError:
            return False
        if stat.st_size != self.size or not S_ISREG(stat.st_mode):
            return False
        if stat.st_mtime_ns == self.mtime_ns:
            return True
        try:
            data, _ = read_regular(path)
        except (OSError, NotRegularFileError):
            return False
        return data is not None and hashlib.sha256(data).hexdigest() == self.sha256

"""PostError: the one exception the core raises for bad input or a failed write.

A failed write is the subclass WriteError, so callers that catch PostError keep working
and those that care (a save that should be retried elsewhere) can tell it apart.
"""

from __future__ import annotations

import os


class PostError(ValueError):
    """A post could not be read, parsed, edited or written.

    ``message`` is a sentence for a person; ``line`` is the 1-based line in the
    file when known; ``path`` names the file when known.
    """

    def __init__(
        self, message: str, line: int | None = None, path: str | os.PathLike | None = None
    ):
        self.message = message
        self.line = line
        self.path = os.fspath(path) if path is not None else None
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.path:
            where.append(self.path)
        if self.line is not None:
            where.append(str(self.line))
        prefix = ":".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message

    def located(self, *, path=None, line_offset: int = 0) -> PostError:
        """A copy with the path filled in and the line shifted into file coordinates."""
        line = self.line + line_offset if self.line is not None else None
        return type(self)(self.message, line=line, path=path if path is not None else self.path)


class WriteError(PostError):
    """A file could not be written (atomic writes raise it); the original is left intact."""

"""One finding of the site checks: a ``Problem`` (``checks`` makes them and says what each
code means; ``check_select`` orders and filters them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int | None
    level: str  # "error" | "warning" | "info"
    code: str
    message: str
    key: str | None = None
    column: int | None = None  # 1-based, where known (spelling)

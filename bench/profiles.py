"""Turns the cProfile dumps of a ``--profile`` run into one readable hotspot summary."""

from __future__ import annotations

import io
import pstats
from pathlib import Path

TOP = 15


def summarise(path: Path, top: int = TOP) -> str:
    """The top functions of one profile, by own time and by cumulative time."""
    out = io.StringIO()
    stats = pstats.Stats(str(path), stream=out)
    stats.strip_dirs()
    out.write(f"==== {path.stem} ====\n-- by own time --\n")
    stats.sort_stats("tottime").print_stats(top)
    out.write("-- by cumulative time --\n")
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def write_summary(folder: Path) -> Path:
    target = folder / "summary.txt"
    target.write_text("\n".join(summarise(p) for p in sorted(folder.glob("*.pstats"))))
    return target

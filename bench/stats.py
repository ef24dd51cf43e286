"""Small statistics and the interleaving loop every scenario uses."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile (p95 of 200 samples is the 190th smallest)."""
    if not values:
        raise ValueError("no samples")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def interleave(
    ours: Callable[[], float], baseline: Callable[[], float], repeats: int
) -> tuple[list[float], list[float]]:
    """Run both ``repeats`` times, alternating which goes first so drift hits both."""
    ours_samples: list[float] = []
    base_samples: list[float] = []
    for i in range(repeats):
        if i % 2 == 0:
            ours_samples.append(ours())
            base_samples.append(baseline())
        else:
            base_samples.append(baseline())
            ours_samples.append(ours())
    return ours_samples, base_samples

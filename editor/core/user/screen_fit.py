"""Where a restored window goes: the saved geometry fitted to the screen it opens on.

A window saved on a bigger screen (or saved tiny) must come back whole and usable: no
wider or taller than the screen's available area, inside it, and never smaller than a
sensible minimum (a smaller one gets the default size, centred). Plain arithmetic on
(x, y, width, height); the window does the Qt calls.
"""

from __future__ import annotations

from typing import NamedTuple

DEFAULT_SIZE = (1280, 820)
DEFAULT_SHARE = (0.95, 0.92)  # the most of the screen a default window takes
MINIMUM_SIZE = (720, 480)


class Rect(NamedTuple):
    x: int
    y: int
    width: int
    height: int


def default_size(available: Rect) -> tuple[int, int]:
    """The size of a window with nothing saved: DEFAULT_SIZE, at most DEFAULT_SHARE of
    the screen."""
    return (
        min(DEFAULT_SIZE[0], int(available.width * DEFAULT_SHARE[0])),
        min(DEFAULT_SIZE[1], int(available.height * DEFAULT_SHARE[1])),
    )


def minimum_size(available: Rect) -> tuple[int, int]:
    """MINIMUM_SIZE, or the default size on a screen too small for it."""
    width, height = default_size(available)
    return min(MINIMUM_SIZE[0], width), min(MINIMUM_SIZE[1], height)


def fit_to_screen(saved: Rect, available: Rect) -> Rect:
    """saved, shrunk to the available area and moved inside it; a window below the
    minimum size gets the default size, centred on the available area."""
    min_width, min_height = minimum_size(available)
    if saved.width < min_width or saved.height < min_height:
        width, height = default_size(available)
        return Rect(
            available.x + (available.width - width) // 2,
            available.y + (available.height - height) // 2,
            width,
            height,
        )
    width = min(saved.width, available.width)
    height = min(saved.height, available.height)
    x = min(max(saved.x, available.x), available.x + available.width - width)
    y = min(max(saved.y, available.y), available.y + available.height - height)
    return Rect(x, y, width, height)

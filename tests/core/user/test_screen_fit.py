"""A restored window fits the screen it opens on and is never uselessly small."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from editor.core.user.screen_fit import Rect, default_size, fit_to_screen, minimum_size

SCREEN = Rect(0, 0, 1920, 1080)


def test_a_window_that_fits_stays_where_it_was():
    """Nothing changes for a window inside the screen."""
    saved = Rect(100, 80, 1200, 800)
    assert fit_to_screen(saved, SCREEN) == saved


def test_a_window_from_a_bigger_screen_is_shrunk_and_moved_inside():
    """A 2560x1440 window at (1000, 500) comes back within 1920x1080."""
    fitted = fit_to_screen(Rect(1000, 500, 2560, 1440), SCREEN)
    assert fitted == Rect(0, 0, 1920, 1080)
    moved = fit_to_screen(Rect(1500, 900, 1000, 700), SCREEN)
    assert moved == Rect(920, 380, 1000, 700)


def test_the_520_by_307_window_comes_back_at_the_default_size_centred():
    """The window a writer got back (520x307) is below the minimum: the default size."""
    fitted = fit_to_screen(Rect(10, 10, 520, 307), SCREEN)
    assert (fitted.width, fitted.height) == default_size(SCREEN) == (1280, 820)
    assert (fitted.x, fitted.y) == ((1920 - 1280) // 2, (1080 - 820) // 2)


def test_a_small_screen_has_a_smaller_minimum():
    """On an 800x600 screen the minimum is no bigger than the default size there."""
    small = Rect(0, 0, 800, 600)
    assert minimum_size(small) == (720, 480)
    assert default_size(small) == (760, 552)
    tiny = Rect(0, 0, 640, 400)
    assert minimum_size(tiny) == default_size(tiny)


rects = st.builds(
    Rect,
    st.integers(-4000, 4000),
    st.integers(-4000, 4000),
    st.integers(0, 6000),
    st.integers(0, 6000),
)
screens = st.builds(
    Rect,
    st.integers(-2000, 2000),
    st.integers(-2000, 2000),
    st.integers(200, 4000),
    st.integers(200, 3000),
)


@given(saved=rects, available=screens)
def test_the_result_is_always_inside_the_screen_and_not_below_the_minimum(saved, available):
    """Whatever was saved, the window is whole on the screen and at least the minimum."""
    fitted = fit_to_screen(saved, available)
    assert fitted.x >= available.x and fitted.y >= available.y
    assert fitted.x + fitted.width <= available.x + available.width
    assert fitted.y + fitted.height <= available.y + available.height
    min_width, min_height = minimum_size(available)
    assert fitted.width >= min_width and fitted.height >= min_height

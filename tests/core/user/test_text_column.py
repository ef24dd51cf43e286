"""The text column's margins: centred, a column of the chosen number of characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from editor.core.user.text_column import COLUMN_CHARS, column_margins


def test_a_medium_column_is_75_characters_centred():
    """1000 px for 75 characters of 8 px leaves (1000 - 600) / 2 on each side."""
    assert column_margins(1000, 8.0, "medium") == 200


def test_the_widths_grow_from_narrow_to_wide_and_full_has_no_margin():
    """Narrow leaves the most room beside the text, full none."""
    margins = [column_margins(2000, 8.0, name) for name in ("narrow", "medium", "wide", "full")]
    assert margins == sorted(margins, reverse=True)
    assert margins[-1] == 0
    assert COLUMN_CHARS["narrow"] == 60 and COLUMN_CHARS["wide"] == 95


def test_a_pane_narrower_than_the_column_gets_no_margin():
    """The column never squeezes a narrow pane further."""
    assert column_margins(300, 8.0, "narrow") == 0


def test_padding_is_part_of_the_column_and_unknown_names_are_full():
    """The room beside the characters counts into the column; a strange name is full."""
    assert column_margins(1000, 8.0, "medium", padding=20) == 190
    assert column_margins(1000, 8.0, "enormous") == 0


@given(
    available=st.integers(0, 5000),
    char_width=st.floats(0.5, 40),
    column=st.sampled_from(list(COLUMN_CHARS)),
)
def test_the_column_always_fits_and_is_at_least_as_wide_as_asked(available, char_width, column):
    """Two margins never exceed the pane; what is left holds the column when there is room."""
    margin = column_margins(available, char_width, column)
    assert 0 <= 2 * margin <= max(available, 0)
    chars = COLUMN_CHARS[column]
    if margin > 0 and chars is not None:
        assert available - 2 * margin >= round(chars * char_width)

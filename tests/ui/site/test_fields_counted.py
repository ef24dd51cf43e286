"""The fields panel's top values equal the head of the full ranking (ties in order)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from editor.ui.site.fields_panel import TOP_VALUES, counted


@given(st.dictionaries(st.text(max_size=3), st.integers(1, 4), max_size=40))
def test_the_top_values_are_the_head_of_the_full_ranking(values):
    counts = Counter(values)
    assert counted(counts, TOP_VALUES) == counted(counts)[:TOP_VALUES]

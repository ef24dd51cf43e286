"""row_order: the orders a scan works out for the tables are the tables' own sorts, the
keys remembered across a first open's growing lists are the keys made afresh, and an
order is only taken for the very record list it was made for."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.site.records import PostRecord
from editor.session.row_order import (
    FILE_COLUMN,
    GIT_COLUMN,
    MISSING_KEY,
    KeyMemo,
    presort,
    sort_key,
    sort_key_of,
)

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(-5, 5, allow_nan=False),
    st.sampled_from(["", "b", "B", "a\nb", "2020-01-02", "Zeta", " spaced  out "]),
    st.dates(dt.date(2019, 1, 1), dt.date(2021, 1, 1)),
    st.lists(st.sampled_from(["x", "y"]), max_size=2),
)


@st.composite
def records(draw):
    values = draw(st.lists(VALUES, max_size=25))
    names = draw(
        st.lists(
            st.sampled_from(["2020-01-01-a", "b", "C", "2019-05-06-d"]),
            min_size=len(values),
            max_size=len(values),
        )
    )
    return [
        PostRecord(f"/site/{n}-{i}.md", f"{n}-{i}.md", 1, 1, "yaml", {"date": v, "title": v})
        for i, (n, v) in enumerate(zip(names, values, strict=True))
    ]


def _plain_order(recs, key, descending):
    """The table's sort, written out plainly: by key, missing values last either way."""
    keys = [sort_key_of(r, key) for r in recs]
    present = sorted(
        (p for p in range(len(recs)) if keys[p] != MISSING_KEY),
        key=keys.__getitem__,
        reverse=descending,
    )
    return present + [p for p in range(len(recs)) if keys[p] == MISSING_KEY]


@settings(max_examples=150, deadline=None)
@given(recs=records(), key=st.sampled_from(["date", "title", FILE_COLUMN]), desc=st.booleans())
def test_presorted_orders_are_the_tables_sort(recs, key, desc):
    orders = presort(recs, [(key, desc)])
    assert orders.order(recs, key, desc) == _plain_order(recs, key, desc)
    assert orders.keys_of(recs, key) == [sort_key_of(r, key) for r in recs]


@settings(max_examples=100, deadline=None)
@given(recs=records(), cuts=st.lists(st.integers(0, 25), max_size=4))
def test_remembered_keys_over_growing_lists_equal_fresh_keys(recs, cuts):
    memo = KeyMemo()
    for cut in [*sorted(cuts), len(recs)]:
        part = recs[:cut]
        assert memo.keys(part, "date") == [sort_key_of(r, "date") for r in part]


def test_the_fast_path_for_text_keeps_sort_keys_order():
    for text in ["Zeta", "a\nb", " spaced  out ", "x"]:
        record = PostRecord("/s/a.md", "a.md", 1, 1, "yaml", {"title": text})
        assert sort_key_of(record, "title") == sort_key(text)


def test_an_order_is_taken_only_for_the_list_it_was_made_for():
    recs = [PostRecord(f"/s/{n}.md", f"{n}.md", 1, 1, "yaml", {"title": n}) for n in "cab"]
    orders = presort(recs, [("title", False), (GIT_COLUMN, False)])
    assert orders.order(recs, "title", False) == [1, 2, 0]
    assert orders.order(list(recs), "title", False) is None  # a copy: maybe not the same
    assert orders.order(recs, "title", True) is None  # not asked for
    assert orders.order(recs, GIT_COLUMN, False) is None  # git states: the GUI thread's


def test_the_same_records_again_reuse_the_orders_and_other_records_do_not():
    recs = [PostRecord(f"/s/{n}.md", f"{n}.md", 1, 1, "yaml", {"title": n}) for n in "cab"]
    memo = KeyMemo()
    first = presort(recs, [("title", False)], memo)
    again = presort(list(recs), [("title", False)], memo, last=True)
    assert again.orders is first.orders  # worked out once
    changed = [*recs[:2], PostRecord("/s/b.md", "b.md", 1, 2, "yaml", {"title": "0"})]
    other = presort(changed, [("title", False)], memo, last=True)
    assert other.order(changed, "title", False) == [2, 1, 0]

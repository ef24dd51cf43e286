"""Date detection groups the candidate formats by the shape of what they write; the
shape is read off each pattern, and must be what formatting a real date gives."""

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.core.values import dates

NUMERIC = [fmt for fmt in dates._CANDIDATES if fmt not in dates._WORDY]


@given(
    moment=st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)),
    offset_minutes=st.integers(min_value=-14 * 60, max_value=14 * 60),
)
def test_a_patterns_shape_is_the_shape_of_what_it_writes(moment, offset_minutes):
    value = moment.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    for fmt in NUMERIC:
        assert dates.format_shape(fmt) == dates._coarse_shape(dates.format(value, fmt)), fmt


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("2020-09-30", "%Y-%m-%d"),
        ("2020-09-30-07-25-20", "%Y-%m-%d-%H-%M-%S"),
        ("2020-09-30T07:25:20+02:00", "%Y-%m-%dT%H:%M:%S%:z"),
        ("2020-09-30 07:25:20 -0500", "%Y-%m-%d %H:%M:%S %z"),
        ("2020-09-30T07:25:20.123Z", "%Y-%m-%dT%H:%M:%S.%3fZ"),
        ("30.09.2020", "%d.%m.%Y"),
        ("September 30, 2020", "%B %d, %Y"),
    ],
)
def test_dates_are_detected_and_written_back_exactly(text, fmt):
    assert dates.detect_format(text) == fmt
    assert dates.format(dates.parse(text, fmt), fmt) == text


@pytest.mark.parametrize("text", ["2020-13-01", "2020-09-30-07", "not a date", "2020-9-30x"])
def test_near_misses_are_not_dates(text):
    assert dates.detect_format(text) is None


def test_the_shape_table_holds_every_numeric_candidate_once_under_its_own_shape():
    table = dates._numeric_candidates_by_shape()
    listed = [fmt for formats in table.values() for fmt in formats]
    assert sorted(listed) == sorted(NUMERIC)
    for shape, formats in table.items():
        assert all(dates.format_shape(fmt) == shape for fmt in formats)
        # Within a shape, the candidates keep their order of preference.
        assert formats == [fmt for fmt in NUMERIC if fmt in formats]

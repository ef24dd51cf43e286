"""Dates in post file names: the name's start, with a time, a bundle's folder; never a
date that does not exist or a number that is no date."""

from datetime import date, datetime

import pytest

from editor.core.post.file_dates import file_name_date


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("source/_posts/2020-09-30-harbour-ferry.md", date(2020, 9, 30)),
        ("_posts/2020-09-30-07-25-20-harbour.md", datetime(2020, 9, 30, 7, 25, 20)),
        ("content/posts/2019-01-02-trip/index.md", date(2019, 1, 2)),
        ("content/posts/2019-01-02-trip/index.ja.md", date(2019, 1, 2)),
        ("2021-03-04.md", date(2021, 3, 4)),
        ("_posts/2017-02-29-leap.md", None),
        ("posts/hello.md", None),
        ("posts/20200930-hello.md", None),
        ("posts/2020-09-301-hello.md", None),
        ("content/posts/trip/index.md", None),
    ],
)
def test_the_date_a_file_name_carries(path, expected):
    assert file_name_date(path) == expected

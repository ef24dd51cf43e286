"""The sample post every test can use, and the real one in ../shared for the tests about it.

``SAMPLE`` is shipped in tests/data: a synthetic post (invented text about a harbour town)
of the same shape as the real Jigsaw news post in ../shared/samples, which has no license
and so is not copied here. Same keys in the same order, the odd date
``2020-09-30-07-25-20``, a flow list, a trailing space after every value and after the
closing ``--- ``, two-space hard breaks, and exactly 12 no-break spaces at line ends.
"""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "data" / "sample" / "2020-09-30-harbour-ferry-returns.md"
SHARED_SAMPLE = REPO.parent / "shared" / "samples" / "2020-09-30-ice-sanctuary-cities.md"
SAMPLE_KEYS = [
    "extends",
    "section",
    "image",
    "title",
    "description",
    "date",
    "categories",
    "featured",
]

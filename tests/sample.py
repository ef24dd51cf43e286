"""Where the shared sample post is, and its keys in file order (tests skip when it is absent)."""

from pathlib import Path

SAMPLE = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "samples"
    / "2020-09-30-ice-sanctuary-cities.md"
)
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

"""The README's promises name the tests that check them: every named test must exist."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_test_the_readme_names_exists():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = []
    # `tests/a/b.py::test_x`, then `::test_y` naming more tests in the same file.
    for match in re.finditer(r"`(tests/[\w/]+\.py)(?:::(\w+))?`((?:, `::\w+`)*)", readme):
        path, first, more = match.group(1), match.group(2), match.group(3)
        source = REPO / path
        if not source.exists():
            missing.append(path)
            continue
        text = source.read_text(encoding="utf-8")
        for name in [first, *re.findall(r"::(\w+)", more)]:
            if name and f"def {name}(" not in text:
                missing.append(f"{path}::{name}")
    assert missing == []

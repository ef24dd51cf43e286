"""The code's layout is ruff format's own: no line keeps a hand-packed layout with
``# fmt: skip`` (or a ``fmt: off`` block), in the editor, its benchmarks or its tests."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MARKERS = ("fmt: skip", "fmt: off")


def test_no_line_opts_out_of_the_formatter():
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for folder in ("editor", "bench", "tests", "scripts")
        for path in sorted((REPO / folder).rglob("*.py"))
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "#" in line and any(marker in line.split("#", 1)[1] for marker in MARKERS)
    ]
    assert found == []

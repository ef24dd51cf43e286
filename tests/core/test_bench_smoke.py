"""Smoke tests of the benchmark runner's output side: figures, JSON and the Markdown table."""

from __future__ import annotations

import json

import pytest

from bench.report import JSON_KEYS, Figure, format_markdown, format_table, write_json
from bench.stats import interleave, percentile


def fake_figures() -> list[Figure]:
    return [
        Figure("index_cold_10k", 0.5, 2.0, "s", 3, "frontmatter loop", "ratio <= 0.35", "cold"),
        Figure(
            "typing_stall_p95_50k", 12.0, 800.0, "ms", 200, "sync", "ratio <= 0.1 and ours <= 16"
        ),
        Figure(
            "typing_stall_p95_50k_slow", 20.0, 800.0, "ms", 200, "", "ratio <= 0.1 and ours <= 16"
        ),
        Figure("save_single_field", 3.0, 1.5, "ms", 31, "frontmatter"),
        Figure("filter_10k", None, None, "", 0, note="could not run: ImportError"),
    ]


def test_json_has_exactly_the_keys_scripts_read(tmp_path):
    """The JSON is a list of objects with name, ours, baseline, unit, ratio and n only."""
    out = tmp_path / "figures.json"
    write_json(fake_figures(), out)
    data = json.loads(out.read_text())
    assert [set(item) for item in data] == [set(JSON_KEYS)] * 5
    first = data[0]
    assert first == {"name": "index_cold_10k", "ours": 0.5, "baseline": 2.0, "unit": "s",
                     "ratio": 0.25, "n": 3}  # fmt: skip
    assert data[-1]["ours"] is None and data[-1]["ratio"] is None


def test_targets_are_judged_on_ratio_and_on_ours():
    """A target can bound the ratio and the absolute figure; both must hold."""
    cold, fast, slow, report_only, failed = fake_figures()
    assert cold.target_met() is True
    assert fast.target_met() is True
    assert slow.target_met() is False  # ratio fine, but 20 ms > 16 ms
    assert report_only.target_met() is None
    assert failed.target_met() is None


def test_table_has_one_row_per_figure_with_verdicts():
    """The Markdown table lists each figure, its ratio and whether its target was met."""
    table = format_table(fake_figures())
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) == 5
    assert "| `index_cold_10k` | 0.5 | 2.00 | s | 0.250 | 3 | met: ratio <= 0.35 |" in rows
    assert "MISSED" in rows[2]
    assert rows[3].endswith("| report |")
    assert "n/a" in rows[4] and "not measured" not in rows[4]


def test_markdown_describes_the_machine_and_the_notes():
    """docs/benchmarks.md carries the machine (CPU, cores, RAM, Python, Qt) and each note."""
    machine = {"CPU": "Test CPU", "cores": "2", "RAM": "1.0 GiB", "Python": "3.11"}
    text = format_markdown(fake_figures(), machine, "bench/run.py --quick", 42.0, "6.9.9")
    assert "- CPU: Test CPU" in text and "- Qt: 6.9.9" in text and "- cores: 2" in text
    assert "could not run: ImportError" in text
    assert "Targets met: 2 of 3." in text


def test_percentile_is_nearest_rank():
    """p95 of 1..200 is the 190th value; p95 of a single sample is that sample."""
    assert percentile(list(range(1, 201)), 95) == 190
    assert percentile([7.0], 95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 95)


def test_interleave_alternates_which_side_goes_first():
    """Repeats alternate ours-first and baseline-first so drift hits both sides."""
    calls: list[str] = []
    ours, base = interleave(lambda: calls.append("o") or 1.0, lambda: calls.append("b") or 2.0, 4)
    assert calls == ["o", "b", "b", "o", "o", "b", "b", "o"]
    assert ours == [1.0] * 4 and base == [2.0] * 4

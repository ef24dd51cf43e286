"""Benchmark figures and how they are written: the JSON list and the Markdown table.

A ``Figure`` is one named scenario: our median (or p95) beside the baseline's, in one
unit, with ``ratio = ours / baseline``. ``write_json`` writes exactly the keys scripts
read (``name, ours, baseline, unit, ratio, n``); ``format_markdown`` renders the table
for ``docs/benchmarks.md`` with the targets, the notes and the machine described.
"""

from __future__ import annotations

import json
import math
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

JSON_KEYS = ("name", "ours", "baseline", "unit", "ratio", "n")


@dataclass
class Figure:
    """One scenario's result. ``ours``/``baseline`` are None when it could not run."""

    name: str
    ours: float | None
    baseline: float | None
    unit: str
    n: int
    baseline_label: str = ""
    target: str = ""  # e.g. "ratio <= 0.35"; "" for report-only figures
    note: str = ""  # how it was measured, or why it could not run

    @property
    def ratio(self) -> float | None:
        if self.ours is None or self.baseline is None or self.baseline <= 0:
            return None
        return self.ours / self.baseline

    def target_met(self) -> bool | None:
        """True/False for figures with a target, None for report-only ones or failed runs."""
        if not self.target:
            return None
        ratio = self.ratio
        if ratio is None:
            return None if self.ours is None else False
        met = True
        for clause in self.target.split(" and "):
            subject, _, limit = clause.partition("<=")
            value = ratio if subject.strip() == "ratio" else self.ours
            met = met and value <= float(limit.split()[0])
        return met

    def as_json(self) -> dict:
        ratio = self.ratio
        return {
            "name": self.name,
            "ours": _finite(self.ours),
            "baseline": _finite(self.baseline),
            "unit": self.unit,
            "ratio": None if ratio is None else round(ratio, 4),
            "n": self.n,
        }


def _finite(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, 4)


def write_json(figures: list[Figure], path: str | os.PathLike[str]) -> None:
    """The figure list as JSON (a list of objects with ``JSON_KEYS``)."""
    Path(path).write_text(json.dumps([f.as_json() for f in figures], indent=2) + "\n")


def _number(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if value < 1 else f"{value:.2f}"


def _verdict(figure: Figure) -> str:
    met = figure.target_met()
    if met is None:
        return figure.target and "not measured" or "report"
    return ("met: " if met else "MISSED: ") + figure.target


def format_table(figures: list[Figure]) -> str:
    """A Markdown table, one row per figure."""
    lines = [
        "| scenario | ours | baseline | unit | ratio | n | target |",
        "|---|---:|---:|---|---:|---:|---|",
    ]
    for f in figures:
        ratio = f.ratio
        lines.append(
            f"| `{f.name}` | {_number(f.ours)} | {_number(f.baseline)} | {f.unit} | "
            f"{'n/a' if ratio is None else f'{ratio:.3f}'} | {f.n} | {_verdict(f)} |"
        )
    return "\n".join(lines) + "\n"


def machine_info() -> dict[str, str]:
    """CPU model, cores, RAM, OS, Python and Qt versions of this machine."""
    info = {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count() or "?"),
        "RAM": _ram(),
        "OS": platform.platform(),
        "Python": sys.version.split()[0],
        "load average at start (1/5/15 min)": _load_average(),
    }
    try:
        from importlib.metadata import version

        info["PySide6"] = version("PySide6")
    except Exception:
        info["PySide6"] = "not installed"
    return info


def _load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def format_markdown(
    figures: list[Figure],
    machine: dict[str, str],
    command: str,
    seconds: float,
    qt_version: str = "",
) -> str:
    """The whole ``docs/benchmarks.md``: table, targets, notes, machine, how to reproduce."""
    if qt_version:
        machine = {**machine, "Qt": qt_version}
    met = [f for f in figures if f.target_met() is True]
    with_target = [f for f in figures if f.target]
    parts = [
        "# Benchmarks",
        "",
        f"Generated by `{command}` in {seconds:.0f} s. Each figure is measured beside its "
        "baseline in the same run, interleaved, and is the median of the repeats (or the "
        "p95 of the samples where the name says so). Ratio = ours / baseline: lower is "
        "better. Scenario names are fixed; scripts read the JSON the runner writes.",
        "",
        format_table(figures),
        f"Targets met: {len(met)} of {len(with_target)}.",
        "",
        "## What each figure measures",
        "",
    ]
    for f in figures:
        label = f" Baseline: {f.baseline_label}." if f.baseline_label else ""
        parts.append(f"- `{f.name}`: {f.note}{label}")
    parts += ["", "## Machine", ""]
    parts += [f"- {key}: {value}" for key, value in machine.items()]
    parts += [
        "",
        "## Reproduce",
        "",
        "```",
        ".venv/bin/python bench/run.py --quick          # 10k-post site, 5k/50k-word posts",
        ".venv/bin/python bench/run.py                  # adds the 100k-post site",
        ".venv/bin/python bench/run.py --profile prof/  # cProfile hotspots per scenario",
        "```",
        "",
    ]
    return "\n".join(parts)

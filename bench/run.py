"""Run Masthead's benchmarks beside their baselines and write the figures.

    python bench/run.py [--quick] [--out FILE.json] [--profile DIR]

Generates its inputs (Jigsaw-style sites of 1,000, 10,000 and, without --quick,
100,000 posts; posts of 5,000 and 50,000 words), runs every scenario with ours and the
baseline interleaved, writes the JSON figure list (``--out``, default
``bench/results.json``) and the Markdown table in ``docs/benchmarks.md``. With
``--profile DIR`` the "ours" side of each scenario also runs once under cProfile and
``DIR/summary.txt`` lists the hotspots.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import inputs  # noqa: E402
from bench.context import HEADLESS_ENV, Context  # noqa: E402
from bench.report import Figure, format_markdown, machine_info, write_json  # noqa: E402
from bench.scenarios import (  # noqa: E402
    desktop,
    editor_gui,
    files,
    index,
    open_window,
    post_list,
    process,
    save_in_site,
    spelling,
)

GROUPS = {
    "index": ("index_cold_10k", "index_warm_10k"),
    "editor": (
        "typing_stall_p95_50k",
        "preview_latency_p95_5k",
        "preview_latency_p95_50k",
        "typing_stall_p95_50k_jigsaw",
        "preview_latency_p95_5k_jigsaw",
        "preview_latency_p95_50k_jigsaw",
    ),
    "files": ("save_single_field", "bulk_set_1k"),
    "site": ("filter_10k", "memory_10k"),
    "save": ("save_in_site_10k",),
    "startup": ("startup_to_window",),
    "window": ("open_folder_window_10k_warm", "open_folder_window_10k_cold"),
    "desktop": (
        "startup_vs_ghostwriter",
        "startup_vs_retext",
        "memory_total_1post",
        "memory_total_10k",
    ),
    "spelling": (
        "spelling_post_50k_cold",
        "spelling_post_50k_warm",
        "spelling_site_1k_cold",
        "spelling_site_1k_warm",
    ),
}
ORDER = [
    "index_cold_10k",
    "index_warm_10k",
    "open_folder_window_10k_warm",
    "open_folder_window_10k_cold",
    "typing_stall_p95_50k",
    "preview_latency_p95_5k",
    "preview_latency_p95_50k",
    "typing_stall_p95_50k_jigsaw",
    "preview_latency_p95_5k_jigsaw",
    "preview_latency_p95_50k_jigsaw",
    "save_single_field",
    "bulk_set_1k",
    "filter_10k",
    "save_in_site_10k",
    "startup_to_window",
    "memory_10k",
    "startup_vs_ghostwriter",
    "startup_vs_retext",
    "memory_total_1post",
    "memory_total_10k",
    "spelling_post_50k_cold",
    "spelling_post_50k_warm",
    "spelling_site_1k_cold",
    "spelling_site_1k_warm",
    "index_cold_100k",
    "index_warm_100k",
]


def default_work_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "masthead-bench"


def qt_version(python: str) -> str:
    try:
        out = subprocess.run(
            [python, "-c", "from PySide6.QtCore import qVersion; print(qVersion())"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, **HEADLESS_ENV},
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _failed(names: tuple[str, ...], error: BaseException) -> list[Figure]:
    reason = f"could not run: {type(error).__name__}: {error}".replace("|", "/")
    return [Figure(name, None, None, "", 0, note=reason) for name in names]


def run_group(ctx: Context, group: str, fn) -> list[Figure]:
    ctx.log(f"[{group}]")
    started = time.monotonic()
    try:
        figures = fn()
    except Exception as error:  # one broken scenario must not hide the others' figures
        traceback.print_exc()
        figures = _failed(GROUPS[group], error)
    ctx.log(f"  ({time.monotonic() - started:.1f}s)")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k-post site only (under a minute)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.json")
    parser.add_argument("--markdown", type=Path, default=REPO / "docs" / "benchmarks.md")
    parser.add_argument("--profile", type=Path, default=None, metavar="DIR")
    parser.add_argument(
        "--work", type=Path, default=default_work_dir(), help="where inputs are kept"
    )
    parser.add_argument("--only", nargs="*", choices=sorted(GROUPS), help="run only these groups")
    args = parser.parse_args(argv)

    os.environ.update(HEADLESS_ENV)
    machine = machine_info()  # before the run: its load average says how busy the machine was
    started = time.monotonic()
    ctx = Context(work=args.work, quick=args.quick, profile_dir=args.profile)
    args.work.mkdir(parents=True, exist_ok=True)
    ctx.log(f"inputs in {args.work}")
    site_sizes = [10_000] if args.quick else [10_000, 100_000]
    sites = {n: inputs.site(args.work, n) for n in site_sizes}
    site_1k = inputs.site(args.work, 1_000)
    post_5k, post_50k = inputs.long_post(args.work, 5_000), inputs.long_post(args.work, 50_000)
    sample = inputs.sample_post()
    # Freshly generated inputs are still being written back to disk: finish that before
    # measuring anything, so a first run on a clean machine measures the same as later ones.
    os.sync()
    ctx.log(f"inputs ready ({time.monotonic() - started:.1f}s)")

    plan = {
        "index": lambda: index.run(ctx, sites),
        "editor": lambda: editor_gui.run(ctx, post_5k, post_50k),
        "files": lambda: files.run(ctx, sample, site_1k),
        "site": lambda: post_list.run(ctx, sites[10_000]),
        "save": lambda: save_in_site.run(ctx, sites[10_000]),
        "startup": lambda: process.run(ctx, sample),
        "window": lambda: open_window.run(ctx, sites[10_000]),
        "desktop": lambda: desktop.run(ctx, sample, sites[10_000]),
        "spelling": lambda: spelling.run(ctx, post_50k, site_1k),
    }
    figures: list[Figure] = []
    try:
        for group, fn in plan.items():
            if args.only is None or group in args.only:
                figures += run_group(ctx, group, fn)
    finally:
        ctx.cleanup()
    figures.sort(key=lambda f: (ORDER.index(f.name) if f.name in ORDER else len(ORDER), f.name))
    seconds = time.monotonic() - started

    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_json(figures, args.out)
    command = "bench/run.py" + (" --quick" if args.quick else "")
    text = format_markdown(figures, machine, command, seconds, qt_version(ctx.python))
    if args.only is None:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(text)
    if args.profile is not None:
        from bench.profiles import write_summary

        write_summary(args.profile)
    print(text)
    ctx.log(f"done in {seconds:.1f}s; JSON in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

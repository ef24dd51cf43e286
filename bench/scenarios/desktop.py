"""Masthead beside the writing editors users compare it with: time to window, memory.

Every program is started the same way, as a fresh process on one Xvfb screen with a
fresh home and XDG folders, on a copy of the sample post, and timed from outside
(``bench.xwatch``): from just before the process is spawned to the X server mapping its
first top-level window. Masthead is the ``masthead`` command of this checkout's
environment (its modules byte-compiled first, as pip does when it installs a wheel);
ghostwriter and ReText are the Debian packages (``apt-get install ghostwriter retext``),
and a figure whose baseline is not installed is listed with the reason. The editors
take turns within each repeat, the order rotating, so drift hits them all.

Memory is the sum of PSS over the program's whole process tree (QtWebEngine helpers,
render and parse workers included), ``MEMORY_SETTLE_S`` seconds after its window
appeared: Masthead on the sample post and on the 10,000-post site, ghostwriter on the
sample post (its preview is QtWebEngine too).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bench.context import REPO, Context
from bench.report import Figure
from bench.stats import median

MEMORY_SETTLE_S = 8.0
EDITORS = {
    "ghostwriter": ("ghostwriter", "Debian package ghostwriter"),
    "retext": ("retext", "Debian package retext"),
}


def masthead_command(python: str) -> list[str]:
    script = Path(python).parent / "masthead"
    return [str(script)] if script.exists() else [python, "-m", "editor"]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("QTWEBENGINE_CHROMIUM_FLAGS", None)  # each editor as a user starts it
    env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"  # root here; the sandbox refuses to run
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _compile(python: str) -> None:
    subprocess.run(
        [python, "-m", "compileall", "-q", str(REPO / "editor")],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""},
    )


def _skipped(names: list[str], reason: str, unit: str) -> list[Figure]:
    return [Figure(name, None, None, unit, 0, note=f"skipped: {reason}") for name in names]


def run(ctx: Context, sample: Path, site_10k: Path | None = None) -> list[Figure]:
    from bench.xwatch import VirtualScreen, XUnavailable, launch

    names = [
        "startup_vs_ghostwriter",
        "startup_vs_retext",
        "memory_total_1post",
        "memory_total_10k",
    ]
    try:
        screen = VirtualScreen()
    except XUnavailable as error:
        return _skipped(names, str(error), "s")
    post_dir = ctx.scratch("bench-desktop-")
    post = post_dir / sample.name
    shutil.copyfile(sample, post)
    _compile(ctx.python)
    env = _environment()
    commands = {"masthead": masthead_command(ctx.python) + [str(post)]}
    missing = {}
    for name, (program, package) in EDITORS.items():
        found = shutil.which(program)
        if found:
            commands[name] = [found, str(post)]
        else:
            missing[name] = f"{program} is not installed ({package})"
    errors: list[str] = []

    def start(name: str, command: list[str], settle: float | None = None):
        result = launch(screen, command, env=env, cwd=post_dir, settle=settle)
        if result.error:
            errors.append(f"{name}: {result.error}")
            ctx.log(f"  {name}: {result.error}")
        shutil.copyfile(sample, post)  # whatever an editor wrote, the next one gets the post
        return result

    try:
        repeats = 5 if ctx.quick else 9
        times: dict[str, list[float]] = {name: [] for name in commands}
        order = list(commands)
        start("masthead", commands["masthead"])  # a first start warms the disk cache
        for i in range(repeats):
            rotated = order[i % len(order) :] + order[: i % len(order)]
            for name in rotated:
                seconds = start(name, commands[name]).seconds
                if seconds is not None:
                    times[name].append(seconds)
        ctx.log(
            "  time to window: "
            + ", ".join(f"{name} {median(v):.3f}s" for name, v in times.items() if v)
        )

        memory_runs = 1 if ctx.quick else 3
        memory: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
        if site_10k is not None:
            memory["masthead_10k"] = []
            commands["masthead_10k"] = masthead_command(ctx.python) + [str(site_10k)]
        for _ in range(memory_runs):
            for name in memory:
                result = start(name, commands[name], settle=MEMORY_SETTLE_S)
                if result.pss_mib is not None:
                    memory[name].append((result.pss_mib, result.processes))
        ctx.log(
            "  memory: "
            + ", ".join(
                f"{name} {median([m for m, _ in v]):.0f} MiB" for name, v in memory.items() if v
            )
        )
    finally:
        screen.close()

    def med(name: str) -> float | None:
        return median(times[name]) if times.get(name) else None

    def mem(name: str) -> tuple[float | None, int]:
        runs = memory.get(name) or []
        if not runs:
            return None, 0
        return median([m for m, _ in runs]), max(p for _, p in runs)

    how = (
        "fresh process on an Xvfb screen, from spawn to its first top-level window "
        "mapped, with the sample post open; median of {n}, the editors taking turns."
    )
    figures = []
    for name, target in (("ghostwriter", "ratio <= 0.9"), ("retext", "")):
        figure_name = f"startup_vs_{name}"
        if name in missing:
            figures.append(
                Figure(
                    figure_name,
                    med("masthead"),
                    None,
                    "s",
                    len(times["masthead"]),
                    name,
                    target,
                    f"baseline skipped: {missing[name]}",
                )
            )
            continue
        others = {k: med(k) for k in times if k not in ("masthead", name) and med(k)}
        extra = "".join(f" {k}: {v:.3f} s." for k, v in others.items())
        failures = [e for e in errors if e.startswith(("masthead", name))]
        figures.append(
            Figure(
                figure_name,
                med("masthead"),
                med(name),
                "s",
                len(times["masthead"]),
                f"{name} {_version(name)} (Debian), same post, same screen",
                target,
                "Masthead: "
                + how.format(n=len(times["masthead"]))
                + extra
                + (" Failed starts: " + "; ".join(failures[:3]) if failures else ""),
            )
        )
    ours, processes = mem("masthead")
    base, base_processes = mem("ghostwriter")
    retext, retext_processes = mem("retext")
    memory_note = (
        f"sum of PSS over the whole process tree {MEMORY_SETTLE_S:.0f} s after the "
        "window appeared (QtWebEngine helpers and workers included)"
    )
    figures.append(
        Figure(
            "memory_total_1post",
            ours,
            base,
            "MiB",
            len(memory.get("masthead", [])),
            f"ghostwriter, same post ({base_processes} processes)"
            if base is not None
            else "ghostwriter (not installed)",
            "ratio <= 1.0",
            f"Masthead on the sample post, {memory_note}: {processes} processes."
            + (f" ReText: {retext:.0f} MiB in {retext_processes} processes." if retext else ""),
        )
    )
    ours_10k, processes_10k = mem("masthead_10k")
    figures.append(
        Figure(
            "memory_total_10k",
            ours_10k,
            base,
            "MiB",
            len(memory.get("masthead_10k", [])),
            "ghostwriter on the sample post",
            "",
            f"Masthead with the 10,000-post site open (`masthead SITE`), {memory_note}: "
            f"{processes_10k} processes.",
        )
    )
    return figures


def _version(name: str) -> str:
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True, timeout=30
        )
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""

"""What every scenario gets: the inputs folder, repeat counts, profiling, child processes.

Child processes run ``python bench/child.py TASK`` from the repository root with the
headless Qt environment and their own fresh config/cache/data folders (so nothing of
the user's is read or written). A child prints one ``BENCH-RESULT {json}`` line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULT_PREFIX = "BENCH-RESULT "
HEADLESS_ENV = {
    "QT_QPA_PLATFORM": "offscreen",
    "QTWEBENGINE_DISABLE_SANDBOX": "1",
    "QTWEBENGINE_CHROMIUM_FLAGS": "--disable-gpu --no-sandbox",
}


class ChildFailed(RuntimeError):
    pass


@dataclass
class Context:
    work: Path  # generated inputs, kept between runs
    quick: bool
    profile_dir: Path | None = None
    python: str = sys.executable
    verbose: bool = True
    _scratch: list[tempfile.TemporaryDirectory] = field(default_factory=list)

    def log(self, message: str) -> None:
        if self.verbose:
            print(message, file=sys.stderr, flush=True)

    def scratch(self, prefix: str = "bench-", beside_inputs: bool = False) -> Path:
        """A fresh folder removed at the end of the run; ``beside_inputs``: in the work
        folder, next to the generated sites, instead of the system's temp folder (for
        copies of posts, which live in a site's folder, not in /tmp)."""
        where = None
        if beside_inputs:
            where = self.work / "scratch"
            where.mkdir(parents=True, exist_ok=True)
        folder = tempfile.TemporaryDirectory(prefix=prefix, dir=where)
        self._scratch.append(folder)
        return Path(folder.name)

    def cleanup(self) -> None:
        for folder in self._scratch:
            folder.cleanup()
        self._scratch.clear()

    def profile_path(self, name: str) -> str | None:
        if self.profile_dir is None:
            return None
        self.profile_dir.mkdir(parents=True, exist_ok=True)
        return str(self.profile_dir / f"{name}.pstats")

    def child_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(HEADLESS_ENV)
        env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
        home = self.scratch("bench-home-")
        for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
            (home / var.lower()).mkdir()
            env[var] = str(home / var.lower())
        return env

    def run_child(self, task: str, timeout: float = 300, **args) -> dict:
        """Run a child task and return its result; also the parent-side wall time."""
        command = [self.python, str(REPO / "bench" / "child.py"), task, json.dumps(args)]
        started = time.monotonic()
        proc = subprocess.run(
            command, cwd=REPO, env=self.child_env(), capture_output=True, text=True, timeout=timeout
        )
        wall = time.monotonic() - started
        for line in reversed(proc.stdout.splitlines()):
            if line.startswith(RESULT_PREFIX):
                result = json.loads(line[len(RESULT_PREFIX) :])
                result.setdefault("_started", started)
                result.setdefault("_wall", wall)
                return result
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-8:]
        raise ChildFailed(f"{task} exited {proc.returncode}: " + " | ".join(tail))

"""Entry point of benchmark child processes: ``python bench/child.py TASK ARGS_JSON``.

Run as a script, as the ``masthead`` command is, so worker processes started from the
forkserver see the main module as the window's workers see theirs (see
``workers.start_worker_server``).

Each task measures inside the child (imports excluded unless the task is about start-up)
and prints one ``BENCH-RESULT {json}`` line. With ``"profile": PATH`` in the arguments,
the measured work of "ours" also runs once under cProfile and the stats go to PATH.
"""

from __future__ import annotations

import cProfile
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.context import RESULT_PREFIX  # noqa: E402


def emit(result: dict) -> None:
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def profiled(fn: Callable[[], object], profile: str | None = None) -> float:
    """Seconds fn takes; under cProfile (stats written to profile) when asked."""
    if profile:
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.runcall(fn)
        seconds = time.perf_counter() - started
        profiler.dump_stats(profile)
        return seconds
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


# --- index ------------------------------------------------------------------------


def _schema_function():
    try:
        from editor.core.site.schema import infer_schema
    except ImportError:
        return None
    return infer_schema


def index_open(root: str, cache_dir: str, profile: str | None = None) -> None:
    """Open a site with SiteIndex (cold or warm, as the cache folder says) plus its schema,
    as the window does: with Qt loaded (so workers cannot be forked from this process),
    and the worker forkserver and spare workers the window starts when a folder is first
    asked for started before the clock."""
    import PySide6.QtCore  # noqa: F401  (the window's process: see workers.start_method)

    from editor.app import SPARE_WORKERS
    from editor.core.bulk import actions  # noqa: F401  (preloaded by the forkserver, as in the window)
    from editor.core.platform import workers
    from editor.core.site import parse_pool
    from editor.core.site.index import SiteIndex

    workers.start_worker_server()
    # As in a window open a while: the spares have started and warmed up.
    workers.enable_spares(SPARE_WORKERS, wait=True, warm_up=parse_pool.warm_up)
    infer_schema = _schema_function()
    # The measured work starts here: everything an open folder does to show the site.
    out: dict = {}

    def work() -> None:
        index = SiteIndex(root, cache_dir)
        stats = index.scan()
        records = index.records
        schema = infer_schema(records) if infer_schema is not None else None
        # Kept past the clock, as the window keeps them: freeing 10,000 records is not
        # part of opening a site.
        out["kept"] = (index, records, schema)
        out["records"] = len(records)
        out["parsed"] = stats.parsed
        out["from_cache"] = stats.from_cache

    seconds = profiled(work, profile)
    del out["kept"]
    emit({"seconds": seconds, "schema": infer_schema is not None, **out})


def frontmatter_loop(root: str, profile: str | None = None) -> None:
    """The baseline: python-frontmatter's load over every post file of the site."""
    from pathlib import Path

    import frontmatter

    count = 0

    def work() -> None:
        nonlocal count
        for path in sorted(Path(root, "source", "_posts").glob("*.md")):
            frontmatter.load(path)
            count += 1

    seconds = profiled(work, profile)
    emit({"seconds": seconds, "records": count})


def _task(name: str) -> Callable[..., None]:
    if name in LOCAL_TASKS:
        return LOCAL_TASKS[name]
    module_name, _, function = name.partition(":")
    module = __import__(f"bench.scenarios.{module_name}", fromlist=[function])
    return getattr(module, function)


LOCAL_TASKS = {"index_open": index_open, "frontmatter_loop": frontmatter_loop}


def main(argv: list[str]) -> int:
    task, args = argv[1], json.loads(argv[2]) if len(argv) > 2 else {}
    _task(task)(**args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

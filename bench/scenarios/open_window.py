"""Opening a 10,000-post site in the real window: from "Open Folder" to its first rows.

Ours (child task ``open_window:open_in_window``): the window as ``masthead`` builds it
(deferred preview, shown and settled), its worker processes started and warmed up and
its site panels made as they are once the Open Folder dialog has been up for a moment
(``SiteSession.prepare_workspace``); then the folder is
"picked" (``open_folder_requested``, the dialog answering at once) and the clock runs
until the post list has rows and has painted them. A 1 ms heartbeat on the GUI thread
gives the longest stretch the window was blocked, from the pick until the workspace is
ready (schema and checks done). Cold: an empty cache folder; warm: the cache the cold
open wrote.

Baseline (``open_window:index_only``): ``SiteIndex.scan()`` alone on the same site and
cache state, in a fresh process set up the same way (Qt loaded, workers warmed up): the
floor the window's open adds to.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.context import Context
from bench.report import Figure
from bench.stats import median


def _prepare_workers() -> None:
    from editor.app import SPARE_WORKERS, prepare_first_open
    from editor.core.platform import workers
    from editor.core.site import parse_pool

    prepare_first_open()  # SiteSession.before_first_open, as the window sets it
    workers.enable_spares(SPARE_WORKERS, wait=True, warm_up=parse_pool.warm_up)


def open_in_window(site: str, cache_dir: str) -> None:
    """Child task: the real window; Open Folder on the site, timed to its first rows."""
    from PySide6.QtTest import QTest

    from bench.child import emit
    from bench.qt_support import FakePrompter, Heartbeat, settle, wait_until
    from editor import app as app_module
    from editor.core.user.settings import Settings, default_settings_path

    app_module.create_application()
    settings = Settings.load(default_settings_path())
    window = app_module.build_window(
        settings,
        prompter=FakePrompter(),
        defer_preview=True,
        cache_dir=cache_dir,
        ask_folder=lambda start: site,
    )
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    if window.preview is not None:
        wait_until(lambda: window.preview.has_backend, timeout=30)
    _prepare_workers()  # as while the dialog is up (SiteSession.before_first_open)
    window.site_session.prepare_workspace()  # as open_folder does while the dialog is up
    settle(300)
    session = window.site_session
    ready: list[float] = []
    heartbeat = Heartbeat()
    heartbeat.start()
    started = time.perf_counter()
    window.open_folder_requested.emit("")  # the dialog answers with the site
    session.workspace.ready.connect(lambda: ready.append(time.perf_counter()))
    model = session.panel.post_list.model
    if not wait_until(lambda: model.rowCount() > 0, timeout=120, poll_ms=1):
        raise RuntimeError("the post list never showed a row")
    session.panel.post_list.view.viewport().repaint()  # the first rows, painted
    first_rows = time.perf_counter()
    if not wait_until(lambda: bool(ready), timeout=120):
        raise RuntimeError("the workspace never became ready")
    settle(50)
    heartbeat.stop()
    emit(
        {
            "first_rows": first_rows - started,
            "ready": ready[0] - started,
            "longest_stall": heartbeat.longest_ending_in(started, ready[0] + 0.05),
            "rows": model.rowCount(),
        }
    )
    window.close()


def index_only(site: str, cache_dir: str) -> None:
    """Child task (baseline): SiteIndex.scan() alone, in a process set up as the window's."""
    import PySide6.QtCore  # noqa: F401  (Qt loaded: workers come from the forkserver)

    from bench.child import emit
    from editor.core.site.index import SiteIndex

    _prepare_workers()
    started = time.perf_counter()
    index = SiteIndex(site, cache_dir)
    index.scan()
    seconds = time.perf_counter() - started
    emit({"seconds": seconds, "records": len(index.records)})


def run(ctx: Context, site: Path, n_posts: int = 10_000) -> list[Figure]:
    repeats = 3 if ctx.quick else 5
    ours = {"cold": [], "warm": []}
    base = {"cold": [], "warm": []}
    ready = {"cold": [], "warm": []}
    stalls = {"cold": [], "warm": []}
    for i in range(repeats):
        ours_cache, base_cache = ctx.scratch("bench-owcache-"), ctx.scratch("bench-oicache-")

        def window_pair(ours_cache: Path = ours_cache) -> None:
            for state in ("cold", "warm"):
                result = ctx.run_child(
                    "open_window:open_in_window", site=str(site), cache_dir=str(ours_cache)
                )
                if result["rows"] != n_posts:
                    raise RuntimeError(f"the list showed {result['rows']} of {n_posts} posts")
                ours[state].append(result["first_rows"])
                ready[state].append(result["ready"])
                stalls[state].append(result["longest_stall"])

        def index_pair(base_cache: Path = base_cache) -> None:
            for state in ("cold", "warm"):
                result = ctx.run_child(
                    "open_window:index_only", site=str(site), cache_dir=str(base_cache)
                )
                base[state].append(result["seconds"])

        for step in (window_pair, index_pair) if i % 2 == 0 else (index_pair, window_pair):
            step()
    for state in ("cold", "warm"):
        ctx.log(
            f"  open in window {state}: first rows {median(ours[state]):.3f}s, ready "
            f"{median(ready[state]):.3f}s, longest stall {max(stalls[state]) * 1000:.0f} ms; "
            f"index alone {median(base[state]):.3f}s"
        )
    figures = []
    for state, target in (("warm", "ours <= 0.15"), ("cold", "ours <= 0.5")):
        cache = "the cache the cold open wrote" if state == "warm" else "an empty cache"
        figures.append(
            Figure(
                f"open_folder_window_{n_posts // 1000}k_{state}",
                median(ours[state]),
                median(base[state]),
                "s",
                repeats,
                f"SiteIndex.scan() alone, {cache}, same process setup",
                target,
                f"Open Folder on the {n_posts:,}-post site in the real window ({cache}) until the "
                f"post list has painted its first rows. The workspace was ready (schema and "
                f"checks) {median(ready[state]):.2f} s after the pick (median); the GUI thread's "
                f"longest blocked stretch until then was {max(stalls[state]) * 1000:.0f} ms "
                f"(worst run; 1 ms heartbeat).",
            )
        )
    return figures

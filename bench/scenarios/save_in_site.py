"""Saving a post with a 10,000-post site open: the GUI thread's longest block.

The child builds the real window (``editor.app.build_window``) and opens a copy of the
10,000-post site in its site session (``SiteSession.open_folder``, reusing a cache
written beforehand, as a site being reopened), then opens one of its posts. Each
round changes the post's title through the form model (as typing in the form does) and saves it with the window's
``save``; a 1 ms heartbeat timer on the GUI thread runs throughout. The sample is the
GUI thread's longest block that the open site adds to the save: the longer of the time
from the document's ``saved`` signal (the file is written) until ``save`` returns, and
the longest stretch without a beat after that (counted from the return) until the
workspace is idle again (the index update, the schema and checks, and the deferred cache
write all done) plus 100 ms for what they queued. The file write itself (the atomic write with its fsyncs, the same with
or without a site open) is left out of the figure and reported beside it, with the
longest block counting it.

- ``save_in_site_10k`` (ours): the save's index update as the workspace does it: on its
  index runner, adjusting the field stats by the post's delta, the cache written later
  in chunks.
- baseline: the old full update, on the GUI thread (as ``refresh_paths`` did it): the
  file re-read, the field stats of every post counted again, the whole cache rewritten,
  then the same analysis in the background.

Ours and the baseline alternate round by round, in the same window. Figure: the
median over rounds of each round's longest block.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from bench.context import Context
from bench.report import Figure
from bench.stats import median


def _old_full_update(workspace, paths) -> None:
    """refresh_paths as it was: everything on the GUI thread, the whole site recounted."""
    from editor.core.site.schema import collect_field_stats
    from editor.session.workspace import _published

    index = workspace._index
    wanted = {os.fspath(p) for p in paths}
    before = workspace._by_path
    index.update(sorted(wanted), write_cache=False)
    records = index.records
    records.field_stats = collect_field_stats(records)  # it counted every post again
    index._snapshot.field_stats = records.field_stats
    index.save_cache()  # and rewrote the whole cache at once
    workspace._apply_update(_published(records, before), wanted)  # the lists built here


def measure(site: str, cache_dir: str, rounds: int, profile: str | None = None) -> None:
    """Child task: the window with the site open; per round, a save's longest GUI block."""
    import cProfile

    from PySide6.QtTest import QTest

    from bench.child import emit
    from bench.qt_support import FakePrompter, Heartbeat, settle, wait_until
    from editor import app as app_module
    from editor.core.user.settings import Settings, default_settings_path

    app_module.create_application()
    settings = Settings.load(default_settings_path())
    window = app_module.build_window(settings, prompter=FakePrompter(), cache_dir=cache_dir)
    written: list[float] = []  # connected before the site session's own slot: runs first
    window.document.saved.connect(lambda _path: written.append(time.perf_counter()))
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    session = window.site_session
    session.open_folder(site)
    workspace = session.workspace
    if not wait_until(lambda: len(workspace.records) > 0 and workspace.idle, timeout=180):
        raise RuntimeError("the workspace never became ready")
    post = sorted(Path(site, "source", "_posts").glob("*.md"))[len(workspace.records) // 2]
    if not window.open_path(post):
        raise RuntimeError(f"cannot open {post}")
    settle(500)
    new_refresh = workspace.refresh_paths
    heartbeat = Heartbeat()
    heartbeat.start()
    profiler = cProfile.Profile() if profile else None
    ours: list[float] = []
    base: list[float] = []
    writes: list[float] = []
    whole: dict[bool, list[float]] = {True: [], False: []}
    for i in range(2 * rounds):
        use_ours = (i + i // 2) % 2 == 0  # ours, base, base, ours, ours, base, ...
        workspace.refresh_paths = (
            new_refresh if use_ours else (lambda paths: _old_full_update(workspace, paths))
        )
        window.form_model.set_value("title", f"Saved in round {i}")
        settle(300)  # the edit's own work (form, preview) is done before the clock
        if profiler and use_ours:
            profiler.enable()
        started = time.perf_counter()
        if not window.save():
            raise RuntimeError("the save failed")
        returned = time.perf_counter()
        if not wait_until(lambda: workspace.idle, timeout=60):
            raise RuntimeError("the workspace never became idle after a save")
        settle(100)
        ended = time.perf_counter()
        if profiler and use_ours:
            profiler.disable()
        record = workspace.record_for(post)
        if record is None or record.title != f"Saved in round {i}":
            shown = None if record is None else record.title
            raise RuntimeError(f"round {i}: the index shows {shown!r} for the saved post")
        after = heartbeat.longest_after(returned, ended)
        (ours if use_ours else base).append(max(returned - written[-1], after))
        writes.append(written[-1] - started)
        whole[use_ours].append(heartbeat.longest_ending_in(started, ended))
    heartbeat.stop()
    if profiler:
        profiler.dump_stats(profile)
    emit(
        {
            "ours": ours,
            "baseline": base,
            "writes": writes,
            "ours_whole": whole[True],
            "baseline_whole": whole[False],
            "records": len(workspace.records),
        }
    )


def run(ctx: Context, site: Path) -> list[Figure]:
    copy = ctx.scratch("bench-save-site-", beside_inputs=True) / "site"
    shutil.copytree(site, copy)
    cache = ctx.scratch("bench-save-cache-")
    ctx.run_child("index_open", root=str(copy), cache_dir=str(cache))  # writes the cache
    rounds = 5 if ctx.quick else 8
    result = ctx.run_child(
        "save_in_site:measure",
        site=str(copy),
        cache_dir=str(cache),
        rounds=rounds,
        timeout=900,
        profile=ctx.profile_path("save_in_site_10k"),
    )
    ours = [s * 1000 for s in result["ours"]]
    base = [s * 1000 for s in result["baseline"]]
    writes = median([s * 1000 for s in result["writes"]])
    ours_whole = median([s * 1000 for s in result["ours_whole"]])
    base_whole = median([s * 1000 for s in result["baseline_whole"]])
    ctx.log(
        f"  save in a {result['records']}-post site: longest GUI block the site adds, median "
        f"ours {median(ours):.1f}ms (max {max(ours):.1f}) baseline {median(base):.1f}ms "
        f"(max {max(base):.1f}); the file write {writes:.1f}ms; counting it ours "
        f"{ours_whole:.1f}ms baseline {base_whole:.1f}ms"
    )
    return [
        Figure(
            "save_in_site_10k",
            median(ours),
            median(base),
            "ms",
            len(ours),
            "the old full update on the GUI thread (re-read, every post's field stats "
            "counted again, the whole cache rewritten), same window",
            "ours <= 16",
            f"median over {len(ours)} saves (alternating with the baseline) of the GUI "
            "thread's longest block that the open 10,000-post site adds to the window's save "
            "of one post (from the file written until the index update, schema, checks and "
            "deferred cache write are done; a 1 ms heartbeat timer); worst save "
            f"{max(ours):.1f} ms (baseline {max(base):.1f} ms). The file write itself (atomic, "
            f"with fsyncs, on the GUI thread with or without a site) took {writes:.1f} ms; "
            f"counting it, the longest block was {ours_whole:.1f} ms (baseline "
            f"{base_whole:.1f} ms).",
        ),
    ]

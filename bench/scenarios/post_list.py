"""Site scenarios in one window child: memory with the 10k site open, and the filter.

The child builds the real window (``editor.app.build_window``) and docks a
``WorkspacePanel`` (post list, table, fields, problems) on a ``Workspace`` opened on the
10,000-post site, reusing a cache written beforehand by a plain ``SiteIndex`` scan (a
site being reopened). Once the workspace is ready it reads the process's peak RSS.

- ``memory_10k``: that peak RSS (``ru_maxrss`` of the window's Python process; the
  QtWebEngine helper processes are not counted) beside the floor: a bare QApplication
  with an empty QMainWindow shown, in its own process.
- ``filter_10k``: filter terms typed into the post list's filter box one key at a time;
  each sample is the time from sending a keystroke until the list is updated and
  repainted (the key event's handling plus all the events it queued). The baseline is
  the stock Qt way: a QStandardItemModel of the same 10,000 rows (title, date, file)
  behind a QSortFilterProxyModel filtering all columns, in a QTreeView, fed the same
  keystrokes. Figure: p95 over keystrokes.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

from bench.context import Context
from bench.report import Figure
from bench.stats import median, percentile

TERMS = ("harbour", "council vote", "ferry")


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _type_and_repaint(line_edit, view, text: str) -> list[float]:
    """Type text key by key; per key, seconds until the view has been repainted."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    samples = []
    for char in text:
        started = time.perf_counter()
        QTest.keyClicks(line_edit, char)
        QApplication.processEvents()  # layout and paint events the change queued
        view.viewport().repaint()
        samples.append(time.perf_counter() - started)
    line_edit.clear()
    QApplication.processEvents()
    return samples


def _baseline_view(records):
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QLineEdit, QTreeView, QVBoxLayout, QWidget

    model = QStandardItemModel(0, 3)
    model.setHorizontalHeaderLabels(["title", "date", "File"])
    for record in records:
        model.appendRow([QStandardItem(record.display_title), QStandardItem(record.date_text),
                         QStandardItem(record.rel)])  # fmt: skip
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    widget = QWidget()
    line_edit = QLineEdit()
    view = QTreeView()
    view.setUniformRowHeights(True)
    view.setRootIsDecorated(False)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    line_edit.textChanged.connect(proxy.setFilterFixedString)
    layout = QVBoxLayout(widget)
    layout.addWidget(line_edit)
    layout.addWidget(view)
    widget._keep = (model, proxy)  # the widget owns neither model
    return widget, line_edit, view


def measure(site: str, cache_dir: str, rounds: int, profile: str | None = None) -> None:
    """Child task: the window with the site open; peak RSS, then the filter keystrokes."""
    import cProfile

    from PySide6.QtTest import QTest

    from bench.child import emit
    from bench.qt_support import FakePrompter, wait_until
    from editor import app as app_module
    from editor.core.user.settings import Settings, default_settings_path
    from editor.session.workspace import Workspace
    from editor.ui.site.workspace_panel import WorkspacePanel

    app_module.create_application()
    settings = Settings.load(default_settings_path())
    prompter = FakePrompter()
    window = app_module.build_window(settings, prompter=prompter)
    workspace = Workspace(cache_dir=cache_dir, watch=False)
    panel = WorkspacePanel(workspace, prompter)
    window.dock_sidebar(panel)
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    ready = []
    workspace.ready.connect(lambda: ready.append(True))
    started = time.perf_counter()
    workspace.open(site)
    if not wait_until(lambda: bool(ready), timeout=120):
        raise RuntimeError("the workspace never became ready")
    open_seconds = time.perf_counter() - started
    QTest.qWait(200)
    rss = _peak_rss_mib()
    post_list = panel.post_list
    if post_list.model.rowCount() != len(workspace.records):
        raise RuntimeError("the post list does not show every post")

    base_widget, base_edit, base_view = _baseline_view(workspace.records)
    base_widget.resize(400, 800)
    base_widget.show()
    QTest.qWaitForWindowExposed(base_widget)
    ours: list[float] = []
    base: list[float] = []
    profiler = cProfile.Profile() if profile else None
    for i in range(rounds):
        for term in TERMS:
            if (i + len(term)) % 2 == 0:
                base += _type_and_repaint(base_edit, base_view, term)
            if profiler:
                profiler.enable()
            ours += _type_and_repaint(post_list.filter_edit, post_list.view, term)
            if profiler:
                profiler.disable()
            if (i + len(term)) % 2 == 1:
                base += _type_and_repaint(base_edit, base_view, term)
    if profiler:
        profiler.dump_stats(profile)
    emit({"rss_mib": rss, "open_seconds": open_seconds, "records": len(workspace.records),
          "filter_ours": ours, "filter_baseline": base})  # fmt: skip


def floor(site: str = "") -> None:
    """Child task: a bare QApplication and an empty QMainWindow, shown; peak RSS."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMainWindow

    from bench.child import emit

    app = QApplication([])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    QTest.qWait(200)
    emit({"rss_mib": _peak_rss_mib()})
    del app


def run(ctx: Context, site: Path) -> list[Figure]:
    cache = ctx.scratch("bench-cache-")
    ctx.run_child("index_open", root=str(site), cache_dir=str(cache))  # writes the cache
    rounds = 1 if ctx.quick else 3
    result = ctx.run_child("post_list:measure", site=str(site), cache_dir=str(cache), rounds=rounds,
                           timeout=600, profile=ctx.profile_path("filter_10k"))  # fmt: skip
    floors = [ctx.run_child("post_list:floor")["rss_mib"] for _ in range(2)]
    ours, base = result["filter_ours"], result["filter_baseline"]
    ctx.log(f"  site open {result['open_seconds']:.2f}s rss {result['rss_mib']:.0f} MiB "
            f"(floor {median(floors):.0f}); filter p95 ours {percentile(ours, 95) * 1000:.1f}ms "
            f"baseline {percentile(base, 95) * 1000:.1f}ms")  # fmt: skip
    return [
        Figure("filter_10k", percentile(ours, 95) * 1000, percentile(base, 95) * 1000, "ms", len(ours),
               "QStandardItemModel + QSortFilterProxyModel (all columns) in a QTreeView, same keys",
               "", f"p95 over {len(ours)} keystrokes (terms {', '.join(TERMS)}, typed {rounds} times) "
               "of the time from a key in the post list's filter box to the list updated and "
               "repainted, 10,000 posts; one frame at 60 Hz is 16.7 ms."),
        Figure("memory_10k", result["rss_mib"], median(floors), "MiB", 1,
               "a bare QApplication + empty QMainWindow shown, in its own process (median of 2)", "",
               "peak RSS of the window process with the 10,000-post site open in the workspace panel "
               f"(reopened from its cache; open took {result['open_seconds']:.2f} s); "
               "QtWebEngine helper processes not counted."),
    ]  # fmt: skip

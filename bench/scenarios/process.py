"""Start-up: process start to the window shown with the sample post open.

Each sample is a fresh process. The clock starts in the parent just before the child is
spawned and stops when the child's window is exposed (``time.monotonic`` is one clock
for every process on Linux). Ours runs what ``masthead POST`` runs (``create_application``,
``build_window`` on the post with the preview deferred past the first paint, ``show``); the floor is a bare QApplication with an empty
QMainWindow. Both children enter through ``bench.child``, which adds the same few
milliseconds of imports to each.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.context import Context
from bench.report import Figure
from bench.stats import median

PREVIEW_PROBE_TEXT = "administration"  # a word of the sample post's body


def startup(sample: str) -> None:
    """Child task: the real window on the sample post; the monotonic time it is exposed."""
    from bench.child import emit
    from editor import app as app_module
    from editor.core.user.settings import Settings, default_settings_path

    app_module.create_application()
    settings = Settings.load(default_settings_path())
    window = app_module.build_window(settings, paths=[sample], defer_preview=True)
    window.show()
    from PySide6.QtTest import QTest

    QTest.qWaitForWindowExposed(window)
    shown = time.monotonic()
    preview_shown = None
    if window.preview is not None:
        from bench.qt_support import PreviewProbe

        # As in `masthead`, the preview's backend is created after the first paint.
        deadline = time.monotonic() + 30
        while not window.preview.has_backend and time.monotonic() < deadline:
            QTest.qWait(5)

        seen = PreviewProbe(window.preview).wait_for(PREVIEW_PROBE_TEXT, timeout=30)
        if seen is not None:  # perf_counter is per process: convert to the shared clock
            preview_shown = time.monotonic() - (time.perf_counter() - seen)
    emit({"shown": shown, "preview_shown": preview_shown})
    window.close()


def startup_floor() -> None:
    """Child task: a bare QApplication and an empty QMainWindow; when it is exposed."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMainWindow

    from bench.child import emit

    app = QApplication([])
    window = QMainWindow()
    window.show()
    QTest.qWaitForWindowExposed(window)
    emit({"shown": time.monotonic()})
    del app


def run(ctx: Context, sample: Path) -> list[Figure]:
    repeats = 3 if ctx.quick else 5
    ours, floor, preview = [], [], []
    for i in range(repeats):
        pair = [
            ("ours", "process:startup", {"sample": str(sample)}),
            ("floor", "process:startup_floor", {}),
        ]
        for side, task, args in pair if i % 2 == 0 else pair[::-1]:
            result = ctx.run_child(task, **args)
            seconds = result["shown"] - result["_started"]
            (ours if side == "ours" else floor).append(seconds)
            if result.get("preview_shown"):
                preview.append(result["preview_shown"] - result["_started"])
    ctx.log(f"  startup ours {median(ours):.3f}s floor {median(floor):.3f}s")
    extra = (f" The preview showed the post {median(preview):.2f} s after start (median)."
             if preview else " (The window had no preview.)")  # fmt: skip
    return [
        Figure("startup_to_window", median(ours), median(floor), "s", repeats,
               "bare QApplication + empty QMainWindow in a fresh process (the floor)", "",
               "fresh process start to the real window exposed with the sample post open." + extra),
    ]  # fmt: skip

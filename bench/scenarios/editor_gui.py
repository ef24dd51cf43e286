"""Editor scenarios with the real MainWindow offscreen: typing stalls and preview latency.

One child process builds two windows on the same post: ours (``editor.app.build_window``
with the app's own preview) and the baseline (the same ``MainWindow`` class with
``SyncPreview``: Python-Markdown on the GUI thread plus ``setHtml`` on every change).

- ``typing_stall_p95_50k``: 200 characters typed into the body editor of the
  50,000-word post through Qt key events, at a typist's rhythm (30 ms between letters,
  80 ms after a space, 300 ms after a full stop). A 1 ms heartbeat timer runs on the GUI
  thread; for each keystroke the figure is the longest stretch without a heartbeat that
  ends between it and the next keystroke (the keystroke's own handling included). The
  figure is the p95 over keystrokes. The baseline types fewer characters, since each
  one blocks for a whole render.
- ``preview_latency_p95_{5k,50k}``: a unique word is typed at the end of a paragraph in
  the middle of the post; the time runs from sending its last keystroke until the
  preview's document text contains the word (asked through ``runJavaScript``, or read
  from a QTextBrowser). p95 over the repeats.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from bench.context import Context
from bench.report import Figure
from bench.stats import percentile

TYPED = (
    "The harbour council said the new budget would fund the ferry. Residents "
    "welcomed the plan, although teachers asked for more. The vote is next week. "
    "Officials said the bridge and the station would open early in the summer too."
)
# A typist's rhythm (ms after a letter, a space, every second space, a full stop). The
# pauses are longer than the preview's coalescing delay, so renders start while typing
# goes on and their cost shows up in the keystrokes that follow.
RHYTHM_MS = {"letter": 30, "space": 80, "word_pair": 300, "stop": 400}


def _delays(text: str) -> list[int]:
    delays, spaces = [], 0
    for char in text:
        if char == ".":
            delays.append(RHYTHM_MS["stop"])
        elif char == " ":
            spaces += 1
            delays.append(RHYTHM_MS["word_pair" if spaces % 2 == 0 else "space"])
        else:
            delays.append(RHYTHM_MS["letter"])
    return delays


def _middle_paragraph_line(body: str) -> int:
    """1-based body line of a plain paragraph near the middle of the body."""
    lines = body.split("\n")
    for i in range(len(lines) // 2, len(lines)):
        line = lines[i]
        if len(line) > 80 and line[:1].isupper() and not line.startswith(("|", "#", ">")):
            return i + 1
    return len(lines)


def _place_cursor(window) -> None:
    from PySide6.QtGui import QTextCursor

    editor = window.body_editor
    line = _middle_paragraph_line(editor.toPlainText())
    block = editor.document().findBlockByNumber(line - 1)
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    editor.setFocus()


def _type_session(window, text: str, settle_ms: int) -> list[float]:
    """Type text with the typist's rhythm; the blocked time (s) per keystroke.

    For keystroke k, due at d_k, fired at f_k and handled by h_k: the larger of its own
    latency (h_k - max(d_k, h_k-1): waiting for a busy GUI thread, then handling) and the longest
    heartbeat gap that ends after h_k but no later than f_k+1 (work that blocked the GUI
    thread between this keystroke and the next).
    """
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtTest import QTest

    from bench.qt_support import Heartbeat

    editor = window.body_editor
    heartbeat = Heartbeat()
    loop = QEventLoop()
    fired: list[float] = []
    handled: list[float] = []
    due = [0.0]
    for delay in _delays(text)[:-1]:
        due.append(due[-1] + delay / 1000)

    def fire(k: int) -> None:
        fired.append(time.perf_counter())
        QTest.keyClicks(editor, text[k])
        handled.append(time.perf_counter())
        if k + 1 < len(text):
            wait = start + due[k + 1] - time.perf_counter()
            QTimer.singleShot(max(0, round(wait * 1000)), lambda: fire(k + 1))
        else:
            QTimer.singleShot(settle_ms, loop.quit)

    heartbeat.start()
    start = time.perf_counter()
    QTimer.singleShot(0, lambda: fire(0))
    loop.exec()
    heartbeat.stop()
    next_fired = fired[1:] + [heartbeat.beats[-1]]
    stalls = []
    for k in range(len(text)):
        # Blocked since it was due, or since the previous keystroke was handled if that
        # came later: a slow keystroke is not charged again to every one queued behind it.
        ready = max(start + due[k], handled[k - 1] if k else start)
        latency = handled[k] - min(fired[k], ready)
        between = heartbeat.longest_ending_in(handled[k], next_fired[k])
        stalls.append(max(latency, between))
    return stalls


def _latency(window, probe, token: str) -> float:
    from PySide6.QtTest import QTest

    editor = window.body_editor
    QTest.keyClicks(editor, " " + token[:-1])
    started = time.perf_counter()
    QTest.keyClicks(editor, token[-1])
    seen = probe.wait_for(token, timeout=30)
    if seen is None:
        raise RuntimeError(f"the preview never showed {token!r} (30 s)")
    return seen - started


def measure(
    post_5k: str,
    post_50k: str,
    typing_chars: int,
    baseline_chars: int,
    latency_repeats: int,
    profile: str | None = None,
) -> None:
    """Child task: both windows, typing stall on 50k, preview latency on 50k then 5k."""
    import cProfile

    from PySide6.QtTest import QTest

    from bench.child import emit
    from bench.qt_support import FakePrompter, PreviewProbe, SyncPreview, settle
    from editor import app as app_module
    from editor.core.post.model import Post
    from editor.core.user.settings import Settings, default_settings_path
    from editor.session.document import Document
    from editor.ui.window.main_window import PREVIEW, MainWindow

    app_module.create_application()
    settings = Settings.load(default_settings_path())
    settings.preview_visible = True
    result: dict = {"errors": []}
    ours = app_module.build_window(settings, prompter=FakePrompter(), paths=[post_50k])
    # The baseline is the same window class without its own preview, with SyncPreview in
    # the preview's place in the splitter.
    base = MainWindow(Document(Post.new()), settings, FakePrompter(), with_preview=False)
    sync_preview = SyncPreview(base.document)
    base.splitter.replaceWidget(PREVIEW, sync_preview.widget)
    sync_preview.widget.show()
    base.document.load(post_50k)
    windows = {"ours": ours, "baseline": base}
    previews = {"ours": ours.preview, "baseline": sync_preview.widget}
    for window in windows.values():
        window.resize(1280, 800)
        window.show()
        QTest.qWaitForWindowExposed(window)
    probes = {}
    for side, preview in previews.items():
        if preview is None:
            result["errors"].append(f"{side}: the window has no preview")
            continue
        probe = PreviewProbe(preview)
        if probe.wait_for("Section 1", timeout=60) is None:
            result["errors"].append(f"{side}: the preview never showed the post")
            continue
        probes[side] = probe

    # Typing stalls on the 50k-word post (ours needs its preview on to count).
    for side, chars in (("ours", typing_chars), ("baseline", baseline_chars)):
        if side not in probes:
            continue
        window = windows[side]
        _place_cursor(window)
        settle(300)
        profiler = cProfile.Profile() if profile and side == "ours" else None
        if profiler:
            profiler.enable()
        stalls = _type_session(window, TYPED[:chars], settle_ms=500)
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
        result[f"typing_{side}"] = stalls
        settle(300)

    # Preview latency: 50k then 5k, ours and baseline alternating.
    for words, path in (("50k", post_50k), ("5k", post_5k)):
        if words == "5k":
            for window in windows.values():
                window.document.load(path)
            for probe in probes.values():
                probe.wait_for("Section 1", timeout=60)
        samples: dict[str, list[float]] = {side: [] for side in probes}
        for side in probes:
            _place_cursor(windows[side])
        settle(500)
        for i in range(latency_repeats):
            order = list(probes) if i % 2 == 0 else list(probes)[::-1]
            for side in order:
                samples[side].append(_latency(windows[side], probes[side], f"mhq{words}{i}z"))
                settle(250)
        for side, values in samples.items():
            result[f"latency_{words}_{side}"] = values
    for window in windows.values():
        window.close()  # the fake prompter discards the typed text: nothing is saved
    emit(result)


# The sites the posts are measured in (issue 13): the preview renders in the site's dialect.
# A Hugo site renders with markdown-it-py (the CommonMark family), a Jigsaw site with
# Python-Markdown; the scenario names without a suffix are the CommonMark site's.
SITES = {
    "": ("a CommonMark site (Hugo)", {"hugo.toml": 'baseURL = "/"\n'}),
    "_jigsaw": (
        "a Jigsaw site (Python-Markdown)",
        {"config.php": "<?php return [];\n", "bootstrap.php": "<?php\n"},
    ),
}
# Not measured by default (one more window child per run): MASTHEAD_BENCH_ZOLA=1 adds a
# Zola site, which renders with pulldown-cmark through pyromark.
if os.environ.get("MASTHEAD_BENCH_ZOLA"):
    SITES["_zola"] = ("a Zola site (pulldown-cmark)", {"config.toml": 'base_url = "/"\n'})


def in_site(post: Path, suffix: str) -> Path:
    """A copy of `post` inside a site folder of the kind `suffix` names."""
    root = post.parent / f"site{suffix or '_commonmark'}"
    for name, text in SITES[suffix][1].items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    target = root / "content" / post.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.stat().st_size != post.stat().st_size:
        target.write_bytes(post.read_bytes())
    return target


def run(ctx: Context, post_5k: Path, post_50k: Path) -> list[Figure]:
    figures: list[Figure] = []
    for suffix in SITES:
        figures += run_site(ctx, in_site(post_5k, suffix), in_site(post_50k, suffix), suffix)
    return figures


def run_site(ctx: Context, post_5k: Path, post_50k: Path, suffix: str) -> list[Figure]:
    typing_chars = 200
    baseline_chars = 6 if ctx.quick else 12
    repeats = 3 if ctx.quick else 9
    site = SITES[suffix][0]
    ctx.log(f"  in {site}")
    result = ctx.run_child(
        "editor_gui:measure",
        post_5k=str(post_5k),
        post_50k=str(post_50k),
        typing_chars=typing_chars,
        baseline_chars=baseline_chars,
        latency_repeats=repeats,
        timeout=600,
        profile=ctx.profile_path(f"typing_stall_p95_50k{suffix}"),
    )
    errors = "; ".join(result["errors"])

    def figure(name, key_ours, key_base, target, note, label) -> Figure:
        ours, base = result.get(key_ours), result.get(key_base)
        text = note + f" In {site}." + (f" Problems: {errors}." if errors else "")
        return Figure(
            name + suffix,
            percentile(ours, 95) * 1000 if ours else None,
            percentile(base, 95) * 1000 if base else None,
            "ms",
            len(ours) if ours else 0,
            label,
            target,
            text,
        )

    sync = "the same MainWindow with Python-Markdown + `setHtml` run synchronously on every change"
    ctx.log(
        "  typing ours: "
        + _brief(result.get("typing_ours"))
        + " baseline: "
        + _brief(result.get("typing_baseline"))
    )
    for words in ("50k", "5k"):
        ctx.log(
            f"  latency {words} ours: "
            + _brief(result.get(f"latency_{words}_ours"))
            + " baseline: "
            + _brief(result.get(f"latency_{words}_baseline"))
        )
    return [
        figure(
            "typing_stall_p95_50k",
            "typing_ours",
            "typing_baseline",
            "ratio <= 0.1 and ours <= 16",
            f"p95 over {typing_chars} keystrokes (baseline: {baseline_chars}) of the GUI thread's "
            "blocked time per keystroke: the larger of the key's own wait-and-handling time and the "
            "longest gap of a 1 ms heartbeat timer before the next key; typed into the 50,000-word "
            "post with the live preview on "
            "(30 ms after a letter, 80 ms after a space, 300 ms after every second space, 400 ms "
            "after a full stop).",
            sync,
        ),
        figure(
            "preview_latency_p95_5k",
            "latency_5k_ours",
            "latency_5k_baseline",
            "",
            f"p95 over {repeats} edits of the time from the last keystroke of a new word to the preview's "
            "document containing it (5,000-word post).",
            sync,
        ),
        figure(
            "preview_latency_p95_50k",
            "latency_50k_ours",
            "latency_50k_baseline",
            "",
            f"as above on the 50,000-word post ({repeats} edits).",
            sync,
        ),
    ]


def _brief(values: list[float] | None) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    return (
        f"n={len(values)} median={ordered[len(ordered) // 2] * 1000:.1f}ms "
        f"p95={percentile(values, 95) * 1000:.1f}ms max={ordered[-1] * 1000:.1f}ms"
    )

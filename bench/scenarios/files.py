"""File-writing scenarios: save one field of one post, and a bulk set over 1,000 posts.

Both run in this (Qt-free) process on fresh copies of the generated files, so every
repeat edits files that are exactly as generated. The copies are made in the work
folder beside the generated sites, not in /tmp; copying is not timed, and the copies
are flushed to disk before the clock starts.

- ``save_single_field``: ours is ``Post.load`` + ``set`` + atomic ``save`` (temp file,
  fsync, rename); the baseline is python-frontmatter's ``load``, ``[key] = value``,
  ``dumps`` and a plain ``write`` (no fsync, and it rewrites the whole front matter).
- ``bulk_set_1k``: ours is ``bulk.plan_action`` (with per-file minimal diffs) +
  ``bulk.apply`` (check unchanged, atomic write per file); the baseline is a
  python-frontmatter loop (load, set, dumps, write).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bench.child import profiled
from bench.context import Context
from bench.report import Figure
from bench.stats import interleave, median

SAVE_REPEATS = 31
BULK_REPEATS = 3


def _copy_posts(ctx: Context, files: list[Path]) -> list[Path]:
    # Beside the generated sites: on this machine /tmp is slow to create files in (about
    # 230 us a file against 25 us elsewhere), which only a writer that makes new files
    # (an atomic save: temp file, rename) pays, not one that overwrites in place.
    folder = ctx.scratch("bench-posts-", beside_inputs=True)
    out = []
    for path in files:
        target = folder / path.name
        shutil.copyfile(path, target)
        out.append(target)
    # Flush the copies now, untimed: otherwise the first side to sync (ours; the baseline
    # never does) would also pay for writing back the setup's copies.
    os.sync()
    return out


def _timed_on_copy(ctx: Context, fn, files: list[Path], single: bool = False) -> float:
    """Seconds fn takes on fresh copies of files (the copying is not timed)."""
    copies = _copy_posts(ctx, files)
    return profiled(lambda: fn(copies[0] if single else copies))


def save_single_field(ctx: Context, sample: Path) -> Figure:
    import frontmatter

    from editor.core.post.model import Post

    def ours(path: Path) -> None:
        post = Post.load(path)
        post.set("title", "A new title for the benchmark")
        post.save()

    def baseline(path: Path) -> None:
        post = frontmatter.load(path)
        post["title"] = "A new title for the benchmark"
        path.write_text(frontmatter.dumps(post), encoding="utf-8")

    ours_samples, base_samples = interleave(
        lambda: _timed_on_copy(ctx, ours, [sample], single=True),
        lambda: _timed_on_copy(ctx, baseline, [sample], single=True),
        SAVE_REPEATS,
    )
    profiled(lambda: ours(_copy_posts(ctx, [sample])[0]), ctx.profile_path("save_single_field"))
    return Figure(
        "save_single_field", median(ours_samples) * 1000, median(base_samples) * 1000, "ms",
        SAVE_REPEATS, "python-frontmatter load, set, dumps, plain write (no fsync)", "",
        "set `title` on the sample post and save atomically (temp file, fsync, rename); "
        "only the title line changes.",
    )  # fmt: skip


def bulk_set_1k(ctx: Context, site_root: Path) -> Figure:
    import frontmatter

    from bench.inputs import post_files
    from editor.core.bulk import actions as bulk

    files = post_files(site_root)
    assert len(files) == 1000, len(files)

    def ours(paths: list[Path]) -> None:
        plan = bulk.plan_action(bulk.SetField("section", "archive"), paths)
        result = bulk.apply(plan)
        if len(result.written) != len(paths) or not all(c.diff for c in plan.changes):
            raise RuntimeError(f"bulk wrote {len(result.written)} of {len(paths)} files")

    def baseline(paths: list[Path]) -> None:
        for path in paths:
            post = frontmatter.load(path)
            post["section"] = "archive"
            path.write_text(frontmatter.dumps(post), encoding="utf-8")

    ours_samples, base_samples = interleave(
        lambda: _timed_on_copy(ctx, ours, files),
        lambda: _timed_on_copy(ctx, baseline, files),
        BULK_REPEATS,
    )
    ctx.log(f"  bulk_set_1k: ours {ours_samples} baseline {base_samples}")
    if ctx.profile_dir is not None:
        profiled(lambda: ours(_copy_posts(ctx, files)), ctx.profile_path("bulk_set_1k"))
    return Figure(
        "bulk_set_1k", median(ours_samples), median(base_samples), "s", BULK_REPEATS,
        "python-frontmatter loop: load, set, dumps, plain write", "ratio <= 1.0",
        "set `section` on 1,000 posts through `editor.core.bulk.actions` (plan with minimal per-file "
        "diffs, then apply: unchanged-check and atomic write per file).",
    )  # fmt: skip


def run(ctx: Context, sample: Path, site_1k: Path) -> list[Figure]:
    return [save_single_field(ctx, sample), bulk_set_1k(ctx, site_1k)]

"""Index scenarios: open a site cold (no cache) and warm (cache from the cold open).

Ours: ``SiteIndex(root, cache_dir).scan()`` plus ``infer_schema`` over the records, in a
fresh child process each time, so no in-process cache (date shapes, imports) carries
over. The child is set up as the window's process is (``bench.child.index_open``): Qt
is loaded, so worker processes cannot be forked from it and come from the forkserver
the window starts when a folder is first asked for (as the Open Folder dialog opens);
the window also keeps two spare workers waiting, warmed up. Both are started here
before the clock, as a window has them once the user has picked the folder. The opened index is kept until after the clock. Baseline:
``frontmatter.load`` over the same files, also in a fresh child. The three run
interleaved within each repeat; the baseline samples serve both figures.
"""

from __future__ import annotations

from bench.context import Context
from bench.report import Figure
from bench.stats import median

COLD_TARGET = "ratio <= 0.35"
WARM_TARGET = "ratio <= 0.05"


def measure_site(ctx: Context, root, n_posts: int, repeats: int) -> list[Figure]:
    cold, warm, base = [], [], []
    schema = True
    for i in range(repeats):
        cache = ctx.scratch("bench-cache-")
        first = "base" if i % 2 else "ours"
        if first == "base":
            base.append(ctx.run_child("frontmatter_loop", root=str(root))["seconds"])
        result = ctx.run_child("index_open", root=str(root), cache_dir=str(cache),
                               profile=ctx.profile_path(f"index_cold_{n_posts}") if i == 0 else None)  # fmt: skip
        if result["parsed"] != n_posts:
            raise RuntimeError(f"cold open parsed {result['parsed']} of {n_posts} posts")
        schema = schema and result["schema"]
        cold.append(result["seconds"])
        result = ctx.run_child("index_open", root=str(root), cache_dir=str(cache),
                               profile=ctx.profile_path(f"index_warm_{n_posts}") if i == 0 else None)  # fmt: skip
        if result["from_cache"] != n_posts:
            raise RuntimeError(f"warm open took {result['from_cache']} of {n_posts} from the cache")
        warm.append(result["seconds"])
        if first == "ours":
            base.append(ctx.run_child("frontmatter_loop", root=str(root))["seconds"])
        ctx.log(
            f"  index {n_posts}: cold {cold[-1]:.3f}s warm {warm[-1]:.3f}s baseline {base[-1]:.3f}s"
        )
    label = f"`frontmatter.load` over the same {n_posts:,} files in a fresh process"
    what = (
        "records and schema"
        if schema
        else "records (no `editor.core.site.schema` yet: schema NOT included)"
    )
    tag = _tag(n_posts)
    return [
        Figure(f"index_cold_{tag}", median(cold), median(base), "s", repeats, label, COLD_TARGET,
               f"open a {n_posts:,}-post site with an empty cache, in a fresh process set up "
               "as the window's (Qt loaded; the worker forkserver and the two warmed-up "
               f"spare workers the window keeps, started before the clock): {what}, parsed "
               "in the workers; the index is kept past the clock."),
        Figure(f"index_warm_{tag}", median(warm), median(base), "s", repeats, label, WARM_TARGET,
               f"reopen the same site with the cache the cold open wrote, same setup: {what}; "
               "every file's size and mtime checked (found and stat-ed in a worker while "
               "the cache loads)."),
    ]  # fmt: skip


def _tag(n_posts: int) -> str:
    return f"{n_posts // 1000}k" if n_posts % 1000 == 0 else str(n_posts)


def run(ctx: Context, sites: dict[int, object]) -> list[Figure]:
    figures = []
    for n_posts, root in sites.items():
        repeats = 3 if n_posts <= 10_000 else 1 if ctx.quick else 3
        figures += measure_site(ctx, root, n_posts, repeats)
    return figures

"""Spell-checking scenarios: a 50,000-word post cold and warm, and a 1,000-post site.

They run in this (Qt-free) process, each side interleaved with its baseline. The
baseline is pyenchant's own ``enchant.checker.SpellChecker`` (a hunspell-pinned
dictionary) run over the same text: what an editor gets by handing it the file, with
no Markdown awareness (it also checks code, URLs and link targets) and no memory of
words it has already looked up.

- ``spelling_post_50k_cold``: ours is ``check_post`` with a new speller (dictionary
  loaded, nothing looked up yet; loading is not timed on either side).
- ``spelling_post_50k_warm``: the same post again with the same speller (its verdicts
  and suggestions remembered), as the editor re-checks a post it has open.
- ``spelling_site_1k_cold`` / ``_warm``: ``check_site`` on the 1,000-post site, in two
  worker processes, without and with its per-file cache; the baseline checks each
  file's whole text in this process.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.child import profiled
from bench.context import Context
from bench.report import Figure
from bench.stats import interleave, median

POST_REPEATS = 5
SITE_REPEATS = 3


def _baseline_checker(language: str = "en_US"):
    import enchant
    from enchant.checker import SpellChecker

    broker = enchant.Broker()
    broker.set_ordering(language, "hunspell")
    return SpellChecker(broker.request_dict(language))


def _baseline_check(checker, text: str) -> int:
    checker.set_text(text)
    return sum(1 for _ in checker)


def _post_figures(ctx: Context, post: Path) -> list[Figure]:
    from editor.core.site.records import parse_post_file
    from editor.core.spelling.check import check_post
    from editor.core.spelling.config import PROSE_FIELDS
    from editor.core.spelling.engine import new_speller

    data = post.read_bytes()
    text = data.decode("utf-8")
    record = parse_post_file(str(post), post.name)
    fresh: list = []

    def cold_ours() -> float:
        speller = new_speller("en_US")  # loading the dictionary is not timed
        fresh.append(speller)
        return profiled(lambda: check_post(data, record, speller, PROSE_FIELDS))

    def cold_baseline() -> float:
        checker = _baseline_checker()
        return profiled(lambda: _baseline_check(checker, text))

    cold = interleave(cold_ours, cold_baseline, POST_REPEATS)
    warm_speller = fresh[-1]
    checker = _baseline_checker()
    warm = interleave(
        lambda: profiled(lambda: check_post(data, record, warm_speller, PROSE_FIELDS)),
        lambda: profiled(lambda: _baseline_check(checker, text)),
        POST_REPEATS,
    )
    profiled(
        lambda: check_post(data, record, new_speller("en_US"), PROSE_FIELDS),
        ctx.profile_path("spelling_post_50k_cold"),
    )
    ctx.log(f"  spelling_post_50k: cold {cold} warm {warm}")
    found = len(check_post(data, record, warm_speller, PROSE_FIELDS))
    return [
        Figure(
            "spelling_post_50k_cold",
            median(cold[0]) * 1000,
            median(cold[1]) * 1000,
            "ms",
            POST_REPEATS,
            "pyenchant SpellChecker over the file's text",
            "",
            f"check a 50,000-word post (body and prose fields; {found} findings) with a "
            "speller that has looked nothing up yet.",
        ),
        Figure(
            "spelling_post_50k_warm",
            median(warm[0]) * 1000,
            median(warm[1]) * 1000,
            "ms",
            POST_REPEATS,
            "pyenchant SpellChecker over the file's text",
            "",
            "the same post again with the same speller, as the editor re-checks it.",
        ),
    ]


def _site_figures(ctx: Context, site_root: Path) -> list[Figure]:
    from bench.inputs import post_files
    from editor.core.site.index import SiteIndex
    from editor.core.spelling.check import check_site

    files = post_files(site_root)
    index = SiteIndex(site_root, use_cache=False)
    index.scan()
    records = index.records
    assert len(records) == 1000, len(records)
    texts = [path.read_text(encoding="utf-8") for path in files]
    cache = ctx.scratch("bench-spelling-cache-")

    def ours_cold() -> float:
        shutil.rmtree(cache, ignore_errors=True)
        return profiled(lambda: check_site(site_root, records, cache_dir=cache, workers=2))

    def ours_warm() -> float:
        return profiled(lambda: check_site(site_root, records, cache_dir=cache, workers=2))

    def baseline() -> float:
        checker = _baseline_checker()
        return profiled(lambda: [_baseline_check(checker, text) for text in texts])

    cold = interleave(ours_cold, baseline, SITE_REPEATS)
    warm = interleave(ours_warm, baseline, SITE_REPEATS)
    ctx.log(f"  spelling_site_1k: cold {cold} warm {warm}")
    return [
        Figure(
            "spelling_site_1k_cold",
            median(cold[0]),
            median(cold[1]),
            "s",
            SITE_REPEATS,
            "pyenchant SpellChecker over each file's text, one process",
            "",
            "check every post of the 1,000-post site in two worker processes, nothing cached.",
        ),
        Figure(
            "spelling_site_1k_warm",
            median(warm[0]),
            median(warm[1]),
            "s",
            SITE_REPEATS,
            "pyenchant SpellChecker over each file's text, one process",
            "",
            "the same again with the per-file cache (every file's size and mtime checked).",
        ),
    ]


def run(ctx: Context, post_50k: Path, site_1k: Path) -> list[Figure]:
    return _post_figures(ctx, post_50k) + _site_figures(ctx, site_1k)

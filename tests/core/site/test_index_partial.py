"""SiteIndex.scan's partial results on a first open: the records parsed so far, in path
order, each list growing into the next and into the index's records, which equal a scan
without partial results (a hypothesis property over generated sites and step sizes)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.site import index as index_module
from editor.core.site.index import SiteIndex
from tests.core.sitegen import generate_site


def _rows(records):
    return [r.as_cache_tuple() for r in records]


def _scan_with_partials(root: Path, cache: Path) -> tuple[list[list], list]:
    seen: list[list] = []
    index = SiteIndex(root, cache)
    index.scan(partial=seen.append)
    return seen, index.records


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(posts=st.integers(2, 14), step=st.integers(1, 5), seed=st.integers(0, 50))
def test_partial_batches_arrive_in_order_and_grow_into_a_full_scan(posts, step, seed):
    """In this process (a small site): every ``PARTIAL_STEP`` files a partial list."""
    folder = Path(tempfile.mkdtemp(prefix="masthead-partial-"))
    saved = index_module.PARTIAL_STEP
    index_module.PARTIAL_STEP = step
    try:
        root = generate_site(folder / "site", posts, seed=seed, paragraphs=(1, 1)).root
        seen, records = _scan_with_partials(root, folder / "cache")
        plain = SiteIndex(root, use_cache=False)
        plain.scan()
        assert _rows(records) == _rows(plain.records)  # the partials changed nothing
        assert len(seen) == max(0, (posts - 1) // step)  # every step files, not the last
        final = {id(r) for r in records}
        for n, (before, after) in enumerate(zip([[], *seen], seen, strict=False), 1):
            assert len(after) == n * step
            assert [r.rel for r in after] == sorted(r.rel for r in after)
            assert {id(r) for r in before} < {id(r) for r in after} <= final
    finally:
        index_module.PARTIAL_STEP = saved
        shutil.rmtree(folder, ignore_errors=True)


def test_a_reopen_from_the_cache_has_no_partial_results(tmp_path, isolated_dirs, monkeypatch):
    """Partial results are for parsing everything: a reopen publishes its records at once."""
    monkeypatch.setattr(index_module, "PARTIAL_STEP", 2)
    root = generate_site(tmp_path / "site", 9, seed=1, paragraphs=(1, 1)).root
    first, records = _scan_with_partials(root, tmp_path / "cache")
    assert len(first) == 4
    again, reopened = _scan_with_partials(root, tmp_path / "cache")
    assert again == [] and _rows(reopened) == _rows(records)
    (root / "source/_posts/new-post.md").write_text("---\ntitle: New\n---\nx\n")
    changed, _ = _scan_with_partials(root, tmp_path / "cache")
    assert changed == []  # one file to parse, the others from the cache


def test_a_big_sites_reopen_hands_over_the_cached_records_before_checking_them(
    tmp_path, isolated_dirs, monkeypatch
):
    """With the files found in a worker (a big site), the cached records come as one
    partial result before the check; unchanged files keep those very records, and a
    changed file's record is the final list's only difference (its other records are made
    again from the cache rows)."""
    monkeypatch.setattr(index_module, "BACKGROUND_DISCOVERY_MIN_CACHE_BYTES", 0)
    root = generate_site(tmp_path / "site", 12, seed=2, paragraphs=(1, 1)).root
    _, records = _scan_with_partials(root, tmp_path / "cache")
    [cached], reopened = _scan_with_partials(root, tmp_path / "cache")
    assert _rows(cached) == _rows(records)
    assert [id(r) for r in reopened] == [id(r) for r in cached]  # checked: the same ones
    changed = sorted(root.rglob("*.md"))[3]
    changed.write_text("---\ntitle: Changed\n---\nx\n")
    [cached], reopened = _scan_with_partials(root, tmp_path / "cache")
    differ = [a.rel for a, b in zip(cached, reopened, strict=True) if _rows([a]) != _rows([b])]
    assert differ == [changed.relative_to(root).as_posix()]
    assert next(r for r in reopened if r.rel == differ[0]).title == "Changed"

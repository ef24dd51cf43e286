"""The site index reads posts by the same rules as the editor and the preview.

Each rule once had copies that drifted: ``.mdx`` posts opened in the editor but never
reached the index, and ``pub_date`` was a date in the preview header but not for sorting.
"""

from __future__ import annotations

import pytest

from editor.core.post.files import POST_SUFFIXES
from editor.core.post.model import Post
from editor.core.render.page import render_header
from editor.core.site.index import SiteIndex, parse_post_file
from editor.core.values.dates import DATE_KEYS


@pytest.mark.parametrize("suffix", POST_SUFFIXES)
def test_every_post_suffix_the_editor_opens_is_indexed(tmp_path, isolated_dirs, suffix):
    site = tmp_path / "site"
    site.mkdir()
    path = site / f"post{suffix}"
    path.write_text("---\ntitle: Found\n---\nbody\n")
    assert Post.load(path).metadata["title"] == "Found"
    index = SiteIndex(site)
    index.scan()
    assert [record.title for record in index.records] == ["Found"]


@pytest.mark.parametrize("key", DATE_KEYS)
def test_every_date_key_of_the_preview_header_sorts_the_index(tmp_path, key):
    rows = []
    for day in ("2021-03-04", "2019-01-02", "2020-05-06"):
        path = tmp_path / f"{day}.md"
        path.write_text(f"---\ntitle: T\n{key}: {day}\n---\nbody\n")
        record = parse_post_file(str(path), path.name)
        assert record.date_text == day
        assert f">{day[8:].lstrip('0')} " in render_header(Post.load(path).metadata)
        rows.append(record)
    ordered = [r.date_text for r in sorted(rows, key=lambda r: r.date_key)]
    assert ordered == ["2019-01-02", "2020-05-06", "2021-03-04"]

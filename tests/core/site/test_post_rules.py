"""The site index reads posts by the same rules as the editor and the preview.

Each rule once had copies that drifted: ``.mdx`` posts opened in the editor but never
reached the index, and ``pub_date`` was a date in the preview header but not for sorting.
"""

from __future__ import annotations

import pytest

from editor.core.post.files import POST_SUFFIXES
from editor.core.post.model import Post
from editor.core.site.index import SiteIndex


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

"""The form's thumbnails, the preview and the checks find a post's images by the same rules.

They once each had their own list of asset folders: an image in ``assets/`` showed in the
preview and passed the checks while the form's thumbnail said "not found".
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from editor.core.post.model import Post
from editor.core.render.sanitize import resolve_url
from editor.core.site.checks import check_paths
from editor.session.frontmatter_model import FrontMatterModel

# field -> (value in the post, file it names relative to the site root, or None: missing)
REFS = {
    "image": ("/img/a.png", "assets/img/a.png"),
    "cover": ("/b.png", "src/b.png"),
    "hero": ("/c.png", "static/c.png"),
    "banner": ("images/d.png", "images/d.png"),
    "thumbnail": ("e.png?v=2", "content/posts/e.png"),
    "og_image": ("/nowhere.png", None),
}


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "site"
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text("title = 'x'\n")
    for _value, rel in REFS.values():
        if rel is not None:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(b"\x89PNG not really")
    lines = "".join(f"{key}: {value}\n" for key, (value, _rel) in REFS.items())
    post = root / "content" / "posts" / "p.md"
    post.write_text(f"---\ntitle: T\n{lines}---\nbody\n")
    return root, post


def _thumbnail_finds(root: Path, post_path: Path, key: str) -> Path | None:
    post = Post.load(post_path)
    model = FrontMatterModel(lambda: post)  # finds the site root itself, by the markers
    assert model.site_root() == root.resolve()
    location = model.resolve_image(key)
    assert location.kind in ("local", "missing")
    return Path(location.where) if location.kind == "local" else None


def _preview_finds(root: Path, post_path: Path, value: str) -> Path | None:
    url = resolve_url(value, root.as_uri() + "/", post_path.parent.as_uri())
    if not url.startswith("file:"):
        return None
    found = Path(unquote(urlsplit(url).path))
    return found if found.is_file() else None


def test_thumbnail_preview_and_checks_find_the_same_files(qapp, site):
    root, post_path = site
    missing = {p.key for p in check_paths([post_path]) if p.code == "missing-image"}
    for key, (value, rel) in REFS.items():
        expected = (root / rel).resolve() if rel is not None else None
        thumb = _thumbnail_finds(root, post_path, key)
        preview = _preview_finds(root, post_path, value)
        assert (thumb.resolve() if thumb else None) == expected, key
        assert (preview.resolve() if preview else None) == expected, key
        assert (key in missing) == (expected is None), key

"""Where images dropped or pasted into a post land, what they are called, what links them."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from editor.core.site.images import (
    ImportPlan,
    alt_from_name,
    escape_text,
    fit_into_line,
    image_place,
    markdown_url,
    place_for,
    plan_data,
    plan_file,
    post_slug,
    safe_name,
    site_generator,
    store_data,
    store_file,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"pixels" * 10

JIGSAW = {"config.php": "<?php return [];", "bootstrap.php": "<?php"}
JEKYLL = {"_config.yml": "title: x\n"}
HUGO = {"hugo.toml": 'baseURL = "https://x.org/"\n'}
ASTRO = {"astro.config.mjs": "export default {}\n"}
ELEVENTY = {".eleventy.js": "module.exports = {}\n"}


def make_site(root, files, folders=()):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for folder in folders:
        (root / folder).mkdir(parents=True, exist_ok=True)
    return root


def make_post(root, rel, text="---\ntitle: T\n---\nBody\n"):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def picture(tmp_path, name="Sunset over the bay.PNG", data=PNG):
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    path = outside / name
    path.write_bytes(data)
    return path


# (site files, extra folders, post, folder where the image lands, URL in the post)
CONVENTIONS = {
    "jigsaw": (JIGSAW, (), "source/_posts/p.md", "source/assets/images", "/assets/images/x.png"),
    "jekyll assets/images": (JEKYLL, (), "_posts/p.md", "assets/images", "/assets/images/x.png"),
    "jekyll images": (JEKYLL, ("images",), "_posts/p.md", "images", "/images/x.png"),
    "hugo bundle": (HUGO, (), "content/posts/trip/index.md", "content/posts/trip", "x.png"),
    "hugo branch bundle": (HUGO, (), "content/posts/_index.md", "content/posts", "x.png"),
    "hugo static": (HUGO, (), "content/posts/trip.md", "static/images", "/images/x.png"),
    "astro src/assets": (
        ASTRO,
        ("src/assets",),
        "src/content/blog/p.md",
        "src/assets",
        "../../assets/x.png",
    ),
    "astro public": (ASTRO, (), "src/content/blog/p.md", "public", "/x.png"),
    "astro public/images": (
        ASTRO,
        ("public/images",),
        "src/content/blog/p.md",
        "public/images",
        "/images/x.png",
    ),
    "eleventy": (ELEVENTY, (), "posts/p.md", "img", "/img/x.png"),
    "eleventy src/img": (ELEVENTY, ("src/img",), "src/posts/p.md", "src/img", "/img/x.png"),
    "no generator": ({"README.md": "x"}, (".git",), "notes/p.md", "notes", "x.png"),
}


@pytest.mark.parametrize("case", CONVENTIONS)
def test_each_generator_keeps_images_where_it_serves_them(tmp_path, case):
    files, folders, post_rel, folder, url = CONVENTIONS[case]
    root = make_site(tmp_path / "site", files, folders)
    post = make_post(root, post_rel)
    place = place_for(post)
    assert place.folder == root / folder
    plan = store_file(place, post, picture(tmp_path, "x.png"))
    assert plan.target == root / folder / "x.png"
    assert plan.target.read_bytes() == PNG
    assert plan.url == url
    assert plan.markdown("A view") == f"![A view]({url})"


def test_a_post_outside_any_site_keeps_its_images_beside_it(tmp_path):
    post = make_post(tmp_path / "loose", "p.md")
    place = image_place(post, None, None, {})
    plan = store_file(place, post, picture(tmp_path, "x.png"))
    assert (plan.target, plan.url) == (post.parent / "x.png", "x.png")


def test_the_generator_comes_from_the_dialect_rules_or_the_preview_override(tmp_path):
    assert site_generator(make_site(tmp_path / "a", JIGSAW)) == "Jigsaw"
    assert site_generator(make_site(tmp_path / "b", HUGO)) == "Hugo"
    plain = make_site(tmp_path / "c", {"masthead.toml": '[preview]\ndialect = "jekyll"\n'})
    assert site_generator(plain) == "Jekyll"
    assert site_generator(make_site(tmp_path / "d", {"README.md": ""})) is None
    assert site_generator(None) is None


def test_masthead_toml_overrides_the_folder_and_the_url(tmp_path):
    root = make_site(
        tmp_path / "site",
        {**HUGO, "masthead.toml": '[images]\nfolder = "static/uploads"\nurl = "/media"\n'},
    )
    post = make_post(root, "content/posts/trip/index.md")
    plan = store_file(place_for(post), post, picture(tmp_path, "x.png"))
    assert plan.target == root / "static/uploads/x.png"
    assert plan.url == "/media/x.png"


def test_an_overridden_folder_without_a_url_is_served_from_its_path(tmp_path):
    root = make_site(
        tmp_path / "site", {**JIGSAW, "masthead.toml": '[images]\nfolder = "source/img"\n'}
    )
    post = make_post(root, "source/_posts/p.md")
    plan = plan_file(place_for(post), post, picture(tmp_path, "x.png"))
    assert (plan.target, plan.url) == (root / "source/img/x.png", "/img/x.png")
    root2 = make_site(tmp_path / "s2", {"masthead.toml": '[images]\nfolder = "media/pics"\n'})
    post2 = make_post(root2, "p.md")
    assert plan_file(place_for(post2), post2, picture(tmp_path, "x.png")).url == "/media/pics/x.png"


def test_an_overridden_url_alone_keeps_the_generators_folder(tmp_path):
    root = make_site(
        tmp_path / "site", {**JIGSAW, "masthead.toml": '[images]\nurl = "https://cdn.x.org/i/"\n'}
    )
    post = make_post(root, "source/_posts/p.md")
    plan = plan_file(place_for(post), post, picture(tmp_path, "x.png"))
    assert plan.target == root / "source/assets/images/x.png"
    assert plan.url == "https://cdn.x.org/i/x.png"


@pytest.mark.parametrize("folder", ["../elsewhere", "/tmp/abs", 42, ""])
def test_a_folder_outside_the_site_or_not_a_text_is_ignored_with_a_warning(
    tmp_path, caplog, folder
):
    root = make_site(tmp_path / "site", JIGSAW)
    (root / "masthead.toml").write_text(f"[images]\nfolder = {folder!r}\n".replace("'", '"'))
    post = make_post(root, "source/_posts/p.md")
    with caplog.at_level(logging.WARNING):
        place = place_for(post)
    assert place.folder == root / "source/assets/images"
    assert "[images] folder" in caplog.text


def test_a_taken_name_gets_a_suffix_and_nothing_is_overwritten(tmp_path):
    root = make_site(tmp_path / "site", JIGSAW)
    post = make_post(root, "source/_posts/p.md")
    images = root / "source/assets/images"
    images.mkdir(parents=True)
    (images / "x.png").write_bytes(b"someone else's picture")
    (images / "x-2.png").write_bytes(b"and another")
    plan = store_file(place_for(post), post, picture(tmp_path, "x.png"))
    assert plan.target == images / "x-3.png"
    assert plan.url == "/assets/images/x-3.png"
    assert (images / "x.png").read_bytes() == b"someone else's picture"
    assert (images / "x-2.png").read_bytes() == b"and another"
    assert (images / "x-3.png").read_bytes() == PNG


def test_the_same_bytes_already_there_are_reused(tmp_path):
    root = make_site(tmp_path / "site", JIGSAW)
    post = make_post(root, "source/_posts/p.md")
    source = picture(tmp_path, "x.png")
    first = store_file(place_for(post), post, source)
    second = store_file(place_for(post), post, source)
    assert (first.reuse, second.reuse) == (False, True)
    assert second.target == first.target
    assert sorted(p.name for p in first.target.parent.iterdir()) == ["x.png"]


def test_dropping_a_file_that_is_already_in_the_place_links_it(tmp_path):
    root = make_site(tmp_path / "site", JIGSAW, ["source/assets/images"])
    post = make_post(root, "source/_posts/p.md")
    inside = root / "source/assets/images/y.jpg"
    inside.write_bytes(PNG)
    plan = store_file(place_for(post), post, inside)
    assert (plan.reuse, plan.url) == (True, "/assets/images/y.jpg")


def test_pasted_data_is_named_from_the_posts_slug(tmp_path):
    root = make_site(tmp_path / "site", JIGSAW)
    post = make_post(root, "source/_posts/2020-09-30-my-trip.md")
    slug = post_slug(post, {"title": "T"}, root)
    assert slug == "my-trip"
    place = place_for(post)
    first = store_data(place, post, PNG, slug)
    second = store_data(place, post, PNG + b"other", slug)
    again = store_data(place, post, PNG, slug)
    assert first.target.name == "my-trip-1.png"
    assert second.target.name == "my-trip-2.png"
    assert (again.target, again.reuse) == (first.target, True)
    assert first.url == "/assets/images/my-trip-1.png"
    assert first.text == "my trip 1"
    assert first.target.read_bytes() == PNG


def test_the_slug_field_or_the_bundle_folder_names_pasted_images(tmp_path):
    root = make_site(tmp_path / "site", HUGO)
    bundle = make_post(root, "content/posts/Big Trip/index.md")
    assert post_slug(bundle, {}, root) == "big-trip"
    assert post_slug(bundle, {"slug": "Über Alles"}, root) == "uber-alles"
    assert post_slug(bundle, {"permalink": "/blog/the-end/"}, root) == "the-end"
    place = place_for(bundle)
    plan = plan_data(place, bundle, PNG, "big-trip")
    assert (plan.target, plan.url) == (bundle.parent / "big-trip-1.png", "big-trip-1.png")


def test_a_non_image_is_copied_and_linked_by_its_name(tmp_path):
    root = make_site(tmp_path / "site", JIGSAW)
    post = make_post(root, "source/_posts/p.md")
    plan = store_file(place_for(post), post, picture(tmp_path, "Annual report.pdf", b"%PDF"))
    assert plan.is_image is False
    assert plan.target == root / "source/assets/images/Annual-report.pdf"
    assert plan.markdown() == "[Annual report.pdf](/assets/images/Annual-report.pdf)"


def test_names_are_made_safe_for_a_markdown_url():
    assert safe_name("My photo (1).JPG") == "My-photo-1.jpg"
    assert safe_name("café.png") == "café.png"
    assert safe_name(".hidden") == "hidden"
    assert safe_name("   .png") == "file.png"
    assert safe_name("archive.tar.gz") == "archive.tar.gz"


def test_alt_text_is_made_from_the_file_name():
    assert alt_from_name("sunset_over-the-bay.jpg") == "sunset over the bay"
    assert alt_from_name("Screenshot 2024-01-02.png") == "Screenshot 2024 01 02"


def test_alt_text_and_urls_cannot_break_the_markdown():
    assert escape_text("a [b] \\ c\nd") == "a \\[b\\] \\\\ c d"
    assert markdown_url("/a b/x (1).png") == "</a b/x (1).png>"
    assert markdown_url("/plain.png") == "/plain.png"
    plan = ImportPlan(Path("x.png"), "/x.png", "a]b", True, False)
    assert plan.markdown() == "![a\\]b](/x.png)"


@pytest.mark.parametrize(
    ("line", "column", "word_end", "expected"),
    [
        ("hello world", 2, True, (5, " ![a](x)")),  # inside a word: to its end
        ("hello world", 5, True, (5, " ![a](x)")),
        ("hello world", 6, True, (6, "![a](x) ")),
        ("hello, world", 3, True, (6, " ![a](x)")),  # past the punctuation too
        ("", 0, True, (0, "![a](x)")),
        ("word", 4, False, (4, " ![a](x)")),
        ("word", 0, False, (0, "![a](x) ")),
        ("hello world", 2, False, (2, " ![a](x) ")),  # at the caret: only spaced
    ],
)
def test_a_snippet_never_lands_inside_a_word(line, column, word_end, expected):
    assert fit_into_line(line, column, "![a](x)", to_word_end=word_end) == expected


def test_a_file_that_appears_while_copying_is_not_overwritten(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site", JIGSAW, ["source/assets/images"])
    post = make_post(root, "source/_posts/p.md")
    images = root / "source/assets/images"
    import editor.core.site.images as images_module

    real = images_module.create_new
    raced = []

    def racing(target, **kwargs):
        if not raced:  # another program takes the name between the plan and the write
            raced.append(target)
            target.write_bytes(b"theirs")
        return real(target, **kwargs)

    monkeypatch.setattr(images_module, "create_new", racing)
    plan = store_file(place_for(post), post, picture(tmp_path, "x.png"))
    assert raced == [images / "x.png"]
    assert (images / "x.png").read_bytes() == b"theirs"
    assert plan.target == images / "x-2.png"
    assert plan.target.read_bytes() == PNG

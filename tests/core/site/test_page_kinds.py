"""The page classifier: section and list pages, other pages, translations (no file read)."""

from __future__ import annotations

import pytest

from editor.core.site.page_kinds import LIST, PAGE, POST, classify, is_language, split_name


def test_hugo_sections_and_bundles():
    """_index.md (any language) is a list page; a leaf bundle's index.md alone is a post."""
    rels = [
        "content/_index.md",
        "content/_index.ja.md",
        "content/post/_index.md",
        "content/post/hello/index.md",
        "content/post/hello/index.ja.md",
        "content/categories/Docs/_index.zh-hant-tw.md",
    ]
    kinds = {rel: info.kind for rel, info in classify(rels).items()}
    assert kinds == {
        "content/_index.md": LIST,
        "content/_index.ja.md": LIST,
        "content/post/_index.md": LIST,
        "content/post/hello/index.md": POST,
        "content/post/hello/index.ja.md": POST,
        "content/categories/Docs/_index.zh-hant-tw.md": LIST,
    }


def test_an_index_beside_posts_or_over_post_folders_is_a_listing():
    """index.md with sibling posts, or with subfolders holding posts, lists them."""
    rels = [
        "blog/index.md",
        "blog/first.md",
        "notes/index.md",
        "notes/2020/one.md",
        "index.md",
    ]
    infos = classify(rels)
    assert infos["blog/index.md"].kind == LIST
    assert infos["notes/index.md"].kind == LIST
    assert infos["index.md"].kind == LIST
    assert infos["blog/first.md"].kind == POST and infos["notes/2020/one.md"].kind == POST


def test_taxonomy_collections_and_pages():
    """Jigsaw's _categories/ are list pages; pages/ and 404 are pages, not posts."""
    infos = classify(
        [
            "source/_categories/php.md",
            "source/_tags/web.md",
            "source/_posts/a.md",
            "source/404.md",
            "content/pages/about/index.md",
        ]
    )
    assert infos["source/_categories/php.md"].kind == LIST
    assert infos["source/_tags/web.md"].kind == LIST
    assert infos["source/_posts/a.md"].kind == POST
    assert infos["source/404.md"].kind == PAGE
    assert infos["content/pages/about/index.md"].kind == PAGE


def test_translations_share_a_key():
    """index.ja.md, post.fr.md and /zh/ language folders: one key per translated page."""
    infos = classify(
        [
            "post/hello/index.md",
            "post/hello/index.ja.md",
            "post/hello/index.zh-hant-tw.md",
            "notes/post.md",
            "notes/post.fr.md",
            "_posts/en/news/2022-02-02-letter.md",
            "_posts/zh/news/2022-02-02-letter.md",
        ]
    )
    assert (
        infos["post/hello/index.md"].translation_key
        == infos["post/hello/index.ja.md"].translation_key
        == infos["post/hello/index.zh-hant-tw.md"].translation_key
    )
    assert infos["post/hello/index.ja.md"].language == "ja"
    assert infos["post/hello/index.md"].language is None
    assert infos["notes/post.fr.md"].translation_key == infos["notes/post.md"].translation_key
    en, zh = (
        infos["_posts/en/news/2022-02-02-letter.md"],
        infos["_posts/zh/news/2022-02-02-letter.md"],
    )
    assert en.translation_key == zh.translation_key and (en.language, zh.language) == ("en", "zh")


def test_one_folder_named_like_a_language_is_not_a_language_folder():
    """A lone ml/ folder (machine learning) is a topic; its posts keep their own keys."""
    infos = classify(["posts/ml/intro.md", "posts/web/intro.md"])
    assert infos["posts/ml/intro.md"].language is None
    assert infos["posts/ml/intro.md"].translation_key != infos["posts/web/intro.md"].translation_key


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("index.ja.md", ("index", "ja", ".md")),
        ("post.pt-br.markdown", ("post", "pt-br", ".markdown")),
        ("crates.io-malicious-crates.md", ("crates.io-malicious-crates", None, ".md")),
        ("v1.2.md", ("v1.2", None, ".md")),
        ("release.xx.md", ("release.xx", None, ".md")),
    ],
)
def test_split_name(name, expected):
    """Only a known language code before the suffix is a language."""
    assert split_name(name) == expected


def test_is_language():
    assert is_language("zh-hant-tw") and is_language("pt-BR") and is_language("en")
    assert not is_language("xx") and not is_language("english") and not is_language("io-malicious")


def test_translated_copies_are_every_file_but_the_original():
    from editor.core.site.page_kinds import translated_copies

    infos = classify(
        [
            "content/posts/ferry.md",
            "content/posts/ferry.fr.md",
            "content/posts/ferry.ja.md",
            "content/posts/alone.de.md",  # nobody's translation: held like any post
            "content/en/market.md",
            "content/ja/market.md",
            "content/en/library.md",
            "content/en/parks.md",
        ]
    )
    assert translated_copies(infos) == {
        "content/posts/ferry.fr.md",
        "content/posts/ferry.ja.md",
        "content/ja/market.md",  # en is the site's most used language
    }

"""Finding a site's Markdown dialect from its files (throwaway site folders)."""

from __future__ import annotations

import json

import pytest

from editor.core.site.dialect import (
    DEFAULT_DIALECT,
    DIALECTS,
    GITHUB_IDS,
    KRAMDOWN_IDS,
    detect,
    dialect_named,
    is_mdx,
)
from editor.core.site.layout import find_site_root

MARKERS = [
    ({"hugo.toml": 'baseURL = "https://x.org/"\n'}, "hugo", "hugo.toml"),
    ({"hugo.yaml": "baseURL: https://x.org/\n"}, "hugo", "hugo.yaml"),
    ({"config.toml": 'baseURL = "https://x.org/"\n'}, "hugo", "config.toml"),
    ({"config/_default/params.toml": "x = 1\n"}, "hugo", "config/_default"),
    ({"config.toml": 'base_url = "https://x.org"\n'}, "zola", "config.toml"),
    ({"_config.yml": "title: x\n"}, "jekyll", "_config.yml"),
    (
        {"_config.yml": "title: x\n", "package.json": json.dumps({"dependencies": {"hexo": "7"}})},
        "hexo",
        "_config.yml",
    ),
    ({"config.php": "<?php return [];", "bootstrap.php": "<?php"}, "jigsaw", "config.php"),
    ({"eleventy.config.js": ""}, "eleventy", "eleventy.config.js"),
    ({".eleventy.js": ""}, "eleventy", ".eleventy.js"),
    ({"astro.config.mjs": ""}, "astro", "astro.config.mjs"),
    ({"docusaurus.config.ts": ""}, "docusaurus", "docusaurus.config.ts"),
    ({"gatsby-config.js": ""}, "gatsby", "gatsby-config.js"),
    ({"mkdocs.yml": "site_name: x\n"}, "mkdocs", "mkdocs.yml"),
    ({"README.md": "x"}, DEFAULT_DIALECT, ""),
    # A config.toml that is neither Hugo's nor Zola's, or a config.php alone: no generator.
    ({"config.toml": "title = 'x'\n"}, DEFAULT_DIALECT, ""),
    ({"config.php": "<?php echo 'hi';"}, DEFAULT_DIALECT, ""),
    ({"config.php": "<?php\n\nreturn [\n    'production' => false,\n];\n"}, "jigsaw", "config.php"),
]


def make_site(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.mark.parametrize(("files", "name", "source"), MARKERS)
def test_each_generator_is_found_by_its_files(tmp_path, files, name, source):
    dialect = detect(make_site(tmp_path, files))
    assert (dialect.name, dialect.source) == (name, source)


def test_hugo_goldmark_settings_are_read(tmp_path):
    make_site(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "/"\n[markup.goldmark.renderer]\nunsafe = true\n'
            "[markup.goldmark.extensions]\ntypographer = false\n"
            "[markup.goldmark.parser]\nautoHeadingID = false\n"
            "[markup.goldmark.parser.attribute]\ntitle = false\n"
        },
    )
    dialect = detect(tmp_path)
    assert dialect.raw_html and not dialect.typographer
    assert dialect.heading_ids is None and not dialect.heading_attributes
    assert not DIALECTS["hugo"].raw_html and DIALECTS["hugo"].typographer


def test_hugo_typographer_disable_mapping_and_split_config(tmp_path):
    make_site(
        tmp_path,
        {
            "config/_default/hugo.yaml": "baseURL: /\n",
            "config/_default/markup.yaml": "goldmark:\n  extensions:\n    typographer:\n"
            "      disable: true\n",
        },
    )
    assert not detect(tmp_path).typographer


def test_jekyll_kramdown_block_changes_ids_and_quotes(tmp_path):
    make_site(tmp_path, {"_config.yml": "kramdown:\n  input: kramdown\n  smart_quotes: false\n"})
    dialect = detect(tmp_path)
    assert dialect.heading_ids == KRAMDOWN_IDS and not dialect.typographer
    make_site(tmp_path, {"_config.yml": "kramdown:\n  auto_ids: false\n"})
    assert detect(tmp_path).heading_ids is None
    make_site(tmp_path, {"_config.yml": "markdown: CommonMarkGhPages\n"})
    assert detect(tmp_path).engine == "CommonMark"
    make_site(tmp_path, {"_config.yml": "title: x\n"})
    assert detect(tmp_path).heading_ids == GITHUB_IDS


def test_zola_smart_punctuation_and_jigsaw_commonmark(tmp_path):
    zola = make_site(
        tmp_path / "z", {"config.toml": 'base_url = "/"\n[markdown]\nsmart_punctuation = true\n'}
    )
    assert detect(zola).typographer
    jigsaw = make_site(
        tmp_path / "j",
        {"config.php": "<?php return ['commonmark' => true];", "bootstrap.php": "<?php"},
    )
    dialect = detect(jigsaw)
    assert (dialect.generator, dialect.family) == ("Jigsaw", "markdown-it")


def test_zolas_markdown_settings(tmp_path):
    zola = make_site(tmp_path / "z", {"config.toml": 'base_url = "/"\n'})
    dialect = detect(zola)
    assert (dialect.family, dialect.definition_lists, dialect.footnotes_at_end) == (
        "pulldown-cmark",
        False,
        False,
    )
    settings = "[markdown]\ndefinition_list = true\nbottom_footnotes = true\ngithub_alerts = true\n"
    (zola / "config.toml").write_text('base_url = "/"\n' + settings)
    dialect = detect(zola)
    assert dialect.definition_lists and dialect.footnotes_at_end and dialect.alerts


def test_masthead_toml_overrides_detection(tmp_path):
    make_site(
        tmp_path,
        {"hugo.toml": 'baseURL = "/"\n', "masthead.toml": '[preview]\ndialect = "Jekyll"\n'},
    )
    dialect = detect(tmp_path)
    assert (dialect.name, dialect.source) == ("jekyll", "masthead.toml")


def test_an_unknown_override_is_logged_and_ignored(tmp_path, caplog):
    make_site(
        tmp_path, {"hugo.toml": 'baseURL = "/"\n', "masthead.toml": '[preview]\ndialect = "nope"\n'}
    )
    assert detect(tmp_path).name == "hugo"
    assert "unknown dialect 'nope'" in caplog.text


def test_unreadable_settings_are_logged_not_fatal(tmp_path, caplog):
    make_site(tmp_path, {"hugo.toml": "baseURL = [unclosed\n"})
    assert detect(tmp_path) == DIALECTS["hugo"].with_settings(source="hugo.toml")
    assert "cannot read the site settings" in caplog.text


@pytest.mark.parametrize(("files", "name", "source"), [m for m in MARKERS if m[2]])
def test_discovery_finds_the_root_of_every_recognised_site(tmp_path, files, name, source):
    make_site(tmp_path, {**files, "content/blog/a.md": "x"})
    assert find_site_root(tmp_path / "content/blog/a.md") == tmp_path


def test_names_and_mdx():
    assert dialect_named(" HUGO ").label == "Hugo (Goldmark)"
    with pytest.raises(KeyError, match="choose one of"):
        dialect_named("nope")
    assert is_mdx(DIALECTS["astro"], ".mdx") and not is_mdx(DIALECTS["astro"], ".md")
    assert is_mdx(DIALECTS["docusaurus"], ".md") and not is_mdx(DIALECTS["hugo"], ".mdx")

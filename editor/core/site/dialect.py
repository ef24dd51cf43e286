"""Which Markdown a site publishes with: its generator, found from the site's own files.

`detect(root)` looks for each generator's configuration file (the rules are listed in
`GENERATOR_RULES`' docstrings below and in docs/preview-dialects.md), reads the Markdown
settings that live in that configuration (Hugo's ``markup.goldmark``, Jekyll's
``kramdown:``, Zola's ``[markdown]``, Jigsaw's ``commonmark`` key) and returns a
`Dialect`: the engine settings the preview renders with.  ``masthead.toml``'s
``[preview] dialect = "NAME"`` overrides what was detected.

A `Dialect` is plain data; `editor.core.render.dialects` turns it into a renderer.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.core.site.config_files import SITE_SETTINGS_FILE, read_data, site_settings

log = logging.getLogger(__name__)


# Engine families: which renderer module serves a dialect.
MARKDOWN_IT = "markdown-it"
PYTHON_MARKDOWN = "python-markdown"
PULLDOWN_CMARK = "pulldown-cmark"  # through pyromark (Zola's engine)

# Heading id styles (see editor.core.render.slugs).
GITHUB_IDS = "github"  # github-slugger, Hugo's "github" autoHeadingIDType, kramdown GFM
KRAMDOWN_IDS = "kramdown"  # kramdown's own parser (input: kramdown)
ZOLA_IDS = "zola"  # Zola's slugify "on"
TOC_IDS = "toc"  # Python-Markdown's toc extension


@dataclass(frozen=True)
class Dialect:
    """The Markdown a site renders: the generator and its engine, set up as it sets it."""

    name: str
    """The dialect's name for ``--dialect`` and ``masthead.toml`` ("hugo", "gfm", ...)."""
    generator: str
    """Shown to the user: "Hugo"."""
    engine: str
    """Shown to the user: "Goldmark"."""
    family: str = MARKDOWN_IT
    raw_html: bool = True
    """Raw HTML passes through; else it becomes ``<!-- raw HTML omitted -->`` (Goldmark)."""
    typographer: bool = False
    """Smart quotes, dashes and ellipses."""
    linkify: bool = False
    """Bare URLs and www. addresses become links (GFM autolinks)."""
    indented_code: bool = True
    tables: bool = True
    strikethrough: bool = True
    tasklists: bool = False
    footnotes: bool = False
    definition_lists: bool = False
    heading_attributes: bool = False
    """``## Title {#id .class}`` (Goldmark's parser.attribute.title, kramdown's IAL)."""
    heading_ids: str | None = None
    """How automatic heading ids are made (a style above), or None for none."""
    admonitions: bool = False
    """Docusaurus ``:::note`` containers."""
    templates: tuple[str, ...] = ()
    """Template syntax shown as placeholders: "shortcode", "liquid", "nunjucks", "mdx"."""
    footnotes_at_end: bool = False
    """Footnotes listed at the end, GitHub's way (Zola's ``bottom_footnotes``; pulldown-cmark
    only: the others have their generator's own placement)."""
    alerts: bool = False
    """GitHub's ``> [!NOTE]`` alerts (Zola's ``github_alerts``; pulldown-cmark only)."""
    source: str = ""
    """Where it was found ("hugo.toml", "masthead.toml", or "" for the default)."""

    @property
    def label(self) -> str:
        """ "Hugo (Goldmark)"."""
        return f"{self.generator} ({self.engine})"

    def with_settings(self, **changes: Any) -> Dialect:
        return dataclasses.replace(self, **changes)


_COMMONMARK_GFM: dict[str, Any] = dict(
    tables=True, strikethrough=True, linkify=True, tasklists=True
)

DIALECTS: dict[str, Dialect] = {
    d.name: d
    for d in (
        Dialect(
            "hugo",
            "Hugo",
            "Goldmark",
            raw_html=False,
            typographer=True,
            footnotes=True,
            definition_lists=True,
            heading_attributes=True,
            heading_ids=GITHUB_IDS,
            templates=("shortcode",),
            **_COMMONMARK_GFM,
        ),
        Dialect(
            "jekyll",
            "Jekyll",
            "kramdown GFM",
            typographer=True,
            footnotes=True,
            definition_lists=True,
            heading_ids=GITHUB_IDS,
            templates=("liquid",),
            tables=True,
            strikethrough=True,
            tasklists=True,
        ),
        Dialect(
            "eleventy",
            "Eleventy",
            "markdown-it",
            indented_code=False,
            templates=("nunjucks", "liquid"),
        ),
        Dialect(
            "astro",
            "Astro",
            "remark GFM + SmartyPants",
            typographer=True,
            footnotes=True,
            heading_ids=GITHUB_IDS,
            templates=("mdx",),
            **_COMMONMARK_GFM,
        ),
        Dialect(
            "docusaurus",
            "Docusaurus",
            "MDX GFM",
            footnotes=True,
            heading_ids=GITHUB_IDS,
            admonitions=True,
            templates=("mdx",),
            **_COMMONMARK_GFM,
        ),
        Dialect(
            "gatsby", "Gatsby", "remark GFM", footnotes=True, templates=("mdx",), **_COMMONMARK_GFM
        ),
        Dialect(
            "zola",
            "Zola",
            "pulldown-cmark",
            family=PULLDOWN_CMARK,
            footnotes=True,
            heading_ids=ZOLA_IDS,
            templates=("shortcode",),
            tables=True,
            strikethrough=True,
            tasklists=True,
        ),
        Dialect(
            "hexo",
            "Hexo",
            "marked",
            heading_ids=GITHUB_IDS,
            templates=("nunjucks",),
            **_COMMONMARK_GFM,
        ),
        Dialect("jigsaw", "Jigsaw", "PHP Markdown Extra", family=PYTHON_MARKDOWN),
        Dialect("mkdocs", "MkDocs", "Python-Markdown", family=PYTHON_MARKDOWN, heading_ids=TOC_IDS),
        # As cmark-gfm renders by default: raw HTML is omitted (GitHub filters it).
        Dialect("gfm", "CommonMark", "GFM", raw_html=False, **_COMMONMARK_GFM),
    )
}
DEFAULT_DIALECT = "gfm"


def dialect_named(name: str) -> Dialect:
    """The named dialect with its generator's default settings; KeyError names the choices."""
    try:
        return DIALECTS[name.strip().lower()]
    except KeyError:
        raise KeyError(f"unknown dialect {name!r}; choose one of: {', '.join(DIALECTS)}") from None


MDX_SUFFIXES = (".mdx",)


def is_mdx(dialect: Dialect | None, suffix: str) -> bool:
    """Whether a post with this file suffix is MDX on this site (Docusaurus: always)."""
    if dialect is None or "mdx" not in dialect.templates:
        return False
    return suffix.lower() in MDX_SUFFIXES or dialect.name == "docusaurus"


# -- reading configuration files ------------------------------------------------------


def _get(data: Any, *keys: str) -> Any:
    """``data[k1][k2]…`` with keys compared case-insensitively (Hugo's are), or None."""
    for key in keys:
        if not isinstance(data, Mapping):
            return None
        wanted = key.lower()
        data = next((v for k, v in data.items() if str(k).lower() == wanted), None)
    return data


def _first(root: Path, names: tuple[str, ...]) -> Path | None:
    return next((root / n for n in names if (root / n).is_file()), None)


def _matching(root: Path, pattern: str) -> Path | None:
    try:
        return next(iter(sorted(root.glob(pattern))), None)
    except OSError:
        return None


_DATA_SUFFIXES = (".toml", ".yaml", ".yml", ".json")


def _hugo(root: Path) -> Dialect | None:
    """Hugo: ``hugo.toml|yaml|json``, ``config.*`` with ``baseURL``, or ``config/_default/``."""
    found = _first(root, tuple(f"hugo{s}" for s in _DATA_SUFFIXES))
    data: Mapping[str, Any] = read_data(found) if found else {}
    if found is None:
        config = _first(root, tuple(f"config{s}" for s in _DATA_SUFFIXES))
        if config is not None:
            data = read_data(config)
            if _get(data, "baseURL") is not None:
                found = config
    default_dir = root / "config" / "_default"
    if found is None and default_dir.is_dir():
        found = default_dir
        for part in sorted(default_dir.iterdir()):
            if part.stem in ("hugo", "config") and part.suffix in _DATA_SUFFIXES:
                data = read_data(part)
    if found is None:
        return None
    goldmark = _get(data, "markup", "goldmark")
    if goldmark is None and default_dir.is_dir():
        markup = _first(default_dir, tuple(f"markup{s}" for s in _DATA_SUFFIXES))
        if markup is not None:
            goldmark = _get(read_data(markup), "goldmark")
    dialect = DIALECTS["hugo"].with_settings(source=_relative(found, root))
    return _apply_goldmark(dialect, goldmark) if isinstance(goldmark, Mapping) else dialect


def _apply_goldmark(dialect: Dialect, goldmark: Mapping[str, Any]) -> Dialect:
    changes: dict[str, Any] = {}
    unsafe = _get(goldmark, "renderer", "unsafe")
    if isinstance(unsafe, bool):
        changes["raw_html"] = unsafe
    typographer = _get(goldmark, "extensions", "typographer")
    if isinstance(typographer, bool):
        changes["typographer"] = typographer
    elif isinstance(typographer, Mapping) and isinstance(_get(typographer, "disable"), bool):
        changes["typographer"] = not _get(typographer, "disable")
    for key, field in (
        ("linkify", "linkify"),
        ("table", "tables"),
        ("strikethrough", "strikethrough"),
        ("taskList", "tasklists"),
        ("footnote", "footnotes"),
        ("definitionList", "definition_lists"),
    ):
        value = _get(goldmark, "extensions", key)
        if isinstance(value, bool):
            changes[field] = value
    title = _get(goldmark, "parser", "attribute", "title")
    if isinstance(title, bool):
        changes["heading_attributes"] = title
    if _get(goldmark, "parser", "autoHeadingID") is False:
        changes["heading_ids"] = None
    return dialect.with_settings(**changes)


def _zola(root: Path) -> Dialect | None:
    """Zola: ``config.toml`` with ``base_url`` (its ``[markdown]`` switches)."""
    config = root / "config.toml"
    if not config.is_file():
        return None
    data = read_data(config)
    if "base_url" not in data:
        return None
    dialect = DIALECTS["zola"].with_settings(source="config.toml")
    markdown = data.get("markdown")
    if isinstance(markdown, Mapping):
        for key, field in (
            ("smart_punctuation", "typographer"),
            ("definition_list", "definition_lists"),
            ("bottom_footnotes", "footnotes_at_end"),
            ("github_alerts", "alerts"),
        ):
            if isinstance(markdown.get(key), bool):
                dialect = dialect.with_settings(**{field: markdown[key]})
    return dialect


def _hexo(root: Path) -> Dialect | None:
    """Hexo: ``_config.yml`` together with a ``hexo`` dependency in ``package.json``."""
    if not (root / "_config.yml").is_file() or not (root / "package.json").is_file():
        return None
    package = read_data(root / "package.json")
    for key in ("dependencies", "devDependencies"):
        if isinstance(package.get(key), Mapping) and "hexo" in package[key]:
            return DIALECTS["hexo"].with_settings(source="_config.yml")
    return None


def _jekyll(root: Path) -> Dialect | None:
    """Jekyll: ``_config.yml`` (its ``markdown:`` and ``kramdown:`` settings)."""
    config = root / "_config.yml"
    if not config.is_file():
        return None
    data = read_data(config)
    dialect = DIALECTS["jekyll"].with_settings(source="_config.yml")
    markdown = str(data.get("markdown") or "kramdown").lower()
    if markdown in ("commonmark", "commonmarkghpages", "jekyll-commonmark"):
        return DIALECTS["gfm"].with_settings(
            generator="Jekyll",
            engine="CommonMark",
            raw_html=True,
            templates=("liquid",),
            source="_config.yml",
        )
    kramdown = data.get("kramdown")
    if isinstance(kramdown, Mapping):
        changes: dict[str, Any] = {}
        if kramdown.get("auto_ids") is False:
            changes["heading_ids"] = None
        elif str(kramdown.get("input", "GFM")).lower() == "kramdown":
            changes["heading_ids"] = KRAMDOWN_IDS
            changes["engine"] = "kramdown"
            changes["tasklists"] = False
            changes["strikethrough"] = False
        if kramdown.get("smart_quotes") is False or str(kramdown.get("smart_quotes")) == "":
            changes["typographer"] = False
        dialect = dialect.with_settings(**changes)
    return dialect


_PHP_RETURNS_ARRAY = re.compile(r"\breturn\s*(?:\[|array\s*\()", re.IGNORECASE)
_JIGSAW_COMMONMARK = re.compile(r"""['"]commonmark['"]\s*=>\s*true""", re.IGNORECASE)


def _jigsaw(root: Path) -> Dialect | None:
    """Jigsaw: ``config.php`` with ``bootstrap.php`` (or a ``config.php`` that returns
    Jigsaw's settings array on its own); a ``commonmark`` key switches the engine."""
    if not (root / "config.php").is_file():
        return None
    try:
        config = (root / "config.php").read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        log.warning("cannot read %s: %s", root / "config.php", error)
        config = ""
    if not (root / "bootstrap.php").is_file() and not _PHP_RETURNS_ARRAY.search(config):
        return None
    if _JIGSAW_COMMONMARK.search(config):
        return DIALECTS["gfm"].with_settings(
            generator="Jigsaw", engine="league/commonmark", raw_html=True, source="config.php"
        )
    return DIALECTS["jigsaw"].with_settings(source="config.php")


def _by_file(name: str, *patterns: str) -> Callable[[Path], Dialect | None]:
    def detect(root: Path) -> Dialect | None:
        for pattern in patterns:
            found = _matching(root, pattern)
            if found is not None:
                return DIALECTS[name].with_settings(source=found.name)
        return None

    detect.__doc__ = f"{DIALECTS[name].generator}: {', '.join(patterns)}."
    return detect


# In order: the first rule that recognises the site wins.
GENERATOR_RULES: tuple[Callable[[Path], Dialect | None], ...] = (
    _hugo,
    _zola,
    _jigsaw,
    _hexo,
    _jekyll,
    _by_file("eleventy", "eleventy.config.*", ".eleventy.js"),
    _by_file("astro", "astro.config.*"),
    _by_file("docusaurus", "docusaurus.config.*"),
    _by_file("gatsby", "gatsby-config.*"),
    _by_file("mkdocs", "mkdocs.yml", "mkdocs.yaml"),
)


def detect(root: str | os.PathLike | None) -> Dialect:
    """The site's dialect: ``masthead.toml``'s override, else the generator's files."""
    if root is None:
        return DIALECTS[DEFAULT_DIALECT]
    root = Path(root)
    detected = next((d for rule in GENERATOR_RULES if (d := rule(root)) is not None), None)
    override = _override(root)
    if override is not None:
        return override
    return detected or DIALECTS[DEFAULT_DIALECT]


def _override(root: Path) -> Dialect | None:
    name = _get(site_settings(root), "preview", "dialect")
    if name is None:
        return None
    try:
        return dialect_named(str(name)).with_settings(source=SITE_SETTINGS_FILE)
    except KeyError as error:
        log.warning("%s: %s", root / SITE_SETTINGS_FILE, error.args[0])
        return None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def detect_generator(root: str | os.PathLike | None) -> str | None:
    """The site's generator from its own files, lowercased ("hugo", "jekyll", "eleventy"…),
    or None when none is recognised (``masthead.toml``'s preview override is not asked:
    it names how to preview, not what builds the site)."""
    if root is None:
        return None
    root = Path(root)
    detected = next((d for rule in GENERATOR_RULES if (d := rule(root)) is not None), None)
    return detected.generator.lower() if detected is not None else None

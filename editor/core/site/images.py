"""Images and other files brought into a post: where the site keeps them, what they are
called there, and the Markdown that points at them.

**The place** (`image_place`) follows the site's generator, as the rules of
`editor.core.site.dialect` recognise it from the site's own files:

=========  ==============================================  ========================
generator  folder, from the site root                      URL in the post
=========  ==============================================  ========================
Jigsaw     ``source/assets/images/``                       ``/assets/images/x.png``
Jekyll     ``assets/images/`` (``images/`` if only that)   ``/assets/images/x.png``
Hugo       a page bundle (the post is ``index.md`` or      ``x.png``
           ``_index.md``): beside the post
Hugo       otherwise ``static/images/``                    ``/images/x.png``
Astro      ``src/assets/`` when it exists                  relative: ``../../assets/x.png``
Astro      else ``public/images/`` if it exists, else      ``/images/x.png``, ``/x.png``
           ``public/``
Eleventy   ``img/`` (``src/img/`` if only that exists)     ``/img/x.png``
any other  beside the post                                 ``x.png``
=========  ==============================================  ========================

A site's ``masthead.toml`` overrides it: ``[images] folder = "static/uploads"`` (from
the site root, inside it) and ``url = "/uploads"`` (the prefix the site serves that
folder at). A folder without a url is served at ``/`` plus the folder, less a leading
``source/``, ``static/`` or ``public/``; a url without a folder applies to the
generator's folder.

**Names.** A file keeps its name, made safe for a Markdown URL (spaces and other
punctuation become ``-``, the suffix lowercase). Pasted image data is a PNG named from
the post's slug: ``<slug>-1.png``, ``<slug>-2.png``… Nothing is ever overwritten: a
taken name gets a suffix (``x-2.png``, ``x-3.png``), except that a file already there
with the very same bytes is reused, so dropping the same picture twice links one copy.

**Other files** (a PDF, a zip) are copied to the same place and linked with their
name as the text: ``[report.pdf](/assets/images/report.pdf)``. A link to a file
outside the site would not be published, so it is always copied.

`plan_file` and `plan_data` decide without writing; `store_file` and `store_data` write
through `editor.core.platform.new_files` (which refuses to replace a file, so a name
taken between the plan and the write is planned again).
"""

from __future__ import annotations

import filecmp
import logging
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from editor.core.errors import PostError, WriteError
from editor.core.platform.new_files import create_new
from editor.core.post.newpost import slugify
from editor.core.site.config_files import SITE_SETTINGS_FILE, site_settings
from editor.core.site.confinement import is_within
from editor.core.site.dialect import GENERATOR_RULES, detect
from editor.core.site.layout import IMAGE_SUFFIXES, find_site_root
from editor.core.site.records import PostRecord
from editor.core.site.url_slug import slug_of

log = logging.getLogger(__name__)

# Folders a generator serves at the site's "/": left out of a url made from a folder.
SERVED_FROM = ("source", "static", "public")
BUNDLE_STEMS = ("index", "_index")
MAX_TRIES = 10_000


@dataclass(frozen=True)
class ImagePlace:
    """Where a site keeps a post's images, and how a post links to them."""

    folder: Path
    url_prefix: str | None
    """Joined to the file name with "/"; None: a URL relative to the post's folder."""
    rule: str
    """Which rule chose it, for the status bar: "Jigsaw", "Hugo page bundle"…"""


@dataclass(frozen=True)
class ImportPlan:
    """One file to bring in: where it goes, the URL the post uses, the text to show."""

    target: Path
    url: str
    text: str
    """The default alt text (an image) or the link text (any other file)."""
    is_image: bool
    reuse: bool
    """A file with the same bytes is already at ``target``: nothing is written."""

    def markdown(self, text: str | None = None) -> str:
        """``![alt](url)`` for an image, ``[name](url)`` for another file."""
        shown = escape_text(self.text if text is None else text)
        return f"{'!' if self.is_image else ''}[{shown}]({markdown_url(self.url)})"


# -- the place ---------------------------------------------------------------------------


def site_generator(root: Path | None) -> str | None:
    """The site's generator as the dialect rules recognise it ("Hugo", "Jekyll"…), or the
    one ``masthead.toml``'s ``[preview] dialect`` names when none is recognised."""
    if root is None:
        return None
    for rule in GENERATOR_RULES:
        found = rule(root)
        if found is not None:
            return found.generator
    chosen = detect(root)
    return chosen.generator if chosen.source == SITE_SETTINGS_FILE else None


def place_for(post_path: str | os.PathLike) -> ImagePlace:
    """`image_place` for a post on disk: its site root, generator and settings found."""
    post = Path(os.path.abspath(os.fspath(post_path)))
    root = find_site_root(post)
    return image_place(post, root, site_generator(root), site_settings(root))


def image_place(
    post_path: Path, root: Path | None, generator: str | None, config: Mapping[str, Any]
) -> ImagePlace:
    """Where the post's images go (see the module docstring)."""
    place = _convention(post_path, root, generator)
    settings = config.get("images") if isinstance(config, Mapping) else None
    if root is None or not isinstance(settings, Mapping):
        return place
    folder, url = settings.get("folder"), settings.get("url")
    if folder is not None:
        chosen = _override_folder(root, folder)
        if chosen is not None:
            place = ImagePlace(chosen, _served_url(root, chosen), SITE_SETTINGS_FILE)
    if url is not None:
        if isinstance(url, str) and url.strip():
            place = replace(place, url_prefix=url.strip(), rule=SITE_SETTINGS_FILE)
        else:
            log.warning("%s: [images] url should be a text, not %r", root / SITE_SETTINGS_FILE, url)
    return place


def _convention(post: Path, root: Path | None, generator: str | None) -> ImagePlace:
    beside = ImagePlace(post.parent, None, "beside the post")
    if root is None or not is_within(post, root):
        return beside
    if generator == "Jigsaw":
        return ImagePlace(root / "source/assets/images", "/assets/images", "Jigsaw")
    if generator == "Jekyll":
        folder = "images" if _only(root, "images", "assets/images") else "assets/images"
        return ImagePlace(root / folder, f"/{folder}", "Jekyll")
    if generator == "Hugo":
        if post.stem in BUNDLE_STEMS:
            return ImagePlace(post.parent, None, "Hugo page bundle")
        return ImagePlace(root / "static/images", "/images", "Hugo")
    if generator == "Astro":
        if (root / "src/assets").is_dir():
            return ImagePlace(root / "src/assets", None, "Astro")
        if (root / "public/images").is_dir():
            return ImagePlace(root / "public/images", "/images", "Astro")
        return ImagePlace(root / "public", "", "Astro")
    if generator == "Eleventy":
        folder = "src/img" if _only(root, "src/img", "img") else "img"
        return ImagePlace(root / folder, "/img", "Eleventy")
    return beside


def _only(root: Path, wanted: str, instead_of: str) -> bool:
    """True when the site has the folder ``wanted`` and not ``instead_of``."""
    return (root / wanted).is_dir() and not (root / instead_of).is_dir()


def _override_folder(root: Path, folder: Any) -> Path | None:
    source = root / SITE_SETTINGS_FILE
    if not isinstance(folder, str) or not folder.strip():
        log.warning("%s: [images] folder should be a text, not %r", source, folder)
        return None
    chosen = root / folder.strip()
    if Path(folder.strip()).is_absolute() or not is_within(chosen, root):
        log.warning("%s: [images] folder %r is outside the site; not used", source, folder)
        return None
    return chosen


def _served_url(root: Path, folder: Path) -> str:
    parts = folder.relative_to(root).parts
    if parts and parts[0] in SERVED_FROM:
        parts = parts[1:]
    return "/" + "/".join(parts) if parts else ""


# -- names --------------------------------------------------------------------------------


def is_image_name(name: str) -> bool:
    return Path(name).suffix.lower() in IMAGE_SUFFIXES


def safe_name(name: str) -> str:
    """A file name a Markdown URL can hold as it is: ``My photo (1).JPG`` → ``My-photo-1.jpg``."""
    path = Path(name)
    stem, suffix = (path.stem, path.suffix) if path.stem else (path.name, "")
    stem = re.sub(r"[^\w.-]+", "-", stem).strip("-.") or "file"
    suffix = re.sub(r"[^\w]+", "", suffix).lower()
    return f"{stem}.{suffix}" if suffix else stem


def alt_from_name(name: str) -> str:
    """Alt text made from a file name: ``sunset_over-the-bay.jpg`` → ``sunset over the bay``."""
    stem = Path(name).stem if Path(name).suffix else name
    return re.sub(r"[\s_.-]+", " ", stem).strip()


def post_slug(post_path: Path, metadata: Mapping[str, Any], root: Path | None = None) -> str:
    """The post's slug as the site checks see it, made safe for a file name."""
    try:
        rel = post_path.relative_to(root).as_posix() if root is not None else post_path.name
    except ValueError:
        rel = post_path.name
    record = PostRecord(path=str(post_path), rel=rel, size=0, mtime_ns=0, metadata=dict(metadata))
    return slugify(slug_of(record).rsplit("/", 1)[-1], max_length=40)


def _names(name: str) -> Iterator[str]:
    """``x.png``, ``x-2.png``, ``x-3.png``…"""
    yield name
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    for number in range(2, MAX_TRIES):
        yield f"{stem}-{number}{dot}{suffix}"


def _pasted_names(slug: str, suffix: str) -> Iterator[str]:
    """``<slug>-1.png``, ``<slug>-2.png``…"""
    for number in range(1, MAX_TRIES):
        yield f"{slug}-{number}{suffix}"


# -- planning ------------------------------------------------------------------------------


def url_for(place: ImagePlace, post_path: Path, target: Path) -> str:
    """The URL the post uses for ``target`` in ``place``."""
    if place.url_prefix is None:
        return Path(os.path.relpath(target, post_path.parent)).as_posix()
    return f"{place.url_prefix.rstrip('/')}/{target.name}"


def _plan(
    place: ImagePlace,
    post_path: Path,
    names: Iterator[str],
    same: Callable[[Path], bool],
    text: Callable[[str], str],
    is_image: bool,
) -> ImportPlan:
    for name in names:
        target = place.folder / name
        exists = target.exists() or target.is_symlink()
        if exists and not (target.is_file() and same(target)):
            continue
        url = url_for(place, post_path, target)
        return ImportPlan(target, url, text(name), is_image, reuse=exists)
    raise WriteError(f"no free name for a file in {place.folder}", path=place.folder)


def plan_file(place: ImagePlace, post_path: Path, source: Path) -> ImportPlan:
    """Where the file ``source`` goes (its own name, or the first free suffix)."""
    if not source.is_file():
        raise PostError(f"not a file: {source}", path=source)
    image = is_image_name(source.name)

    def same(existing: Path) -> bool:
        try:
            return existing.samefile(source) or filecmp.cmp(existing, source, shallow=False)
        except OSError:
            return False

    text = alt_from_name(source.name) if image else source.name
    return _plan(place, post_path, _names(safe_name(source.name)), same, lambda _n: text, image)


def plan_data(
    place: ImagePlace, post_path: Path, data: bytes, slug: str, suffix: str = ".png"
) -> ImportPlan:
    """Where pasted image data goes: ``<slug>-N.png``, the first N free."""

    def same(existing: Path) -> bool:
        try:
            return existing.stat().st_size == len(data) and existing.read_bytes() == data
        except OSError:
            return False

    return _plan(place, post_path, _pasted_names(slug, suffix), same, alt_from_name, True)


# -- writing ---------------------------------------------------------------------------


def store_file(place: ImagePlace, post_path: Path, source: Path) -> ImportPlan:
    """Copy ``source`` into ``place`` (or reuse its twin there); the plan that was carried out."""
    return _store(
        lambda: plan_file(place, post_path, source), lambda t: create_new(t, source=source)
    )


def store_data(
    place: ImagePlace, post_path: Path, data: bytes, slug: str, suffix: str = ".png"
) -> ImportPlan:
    """Write pasted image data into ``place`` (or reuse its twin there)."""
    return _store(
        lambda: plan_data(place, post_path, data, slug, suffix), lambda t: create_new(t, data=data)
    )


def _store(plan: Callable[[], ImportPlan], write: Callable[[Path], None]) -> ImportPlan:
    for _attempt in range(MAX_TRIES):
        chosen = plan()
        if chosen.reuse:
            return chosen
        try:
            chosen.target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = error.strerror or str(error)
            raise WriteError(
                f"cannot create the folder: {reason}", path=chosen.target.parent
            ) from error
        try:
            write(chosen.target)
        except FileExistsError:
            log.info("%s appeared while copying; choosing another name", chosen.target)
            continue
        return chosen
    raise WriteError("no free name for the file")


# -- Markdown ------------------------------------------------------------------------------


def escape_text(text: str) -> str:
    """Link or alt text that cannot close its brackets early."""
    text = " ".join(text.split())
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def markdown_url(url: str) -> str:
    """A link destination: in ``<…>`` when it holds spaces or parentheses."""
    if re.search(r"[\s()<>]", url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def fit_into_line(line: str, column: int, snippet: str, *, to_word_end: bool) -> tuple[int, str]:
    """Where in ``line`` to insert ``snippet`` and the text to insert there.

    ``to_word_end`` moves a column inside a word to that word's end (a drop lands between
    words, never inside one); then a space is added on each side that touches text.
    """
    column = max(0, min(column, len(line)))
    if to_word_end:
        while (
            0 < column < len(line) and not line[column - 1].isspace() and not line[column].isspace()
        ):
            column += 1
    before = " " if column > 0 and not line[column - 1].isspace() else ""
    after = " " if column < len(line) and not line[column].isspace() else ""
    return column, f"{before}{snippet}{after}"

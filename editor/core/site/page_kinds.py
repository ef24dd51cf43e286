"""Which files of a site are posts: section and list pages, other pages and translations.

``classify(rels)`` looks at the relative paths of a site's post files (posix) and gives
each a ``PageInfo``: its kind, its language and its translation key. It reads no file.

Kinds:

* ``list``: a section or list page, not a post: Hugo's and Zola's ``_index.md``
  (``_index.ja.md`` too); an ``index.md`` whose folder also holds other posts or
  subfolders with posts (a listing); a page in a taxonomy collection (Jigsaw's
  ``_categories/``, ``_tags/``, ``_authors/``).
* ``page``: a page of the site that is not a post: under a ``pages`` or ``_pages``
  folder, or a ``404`` page.
* ``post``: everything else (a Hugo leaf bundle's ``index.md`` alone in its folder is a
  post).

Translations: a language before the suffix (``index.ja.md``, ``post.fr.md``,
``_index.zh-hant-tw.md``) or a language folder (``/zh/``: a folder named like a
language next to at least one other such folder, as in ``content/en/`` and
``content/ja/``). Files whose paths are equal once the language is taken out share a
``translation_key``: they are translations of one another, not duplicates. A
language is an ISO 639-1 code, optionally followed by subtags (``pt-br``, ``zh-hant-tw``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

POST = "post"
LIST = "list"
PAGE = "page"
KINDS = (POST, LIST, PAGE)

TAXONOMY_FOLDERS = frozenset({"_categories", "_tags", "_authors"})
PAGE_FOLDERS = frozenset({"pages", "_pages"})
PAGE_STEMS = frozenset({"404"})

# ISO 639-1 language codes.
LANGUAGES = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs
    cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he
    hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr
    ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng
    nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk
    sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz
    ve vi vo wa wo xh yi yo za zh zu""".split()
)
_LANGUAGE = re.compile(r"([a-z]{2})((?:[-_][a-z0-9]{2,8}){0,3})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageInfo:
    kind: str  # POST, LIST or PAGE
    language: str | None  # "ja", "zh-hant-tw"; None when the path names none
    translation_key: str  # the path with its language taken out

    @property
    def is_post(self) -> bool:
        return self.kind == POST


def is_language(text: str) -> bool:
    """Whether text names a language (``ja``, ``pt-BR``, ``zh-hant-tw``)."""
    match = _LANGUAGE.fullmatch(text)
    return match is not None and match.group(1).lower() in LANGUAGES


def split_name(name: str) -> tuple[str, str | None, str]:
    """A file name as (stem, language or None, suffix): ``index.ja.md`` ->
    ("index", "ja", ".md")."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        return name, None, ""
    base, dot2, maybe = stem.rpartition(".")
    if dot2 and base and is_language(maybe):
        return base, maybe.lower(), "." + suffix
    return stem, None, "." + suffix


def _language_folders(folders: Iterable[str]) -> dict[str, frozenset[str]]:
    """Per parent folder, its subfolders named like a language, where there are two or more."""
    children: dict[str, set[str]] = defaultdict(set)
    for folder in folders:
        parts = folder.split("/") if folder else []
        for depth, part in enumerate(parts):
            if is_language(part):
                children["/".join(parts[:depth])].add(part)
    return {parent: frozenset(names) for parent, names in children.items() if len(names) >= 2}


def classify(rels: Iterable[str]) -> dict[str, PageInfo]:
    """Each relative path's PageInfo (see the module docstring)."""
    by_folder: dict[str, list[tuple[str, str, str | None, str]]] = defaultdict(list)
    for rel in rels:
        folder, _, name = rel.rpartition("/")
        by_folder[folder].append((rel, *split_name(name)))
    language_folders = _language_folders(by_folder)
    has_subfolder_posts: set[str] = set()  # folders with a post file in a subfolder
    for folder in by_folder:
        parts = folder.split("/") if folder else []
        has_subfolder_posts.update("/".join(parts[:depth]) for depth in range(len(parts)))
    infos = {}
    for folder, files in by_folder.items():
        parts = folder.split("/") if folder else []
        folder_language = None
        key_parts = []
        for depth, part in enumerate(parts):
            if part in language_folders.get("/".join(parts[:depth]), ()):
                folder_language = folder_language or part.lower()
                key_parts.append("{language}")
            else:
                key_parts.append(part)
        key_folder = "/".join(key_parts) + "/" if key_parts else ""
        stems = {stem for _, stem, _, _ in files}
        listing = len(stems) > 1 or folder in has_subfolder_posts
        taxonomy = any(part in TAXONOMY_FOLDERS for part in parts)
        pages = any(part in PAGE_FOLDERS for part in parts)
        for rel, stem, language, suffix in files:
            if stem == "_index" or taxonomy or (stem == "index" and listing):
                kind = LIST
            elif pages or stem in PAGE_STEMS:
                kind = PAGE
            else:
                kind = POST
            infos[rel] = PageInfo(kind, language or folder_language, key_folder + stem + suffix)
    return infos


def translated_copies(infos: dict[str, PageInfo]) -> set[str]:
    """The files that translate another file of the site: in each group sharing a
    translation key, every file but the original. The original is the one without a
    language (``post.md`` beside ``post.fr.md``), else the one in the site's most used
    language (``content/en/`` beside ``content/ja/``). A file alone in its group is
    nobody's translation. Translations are not held to the posts' common and required
    fields: a generator fills what a translation leaves out from the original, or shows
    it as the translator wrote it."""
    groups: dict[str, list[str]] = defaultdict(list)
    for rel, info in infos.items():
        groups[info.translation_key].append(rel)
    usage = Counter(info.language for info in infos.values() if info.language)
    copies: set[str] = set()
    for rels in groups.values():
        if len(rels) < 2:
            continue
        original = min(
            rels,
            key=lambda rel: (
                infos[rel].language is not None,
                -usage[infos[rel].language or ""],
                infos[rel].language or "",
                rel,
            ),
        )
        copies.update(rel for rel in rels if rel != original)
    return copies

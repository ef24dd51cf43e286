"""Making rendered post HTML safe to show: no script, no navigation, no silent network.

`sanitize_html` re-serialises the HTML through the stdlib parser, keeping only an
allow-list of tags and attributes.  It drops script-capable and embedding elements with
their content, every ``on*`` handler, URLs with schemes other than http(s)/mailto/tel/
file (and data: images), forms, <base> and <meta>.  Remote images and media (http, https,
protocol-relative, in src, srcset, poster or CSS url()) become a visible placeholder
unless `allow_remote`.  Relative URLs are resolved against `base_url` (the site folder),
with root-relative paths ("/images/x.png") taken from the site folder too.

The output is always well formed: text is escaped, attributes are quoted and every
element opened in a fragment is closed in it, so fragments can be sanitised one by one.
"""

from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

from editor.core.render.link_policy import LOAD_REMOTE_URL
from editor.core.site import layout as sitepaths
from editor.core.site.confinement import resolve_site_file

ALLOWED_TAGS = frozenset(
    """a abbr acronym address article aside b bdi bdo blockquote br caption cite code col
    colgroup dd del details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6
    header hr i img ins kbd li main mark nav ol p picture pre q rp rt ruby s samp section
    small source span strike strong sub summary sup table tbody td tfoot th thead time tr
    tt u ul var wbr audio video track""".split()
)
VOID_TAGS = frozenset("br col hr img source track wbr".split())
# Dropped together with everything inside them.
DROPPED_WITH_CONTENT = frozenset(
    """script style iframe frame frameset object embed applet noscript noembed noframes
    template textarea select option optgroup button input math svg title head meta link
    base canvas dialog portal xmp plaintext param datalist""".split()
)
GLOBAL_ATTRIBUTES = frozenset(
    "id class title lang dir style align hidden role translate tabindex".split()
)
TAG_ATTRIBUTES = {
    "a": {"href", "name", "rel", "hreflang", "type"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "source": {"src", "srcset", "sizes", "type", "media", "width", "height"},
    "video": {"src", "poster", "controls", "width", "height", "loop", "muted", "preload"},
    "audio": {"src", "controls", "loop", "muted", "preload"},
    "track": {"src", "kind", "label", "srclang", "default"},
    "td": {"colspan", "rowspan", "headers", "valign"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr", "valign"},
    "col": {"span", "width"},
    "colgroup": {"span", "width"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "details": {"open"},
    "abbr": {"title"},
    "table": {"summary", "width", "border", "cellpadding", "cellspacing"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite"})
# Attributes whose URL the page would fetch by itself (as opposed to links).
FETCHED_ATTRIBUTES = frozenset({"src", "poster", "srcset"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel", "file"})
FETCH_SCHEMES = frozenset({"http", "https", "file"})
SAFE_DATA_IMAGE = re.compile(r"^data:image/(?:png|jpe?g|gif|webp|avif|bmp|x-icon);", re.I)

_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_CSS_FORBIDDEN = re.compile(
    r"expression|javascript|vbscript|@import|behavior|-moz-binding|\\", re.I
)

PLACEHOLDER_CLASS = "mh-remote-blocked"


def sanitize_html(
    fragment: str,
    *,
    base_url: str | None = None,
    allow_remote: bool = False,
    page_url: str | None = None,
) -> str:
    """The safe rendering of an HTML fragment (see the module docstring for the rules)."""
    sanitizer = _Sanitizer(base_url, allow_remote, page_url)
    sanitizer.feed(fragment)
    sanitizer.close()
    return sanitizer.result()


def is_remote_url(url: str) -> bool:
    cleaned = _INVISIBLE.sub("", url)
    if cleaned.startswith(("//", "\\\\", "/\\", "\\/")):
        return True
    match = _SCHEME.match(cleaned)
    return bool(match) and match.group(1).lower() in {"http", "https", "ftp", "ws", "wss"}


def resolve_url(url: str, base_url: str | None, page_url: str | None = None) -> str:
    """`url` made absolute against the site folder `base_url` (unchanged without one).

    A local file the site has is found as the generators would find it (root-relative
    paths in ``source/``, ``static/``…, relative ones beside the post in `page_url`,
    see ``editor.core.site.layout``); anything else is joined to the site folder.
    """
    cleaned = url.strip()
    if not base_url or not cleaned or cleaned.startswith("#") or _SCHEME.match(cleaned):
        return cleaned
    if cleaned.startswith("//"):
        return cleaned
    found = _local_file(cleaned, base_url, page_url)
    if found is not None:
        return found
    site = base_url if base_url.endswith("/") else base_url + "/"
    return urljoin(site, cleaned.lstrip("/") if cleaned.startswith("/") else cleaned)


def _local_file(ref: str, base_url: str, page_url: str | None) -> str | None:
    if not base_url.startswith("file:"):
        return None
    root = url2pathname(urlsplit(base_url).path)
    page = (
        url2pathname(urlsplit(page_url).path) if page_url and page_url.startswith("file:") else None
    )
    path = resolve_site_file(unquote(ref), os.path.join(page, "post") if page else None, root).path
    if path is None:
        return None
    suffix = ref[len(sitepaths.clean_ref(ref)) :]  # keep ?query and #fragment
    return Path(path).absolute().as_uri() + suffix


class _Sanitizer(HTMLParser):
    def __init__(
        self, base_url: str | None, allow_remote: bool, page_url: str | None = None
    ) -> None:
        super().__init__(convert_charrefs=True)
        self._base_url = base_url
        self._page_url = page_url
        self._allow_remote = allow_remote
        self._out: list[str] = []
        self._open: list[str] = []
        self._dropping: list[str] = []  # stack of dropped-with-content elements

    def result(self) -> str:
        self._out.extend(f"</{tag}>" for tag in reversed(self._open))
        self._open.clear()
        return "".join(self._out)

    # -- parser callbacks ---------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, self_closing=True)

    def handle_endtag(self, tag):
        if self._dropping:
            if tag == self._dropping[-1]:
                self._dropping.pop()
            return
        if tag not in ALLOWED_TAGS or tag in VOID_TAGS or tag not in self._open:
            return
        while self._open:
            open_tag = self._open.pop()
            self._out.append(f"</{open_tag}>")
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self._dropping:
            self._out.append(html.escape(data, quote=False))

    # Comments, doctypes, processing instructions and CDATA sections are all dropped.
    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass

    # -- elements -----------------------------------------------------------------------

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, self_closing: bool):
        if self._dropping:
            if tag == self._dropping[-1] and not self_closing and tag not in VOID_TAGS:
                self._dropping.append(tag)
            return
        if tag == "input" and _is_checkbox(attrs):  # a task list item's box, never editable
            checked = " checked" if any(n.lower() == "checked" for n, _ in attrs) else ""
            self._out.append(f'<input type="checkbox" disabled{checked}>')
            return
        if tag in DROPPED_WITH_CONTENT:
            if not self_closing and tag not in {"meta", "link", "base", "input", "param"}:
                self._dropping.append(tag)
            return
        if tag not in ALLOWED_TAGS:
            return  # unknown or unwanted wrapper (form, font, ...): keep its text only
        kept = self._clean_attributes(tag, attrs)
        if kept is None:
            self._out.append(self._placeholder(tag, attrs))
            return
        rendered = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in kept)
        self._out.append(f"<{tag}{rendered}>")
        if tag not in VOID_TAGS:
            if self_closing:
                self._out.append(f"</{tag}>")
            else:
                self._open.append(tag)

    def _clean_attributes(self, tag, attrs) -> list[tuple[str, str]] | None:
        """Allowed attributes with safe values; None when the element must be replaced."""
        allowed = GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, set())
        kept: list[tuple[str, str]] = []
        for name, value in attrs:
            name = name.lower()
            value = value or ""
            if name.startswith("on") or (name not in allowed and not _is_data_attribute(name)):
                continue
            if name == "style":
                value = self._clean_style(value)
                if value is None:
                    continue
            elif name == "srcset":
                value = self._clean_srcset(value)
                if value is None:
                    if tag == "img" and not any(n == "src" for n, _ in attrs):
                        return None
                    continue
            elif name in URL_ATTRIBUTES:
                if name in FETCHED_ATTRIBUTES and is_remote_url(value) and not self._allow_remote:
                    if tag == "img":
                        return None
                    continue
                value = self._clean_url(value, fetched=name in FETCHED_ATTRIBUTES)
                if value is None:
                    continue
            kept.append((name, value))
        if tag == "a":
            kept.append(("rel", "noopener noreferrer"))
            kept = _last_wins(kept)
        return kept

    def _clean_url(self, url: str, *, fetched: bool) -> str | None:
        cleaned = _INVISIBLE.sub("", url)
        match = _SCHEME.match(cleaned)
        if match:
            scheme = match.group(1).lower()
            if scheme == "data":
                return url.strip() if fetched and SAFE_DATA_IMAGE.match(cleaned) else None
            if scheme not in (FETCH_SCHEMES if fetched else LINK_SCHEMES):
                return None
            return url.strip()
        if cleaned.startswith(("\\", "/\\")):
            return None
        return resolve_url(url, self._base_url, self._page_url)

    def _clean_srcset(self, srcset: str) -> str | None:
        candidates = []
        for candidate in srcset.split(","):
            parts = candidate.strip().split(None, 1)
            if not parts:
                continue
            if is_remote_url(parts[0]) and not self._allow_remote:
                return None
            url = self._clean_url(parts[0], fetched=True)
            if url is None:
                return None
            candidates.append(" ".join([url, *parts[1:]]))
        return ", ".join(candidates) if candidates else None

    def _clean_style(self, style: str) -> str | None:
        if _CSS_FORBIDDEN.search(style):
            return None

        def replace(match: re.Match[str]) -> str:
            url = match.group(2)
            if is_remote_url(url) and not self._allow_remote:
                return "none"
            cleaned = self._clean_url(url, fetched=True)
            return "none" if cleaned is None else f'url("{cleaned}")'

        return _CSS_URL.sub(replace, style)

    def _placeholder(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        values = {name.lower(): value or "" for name, value in attrs}
        source = values.get("src") or values.get("srcset", "").split(" ")[0]
        alt = values.get("alt", "")
        host = urlsplit(_INVISIBLE.sub("", source) if source.strip() else "").hostname or "remote"
        label = f"Remote image from {host} not loaded" + (f": {alt}" if alt else "")
        title = f"Click to load remote images for this site. {source}"
        # A link to the preview itself (link_policy.LOAD_REMOTE_URL): a click allows them.
        return (
            f'<a class="{PLACEHOLDER_CLASS}" href="{LOAD_REMOTE_URL}" '
            f'title="{html.escape(title, quote=True)}">'
            f"{html.escape(label, quote=False)} — click to load</a>"
        )


def _is_data_attribute(name: str) -> bool:
    return name.startswith(("data-", "aria-")) and re.fullmatch(r"[a-z0-9_.:-]+", name) is not None


def _last_wins(attributes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    merged = dict(attributes)
    return list(merged.items())


def _is_checkbox(attrs: list[tuple[str, str | None]]) -> bool:
    return any(n.lower() == "type" and (v or "").lower() == "checkbox" for n, v in attrs)

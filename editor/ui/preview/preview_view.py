"""The preview pane: shows what `PreviewController` renders, and nothing from the network.

With QtWebEngine, the page runs no script of its own (JavaScript is off for the main
world; our DOM patches and scrolling run only through ``runJavaScript`` in the isolated
application world), every request other than data: and file:// inside the site folder
is blocked (remote http(s) only when allowed), and the page never navigates: a clicked
link goes to the injected `link_opener` (the desktop browser by default) when it is
http, https or mailto, and any other only after `confirm_link` (the prompter) says yes.  Without
QtWebEngine it falls back to a QTextBrowser, which never runs script, behind the same
interface.  The scroll position survives updates, and `scroll_to_line` follows the
editor using the blocks' ``data-line`` markers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QStackedLayout, QTextBrowser, QWidget

from editor.core.render.link_policy import confirmation_question, opens_without_asking
from editor.core.site.confinement import is_site_file
from editor.session.preview import PreviewController, PreviewUpdate

try:
    from PySide6.QtWebEngineCore import (
        QWebEnginePage,
        QWebEngineProfile,
        QWebEngineScript,
        QWebEngineSettings,
        QWebEngineUrlRequestInterceptor,
    )
    from PySide6.QtWebEngineWidgets import QWebEngineView
except ImportError:  # pragma: no cover - depends on the installation
    QWebEngineView = None

LinkOpener = Callable[[QUrl], object]
# Asked (title, question) before a link that is not http, https or mailto is opened.
LinkConfirm = Callable[[str, str], bool]


def _refuse(_title: str, _question: str) -> bool:
    return False


# Keyed reconciliation of the body's blocks; runs in the isolated world, where the DOM
# is shared with the page but the page's (disabled) script is not.
_PATCH_SCRIPT = """
(function (patch) {
  const body = document.getElementById('mh-body');
  if (!body) { return false; }
  const existing = new Map();
  for (const el of Array.from(body.children)) {
    if (el.dataset && el.dataset.key) { existing.set(el.dataset.key, el); }
  }
  const keep = new Set(patch.order);
  for (const [key, el] of existing) { if (!keep.has(key)) { el.remove(); } }
  let previous = null;
  patch.order.forEach(function (key, index) {
    let el = existing.get(key);
    if (key in patch.html) {
      const fresh = document.createElement('div');
      fresh.className = 'mh-block';
      fresh.dataset.key = key;
      fresh.innerHTML = patch.html[key];
      if (el) { el.replaceWith(fresh); }
      el = fresh;
    }
    el.dataset.line = String(patch.lines[index]);
    const expected = previous ? previous.nextElementSibling : body.firstElementChild;
    if (expected !== el) { body.insertBefore(el, expected); }
    previous = el;
  });
  return true;
})(%s)
"""

_SCROLL_TO_LINE_SCRIPT = """
(function (line) {
  let target = null;
  for (const el of document.querySelectorAll('#mh-body > .mh-block')) {
    if (Number(el.dataset.line) <= line) { target = el; } else { break; }
  }
  if (target) { target.scrollIntoView({block: 'start'}); }
  else { window.scrollTo(0, 0); }
  return target ? Number(target.dataset.line) : 0;
})(%d)
"""

_SCROLL_TO_ANCHOR_SCRIPT = """
(function (id) {
  const el = document.getElementById(id);
  if (el) { el.scrollIntoView({block: 'start'}); }
  return !!el;
})(%s)
"""


def webengine_available() -> bool:
    return QWebEngineView is not None


class PreviewView(QWidget):
    """Shows the controller's renders; see the module docstring for the safety rules."""

    updated = Signal()
    """Emitted when an update is on screen (page loaded or patch applied)."""

    def __init__(
        self,
        controller: PreviewController,
        *,
        link_opener: LinkOpener = QDesktopServices.openUrl,
        confirm_link: LinkConfirm = _refuse,
        use_webengine: bool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._link_opener = link_opener
        self._confirm_link = confirm_link
        self._last_update: PreviewUpdate | None = None
        layout = QStackedLayout(self)
        if use_webengine is None:
            use_webengine = webengine_available()
        if use_webengine and webengine_available():
            self._backend: _Backend = _WebEngineBackend(self, self._open_link, self.updated)
        else:
            self._backend = _TextBrowserBackend(self, self._open_link, self.updated)
        layout.addWidget(self._backend.widget)
        controller.set_full_pages(not self.uses_webengine)  # QTextBrowser cannot be patched
        self._site = (controller.base_url, controller.allow_remote)
        self._backend.set_site(*self._site)
        controller.rendered.connect(self._show)

    @property
    def uses_webengine(self) -> bool:
        return isinstance(self._backend, _WebEngineBackend)

    @property
    def blocked_requests(self) -> list[str]:
        """URLs refused since the view was made (WebEngine only; for diagnostics)."""
        return list(getattr(self._backend, "blocked", []))

    @property
    def web_page(self):
        """The QWebEnginePage shown (None with the QTextBrowser fallback)."""
        return getattr(self._backend, "page", None)

    @property
    def text_browser(self) -> QTextBrowser | None:
        """The fallback QTextBrowser (None when QtWebEngine is used)."""
        return getattr(self._backend, "browser", None)

    def request_allowed(self, url: QUrl) -> bool:
        """Whether the request guard would let the page fetch `url` (WebEngine only)."""
        guard = getattr(self._backend, "guard", None)
        return guard.allows(url) if guard is not None else False

    def set_allow_remote(self, allow: bool) -> None:
        self._site = (self._controller.base_url, allow)
        self._backend.set_site(*self._site)
        self._controller.set_allow_remote(allow)

    def scroll_to_line(self, line: int) -> None:
        """Scroll so the block holding body line `line` (1-based) is at the top."""
        self._backend.scroll_to_line(line, self._last_update)

    def show_page_html(self, page_html: str) -> None:
        """Show a complete page as is (the same protections apply; used by tests)."""
        self._backend.load(page_html, self._controller.base_url)

    def _show(self, update: PreviewUpdate) -> None:
        self._last_update = update
        site = (self._controller.base_url, self._controller.allow_remote)
        if site != self._site:  # resolving the folder costs file-system calls: only on change
            self._site = site
            self._backend.set_site(*site)
        self._backend.show(update, self._controller.base_url)

    def _open_link(self, url: QUrl) -> None:
        """http, https and mailto go to the opener; any other scheme (file: too) only
        after the user, shown the full target, says yes (editor.core.render.link_policy)."""
        if not opens_without_asking(url.scheme()):
            target = url.toString()
            if url.isLocalFile():
                target = f"{target}\n({url.toLocalFile()})"
            if not self._confirm_link("Open this link?", confirmation_question(target)):
                return
        self._link_opener(url)


class _Backend:
    widget: QWidget

    def set_site(self, base_url: str | None, allow_remote: bool) -> None: ...

    def show(self, update: PreviewUpdate, base_url: str | None) -> None: ...

    def load(self, page_html: str, base_url: str | None) -> None: ...

    def scroll_to_line(self, line: int, update: PreviewUpdate | None) -> None: ...


class _RequestGuard(QWebEngineUrlRequestInterceptor if QWebEngineView else object):
    """Lets through data:, file:// inside the site folder, and http(s) only when allowed."""

    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.site_folder: Path | None = None
        self.allow_remote = False
        self.blocked: list[str] = []

    def interceptRequest(self, info) -> None:  # noqa: N802 - Qt override
        url = info.requestUrl()
        if not self.allows(url):
            info.block(True)
            if len(self.blocked) < 1000:
                self.blocked.append(url.toString())

    def allows(self, url: QUrl) -> bool:
        scheme = url.scheme()
        if scheme == "data":
            return True
        if scheme == "file":
            if self.site_folder is None:
                return False
            # Inside the site, and never a FIFO or device (reading one would hang).
            return is_site_file(url.toLocalFile(), self.site_folder)
        return scheme in ("http", "https") and self.allow_remote


class _Page(QWebEnginePage if QWebEngineView else object):
    """Refuses every navigation except our own loads; clicked links go to the opener."""

    def __init__(self, profile, parent, open_link: Callable[[QUrl], None]) -> None:
        super().__init__(profile, parent)
        self._open_link = open_link
        self.own_loads = 0
        self.base_url = QUrl()

    def acceptNavigationRequest(self, url, navigation_type, is_main_frame):  # noqa: N802
        own_load_types = (QWebEnginePage.NavigationTypeTyped, QWebEnginePage.NavigationTypeOther)
        if self.own_loads > 0 and navigation_type in own_load_types and url.scheme() == "data":
            self.own_loads -= 1  # setHtml loads as a data: URL
            return True
        if navigation_type == QWebEnginePage.NavigationTypeLinkClicked:
            if url.hasFragment() and _without_fragment(url) == self.base_url:
                self.runJavaScript(
                    _SCROLL_TO_ANCHOR_SCRIPT % json.dumps(url.fragment()),
                    QWebEngineScript.ApplicationWorld,
                )
            else:
                self._open_link(url)
        return False

    def createWindow(self, _type):  # noqa: N802 - no pop-ups, ever
        return None

    def javaScriptConsoleMessage(self, *_args):  # noqa: N802 - keep page noise out of logs
        pass


_KEEP_WEBENGINE_WRAPPERS: list[tuple] = []


class _WebEngineBackend(_Backend):
    def __init__(self, owner: QWidget, open_link: Callable[[QUrl], None], updated) -> None:
        self._updated = updated
        profile = QWebEngineProfile()  # off the record: no disk cache, no cookies
        self.guard = _RequestGuard(profile)
        profile.setUrlRequestInterceptor(self.guard)
        self.view = QWebEngineView(owner)
        self.page = _Page(profile, self.view, open_link)
        # The profile must outlive its page: as the page's child it is deleted after it.
        profile.setParent(self.page)
        settings = self.page.settings()
        settings.setAttribute(QWebEngineSettings.JavascriptEnabled, False)
        settings.setAttribute(QWebEngineSettings.JavascriptCanOpenWindows, False)
        settings.setAttribute(QWebEngineSettings.LocalContentCanAccessRemoteUrls, False)
        settings.setAttribute(QWebEngineSettings.LocalContentCanAccessFileUrls, True)
        settings.setAttribute(QWebEngineSettings.PluginsEnabled, False)
        settings.setAttribute(QWebEngineSettings.AutoLoadIconsForPage, False)
        self.view.setPage(self.page)
        self.widget = self.view
        # Qt owns and deletes these in its own order (page before profile); a Python
        # garbage collection must never be the one to free one of them.
        _KEEP_WEBENGINE_WRAPPERS.append((profile, self.guard, self.page, self.view))
        self._loading = False
        self._pending_patches: list[PreviewUpdate] = []
        self._restore_scroll = None
        self.page.loadFinished.connect(self._load_finished)

    @property
    def blocked(self) -> list[str]:
        return self.guard.blocked

    def set_site(self, base_url: str | None, allow_remote: bool) -> None:
        folder = QUrl(base_url).toLocalFile() if base_url else ""
        self.guard.site_folder = Path(folder).resolve() if folder else None
        self.guard.allow_remote = allow_remote
        # Off unless the user allows remote content; the guard still vets every request.
        self.page.settings().setAttribute(
            QWebEngineSettings.LocalContentCanAccessRemoteUrls, allow_remote
        )

    def show(self, update: PreviewUpdate, base_url: str | None) -> None:
        if update.patch is None:
            self.load(update.page_html, base_url)
            return
        if self._loading:
            self._pending_patches.append(update)  # each builds on the one before
            return
        self._patch(update)

    def _patch(self, update: PreviewUpdate) -> None:
        payload = json.dumps(
            {"order": update.patch.order, "lines": update.patch.lines, "html": update.patch.html}
        )
        self.page.runJavaScript(
            _PATCH_SCRIPT % payload, QWebEngineScript.ApplicationWorld, self._patched
        )

    def load(self, page_html: str, base_url: str | None) -> None:
        if not self._loading:
            position = self.page.scrollPosition()
            self._restore_scroll = (position.x(), position.y())
        self._loading = True
        self._pending_patches = []
        base = QUrl(base_url) if base_url else QUrl("file:///masthead-preview/")
        self.page.base_url = _without_fragment(base)
        self.page.own_loads += 1
        self.page.setHtml(page_html, base)

    def scroll_to_line(self, line: int, update: PreviewUpdate | None) -> None:
        self.page.runJavaScript(_SCROLL_TO_LINE_SCRIPT % line, QWebEngineScript.ApplicationWorld)

    def _load_finished(self, _ok: bool) -> None:
        self.page.own_loads = 0
        self._loading = False
        pending, self._pending_patches = self._pending_patches, []
        if self._restore_scroll and self._restore_scroll != (0.0, 0.0):
            x, y = self._restore_scroll
            self.page.runJavaScript(
                f"window.scrollTo({x}, {y});", QWebEngineScript.ApplicationWorld
            )
        if pending:  # patches that came while loading, in order; the last one signals
            for update in pending:
                self._patch(update)
            return
        self._updated.emit()

    def _patched(self, _result) -> None:
        self._updated.emit()


def _without_fragment(url: QUrl) -> QUrl:
    copy = QUrl(url)
    copy.setFragment(None)
    return copy


class _TextBrowserBackend(_Backend):
    """QTextBrowser never runs script or fetches from the network; links go to the opener."""

    def __init__(self, owner: QWidget, open_link: Callable[[QUrl], None], updated) -> None:
        self._updated = updated
        self.browser = QTextBrowser(owner)
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(lambda url: self._clicked(url, open_link))
        self.widget = self.browser
        self.blocked: list[str] = []

    def set_site(self, base_url: str | None, allow_remote: bool) -> None:
        folder = QUrl(base_url).toLocalFile() if base_url else ""
        self.browser.setSearchPaths([folder] if folder else [])

    def show(self, update: PreviewUpdate, base_url: str | None) -> None:
        self.load(update.page_html, base_url)

    def load(self, page_html: str, base_url: str | None) -> None:
        scroll = self.browser.verticalScrollBar()
        value = scroll.value()
        self.browser.setHtml(page_html)
        scroll.setValue(value)
        self._updated.emit()

    def scroll_to_line(self, line: int, update: PreviewUpdate | None) -> None:
        lines = update.block_lines if update else ()
        if not lines:
            return
        index = max((i for i, start in enumerate(lines) if start <= line), default=0)
        scroll = self.browser.verticalScrollBar()
        scroll.setValue(int(scroll.maximum() * index / max(1, len(lines) - 1)))

    def _clicked(self, url: QUrl, open_link: Callable[[QUrl], None]) -> None:
        if url.scheme() == "" and url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())
        else:
            open_link(url)
